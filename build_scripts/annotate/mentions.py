"""Find mentions of glossary terms in text: one Aho-Corasick pass over the text.

Rules, for every term alike:

* Latin-script forms match whole words only; forms of one or two characters (``X``) also
  refuse a hyphen next to them, so ``X-ray`` is not the company X.
* A form of one or two characters, or with no lower-case letter (an acronym: ``PRC``,
  ``GCBD``), is matched with its exact case; others in any case. ``case_sensitive`` in the
  glossary overrides this for a term's longer forms.
* Chinese forms match anywhere: Chinese is written without spaces between words.
* Where two matches overlap, the one that starts first wins, then the longest
  ("National Intelligence Law", not "Intelligence").
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import NamedTuple

import ahocorasick_rs

from build_scripts.annotate.addresses import mask_addresses
from build_scripts.annotate.textforms import lower_same_length, normalise_same_length
from build_scripts.models import (
    TERM_LINK_CLASS,
    Article,
    BlockKind,
    Glossary,
    InlineLink,
    Term,
)
from build_scripts.vocab import LinkMode


class Mention(NamedTuple):
    """A term found at ``text[start:end]`` (a named tuple: made by the thousand)."""

    start: int
    end: int
    term_id: str
    surface: str


class _Form(NamedTuple):
    term_id: str
    # The form as written, when it must match with its case; "" when any case will do.
    exact: str
    # Whether the form starts / ends with a letter or digit of an alphabet written with
    # spaces: only then must the text next to it not be one too.
    starts_word: bool
    ends_word: bool


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _default_case_sensitive(form: str) -> bool:
    return len(form) <= 2 or not any(char.islower() for char in form)


def _word_char(char: str) -> bool:
    # Below U+2E80 (the CJK radicals), a letter or digit is part of a space-separated word.
    return char.isalnum() and char < "\u2e80" and not _is_cjk(char)


class TermMatcher:
    """Finds every term of a glossary in a text: an Aho-Corasick pass (ahocorasick-rs, a
    compiled automaton) over its lower-case copy for every form but the few Latin ones of one
    or two letters (``X``), which must match exactly and would otherwise hit every ``x``:
    those are found with ``str.find``, since a capital ``X`` is rare in running text."""

    def __init__(self, terms: Iterable[Term]) -> None:
        folded: dict[str, list[_Form]] = {}
        short: dict[str, str] = {}
        for term in terms:
            for form in term.forms:
                normalised = normalise_same_length(form)
                if len(form) <= 2 and not _is_cjk(form[0]):
                    short.setdefault(normalised, term.id)
                    continue
                sensitive = (
                    term.case_sensitive
                    if term.case_sensitive is not None
                    else _default_case_sensitive(form)
                )
                folded.setdefault(lower_same_length(normalised), []).append(
                    _Form(
                        term.id,
                        exact=normalised if sensitive else "",
                        starts_word=_word_char(form[0]),
                        ends_word=_word_char(form[-1]),
                    )
                )
        keys = list(folded)
        # Overlapping matches: a longer form refused at a word boundary ("Intelligence
        # Lawyer") still leaves the shorter one inside it.
        self._automaton = (
            ahocorasick_rs.AhoCorasick(keys, implementation=ahocorasick_rs.Implementation.DFA)
            if keys
            else None
        )
        self._forms = [tuple(folded[key]) for key in keys]
        # Longest first, so that where two short forms start at one place the longer wins.
        self._short = sorted(short.items(), key=lambda item: -len(item[0]))

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatcher:
        """A matcher for every term of ``glossary``."""
        return cls(glossary.terms)

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, left to right, none overlapping another."""
        return [Mention(start, end, term_id, text[start:end])
                for start, end, term_id in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every mention in ``text`` as ``(start, end, term id)``, as :meth:`find` finds them."""
        if not text:
            return []
        normalised = normalise_same_length(mask_addresses(text))
        # Candidates are (start, -end, term id): a plain sort puts the leftmost, then the
        # longest, first.
        candidates: list[tuple[int, int, str]] = []
        for form, term_id in self._short:
            self._collect_short(form, term_id, normalised, candidates)
        if self._automaton is not None:
            lowered = lower_same_length(normalised)
            hits = self._automaton.find_matches_as_indexes(lowered, overlapping=True)
            self._collect(hits, self._forms, normalised, candidates)
        candidates.sort()
        spans: list[tuple[int, int, str]] = []
        reach = 0
        for start, negative_end, term_id in candidates:
            if start >= reach:
                reach = -negative_end
                spans.append((start, reach, term_id))
        return spans

    @staticmethod
    def _collect(
        hits: list[tuple[int, int, int]],
        forms_of: list[tuple[_Form, ...]],
        text: str,
        candidates: list[tuple[int, int, str]],
    ) -> None:
        """Add the hits the rules accept to ``candidates``."""
        # The hot loop of matching: kept flat, since it runs once per hit.
        size = len(text)
        append = candidates.append
        for key, start, end in hits:
            before = text[start - 1] if start else " "
            after = text[end] if end < size else " "
            word_before = before.isalnum() and before < "\u2e80"
            word_after = after.isalnum() and after < "\u2e80"
            for term_id, exact, starts_word, ends_word in forms_of[key]:
                if (starts_word and word_before) or (ends_word and word_after):
                    continue
                if exact and text[start:end] != exact:
                    continue
                append((start, -end, term_id))
                break

    @staticmethod
    def _collect_short(
        form: str, term_id: str, text: str, candidates: list[tuple[int, int, str]]
    ) -> None:
        # A short form must stand alone: no letter, digit or hyphen next to it ("X-ray").
        size = len(text)
        start = text.find(form)
        while start != -1:
            end = start + len(form)
            before = text[start - 1] if start else " "
            after = text[end] if end < size else " "
            if not (_word_char(before) or _word_char(after) or "-" in (before, after)):
                candidates.append((start, -end, term_id))
            start = text.find(form, start + 1)


class Occurrence(NamedTuple):
    """A mention placed in the reader: which article, which block (a named tuple: made by
    the ten thousand)."""

    article_slug: str
    block_anchor: str
    mention: Mention


def find_in_articles(articles: Iterable[Article], matcher: TermMatcher) -> list[Occurrence]:
    """Every mention in the body of every article (paragraphs and captions, never headings).

    An article's blocks are matched as one text, joined by line breaks (which no form holds),
    so the matcher is called once per article rather than once per paragraph.
    """
    found = []
    for article in articles:
        blocks = [block for block in article.blocks if block.kind is not BlockKind.HEADING]
        starts = []
        offset = 0
        for block in blocks:
            starts.append(offset)
            offset += len(block.text) + 1
        joined = "\n".join(block.text for block in blocks)
        slug = article.slug
        for start, end, term_id in matcher.spans(joined):
            index = bisect_right(starts, start) - 1
            base = starts[index]
            found.append(Occurrence(slug, blocks[index].anchor,
                                    Mention(start - base, end - base, term_id,
                                            joined[start:end])))
    return found


def linked_occurrences(
    articles: Iterable[Article], occurrences: list[Occurrence], mode: str
) -> list[Occurrence]:
    """The occurrences to show as links: the first in each section, in each article, or all."""
    if mode == LinkMode.EVERY:
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
            if block.kind is BlockKind.HEADING and mode == LinkMode.FIRST_IN_SECTION:
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
            InlineLink(mention.start, mention.end, target_of(term.id), term.short, TERM_LINK_CLASS)
        )
    return links
