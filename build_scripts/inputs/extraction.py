"""Load ``data/extraction.yml``: how seeds copied from whole web pages are cleaned, and what
``review`` and ``check`` warn about."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from build_scripts.inputs.specs import ExtractionSpec
from build_scripts.inputs.yamldata import load_model


@dataclass(frozen=True)
class CopiedPage:
    """The measures of a copied page's text (see ``data/extraction.yml``)."""

    short_line_words: int
    navigation_run: int
    length_low: int
    length_high: int
    stopwords_low: float
    stopwords_high: float
    max_gap_chars: int
    short_run_lines: int
    short_run_after: float
    short_run_symbols: float
    lead_min_words: int
    lead_endings: str
    headline_window: int
    headline_after: int
    byline_after: int
    name_line_after: int
    dated_tail_after: int
    dated_tail_lines: int
    date_line_chars: int
    headline_weights: Mapping[str, float]


@dataclass(frozen=True)
class HeadlineEvidence:
    """What each piece of evidence adds to a saved page's headline candidate (see
    ``data/extraction.yml``, ``saved_page.headline``)."""

    h1: float
    h1_without_kicker: float
    h2: float
    social_title: float
    page_title: float
    trafilatura_title: float
    visible_line: float
    near_main_text: float
    site_name: float
    one_word: float
    date: float
    one_word_chars: int
    date_words: int
    lines_before: int
    lines_after: int


@dataclass(frozen=True)
class LeadParagraph:
    """Which lines between a saved page's headline and its main text are its lead."""

    max_lines_between: int
    min_words: int
    endings: str


@dataclass(frozen=True)
class AuthorEvidence:
    """What each piece of evidence adds to a saved page's author candidate (see
    ``data/extraction.yml``, ``saved_page.author``)."""

    byline: float
    json_ld: float
    meta: float
    rel_author: float
    trafilatura: float
    agreement: float
    site_name: float
    byline_in_text: float
    generic: frozenset[str]
    max_words: int
    lines_before: int
    lines_after: int


@dataclass(frozen=True)
class SavedPage:
    """The settings of reading a saved page (``.html`` seed)."""

    headline: HeadlineEvidence
    lead: LeadParagraph
    author: AuthorEvidence


@dataclass(frozen=True)
class Extraction:
    """The extraction settings, loaded and checked. Their defaults are those of the file's
    model (``specs.ExtractionSpec``): see :data:`DEFAULT_EXTRACTION`."""

    copied_page: CopiedPage
    saved_page: SavedPage
    byline_prefixes: tuple[str, ...]
    furniture_headlines: frozenset[str]
    body_to_removed_min: float
    headline_support_lines: int


def extraction_settings(model: ExtractionSpec) -> Extraction:
    """The settings of a validated ``data/extraction.yml``, words folded for comparing."""
    def folded(items: list[str]) -> list[str]:
        return [" ".join(item.casefold().split()) for item in items if item.strip()]

    saved = model.saved_page
    return Extraction(
        copied_page=CopiedPage(**model.copied_page.model_dump()),
        saved_page=SavedPage(
            HeadlineEvidence(**saved.headline.model_dump()),
            LeadParagraph(**saved.lead.model_dump()),
            AuthorEvidence(**{**saved.author.model_dump(),
                              "generic": frozenset(folded(saved.author.generic))}),
        ),
        byline_prefixes=tuple(sorted(set(folded(model.byline_prefixes)), key=len,
                                     reverse=True)),
        furniture_headlines=frozenset(folded(model.furniture_headlines)),
        body_to_removed_min=model.warnings.body_to_removed_min,
        headline_support_lines=model.warnings.headline_support_lines,
    )


# The settings when a project has no data/extraction.yml (and for code that reads one page).
DEFAULT_EXTRACTION = extraction_settings(ExtractionSpec())


def load_extraction(path: Path) -> Extraction:
    """Load ``data/extraction.yml``; a missing file means the defaults (no byline prefixes).

    Raises:
        InputError: The file is not valid; the message names the line and the field.
    """
    if not path.exists():
        return DEFAULT_EXTRACTION
    return extraction_settings(load_model(path, ExtractionSpec).model)
