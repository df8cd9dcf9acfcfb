"""The reader's pages as the chapters of a book, in HTML that WeasyPrint lays out.

Every page the site publishes becomes a chapter, converted with Python-Markdown and the same
extensions as ``mkdocs.yml``. Each chapter gets an anchor from its page address; every id
inside it is prefixed with that anchor and every link into the reader is resolved against the
page's address, so links land on a destination inside the PDF and never on the web site.
What the web shows on hover (a link's ``title``) and Markdown footnotes become page footnotes.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml.html import HtmlElement
from markdown import Markdown
from mkdocs.utils.meta import get_data

from build_scripts.render.escaping import text_of

# The name the site publishes the PDF under (``site/reader.pdf``); links to it are dropped
# from the book, which is that file.
PDF_NAME = "reader.pdf"
# Static pages of docs/ that belong in the book, before the articles.
INTRO_PAGES = ("about.md",)
# Chapter kinds, in the order the book gives them.
KIND_ORDER = ("intro", "article", "glossary-index", "glossary-term", "timeline", "other")
# Separates a chapter's anchor from an element's own id: page addresses never contain it.
ID_SEPARATOR = ":"
# Links whose hover text only names what the line already prints ("The same passage in
# <title>" beside that title, "¶3 of this article"): a footnote would repeat it.
QUIET_LINK_CLASSES = frozenset({"reader-also-in-link", "reader-backlink"})
# Places an "Also in" line prints before "and N more". A passage reprinted by many articles
# would otherwise list all the others under each copy: the square of the copies in print.
ALSO_IN_SHOWN = 3


@dataclass
class Chapter:
    """One page of the site, as a chapter of the book."""

    uri: str
    kind: str
    title: str
    body: HtmlElement
    ids: frozenset[str] = field(default_factory=frozenset)
    # The rest of a chapter too long for one part (see pdf_parts.split_chapter): it goes on
    # from the previous segment, without the chapter's anchor.
    continued: bool = False

    @property
    def anchor(self) -> str:
        """The chapter's id in the book: its page address without ``.md``."""
        return chapter_anchor(self.uri)


@dataclass(frozen=True)
class ChapterText:
    """A chapter as plain data, to send to another process: its body as HTML."""

    uri: str
    kind: str
    title: str
    html: str
    ids: frozenset[str]
    continued: bool = False

    @property
    def anchor(self) -> str:
        """The chapter's id in the book (see :func:`chapter_anchor`)."""
        return chapter_anchor(self.uri)

    @classmethod
    def of(cls, chapter: Chapter) -> ChapterText:
        """The chapter's body serialised (its text before the first child included)."""
        return cls(chapter.uri, chapter.kind, chapter.title,
                   lxml.html.tostring(chapter.body, encoding="unicode"), chapter.ids,
                   chapter.continued)

    def parse(self) -> Chapter:
        """The chapter with its body parsed again."""
        return Chapter(self.uri, self.kind, self.title, lxml.html.fragment_fromstring(self.html),
                       self.ids, self.continued)


def chapter_anchor(uri: str) -> str:
    """A page address as an id: ``articles/x.md`` -> ``articles.x`` (slugs have no dots)."""
    return uri.removesuffix(".md").replace("/", ".")


def chapter_kind(uri: str, article_uris: set[str]) -> str:
    """What a page is in the book, from its address."""
    if uri in article_uris:
        return "article"
    if uri in INTRO_PAGES:
        return "intro"
    if uri == "glossary/index.md":
        return "glossary-index"
    if uri.startswith("glossary/"):
        return "glossary-term"
    if uri == "timeline.md":
        return "timeline"
    return "other"


# ---------------------------------------------------------------------------------------------
# Markdown to HTML


def markdown_converter(extensions: Sequence[object],
                       extension_configs: Mapping[str, object]) -> Markdown:
    """Python-Markdown with the extensions and settings ``mkdocs.yml`` gives MkDocs."""
    return Markdown(extensions=list(extensions), extension_configs=dict(extension_configs))


def _drop_keep_tail(element: HtmlElement) -> None:
    """Remove ``element`` and its content, keeping the text that follows it."""
    element.drop_tree()


def _text_of(element: HtmlElement) -> str:
    """The visible text of an element, whitespace squashed."""
    return " ".join(element.text_content().split())


def convert_page(markdown_text: str, converter: Markdown) -> tuple[str, HtmlElement]:
    """The page's title (front matter, else its first heading) and its body as HTML."""
    body_markdown, meta = get_data(markdown_text)
    converter.reset()
    body = lxml.html.fragment_fromstring(converter.convert(body_markdown),
                                         create_parent="section")
    for permalink in body.find_class("headerlink"):
        # Permalinks and ¶ links are for the web; the book numbers paragraphs instead.
        _drop_keep_tail(permalink)
    first_heading = body.find(".//h1")
    if meta.get("title"):
        return text_of(meta["title"]), body  # front matter holds HTML, as the web's templates
    return (_text_of(first_heading) if first_heading is not None else ""), body


def open_details(body: HtmlElement) -> None:
    """Collapsible blocks (``??? Source``) are shown open: paper cannot be clicked."""
    for details in body.iter("details"):
        details.tag = "div"
        details.set("class", f"details {details.get('class', '')}".strip())
        details.attrib.pop("open", None)
        for summary in details.findall("summary"):
            summary.tag = "p"
            summary.set("class", "details-title")


def markdown_footnotes_to_page_footnotes(body: HtmlElement) -> None:
    """Move each Markdown footnote (``[^n]``, the ``footnotes`` extension) to where it is
    called, as a ``span.fn`` the stylesheet floats to the page's foot."""
    notes: dict[str, HtmlElement] = {}
    for block in body.find_class("footnote"):
        for item in block.iter("li"):
            if item.get("id"):
                notes[item.get("id")] = item
    if not notes:
        return
    for ref in list(body.find_class("footnote-ref")):
        note = notes.get(ref.get("href", "").lstrip("#"))
        call = ref.getparent() if ref.getparent().tag == "sup" else ref
        if note is None:
            continue
        footnote = lxml.html.Element("span", {"class": "fn fn-note"})
        for part in note:
            copy = lxml.html.fromstring(lxml.html.tostring(part))
            for backref in copy.find_class("footnote-backref"):
                _drop_keep_tail(backref)
            copy.tag = "span"
            copy.attrib.clear()
            copy.set("class", "fn-part")
            footnote.append(copy)
        for node in footnote.iter():
            # A line break of the Markdown source inside a footnote is printed as a break.
            node.text = node.text and node.text.replace("\n", " ")
            node.tail = node.tail and node.tail.replace("\n", " ")
        footnote.tail = call.tail
        call.addprevious(footnote)
        call.getparent().remove(call)
    for block in list(body.find_class("footnote")):
        _drop_keep_tail(block)


def _list_after(body: HtmlElement, heading_id: str) -> HtmlElement | None:
    heading = next((h for h in body.iter("h2") if h.get("id") == heading_id), None)
    following = heading.getnext() if heading is not None else None
    while following is not None and following.tag not in ("ul", "h2"):
        following = following.getnext()
    return following if following is not None and following.tag == "ul" else None


def condense_term_for_print(body: HtmlElement) -> None:
    """Print a term the way a book's index reads: "Mentioned in" as each article's title
    followed by its paragraph numbers (the web page quotes every sentence), and related
    terms as names only. A term's pages stay few however many articles mention it."""
    mentions = _list_after(body, "mentioned-in")
    if mentions is not None:
        for item in mentions.findall("li"):
            title = item.find(".//strong/a")
            links = [a for a in item.iter("a") if "reader-backlink" in (a.get("class") or "")]
            for child in list(item):
                item.remove(child)
            item.text = None
            if title is not None:
                title.tail = ": "
                item.append(title)
            for index, link in enumerate(links):
                link.tail = ", " if index < len(links) - 1 else ""
                item.append(link)
    related = _list_after(body, "related-terms")
    if related is not None:
        for item in related.findall("li"):
            link = item.find("a")
            if link is not None:
                link.tail = ""
                item.text = None
                for child in list(item):
                    if child is not link:
                        item.remove(child)


def condense_also_in_for_print(body: HtmlElement, shown: int = ALSO_IN_SHOWN) -> None:
    """Keep the first ``shown`` places of each "Also in" line and count the rest: "Also in
    *A* ¶4; *B* ¶2; *C* ¶7 and 9 more." (the web page lists them all)."""
    for line in body.find_class("reader-also-in"):
        links = [a for a in line.iter("a") if "reader-also-in-link" in (a.get("class") or "")]
        if len(links) <= shown:
            continue
        for link in links[shown:]:
            title = link.getprevious()
            if title is not None and title.tag == "em":
                title.drop_tree()
            link.drop_tree()
        links[shown - 1].tail = f" and {len(links) - shown} more."


def convert_chapter(uri: str, markdown_text: str, converter: Markdown,
                    article_uris: set[str]) -> Chapter:
    """One page as a chapter: converted, its panels opened, its notes made page footnotes,
    and, for a glossary term or an article, condensed for print."""
    title, body = convert_page(markdown_text, converter)
    open_details(body)
    markdown_footnotes_to_page_footnotes(body)
    kind = chapter_kind(uri, article_uris)
    if kind == "glossary-term":
        condense_term_for_print(body)
    condense_also_in_for_print(body)
    ids = frozenset(element.get("id") for element in body.iter() if element.get("id"))
    return Chapter(uri, kind, title or uri, body, ids)


ChapterT = TypeVar("ChapterT", Chapter, ChapterText)


def book_order(chapters: Iterable[ChapterT], article_uris: Sequence[str]) -> list[ChapterT]:
    """Chapters in the book's order: intro, articles in the reader's order, glossary index,
    glossary terms, timeline, anything else; within a kind other than articles, A–Z."""
    article_rank = {uri: rank for rank, uri in enumerate(article_uris)}
    return sorted(chapters, key=lambda c: (KIND_ORDER.index(c.kind), article_rank.get(c.uri, 0),
                                           c.title.casefold() if c.kind != "article" else ""))



def book_pages(pages: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pages that become chapters: all but the home page, whose place the cover and the
    contents take."""
    return [(uri, text) for uri, text in pages if uri != "index.md"]


# ---------------------------------------------------------------------------------------------
# Links inside the book


@dataclass(frozen=True)
class LinkTarget:
    """Where a link into the reader points: a page address and a fragment (maybe empty)."""

    uri: str
    fragment: str


def link_target(href: str, page_uri: str, site_url: str) -> LinkTarget | None:
    """Resolve ``href`` found on ``page_uri``; ``None`` when it points outside the reader.

    Relative ``.md`` and ``.html`` links, bare fragments, folder links and absolute links to
    the site's own address (``site_url``) all point into the reader.
    """
    base = page_uri
    if site_url and href.startswith(site_url):
        # The site's own address: resolve from its root, whose bare address is the home page.
        href, base = href[len(site_url):], "index.md"
        href = href if href.split("#", 1)[0] else "index.md" + href
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return LinkTarget(page_uri, fragment)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(
        posixpath.dirname(base), path)
    uri = posixpath.normpath(joined)
    if path.endswith("/") or uri == ".":
        uri = posixpath.join(uri, "index.md")
    if uri.endswith(".html"):
        uri = uri.removesuffix(".html") + ".md"
    return LinkTarget(posixpath.normpath(uri), fragment)


@dataclass(frozen=True)
class Book:
    """The ids of every chapter by page address, for resolving links between chapters."""

    ids_by_uri: Mapping[str, frozenset[str]]
    site_url: str

    @classmethod
    def of(cls, chapters: Iterable[Chapter | ChapterText], site_url: str) -> Book:
        """The book holding ``chapters``."""
        return cls({chapter.uri: chapter.ids for chapter in chapters}, site_url)

    def find(self, target: LinkTarget) -> str | None:
        """The address of the chapter a target names; a folder or extension-less address
        also finds its page."""
        for uri in (target.uri, f"{target.uri}.md", f"{target.uri}/index.md"):
            if uri in self.ids_by_uri:
                return uri
        return None

    def book_href(self, target: LinkTarget) -> str | None:
        """The ``#id`` of ``target`` in the book, or ``None`` when the book lacks that page.
        A fragment the page does not have falls back to the top of the chapter."""
        uri = self.find(target)
        if uri is None:
            return None
        if target.fragment and target.fragment in self.ids_by_uri[uri]:
            return f"#{chapter_anchor(uri)}{ID_SEPARATOR}{target.fragment}"
        return f"#{chapter_anchor(uri)}"


def _is_link_to_this_pdf(target: LinkTarget | None) -> bool:
    return target is not None and posixpath.basename(target.uri) == PDF_NAME


def _drop_pdf_download(link: HtmlElement) -> None:
    """Remove a "download the PDF" link with its paragraph, which is about the download:
    the book is that PDF."""
    paragraph = next((a for a in link.iterancestors() if a.tag in ("p", "li")), None)
    _drop_keep_tail(paragraph if paragraph is not None else link)


def _add_footnote(link: HtmlElement, text: str) -> None:
    """Put ``text`` in a footnote called right after ``link``, led by the link's words.

    No "see p. N": every page holding a reference to a later page is laid out three times,
    which made the export half as slow again; the glossary is in A–Z order anyway.
    """
    footnote = lxml.html.Element("span", {"class": "fn fn-hover"})
    label = _text_of(link)
    if label and label.casefold() not in text.casefold():
        strong = lxml.html.Element("span", {"class": "fn-term"})
        strong.text = label
        strong.tail = f": {text}"
        footnote.append(strong)
    else:
        footnote.text = text
    footnote.tail = link.tail
    link.tail = None
    link.addnext(footnote)


def _wants_footnote(link: HtmlElement) -> bool:
    """Whether a link's hover text says something its line does not already print."""
    classes = set((link.get("class") or "").split())
    in_footnote = any("fn" in (a.get("class") or "").split() for a in link.iterancestors())
    return not classes & QUIET_LINK_CLASSES and not in_footnote


def rewrite_links(chapter: Chapter, book: Book) -> None:
    """Prefix ids with the chapter's anchor, point links at ids of the book, and give the first
    link with a hover text (``title``) to each destination a footnote with that text."""
    prefix = chapter.anchor + ID_SEPARATOR
    for element in chapter.body.iter():
        if element.get("id"):
            element.set("id", prefix + element.get("id"))
    footnoted: set[str] = set()
    # On glossary pages hover texts only name a backlink's target ("¶3 of this article"),
    # and the definitions are printed there in full: no footnotes.
    wants_footnotes = not chapter.kind.startswith("glossary")
    for link in list(chapter.body.iter("a")):
        href = link.get("href")
        if href is None:
            continue
        target = link_target(href, chapter.uri, book.site_url)
        if _is_link_to_this_pdf(target):
            _drop_pdf_download(link)
            continue
        book_href = book.book_href(target) if target is not None else None
        if target is not None and book_href is None:
            # A page the book does not hold (or the site's address): keep the words only.
            link.drop_tag()
            continue
        if book_href is not None:
            link.set("href", book_href)
        hover = (link.get("title") or "").strip()
        key = book_href or href
        if wants_footnotes and hover and key not in footnoted and _wants_footnote(link):
            footnoted.add(key)
            _add_footnote(link, hover)


def images_from_docs(chapter: Chapter, docs: Path) -> None:
    """Point relative image sources at their file in ``docs/`` (the fetcher reads files
    only)."""
    for image in chapter.body.iter("img"):
        target = link_target(image.get("src", ""), chapter.uri, "")
        if target is not None:
            image.set("src", (docs / target.uri).resolve().as_uri())


# ---------------------------------------------------------------------------------------------
# The book as HTML


@dataclass(frozen=True)
class BookFacts:
    """What the cover and the PDF's metadata say."""

    title: str
    description: str
    author: str
    language: str
    built: datetime
    article_count: int
    term_count: int


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def cover_html(facts: BookFacts) -> str:
    """The cover page: title, description, build date, how many articles and terms."""
    articles = f"{facts.article_count} article{'s' if facts.article_count != 1 else ''}"
    terms = f"{facts.term_count} glossary term{'s' if facts.term_count != 1 else ''}"
    return (
        '<section class="cover" id="cover">'
        f'<p class="cover-title">{_e(facts.title)}</p>'
        f'<p class="cover-description">{_e(facts.description)}</p>'
        f'<p class="cover-counts">{articles} · {terms}</p>'
        f'<p class="cover-date">Built on {facts.built:%-d %B %Y}</p>'
        f'<p class="cover-author">{_e(facts.author)}</p>'
        "</section>"
    )


def _toc_entry(chapter: Chapter | ChapterText, css_class: str,
               number: int | None = None) -> str:
    page = f' data-page="{number}"' if number is not None else ""
    return (f'<li class="{css_class}"><a href="#{_e(chapter.anchor)}"{page}>'
            f"{_e(chapter.title)}</a></li>")


def contents_html(chapters: Sequence[Chapter | ChapterText],
                  page_numbers: Mapping[str, int] | None = None) -> str:
    """The table of contents: one line per chapter with its page number (given, else from the
    stylesheet's ``target-counter``). Glossary terms are listed only without a glossary
    index, which lists them itself."""
    has_glossary_index = any(c.kind == "glossary-index" for c in chapters)
    lines = []
    in_articles = False
    for chapter in chapters:
        if chapter.kind == "glossary-term" and has_glossary_index:
            continue
        if chapter.kind == "article" and not in_articles:
            lines.append('<li class="toc-part">Articles</li>')
        in_articles = chapter.kind == "article"
        number = page_numbers.get(chapter.anchor) if page_numbers is not None else None
        lines.append(_toc_entry(chapter, f"toc-{chapter.kind}", number))
    numbered = " toc-numbered" if page_numbers is not None else ""
    return ('<nav class="contents" id="contents"><h1 class="contents-title">Contents</h1>'
            f'<ol class="toc{numbered}">{"".join(lines)}</ol></nav>')


def chapter_html(chapter: Chapter, first_of_kind: bool) -> str:
    """One chapter as a ``<section>`` whose id is the chapter's anchor. The first article
    carries the "Articles" bookmark, the first glossary term the "Terms" one if needed."""
    classes = f"chapter chapter-{chapter.kind}"
    if first_of_kind:
        classes += " first-of-kind"
    if chapter.continued:
        classes += " chapter-continued"
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in chapter.body)
    text = _e(chapter.body.text or "")
    anchor = "" if chapter.continued else f' id="{_e(chapter.anchor)}"'
    return (f'<section class="{classes}"{anchor} '
            f'data-uri="{_e(chapter.uri)}">{text}{inner}</section>')


def head_html(facts: BookFacts) -> str:
    """The document's head, with the metadata WeasyPrint copies to the PDF, and ``<body>``."""
    stamp = facts.built.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<!DOCTYPE html><html lang="{_e(facts.language)}"><head><meta charset="utf-8">'
        f"<title>{_e(facts.title)}</title>"
        f'<meta name="author" content="{_e(facts.author)}">'
        f'<meta name="description" content="{_e(facts.description)}">'
        f'<meta name="dcterms.created" content="{stamp}">'
        f'<meta name="dcterms.modified" content="{stamp}">'
        "</head><body>"
    )


TAIL_HTML = "</body></html>"


def first_of_kind_flags(chapters: Sequence[Chapter | ChapterText]) -> list[bool]:
    """For each chapter, whether it is the first of its kind in the book."""
    seen: set[str] = set()
    flags = []
    for chapter in chapters:
        flags.append(chapter.kind not in seen)
        seen.add(chapter.kind)
    return flags


def book_html(facts: BookFacts, chapters: Sequence[Chapter]) -> str:
    """The whole book as one HTML document, with the metadata WeasyPrint copies to the PDF."""
    parts = [head_html(facts), cover_html(facts), contents_html(chapters),
             '<div class="chapters">']
    for chapter, first in zip(chapters, first_of_kind_flags(chapters), strict=True):
        parts.append(chapter_html(chapter, first))
    parts += ["</div>", TAIL_HTML]
    return "".join(parts)
