"""The offline PDF: one book of the whole reader, its links working inside it.

Two books are made once for the module: the project's own (with a Chinese sentence and a long
address added to a seed, in a copy), and a small synthetic one with every kind of page
(glossary, timeline, notes), so that links, footnotes, bookmarks and page numbers are tested
on both.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from mkdocs.config import load_config
from PIL import Image
from pypdf import PdfReader

from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from build_scripts.publish.builddate import build_datetime
from build_scripts.publish.pdf import book as pdf_book
from build_scripts.publish.pdf import export as pdf
from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.xdist_group("pdf")

EPOCH = "1700000000"  # 14 November 2023
SITE_URL = "https://example.org/annotated-reader/"
CJK = "防火长城"
LONG_ADDRESS = "https://example.net/" + "a-very-long-path-segment-without-any-break/" * 6
POPPLER_MISSING = "poppler-utils is missing: `make test` installs it (Debian poppler-utils)"
GCBD = '[GCBD](../glossary/gcbd.md "Guizhou-Cloud Big Data, the state firm holding iCloud data")'


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool; fail (not skip) with what to do when it is not installed."""
    if shutil.which(tool) is None:
        pytest.fail(POPPLER_MISSING)
    result = subprocess.run([tool, *args], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


# ---------------------------------------------------------------------------------------------
# The two books


@pytest.fixture(scope="module")
def epoch() -> object:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield EPOCH


@pytest.fixture(scope="module")
def cjk_project(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """A copy of the project whose first seed also has Chinese text and a long address."""
    paths = copy_project(tmp_path_factory.mktemp("pdf") / "project")
    seed = paths.seed_files()[0]
    lines = seed.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += f" The Great Firewall ({CJK}) is cited at {LONG_ADDRESS} here."
    seed.write_text("\n".join(lines), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def book(cjk_project: ProjectPaths, epoch: str) -> tuple[Path, pdf.PdfReport]:
    out = cjk_project.root / "site" / "reader.pdf"
    report = pdf.export_pdf(cjk_project, out, progress=False)
    return out, report


ARTICLE_A = f"""---
title: First article
---

# First article

A mention of {GCBD}
and of the [Great Firewall](../glossary/gfw.html "China's system of internet censorship").
A second mention of {GCBD}.
See [the timeline](../timeline.md#y2020), [the glossary](../glossary/), [a paragraph](#p-aaaa1111),
[the site's own page](https://example.org/annotated-reader/articles/second.html#p-bbbb2222),
[the home page]({SITE_URL}), [a missing page](missing.md) and
[the original](https://example.com/news "The publisher's page").
A note on this sentence.[^1]
{{: #p-aaaa1111 .reader-p data-n=1 }}

## A section {{: #s-a-section }}

Text of the section, long enough to be a paragraph of its own in the book.
{{: #p-aaaa3333 .reader-p data-n=2 }}

[^1]: The note says where the sentence comes from.
"""

ARTICLE_B = f"""---
title: Second article
---

# Second article

Another mention of {GCBD}.
{{: #p-bbbb1111 .reader-p data-n=1 }}

A paragraph others link to.
{{: #p-bbbb2222 .reader-p data-n=2 }}
"""

GLOSSARY_INDEX = """---
title: Glossary
---

# Glossary

- [GCBD](gcbd.md)
- [Great Firewall](gfw.md)
"""

GLOSSARY_GCBD = """---
title: GCBD
---

# GCBD

Guizhou-Cloud Big Data holds the iCloud data of Apple's users in China.
Appears in [First article](../articles/first.md#p-aaaa1111).
"""

GLOSSARY_GFW = f"""---
title: Great Firewall
---

# Great Firewall ({CJK})

The Great Firewall, {CJK} (Fánghuǒ Chángchéng), blocks foreign sites in mainland China.
"""

TIMELINE = """---
title: Timeline
---

# Timeline

## 2020 {: #y2020 }

August: orders against TikTok and WeChat. See [Second article](articles/second.md).
"""

ABOUT = """---
title: About
---

# About

Read offline: <a href="reader.pdf" download>download the PDF</a>.

How the reader is made.
"""

SYNTHETIC_PAGES = [
    ("articles/first.md", ARTICLE_A),
    ("articles/second.md", ARTICLE_B),
    ("index.md", "# Home\n\n[First](articles/first.md)\n"),
    ("timeline.md", TIMELINE),
    ("glossary/gfw.md", GLOSSARY_GFW),
    ("glossary/index.md", GLOSSARY_INDEX),
    ("glossary/gcbd.md", GLOSSARY_GCBD),
    ("about.md", ABOUT),
]
SYNTHETIC_ARTICLES = ["articles/first.md", "articles/second.md"]


SYNTHETIC_BUILT = datetime(2024, 5, 1, tzinfo=UTC)


def synthetic_config() -> object:
    """The project's MkDocs configuration, with the footnotes extension."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    if "footnotes" not in config.markdown_extensions:
        config.markdown_extensions.append("footnotes")
    return config


def make_synthetic_html() -> str:
    """The synthetic book as HTML, with the project's Markdown extensions and footnotes."""
    return pdf.book_html_from_pages(SYNTHETIC_PAGES, SYNTHETIC_ARTICLES, synthetic_config(),
                                    SYNTHETIC_BUILT, ROOT / "docs")


def write_synthetic(out: Path) -> None:
    """Write the synthetic book (also run in a child process, for byte identity)."""
    pdf.write_book_pdf(make_synthetic_html(), out, ROOT / "docs")


@pytest.fixture(scope="module")
def synthetic_html() -> str:
    return make_synthetic_html()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "book.pdf"
    write_synthetic(out)
    return out


def page_texts(path: Path) -> list[str]:
    text = poppler("pdftotext", "-layout", str(path), "-")
    return text.split("\f")[: len(PdfReader(path).pages)]


# ---------------------------------------------------------------------------------------------
# Links


def links(path: Path) -> tuple[list[str], list[str]]:
    """The destinations of internal links (named) and the addresses of external ones."""
    internal, external = [], []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            destination = annotation.get("/Dest")
            if action is not None:
                action = action.get_object()
                if action.get("/S") == "/URI":
                    external.append(str(action["/URI"]))
                    continue
                assert action.get("/S") == "/GoTo", action
                destination = action.get("/D")
            assert isinstance(destination, str), f"not a named destination: {destination!r}"
            internal.append(str(destination))
    return internal, external


@pytest.mark.parametrize("which", ["book", "synthetic"])
def test_every_internal_link_lands_on_a_destination_of_the_pdf(which, request) -> None:
    path = request.getfixturevalue(which)
    path = path[0] if isinstance(path, tuple) else path
    internal, external = links(path)
    names = set(PdfReader(path).named_destinations)
    assert internal, "the contents at least link to the chapters"
    assert [d for d in internal if d not in names] == []
    assert [url for url in external if url.startswith(SITE_URL)] == []
    assert all(url.startswith(("http://", "https://")) for url in external)


def test_links_between_pages_point_at_their_chapters(synthetic: Path) -> None:
    internal, external = links(synthetic)
    expected = {
        "glossary.gcbd",  # ../glossary/gcbd.md
        "glossary.gfw",  # ../glossary/gfw.html
        "timeline:y2020",  # ../timeline.md#y2020
        "glossary.index",  # ../glossary/
        "articles.first:p-aaaa1111",  # #p-aaaa1111 and ../articles/first.md#p-aaaa1111
        "articles.second:p-bbbb2222",  # the site's own address
        "articles.second",  # articles/second.md from the timeline
    }
    assert expected <= set(internal)
    assert external == ["https://example.com/news"]


def test_link_targets_resolve_against_the_page() -> None:
    resolve = pdf.link_target
    assert resolve("../glossary/x.md#a", "articles/s.md", SITE_URL) == pdf.LinkTarget(
        "glossary/x.md", "a")
    assert resolve("#p-1", "articles/s.md", SITE_URL) == pdf.LinkTarget("articles/s.md", "p-1")
    assert resolve("articles/s.html", "index.md", SITE_URL) == pdf.LinkTarget(
        "articles/s.md", "")
    assert resolve("../glossary/", "articles/s.md", SITE_URL) == pdf.LinkTarget(
        "glossary/index.md", "")
    assert resolve(SITE_URL + "timeline.html#y", "articles/s.md", SITE_URL) == pdf.LinkTarget(
        "timeline.md", "y")
    assert resolve(SITE_URL, "articles/s.md", SITE_URL) == pdf.LinkTarget("index.md", "")
    assert resolve("https://example.com/x.md", "articles/s.md", SITE_URL) is None
    assert resolve("mailto:a@example.com", "articles/s.md", SITE_URL) is None


def test_links_to_pages_outside_the_book_keep_their_words(synthetic_html: str) -> None:
    assert "a missing page" in synthetic_html
    assert 'href="missing.md"' not in synthetic_html
    assert SITE_URL not in synthetic_html.split("</head>", 1)[1]
    assert "reader.pdf" not in synthetic_html  # the book does not offer itself for download


def test_a_long_also_in_line_is_condensed_for_print() -> None:
    places = "; ".join(f'<em>Article {n}</em> <a class="reader-also-in-link" href="#p{n}" '
                       f'title="The same passage in Article {n}">¶{n}</a>' for n in range(1, 6))
    body = lxml.html.fragment_fromstring(
        f'<section><p class="reader-also-in">Also in {places}</p></section>')
    pdf_book.condense_also_in_for_print(body)
    line = body.find_class("reader-also-in")[0]
    assert " ".join(line.text_content().split()) == (
        "Also in Article 1 ¶1; Article 2 ¶2; Article 3 ¶3 and 2 more.")
    assert [a.get("href") for a in line.iter("a")] == ["#p1", "#p2", "#p3"]


def test_hover_texts_that_repeat_the_line_are_not_footnotes() -> None:
    chapter = pdf_book.Chapter("articles/a.md", "article", "A", lxml.html.fragment_fromstring(
        '<section><p id="p-1">The <a class="reader-term" href="../glossary/gfw.md" '
        'title="China\'s censorship system">Great Firewall</a>.</p>'
        '<p class="reader-also-in">Also in <em>B</em> <a class="reader-also-in-link" '
        'href="b.md#p-2" title="The same passage in B">¶2</a></p></section>'))
    book = pdf_book.Book({"articles/a.md": frozenset({"p-1"}), "articles/b.md": frozenset(
        {"p-2"}), "glossary/gfw.md": frozenset()}, SITE_URL)
    pdf_book.rewrite_links(chapter, book)
    notes = [" ".join(n.text_content().split()) for n in chapter.body.find_class("fn")]
    assert notes == ["Great Firewall: China's censorship system"]
    assert chapter.body.find(".//a[@class='reader-also-in-link']").get("href") == (
        "#articles.b:p-2")


def test_ids_are_unique_across_chapters(synthetic_html: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', synthetic_html)
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------------------------
# A real book: outline, contents, running header, footnotes


def outline_titles(path: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), in order."""
    result: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                result.append((depth, item.title))

    walk(PdfReader(path).outline, 0)
    return result


def test_bookmarks_list_articles_with_their_sections(book) -> None:
    path, _ = book
    outline = outline_titles(path)
    reader = build_reader(ProjectPaths(ROOT))
    assert (0, "Contents") in outline and (0, "Articles") in outline
    for article in reader.articles:
        assert (1, article.title) in outline
    first = reader.articles[0]
    sections = [b.text for b in first.blocks if b.kind.value == "heading"]
    assert sections, "the first article has sections"
    start = outline.index((1, first.title))
    assert outline[start + 1: start + 1 + len(sections)] == [(2, s) for s in sections]


def test_bookmarks_of_glossary_and_timeline(synthetic: Path) -> None:
    outline = outline_titles(synthetic)
    assert [t for t in outline if t[1] in ("Glossary", "Timeline")] == [
        (0, "Glossary"), (0, "Timeline")]
    assert (1, "GCBD") in outline and (2, "A section") in outline
    assert (1, f"Great Firewall ({CJK})") in outline


def test_cover_and_contents(book) -> None:
    path, _ = book
    texts = page_texts(path)
    cover = " ".join(texts[0].split())
    assert "The Annotated Reader" in cover
    reader = build_reader(ProjectPaths(ROOT))
    terms = [p for p in reader.pages if p.uri.startswith("glossary/") and
             p.uri != "glossary/index.md"]
    assert f"{len(reader.articles)} articles · {len(terms)} glossary terms" in cover
    assert "Built on 14 November 2023" in cover
    contents = " ".join(texts[1].split())
    assert contents.startswith("Contents")
    for article in reader.articles:
        # The title, its leader dots, its page number; the page shows the title.
        match = re.search(re.escape(article.title) + r"[ .]*?(\d+)", contents)
        assert match, article.title
        # The printed page with that number (the cover and contents take roman numbers).
        numbered = [text for text in texts if text.split() and text.split()[-1] == match[1]]
        assert numbered and article.title in " ".join(numbered[0].split()), article.title


def test_running_header_names_the_article(book) -> None:
    path, _ = book
    texts = page_texts(path)
    reader = build_reader(ProjectPaths(ROOT))
    longest = reader.articles[-1]  # Technical Difficulties runs over several pages
    pages = [i for i, text in enumerate(texts) if text.strip().startswith(longest.title)]
    assert len(pages) >= 2, "each page after the first carries the title at its top"


def test_hover_text_becomes_a_footnote_once_per_article(synthetic: Path) -> None:
    text = " ".join(" ".join(page_texts(synthetic)).split())
    definition = "Guizhou-Cloud Big Data, the state firm holding iCloud data"
    assert text.count(definition) == 2  # first article and second article, once each
    assert "China's system of internet censorship" in text
    assert "The publisher's page" in text


def test_markdown_notes_are_page_footnotes(synthetic: Path) -> None:
    texts = page_texts(synthetic)
    page = next(t for t in texts if "A note on this sentence" in t)
    assert "The note says where the sentence comes from." in page
    assert "Jump back" not in " ".join(texts)


# ---------------------------------------------------------------------------------------------
# Text, fonts, metadata, bytes


def test_chinese_text_can_be_found_and_copied(book, synthetic: Path) -> None:
    path, _ = book
    for pdf_file in (path, synthetic):
        assert CJK in poppler("pdftotext", str(pdf_file), "-")


def test_fonts_are_embedded_and_subset(book) -> None:
    path, _ = book
    rows = poppler("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row
    assert any("CJK" in row for row in rows), "Chinese is set in a CJK font"
    assert any("Serif" in row for row in rows)


def test_title_author_language_and_dates(book) -> None:
    path, _ = book
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == "The Annotated Reader"
    assert meta.author
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20231114221320Z"


def _export_in_another_process(call: str, hash_seed: str) -> None:
    """Run ``call`` (a writer of this module) in a fresh Python with another hash seed."""
    code = ("from pathlib import Path; "
            "from tests.test_pdf import write_synthetic; " + call)
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                   env={**os.environ, "PYTHONHASHSEED": hash_seed}, cwd=ROOT)


def test_two_exports_are_byte_identical(synthetic: Path) -> None:
    # Another process with another hash seed: no set order, time or random name leaks in.
    # (The synthetic book has Chinese, footnotes and links; the real one takes 20 s more.)
    again = synthetic.with_name("again.pdf")
    _export_in_another_process(f"write_synthetic(Path({str(again)!r}))", hash_seed="12345")
    assert again.read_bytes() == synthetic.read_bytes()


def test_the_build_date_comes_from_source_date_epoch(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_datetime(tmp_path) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # Unset and no git history: the epoch, set for the rest of the build as the hook does.
    assert build_datetime(tmp_path).year == 1970
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"


def test_every_glossary_page_carries_the_glossary_title(book) -> None:
    path, _ = book
    texts = page_texts(path)
    numbered = {text.split()[-1]: text for text in texts if text.split()}
    front = " ".join(" ".join(t.split()) for t in texts[:texts.index(numbered["1"])])
    start = int(re.search(r"Glossary[ .]*?(\d+)", front)[1])
    end = int(re.search(r"Timeline[ .]*?(\d+)", front)[1])
    assert end - start > 10, "the glossary runs over several parts"
    for number in range(start + 1, end):
        assert numbered[str(number)].split()[0] == "Glossary", number


# ---------------------------------------------------------------------------------------------
# Looks: no blank page, nothing off the page, size and time


def test_page_count_and_no_blank_page(book) -> None:
    path, report = book
    assert 10 <= report.pages <= 300
    texts = page_texts(path)
    assert [i + 1 for i, text in enumerate(texts) if not text.strip()] == []
    poppler("pdftoppm", "-r", "20", "-gray", str(path), str(path.with_name("low")))
    images = sorted(path.parent.glob("low-*.pgm"))
    assert len(images) == report.pages
    for image in images:
        darkest, _ = Image.open(image).getextrema()
        assert darkest < 200, f"{image.name} is blank"


def test_no_word_runs_off_the_page(book) -> None:
    path, _ = book
    layout = poppler("pdftotext", "-bbox", str(path), "-")
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', layout)]
    margin = 8 / 25.4 * 72  # 8 mm
    assert max(right_edges) <= width - margin
    assert "a-very-long-path-segment" in layout  # the long address is there, wrapped


def test_size_and_time_of_the_four_articles(book) -> None:
    path, report = book
    assert report.bytes == path.stat().st_size <= 3 * 2**20
    assert report.seconds > 0


# ---------------------------------------------------------------------------------------------
# Engine: offline, progress


def test_the_engine_reads_local_files_only() -> None:
    fetcher = pdf.offline_fetcher()
    for url in ("http://example.com/font.woff", "https://example.com/x.png", "ftp://x/y"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch(pdf.STYLESHEET.as_uri()).read().startswith(b"/*")


def test_progress_on_a_terminal_only(monkeypatch, synthetic_html: str, tmp_path: Path) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert pdf.Progress.wanted(None)
    monkeypatch.setenv("CI", "true")
    assert not pdf.Progress.wanted(None)
    assert pdf.Progress.wanted(True)
    stream = io.StringIO()
    pdf.write_book_pdf(synthetic_html, tmp_path / "b.pdf", ROOT / "docs",
                       pdf.Progress(True, stream))
    assert "pages laid out" in stream.getvalue()
    quiet = io.StringIO()
    pdf.Progress(False, quiet).show("pages laid out: 3")
    assert quiet.getvalue() == ""


# ---------------------------------------------------------------------------------------------
# The site offers the PDF


def pdf_links(site: Path, page: str) -> list[object]:
    # Parsed: the site's pages are minified (attribute quotes go where they can).
    document = lxml.html.parse(str(site / page)).getroot()
    return [a for a in document.iter("a")
            if a.get("href") == "reader.pdf" and a.get("download") is not None]


def test_a_site_without_the_pdf_does_not_link_to_it(built_site: Path) -> None:
    assert not (built_site / "reader.pdf").exists()
    for page in ("about.html", "index.html"):
        assert pdf_links(built_site, page) == [], page


def test_the_site_build_puts_the_pdf_in_the_site(project: ProjectPaths, monkeypatch) -> None:
    from build_scripts.publish import site as site_module

    def fake_export(paths, out, **_):
        # The real export is tested above; here only where the site build puts it.
        assert paths == project and out.parent.name.startswith(".site.new-")
        out.write_bytes(b"%PDF-1.7 stand-in")

    # The site build imports the export when it needs it, from build_scripts.publish.pdf.export.
    monkeypatch.setattr(pdf, "export_pdf", fake_export)
    site_module.build_site(project, project.root / "site")
    assert (project.root / "site" / "reader.pdf").read_bytes().startswith(b"%PDF-")
    for page in ("about.html", "index.html"):
        assert pdf_links(project.root / "site", page), page


def test_a_failed_export_leaves_the_old_site(project: ProjectPaths, monkeypatch) -> None:
    from build_scripts.publish import site as site_module

    site = project.root / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")

    def broken_export(paths, out, **_):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "export_pdf", broken_export)
    with pytest.raises(OSError, match="disk full"):
        site_module.build_site(project, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert not list(project.root.glob(".site.*"))
