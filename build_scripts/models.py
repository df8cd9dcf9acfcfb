"""Data classes passed between the steps of the pipeline.

Each step takes and returns these; no step reaches into another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from build_scripts.vocab import LinkMode


class SourceLine(NamedTuple):
    """One non-blank line of a seed, as decoded (trailing whitespace removed).

    A named tuple, as are :class:`Block` and :class:`InlineLink`: records made by the ten
    thousand, for which a frozen data class's constructor takes twice as long."""

    number: int
    text: str


@dataclass(frozen=True)
class SeedFile:
    """The seed file an article was read from, with what a reader needs to check the article
    against it."""

    file_name: str
    sha256: str
    encoding: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SeedText(SeedFile):
    """A seed file decoded into its lines.

    An article keeps only the :class:`SeedFile`: once laid out, its lines are in its blocks
    and its removed lines, and a worker that lays out articles sends back less.
    """

    lines: tuple[SourceLine, ...]

    @property
    def file(self) -> SeedFile:
        """The file alone, without its lines."""
        return SeedFile(self.file_name, self.sha256, self.encoding, self.warnings)


class BlockKind(StrEnum):
    """What a block of the article body is."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    CAPTION = "caption"


class Block(NamedTuple):
    """A piece of the article body: a paragraph, a section heading or an image caption.

    ``anchor`` is derived from the text alone, so it stays put when furniture rules change.
    ``number`` counts paragraphs (¶1, ¶2, ...) and is 0 for headings and captions.
    """

    kind: BlockKind
    text: str
    lines: tuple[int, ...]
    anchor: str
    number: int = 0


@dataclass(frozen=True)
class MetaLine:
    """A header line kept as metadata (read time, tags, where published, a note on the author)."""

    field: str
    label: str
    text: str
    line: int


@dataclass(frozen=True)
class RemovedLine:
    """A line dropped as page furniture, with the rule that dropped it."""

    line: int
    text: str
    rule_id: str
    rule_description: str


@dataclass(frozen=True)
class ArticleInfo:
    """What the editors' metadata file says of an article (empty string: not known)."""

    publisher: str = ""
    date: str = ""
    date_note: str = ""
    author: str = ""
    kind: str = ""
    url: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Article:
    """A seed cleaned into a headline, a header and a body, with everything it dropped."""

    seed: SeedFile
    slug: str
    title: str
    title_line: int
    standfirst: SourceLine | None
    meta: tuple[MetaLine, ...]
    blocks: tuple[Block, ...]
    removed: tuple[RemovedLine, ...]
    info: ArticleInfo = field(default_factory=ArticleInfo)
    # Words in the body, for the reading time (the header and the home page ask): counted
    # once, where the article is laid out (by a worker, with many), rather than by each
    # process that renders it.
    word_count: int = field(default=-1, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.word_count < 0:
            object.__setattr__(self, "word_count",
                               sum(len(block.text.split()) for block in self.blocks))

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body at 230 words a minute, at least one."""
        return max(1, round(self.word_count / 230))

    @cached_property
    def block_by_anchor(self) -> dict[str, Block]:
        """The body's blocks by anchor (built once: term pages look blocks up by the
        thousand)."""
        return {block.anchor: block for block in self.blocks}

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The body's paragraphs, in order."""
        return tuple(block for block in self.blocks if block.kind is BlockKind.PARAGRAPH)


class ListedLink(NamedTuple):
    """A link in a listing: to a page below ``docs/``, maybe with a ``#fragment``."""

    text: str
    target: str
    title: str = ""
    css_class: str = ""


class Strong(NamedTuple):
    """Bold text in a listing."""

    content: tuple[str | ListedLink, ...]


class ListItem(NamedTuple):
    """One item of a listing: text, links and bold runs in a row, then sub-items."""

    content: tuple[str | ListedLink | Strong, ...]
    children: tuple[ListItem, ...] = ()


@dataclass(frozen=True)
class Listing:
    """A long list of links on a generated page (every article that mentions a term), written
    both ways by ``listings``: its Markdown is ``page.markdown[start:end]``; its HTML is
    ``html_parts`` with the address of each of ``targets`` (pages below ``docs/``, maybe with
    a ``#fragment``) between them, for the MkDocs hook to resolve."""

    start: int
    end: int
    html_parts: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page for MkDocs, addressed by its path below ``docs/``.

    With a ``listing``, whose Markdown is part of ``markdown``: the MkDocs hook gives MkDocs
    the page without the list and puts the list's HTML in its place (see ``listings``).
    """

    uri: str
    markdown: str
    listing: Listing | None = None


# The class of a link from a mention to its term's page (styles, previews and the PDF use it).
TERM_LINK_CLASS = "reader-term"


class InlineLink(NamedTuple):
    """A link over ``text[start:end]`` of a block, to a page below ``docs/`` (with fragment)."""

    start: int
    end: int
    target: str
    title: str
    css_class: str


@dataclass(frozen=True)
class InlineNote:
    """A footnote marker placed after ``text[:offset]`` of a block."""

    offset: int
    key: str


@dataclass
class ArticleAnnotations:
    """What later steps add to an article page; :mod:`build_scripts.render.article` writes it."""

    links: dict[str, list[InlineLink]] = field(default_factory=dict)
    notes: dict[str, list[InlineNote]] = field(default_factory=dict)
    after_block: dict[str, list[str]] = field(default_factory=dict)
    footnotes: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """A checkable source: title and address."""

    title: str
    url: str


@dataclass(frozen=True)
class Term:
    """A validated glossary entry."""

    id: str
    term: str
    aliases: tuple[str, ...]
    case_sensitive: bool | None
    zh: str
    pinyin: str
    kind: str
    short: str
    definition: str
    related: tuple[str, ...]
    sources: tuple[Source, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that counts as a mention: the term, its aliases, its Chinese name."""
        forms = [self.term, *self.aliases]
        if self.zh:
            forms.append(self.zh)
        unique: dict[str, str] = {}
        for form in forms:
            unique.setdefault(form, form)
        return tuple(unique)


@dataclass(frozen=True)
class Glossary:
    """All terms, sorted by id, and the linking policy."""

    terms: tuple[Term, ...]
    link_mode: LinkMode = LinkMode.FIRST_IN_SECTION

    def by_id(self) -> dict[str, Term]:
        """Terms keyed by id."""
        return {term.id: term for term in self.terms}
