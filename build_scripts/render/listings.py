"""Write a page's long list of links two ways: as Markdown, in the page (for ``docs/``, the PDF
and any other generator), and as HTML, which the MkDocs hook puts in the list's place.

Python-Markdown spends as long on a list of links as on prose of the same length, and on a
collection of a thousand articles the term pages' "Mentioned in" lists, kept out of search,
were a quarter of the site's build. The HTML form is the same list written straight from the
data, in the same pass; a property test converts the Markdown form and compares the two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape as html_escape

from build_scripts.models import GeneratedPage, ListedLink, Listing, ListItem, Strong
from build_scripts.render.article import relative_link
from build_scripts.render.markdown_text import attribute_value, escape

# Where the HTML goes in the Markdown MkDocs converts: an HTML block, which Python-Markdown
# passes through as it is and Material's search ignores.
MARKER = "<!-- reader-listing -->"

Run = str | ListedLink | Strong


def page_with_listing(uri: str, before: str, items: Sequence[ListItem],
                      after: str = "") -> GeneratedPage:
    """The page ``uri`` whose Markdown is ``before``, the list of ``items``, then ``after``.

    ``before`` ends with a blank line and ``after`` starts with one, so that the list is a
    block of its own.
    """
    writer = _ListingWriter(uri)
    writer.write_items(items, 0)
    markdown = "\n".join(writer.markdown)
    listing = Listing(len(before), len(before) + len(markdown), (*writer.html_parts, "".join(
        writer.html)), tuple(writer.targets))
    return GeneratedPage(uri, before + markdown + after, listing)


class _ListingWriter:
    """Both forms of a list, written in one pass over its items."""

    def __init__(self, page_uri: str) -> None:
        self.page_dir = page_uri.rpartition("/")[0]
        self.markdown: list[str] = []
        self.html: list[str] = []  # since the last link's address
        self.html_parts: list[str] = []
        self.targets: list[str] = []

    def write_items(self, items: Sequence[ListItem], depth: int) -> None:
        indent = "    " * depth
        self.html.append("<ul>\n")
        for item in items:
            self.html.append("<li>")
            line = "".join([self._run(run) for run in item.content])
            self.markdown.append(f"{indent}- {line}")
            if item.children:
                self.write_items(item.children, depth + 1)
                self.html.append("\n")
            self.html.append("</li>\n")
        self.html.append("</ul>")

    def _run(self, run: Run) -> str:
        """Write ``run`` as HTML; return it as Markdown."""
        if type(run) is str:
            markdown, html = _text_forms(run)
            self.html.append(html)
            return markdown
        if isinstance(run, Strong):
            self.html.append("<strong>")
            inner = "".join([self._run(part) for part in run.content])
            self.html.append("</strong>")
            return f"**{inner}**"
        assert isinstance(run, ListedLink)
        self.html.append('<a href="')
        self.html_parts.append("".join(self.html))
        self.html.clear()
        self.targets.append(run.target)
        markdown, html = _link_forms(run, self.page_dir)
        self.html.append(html)
        return markdown


# A collection's titles and notes recur on every term page: each is escaped once.
@lru_cache(maxsize=65536)
def _text_forms(text: str) -> tuple[str, str]:
    return escape(text), html_escape(text, quote=False)


@lru_cache(maxsize=65536)
def _link_forms(link: ListedLink, page_dir: str) -> tuple[str, str]:
    """The link as Markdown from a page in ``page_dir``, and its HTML after the address."""
    html = '"'
    attributes = []
    if link.css_class:
        html += f' class="{html_escape(link.css_class)}"'
        attributes.append(f".{link.css_class}")
    if link.title:
        html += f' title="{html_escape(link.title)}"'
        attributes.append(f'title="{attribute_value(link.title)}"')
    # The text is an article's title on every term page that lists the article: taken from
    # the cache of texts, though the whole link (its paragraph) is seldom met twice.
    markdown_text, html_text = _text_forms(link.text)
    html += f">{html_text}</a>"
    markdown = f"[{markdown_text}]({relative_link(f'{page_dir}/', link.target)})"
    if attributes:
        markdown += f"{{: {' '.join(attributes)} }}"
    return markdown, html


def listing_markdown(page: GeneratedPage) -> str:
    """The Markdown of the page's listing (none: empty)."""
    if page.listing is None:
        return ""
    return page.markdown[page.listing.start:page.listing.end]


def markdown_for_mkdocs(page: GeneratedPage) -> str:
    """The page's Markdown with its listing (if any) replaced by :data:`MARKER`."""
    listing = page.listing
    if listing is None:
        return page.markdown
    return f"{page.markdown[:listing.start]}{MARKER}{page.markdown[listing.end:]}"


def listing_html(listing: Listing, href: Callable[[str], str]) -> str:
    """The listing as HTML, as Python-Markdown writes the same list; ``href`` gives the address
    of a link's target (a page below ``docs/``, maybe with a ``#fragment``)."""
    out = [listing.html_parts[0]]
    for target, part in zip(listing.targets, listing.html_parts[1:], strict=True):
        out += [html_escape(href(target)), part]
    return "".join(out)
