"""The second core's work gives what MkDocs' own gives: converted pages, written pages,
search index entries in order, and every warning logged once."""

from __future__ import annotations

import logging
from pathlib import Path

import mkdocs.commands.build as mkdocs_build
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from build_scripts.forked import build_jobs
from build_scripts.parallel_render import ParallelBuild, ParallelRender

PAGES = {
    "index.md": "# Home\n\nSee [the second page](two.md#details).\n",
    "two.md": "# Two\n\n## Details\n\nText with *emphasis*.\n",
    "three.md": "---\ntitle: Three\n---\n\nNo heading; a [broken link](missing.md).\n",
    "four.md": "# Four\n\nAn [anchor that is not there](two.md#nowhere).\n",
}


def _project(tmp_path: Path) -> tuple[MkDocsConfig, Files, list[Page]]:
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    get_navigation(files, config)
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    return config, files, pages


def _converted(page: Page) -> tuple[object, ...]:
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return (page.content, str(page.toc), page.title, page.present_anchor_ids, links)


def _convert_all(pages: list[Page], config: MkDocsConfig, files: Files) -> None:
    for page in pages:
        page.read_source(config)
        page.render(config, files)


def test_pages_converted_by_the_worker_equal_mkdocs_own(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config, files, pages = _project(tmp_path / "one")
    with caplog.at_level(logging.INFO):
        _convert_all(pages, config, files)
    expected = [_converted(page) for page in pages]
    expected_log = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert any("missing.md" in message for _, _, message in expected_log)

    config, files, pages = _project(tmp_path / "two")
    parallel = ParallelRender(pages, config, files)
    # Nothing has been asked for yet, so the worker takes every page.
    assert sorted(parallel.worker_results()) == list(range(len(pages)))
    caplog.clear()
    with caplog.at_level(logging.INFO):
        _convert_all(pages, config, files)
    parallel.finish()
    assert [_converted(page) for page in pages] == expected
    # The worker's warnings are logged once, by this process, when the page's turn comes.
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == expected_log
    assert all("render" not in vars(page) for page in pages)


def test_markdown_changed_after_the_worker_read_it_is_converted_again(tmp_path: Path) -> None:
    config, files, pages = _project(tmp_path)
    parallel = ParallelRender(pages, config, files)
    parallel.worker_results()
    page = pages[1]
    page.read_source(config)
    page.markdown = (page.markdown or "") + "\nAdded by a plugin.\n"
    page.render(config, files)
    parallel.finish()
    assert "Added by a plugin." in (page.content or "")


def test_build_jobs_follows_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_BUILD_JOBS", "1")
    assert build_jobs() == 1
    monkeypatch.delenv("READER_BUILD_JOBS")
    assert 1 <= build_jobs() <= 2


class _Page:
    """Stands in for an MkDocs page: ``ParallelBuild`` only tells pages apart."""

    def __init__(self, name: str) -> None:
        self.name = name


def test_pages_written_by_the_worker_are_skipped_with_their_index_entries_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "site"
    site.mkdir()

    def build_page(page: _Page, entries: list[dict[str, str]], *rest: object) -> None:
        (site / f"{page.name}.html").write_text(f"<p>{page.name}</p>", encoding="utf-8")
        entries.append({"location": f"{page.name}.html", "title": page.name})
        if page.name == "c":
            logging.getLogger("mkdocs.plugins.test").warning("c links to nowhere")

    pages = [_Page(name) for name in "abcde"]
    expected: list[dict[str, str]] = []
    for page in pages:
        build_page(page, expected)
    for written in site.iterdir():
        written.unlink()
    caplog.clear()

    entries: list[dict[str, str]] = []
    original = mkdocs_build._build_page
    parallel = ParallelBuild(pages, entries, build_page, (entries,))  # type: ignore[arg-type]
    assert mkdocs_build._build_page != original
    # Nothing has been asked for yet, so the worker writes every page.
    assert sorted(parallel.worker_results()) == list(range(len(pages)))
    assert sorted(p.name for p in site.iterdir()) == [f"{name}.html" for name in "abcde"]
    assert entries == []
    with caplog.at_level(logging.WARNING):
        for page in pages:
            mkdocs_build._build_page(page, entries)
    parallel.finish()
    assert mkdocs_build._build_page == original
    assert entries == expected  # in page order, as on one core
    assert [r.getMessage() for r in caplog.records] == ["c links to nowhere"]
