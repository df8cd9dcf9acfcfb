"""Export the whole reader as one PDF book: cover, contents, every page as a chapter.

Every page the site publishes (:attr:`Reader.pages`) becomes a chapter, converted with
Python-Markdown and the same extensions as ``mkdocs.yml``. The chapters go into one HTML
document that WeasyPrint lays out. Each chapter gets an anchor from its page address; every id
inside it is prefixed with that anchor and every link into the reader is resolved against the
page's address, so links land on a destination inside the PDF and never on the web site.
What the web shows on hover (a link's ``title``) and Markdown footnotes become page footnotes.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml.html import HtmlElement
from markdown import Markdown
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data

from build_scripts.builddate import build_datetime
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import SITE_NAME, build_reader_cached
from build_scripts.render import article_uri

# The name the site publishes the PDF under (``site/reader.pdf``); links to it are dropped
# from the book, which is that file.
PDF_NAME = "reader.pdf"
STYLESHEET = Path(__file__).with_name("pdf.css")
# Static pages of docs/ that belong in the book, before the articles.
INTRO_PAGES = ("about.md",)
# Chapter kinds, in the order the book gives them.
KIND_ORDER = ("intro", "article", "glossary-index", "glossary-term", "timeline", "other")
# Separates a chapter's anchor from an element's own id: page addresses never contain it.
ID_SEPARATOR = ":"

if TYPE_CHECKING:
    from weasyprint import URLFetcher


@dataclass(frozen=True)
class PdfReport:
    """What an export made, for the benchmark and the command line."""

    pages: int
    bytes: int
    seconds: float


@dataclass
class Chapter:
    """One page of the site, as a chapter of the book."""

    uri: str
    kind: str
    title: str
    body: HtmlElement
    ids: set[str] = field(default_factory=set)

    @property
    def anchor(self) -> str:
        """The chapter's id in the book: its page address without ``.md``."""
        return chapter_anchor(self.uri)


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


def markdown_converter(config: MkDocsConfig) -> Markdown:
    """Python-Markdown with the extensions and settings ``mkdocs.yml`` gives MkDocs."""
    return Markdown(extensions=config.markdown_extensions,
                    extension_configs=config.mdx_configs)


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
    title = str(meta.get("title") or (_text_of(first_heading) if first_heading is not None
                                       else ""))
    return title, body


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


def read_chapters(pages: Iterable[tuple[str, str]], article_uris: Sequence[str],
                  converter: Markdown, progress: Progress) -> list[Chapter]:
    """Convert ``(uri, markdown)`` pages into chapters in the book's order: intro, articles in
    the reader's order, glossary index, glossary terms, timeline, anything else.
    The home page is left out: the cover and the contents take its place."""
    article_set = set(article_uris)
    article_rank = {uri: rank for rank, uri in enumerate(article_uris)}
    chapters = []
    page_list = [(uri, text) for uri, text in pages if uri != "index.md"]
    for done, (uri, markdown_text) in enumerate(page_list, start=1):
        title, body = convert_page(markdown_text, converter)
        open_details(body)
        markdown_footnotes_to_page_footnotes(body)
        kind = chapter_kind(uri, article_set)
        if kind == "glossary-term":
            condense_term_for_print(body)
        chapter = Chapter(uri, kind, title or uri, body)
        chapter.ids = {element.get("id") for element in body.iter() if element.get("id")}
        chapters.append(chapter)
        progress.show(f"chapters converted: {done}/{len(page_list)}")
    # Articles keep the reader's order; other pages go A–Z by title within their kind.
    chapters.sort(key=lambda c: (KIND_ORDER.index(c.kind), article_rank.get(c.uri, 0),
                                 c.title.casefold() if c.kind != "article" else ""))
    return chapters


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


@dataclass
class Book:
    """The chapters, findable by page address, for resolving links between them."""

    chapters: list[Chapter]
    site_url: str
    by_uri: dict[str, Chapter] = field(init=False)

    def __post_init__(self) -> None:
        self.by_uri = {chapter.uri: chapter for chapter in self.chapters}

    def find(self, target: LinkTarget) -> Chapter | None:
        """The chapter a target names; a folder or extension-less address also finds its page."""
        for uri in (target.uri, f"{target.uri}.md", f"{target.uri}/index.md"):
            if uri in self.by_uri:
                return self.by_uri[uri]
        return None

    def book_href(self, target: LinkTarget) -> str | None:
        """The ``#id`` of ``target`` in the book, or ``None`` when the book lacks that page.
        A fragment the page does not have falls back to the top of the chapter."""
        chapter = self.find(target)
        if chapter is None:
            return None
        if target.fragment and target.fragment in chapter.ids:
            return f"#{chapter.anchor}{ID_SEPARATOR}{target.fragment}"
        return f"#{chapter.anchor}"


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
        in_footnote = any("fn" in (a.get("class") or "").split() for a in link.iterancestors())
        key = book_href or href
        if wants_footnotes and hover and not in_footnote and key not in footnoted:
            footnoted.add(key)
            _add_footnote(link, hover)


def _images_from_docs(chapter: Chapter, docs: Path) -> None:
    """Point relative image sources at their file in ``docs/`` (the fetcher reads files only)."""
    for image in chapter.body.iter("img"):
        src = image.get("src", "")
        target = link_target(src, chapter.uri, "")
        if target is not None:
            image.set("src", (docs / target.uri).resolve().as_uri())


# ---------------------------------------------------------------------------------------------
# The book as one HTML document


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


def _toc_entry(chapter: Chapter, css_class: str, number: int | None = None) -> str:
    page = f' data-page="{number}"' if number is not None else ""
    return (f'<li class="{css_class}"><a href="#{_e(chapter.anchor)}"{page}>'
            f"{_e(chapter.title)}</a></li>")


def contents_html(chapters: Sequence[Chapter], page_numbers: dict[str, int] | None = None) -> str:
    """The table of contents: one line per chapter with its page number (from the
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
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in chapter.body)
    text = _e(chapter.body.text or "")
    return (f'<section class="{classes}" id="{_e(chapter.anchor)}" '
            f'data-uri="{_e(chapter.uri)}">{text}{inner}</section>')


def _head_html(facts: BookFacts) -> str:
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


def book_html(facts: BookFacts, chapters: Sequence[Chapter]) -> str:
    """The whole book as one HTML document, with the metadata WeasyPrint copies to the PDF."""
    parts = [_head_html(facts), cover_html(facts), contents_html(chapters)]
    seen_kinds: set[str] = set()
    for chapter in chapters:
        parts.append(chapter_html(chapter, chapter.kind not in seen_kinds))
        seen_kinds.add(chapter.kind)
    parts.append("</body></html>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Progress on a terminal


class Progress:
    """One status line on stderr, rewritten in place; silent when disabled."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._shown = False

    @staticmethod
    def wanted(progress: bool | None) -> bool:
        """Show progress when asked, or by default on a terminal outside CI."""
        if progress is not None:
            return progress
        return sys.stderr.isatty() and not os.environ.get("CI")

    def show(self, message: str) -> None:
        """Replace the status line with ``message``."""
        if self.enabled:
            self.stream.write(f"\r\x1b[KPDF: {message}")
            self.stream.flush()
            self._shown = True

    def finish(self, message: str) -> None:
        """Print a last status line and move to the next line."""
        if self.enabled:
            self.show(message)
            self.stream.write("\n")
            self.stream.flush()


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" log records into progress."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("Step 5") and record.args:
            self.pages = max(self.pages, int(record.args[0]))
            self.progress.show(f"pages laid out: {self.pages}")


@contextmanager
def _quiet_engine_logs(progress: Progress) -> Iterator[None]:
    """Route WeasyPrint's step log to ``progress``, and keep fontTools' subsetting notes
    quiet: the command line logs at INFO, which would print hundreds of lines."""
    progress_logger = logging.getLogger("weasyprint.progress")
    fonttools_logger = logging.getLogger("fontTools")
    handler = _LayoutProgress(progress)
    saved = (progress_logger.level, progress_logger.propagate, fonttools_logger.level)
    progress_logger.setLevel(logging.INFO if progress.enabled else logging.WARNING)
    progress_logger.propagate = False
    progress_logger.addHandler(handler)
    fonttools_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(saved[0])
        progress_logger.propagate = saved[1]
        fonttools_logger.setLevel(saved[2])


# ---------------------------------------------------------------------------------------------
# Export


def offline_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that reads local files (and data: URLs) and nothing else."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, timeout=1)


def _book_pages(paths: ProjectPaths) -> list[tuple[str, str]]:
    """Every page the site publishes, plus the static intro pages found in ``docs/``."""
    reader = build_reader_cached(paths)
    pages = [(page.uri, page.markdown) for page in reader.pages]
    generated = {uri for uri, _ in pages}
    for name in INTRO_PAGES:
        source = paths.docs / name
        if name not in generated and source.is_file():
            pages.append((name, source.read_text(encoding="utf-8")))
    return pages


def prepare_book(pages: Sequence[tuple[str, str]], article_uris: Sequence[str],
                         config: MkDocsConfig, built: datetime, docs: Path,
                 progress: Progress | None = None) -> tuple[BookFacts, list[Chapter]]:
    """The book made of ``(uri, markdown)`` pages: its facts and its chapters, links rewritten.

    Args:
        pages: Every page to print, addressed as below ``docs/``.
        article_uris: The article pages, in the reader's order.
        config: The MkDocs configuration: Markdown extensions, site name and address.
        built: The build date shown on the cover and stored in the PDF.
        docs: The ``docs/`` folder, where relative images are found.
        progress: Where to report chapters converted.
    """
    progress = progress or Progress(False)
    chapters = read_chapters(pages, article_uris, markdown_converter(config), progress)
    book = Book(chapters, config.site_url or "")
    for chapter in chapters:
        rewrite_links(chapter, book)
        _images_from_docs(chapter, docs)
    site_name = config.site_name or SITE_NAME
    facts = BookFacts(
        title=site_name,
        description=config.site_description or "",
        author=config.site_author or f"The editors of {site_name}",
        language=str(config.theme.get("language") or "en"),
        built=built,
        article_count=len(article_uris),
        term_count=sum(1 for c in chapters if c.kind == "glossary-term"),
    )
    return facts, chapters


def book_html_from_pages(pages: Sequence[tuple[str, str]], article_uris: Sequence[str],
                         config: MkDocsConfig, built: datetime, docs: Path,
                         progress: Progress | None = None) -> str:
    """The book made of ``(uri, markdown)`` pages as one HTML document, ready for WeasyPrint
    (see :func:`prepare_book` for the arguments)."""
    return book_html(*prepare_book(pages, article_uris, config, built, docs, progress))


def write_book_pdf(document_html: str, out: Path, docs: Path,
                   progress: Progress | None = None) -> int:
    """Lay out ``document_html`` with WeasyPrint and write it to ``out``; return its pages.

    Only local files may be read (``docs/`` for images): no request leaves the machine.
    """
    progress = progress or Progress(False)
    with _quiet_engine_logs(progress):
        from weasyprint import CSS, HTML

        fetcher = offline_fetcher()
        document = HTML(string=document_html, base_url=docs.resolve().as_uri() + "/",
                        url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)])
        progress.show(f"writing {len(document.pages)} pages")
        out.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename, so a failed export leaves no half-written PDF.
        partial = out.with_name(f".{out.name}.partial")
        try:
            document.write_pdf(partial)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return len(document.pages)


def _chunks(chapters: Sequence[Chapter]) -> list[list[Chapter]]:
    """Chapters laid out together: each article on its own, the glossary (index and terms,
    which follow one another on the page) together, every other page on its own."""
    chunks: list[list[Chapter]] = []
    for chapter in chapters:
        glossary = chapter.kind in ("glossary-index", "glossary-term")
        if glossary and chunks and chunks[-1][0].kind in ("glossary-index", "glossary-term"):
            chunks[-1].append(chapter)
        else:
            chunks.append([chapter])
    return chunks


def write_book_pdf_in_parts(facts: BookFacts, chapters: Sequence[Chapter], out: Path,
                            docs: Path, progress: Progress | None = None) -> int:
    """Lay out the book part by part and write it as one PDF at ``out``; return its pages.

    Laying out one long document costs more per page the longer it gets (WeasyPrint keeps
    revisiting earlier pages for counters, strings and footnotes); parts of one article each
    keep the cost of a page the same however many articles there are. Links between parts
    still work: the PDF's named destinations are gathered from every page. Pages are numbered
    on from part to part; the cover and contents take roman numbers, their own count.
    """
    progress = progress or Progress(False)
    with _quiet_engine_logs(progress):
        from weasyprint import CSS, HTML

        fetcher = offline_fetcher()
        base_url = docs.resolve().as_uri() + "/"
        stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
        head = _head_html(facts)
        seen_kinds: set[str] = set()
        parts = []
        start_pages: dict[str, int] = {}
        next_page = 1
        chunks = _chunks(chapters)
        for done, chunk in enumerate(chunks, start=1):
            body = []
            for chapter in chunk:
                body.append(chapter_html(chapter, chapter.kind not in seen_kinds))
                seen_kinds.add(chapter.kind)
            numbering = CSS(string=f"@page :first {{ counter-reset: page {next_page} }}")
            part = HTML(string=head + "".join(body) + "</body></html>", base_url=base_url,
                        url_fetcher=fetcher).render(stylesheets=[stylesheet, numbering])
            for index, page in enumerate(part.pages):
                for chapter in chunk:
                    if chapter.anchor in page.anchors:
                        start_pages.setdefault(chapter.anchor, next_page + index)
            next_page += len(part.pages)
            parts.append(part)
            progress.show(f"parts laid out: {done}/{len(chunks)}, {next_page - 1} pages")
        front_numbering = CSS(string="@page front { @bottom-center { "
                                     "content: counter(page, lower-roman) } }")
        front = HTML(
            string=head + cover_html(facts) + contents_html(chapters, start_pages)
            + "</body></html>",
            base_url=base_url, url_fetcher=fetcher,
        ).render(stylesheets=[stylesheet, front_numbering])
        pages = [*front.pages, *(page for part in parts for page in part.pages)]
        progress.show(f"writing {len(pages)} pages")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.partial")
        try:
            front.copy(pages).write_pdf(partial)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return len(pages)


def export_pdf(paths: ProjectPaths, out: Path, *, progress: bool | None = None) -> PdfReport:
    """Write the whole reader as one PDF at ``out``; the same inputs and ``SOURCE_DATE_EPOCH``
    give the same bytes. Progress shows on a terminal unless ``progress`` says otherwise.

    Raises:
        InputError: A seed or data file is bad (nothing was written).
    """
    started = time.perf_counter()
    status = Progress(Progress.wanted(progress))
    config = load_config(str(paths.root / "mkdocs.yml"))
    reader = build_reader_cached(paths)
    facts, chapters = prepare_book(
        _book_pages(paths), [article_uri(article) for article in reader.articles], config,
        build_datetime(paths.root), paths.docs, status)
    pages = write_book_pdf_in_parts(facts, chapters, out, paths.docs, status)
    report = PdfReport(pages=pages, bytes=out.stat().st_size,
                       seconds=time.perf_counter() - started)
    status.finish(f"{report.pages} pages, {report.bytes / 2**20:.1f} MiB, "
                  f"{report.seconds:.1f} s")
    return report
