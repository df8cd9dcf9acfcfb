"""Clean, stable addresses from any text (titles, headings, file names)."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary; may be empty.

    >>> slugify("Chinese Tech Firms Fueling Beijing’s Repression")
    'chinese-tech-firms-fueling-beijings-repression'
    >>> slugify("[draft] my article (2).txt")
    'draft-my-article-2-txt'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "")
    slug = _NOT_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug
