"""Find a byline or a date line: "By X", "by X | 2024/02/22 3:48 PM", "Jul 26, 2017 · 5 min
read", "6. Oktober 2022", "12.03.2020 - Jane Doe", "Jane Doe 12.03.2020", ISO dates. Dates are
read by htmldate's date parser (many languages and forms), bylines by the prefixes of
``data/extraction.yml`` (at the line's start, after a separator, or anywhere on a dated line)
or by a name next to the date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A line of more words is prose that mentions a date, not a byline (one with its date,
# time and section runs to about twenty).
_MAX_WORDS = 20
_SEPARATOR = re.compile(r"\s+[|·•–—/-]\s+|\s*[|·•]\s*|,\s+(?=[^,]*\d)"
                        r"|\s+(?:on|am|le|el|il|op|den)\s+(?=(?:\w+\.?\s+)?\d)"
                        r"|\s+(?=\d{1,4}[./-]\d)|\s+(?=\d{1,2}\.?\s+\w+\s+\d{4})", re.IGNORECASE)
_PARTS = re.compile(r"\s*[|·•,]\s*|\s+[–—/-]\s+")
_NAME_WORD = re.compile(r"^[\w'’.-]+$")
_PARTICLES = frozenset({"and", "und", "et", "y", "e", "en", "og", "&", "van", "von", "de",
                        "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "mc"})
_UPDATED = re.compile(r"updated|aktualisiert|mis à jour|actualizado|aggiornato|bijgewerkt",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Byline:
    """What a byline or date line says: the author and the date (empty: not said)."""

    author: str
    date: str
    updated: bool  # the date is of an update, not of publication

    @property
    def label(self) -> str:
        """The header label of the line."""
        return "Byline" if self.author else "Date"


@lru_cache(maxsize=1)
def _date_bounds() -> tuple[object, object]:
    from htmldate.validators import get_max_date, get_min_date

    return get_min_date(None), get_max_date(None)


def find_date(text: str) -> str:
    """The date a short line states, as YYYY-MM-DD, or ``""``."""
    if len(text.split()) > _MAX_WORDS or not any(char.isdigit() for char in text):
        return ""
    from htmldate.extractors import try_date_expr

    earliest, latest = _date_bounds()
    return try_date_expr(text, "%Y-%m-%d", True, earliest, latest) or ""


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    from htmldate.extractors import month_words

    return frozenset(word for word in month_words() if len(word) >= 3)


def _name_words(words: list[str]) -> list[str]:
    """The leading words that read as a name: capitalised or particles, not a month before a
    number ("Jan Kupitz" is a name, "March 5" is not); the particles it ends with dropped."""
    taken: list[str] = []
    for number, word in enumerate(words):
        folded = word.casefold().strip(".,")
        following = words[number + 1] if number + 1 < len(words) else ""
        month = folded in _month_words() and following[:1].isdigit()
        capitalised = (_NAME_WORD.match(word) is not None and word[0].isupper()
                       and not any(char.isdigit() for char in word))
        if folded in _PARTICLES or (capitalised and not month):
            taken.append(word)
        else:
            break
    while taken and taken[-1].casefold() in _PARTICLES:
        taken.pop()
    return taken


def _name(rest: str, least: int = 1, whole: bool = False) -> str:
    """The name or names at the start of ``rest``, up to a separator or the first word that
    is not a name's (with ``whole``, none such: the names fill the part up to a separator);
    ``""`` if no name of ``least`` words or more opens it."""
    part = _SEPARATOR.split(rest, maxsplit=1)[0].strip(" ,;:")
    names = []
    for name in re.split(r",\s+|\s+(?:and|und|et|y|e|en|og|&)\s+", part):
        words = name.split()
        taken = _name_words(words)
        if not least <= len(taken) <= 6 or (whole and len(taken) < len(words)):
            return ", ".join(names) if not whole else ""
        names.append(" ".join(taken))
        if len(taken) < len(words):
            break  # the name ended inside this part: what follows is not a name
    return ", ".join(names)


def name_line(text: str, stopwords: frozenset[str] = frozenset()) -> bool:
    """Whether a line is a name alone, of two to four words ("Jane Doe", "Jean de la Rue"),
    none of them one of ``stopwords``."""
    words = text.split()
    return (2 <= len(words) <= 4 and len(_name_words(words)) == len(words)
            and not any(word.casefold() in stopwords for word in words
                        if word.casefold() not in _PARTICLES))


def _prefixed_author(text: str, prefixes: tuple[str, ...], dated: bool) -> str:
    """The name after a byline's prefix: at the line's start, after a separator, or (on a
    line that states a date) after any word. Without a date the name must fill what follows
    up to a separator: "von" and "by" open many a headline ("Daten von X gehackt")."""
    folded = text.casefold()
    for prefix in prefixes:
        at = 0
        while (at := folded.find(prefix, at)) >= 0:
            after = folded[at + len(prefix):at + len(prefix) + 1]
            before = folded[:at].rstrip()
            opens = at == 0 or before.endswith(("|", "·", "•", "-", "–", "—", "/", ","))
            if after in (" ", ":") and (opens or (dated and folded[at - 1] == " ")):
                author = _name(text[at + len(prefix):].lstrip(" :"), whole=not dated)
                if author:
                    return author
            at += len(prefix)
    return ""


def find_byline(text: str, prefixes: tuple[str, ...]) -> Byline | None:
    """The author and date a line states, if it is a byline or a date line."""
    if len(text.split()) > _MAX_WORDS:
        return None
    date = find_date(text)
    author = _prefixed_author(text, prefixes, bool(date))
    if not author and date:
        # "Jane Doe | 5 May 2024", "Jane Doe 05.05.2024", "5 May 2024 - Jane Doe": a name of
        # two words or more before the date, or a part of the line that is a name alone.
        author = _name(text, least=2, whole=True) or next(
            (part for part in _PARTS.split(text) if name_line(part)), "")
    if not author and not date:
        return None
    if not author and len(text.split()) > 8:
        return None  # a sentence with a date in it
    return Byline(author, date, bool(_UPDATED.search(text)))
