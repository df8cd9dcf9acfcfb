"""Whether a line can stand as an article's headline.

A page copied whole from a browser can begin with what was never meant to be read: a
tracking pixel's ``<img>`` from a ``<noscript>``, a pasted snippet, the page's address, a
rule of dashes. Such a line shows as text like any other (nothing in a seed is markup), but
as the headline it would be the page's title, the header and what search engines list.
"""

from __future__ import annotations

import re
import unicodedata

# Comments, elements whose content is not text (kept whole), then any other tag; a tag cut
# off at the end of the line counts too. Character references are markup as well.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<(script|style|noscript|iframe|object|svg|template)\b.*?(?:</\1\s*>|$)"
    r"|</?[A-Za-z][^<>]*(?:>|$)"
    r"|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);",
    re.IGNORECASE | re.DOTALL,
)
# One word that is an address: a scheme (https:, javascript:, data:), www. or //host.
_ADDRESS = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|www\.|//)\S*$", re.IGNORECASE)


def _has_words(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def title_problem(text: str) -> str | None:
    """Why ``text`` cannot be a headline (``None`` when it can): it is markup, a web address,
    or has no letter or digit.

    >>> title_problem('<img height="1" width="1" src="http://b.scorecardresearch.com/p">')
    'it is markup'
    >>> title_problem('<img src=x onerror=alert(1)> Great "quoted" title') is None
    True
    """
    text = text.strip()
    if _ADDRESS.match(text):
        return "it is a web address"
    if _has_words(text) and not _has_words(_MARKUP.sub(" ", text)):
        return "it is markup"
    if not _has_words(text):
        return "it has no letter or digit"
    return None
