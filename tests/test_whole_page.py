"""Text is text in every part of every page: no seed or data file puts markup into the site.

``test_text_is_text`` looks at the article's body. These look at whole built documents, as
MkDocs with Material (and Zensical) write them: the ``<title>``, the header, the meta tags,
the home page, term pages, search index, and the PDF. Every element and attribute in them
must be one the templates put there, and each text shown must be the text it came from.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.ingest.headline import title_problem
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from build_scripts.publish.site import build_site
from build_scripts.render.escaping import link_address
from tests.conftest import copy_project
from tests.htmltext import squash

SITE_NAME = "The Annotated Reader"
# What a seed or data file might hold that HTML, Jinja, Markdown or an attribute list reads.
HOSTILE = [
    "<", ">", "&", '"', "'", "</title>", "</script>", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=//evil.example>",
    "<object data=x>", '" onmouseover="alert(1)', "'><script>alert(2)</script>",
    "{{ config.site_name }}", "{% if true %}x{% endif %}", "[link](javascript:alert(1))",
    "![pixel](http://evil.example/p.gif)", "{: onclick=x }", "{: #id .class }", "&lt;b&gt;",
    "&amp;", "&#x3C;script&#x3E;", "`code`", "*em*", "_u_", "\\", "#", "|", "!", "<!--",
    "-->", "]]>", "<http://evil.example>", "<b>bold</b>", "\u202eevil", "防火长城",
]
# A few of them, without spaces, for a web address.
ADDRESS_PARTS = [")", "(", '"', "'", "<", ">", "[x](javascript:alert(1))", "{:onclick=x}",
                 "&", "%22", "a", "b"]
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
fragment = st.one_of(st.sampled_from(HOSTILE), words)


def _field(max_parts: int) -> st.SearchStrategy[str]:
    return st.lists(fragment, min_size=1, max_size=max_parts).map(" ".join)


article_input = st.fixed_dictionaries({
    "headline": _field(6),
    "standfirst": _field(4),
    "caption": _field(4),
    "paragraph": _field(6),
    "publisher": _field(3),
    "author": _field(3),
    "summary": _field(5),
    "date_note": _field(4),
    "url": st.lists(st.sampled_from(ADDRESS_PARTS), max_size=6).map(
        lambda parts: "https://example.org/" + "".join(parts)),
})

PROSE = ("A plain paragraph of running text that is long enough to count as prose here, "
         "and it ends as a sentence does.")

# Elements a document may hold only where the templates put them; anything of these the text
# asked for would be live markup (or a request to another host).
FOREIGN = ("img", "iframe", "object", "embed", "frame", "video", "audio", "base", "math",
           "style", "textarea", "select")
# Material's search form and toggles are these; an article holds none.
NOT_IN_ARTICLES = ("form", "input", "button")


def _seed_text(item: dict[str, str]) -> str:
    return "\n\n".join([
        f"Headline {item['headline']}",
        f"Dek {item['standfirst']} dek",
        f"{PROSE} {item['paragraph']}",
        f"Photo: {item['caption']}",
        PROSE,
    ]) + "\n"


def _metadata(item: dict[str, str]) -> dict[str, object]:
    return {
        "publisher": item["publisher"],
        "author": item["author"],
        "summary": item["summary"][:200].strip(),
        "date_note": item["date_note"],
        "url": item["url"],
        "kind": "news",
        "date": "",
        "line_roles": {},
    }


def _add_articles(paths: ProjectPaths, items: list[dict[str, str]]) -> dict[str, dict]:
    """Write the items as seeds and their metadata into the project; by file name."""
    data = yaml.safe_load(paths.articles.read_text(encoding="utf-8"))
    written = {}
    for number, item in enumerate(items):
        name = f"9{number:02d}_generated.txt"
        (paths.seeds / name).write_text(_seed_text(item), encoding="utf-8")
        data["articles"][name] = _metadata(item)
        written[name] = item
    paths.articles.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return written


def _signatures(site: Path) -> tuple[set[str], set[str], set[str], set[str]]:
    """What the templates write in a site from ordinary text: tag names, attribute names,
    script files and the classes of the elements that hold an SVG icon."""
    tags: set[str] = set()
    attributes: set[str] = set()
    scripts: set[str] = set()
    icon_holders: set[str] = set()
    for document in _documents(site):
        for element in document.find_all(True):
            tags.add(element.name)
            attributes.update(element.attrs)
            if element.name == "script" and element.get("src"):
                scripts.add(Path(element["src"].split("?")[0]).name)
            if element.name == "svg" and isinstance(element.parent, Tag):
                icon_holders.add(" ".join(element.parent.get("class", [])) or element.parent.name)
    return tags, attributes, scripts, icon_holders


def _documents(site: Path) -> Iterable[BeautifulSoup]:
    for page in sorted(site.rglob("*.html")):
        yield BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], ...]:
    """The signatures of the project's own site, built from its seeds as the named cases'
    site is (the PDF and its link included)."""
    paths = copy_project(tmp_path_factory.mktemp("reference") / "project")
    site = paths.root / "site"
    build_site(paths, site)
    return _signatures(site)


def check_document(document: BeautifulSoup, reference: tuple[set[str], ...], where: str
                   ) -> None:
    """Every element and attribute of ``document`` is one the templates write."""
    tags, attributes, scripts, icon_holders = reference
    policy = document.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert policy is not None and "script-src 'self';" in policy["content"], where
    for element in document.find_all(True):
        assert element.name in tags, f"{where}: <{element.name}> {element}"[:300]
        assert element.name not in FOREIGN, f"{where}: {element}"[:300]
        if element.name in NOT_IN_ARTICLES:
            assert not element.find_parent("article"), f"{where}: {element}"[:300]
        for name, value in element.attrs.items():
            assert name in attributes, f"{where}: attribute {name} on {element}"[:300]
            assert not name.startswith("on"), f"{where}: {element}"[:300]
            if name in ("href", "src", "action", "data") and not (
                    # Material's share button, whose click its script handles.
                    element.get("data-md-component") == "search-share"
                    and value == "javascript:void(0)"):
                assert not str(value).strip().lower().startswith(
                    ("javascript:", "data:", "vbscript:")), f"{where}: {element}"[:300]
        if element.name == "script":
            if element.get("type") == "application/json":
                assert element.get("id") == "__config", f"{where}: {element}"[:300]
                json.loads(element.string or "")
            else:
                assert not (element.string or "").strip(), f"{where}: inline {element}"[:300]
                assert Path(element["src"].split("?")[0]).name in scripts, where
        if element.name == "svg":
            holder = " ".join(element.parent.get("class", [])) or element.parent.name
            assert holder in icon_holders, f"{where}: {element.parent}"[:300]
    # Whatever the text, one <title> and one description, both inside <head>.
    assert len(document.find_all("title")) == 1, where
    assert len(document.find_all("meta", attrs={"name": "description"})) == 1, where


def _visible(element: Tag) -> str:
    for link in element.select(".headerlink"):
        link.extract()
    return squash(element.get_text())


def check_article_page(document: BeautifulSoup, title: str, description: str,
                       where: str) -> None:
    """The page shows the title and description as the text they are, everywhere."""
    assert squash(document.title.get_text()) == f"{squash(title)} - {SITE_NAME}", where
    topic = document.select(".md-header__topic")[-1]
    assert _visible(topic) == squash(title), where
    assert _visible(document.select_one("article h1")) == squash(title), where
    for selector in ("meta[property='og:title']", "meta[name='twitter:title']"):
        assert squash(document.select_one(selector)["content"]) == squash(title), where
    if description:
        for selector in ("meta[name=description]", "meta[property='og:description']"):
            shown = squash(document.select_one(selector)["content"])
            assert shown == squash(description), where


def check_site(site: Path, reference: tuple[set[str], ...], paths: ProjectPaths,
               generated: dict[str, dict[str, str]]) -> None:
    for page in sorted(site.rglob("*.html")):
        check_document(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"), reference,
                       str(page.relative_to(site)))
    reader = build_reader(paths)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {entry["location"]: entry["title"] for entry in index["docs"]}
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    card_titles = [squash(link.get_text()) for link in home.select(".reader-articles strong a")]
    for article in reader.articles:
        item = generated.get(article.seed.file_name)
        if item is None:
            continue
        where = article.seed.file_name
        title = f"Headline {item['headline']}"
        assert squash(article.title) == squash(title), where
        description = _metadata(item)["summary"] or f"Dek {item['standfirst']} dek"
        location = f"articles/{article.slug}.html"
        document = BeautifulSoup((site / location).read_text(encoding="utf-8"), "lxml")
        check_article_page(document, title, str(description), where)
        # Chinese words in the index are set apart by zero-width spaces (search_zh.py).
        indexed = html.unescape(titles[location]).replace("\u200b", "")
        assert squash(indexed) == squash(title), where
        assert squash(title) in card_titles, where
        standfirst = document.select_one(".reader-standfirst")
        assert standfirst is not None and _visible(standfirst) == squash(
            f"Dek {item['standfirst']} dek"), where
        caption = document.select_one(".reader-caption")
        assert caption is not None and _visible(caption) == squash(
            f"Photo: {item['caption']}"), where
        provenance = _visible(document.select_one(".reader-provenance"))
        for key in ("publisher", "author"):
            assert squash(item[key]) in provenance, (where, key)
        original = document.select_one("a.reader-original")
        assert original is not None and original["href"] == html.unescape(
            link_address(item["url"])).replace("&amp;", "&"), where


@settings(max_examples=2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(article_input, min_size=10, max_size=10))
def test_any_text_in_any_field_stays_text_in_the_whole_site(reference, items) -> None:
    # One build holds many generated articles: a build costs seconds, a page milliseconds.
    with tempfile.TemporaryDirectory(prefix="whole-page-") as folder:
        paths = copy_project(Path(folder) / "project")
        generated = _add_articles(paths, items)
        site = paths.root / "site"
        build_site(paths, site, with_pdf=False)
        check_site(site, reference, paths, generated)


# The three cases, word for word, and what goes with them.
IMG_HEADLINE = '<img src=x onerror=alert(document.domain)> Great "quoted" title'
QUOTED_DEK = "Short dek with a quote\" onmouseover=\"alert(1)\" and '><script>alert(2)</script>"
PIXEL = ('<img height="1" width="1" src="http://b.scorecardresearch.com/p?c1=2&amp;c2=6035250'
         '&amp;cv=2.0&amp;cj=1">')
NAMED_SEEDS = {
    "950_img_headline.txt": f"{IMG_HEADLINE}\n\n{QUOTED_DEK}\n\n{PROSE}\n\n{PROSE} Again.\n",
    "951_pixel.txt": f"{PIXEL}\nSurveillance Firms Expand Abroad\n\n{PROSE}\n",
    "952_no_headline.txt": "https://example.com/story/1\n\n* * *\n\n<img src=\"x.png\">\n",
    "953_closing_tags.txt": f"</title><script>alert(3)</script> &lt;b&gt; {{{{ x }}}}\n\n{PROSE}\n",
}
EVIL_TERM = {
    "id": "evil-corp",
    "term": 'Evil <svg onload=alert(5)> "Corp"',
    "kind": "organisation",
    "short": "A short line \" onmouseover=\"alert(6)\" <script>alert(7)</script>",
    "definition": "*Emphasis* stays. <img src=x onerror=alert(8)> [x](javascript:alert(9)) "
                  "{: onclick=alert(10) }\n2012. Not a list.\n",
    "sources": [{"title": "A source <b>title</b>", "url": "https://example.org/a)b\"c<d>"}],
}
EVIL_NOTE = {
    "id": "evil-note",
    "article": "950_img_headline.txt",
    "quote": "Again",
    "prefix": "",
    "suffix": "",
    "kind": "context",
    "text": "A note <script>alert(11)</script> [x](javascript:alert(12)) {: onclick=x }",
    "sources": [{"title": "Note source \" onclick=\"x", "url": "https://example.org/n"}],
}


@pytest.fixture(scope="module")
def named_project(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    paths = copy_project(tmp_path_factory.mktemp("named") / "project")
    for name, text in NAMED_SEEDS.items():
        (paths.seeds / name).write_text(text, encoding="utf-8")
    glossary = yaml.safe_load(paths.glossary.read_text(encoding="utf-8"))
    glossary["terms"].append(EVIL_TERM)
    paths.glossary.write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    notes = yaml.safe_load(paths.notes.read_text(encoding="utf-8"))
    notes["notes"].append(EVIL_NOTE)
    paths.notes.write_text(yaml.safe_dump(notes, allow_unicode=True), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def named_site(named_project: ProjectPaths) -> tuple[Path, list[str]]:
    site = named_project.root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "--root", str(named_project.root), "site",
         "--out", str(site)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site, (result.stdout + result.stderr).splitlines()


def _page_of(site: Path, paths: ProjectPaths, file_name: str) -> BeautifulSoup:
    article = next(a for a in build_reader(paths).articles if a.seed.file_name == file_name)
    return BeautifulSoup((site / "articles" / f"{article.slug}.html").read_text(
        encoding="utf-8"), "lxml")


def test_every_page_of_the_named_cases_is_as_the_templates_write_it(named_site, reference
                                                                     ) -> None:
    site, _ = named_site
    for page in sorted(site.rglob("*.html")):
        check_document(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"), reference,
                       str(page.relative_to(site)))


def test_a_headline_with_an_img_tag_is_its_text(named_site, named_project) -> None:
    site, _ = named_site
    document = _page_of(site, named_project, "950_img_headline.txt")
    check_article_page(document, IMG_HEADLINE, QUOTED_DEK, "950")
    assert not document.select(".md-header img, head script:not([src]):not([type])")


def test_a_standfirst_with_quotes_stays_inside_the_description(named_site, named_project
                                                               ) -> None:
    site, _ = named_site
    document = _page_of(site, named_project, "950_img_headline.txt")
    description = document.find_all("meta", attrs={"name": "description"})
    assert len(description) == 1 and description[0]["content"] == QUOTED_DEK
    assert not [attr for element in document.find_all(True) for attr in element.attrs
                if attr.startswith("on")]
    assert [script.get("src", "").rsplit("/", 1)[-1] for script in document.head("script")
            if script.get("type") != "application/json"] == ["reader-head.js"]


def test_a_tracking_pixel_is_not_the_headline_and_the_build_goes_on(named_site, named_project
                                                                     ) -> None:
    site, output = named_site
    document = _page_of(site, named_project, "951_pixel.txt")
    check_article_page(document, "Surveillance Firms Expand Abroad", "", "951")
    assert "scorecardresearch" not in "".join(
        str(element.attrs) for element in document.find_all(True))
    removed = [squash(li.get_text()) for li in document.select(".reader-source li")]
    assert any("not-a-headline" in line and "scorecardresearch" in line for line in removed)
    assert not any("951_pixel.txt" in line for line in output)  # a headline was found


def test_no_sensible_headline_is_one_warning_naming_file_line_and_remedy(named_site,
                                                                         named_project) -> None:
    site, output = named_site
    warnings = [line for line in output if "952_no_headline.txt" in line]
    assert len(warnings) == 1, output
    assert "952_no_headline.txt:1:" in warnings[0] and "web address" in warnings[0]
    assert "line_roles" in warnings[0] and "data/articles.yml" in warnings[0]
    document = _page_of(site, named_project, "952_no_headline.txt")
    assert squash(document.title.get_text()) == f"952_no_headline.txt - {SITE_NAME}"
    # Its lines are still there, as text.
    body = _visible(document.select_one("article"))
    assert "https://example.com/story/1" in body and '<img src="x.png">' in body


def test_closing_tags_and_template_syntax_in_a_title_are_text(named_site, named_project
                                                              ) -> None:
    site, _ = named_site
    document = _page_of(site, named_project, "953_closing_tags.txt")
    check_article_page(document, "</title><script>alert(3)</script> &lt;b&gt; {{ x }}", "",
                       "953")


def test_a_term_and_a_note_from_the_data_files_are_text(named_site) -> None:
    site, _ = named_site
    term = BeautifulSoup((site / "glossary" / "evil-corp.html").read_text(encoding="utf-8"),
                         "lxml")
    check_article_page(term, EVIL_TERM["term"], EVIL_TERM["short"], "term")
    content = term.select_one("article")
    assert content.select("em") and not content.select("[onclick], svg, img, script")
    text = _visible(content)
    assert "<img src=x onerror=alert(8)>" in text and "2012. Not a list." in text
    source = next(a for a in content.select("a") if "A source" in a.get_text())
    assert source["href"] == "https://example.org/a%29b%22c%3Cd%3E"
    article = BeautifulSoup(next((site / "articles").glob("img-src-x*.html")).read_text(
        encoding="utf-8"), "lxml")
    note = article.select_one(".footnote")
    assert note is not None and "<script>alert(11)</script>" in _visible(note)
    assert not note.select("script, [onclick]") and not [
        a for a in note.select("a") if a.get("href", "").startswith("javascript:")]


def test_the_pdf_holds_the_titles_as_text(named_site) -> None:
    from pypdf import PdfReader

    site, _ = named_site
    pdf = PdfReader(site / "reader.pdf")
    assert pdf.metadata.title == SITE_NAME
    outline = json.dumps([str(item) for item in _outline_titles(pdf.outline)])
    assert json.dumps(IMG_HEADLINE)[1:-1] in outline
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert squash(IMG_HEADLINE) in squash(text)


def _outline_titles(outline: list) -> Iterable[str]:
    for item in outline:
        if isinstance(item, list):
            yield from _outline_titles(item)
        else:
            yield item.title


def test_the_headline_rule_itself() -> None:
    assert title_problem(PIXEL) == "it is markup"
    assert title_problem("<script>alert(1)</script>") == "it is markup"
    assert title_problem("<!-- nothing -->") == "it is markup"
    assert title_problem("&nbsp;&#160;") == "it is markup"
    assert title_problem("https://example.com/a") == "it is a web address"
    assert title_problem("javascript:alert(1)") == "it is a web address"
    assert title_problem("www.example.com") == "it is a web address"
    assert title_problem("* * *") == "it has no letter or digit"
    assert title_problem("|---|") == "it has no letter or digit"
    for fine in (IMG_HEADLINE, "Hostile <b>headline</b> *here*", "防火长城", "2021",
                 "Update: the law changed"):
        assert title_problem(fine) is None, fine


def _zensical_site(paths: ProjectPaths) -> Path:
    """The project published by Zensical, from the Markdown we write into ``docs/``."""
    for command in ([sys.executable, "-m", "build_scripts", "--root", str(paths.root), "docs"],
                    [sys.executable, "-m", "zensical", "build", "--strict"]):
        result = subprocess.run(command, cwd=paths.root, capture_output=True, text=True,
                                timeout=600, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    return paths.root / "site"


def test_zensical_writes_the_named_cases_as_text(tmp_path_factory: pytest.TempPathFactory
                                                 ) -> None:
    # Zensical runs no MkDocs hook: the escaping must hold in the Markdown itself.
    plain = copy_project(tmp_path_factory.mktemp("zensical-plain") / "project")
    reference = _signatures(_zensical_site(plain))
    paths = copy_project(tmp_path_factory.mktemp("zensical-named") / "project")
    for name, text in NAMED_SEEDS.items():
        (paths.seeds / name).write_text(text, encoding="utf-8")
    site = _zensical_site(paths)
    for page in sorted(site.rglob("*.html")):
        check_document(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"), reference,
                       str(page.relative_to(site)))
    check_article_page(_page_of(site, paths, "950_img_headline.txt"), IMG_HEADLINE,
                       QUOTED_DEK, "950")
    check_article_page(_page_of(site, paths, "953_closing_tags.txt"),
                       "</title><script>alert(3)</script> &lt;b&gt; {{ x }}", "", "953")
