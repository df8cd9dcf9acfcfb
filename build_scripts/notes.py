"""Editorial notes (``data/notes.yml``): load them and anchor each one to its quote.

A note is anchored by the exact words it comments on, with an optional prefix and suffix
to tell apart a quote that occurs twice (the W3C TextQuoteSelector idea). The quote is
looked for in the cleaned paragraphs, not at a line number, so a note stays put when the
furniture rules or the paragraph splits change. A quote that cannot be placed, or could be
placed twice, stops the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from build_scripts.glossary import SourceSpec
from build_scripts.models import Article, BlockKind, Source
from build_scripts.render import source_links
from build_scripts.textforms import normalise_same_length
from build_scripts.yamldata import load_model

NoteKind = Literal["date", "context", "attribution", "fact-check", "correction"]
KIND_LABELS = {
    "date": "Date",
    "context": "Context",
    "attribution": "Attribution",
    "fact-check": "Fact-check",
    "correction": "Correction",
}


class NoteSpec(BaseModel):
    """One note as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    article: str = Field(pattern=r"^[^/\\]+\.txt$")
    quote: str = Field(min_length=2)
    prefix: str = ""
    suffix: str = ""
    kind: NoteKind
    text: str = Field(min_length=1)
    sources: list[SourceSpec] = Field(min_length=1)

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


@dataclass(frozen=True)
class PlacedNote:
    """A note anchored in an article: after ``offset`` characters of block ``block_anchor``."""

    id: str
    article_slug: str
    block_anchor: str
    start: int
    offset: int
    kind: str
    text: str
    sources: tuple[Source, ...]


def _occurrences(text: str, spec: NoteSpec) -> list[tuple[int, int]]:
    """Where ``spec``'s quote occurs in ``text`` with its prefix and suffix around it."""
    haystack = normalise_same_length(text)
    quote = normalise_same_length(spec.quote)
    prefix = normalise_same_length(spec.prefix)
    suffix = normalise_same_length(spec.suffix)
    found = []
    start = haystack.find(quote)
    while start != -1:
        end = start + len(quote)
        if haystack[:start].endswith(prefix) and haystack[end:].startswith(suffix):
            found.append((start, end))
        start = haystack.find(quote, start + 1)
    return found


def place_notes(path: Path, articles: Sequence[Article]) -> list[PlacedNote]:
    """Load ``data/notes.yml`` and anchor every note in its article.

    Raises:
        InputError: A field is invalid, an id is used twice, the article does not exist, or
            the quote is not found, or found more than once without a prefix or suffix that
            tells which. The message names the note, its line and the article.
    """
    if not path.exists():
        return []
    loaded = load_model(path, NotesSpec)
    by_file = {article.seed.file_name: article for article in articles}
    placed: list[PlacedNote] = []
    ids: set[str] = set()
    for index, spec in enumerate(loaded.model.notes):
        where = ("notes", index)
        if spec.id in ids:
            raise loaded.error((*where, "id"), f"the note id {spec.id!r} is used twice.",
                               "Give each note its own id.")
        ids.add(spec.id)
        article = by_file.get(spec.article)
        if article is None:
            raise loaded.error((*where, "article"),
                               f"note {spec.id!r}: there is no seed {spec.article!r}.",
                               "Use the file name of a seed in seeds/.")
        hits = [
            (block, start, end)
            for block in article.blocks
            if block.kind is not BlockKind.HEADING
            for start, end in _occurrences(block.text, spec)
        ]
        if not hits:
            raise loaded.error(
                (*where, "quote"),
                f"note {spec.id!r}: the quote {spec.quote!r} is not in {spec.article}"
                + (" with the given prefix/suffix." if spec.prefix or spec.suffix else "."),
                "Copy the quote exactly from the article's text (it may have been edited).",
            )
        if len(hits) > 1:
            raise loaded.error(
                (*where, "quote"),
                f"note {spec.id!r}: the quote {spec.quote!r} occurs {len(hits)} times in "
                f"{spec.article}.",
                "Add a prefix or suffix (the words just before or after it) to choose one.",
            )
        block, start, end = hits[0]
        placed.append(PlacedNote(
            id=spec.id,
            article_slug=article.slug,
            block_anchor=block.anchor,
            start=start,
            offset=end,
            kind=spec.kind,
            text=spec.text,
            sources=tuple(Source(source.title, source.url) for source in spec.sources),
        ))
    return placed


def footnote_markdown(note: PlacedNote) -> str:
    """The note as a Markdown footnote definition: its kind, its text, its sources."""
    sources = source_links(note.sources)
    first, *rest = f"**{KIND_LABELS[note.kind]}.** {note.text}\n\nSources: {sources}".splitlines()
    indented = "".join(f"\n    {line}" if line else "\n" for line in rest)
    return f"[^{note.id}]: {first}{indented}\n"
