"""Write any text as Markdown that shows exactly that text, never markup.

The escapes are plain CommonMark and Python-Markdown escapes and HTML character references,
so any Markdown generator shows the same characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Characters that open inline markup anywhere in a line, in Python-Markdown and its common
# extensions (emphasis, code, links, attribute lists, footnotes, abbreviations).
_BACKSLASH_ANYWHERE = frozenset("\\`*_{}[]")
# Characters that are markup in HTML or in extensions we may enable; written as references.
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "~": "&#126;",
    "^": "&#94;",
}
# At the start of a block these open a heading, a list, a quote, an admonition, a details
# block, a definition, a block extension or a setext underline.
_LINE_START = re.compile(r"^(?:(\d+)([.)])|([#+\-=!:?/%]))")


_SPECIAL = re.compile(r"[\\`*_{}\[\]&<>|~^]")
_SPECIAL_IN_HEADING = re.compile(r"[\\`*_{}\[\]&<>|~^#]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _BACKSLASH_ANYWHERE:
        return "\\" + char
    return _REFERENCES.get(char, "&#35;")


def escape(text: str, *, in_heading: bool = False) -> str:
    """Return Markdown whose rendering shows ``text`` character for character.

    >>> print(escape("# *not* <b>"))
    &#35; \\*not\\* &lt;b&gt;
    """
    # A closing run of # in a heading would be stripped as the heading's own markup.
    special = _SPECIAL_IN_HEADING if in_heading else _SPECIAL
    escaped = special.sub(_escape_char, text)
    match = _LINE_START.match(escaped)
    if match:
        if match.group(1) is not None:
            escaped = f"{match.group(1)}\\{match.group(2)}{escaped[match.end() :]}"
        else:
            escaped = f"&#{ord(match.group(3))};{escaped[1:]}"
    return escaped


def escape_heading(text: str) -> str:
    """Like :func:`escape`, and a closing ``#`` is kept rather than stripped as a heading mark."""
    return escape(text, in_heading=True)


# In an attribute list, inline markup is still read before the list is (emphasis, code, links,
# entities), and the list itself ends at a brace: every such character becomes a reference.
_ATTRIBUTE_REFERENCES = str.maketrans({
    "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;",
    **{char: f"&#{ord(char)};" for char in "{}\\*_`[]"},
})


# Cached: the values are hover texts (a term's short definition, "Paragraph 3: link to it"),
# written thousands of times over, and ``str.translate`` with a table is slow.
@lru_cache(maxsize=8192)
def attribute_value(text: str) -> str:
    """Text safe inside a double-quoted attribute of an attribute list (``{: title="..." }``)."""
    return text.translate(_ATTRIBUTE_REFERENCES)


_SPECIAL_BUT_EMPHASIS = re.compile(r"[\\`{}\[\]&<>|~^]")


def escape_editorial(text: str) -> str:
    """Our editors' prose from a data file (a term's definition, a note) as Markdown in which
    only emphasis (``*``, ``_``) and paragraphs are markup: no HTML, link, image, attribute
    list or block syntax, line by line.

    >>> print(escape_editorial("*Wired* <b>\\n2012. Then"))
    *Wired* &lt;b&gt;
    2012\\. Then
    """
    lines = []
    for line in text.split("\n"):
        escaped = _SPECIAL_BUT_EMPHASIS.sub(_escape_char, line)
        indent = len(escaped) - len(escaped.lstrip(" "))
        body = escaped[indent:]
        # A bullet too: unlike escape(), an asterisk is left as emphasis here.
        match = _LINE_START.match(body) or re.match(r"\*(?=\s)", body)
        if match:
            if match.re is _LINE_START and match.group(1) is not None:
                body = f"{match.group(1)}\\{match.group(2)}{body[match.end():]}"
            else:
                body = f"&#{ord(body[0])};{body[1:]}"
        lines.append(escaped[:indent] + body)
    return "\n".join(lines)
