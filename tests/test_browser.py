"""The built site in a real browser (Debian Chromium, Playwright): what a reader does with it.

The site is served on 127.0.0.1 under the path of ``site_url`` (``/annotated-reader/``), as a
host serves it, so the 404 page's absolute links work too. Chromium missing is a failure, not a
skip: ``make test`` installs it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils import yaml_load
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from build_scripts.inputs.glossary import load_glossary
from build_scripts.paths import ProjectPaths
from build_scripts.publish.site import build_site
from build_scripts.tools.audit import (
    CHROMIUM_ARGS,
    MATERIAL_STARTED,
    MISSING_PAGE,
    ToolMissing,
    chromium_executable,
    configured_site_url,
    node_module_file,
    open_page,
    page_kinds,
    run_axe,
    serve_site,
    site_path_prefix,
    watch_policy,
)
from tests.conftest import ROOT
from tests.htmltext import loads_from_other_hosts

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
TABS = 4  # pages loaded at once when visiting the whole site
TESLA = "articles/tesla-joins-apple-in-bowing-down-to-communist-china.html"


@pytest.fixture(scope="session")
def chromium() -> str:
    try:
        return chromium_executable()
    except ToolMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site as published, ``reader.pdf`` included, built once per test worker."""
    site = tmp_path_factory.mktemp("browser") / "site"
    build_site(ProjectPaths(ROOT), site)
    return site


@pytest.fixture(scope="session")
def base_url(published_site: Path) -> Iterator[str]:
    # Served as the host at site_url would serve it (its sitemap lists this server's addresses),
    # so instant navigation and previews work as they do once published.
    with serve_site(published_site, site_path_prefix(ROOT), configured_site_url(ROOT)) as url:
        yield url


class _PolicyWatchedBrowser:
    """The browser, every context of which records Content-Security-Policy violations."""

    def __init__(self, browser: object) -> None:
        self._browser = browser
        self._seen: list[list[str]] = []

    def new_context(self, **options: object) -> object:
        context = self._browser.new_context(**options)
        self._seen.append(watch_policy(context))
        return context

    def take_violations(self) -> list[str]:
        """The violations recorded since the last call."""
        found = [text for seen in self._seen for text in seen]
        self._seen.clear()
        return found

    def __getattr__(self, name: str) -> object:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[_PolicyWatchedBrowser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        yield _PolicyWatchedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_policy_violation(request: pytest.FixtureRequest) -> Iterator[None]:
    """Whatever a browser test does, the pages' Content-Security-Policy blocks nothing: the
    site's own scripts, styles, images and workers are all it loads."""
    yield
    if "browser" not in request.fixturenames:
        return
    found = request.getfixturevalue("browser").take_violations()
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(color_scheme="light")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _in_viewport(page, element_id: str) -> bool:
    return page.evaluate(
        """id => {
            const box = document.getElementById(id).getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
        }""",
        element_id,
    )


def _published_link(site: Path, path: str, selector: str):
    """The first element matching ``selector`` in the published file ``path`` (before any script
    changed it: Material removes the title of a link that has a preview)."""
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")
    found = soup.select_one(selector)
    assert found is not None, f"{selector} in {path}"
    return found


def _hover_card(page, host: str, relation: str = "aria-controls"):
    """Hover the first element matching ``host``; return the tooltip or preview Material shows
    for it (the element its ``relation`` attribute names, once visible)."""
    element = page.locator(host).first
    element.scroll_into_view_if_needed()
    element.hover()
    page.wait_for_function(
        "([host, relation]) => document.querySelector(host)?.getAttribute(relation)",
        arg=[host, relation],
    )
    card = page.locator(f"#{element.get_attribute(relation)}")
    card.wait_for(state="visible")
    return card


def _article_text_includes(page, text: str) -> None:
    """Wait until the page's article shows ``text`` (instant navigation swaps it in place)."""
    page.wait_for_function(
        "text => { const a = document.querySelector('article.md-content__inner');"
        " return a !== null && a.innerText.includes(text); }",
        arg=text,
    )


def test_home_page_opens(page, base_url: str) -> None:
    response = open_page(page, base_url)
    assert response is not None and response.status == 200
    assert page.title().startswith("The Annotated Reader")
    assert page.locator("article a[href*='articles/']").count() >= 4
    assert page.locator("header .md-search__input").count() == 1


def test_search_gcbd_and_open_first_result(page, base_url: str) -> None:
    open_page(page, base_url + "index.html")
    first = _search(page, "GCBD").first
    assert "GCBD" in first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r".*\.html(\?h=gcbd)?(#.*)?$"))
    _article_text_includes(page, "GCBD")
    assert page.url != base_url + "index.html"


def _search(page, query: str):
    """Type ``query`` into the search box; return the result links once they show.

    A query typed while the search index is still loading may be dropped: then nudge it (a
    space typed and deleted), as a reader would, without starting it over.
    """
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    for _ in range(4):
        try:
            links.first.wait_for(state="visible", timeout=8_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("End")
            page.keyboard.type(" ")
            page.keyboard.press("Backspace")
    links.first.wait_for(state="visible")
    return links


def _search_results(page, base_url: str, query: str) -> list[str]:
    """The addresses of the search results for ``query``, best first."""
    open_page(page, base_url + "index.html")
    hrefs = _search(page, query).evaluate_all("nodes => nodes.map(n => n.href)")
    return ["/".join(urlsplit(href).path.split("/")[-2:]) for href in hrefs]


@pytest.mark.parametrize(
    ("query", "term_page", "within"),
    [
        ("GCBD", "glossary/gcbd.html", 2),
        ("Great Firewall", "glossary/great-firewall.html", 2),
        ("National Intelligence Law", "glossary/national-intelligence-law.html", 2),
        ("Uyghur", "glossary/uyghurs.html", 2),
        ("防火长城", "glossary/great-firewall.html", 2),
        ("维吾尔族", "glossary/uyghurs.html", 2),
    ],
)
def test_search_finds_the_term_page(
    page, base_url: str, query: str, term_page: str, within: int
) -> None:
    results = _search_results(page, base_url, query)
    assert term_page in results[:within], f"{query!r}: {results[:5]}"


GCBD_LINK = "a.reader-term[href$='glossary/gcbd.html']"
GCBD_SHORT = load_glossary(ROOT / "data" / "glossary.yml").by_id()["gcbd"].short


def test_hover_glossary_link_shows_the_term_preview(
    page, base_url: str, published_site: Path
) -> None:
    # Published: the link carries Material's preview marker, and no title (Material would
    # drop it for the preview; offline, where there is no preview, the title is there).
    published = _published_link(published_site, TESLA, GCBD_LINK)
    assert published.has_attr("data-preview") and not published.has_attr("title")
    definition = GCBD_SHORT
    term_page: list[str] = []
    page.on("request", lambda r: term_page.append(r.url) if "glossary/gcbd" in r.url else None)
    open_page(page, base_url + TESLA)
    preview = _hover_card(page, GCBD_LINK)
    assert preview.get_attribute("role") == "dialog"
    shown = " ".join(preview.inner_text().split())
    assert "Guizhou-Cloud Big Data (GCBD)" in shown, shown  # the term page's title
    assert " ".join(definition.split()) in shown, shown  # its short definition
    assert "Chinese:" in shown  # and what follows, up to the page's first section
    assert "Mentioned in" not in shown
    assert any(url.endswith("/glossary/gcbd.html") for url in term_page)
    # The dialog is named after the term (docs/assets/javascripts/reader-head.js), so axe-core
    # finds nothing serious with the preview open.
    assert preview.get_attribute("aria-label") == "Guizhou-Cloud Big Data (GCBD)"
    axe = node_module_file(ROOT, "axe-core/axe.min.js").read_text(encoding="utf-8")
    assert not [v for v in run_axe(page, axe) if v.blocking]


def test_open_preview_in_the_dark_scheme_passes_axe(browser, base_url: str) -> None:
    # The hovered link takes the accent colour: readable on the dark scheme's grey too.
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        open_page(page, base_url + TESLA)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        _hover_card(page, GCBD_LINK)
        axe = node_module_file(ROOT, "axe-core/axe.min.js").read_text(encoding="utf-8")
        assert not [v for v in run_axe(page, axe) if v.blocking]
    finally:
        context.close()


def test_hover_a_note_marker_shows_the_note(page, base_url: str) -> None:
    open_page(page, base_url + TESLA)
    note = _hover_card(page, "a.footnote-ref")
    number = page.locator("a.footnote-ref").first.inner_text().strip()
    assert note.get_attribute("role") == "dialog"
    assert note.get_attribute("aria-label") == f"Note {number}"
    assert len(note.inner_text().strip()) > 20


def test_hover_a_link_with_a_title_shows_material_tooltip(page, base_url: str) -> None:
    # Links without a preview keep Material's tooltips (content.tooltips).
    open_page(page, base_url + TESLA)
    title = page.locator("a.reader-pilcrow").first.get_attribute("title")
    assert title and title.startswith("Paragraph 1")
    # (Material moves the title into the tooltip while it shows.)
    tooltip = _hover_card(page, "a.reader-pilcrow", "aria-describedby")
    assert tooltip.get_attribute("role") == "tooltip"
    assert tooltip.inner_text().strip() == title


def test_instant_navigation_keeps_the_page(page, base_url: str) -> None:
    open_page(page, base_url + TESLA)
    # Material navigates in place only to the pages its sitemap lists: wait until it has it.
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__reader_marker = 1")
    page.locator(GCBD_LINK).first.click()
    page.wait_for_url(re.compile(r".*/glossary/gcbd\.html$"))
    _article_text_includes(page, "Mentioned in")
    # A full page load would have dropped the marker: Material swapped the content in place.
    assert page.evaluate("window.__reader_marker") == 1


def test_table_of_contents_follows_the_reader(browser, base_url: str) -> None:
    # toc.follow: on a wide screen the table of contents marks the section being read.
    context = browser.new_context(viewport={"width": 1400, "height": 700})
    try:
        page = context.new_page()
        open_page(page, base_url + "glossary/gcbd.html")
        toc = ".md-sidebar--secondary .md-nav__link"
        assert page.locator(f"{toc}[href$='#mentioned-in']").count() == 1
        page.locator("h2#mentioned-in").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 1)")
        page.locator(f"{toc}--active[href$='#mentioned-in']").wait_for(state="attached")
    finally:
        context.close()


def test_mentioned_in_link_lands_on_the_paragraph(
    page, base_url: str, published_site: Path
) -> None:
    # The contract, in the published file (in the browser, instant navigation makes hrefs
    # absolute).
    html = (published_site / "glossary" / "gcbd.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    heading = soup.select_one("h2#mentioned-in")
    assert heading is not None
    first = heading.find_next("a", class_="reader-backlink")
    assert first is not None
    match = re.fullmatch(r"\.\./articles/[a-z0-9-]+\.html#(p-[0-9a-f]{8})", first["href"])
    assert match, first["href"]
    paragraph_id = match.group(1)
    open_page(page, base_url + "glossary/gcbd.html")
    backlink = page.locator("h2#mentioned-in ~ * a.reader-backlink").first
    # Scroll first, then click, as a reader does: Material records the scroll position and the
    # section in the address (navigation.tracking) a moment after each scroll, and a click
    # within that moment lands on the new page at the old page's position and section.
    backlink.scroll_into_view_if_needed()
    page.wait_for_timeout(400)
    backlink.click()
    page.wait_for_url(re.compile(rf".*/articles/[a-z0-9-]+\.html#{paragraph_id}$"))
    target = page.locator(f"p#{paragraph_id}.reader-p")
    target.wait_for(state="visible")
    # Instant navigation swaps the article in place and scrolls the paragraph to the top.
    page.wait_for_function(
        """id => { const b = document.getElementById(id).getBoundingClientRect();
                   return b.top >= 0 && b.top < window.innerHeight / 3; }""",
        arg=paragraph_id,
    )
    assert urlsplit(page.url).fragment == paragraph_id
    assert _in_viewport(page, paragraph_id)
    assert "GCBD" in target.inner_text()


def test_dark_mode_toggle(page, base_url: str) -> None:
    open_page(page, base_url + TESLA)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label[title='Switch to dark mode']").click()
    # A function, not an expression: Playwright polls an expression with eval, which the
    # pages' Content-Security-Policy blocks when the first check is not yet true.
    page.wait_for_function(f"() => {scheme} === 'slate'")
    assert page.evaluate(scheme) == "slate"
    page.reload()
    assert page.evaluate(scheme) == "slate", "the choice is remembered"


def test_pdf_download_link(page, base_url: str, published_site: Path) -> None:
    for path in ("index.html", "about.html"):
        open_page(page, base_url + path)
        published = BeautifulSoup((published_site / path).read_text(encoding="utf-8"), "lxml")
        assert published.select_one("a[href='reader.pdf'][download]") is not None, path
        link = page.locator("a[href$='/reader.pdf'][download], a[href='reader.pdf'][download]")
        assert link.count() >= 1, f"no PDF download link on {path}"
    response = page.request.get(base_url + "reader.pdf")
    assert response.status == 200
    assert response.headers["content-type"].split(";")[0] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


@pytest.mark.parametrize("width", [1280, 390])
def test_article_titles_have_no_blank_line(browser, base_url: str, published_site: Path,
                                           width: int) -> None:
    """The title's box is as tall as its words: nothing hidden wraps onto a line of its own."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for article in sorted((published_site / "articles").glob("*.html")):
            open_page(page, f"{base_url}articles/{article.name}")
            content, words, line = page.evaluate(
                """() => {
                    const h1 = document.querySelector('article h1');
                    const texts = [...h1.childNodes].filter(n => n.nodeType === 3);
                    const range = document.createRange();
                    range.setStartBefore(texts[0]);
                    range.setEndAfter(texts[texts.length - 1]);
                    const style = getComputedStyle(h1);
                    return [h1.clientHeight - parseFloat(style.paddingTop)
                              - parseFloat(style.paddingBottom),
                            range.getBoundingClientRect().height, parseFloat(style.lineHeight)];
                }"""
            )
            assert content - words < line / 2, (article.name, width, content, words)
    finally:
        context.close()


def test_404_page_renders(page, base_url: str) -> None:
    response = open_page(page, base_url + MISSING_PAGE)
    assert response is not None and response.status == 404
    assert "404" in page.locator("article, .md-content").first.inner_text()
    # Styled and scripted: its absolute links to the assets resolve under site_url's path.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )
    assert page.evaluate("document.documentElement.classList.contains('js')")


def test_no_request_to_another_host(browser, base_url: str, published_site: Path) -> None:
    pages = sorted(
        path.relative_to(published_site).as_posix()
        for path in published_site.rglob("*.html")
        if "assets" not in path.relative_to(published_site).parts
    )
    assert "index.html" in pages and "404.html" in pages and "about.html" in pages
    assert any(p.startswith("articles/") for p in pages)
    assert any(p.startswith("glossary/") for p in pages)
    pages.append(MISSING_PAGE)
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    # Every page starts a search worker that indexes the whole site: answer with an empty index
    # (the request is still made and recorded), or the visit takes several times as long.
    config = json.loads((published_site / "search" / "search_index.json").read_bytes())["config"]
    context.route(
        "**/search/search_index.json",
        lambda route: route.fulfill(json={"config": config, "docs": []}),
    )
    tabs = [context.new_page() for _ in range(TABS)]
    try:
        for start in range(0, len(pages), TABS):
            batch = list(zip(tabs, pages[start : start + TABS], strict=False))
            for tab, path in batch:  # start the loads together, then wait for each
                tab.evaluate("url => { window.location.href = url; }", base_url + path)
            for tab, path in batch:
                tab.wait_for_url(base_url + path)
                tab.wait_for_load_state("load")
                tab.wait_for_function(MATERIAL_STARTED)  # it starts after the first paint
        tabs[0].wait_for_timeout(300)  # late requests: search index, sitemap
    finally:
        context.close()
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(
        url for url in requested if urlsplit(url).hostname != "127.0.0.1"
    )
    assert any(url.endswith("search/search_index.json") for url in requested)


def test_no_serious_accessibility_violation(browser, base_url: str, published_site: Path) -> None:
    try:
        axe = node_module_file(ROOT, "axe-core/axe.min.js").read_text(encoding="utf-8")
    except ToolMissing as error:
        pytest.fail(str(error), pytrace=False)
    kinds = page_kinds(published_site)
    assert {"home", "article", "term", "glossary index", "about", "404"} <= set(kinds)
    found = {}
    for scheme, wanted in (("light", kinds), ("dark", ("article", "term"))):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        for kind in wanted:
            open_page(page, base_url + kinds[kind])
            blocking = [v for v in run_axe(page, axe) if v.blocking]
            if blocking:
                found[(kind, scheme)] = [(v.impact, v.rule, v.targets) for v in blocking]
        context.close()
    assert not found


@pytest.fixture
def phone(browser) -> Iterator[object]:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", [TESLA, "glossary/gcbd.html"])
def test_phone_has_no_horizontal_scroll(phone, base_url: str, path: str, tmp_path: Path) -> None:
    open_page(phone, base_url + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(tmp_path / "phone.png"))
    assert (tmp_path / "phone.png").stat().st_size > 10_000


def test_phone_without_javascript_has_no_horizontal_scroll(browser, base_url: str) -> None:
    # Before Material's JavaScript runs (or without it) the header title is wider: it must not
    # push the page past the screen's width (the page would be laid out twice on a phone).
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(base_url + TESLA, wait_until="load")
        cdp = context.new_cdp_session(page)
        width = cdp.send(
            "Runtime.evaluate",
            {"expression": "document.documentElement.scrollWidth", "returnByValue": True},
        )["result"]["value"]
    finally:
        context.close()
    assert width <= PHONE["width"], f"{width}px wide without JavaScript"


def test_each_style_sheet_is_loaded_once(page, base_url: str) -> None:
    # docs/assets/javascripts/reader-head.js makes the style sheets' addresses absolute before
    # the page is styled (Material's instant navigation would do it later, at the cost of
    # restyling the page): the browser must not fetch them twice for it, and the page must be
    # styled.
    sheets: list[str] = []
    page.on("request", lambda r: sheets.append(r.url) if r.resource_type == "stylesheet" else None)
    open_page(page, base_url + TESLA)
    page.wait_for_timeout(300)
    assert sheets and len(sheets) == len(set(sheets)), sheets
    hrefs = page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))"
    )
    assert hrefs and all(href.startswith(base_url) for href in hrefs), hrefs
    assert "js" in page.evaluate("document.documentElement.className").split()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )


def test_the_article_is_painted_before_material_loads(browser, base_url: str) -> None:
    # overrides/main.html loads Material's bundle after the first paint: the reader sees the
    # article without waiting for 110 kB of script, and in the scheme their system prefers
    # (dark here, nothing saved), not light until the bundle would have set it. Hold the
    # bundle back: the page must paint all the same, and Material start once it comes.
    context = browser.new_context(color_scheme="dark")
    context.set_default_timeout(10_000)
    held: list = []
    context.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
    try:
        page = context.new_page()
        page.goto(base_url + TESLA, wait_until="domcontentloaded")
        page.wait_for_function(
            "() => performance.getEntriesByName('first-contentful-paint').length > 0"
        )
        assert len(held) == 1 and page.evaluate("typeof window.document$") == "undefined"
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert "Tesla" in page.locator("article h1").inner_text()
        held[0].continue_()
        page.wait_for_function(MATERIAL_STARTED)
        # Material started, once: its palette added one theme-colour tag (each start adds
        # one), and its toggle offers the light scheme (the reader is in the dark one).
        assert page.locator("meta[name=theme-color]").count() == 1
        assert page.get_by_title("Switch to light mode").is_visible()
        assert page.get_by_title("Switch to dark mode").is_hidden()
        assert len(held) == 1
    finally:
        context.close()


def test_material_does_not_restyle_the_page_by_a_class_on_html(page, base_url: str) -> None:
    # Any class change on <html> makes Chromium restyle every element (Material's style sheet
    # has selectors such as table:not([class])). docs/assets/javascripts/reader-head.js sets,
    # before the page is styled, the classes Material's bundle sets when it starts ("js", and
    # "js-focus-visible" from its focus-visible polyfill), so the bundle's own pass changes
    # nothing.
    page.add_init_script(
        """
        window.readerHtmlChanges = []
        new MutationObserver(records => {
          for (const record of records)
            if (record.target === document.documentElement)
              window.readerHtmlChanges.push({
                name: record.attributeName,
                before: record.oldValue,
                after: document.documentElement.getAttribute(record.attributeName),
                bodyOpened: document.body !== null,
              })
        }).observe(document, { subtree: true, attributes: true, attributeOldValue: true })
        """
    )
    open_page(page, base_url + TESLA)
    page.wait_for_timeout(300)
    changes = page.evaluate("window.readerHtmlChanges")
    assert any(change["name"] == "class" for change in changes), changes
    late = [
        change
        for change in changes
        if change["bodyOpened"] and change["before"] != change["after"]
    ]
    assert not late, late
    assert {"js", "js-focus-visible"} <= set(
        page.evaluate("document.documentElement.className").split()
    )


def test_phone_tap_on_a_term_shows_its_definition(
    phone, base_url: str, published_site: Path
) -> None:
    definition = GCBD_SHORT
    open_page(phone, base_url + TESLA)
    term = phone.locator(GCBD_LINK).first
    term.scroll_into_view_if_needed()
    term.tap()
    # A tap follows the link (there is no hover on a phone): the term page opens with the same
    # short definition at the top, in view.
    phone.wait_for_function(
        "() => document.querySelector('article h1') && "
        "document.querySelector('article h1').textContent.includes('GCBD')"
    )
    top = phone.locator("article.md-content__inner").inner_text()
    assert definition.strip() in " ".join(top.split())
    box = phone.get_by_text(definition.strip()[:40]).first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]


# The offline variant: opened from file://, search included.


def test_offline_config_repeats_the_main_plugins() -> None:
    def plugins(name: str) -> list:
        with open(ROOT / name, encoding="utf-8") as handle:
            return yaml_load(handle)["plugins"]

    offline = plugins("mkdocs.offline.yml")
    assert offline[-1] == "offline"
    assert offline[:-1] == plugins("mkdocs.yml"), (
        "mkdocs.offline.yml must list the plugins of mkdocs.yml (MkDocs replaces lists when "
        "inheriting), then offline"
    )


def test_offline_config_repeats_the_features_but_instant_navigation() -> None:
    def features(name: str) -> list:
        with open(ROOT / name, encoding="utf-8") as handle:
            return yaml_load(handle)["theme"]["features"]

    main = features("mkdocs.yml")
    assert "navigation.instant" in main
    assert features("mkdocs.offline.yml") == [
        feature for feature in main if not feature.startswith("navigation.instant")
    ], "mkdocs.offline.yml must list mkdocs.yml's theme features but instant navigation"


def test_offline_config_keeps_the_markdown_extensions() -> None:
    def extensions(name: str) -> list:
        with (ROOT / name).open(encoding="utf-8") as handle:
            return yaml_load(handle)["markdown_extensions"]  # INHERIT resolved

    assert extensions("mkdocs.offline.yml") == extensions("mkdocs.yml"), (
        "mkdocs.offline.yml must not list Markdown extensions of its own: the pages' Markdown "
        "is the same offline")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site-offline"
    build_site(ProjectPaths(ROOT), site, ROOT / "mkdocs.offline.yml", with_pdf=False)
    return site


def test_offline_build_ships_the_worker_shim(offline_site: Path) -> None:
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html
    scripts = [tag.get("src") for tag in BeautifulSoup(html, "html.parser").find_all("script")]
    assert "assets/iframe-worker/shim.js" in scripts
    assert (offline_site / "assets" / "iframe-worker" / "shim.js").is_file()
    assert (offline_site / "search" / "search_index.js").is_file()


def test_offline_site_loads_nothing_from_another_host(offline_site: Path) -> None:
    assert loads_from_other_hosts(offline_site) == []


def test_offline_search_from_file(browser, offline_site: Path) -> None:
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        open_page(page, (offline_site / "index.html").as_uri())
        first = _search(page, "GCBD").first
        assert "GCBD" in first.inner_text()
        first.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and "/glossary/" in page.url
        assert "GCBD" in page.locator("article.md-content__inner").inner_text()
    finally:
        context.close()
    schemes = {urlsplit(url).scheme for url in requested}
    assert schemes <= {"file", "data", "blob", "about"}, sorted(
        url for url in requested if not url.startswith("file:")
    )


def test_offline_glossary_link_keeps_its_tooltip(browser, offline_site: Path) -> None:
    # From file:// Material can show no preview: the link keeps its title and Material's tooltip.
    published = _published_link(offline_site, TESLA, GCBD_LINK)
    assert not published.has_attr("data-preview")
    definition = published.get("title") or ""
    assert "Guizhou" in definition
    context = browser.new_context()
    try:
        page = context.new_page()
        open_page(page, (offline_site / TESLA).as_uri())
        tooltip = _hover_card(page, GCBD_LINK, "aria-describedby")
        assert tooltip.get_attribute("role") == "tooltip"
        assert " ".join(tooltip.inner_text().split()) == " ".join(definition.split())
    finally:
        context.close()


def test_the_policy_runs_no_script_that_markup_slipped_into_a_page(browser, base_url: str
                                                                   ) -> None:
    # Defence in depth: were the escaping to fail, markup in a page would run nothing.
    context = browser.new_context()
    try:
        page = context.new_page()
        open_page(page, base_url + TESLA)
        page.evaluate("""() => {
            const article = document.querySelector("article")
            article.insertAdjacentHTML("beforeend",
                '<img src="data:," onerror="window.ranHandler = 1">'
                + '<img src="https://evil.example/pixel.gif" alt="">')
            const script = document.createElement("script")
            script.textContent = "window.ranInline = 1"
            article.append(script)
        }""")
        page.wait_for_timeout(300)
        assert page.evaluate("[window.ranHandler, window.ranInline]") == [None, None]
    finally:
        context.close()
    found = browser.take_violations()
    assert any("script-src" in text and "inline" in text.lower() for text in found), found
    assert any("evil.example" in text for text in found), found
