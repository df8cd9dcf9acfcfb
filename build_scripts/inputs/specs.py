"""The data files as an editor writes them: one pydantic model per file, which validates it
as it is loaded and gives its JSON schema (``schemas/``).

Only the loaders use these models (``furniture.load_cleaning``, ``metadata.load_metadata``,
``glossary.load_glossary``, ``notes.load_notes``, ``timeline.load_timeline``,
``extraction.load_extraction``); the steps take the plain data classes the loaders make, so
no step depends on how a file is validated.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from build_scripts.vocab import (
    ArticleKind,
    LineRole,
    LinkMode,
    NoteKind,
    RuleAction,
    TermKind,
    Zone,
)

# data/cleaning.yml


class RuleSpec(BaseModel):
    """One furniture rule as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    description: str = Field(min_length=3)
    action: RuleAction
    label: str = ""
    zone: Zone = Zone.ANYWHERE
    case_sensitive: bool = False
    patterns: list[str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"pattern {pattern!r} is not a valid regular expression: {error}"
                ) from None
        return patterns


class LayoutSpec(BaseModel):
    """How remaining lines become a headline, a standfirst, headings and paragraphs."""

    model_config = ConfigDict(extra="forbid")

    heading_max_words: int = Field(default=8, ge=1)
    heading_max_chars: int = Field(default=70, ge=1)
    standfirst_max_chars: int = Field(default=300, ge=1)
    duplicate_caption_similarity: float = Field(default=0.6, gt=0, le=1)
    furniture_max_chars: int = Field(default=320, ge=1)


class CleaningSpec(BaseModel):
    """The whole cleaning file."""

    model_config = ConfigDict(extra="forbid")

    rules: list[RuleSpec]
    layout: LayoutSpec = LayoutSpec()


# data/extraction.yml


class CopiedPageSpec(BaseModel):
    """The measures that clean a seed copied from a whole web page."""

    model_config = ConfigDict(extra="forbid")

    short_line_words: int = Field(default=4, ge=1)
    navigation_run: int = Field(default=5, ge=2)
    length_low: int = Field(default=70, ge=1)
    length_high: int = Field(default=200, ge=1)
    stopwords_low: float = Field(default=0.30, ge=0, le=1)
    stopwords_high: float = Field(default=0.32, ge=0, le=1)
    max_gap_chars: int = Field(default=1500, ge=0)
    short_run_lines: int = Field(default=6, ge=2)
    short_run_after: float = Field(default=0.5, ge=0, le=1)
    short_run_symbols: float = Field(default=0.08, ge=0, le=1)
    lead_min_words: int = Field(default=8, ge=1)
    lead_endings: str = Field(default=".!?…\"'“”»«", min_length=1)
    headline_window: int = Field(default=25, ge=1)
    headline_after: int = Field(default=12, ge=0)
    byline_after: int = Field(default=4, ge=0)
    name_line_after: int = Field(default=4, ge=0)
    dated_tail_after: int = Field(default=12, ge=0)
    dated_tail_lines: int = Field(default=2, ge=1)
    date_line_chars: int = Field(default=60, ge=1)
    headline_weights: dict[str, float] = {}


class HeadlineEvidenceSpec(BaseModel):
    """How much each piece of evidence counts for a saved page's headline candidate."""

    model_config = ConfigDict(extra="forbid")

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
    one_word_chars: int = Field(default=20, ge=0)
    date_words: int = Field(default=6, ge=0)
    lines_before: int = Field(default=8, ge=0)
    lines_after: int = Field(default=1, ge=0)


class LeadParagraphSpec(BaseModel):
    """Which lines between a saved page's headline and its main text are its lead."""

    model_config = ConfigDict(extra="forbid")

    max_lines_between: int = Field(default=15, ge=0)
    min_words: int = Field(default=12, ge=1)
    endings: str = Field(default=".!?:…\"'“”»«", min_length=1)


class AuthorEvidenceSpec(BaseModel):
    """How much each piece of evidence counts for a saved page's author candidate."""

    model_config = ConfigDict(extra="forbid")

    byline: float = 4.0
    json_ld: float = 2.0
    meta: float = 1.5
    rel_author: float = 1.5
    trafilatura: float = 2.0
    agreement: float = 1.0
    site_name: float = -3.0
    byline_in_text: float = 2.5
    generic: list[str] = []
    max_words: int = Field(default=12, ge=1)
    lines_before: int = Field(default=3, ge=0)
    lines_after: int = Field(default=6, ge=0)


class SavedPageSpec(BaseModel):
    """How a saved page (``.html`` seed) is read beyond trafilatura's extraction."""

    model_config = ConfigDict(extra="forbid")

    headline: HeadlineEvidenceSpec = HeadlineEvidenceSpec()
    lead: LeadParagraphSpec = LeadParagraphSpec()
    author: AuthorEvidenceSpec = AuthorEvidenceSpec()


class ReviewWarningsSpec(BaseModel):
    """When `review` and `check` warn about an article."""

    model_config = ConfigDict(extra="forbid")

    body_to_removed_min: float = Field(default=0.25, ge=0)
    headline_support_lines: int = Field(default=4, ge=0)


class ExtractionSpec(BaseModel):
    """The whole extraction file."""

    model_config = ConfigDict(extra="forbid")

    copied_page: CopiedPageSpec = CopiedPageSpec()
    saved_page: SavedPageSpec = SavedPageSpec()
    byline_prefixes: list[str] = []
    furniture_headlines: list[str] = []
    warnings: ReviewWarningsSpec = ReviewWarningsSpec()


# data/articles.yml


class ArticleSpec(BaseModel):
    """One seed's metadata as an editor writes it; an empty string means not known."""

    model_config = ConfigDict(extra="forbid")

    publisher: str = ""
    date: str = Field(default="", pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")
    date_note: str = ""
    author: str = ""
    kind: ArticleKind = ArticleKind.UNKNOWN
    url: str = Field(default="", pattern=r"^(https?://\S+)?$")
    summary: str = Field(default="", max_length=200)
    line_roles: dict[str, LineRole] = {}

    @field_validator("summary", "publisher", "author", "date_note")
    @classmethod
    def _single_line(cls, value: str) -> str:
        if "\n" in value.strip():
            raise ValueError("must be a single line")
        return value.strip()


class ArticlesSpec(BaseModel):
    """The whole metadata file: seed file name to its metadata."""

    model_config = ConfigDict(extra="forbid")

    articles: dict[str, ArticleSpec] = {}


# data/glossary.yml




class SourceSpec(BaseModel):
    """A page a reader can open to check what we wrote."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3)
    url: str = Field(pattern=r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")


class TermSpec(BaseModel):
    """One glossary entry as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    term: str = Field(min_length=1)
    aliases: list[str] = []
    case_sensitive: bool | None = None
    zh: str = ""
    pinyin: str = ""
    kind: TermKind
    short: str = Field(min_length=1, max_length=200)
    definition: str = Field(min_length=1)
    related: list[str] = []
    sources: list[SourceSpec] = Field(min_length=1)

    @field_validator("term", "short", "definition", "zh", "pinyin")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()

    @field_validator("term", "short", "definition")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("short")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("must be one line (it is the hover text)")
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, aliases: list[str]) -> list[str]:
        if any(not alias.strip() for alias in aliases):
            raise ValueError("an alias is empty")
        return [alias.strip() for alias in aliases]


class LinkingSpec(BaseModel):
    """Which mentions of a term become links."""

    model_config = ConfigDict(extra="forbid")

    mode: LinkMode = LinkMode.FIRST_IN_SECTION


class GlossarySpec(BaseModel):
    """The whole glossary file."""

    model_config = ConfigDict(extra="forbid")

    linking: LinkingSpec = LinkingSpec()
    terms: list[TermSpec]


# data/notes.yml and data/timeline.yml: the date an entry was last checked


ISO_DATE_OR_EMPTY = r"^(\d{4}-\d{2}-\d{2})?$"


def _real_date(value: str) -> str:
    """``value`` if it is empty or a real calendar date written ``YYYY-MM-DD``."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (write it YYYY-MM-DD)") from None
    return value


class NoteSpec(BaseModel):
    """One note as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    article: str = Field(pattern=r"^[^/\\]+\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)$")
    quote: str = Field(min_length=2)
    prefix: str = ""
    suffix: str = ""
    kind: NoteKind
    text: str = Field(min_length=1)
    sources: list[SourceSpec] = Field(min_length=1)
    as_of: str = Field(default="", pattern=ISO_DATE_OR_EMPTY,
                       description="The day the note was last checked against its sources.")

    _as_of_is_a_date = field_validator("as_of")(_real_date)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class NotesSpec(BaseModel):
    """The whole notes file."""

    model_config = ConfigDict(extra="forbid")

    notes: list[NoteSpec] = []


# data/timeline.yml


class EventSpec(BaseModel):
    """One event as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    date: str = Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
    title: str = Field(min_length=3)
    text: str = Field(min_length=1)
    terms: list[str] = []
    mentions: list[str] = []
    sources: list[SourceSpec] = Field(min_length=1)
    as_of: str = Field(default="", pattern=ISO_DATE_OR_EMPTY,
                       description="The day the event was last checked against its sources.")

    _as_of_is_a_date = field_validator("as_of")(_real_date)


class TimelineSpec(BaseModel):
    """The whole timeline file."""

    model_config = ConfigDict(extra="forbid")

    events: list[EventSpec] = []
