"""Every internal link and anchor of the built site resolves; the site is ready to host.

A small crawler over the published HTML (BeautifulSoup): every ``href``/``src`` that stays on
the site must name a file of the site and, with a ``#fragment``, an element with that id. This
adds to MkDocs' own ``validation:`` (which sees the Markdown links only) what the theme and our
templates write. LinkChecker was tried: as root it drops to ``nobody`` and cannot read the
private temporary folder, and over HTTP it took minutes for this small site.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from build_scripts.publish.pdf.export import PDF_NAME
from build_scripts.render.escaping import text_of
from tests.conftest import ROOT

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
}
NOT_A_PAGE = ("mailto:", "tel:", "javascript:", "data:")

with open(ROOT / "mkdocs.yml", encoding="utf-8") as _handle:
    SITE_URL = str(yaml_load(_handle)["site_url"])
SITE_PATH = urlsplit(SITE_URL).path


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@cache
def _ids(path: Path) -> frozenset[str]:
    soup = _soup(path)
    return frozenset(
        [tag["id"] for tag in soup.select("[id]")] + [tag["name"] for tag in soup.select("a[name]")]
    )


def _target(site: Path, page: Path, url: str) -> tuple[str, str] | None:
    """The site path and fragment a link of ``page`` points to; None if it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(NOT_A_PAGE):
        if url.startswith(SITE_URL):  # absolute links to ourselves count as internal
            return url[len(SITE_URL) :].split("#")[0] or "index.html", parts.fragment
        return None
    if not parts.path:
        return page.relative_to(site).as_posix(), parts.fragment
    if parts.path.startswith("/"):
        assert parts.path.startswith(SITE_PATH), f"{url} is outside {SITE_PATH}"
        path = parts.path[len(SITE_PATH) :]
    else:
        here = posixpath.dirname(page.relative_to(site).as_posix())
        path = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
    if path in ("", ".") or path.endswith("/"):
        path = posixpath.join(path, "index.html").lstrip("./") or "index.html"
    return path, parts.fragment


def broken_links(site: Path) -> tuple[int, list[str]]:
    """How many internal links the site's pages hold, and those that lead nowhere."""
    broken = []
    checked = 0
    for page in _html_pages(site):
        for tag in _soup(page).find_all(list(LINK_ATTRIBUTES)):
            url = tag.get(LINK_ATTRIBUTES[tag.name])
            if not url:
                continue
            target = _target(site, page, url)
            if target is None:
                continue
            path, fragment = target
            checked += 1
            where = f"{page.relative_to(site)}: {tag.name} {url}"
            file = site / path
            if path == PDF_NAME:
                # Written by the PDF export (build_site(with_pdf=True); the fixture skips it):
                # tests/test_browser.py fetches it from the served site.
                continue
            if not file.is_file():
                broken.append(f"{where} -> no file {path}")
            elif fragment and file.suffix == ".html" and unquote(fragment) not in _ids(file):
                broken.append(f"{where} -> no id #{fragment} in {path}")
    return checked, broken


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    assert len(_html_pages(built_site)) > 5
    checked, broken = broken_links(built_site)
    assert checked > 100
    assert not broken, "\n".join(broken)


def test_sitemap_lists_every_page_and_only_pages(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(SITE_URL) for loc in locations)
    listed = {loc[len(SITE_URL) :] or "index.html" for loc in locations}
    for path in listed:
        assert (built_site / path).is_file(), path
    published = {p.relative_to(built_site).as_posix() for p in _html_pages(built_site)}
    assert listed == published - {"404.html"}


def test_canonical_link_on_every_page(built_site: Path) -> None:
    for page in _html_pages(built_site):
        path = page.relative_to(built_site).as_posix()
        canonical = _soup(page).select_one("link[rel=canonical]")
        if path == "404.html":
            continue
        assert canonical is not None, path
        assert canonical["href"] == SITE_URL + path, path


READER = build_reader(ProjectPaths(ROOT))


@pytest.mark.parametrize("article", READER.articles, ids=lambda a: a.slug[:24])
def test_article_has_opengraph_and_twitter_meta(built_site: Path, article) -> None:
    page = built_site / "articles" / f"{article.slug}.html"
    soup = _soup(page)
    source = next(p for p in READER.pages if p.uri == f"articles/{article.slug}.md")
    _, front_matter = get_data(source.markdown)
    # Front matter holds HTML (build_scripts/render/escaping.py); an attribute shows its text.
    description = text_of(front_matter.get("description") or "")
    assert description, "our article pages set a description in their front matter"

    def meta(key: str, value: str) -> str:
        tag = soup.select_one(f'meta[{key}="{value}"]')
        assert tag is not None, f"no {value} on {page.name}"
        return tag["content"]

    assert meta("name", "description") == description
    assert meta("property", "og:description") == description
    assert meta("name", "twitter:description") == description
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:url") == f"{SITE_URL}articles/{article.slug}.html"
    title = meta("property", "og:title")
    assert title and title == meta("name", "twitter:title")
    assert meta("name", "twitter:card") == "summary"


def test_404_page_links_work_from_any_depth(built_site: Path) -> None:
    # A host serves 404.html for a missing page at any depth: its links must be absolute.
    soup = _soup(built_site / "404.html")
    tags = soup.select("link[rel=stylesheet], script[src]")
    assets = [tag.get("href") or tag.get("src") for tag in tags]
    assert assets and all(url.startswith(SITE_PATH) for url in assets)
