"""A listing's HTML (what MkDocs publishes) is what Python-Markdown makes of its Markdown (what
``docs/``, the PDF and other generators get)."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_scripts.models import ListedLink, ListItem, Strong
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from build_scripts.render.article import relative_link
from build_scripts.render.listings import (
    MARKER,
    listing_html,
    listing_markdown,
    markdown_for_mkdocs,
    page_with_listing,
)
from tests.conftest import ROOT

CONFIG = load_config(str(ROOT / "mkdocs.yml"))
_WHITE_SPACE = re.compile(r"[ \t\r\n]+")
PAGE = "glossary/some-term.md"
TARGETS = ["articles/one.md", "articles/two.md#p-1a2b3c4d", "glossary/other.md", "index.md#top"]

# Any printable text on one line, as titles and sentences are.
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40)
# A title or a mention: something to show, without space at either end.
_SHOWN = _TEXT.map(str.strip).filter(bool)
_LINKS = st.builds(ListedLink, _SHOWN, st.sampled_from(TARGETS), _TEXT.map(str.strip),
                   st.sampled_from(["", "reader-backlink"]))


@st.composite
def _quote(draw: st.DrawFn) -> ListItem:
    """A sentence with the mention in bold, and a link to its paragraph."""
    return ListItem(("“", draw(_TEXT), Strong((draw(_SHOWN),)), draw(_TEXT), "” ",
                     draw(_LINKS)))


@st.composite
def _item(draw: st.DrawFn) -> ListItem:
    """An article: a link and a note after it, or a bold link with quotes below."""
    link = draw(_LINKS)
    if draw(st.booleans()):
        return ListItem((link, f" ({draw(_TEXT)})"))
    return ListItem((Strong((link,)),), tuple(draw(st.lists(_quote(), min_size=1, max_size=3))))


def _shape(element: Tag) -> tuple[object, ...]:
    """What a reader meets in an element: its tag, attributes, and its text with its children's
    shapes in their places. White space is what a browser shows: runs of it are one space, and
    none at the edges of a list or an item (minifying removes it there)."""
    attributes = tuple(sorted((key, " ".join(value) if isinstance(value, list) else value)
                              for key, value in element.attrs.items()))
    parts: list[object] = []  # text, a child's shape, text, ...
    text = ""
    for child in element.children:
        if isinstance(child, Tag):
            parts += [text, _shape(child)]
            text = ""
        else:
            text += str(child)
    parts.append(text)
    for number in range(0, len(parts), 2):
        shown = _WHITE_SPACE.sub(" ", str(parts[number]))
        if number == 0 or _is_block(parts[number - 1]):
            shown = shown.lstrip(" ")
        if number == len(parts) - 1 or _is_block(parts[number + 1]):
            shown = shown.rstrip(" ")
        parts[number] = shown
    return element.name, attributes, tuple(parts)


def _is_block(shape: object) -> bool:
    return isinstance(shape, tuple) and shape[0] in {"ul", "li"}


def _first_list(html: str) -> Tag:
    found = BeautifulSoup(html, "html.parser").find("ul")
    assert isinstance(found, Tag), html
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(_item(), min_size=1, max_size=4))
def test_listing_html_is_what_python_markdown_makes_of_its_markdown(items) -> None:
    page = page_with_listing(PAGE, "# Term\n\n", items, "\n")
    assert page.listing is not None
    converted = markdown.Markdown(
        extensions=CONFIG.markdown_extensions, extension_configs=CONFIG.mdx_configs
    ).convert(listing_markdown(page))
    written = listing_html(page.listing, lambda target: relative_link(PAGE, target))
    assert _shape(_first_list(written)) == _shape(_first_list(converted))


def test_listing_markdown_links_relative_to_its_page() -> None:
    link = ListedLink("Two", "articles/two.md#p-1", "¶1 of this article", "reader-backlink")
    page = page_with_listing(PAGE, "", [ListItem((Strong((link,)),))])
    assert page.markdown == (
        '- **[Two](../articles/two.md#p-1){: .reader-backlink title="¶1 of this article" }**'
    )


def test_mkdocs_is_given_the_page_with_a_marker_where_the_listing_was() -> None:
    page = page_with_listing(PAGE, "# Term\n\nText.\n\n",
                             [ListItem((ListedLink("One", "articles/one.md"), " (¶2)"))], "\n")
    assert page.markdown == "# Term\n\nText.\n\n- [One](../articles/one.md) (¶2)\n"
    assert markdown_for_mkdocs(page) == f"# Term\n\nText.\n\n{MARKER}\n"
    # An HTML comment on its own: Python-Markdown passes it through, for the hook to replace.
    assert MARKER in markdown.markdown(markdown_for_mkdocs(page))


def test_the_site_shows_each_listing_where_its_markdown_stands(built_site) -> None:
    """On the built site, each term page's "Mentioned in" list, which MkDocs got as HTML, is
    the list Python-Markdown makes of the page's Markdown, right after the section's count."""
    reader = build_reader(ProjectPaths(ROOT))
    listed = [page for page in reader.pages if page.listing is not None]
    assert len(listed) > 10
    for page in listed:
        assert page.listing is not None
        converted = markdown.Markdown(
            extensions=CONFIG.markdown_extensions, extension_configs=CONFIG.mdx_configs
        ).convert(listing_markdown(page))
        # MkDocs writes a link to a page's Markdown as a link to its HTML.
        expected = _first_list(converted.replace('.md"', '.html"').replace(".md#", ".html#"))
        html_path = built_site / page.uri.replace(".md", ".html")
        soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "lxml")
        heading = soup.select_one("#mentioned-in")
        assert heading is not None, page.uri
        count = heading.find_next_sibling()
        shown = count.find_next_sibling() if count is not None else None
        assert count is not None and count.name == "p" and " mention" in count.get_text()
        assert isinstance(shown, Tag) and shown.name == "ul", page.uri
        assert _shape(shown) == _shape(expected), page.uri
    assert "reader-listing" not in (built_site / listed[0].uri.replace(".md", ".html")).read_text(
        encoding="utf-8")


def _hook_build(target: str) -> tuple[Page, str]:
    """The hook's two steps on a term page whose listing links to ``target``."""
    from build_scripts.publish import mkdocs_hook

    config = load_config(str(ROOT / "mkdocs.yml"))
    listing = page_with_listing(PAGE, "", [ListItem((ListedLink("One", target), " (¶1)"))]).listing
    assert listing is not None
    files = Files([File(uri, src_dir=None, dest_dir="site", use_directory_urls=False)
                   for uri in ("articles/one.md", PAGE)])
    page = Page("Term", files.get_file_from_path(PAGE), config)
    mkdocs_hook._listings.clear()
    mkdocs_hook._listings[PAGE] = listing
    page.content = f"<h1>Term</h1>\n{MARKER}"
    mkdocs_hook.on_page_content(page.content, page=page, config=config, files=files)
    mkdocs_hook.on_page_context({}, page=page, config=config, nav=None)
    return page, page.content


def test_the_hook_resolves_a_listing_link_and_registers_its_anchor() -> None:
    page, content = _hook_build("articles/one.md#p-1")
    assert content == ('<h1>Term</h1>\n<ul>\n<li><a href="../articles/one.html#p-1">One</a> '
                       "(¶1)</li>\n</ul>")
    # MkDocs checks the anchor at the end of the build, as for a Markdown link.
    assert {file.src_uri: anchors for file, anchors in page.links_to_anchors.items()} == {
        "articles/one.md": {"p-1": "articles/one.md#p-1"}}


def test_the_hook_refuses_a_listing_link_to_a_missing_page() -> None:
    with pytest.raises(PluginError, match=r"articles/gone\.md"):
        _hook_build("articles/gone.md#p-1")
