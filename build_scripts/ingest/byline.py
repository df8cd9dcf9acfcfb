"""Find a byline or a date line: "By X", "by X | 2024/02/22 3:48 PM", "Jul 26, 2017 · 5 min
read", "6. Oktober 2022", ISO dates. Dates are read by htmldate's date parser (many languages
and forms), bylines by the prefixes of ``data/extraction.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A line longer than this is prose that mentions a date, not a date line.
_MAX_WORDS = 14
_SEPARATOR = re.compile(r"\s+[|·•–—/-]\s+|\s*[|·•]\s*|,\s+(?=[^,]*\d)"
                        r"|\s+(?:on|am|le|el|il|op|den)\s+(?=\S*\d)"
                        r"|\s+(?=\d{1,4}[./-]\d)|\s+(?=\d{1,2}\.?\s+\w+\s+\d{4})", re.IGNORECASE)
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


def _name(rest: str) -> str:
    """The name or names at the start of ``rest``, up to a separator; ``""`` if they do not
    read as names (one to six words each, capitalised or particles)."""
    part = _SEPARATOR.split(rest, maxsplit=1)[0].strip(" ,;:")
    names = []
    for name in re.split(r",\s+|\s+(?:and|und|et|y|e|en|og|&)\s+", part):
        words = name.split()
        if not 1 <= len(words) <= 6 or not all(
            word.casefold() in _PARTICLES
            or (_NAME_WORD.match(word) and word[0].isupper())
            for word in words
        ):
            break
        names.append(name)
    return ", ".join(names)


def find_byline(text: str, prefixes: tuple[str, ...]) -> Byline | None:
    """The author and date a line states, if it is a byline or a date line."""
    if len(text.split()) > _MAX_WORDS:
        return None
    folded = text.casefold()
    author = ""
    for prefix in prefixes:
        if folded.startswith(prefix) and folded[len(prefix):len(prefix) + 1] in (" ", ":"):
            author = _name(text[len(prefix):].lstrip(" :"))
            if author:
                break
    date = find_date(text)
    if not author and not date:
        return None
    if not author and len(text.split()) > 8:
        return None  # a sentence with a date in it
    return Byline(author, date, bool(_UPDATED.search(text)))
