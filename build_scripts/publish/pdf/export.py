"""Export the whole reader as one PDF book: cover, contents, every page as a chapter.

The chapters are made by :mod:`build_scripts.publish.pdf.book`. The export lays the book out in parts,
on every core (:mod:`build_scripts.publish.pdf.parts`), and joins the parts' files into one PDF as they
come (:mod:`build_scripts.publish.pdf.merge`), with page numbers drawn at the join
(:mod:`build_scripts.publish.pdf.numbers`): time and memory per article stay the same however many
articles there are. :func:`write_book_pdf` lays a book out as a single document instead, for
small books and tests.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    TAIL_HTML,
    Book,
    BookFacts,
    Chapter,
    ChapterText,
    LinkTarget,
    book_html,
    book_order,
    book_pages,
    contents_html,
    convert_chapter,
    cover_html,
    head_html,
    images_from_docs,
    link_target,
    markdown_converter,
    rewrite_links,
)
from build_scripts.publish.pdf.merge import Bookmark, PdfJoiner
from build_scripts.publish.pdf.numbers import number_font
from build_scripts.publish.pdf.parts import (
    CONVERT_BATCH,
    CONVERT_HERE_BYTES,
    STYLESHEET,
    LaidOutPart,
    LayoutJob,
    MarkdownJob,
    PartTask,
    Usage,
    Workers,
    convert_batch,
    lay_out_front,
    lay_out_part,
    plan_parts,
    warm_up,
    worker_count,
)
from build_scripts.render.article import article_uri

if TYPE_CHECKING:
    from weasyprint import URLFetcher

LOGGER = logging.getLogger(__name__)

__all__ = [
    "PDF_NAME",
    "STYLESHEET",
    "LinkTarget",
    "PdfReport",
    "Progress",
    "export_pages",
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
    # Processor time of this process and of the workers, and the most memory a worker held.
    cpu_seconds: float = 0.0
    worker_peak_mib: float = 0.0


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


# ---------------------------------------------------------------------------------------------
# The book in parts, on every core


@dataclass
class WorkerUsage:
    """What the worker processes spent: processor seconds, and the most memory one held."""

    cpu_seconds: float = 0.0
    peak_mib: float = 0.0

    def add(self, usage: Usage) -> None:
        """Count a task's usage, unless this process ran it (its time is counted already)."""
        if usage.pid != os.getpid():
            self.cpu_seconds += usage.cpu_seconds
            self.peak_mib = max(self.peak_mib, usage.peak_mib)


def convert_pages(pages: Sequence[tuple[str, str]], article_uris: Sequence[str],
                  config: MkDocsConfig, workers: int, progress: Progress,
                  usage: WorkerUsage) -> list[ChapterText]:
    """Convert the pages into chapters in the book's order, batches shared among workers.

    A small book is converted here, while the workers start: it takes less time than
    starting them.
    """
    page_list = book_pages(pages)
    batches = [page_list[start:start + CONVERT_BATCH]
               for start in range(0, len(page_list), CONVERT_BATCH)]
    job = MarkdownJob(tuple(config.markdown_extensions), dict(config.mdx_configs),
                      frozenset(article_uris))
    size = sum(len(text) for _, text in page_list)
    count = 1 if size < CONVERT_HERE_BYTES else min(workers, len(batches))
    chapters: list[ChapterText] = []
    with Workers(job, count) as pool:
        for batch in pool.map(convert_batch, batches):
            chapters += batch.chapters
            usage.add(batch.usage)
            progress.show(f"chapters converted: {len(chapters)}/{len(page_list)}")
    return book_order(chapters, article_uris)


@dataclass
class _Joined:
    """What the joined parts add up to: pages (object numbers), bookmarks, chapter starts."""

    pages: list[int] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)

    def add(self, part: LaidOutPart, page_refs: Sequence[int], first_number: int) -> None:
        """Add a part whose pages were copied as ``page_refs``, numbered from
        ``first_number``."""
        self.pages += page_refs
        self.bookmarks += [Bookmark(b.level, b.label, page_refs[b.page], b.x, b.y, b.open)
                           for b in part.bookmarks]
        self.starts.update({anchor: first_number + index
                            for anchor, index in part.starts.items()})


def write_book_in_parts(facts: BookFacts, chapters: Sequence[ChapterText], out: Path,
                        docs: Path, site_url: str, workers: int,
                        progress: Progress | None = None,
                        usage: WorkerUsage | None = None) -> int:
    """Lay the book out part by part on ``workers`` processes, join the parts into one PDF at
    ``out`` as they come, and return its pages.

    The chapters are numbered from 1 on; the cover and contents, laid out last with the page
    each chapter starts on, come first and take roman numbers. A failed export leaves no file.
    """
    progress = progress or Progress(False)
    usage = usage if usage is not None else WorkerUsage()
    tasks = [PartTask(number, plan) for number, plan in enumerate(plan_parts(chapters))]
    head = head_html(facts)
    with (tempfile.TemporaryDirectory(prefix="reader-pdf-") as folder,
          _written_in_place(out) as partial, partial.open("wb") as file):
        job = LayoutJob(head, Book.of(chapters, site_url), docs, Path(folder),
                        os.environ.get("SOURCE_DATE_EPOCH"))
        joiner = PdfJoiner(file, number_font())
        body, front = _Joined(), _Joined()
        with Workers(job, min(workers, len(tasks))) as pool:
            for done, part in enumerate(pool.map(lay_out_part, tasks), start=1):
                first = len(body.pages) + 1
                numbers = [str(first + index) for index in range(part.pages)]
                body.add(part, joiner.add_part(part.path, numbers), first)
                part.path.unlink()
                usage.add(part.usage)
                LOGGER.debug("part %d: %d pages, %.1f s of processor time, %.0f MiB",
                             done, part.pages, part.usage.cpu_seconds, part.usage.peak_mib)
                progress.show(f"pages laid out: {len(body.pages)} (part {done}/{len(tasks)})")
            contents = cover_html(facts) + contents_html(chapters, body.starts)
            front_part = pool.call(lay_out_front, head + contents + TAIL_HTML)
        usage.add(front_part.usage)
        front.add(front_part, joiner.add_part(front_part.path, metadata=True), 1)
        progress.show(f"writing {len(front.pages) + len(body.pages)} pages")
        joiner.finish(front.pages + body.pages, front.bookmarks + body.bookmarks)
    return len(front.pages) + len(body.pages)


def export_pages(pages: Sequence[tuple[str, str]], article_uris: Sequence[str],
                 config: MkDocsConfig, built: datetime, docs: Path, out: Path, *,
                 jobs: int | None = None, progress: Progress | None = None,
                 usage: WorkerUsage | None = None) -> int:
    """Write the book made of ``(uri, markdown)`` pages to ``out``, on ``jobs`` processes
    (one per core by default); return its pages. ``usage`` adds up what the workers spent.
    See :func:`prepare_book` for the other arguments."""
    progress = progress or Progress(False)
    usage = usage if usage is not None else WorkerUsage()
    workers = worker_count(jobs)
    with _quiet_engine_logs(progress):
        chapters = convert_pages(pages, article_uris, config, workers, progress, usage)
        facts = book_facts(config, built, len(article_uris), chapters)
        return write_book_in_parts(facts, chapters, out, docs, config.site_url or "", workers,
                                   progress, usage)


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


def export_pdf(paths: ProjectPaths, out: Path, *, progress: bool | None = None,
               jobs: int | None = None) -> PdfReport:
    """Write the whole reader as one PDF at ``out``; the same inputs and ``SOURCE_DATE_EPOCH``
    give the same bytes, whatever ``jobs`` (processes; one per core by default). Progress
    shows on a terminal unless ``progress`` says otherwise.

    Raises:
        InputError: A seed or data file is bad (nothing was written).
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    status = Progress(Progress.wanted(progress))
    if worker_count(jobs) > 1:
        warm_up()
    config = load_config(str(paths.root / "mkdocs.yml"))
    reader = build_reader_cached(paths)
    usage = WorkerUsage()
    pages = export_pages(_book_pages(paths), [article_uri(article) for article in reader.articles],
                         config, build_datetime(paths.root), paths.docs, out, jobs=jobs,
                         progress=status, usage=usage)
    report = PdfReport(pages=pages, bytes=out.stat().st_size,
                       seconds=time.perf_counter() - started,
                       cpu_seconds=time.process_time() - cpu_started + usage.cpu_seconds,
                       worker_peak_mib=usage.peak_mib)
    status.finish(f"{report.pages} pages, {report.bytes / 2**20:.1f} MiB, "
                  f"{report.seconds:.1f} s")
    return report
