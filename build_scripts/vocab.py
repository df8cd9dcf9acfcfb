"""The project's vocabularies, each defined once: the words editors write in the data files
and the steps compare against.

Each is a ``StrEnum``, so a member equals its word (``TermKind.LAW == "law"``); the data
files' models (:mod:`build_scripts.inputs.specs`) accept exactly these words, and the JSON
schemas list them.
"""

from __future__ import annotations

from enum import StrEnum


class LineRole(StrEnum):
    """What an editor may say one line of a seed is (``line_roles`` in ``data/articles.yml``)."""

    CAPTION = "caption"
    HEADING = "heading"
    STANDFIRST = "standfirst"
    BODY = "body"
    TITLE = "title"


class ArticleKind(StrEnum):
    """What kind of piece an article is (``kind`` in ``data/articles.yml``); empty: unknown."""

    UNKNOWN = ""
    NEWS = "news"
    OPINION = "opinion"
    ADVOCACY = "advocacy"
    ROUNDTABLE = "roundtable"


class TermKind(StrEnum):
    """What a glossary term names; the glossary index groups terms by it."""

    ORGANISATION = "organisation"
    LAW = "law"
    PLACE = "place"
    PRODUCT = "product"
    CONCEPT = "concept"
    PERSON = "person"
    EVENT = "event"
    PUBLICATION = "publication"

    @property
    def label(self) -> str:
        """The heading of this kind on the glossary index."""
        return _TERM_KIND_LABELS[self]


_TERM_KIND_LABELS = {
    TermKind.ORGANISATION: "Organisations",
    TermKind.LAW: "Laws",
    TermKind.PLACE: "Places",
    TermKind.PRODUCT: "Products and services",
    TermKind.CONCEPT: "Concepts",
    TermKind.PERSON: "People",
    TermKind.EVENT: "Events",
    TermKind.PUBLICATION: "Publications",
}


class LinkMode(StrEnum):
    """Which mentions of a term become links (``linking: mode:`` in ``data/glossary.yml``)."""

    FIRST_IN_SECTION = "first-in-section"
    FIRST_IN_ARTICLE = "first-in-article"
    EVERY = "every"


class NoteKind(StrEnum):
    """What an editorial note does (``kind`` in ``data/notes.yml``)."""

    DATE = "date"
    CONTEXT = "context"
    ATTRIBUTION = "attribution"
    FACT_CHECK = "fact-check"
    CORRECTION = "correction"

    @property
    def label(self) -> str:
        """The word that opens the note's text."""
        return "Fact-check" if self is NoteKind.FACT_CHECK else self.value.capitalize()


class Zone(StrEnum):
    """Where in an article a furniture rule applies (``zone`` in ``data/cleaning.yml``)."""

    ANYWHERE = "anywhere"
    HEAD = "head"
    TAIL = "tail"


class RuleAction(StrEnum):
    """What a furniture rule does with the line it takes (``action`` in ``data/cleaning.yml``)."""

    REMOVE = "remove"
    META = "meta"
    CAPTION = "caption"
