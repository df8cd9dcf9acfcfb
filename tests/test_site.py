"""The built site: nothing lost, no other host, strict build, the pages a reader expects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_scripts.ingest.seed import read_seed
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from build_scripts.publish.theme_assets import unused_theme_files
from tests.conftest import ROOT, seed_paths
from tests.htmltext import article_parts, loads_from_other_hosts, squash

READER = build_reader(ProjectPaths(ROOT))


def _page(site: Path, article) -> Path:
    return site / "articles" / f"{article.slug}.html"


@pytest.mark.parametrize("article", READER.articles, ids=lambda a: a.seed.file_name[:3])
def test_every_seed_line_is_on_the_page_or_listed_as_removed(built_site: Path, article) -> None:
    body, removed = article_parts(_page(built_site, article))
    seed = read_seed(ROOT / "seeds" / article.seed.file_name)
    missing = []
    for line in seed.lines:
        text = squash(line.text)
        in_body = text in body
        in_removed = any(text in item and f"Line {line.number}," in item for item in removed)
        if not (in_body or in_removed):
            missing.append((line.number, text))
    assert not missing


@pytest.mark.parametrize("article", READER.articles, ids=lambda a: a.seed.file_name[:3])
def test_source_panel_names_file_and_checksum(built_site: Path, article) -> None:
    html = _page(built_site, article).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    panel = soup.select_one("article details")
    assert panel is not None and "open" not in panel.attrs, "the Source panel must be collapsed"
    text = panel.get_text(" ")
    assert article.seed.file_name in text
    assert article.seed.sha256 in text
    assert len(panel.select("li")) == len(article.removed)


def test_every_seed_is_published(built_site: Path) -> None:
    assert len(READER.articles) == len(seed_paths())
    for article in READER.articles:
        assert _page(built_site, article).exists()


def test_no_request_to_another_host(built_site: Path) -> None:
    assert loads_from_other_hosts(built_site) == []


def test_a_load_from_another_host_is_found(tmp_path: Path) -> None:
    """The check above finds what a theme change could bring in; a link a reader clicks is
    not a load."""
    (tmp_path / "page.html").write_text(
        '<a href="https://example.com/news">source</a>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.net/x.js"></script>', encoding="utf-8")
    (tmp_path / "style.css").write_text("@font-face{src:url(https://cdn.example.net/f.woff)}",
                                        encoding="utf-8")
    found = loads_from_other_hosts(tmp_path)
    assert {name for name, _ in found} == {"page.html", "style.css"}
    assert not any("example.com/news" in what for _, what in found)
    assert any("cdn.example.net/x.js" in what for _, what in found)


def test_home_page_lists_every_article(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "lxml")
    links = {a["href"] for a in soup.select("article a[href]")}
    for article in READER.articles:
        assert f"articles/{article.slug}.html" in links
    text = soup.get_text(" ")
    assert "min read" in text
    assert "Human Rights Watch" in text  # publisher from the metadata


def test_navigation_does_not_list_every_article(built_site: Path) -> None:
    html = _page(built_site, READER.articles[0]).read_text(encoding="utf-8")
    nav = BeautifulSoup(html, "lxml").select_one("nav.md-nav--primary")
    assert nav is not None
    for article in READER.articles[1:]:
        assert article.slug not in str(nav)


def test_paragraphs_have_ids_and_pilcrow_links(built_site: Path) -> None:
    article = READER.articles[0]
    soup = BeautifulSoup(_page(built_site, article).read_text(encoding="utf-8"), "lxml")
    paragraphs = soup.select("p.reader-p")
    assert len(paragraphs) == len(article.paragraphs)
    for paragraph in paragraphs:
        link = paragraph.select_one("a.reader-pilcrow")
        assert link is not None and link["href"] == f"#{paragraph['id']}"


def test_search_index_and_features(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert "Chinese Tech Firms Fueling Beijing's Repression" in titles
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for feature in (
        "search.suggest",
        "search.highlight",
        "search.share",
        "navigation.instant",
        "toc.follow",
        "content.tooltips",
    ):
        assert feature in html
    assert 'data-md-color-scheme="slate"' in html or "slate" in html  # dark palette present


def test_about_page_exists(built_site: Path) -> None:
    about = (built_site / "about.html").read_text(encoding="utf-8")
    assert "How a page is made" in about


def test_pages_are_minified_and_keep_their_text(built_site: Path) -> None:
    html = (built_site / "glossary" / "gcbd.html").read_text(encoding="utf-8")
    # Material's templates indent every line; minified, no line is indented any more.
    assert not re.search(r"\n[ \t]{2,}<", html)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").get_text(strip=True).startswith("Guizhou-Cloud Big Data")
    assert soup.find("html") is not None and soup.find("head") is not None


def test_unused_search_languages_are_not_published(built_site: Path) -> None:
    # Search is English-only (Chinese is cut into words at build time), so lunr's stemmers
    # for other languages are never loaded, and not copied.
    assert not (built_site / "assets" / "javascripts" / "lunr").exists()
    assert list((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


def test_other_search_languages_keep_their_stemmers() -> None:
    from mkdocs.structure.files import File, InclusionLevel

    theme = [File("assets/javascripts/lunr/min/lunr.de.min.js", "/theme", "/site", False,
                  inclusion=InclusionLevel.INCLUDED),
             File("assets/javascripts/bundle.js", "/theme", "/site", False)]
    assert unused_theme_files(theme, ["en", "de"]) == []
    assert [f.src_uri for f in unused_theme_files(theme, ["en"])] == [
        "assets/javascripts/lunr/min/lunr.de.min.js"]
