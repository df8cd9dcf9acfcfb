"""Build the pages on two cores: MkDocs from the front of the list, a forked worker from the end.

MkDocs handles the pages one after another, twice: it converts every page's Markdown, then
renders every page's HTML (the theme's template, the search plugin's indexing, minifying)
and writes it. For each of the two rounds the hook forks a worker with everything MkDocs
holds at that moment. The worker takes pages from the end of the list, MkDocs from the front;
the two claim pages under one lock and meet in the middle, so neither waits for the other
whatever the pages cost.

- **Markdown** (:class:`ParallelRender`, started in ``on_nav``): when MkDocs calls
  ``page.render`` on a page the worker has done, the worker's result is installed instead,
  provided the page's Markdown is the one the worker converted (a plugin that changed it in
  ``on_page_markdown`` makes MkDocs convert it itself).
- **HTML** (:class:`ParallelBuild`, started in ``on_env``): the worker writes its pages'
  files itself and sends back their search index entries, which MkDocs' process puts into
  the search plugin's index in page order, so ``search_index.json`` is as on one core.

What the worker logs (broken links, external assets: what ``--strict`` counts) is logged again
by MkDocs' process when the page's turn comes, so the log reads as on one core, and the site is
byte-identical. When it may fork at all is :func:`build_scripts.forked.may_fork`'s to say.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

import mkdocs.commands.build as mkdocs_build
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from build_scripts.forked import (
    LogRecords,
    RecordCapture,
    capture_all_logging,
    log_again,
    may_fork,
)

Result = TypeVar("Result")


@dataclass(frozen=True)
class RenderedPage:
    """What ``Page.render`` leaves on a page, in a form that crosses processes."""

    markdown_digest: bytes
    content: str
    toc: TableOfContents
    title_from_render: str | None
    present_anchor_ids: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None
    """Keyed by the linked file's ``src_uri`` (a ``File`` would arrive as a copy)."""
    log_records: LogRecords


@dataclass(frozen=True)
class BuiltPage:
    """A page the worker wrote: its search index entries and what it logged."""

    search_entries: tuple[dict[str, Any], ...]
    log_records: LogRecords


def _digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()


class _MeetInTheMiddle(Generic[Result]):
    """A forked worker handling ``pages`` from the end while this process takes the front.

    The worker sends all its results at once when no page is left to claim: by then this
    process has reached the worker's pages, and waits only for the last one to finish.
    """

    def __init__(self, pages: Sequence[Page]) -> None:
        self._pages = list(pages)
        self._index = {id(page): number for number, page in enumerate(self._pages)}
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        # Pages below ``_front`` are this process's; pages from ``_back`` on are the worker's.
        self._front = context.RawValue("i", 0)
        self._back = context.RawValue("i", len(self._pages))
        self._receiving, sending = context.Pipe(duplex=False)
        self._results: dict[int, Result] | None = None
        self._worker = context.Process(target=self._work, args=(sending,), daemon=True,
                                       name="reader-pages")
        self._worker.start()
        sending.close()

    def _handle(self, page: Page, capture: RecordCapture) -> Result | None:
        """In the worker: the result for one page (``None``: let MkDocs do it)."""
        raise NotImplementedError

    def _work(self, sending: Connection) -> None:
        self._receiving.close()
        capture = capture_all_logging()
        results: dict[int, Result] = {}
        while (number := self._claim_back()) is not None:
            try:
                result = self._handle(self._pages[number], capture)
            except Exception:  # MkDocs' process does the page again and reports the error
                result = None
            capture.take()
            if result is not None:
                results[number] = result
        sending.send(results)
        sending.close()

    def _claim_back(self) -> int | None:
        with self._lock:
            if self._back.value - 1 < self._front.value:
                return None
            self._back.value -= 1
            return self._back.value

    def claim(self, page: Page) -> bool:
        """Take ``page`` for this process, unless the worker has it already."""
        number = self._index.get(id(page))
        if number is None:
            return True
        with self._lock:
            if number >= self._back.value:
                return False
            self._front.value = max(self._front.value, number + 1)
            return True

    def worker_results(self) -> dict[int, Result]:
        """The pages the worker did, by position; waits until it has sent them."""
        if self._results is None:
            try:
                self._results = self._receiving.recv()
            except (EOFError, OSError):  # the worker died: MkDocs does the rest itself
                self._results = {}
            self._receiving.close()
        return self._results

    def result_for(self, page: Page) -> Result | None:
        """The worker's result for ``page``, if it did the page."""
        return self.worker_results().get(self._index[id(page)])

    def finish(self) -> None:
        """Stop the worker (it has normally exited already)."""
        self._worker.join(timeout=5)
        if self._worker.is_alive():
            self._worker.terminate()
            self._worker.join()
        self._receiving.close()


class ParallelRender(_MeetInTheMiddle[RenderedPage]):
    """Markdown conversion: ``page.render`` of the pages the worker did installs its result."""

    def __init__(self, pages: Sequence[Page], config: MkDocsConfig, files: Files) -> None:
        self._config = config
        self._files = files
        super().__init__(pages)
        for page in self._pages:
            # An instance attribute: MkDocs calls ``page.render(config, files)``.
            page.render = functools.partial(self._render, page)  # type: ignore[method-assign]

    def _handle(self, page: Page, capture: RecordCapture) -> RenderedPage:
        config, files = self._config, self._files
        page.read_source(config)
        markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        page.markdown = markdown
        Page.render(page, config, files)
        links = page.links_to_anchors
        return RenderedPage(
            markdown_digest=_digest(markdown),
            content=page.content or "",
            toc=page.toc,
            title_from_render=page._title_from_render,
            present_anchor_ids=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=None if links is None else {
                file.src_uri: anchors for file, anchors in links.items()
            },
            log_records=capture.take(),
        )

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        result = None if self.claim(page) else self.result_for(page)
        if result is None or page.markdown is None or result.markdown_digest != _digest(
            page.markdown
        ):
            Page.render(page, config, files)
            return
        page.content = result.content
        page.toc = result.toc
        page._title_from_render = result.title_from_render
        page.present_anchor_ids = set(result.present_anchor_ids)
        if result.links_to_anchors is not None:
            page.links_to_anchors = {
                self._files.get_file_from_path(uri): anchors
                for uri, anchors in result.links_to_anchors.items()
            }
        log_again(result.log_records)

    def finish(self) -> None:
        """Stop the worker and give the pages back their own ``render``."""
        for page in self._pages:
            page.__dict__.pop("render", None)
        super().finish()


BuildPage = Callable[..., None]


class ParallelBuild(_MeetInTheMiddle[BuiltPage]):
    """Writing the pages' HTML: MkDocs' ``_build_page`` skips the pages the worker wrote.

    MkDocs has no event that lets a plugin take a page's rendering over, so while this runs,
    its module-level ``_build_page`` is wrapped (and put back by :meth:`finish`).
    """

    def __init__(self, pages: Sequence[Page], search_entries: list[dict[str, Any]],
                 build_page: BuildPage, arguments: tuple[Any, ...]) -> None:
        self._search_entries = search_entries
        self._build_page = build_page
        self._arguments = arguments  # config, doc_files, nav, env, as MkDocs passes them
        super().__init__(pages)
        self._replaced = mkdocs_build._build_page
        mkdocs_build._build_page = self._build_or_skip  # type: ignore[assignment]

    def _handle(self, page: Page, capture: RecordCapture) -> BuiltPage:
        before = len(self._search_entries)
        self._build_page(page, *self._arguments)
        return BuiltPage(tuple(self._search_entries[before:]), capture.take())

    def _build_or_skip(self, page: Page, *arguments: Any, **options: Any) -> None:
        result = None if self.claim(page) else self.result_for(page)
        if result is None:
            self._build_page(page, *arguments, **options)
            return
        self._search_entries.extend(result.search_entries)
        log_again(result.log_records)

    def finish(self) -> None:
        """Stop the worker and give MkDocs back its own ``_build_page``."""
        mkdocs_build._build_page = self._replaced
        super().finish()


def start_parallel_render(config: MkDocsConfig, files: Files) -> ParallelRender | None:
    """Start converting the documentation pages in a worker, if this build may fork."""
    if not may_fork():
        return None
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    if len(pages) < 2:
        return None
    return ParallelRender(pages, config, files)


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The search plugin's list of index entries (Material's ``SearchIndex.entries``)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


def start_parallel_build(
    config: MkDocsConfig, files: Files, nav: Navigation, env: Environment
) -> ParallelBuild | None:
    """Start writing the pages in a worker, if this build may fork and its search index is
    Material's (the only one whose entries we know how to carry back)."""
    entries = _search_entries(config)
    build_page = getattr(mkdocs_build, "_build_page", None)
    if not may_fork() or entries is None or build_page is None:
        return None
    # As ``mkdocs build`` lists them (``mkdocs serve``, with drafts, never forks).
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    pages = [file.page for file in doc_files if file.page is not None]
    if len(pages) < 2:
        return None
    return ParallelBuild(pages, entries, build_page, (config, doc_files, nav, env))
