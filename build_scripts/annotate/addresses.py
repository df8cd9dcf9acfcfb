"""Web and e-mail addresses in text: a glossary term inside one ("tesla" in
``https://tesla.com/x``, "china" in ``press@china.org``) is part of the address, never a
mention."""

from __future__ import annotations

import re

_ADDRESS = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'()\[\]]+"  # with a scheme, or www.
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/[^\s<>\"'()\[\]]*",  # a bare domain with a path
    re.IGNORECASE,
)


# A word (between spaces) that holds what every address holds. Searching only these words
# keeps the scan linear: the address pattern, tried at every position of a long text, starts
# over at each letter.
_CANDIDATE = re.compile(r"(?<!\S)[^\s/@]*(?:://|www\.|@|/)\S*", re.IGNORECASE)


def mask_addresses(text: str) -> str:
    """``text`` with every address blanked out by spaces (offsets unchanged)."""
    if "://" not in text and "www." not in text and "@" not in text and "/" not in text:
        return text
    parts = []
    done = 0
    for word in _CANDIDATE.finditer(text):
        for found in _ADDRESS.finditer(word.group()):
            start, end = word.start() + found.start(), word.start() + found.end()
            parts += [text[done:start], " " * (end - start)]
            done = end
    return "".join(parts) + text[done:]
