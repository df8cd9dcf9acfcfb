"""Load the data files, and read and lay out every seed: on two cores when there are many,
and, for a build with other work to do first (MkDocs' imports and configuration), started
ahead on the second core, which loads the data files before it starts reading.

Apart from the later steps so that starting the reading imports only what reading needs: the
rest is imported while the worker reads. The data files are loaded by the worker and sent
back loaded, so that MkDocs' process never imports what loading them takes (pydantic).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from build_scripts.datacache import cached_load
from build_scripts.errors import InputError
from build_scripts.forked import MANY_ITEMS, PreparedMap, map_on_two_cores
from build_scripts.ingest.furniture import Cleaning, load_cleaning
from build_scripts.ingest.layout import EmptyArticle, layout_article
from build_scripts.ingest.seed import read_seed
from build_scripts.ingest.slugs import slugify
from build_scripts.inputs.metadata import SeedMetadata, load_metadata
from build_scripts.models import Article, Glossary
from build_scripts.paths import ProjectPaths

if TYPE_CHECKING:
    from build_scripts.annotate.notes import Notes
    from build_scripts.annotate.timeline import Timeline


@dataclass(frozen=True)
class DataFiles:
    """Every data file of the project, loaded and checked: what the steps take besides the
    seeds."""

    glossary: Glossary
    cleaning: Cleaning
    metadata: dict[str, SeedMetadata]
    notes: Notes
    timeline: Timeline


def load_data_files(paths: ProjectPaths) -> DataFiles:
    """Load and check every data file, or take the copy kept since the last build if none
    has changed (see :mod:`build_scripts.datacache`).

    Raises:
        InputError: A data file is bad; the message names the file, the line and the field.
    """
    files = [paths.glossary, paths.cleaning, paths.articles, paths.notes, paths.timeline]
    return cached_load(paths.root, files, partial(_load_data_files, paths))


def _load_data_files(paths: ProjectPaths) -> DataFiles:
    """Load and check every data file (the glossary first: the timeline's terms are its)."""
    # Imported here: the steps that take these files need not be loaded to start reading.
    from build_scripts.annotate.notes import load_notes
    from build_scripts.annotate.timeline import load_timeline
    from build_scripts.inputs.glossary import load_glossary

    glossary = load_glossary(paths.glossary)
    return DataFiles(glossary, load_cleaning(paths.cleaning), load_metadata(paths.articles),
                     load_notes(paths.notes), load_timeline(paths.timeline, glossary))


def assign_slugs(articles: list[Article]) -> list[Article]:
    """Give each article a unique address from its title (file name when the title has none)."""
    taken: set[str] = set()
    result = []
    for article in articles:
        stem = slugify(article.seed.file_name.rsplit(".", 1)[0]) or "article"
        base = slugify(article.title) or stem
        slug = base
        if slug in taken:
            slug = f"{base}-{stem}" if stem != base else base
        counter = 2
        while slug in taken:
            slug = f"{base}-{counter}"
            counter += 1
        taken.add(slug)
        result.append(replace(article, slug=slug))
    return result


# An article read from its seed, and the seed's warnings.
ArticleRead = tuple[Article, tuple[str, ...]]


@dataclass(frozen=True)
class ReadInputs:
    """The project's inputs as read: its data files, its articles and the seeds' warnings."""

    data: DataFiles
    articles: list[Article]
    warnings: list[str]


def read_article(data: DataFiles, path: Path) -> ArticleRead:
    """Read and lay out one seed by the project's cleaning rules and metadata: the article
    (its ``slug`` still to set) and the seed's warnings.

    Raises:
        InputError: The seed is bad, or nothing of it is left once furniture is removed.
    """
    seed = read_seed(path)
    meta = data.metadata.get(path.name)
    try:
        article = layout_article(
            seed,
            data.cleaning,
            meta.info if meta else None,
            meta.line_roles if meta else None,
        )
    except EmptyArticle as error:
        raise InputError(
            path,
            None,
            "every line was taken for page furniture; nothing is left to publish.",
            "Check the rules in data/cleaning.yml against this file.",
        ) from error
    return article, tuple(article.seed.warnings)  # the layout may add its own


@dataclass(frozen=True)
class _ReadingStart:
    """What the reading ahead takes first: the inputs' digest, if asked, and the data files."""

    digest: str
    data: DataFiles


def _start_reading(paths: ProjectPaths, digest: Callable[[ProjectPaths], str] | None
                   ) -> _ReadingStart:
    # The digest first, so that an input changed while the seeds are read is seen as changed.
    taken = digest(paths) if digest is not None else ""
    return _ReadingStart(taken, load_data_files(paths))


def _read_started(start: _ReadingStart, path: Path) -> ArticleRead:
    return read_article(start.data, path)


# Seeds being read ahead (see start_reading_articles), by project folder.
_reading_ahead: dict[Path, PreparedMap[_ReadingStart, Path, ArticleRead]] = {}


def start_reading_articles(paths: ProjectPaths,
                           digest: Callable[[ProjectPaths], str] | None = None) -> bool:
    """Start loading the data files and reading and laying out the seeds on the second core
    now, for :func:`read_inputs` to join in later: for a build with other work to do first
    (MkDocs' imports and configuration), during which that core would idle.

    ``digest``, if given, is taken of the inputs there first (:func:`reading_digest` returns
    it): while a process computes it, the second core idles.

    Returns whether it started: not for few seeds, nor in a process that may not fork.
    """
    stop_reading_articles(paths)
    seed_files = paths.seed_files()
    if len(seed_files) < MANY_ITEMS:
        return False
    reading = PreparedMap(partial(_start_reading, paths, digest), _read_started, seed_files)
    if not reading.shared:
        return False
    _reading_ahead[paths.root.resolve()] = reading
    return True


def reading_digest(paths: ProjectPaths) -> str:
    """The digest of the inputs taken by the reading started ahead with ``digest``.

    Raises:
        KeyError: No reading was started ahead for the project.
        InputError: A data file is bad (the worker could not load them, nor can this process).
    """
    reading = _reading_ahead[paths.root.resolve()]
    try:
        return reading.prepared().digest
    except BaseException:
        stop_reading_articles(paths)
        raise


def stop_reading_articles(paths: ProjectPaths) -> None:
    """Stop the reading started by :func:`start_reading_articles`, if no build took it."""
    started = _reading_ahead.pop(paths.root.resolve(), None)
    if started is not None:
        started.close()


def read_inputs(paths: ProjectPaths) -> ReadInputs:
    """Load the data files and read and clean every seed (on two cores when there are many),
    joining in the reading started ahead if there is one.

    Raises:
        InputError: A seed or a data file is bad; the message says which and what to do.
    """
    seed_files = paths.seed_files()
    reading = _reading_ahead.pop(paths.root.resolve(), None)
    if reading is not None and list(reading.items) != seed_files:  # a seed came or went
        reading.close()
        reading = None
    if reading is None:
        data = load_data_files(paths)
        if not seed_files:
            raise InputError(paths.seeds, None, "there is no seed.",
                             "Add an article as a .txt file.")
        read = map_on_two_cores(partial(read_article, data), seed_files)
    else:
        try:
            data = reading.prepared().data
        except BaseException:
            reading.close()
            raise
        read = reading.results()
    articles = [article for article, _ in read]
    warnings = [warning for _, seed_warnings in read for warning in seed_warnings]
    return ReadInputs(data, assign_slugs(articles), warnings)
