"""Zensical, Material's successor, publishes the Markdown we write into docs/ from mkdocs.yml.

Zensical runs no MkDocs hooks, so it reads the pages ``python -m build_scripts docs`` wrote into
``docs/``. The test works on a copy of the project and runs the pinned ``zensical`` of the venv.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_scripts.pipeline import build_reader
from tests.conftest import copy_project
from tests.test_links import broken_links

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    paths = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    docs = subprocess.run(
        [sys.executable, "-m", "build_scripts", "--root", str(paths.root), "docs"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert docs.returncode == 0, docs.stderr
    build = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict"],
        cwd=paths.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, f"zensical build failed:\n{build.stdout}\n{build.stderr}"
    assert "WARNING" not in build.stdout + build.stderr
    return paths.root / "site", build_reader(paths)


def test_zensical_publishes_every_article_with_paragraph_ids(zensical_site) -> None:
    site, reader = zensical_site
    assert reader.articles
    for article in reader.articles:
        page = site / "articles" / f"{article.slug}.html"
        assert page.is_file(), page
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        ids = [p.get("id") for p in soup.select("p.reader-p")]
        assert ids == [block.anchor for block in article.paragraphs], article.slug


def test_zensical_publishes_every_page_we_write(zensical_site) -> None:
    site, reader = zensical_site
    for page in reader.pages:
        html = site / page.uri.replace(".md", ".html")
        assert html.is_file(), page.uri
    assert (site / "about.html").is_file() and (site / "404.html").is_file()


def test_zensical_site_has_no_broken_internal_link(zensical_site) -> None:
    site, _ = zensical_site
    checked, broken = broken_links(site)
    assert checked > 100
    assert not broken, "\n".join(broken)


def test_zensical_pages_keep_the_theme_script(zensical_site) -> None:
    # overrides/main.html loads Material's bundle itself only when the MkDocs hook tells it
    # where the bundle is; under Zensical (no hook) the theme's own script tag stays.
    site, reader = zensical_site
    page = site / "articles" / f"{reader.articles[0].slug}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    bundles = [
        script["src"] for script in soup.select("script[src]") if "/bundle." in script["src"]
    ]
    assert len(bundles) == 1, bundles
    assert (page.parent / bundles[0].split("?")[0]).resolve().is_file(), bundles[0]


def test_zensical_search_indexes_every_article_and_the_chinese_names(zensical_site) -> None:
    import json

    site, reader = zensical_site
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    for article in reader.articles:
        assert article.title.split(":")[0][:30] in text, article.title
    chinese = [term.zh for term in reader.glossary.terms if term.zh]
    assert chinese and all(name in text for name in chinese)


def test_zensical_term_links_show_the_definition_on_hover(zensical_site) -> None:
    site, reader = zensical_site
    shorts = {term.short for term in reader.glossary.terms}
    page = site / "articles" / f"{reader.articles[0].slug}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    titled = [a["title"] for a in soup.select('a[href*="glossary/"][title]')]
    assert titled and set(titled) <= shorts


def test_zensical_builds_the_offline_variant_with_its_search_index(zensical_site) -> None:
    site, reader = zensical_site
    root = site.parent
    build = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.offline.yml"],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )
    assert build.returncode == 0, f"{build.stdout}\n{build.stderr}"
    offline = root / "site-offline"
    inlined = (offline / "search.js").read_text(encoding="utf-8")
    assert reader.articles[0].title[:30] in inlined
    assert (offline / "articles" / f"{reader.articles[0].slug}.html").is_file()
