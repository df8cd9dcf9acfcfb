"""The audit's local server compresses text as a real host does (GitHub Pages gzips text).

Lighthouse's simulated slow 4G charges every byte sent, so the server must send what a host
sends: gzip for text to a client that accepts it, plain bytes otherwise, binaries as they are.
No browser needed: plain HTTP requests to ``serve_site`` on a small folder.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from http.client import HTTPResponse
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from build_scripts.tools.audit import accepts_gzip, serve_site

SITE_URL = "https://example.org/annotated-reader/"
PREFIX = "/annotated-reader/"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n" + b"stream " * 500


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("audit-server") / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Home</title>" + "<p>text</p>" * 200)
    (site / "404.html").write_text("<!doctype html><title>Not found</title>")
    (site / "assets" / "style.css").write_text("body { margin: 0 }\n" * 200)
    (site / "assets" / "bundle.js").write_text("console.log('reader');\n" * 200)
    (site / "search.json").write_text('{"docs": []}' + " " * 2000)
    (site / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'></svg>" * 20)
    (site / "robots.txt").write_text("User-agent: *\n" * 50)
    (site / "sitemap.xml").write_text(
        "<urlset>"
        + "".join(f"<url><loc>{SITE_URL}articles/{n}.html</loc></url>" for n in range(50))
        + "</urlset>"
    )
    (site / "picture.png").write_bytes(PNG)
    (site / "reader.pdf").write_bytes(PDF)
    return site


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve_site(site, PREFIX, SITE_URL) as url:
        yield url


def get(url: str, accept_encoding: str | None = None) -> tuple[HTTPResponse, bytes]:
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    with urlopen(Request(url, headers=headers), timeout=10) as response:
        return response, response.read()


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "assets/style.css",
        "assets/bundle.js",
        "search.json",
        "icon.svg",
        "robots.txt",
    ],
)
def test_text_goes_gzipped_to_a_client_that_accepts_it(site: Path, base: str, path: str):
    response, body = get(base + path, "gzip, deflate, br")
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert int(response.headers["Content-Length"]) == len(body)
    assert gzip.decompress(body) == (site / path).read_bytes()
    assert len(body) < (site / path).stat().st_size


def test_text_goes_plain_to_a_client_that_does_not_ask(site: Path, base: str):
    for header in (None, "identity", "gzip;q=0"):
        response, body = get(base + "index.html", header)
        assert response.headers["Content-Encoding"] is None
        assert response.headers["Vary"] == "Accept-Encoding"
        assert int(response.headers["Content-Length"]) == len(body)
        assert body == (site / "index.html").read_bytes()


def test_sitemap_names_this_server_compressed_or_not(base: str):
    _, plain = get(base + "sitemap.xml")
    response, packed = get(base + "sitemap.xml", "gzip")
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) == len(packed)
    assert gzip.decompress(packed) == plain
    assert SITE_URL.encode() not in plain
    assert f"<loc>{base}articles/0.html</loc>".encode() in plain


@pytest.mark.parametrize("path, content", [("picture.png", PNG), ("reader.pdf", PDF)])
def test_binaries_go_as_they_are(base: str, path: str, content: bytes):
    response, body = get(base + path, "gzip")
    assert response.headers["Content-Encoding"] is None
    assert response.headers["Vary"] is None
    assert int(response.headers["Content-Length"]) == len(content)
    assert body == content


def test_missing_page_is_the_404_page_compressed(site: Path, base: str):
    with pytest.raises(HTTPError) as raised:
        get(base + "no-such-page.html", "gzip")
    error = raised.value
    assert error.code == 404
    assert error.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(error.read()) == (site / "404.html").read_bytes()


@pytest.mark.parametrize(
    "header, accepted",
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("deflate, br", False),
        ("", False),
    ],
)
def test_accepts_gzip(header: str, accepted: bool):
    assert accepts_gzip(header) is accepted
