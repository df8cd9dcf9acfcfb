"""Where the project's text meets the generators' templates: front matter, link addresses.

Text from a seed or a data file reaches a page by two roads. The Markdown body is read by the
Markdown converter, which :mod:`build_scripts.render.markdown_text` writes for. The front
matter is not: MkDocs hands its values to the templates as ``page.meta`` (and the title as
``page.title``), and Material's and Zensical's templates insert them as they are, without
escaping, into ``<title>``, the header and the ``content`` of ``<meta name=description>``.
Both generators treat those values as HTML: MkDocs itself derives ``page.title`` from the
first heading as HTML (character references kept). So every front matter value is written
here as HTML text, quotes included, and any template or generator that reads ``docs/``, with
or without our hook, shows it as text. Readers that want the text back (the PDF) take it with
:func:`text_of`.

Link addresses from the data files are checked as web addresses when loaded; here they are
also written so that no character of theirs can end the Markdown link they stand in.
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

_WEB = ("http://", "https://")


def html_text(text: str) -> str:
    """``text`` as HTML that shows exactly that text, in an element or a quoted attribute."""
    return html.escape(text, quote=True)


def text_of(value: object) -> str:
    """The text of a front matter value written by :func:`front_matter`."""
    return html.unescape(str(value))


def _as_html(value: object) -> object:
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, dict):
        return {key: _as_html(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_html(item) for item in value]
    return value


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter for MkDocs and Zensical (title, description, ...), every string in it
    HTML text (see the module's docs).

    Values are written as JSON strings, which YAML reads as they are, and much faster to
    write than through a YAML emitter.
    """
    body = "".join(f"{key}: {json.dumps(_as_html(value), ensure_ascii=False)}\n"
                   for key, value in fields.items())
    return f"---\n{body}---\n\n"


def link_address(url: str) -> str:
    """A web address from a data file as a Markdown link's destination: percent-encoded
    wherever a character could end the link or the destination (``)``, ``>``, spaces, quotes)
    or open markup. Anything but a web address links nowhere."""
    if not url.startswith(_WEB):
        return "#"
    return quote(url, safe="%/:?#@!$&*+,;=-._~")
