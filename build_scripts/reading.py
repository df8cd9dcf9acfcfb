"""Read and lay out every seed: on two cores when there are many, and, for a build with
other work to do first (MkDocs' imports and configuration), started ahead on the second core.

Apart from the later steps so that starting the reading imports only what reading needs: the
rest is imported while the worker reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from build_scripts.errors import InputError
from build_scripts.forked import MANY_ITEMS, SharedMap, map_on_two_cores
from build_scripts.furniture import load_cleaning
from build_scripts.ingest import read_seed
from build_scripts.layout import EmptyArticle, layout_article
from build_scripts.metadata import load_metadata
from build_scripts.models import Article
from build_scripts.paths import ProjectPaths
from build_scripts.slugs import slugify


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


def _article_reader(paths: ProjectPaths) -> Callable[[Path], ArticleRead]:
    """A function that reads and lays out one seed (the article and the seed's warnings) by
    the project's cleaning rules and metadata.

    Raises:
        InputError: The cleaning rules or the metadata are bad.
    """
    cleaning = load_cleaning(paths.cleaning)
    metadata = load_metadata(paths.articles)

    def read_article(path: Path) -> ArticleRead:
        seed = read_seed(path)
        meta = metadata.get(path.name)
        try:
            article = layout_article(
                seed,
                cleaning,
                meta.info if meta else None,
                meta.line_roles if meta else None,
            )
        except EmptyArticle as error:
            raise InputError(
                path,
                None,
                "every line was taken for page furniture; nothing is left to publish.",
                f"Check the rules in {paths.cleaning.name} against this file.",
            ) from error
        return article, tuple(seed.warnings)

    return read_article


# Seeds being read ahead (see start_reading_articles), by project folder.
_reading_ahead: dict[Path, SharedMap[Path, ArticleRead]] = {}


def start_reading_articles(paths: ProjectPaths) -> bool:
    """Start reading and laying out the seeds on the second core now, for
    :func:`read_articles` to join in later: for a build with other work to do first
    (MkDocs' imports and configuration), during which that core would idle.

    Returns whether it started: not for few seeds, nor if the cleaning rules or the metadata
    are bad (:func:`read_articles` reports that).
    """
    stop_reading_articles(paths)
    seed_files = paths.seed_files()
    if len(seed_files) < MANY_ITEMS:
        return False
    try:
        read_article = _article_reader(paths)
    except InputError:
        return False
    _reading_ahead[paths.root.resolve()] = SharedMap(read_article, seed_files)
    return True


def stop_reading_articles(paths: ProjectPaths) -> None:
    """Stop the reading started by :func:`start_reading_articles`, if no build took it."""
    started = _reading_ahead.pop(paths.root.resolve(), None)
    if started is not None:
        started.close()


def read_articles(paths: ProjectPaths) -> tuple[list[Article], list[str]]:
    """Read and clean every seed (on two cores when there are many), joining in the reading
    started ahead if there is one.

    Raises:
        InputError: A seed or a data file is bad; the message says which and what to do.
    """
    seed_files = paths.seed_files()
    reading = _reading_ahead.pop(paths.root.resolve(), None)
    if reading is not None and list(reading.items) != seed_files:  # a seed came or went
        reading.close()
        reading = None
    if reading is None:
        read_article = _article_reader(paths)
        if not seed_files:
            raise InputError(paths.seeds, None, "there is no seed.",
                             "Add an article as a .txt file.")
        read = map_on_two_cores(read_article, seed_files)
    else:
        read = reading.results()
    articles = [article for article, _ in read]
    warnings = [warning for _, seed_warnings in read for warning in seed_warnings]
    return assign_slugs(articles), warnings
