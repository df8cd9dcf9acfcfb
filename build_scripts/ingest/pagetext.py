"""A web page's visible text, one block a line, as a reader gets it by selecting the whole
page in a browser and copying it.

Used for a saved page's lines (what its Source panel numbers and lists) and, by the extraction
benchmark, to turn a saved page into the text an editor would paste into a ``.txt`` seed.
"""

from __future__ import annotations

import re

from lxml import etree, html

# Never rendered, so never copied.
_INVISIBLE = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "embed", "canvas", "select", "option", "datalist", "textarea", "input", "meta", "link",
    "base", "title", "audio", "video", "source", "track", "map", "dialog",
})
# Elements a browser lays out as blocks: their text starts and ends a line when copied.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    "caption", "frameset", "noframes", "output",
})
# Table cells sit side by side: a browser copies them with a tab between.
_CELLS = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f]+")


def parse_page(data: bytes) -> etree._Element | None:
    """Parse a saved page's bytes into a tree (the encoding found as a browser finds it), or
    ``None`` when they hold no markup at all."""
    # trafilatura's loader: declared charset, then detection, as a browser does.
    from trafilatura.utils import load_html

    return load_html(data)


def _hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def visible_lines(tree: etree._Element) -> list[str]:
    """The page's visible text: one line per block, runs of spaces collapsed, blank lines
    dropped (a block's text spread over inline elements stays on one line)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            lines.append(text)

    def add(text: str | None, pre: bool) -> None:
        if not text:
            return
        if pre:
            for number, part in enumerate(text.split("\n")):
                if number:
                    flush()
                current.append(part)
        else:
            current.append(text)

    body = tree.find(".//body")
    root = body if body is not None else tree
    # An explicit stack rather than recursion: some pages nest thousands of elements deep.
    # An item is (element, entering, inside <pre>); leaving an element adds its tail.
    stack: list[tuple[etree._Element, bool, bool]] = [(root, True, False)]
    while stack:
        element, entering, pre = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if entering:
            if not tag or tag in _INVISIBLE or _hidden(element):
                if element is not root:
                    add(element.tail, pre)
                continue
            inner_pre = pre or tag in ("pre", "textarea", "listing", "plaintext")
            if tag in _BLOCKS or tag == "br":
                flush()
            elif tag in _CELLS:
                current.append("\t")
            stack.append((element, False, pre))
            add(element.text, inner_pre)
            for child in reversed(element):
                stack.append((child, True, inner_pre))
        else:
            if tag in _BLOCKS:
                flush()
            if element is not root:
                add(element.tail, pre)
    flush()
    return lines


def copied_text(data: bytes) -> str:
    """The text a reader gets by selecting a saved page whole and copying it."""
    tree = parse_page(data)
    return "\n".join(visible_lines(tree)) + "\n" if tree is not None else ""


def html_of(text: str) -> etree._Element:
    """A tree from markup in a string (for tests)."""
    return html.document_fromstring(text)
