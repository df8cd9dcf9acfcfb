"""Editorial notes (``data/notes.yml``): load them, then anchor each one to its quote.

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

from build_scripts.annotate.textforms import normalise_same_length
from build_scripts.errors import InputError
from build_scripts.inputs.specs import NotesSpec
from build_scripts.inputs.yamldata import load_model
from build_scripts.models import Article, BlockKind, Source
from build_scripts.render.article import source_links
from build_scripts.render.markdown_text import escape_editorial
from build_scripts.vocab import NoteKind


@dataclass(frozen=True)
class Note:
    """A note as loaded and checked, not yet placed, with the lines of the fields that
    placing it may find at fault."""

    id: str
    article: str
    quote: str
    prefix: str
    suffix: str
    kind: str
    text: str
    sources: tuple[Source, ...]
    article_line: int | None
    quote_line: int | None
    as_of: str = ""
    """The day the note was last checked (``YYYY-MM-DD``), or empty."""
    line: int | None = None
    """The line of the note's ``id``."""


@dataclass(frozen=True)
class Notes:
    """The notes file: its notes, in file order."""

    path: Path
    notes: tuple[Note, ...] = ()


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


def _occurrences(text: str, note: Note) -> list[tuple[int, int]]:
    """Where ``note``'s quote occurs in ``text`` with its prefix and suffix around it."""
    haystack = normalise_same_length(text)
    quote = normalise_same_length(note.quote)
    prefix = normalise_same_length(note.prefix)
    suffix = normalise_same_length(note.suffix)
    found = []
    start = haystack.find(quote)
    while start != -1:
        end = start + len(quote)
        if haystack[:start].endswith(prefix) and haystack[end:].startswith(suffix):
            found.append((start, end))
        start = haystack.find(quote, start + 1)
    return found


def load_notes(path: Path) -> Notes:
    """Load and check ``data/notes.yml``; a missing file holds no note.

    Raises:
        InputError: A field is invalid or an id is used twice. The message names the line.
    """
    if not path.exists():
        return Notes(path)
    loaded = load_model(path, NotesSpec)
    notes: list[Note] = []
    ids: set[str] = set()
    for index, spec in enumerate(loaded.model.notes):
        if spec.id in ids:
            raise loaded.error(("notes", index, "id"), f"the note id {spec.id!r} is used twice.",
                               "Give each note its own id.")
        ids.add(spec.id)
        notes.append(Note(
            id=spec.id, article=spec.article, quote=spec.quote, prefix=spec.prefix,
            suffix=spec.suffix, kind=spec.kind, text=spec.text,
            sources=tuple(Source(source.title, source.url) for source in spec.sources),
            article_line=loaded.line("notes", index, "article"),
            quote_line=loaded.line("notes", index, "quote"),
            as_of=spec.as_of, line=loaded.line("notes", index, "id"),
        ))
    return Notes(path, tuple(notes))


def place_notes(notes: Notes, articles: Sequence[Article]) -> list[PlacedNote]:
    """Anchor every note in its article.

    Raises:
        InputError: The article does not exist, or the quote is not found, or found more
            than once without a prefix or suffix that tells which. The message names the
            note, its line and the article.
    """
    by_file = {article.seed.file_name: article for article in articles}
    placed: list[PlacedNote] = []
    for note in notes.notes:
        article = by_file.get(note.article)
        if article is None:
            raise InputError(notes.path, note.article_line,
                             f"note {note.id!r}: there is no seed {note.article!r}.",
                             "Use the file name of a seed in seeds/.")
        hits = [
            (block, start, end)
            for block in article.blocks
            if block.kind is not BlockKind.HEADING
            for start, end in _occurrences(block.text, note)
        ]
        if not hits:
            raise InputError(
                notes.path, note.quote_line,
                f"note {note.id!r}: the quote {note.quote!r} is not in {note.article}"
                + (" with the given prefix/suffix." if note.prefix or note.suffix else "."),
                "Copy the quote exactly from the article's text (it may have been edited).",
            )
        if len(hits) > 1:
            raise InputError(
                notes.path, note.quote_line,
                f"note {note.id!r}: the quote {note.quote!r} occurs {len(hits)} times in "
                f"{note.article}.",
                "Add a prefix or suffix (the words just before or after it) to choose one.",
            )
        block, start, end = hits[0]
        placed.append(PlacedNote(
            id=note.id,
            article_slug=article.slug,
            block_anchor=block.anchor,
            start=start,
            offset=end,
            kind=note.kind,
            text=note.text,
            sources=note.sources,
        ))
    return placed


def footnote_markdown(note: PlacedNote) -> str:
    """The note as a Markdown footnote definition: its kind, its text, its sources."""
    sources = source_links(note.sources)
    label = NoteKind(note.kind).label
    text = escape_editorial(note.text)  # our editors' prose: emphasis is theirs, markup is not
    first, *rest = f"**{label}.** {text}\n\nSources: {sources}".splitlines()
    indented = "".join(f"\n    {line}" if line else "\n" for line in rest)
    return f"[^{note.id}]: {first}{indented}\n"
