"""Find mentions of glossary terms in text: one Aho-Corasick pass over the text.

Rules, for every term alike:

* Latin-script forms match whole words only; forms of one or two characters (``X``) also
  refuse a hyphen next to them, so ``X-ray`` is not the company X.
* A form with no lower-case letter (an acronym: ``PRC``, ``GCBD``, ``X``) or of one or two
  characters is matched with its exact case; others in any case. ``case_sensitive`` in the
  glossary overrides this for a term.
* Chinese forms match anywhere: Chinese is written without spaces between words.
* Where two matches overlap, the one that starts first wins, then the longest
  ("National Intelligence Law", not "Intelligence").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from build_scripts.glossary import Glossary, Term
from build_scripts.models import Article, BlockKind, InlineLink
from build_scripts.textforms import lower_same_length, normalise_same_length


@dataclass(frozen=True)
class Mention:
    """A term found at ``text[start:end]``."""

    start: int
    end: int
    term_id: str
    surface: str


@dataclass(frozen=True)
class _Form:
    term_id: str
    normalised: str
    case_sensitive: bool
    short: bool
    bounded: bool


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _default_case_sensitive(form: str) -> bool:
    return len(form) <= 2 or not any(char.islower() for char in form)


def _word_char(char: str) -> bool:
    return char.isalnum() and not _is_cjk(char)


class TermMatcher:
    """Finds every term of a glossary in a text, in one pass."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Form]] = {}
        for term in terms:
            for form in term.forms:
                normalised = normalise_same_length(form)
                sensitive = (
                    term.case_sensitive
                    if term.case_sensitive is not None and len(form) > 2
                    else _default_case_sensitive(form)
                )
                table.setdefault(lower_same_length(normalised), []).append(
                    _Form(
                        term.id,
                        normalised,
                        sensitive,
                        short=len(form) <= 2,
                        bounded=not _is_cjk(form[0]) or not _is_cjk(form[-1]),
                    )
                )
        for key, forms in table.items():
            self._automaton.add_word(key, (len(key), tuple(forms)))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatcher:
        """A matcher for every term of ``glossary``."""
        return cls(glossary.terms)

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, left to right, none overlapping another."""
        if self._empty or not text:
            return []
        normalised = normalise_same_length(text)
        lowered = lower_same_length(normalised)
        candidates: list[tuple[int, int, str]] = []
        for last, (length, forms) in self._automaton.iter(lowered):
            start, end = last - length + 1, last + 1
            for form in forms:
                if form.case_sensitive and normalised[start:end] != form.normalised:
                    continue
                if form.bounded and not _at_word_boundary(normalised, start, end, form.short):
                    continue
                candidates.append((start, end, form.term_id))
                break
        candidates.sort(key=lambda item: (item[0], item[0] - item[1]))
        mentions: list[Mention] = []
        reach = 0
        for start, end, term_id in candidates:
            if start >= reach:
                mentions.append(Mention(start, end, term_id, text[start:end]))
                reach = end
        return mentions


def _at_word_boundary(text: str, start: int, end: int, short: bool) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if _word_char(before) and _word_char(text[start]):
        return False
    if _word_char(after) and _word_char(text[end - 1]):
        return False
    # A one- or two-letter name next to a hyphen is part of another word ("X-ray").
    return not (short and ("-" in (before, after)))


@dataclass(frozen=True)
class Occurrence:
    """A mention placed in the reader: which article, which block."""

    article_slug: str
    block_anchor: str
    mention: Mention


def find_in_articles(articles: Iterable[Article], matcher: TermMatcher) -> list[Occurrence]:
    """Every mention in the body of every article (paragraphs and captions, never headings)."""
    found = []
    for article in articles:
        for block in article.blocks:
            if block.kind is BlockKind.HEADING:
                continue
            found.extend(
                Occurrence(article.slug, block.anchor, mention)
                for mention in matcher.find(block.text)
            )
    return found


def linked_occurrences(
    articles: Iterable[Article], occurrences: list[Occurrence], mode: str
) -> list[Occurrence]:
    """The occurrences to show as links: the first in each section, in each article, or all."""
    if mode == "every":
        return list(occurrences)
    by_block: dict[tuple[str, str], list[Occurrence]] = {}
    for occurrence in occurrences:
        by_block.setdefault((occurrence.article_slug, occurrence.block_anchor), []).append(
            occurrence
        )
    chosen = []
    for article in articles:
        seen: set[str] = set()
        for block in article.blocks:
            if block.kind is BlockKind.HEADING and mode == "first-in-section":
                seen = set()
            for occurrence in by_block.get((article.slug, block.anchor), []):
                if occurrence.mention.term_id not in seen:
                    seen.add(occurrence.mention.term_id)
                    chosen.append(occurrence)
    return chosen


def term_links(
    occurrences: Iterable[Occurrence], glossary: Glossary, target_of: Callable[[str], str]
) -> dict[str, dict[str, list[InlineLink]]]:
    """Links for the given occurrences, by article slug and block anchor, each titled with
    the term's short definition (shown on hover)."""
    terms = glossary.by_id()
    links: dict[str, dict[str, list[InlineLink]]] = {}
    for occurrence in occurrences:
        mention = occurrence.mention
        term = terms[mention.term_id]
        links.setdefault(occurrence.article_slug, {}).setdefault(
            occurrence.block_anchor, []
        ).append(
            InlineLink(mention.start, mention.end, target_of(term.id), term.short, "reader-term")
        )
    return links
