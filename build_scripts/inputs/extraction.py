"""Load ``data/extraction.yml``: how seeds copied from whole web pages are cleaned, and what
``review`` and ``check`` warn about."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.inputs.specs import ExtractionSpec
from build_scripts.inputs.yamldata import load_model


@dataclass(frozen=True)
class CopiedPage:
    """The measures of a copied page's text (see ``data/extraction.yml``)."""

    short_line_words: int = 4
    navigation_run: int = 5
    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_gap_chars: int = 1500
    short_run_lines: int = 6
    short_run_after: float = 0.5
    short_run_symbols: float = 0.08
    lead_min_words: int = 8
    lead_endings: str = ".!?…\"'“”»«"
    headline_window: int = 25
    headline_after: int = 12
    byline_after: int = 4
    name_line_after: int = 4
    dated_tail_after: int = 12
    dated_tail_lines: int = 2
    date_line_chars: int = 60
    headline_weights: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class HeadlineEvidence:
    """What each piece of evidence adds to a saved page's headline candidate (see
    ``data/extraction.yml``, ``saved_page.headline``)."""

    h1: float = 1.5
    h1_without_kicker: float = 3.0
    h2: float = 1.5
    social_title: float = 1.0
    page_title: float = 1.5
    trafilatura_title: float = 0.5
    visible_line: float = 2.0
    near_main_text: float = 1.5
    site_name: float = -1.0
    one_word: float = -1.5
    date: float = -3.0
    one_word_chars: int = 20
    date_words: int = 6
    lines_before: int = 8
    lines_after: int = 1


@dataclass(frozen=True)
class LeadParagraph:
    """Which lines between a saved page's headline and its main text are its lead."""

    max_lines_between: int = 15
    min_words: int = 12
    endings: str = ".!?:…\"'“”»«"


@dataclass(frozen=True)
class AuthorEvidence:
    """What each piece of evidence adds to a saved page's author candidate (see
    ``data/extraction.yml``, ``saved_page.author``)."""

    byline: float = 4.0
    json_ld: float = 2.0
    meta: float = 1.5
    rel_author: float = 1.5
    trafilatura: float = 2.0
    agreement: float = 1.0
    site_name: float = -3.0
    byline_in_text: float = 2.5
    generic: frozenset[str] = frozenset()
    max_words: int = 12
    lines_before: int = 3
    lines_after: int = 6


@dataclass(frozen=True)
class SavedPage:
    """The settings of reading a saved page (``.html`` seed)."""

    headline: HeadlineEvidence = HeadlineEvidence()
    lead: LeadParagraph = LeadParagraph()
    author: AuthorEvidence = AuthorEvidence()


@dataclass(frozen=True)
class Extraction:
    """The extraction settings, loaded and checked."""

    copied_page: CopiedPage = CopiedPage()
    saved_page: SavedPage = SavedPage()
    byline_prefixes: tuple[str, ...] = ()
    furniture_headlines: frozenset[str] = frozenset()
    body_to_removed_min: float = 0.25
    headline_support_lines: int = 4


def load_extraction(path: Path) -> Extraction:
    """Load ``data/extraction.yml``; a missing file means the defaults (no byline prefixes).

    Raises:
        InputError: The file is not valid; the message names the line and the field.
    """
    if not path.exists():
        return Extraction()
    model = load_model(path, ExtractionSpec).model
    return Extraction(
        copied_page=CopiedPage(**model.copied_page.model_dump()),
        saved_page=SavedPage(
            HeadlineEvidence(**model.saved_page.headline.model_dump()),
            LeadParagraph(**model.saved_page.lead.model_dump()),
            AuthorEvidence(**{**model.saved_page.author.model_dump(), "generic": frozenset(
                " ".join(item.casefold().split()) for item in model.saved_page.author.generic)}),
        ),
        byline_prefixes=tuple(
            sorted({" ".join(item.casefold().split()) for item in model.byline_prefixes
                    if item.strip()}, key=len, reverse=True)
        ),
        furniture_headlines=frozenset(" ".join(item.casefold().split())
                                      for item in model.furniture_headlines),
        body_to_removed_min=model.warnings.body_to_removed_min,
        headline_support_lines=model.warnings.headline_support_lines,
    )
