"""The second core's Markdown conversion gives what MkDocs' own conversion gives."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from build_scripts.forked import build_jobs
from build_scripts.parallel_render import ParallelRender

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
