"""Lay the book out in parts, several at a time, each written to a PDF file of its own.

WeasyPrint lays a document out on one core and keeps all of it in memory until it is
written. The book is cut into parts where a page break falls anyway (before an article, the
glossary, the timeline; in the glossary, between two letters), and worker processes lay the
parts out and write them while the main process joins the files already written
(:mod:`build_scripts.publish.pdf.merge`). Converting the Markdown of the pages is shared out the same
way.

The workers are forked from a server process that has WeasyPrint already imported
(``forkserver``): no worker pays for the import, and none inherits the threads or locks of the
process that asked for the book (a test runner's, a web server's).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import lxml.html
from lxml.html import HtmlElement

from build_scripts.publish.pdf.book import (
    TAIL_HTML,
    Book,
    ChapterText,
    chapter_html,
    convert_chapter,
    first_of_kind_flags,
    images_from_docs,
    markdown_converter,
    rewrite_links,
)
from build_scripts.publish.pdf.merge import BOOK_LINK

if TYPE_CHECKING:
    from weasyprint import CSS, Document, URLFetcher

STYLESHEET = Path(__file__).with_name("pdf.css")
# Part sizes, in bytes of HTML: about 8 to 50 pages. A small book is cut in some eight
# parts, so that every worker has several (an even load); a large one in parts of at most
# PART_MAX_BYTES, each embedding its own copy of the glyphs it uses (some 20 kB). The cut does
# not depend on the number of workers: the same book gives the same bytes on any machine.
PART_MIN_BYTES = 40_000
PART_MAX_BYTES = 240_000
SMALL_BOOK_PARTS = 8
# Pages per batch of Markdown conversion; below CONVERT_HERE_BYTES of Markdown (some 50
# articles), the main process converts them in less time than the workers take to start.
CONVERT_BATCH = 16
CONVERT_HERE_BYTES = 2_000_000
# Page numbers are drawn on the joined book (see pdf_numbers.py), not by each part.
PART_CSS = "@page { @bottom-center { content: none } }"
# The cover and contents are numbered apart from the chapters, in roman numbers.
FRONT_CSS = "@page front { @bottom-center { content: counter(page, lower-roman) } }"
# The modules every worker needs, imported once by the server they are forked from.
PRELOAD = ["weasyprint", "markdown", "lxml.html", "build_scripts.publish.pdf.parts"]


def worker_count(requested: int | None = None) -> int:
    """How many processes lay the book out: ``requested``, else one per available core."""
    if requested is not None:
        return max(1, requested)
    return max(1, len(os.sched_getaffinity(0)))


# ---------------------------------------------------------------------------------------------
# Cutting the book into parts


@dataclass(frozen=True)
class PartPlan:
    """The chapters of one part (whole, or segments of a long one), whether each is the first
    of its kind in the book, and the running header of a part that goes on with a chapter
    (or the glossary) rather than starting one."""

    chapters: tuple[ChapterText, ...]
    first_of_kind: tuple[bool, ...]
    running_title: str | None = None


def part_budget(total_bytes: int) -> int:
    """The size a part may grow to, in bytes of HTML, in a book of ``total_bytes``."""
    return max(PART_MIN_BYTES, min(PART_MAX_BYTES, total_bytes // SMALL_BOOK_PARTS))


def _term_initial(chapter: ChapterText) -> str:
    return chapter.title[:1].casefold()


def _cut_before(blocks: Sequence[HtmlElement], sizes: Sequence[int], budget: int) -> int:
    """Where to end a segment of ``blocks`` that has outgrown ``budget``: before the last
    heading of the highest level found in its second half, else before its last block."""
    for level in ("h2", "h3", "h4"):
        done = 0
        best = 0
        for index, (block, size) in enumerate(zip(blocks, sizes, strict=True)):
            if index and block.tag == level and done >= budget // 2:
                best = index
            done += size
        if best:
            return best
    return len(blocks) - 1


def split_chapter(chapter: ChapterText, budget: int) -> list[ChapterText]:
    """A chapter longer than ``budget`` (the timeline of a large reader) as segments of about
    ``budget`` each, cut between blocks and, where one is near, before a heading: each segment
    is laid out in a part of its own, so no part outgrows the budget. The first segment keeps
    the chapter's anchor; the others are marked ``continued``."""
    if len(chapter.html) <= budget:
        return [chapter]
    body = lxml.html.fragment_fromstring(chapter.html)
    blocks = list(body)
    sizes = [len(lxml.html.tostring(block)) for block in blocks]
    segments: list[list[HtmlElement]] = []
    current: list[HtmlElement] = []
    current_sizes: list[int] = []
    for block, size in zip(blocks, sizes, strict=True):
        current.append(block)
        current_sizes.append(size)
        if len(current) > 1 and sum(current_sizes) > budget:
            cut = _cut_before(current, current_sizes, budget)
            segments.append(current[:cut])
            current, current_sizes = current[cut:], current_sizes[cut:]
    segments.append(current)
    texts = []
    for index, segment in enumerate(segments):
        section = lxml.html.Element(body.tag, dict(body.attrib))
        section.text = body.text if index == 0 else None
        section.extend(segment)
        texts.append(ChapterText(chapter.uri, chapter.kind, chapter.title,
                                 lxml.html.tostring(section, encoding="unicode"), chapter.ids,
                                 continued=index > 0))
    return texts


def plan_parts(chapters: Sequence[ChapterText]) -> list[PartPlan]:
    """Cut the book into parts of about :func:`part_budget` bytes, where a page break falls
    anyway: before every chapter but a glossary term (terms follow one another on a page),
    and between terms of different letters (between any two terms if one letter has twice
    the budget). A chapter longer than a part is cut into segments (:func:`split_chapter`),
    each a part of its own."""
    budget = part_budget(sum(len(c.html) for c in chapters))
    glossary_title = next((c.title for c in chapters if c.kind == "glossary-index"), None)
    flags = first_of_kind_flags(chapters)
    plans: list[PartPlan] = []
    current: list[tuple[ChapterText, bool]] = []
    size = 0

    def close() -> None:
        nonlocal current, size
        if current:
            texts = tuple(text for text, _ in current)
            plans.append(PartPlan(texts, tuple(flag for _, flag in current),
                                  _running_title(texts[0], glossary_title)))
        current, size = [], 0

    for chapter, first in zip(chapters, flags, strict=True):
        segments = split_chapter(chapter, budget)
        if len(segments) > 1:
            close()
            for index, segment in enumerate(segments):
                current = [(segment, first and index == 0)]
                close()
            continue
        if current:
            previous = current[-1][0]
            # A page break falls before it anyway, or the glossary starts a new letter.
            natural = chapter.kind != "glossary-term" or (
                previous.kind == "glossary-term"
                and _term_initial(previous) != _term_initial(chapter))
            grown = size + len(chapter.html)
            if (natural and grown > budget) or grown > 2 * budget:
                close()
        current.append((chapter, first))
        size += len(chapter.html)
    close()
    return plans


def _running_title(first: ChapterText, glossary_title: str | None) -> str | None:
    """A part that starts inside a chapter carries that chapter's title at the top of its
    pages, and one that starts with a glossary term the glossary's, as the other pages of
    that chapter or of the glossary do."""
    if first.kind == "glossary-term":
        return glossary_title
    return first.title if first.continued else None


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


# ---------------------------------------------------------------------------------------------
# What a worker does


@dataclass(frozen=True)
class MarkdownJob:
    """What converting any page needs: the Markdown settings of ``mkdocs.yml`` and the
    addresses of the article pages."""

    extensions: tuple[Any, ...]
    extension_configs: Mapping[str, Any]
    article_uris: frozenset[str]


@dataclass(frozen=True)
class LayoutJob:
    """What laying out any part needs: the document's head, the book's ids (to resolve links),
    ``docs/`` (for images), where to write the parts, and the build's date setting."""

    head: str
    book: Book
    docs: Path
    folder: Path
    source_date_epoch: str | None


@dataclass(frozen=True)
class PartBookmark:
    """A bookmark of a part: its level, label, page in the part, and place in PDF points."""

    level: int
    label: str
    page: int
    x: float
    y: float
    open: bool


@dataclass(frozen=True)
class Usage:
    """What a task cost the process that ran it: processor seconds, and the most memory the
    process has held so far (MiB). ``pid`` tells the processes apart."""

    pid: int
    cpu_seconds: float
    peak_mib: float

    @classmethod
    def since(cls, cpu_start: float) -> Usage:
        """This process's usage since ``time.process_time()`` was ``cpu_start``."""
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return cls(os.getpid(), time.process_time() - cpu_start, peak)


@dataclass(frozen=True)
class LaidOutPart:
    """A part written to ``path``: its pages, the page each of its chapters starts on, its
    bookmarks, and what laying it out cost."""

    path: Path
    pages: int
    starts: Mapping[str, int]
    bookmarks: tuple[PartBookmark, ...]
    usage: Usage


@dataclass(frozen=True)
class ConvertedBatch:
    """Chapters converted from a batch of pages, and what converting them cost."""

    chapters: list[ChapterText]
    usage: Usage


@dataclass(frozen=True)
class PartTask:
    """One part to lay out: its number (which names its file) and plan."""

    number: int
    plan: PartPlan


# What a worker process was given when it started, and what it keeps between tasks.
_state: dict[str, Any] = {}


def start_worker(job: MarkdownJob | LayoutJob) -> None:
    """Keep ``job`` for the tasks to come (run once in each worker process)."""
    _state.clear()
    _state["job"] = job
    if isinstance(job, LayoutJob) and job.source_date_epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = job.source_date_epoch


def convert_batch(pages: Sequence[tuple[str, str]]) -> ConvertedBatch:
    """Convert ``(uri, markdown)`` pages into chapters (in a worker, or in this process after
    :func:`start_worker`)."""
    cpu_start = time.process_time()
    job: MarkdownJob = _state["job"]
    if "converter" not in _state:
        _state["converter"] = markdown_converter(job.extensions, job.extension_configs)
    chapters = [ChapterText.of(convert_chapter(uri, text, _state["converter"], job.article_uris))
                for uri, text in pages]
    return ConvertedBatch(chapters, Usage.since(cpu_start))


def _engine() -> tuple[CSS, URLFetcher]:
    """The stylesheet and URL fetcher, made once per process."""
    if "stylesheet" not in _state:
        from weasyprint import CSS, URLFetcher

        fetcher = URLFetcher(allowed_protocols={"file", "data"}, timeout=1)
        _state["fetcher"] = fetcher
        _state["stylesheet"] = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
    return _state["stylesheet"], _state["fetcher"]


def links_between_parts(html_links: Iterator[Any]) -> None:
    """Mark every link into the book (``#id``) as a :data:`BOOK_LINK` address: the part
    holding its destination may be another, and the joiner resolves it."""
    for link in html_links:
        href = link.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            link.set("href", BOOK_LINK + href[1:])


def part_html(task: PartTask, job: LayoutJob) -> str:
    """The part's chapters as one HTML document, links rewritten for the joined book."""
    body = []
    for text, first in zip(task.plan.chapters, task.plan.first_of_kind, strict=True):
        chapter = text.parse()
        rewrite_links(chapter, job.book)
        images_from_docs(chapter, job.docs)
        links_between_parts(chapter.body.iter("a"))
        body.append(chapter_html(chapter, first))
    return job.head + "".join(body) + TAIL_HTML


def _render(html: str, extra_css: str, job: LayoutJob) -> Document:
    from weasyprint import CSS, HTML

    stylesheet, fetcher = _engine()
    return HTML(string=html, base_url=job.docs.resolve().as_uri() + "/",
                url_fetcher=fetcher).render(stylesheets=[stylesheet, CSS(string=extra_css)])


def _written(document: Document, path: Path, anchors: Sequence[str],
             cpu_start: float) -> LaidOutPart:
    """Write ``document`` to ``path``; what the joiner and the contents need of it."""
    document.write_pdf(path)
    starts: dict[str, int] = {}
    bookmarks = []
    for index, page in enumerate(document.pages):
        for anchor in anchors:
            if anchor in page.anchors:
                starts.setdefault(anchor, index)
        for level, label, (x, y), state in page.bookmarks:
            # CSS pixels from the top left to PDF points from the bottom left, as WeasyPrint.
            bookmarks.append(PartBookmark(level, label, index, x * 0.75,
                                          (page.height - y) * 0.75, state != "closed"))
    return LaidOutPart(path, len(document.pages), starts, tuple(bookmarks),
                       Usage.since(cpu_start))


def lay_out_part(task: PartTask) -> LaidOutPart:
    """Lay out one part and write it as ``part-NNNNN.pdf`` in the job's folder."""
    cpu_start = time.process_time()
    job: LayoutJob = _state["job"]
    css = PART_CSS
    if task.plan.running_title is not None:
        css += f" @page {{ @top-center {{ content: {css_string(task.plan.running_title)} }} }}"
    document = _render(part_html(task, job), css, job)
    path = job.folder / f"part-{task.number:05d}.pdf"
    anchors = [chapter.anchor for chapter in task.plan.chapters if not chapter.continued]
    return _written(document, path, anchors, cpu_start)


def lay_out_front(html: str) -> LaidOutPart:
    """Lay out the cover and the contents (``html``, a whole document) as ``front.pdf``."""
    cpu_start = time.process_time()
    job: LayoutJob = _state["job"]
    document = lxml.html.document_fromstring(html)
    links_between_parts(document.iter("a"))
    html = "<!DOCTYPE html>" + lxml.html.tostring(document, encoding="unicode")
    return _written(_render(html, FRONT_CSS, job), job.folder / "front.pdf", [], cpu_start)


# ---------------------------------------------------------------------------------------------
# The workers


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def warm_up() -> None:
    """Start the server the workers are forked from, so that it imports WeasyPrint while this
    process reads the reader."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


class Workers:
    """Processes that run tasks for one job, results in the order of the tasks; with one
    worker, this process runs them itself (no process is started).

    A worker that dies (killed, out of memory) fails the export with ``BrokenProcessPool``
    rather than leave it waiting. As with any process pool, a script that exports must guard
    its top level with ``if __name__ == "__main__":`` (workers import the main module).
    """

    def __init__(self, job: MarkdownJob | LayoutJob, count: int) -> None:
        self.job = job
        self.count = count
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            self.pool = ProcessPoolExecutor(self.count, mp_context=_context(),
                                            initializer=start_worker, initargs=(self.job,))
        else:
            start_worker(self.job)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=error is not None)

    def map(self, function: Any, tasks: Sequence[Any]) -> Iterator[Any]:
        """``function`` over ``tasks``, results in order as they come."""
        if self.pool is None:
            return map(function, tasks)
        return self.pool.map(function, tasks)

    def call(self, function: Any, *args: Any) -> Any:
        """``function(*args)`` in a worker."""
        if self.pool is None:
            return function(*args)
        return self.pool.submit(function, *args).result()
