"""Load the data files, then read and lay out every seed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from build_scripts.annotate.notes import Notes, load_notes
from build_scripts.annotate.timeline import Timeline, load_timeline
from build_scripts.errors import InputError
from build_scripts.ingest.furniture import Cleaning, load_cleaning
from build_scripts.ingest.html import extract_page, is_html_seed, layout_page
from build_scripts.ingest.layout import EmptyArticle, layout_article
from build_scripts.ingest.seed import read_seed
from build_scripts.ingest.slugs import slugify
from build_scripts.ingest.textclean import clean_copied_page, layout_copied_page
from build_scripts.inputs.extraction import DEFAULT_EXTRACTION, Extraction, load_extraction
from build_scripts.inputs.glossary import load_glossary
from build_scripts.inputs.metadata import SeedMetadata, load_metadata
from build_scripts.models import Article, Glossary
from build_scripts.paths import ProjectPaths


@dataclass(frozen=True)
class DataFiles:
    """Every data file of the project, loaded and checked: what the steps take besides the
    seeds."""

    glossary: Glossary
    cleaning: Cleaning
    metadata: dict[str, SeedMetadata]
    notes: Notes
    timeline: Timeline
    extraction: Extraction = DEFAULT_EXTRACTION


def load_data_files(paths: ProjectPaths) -> DataFiles:
    """Load and check every data file (the glossary first: the timeline's terms are its).

    Raises:
        InputError: A data file is bad; the message names the file, the line and the field.
    """
    glossary = load_glossary(paths.glossary)
    return DataFiles(glossary, load_cleaning(paths.cleaning), load_metadata(paths.articles),
                     load_notes(paths.notes), load_timeline(paths.timeline, glossary),
                     load_extraction(paths.extraction))


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
    meta = data.metadata.get(path.name)
    info, roles = (meta.info, meta.line_roles) if meta else (None, None)
    try:
        if is_html_seed(path):
            page = extract_page(path, data.extraction.saved_page,
                                data.extraction.byline_prefixes)
            article = layout_page(page, data.cleaning, info, roles)
        else:
            seed = read_seed(path)
            cleaned = clean_copied_page(seed, data.cleaning, data.extraction)
            if cleaned is not None:
                article = layout_copied_page(seed, cleaned, data.cleaning, info, roles)
            else:
                article = layout_article(seed, data.cleaning, info, roles)
    except EmptyArticle as error:
        raise InputError(
            path,
            None,
            "every line was taken for page furniture; nothing is left to publish.",
            "Check the rules in data/cleaning.yml against this file.",
        ) from error
    return article, tuple(article.seed.warnings)  # the layout may add its own


def read_inputs(paths: ProjectPaths) -> ReadInputs:
    """Load the data files and read and clean every seed.

    Raises:
        InputError: A seed or a data file is bad; the message says which and what to do.
    """
    data = load_data_files(paths)
    seed_files = paths.seed_files()
    if not seed_files:
        raise InputError(paths.seeds, None, "there is no seed.",
                         "Add an article as a .txt file or a saved .html page.")
    read = [read_article(data, path) for path in seed_files]
    articles = [article for article, _ in read]
    warnings = [warning for _, seed_warnings in read for warning in seed_warnings]
    return ReadInputs(data, assign_slugs(articles), warnings)
