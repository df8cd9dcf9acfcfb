"""Export the whole reader as one PDF book: cover, contents, every page as a chapter.

The chapters are made by :mod:`build_scripts.publish.pdf.book`; WeasyPrint lays the book out
as one document, with the page numbers, running headers, footnotes and bookmarks that
``pdf.css`` asks for.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import SITE_NAME, build_reader_cached
from build_scripts.publish.builddate import build_datetime
from build_scripts.publish.pdf.book import (
    INTRO_PAGES,
    PDF_NAME,
    Book,
    BookFacts,
    Chapter,
    ChapterText,
    LinkTarget,
    book_html,
    book_order,
    book_pages,
    convert_chapter,
    images_from_docs,
    link_target,
    markdown_converter,
    rewrite_links,
)
from build_scripts.render.article import article_uri

if TYPE_CHECKING:
    from weasyprint import URLFetcher

STYLESHEET = Path(__file__).with_name("pdf.css")

__all__ = [
    "PDF_NAME",
    "STYLESHEET",
    "LinkTarget",
    "PdfReport",
    "Progress",
    "export_pdf",
    "link_target",
    "offline_fetcher",
    "write_book_pdf",
]


@dataclass(frozen=True)
class PdfReport:
    """What an export made, for the benchmark and the command line."""

    pages: int
    bytes: int
    seconds: float


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
# The book in one process, as one document


def offline_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that reads local files (and data: URLs) and nothing else."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, timeout=1)


def read_chapters(pages: Iterable[tuple[str, str]], article_uris: Sequence[str],
                  config: MkDocsConfig, progress: Progress) -> list[Chapter]:
    """Convert ``(uri, markdown)`` pages into chapters in the book's order, in this process."""
    converter = markdown_converter(config.markdown_extensions, config.mdx_configs)
    article_set = set(article_uris)
    page_list = book_pages(pages)
    chapters = []
    for done, (uri, markdown_text) in enumerate(page_list, start=1):
        chapters.append(convert_chapter(uri, markdown_text, converter, article_set))
        progress.show(f"chapters converted: {done}/{len(page_list)}")
    return book_order(chapters, article_uris)


def book_facts(config: MkDocsConfig, built: datetime, article_count: int,
               chapters: Sequence[Chapter | ChapterText]) -> BookFacts:
    """What the cover and the PDF's metadata say, from ``mkdocs.yml`` and the chapters."""
    site_name = config.site_name or SITE_NAME
    return BookFacts(
        title=site_name,
        description=config.site_description or "",
        author=config.site_author or f"The editors of {site_name}",
        language=str(config.theme.get("language") or "en"),
        built=built,
        article_count=article_count,
        term_count=sum(1 for c in chapters if c.kind == "glossary-term"),
    )


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
    chapters = read_chapters(pages, article_uris, config, progress or Progress(False))
    book = Book.of(chapters, config.site_url or "")
    for chapter in chapters:
        rewrite_links(chapter, book)
        images_from_docs(chapter, docs)
    return book_facts(config, built, len(article_uris), chapters), chapters


def book_html_from_pages(pages: Sequence[tuple[str, str]], article_uris: Sequence[str],
                         config: MkDocsConfig, built: datetime, docs: Path,
                         progress: Progress | None = None) -> str:
    """The book made of ``(uri, markdown)`` pages as one HTML document, ready for WeasyPrint
    (see :func:`prepare_book` for the arguments)."""
    return book_html(*prepare_book(pages, article_uris, config, built, docs, progress))


@contextmanager
def _written_in_place(out: Path) -> Iterator[Path]:
    """A path beside ``out`` to write to, renamed to ``out`` at the end: a failed export
    leaves no half-written PDF."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    try:
        yield partial
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def write_book_pdf(document_html: str, out: Path, docs: Path,
                   progress: Progress | None = None) -> int:
    """Lay out ``document_html`` with WeasyPrint as one document and write it to ``out``;
    return its pages. Fine for a small book: a long one is slower per page the longer it is.

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
        with _written_in_place(out) as partial:
            document.write_pdf(partial)
    return len(document.pages)


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
    with _quiet_engine_logs(status):
        document = book_html_from_pages(
            _book_pages(paths), [article_uri(article) for article in reader.articles], config,
            build_datetime(paths.root), paths.docs, status)
    pages = write_book_pdf(document, out, paths.docs, status)
    report = PdfReport(pages=pages, bytes=out.stat().st_size,
                       seconds=time.perf_counter() - started)
    status.finish(f"{report.pages} pages, {report.bytes / 2**20:.1f} MiB, "
                  f"{report.seconds:.1f} s")
    return report
