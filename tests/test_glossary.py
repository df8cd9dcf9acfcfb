"""The glossary: data validation, matching rules, links, term pages, coverage, schemas."""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from build_scripts.annotate.mentions import TermMatcher
from build_scripts.errors import InputError
from build_scripts.ingest.seed import clean_line
from build_scripts.inputs.glossary import load_glossary
from build_scripts.inputs.schemas import SCHEMAS, schema_text
from build_scripts.models import Glossary, InlineLink, Source, Term
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from build_scripts.render import glossary as render_glossary
from build_scripts.render.article import annotate_text, with_link_previews
from build_scripts.render.markdown_text import attribute_value
from tests.conftest import ROOT

GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml")
MATCHER = TermMatcher.from_glossary(GLOSSARY)
READER = build_reader(ProjectPaths(ROOT))
CONFIG = load_config(str(ROOT / "mkdocs.yml"))


def _term(term_id: str, term: str, *aliases: str, case_sensitive: bool | None = None) -> Term:
    return Term(term_id, term, aliases, case_sensitive, "", "", "concept", f"About {term}.",
                "Text.", (), (Source("A source", "https://example.org"),))


def _found(text: str, matcher: TermMatcher = MATCHER) -> list[tuple[str, str]]:
    return [(m.surface, m.term_id) for m in matcher.find(text)]


# --- data -------------------------------------------------------------------------------

def test_glossary_content_is_complete() -> None:
    assert len(GLOSSARY.terms) >= 35
    by_id = GLOSSARY.by_id()
    for required in ("great-firewall", "national-intelligence-law", "gcbd", "prc", "uyghurs",
                     "x-twitter", "wechat", "tiktok", "bytedance", "citizen-lab"):
        assert required in by_id, required
    assert by_id["great-firewall"].zh == "防火长城"
    for term in GLOSSARY.terms:
        assert term.sources and all(s.url.startswith("https://") for s in term.sources)
        assert 0 < len(term.short) <= 200 and "\n" not in term.short
        assert term.definition.strip()


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (ROOT / "data" / "glossary.yml").read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "glossary.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("  - id: apple\n", "  - id: abby-seiff\n", "already used"),
        ("      - Great Firewall of China\n", "      - GCBD\n", "already a form of"),
        ("    related: [chinafile]\n", "    related: [no-such-term]\n", "does not exist"),
        ("        url: https://www.chinafile.com/archive/202009\n",
         "        url: not a url\n", "url"),
        ("    kind: person\n", "    kind: cat\n", "kind"),
    ],
)
def test_broken_glossary_entry_names_file_line_and_field(tmp_path, old, new, says) -> None:
    path, line = _broken(tmp_path, old, new)
    with pytest.raises(InputError) as caught:
        load_glossary(path)
    message = str(caught.value)
    assert caught.value.path == path
    assert says in message
    assert caught.value.line == line, message


def test_empty_definition_is_refused(tmp_path) -> None:
    text = (ROOT / "data" / "glossary.yml").read_text(encoding="utf-8")
    start = text.index("    definition: |\n")
    end = text.index("    related:", start)
    path = tmp_path / "glossary.yml"
    path.write_text(text[:start] + '    definition: "  "\n' + text[end:], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_glossary(path)
    assert "definition" in str(caught.value) and "empty" in str(caught.value)
    assert caught.value.line == text[:start].count("\n") + 1


def test_cli_reports_a_broken_glossary_in_one_line(project) -> None:
    text = project.glossary.read_text(encoding="utf-8")
    project.glossary.write_text(text.replace("  - id: apple\n", "  - id: abby-seiff\n", 1),
                                encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(project.root),
                             "check"], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "glossary.yml:" in result.stderr


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schemas_match_the_models(name: str) -> None:
    shipped = ROOT / "schemas" / f"{name}.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(SCHEMAS[name], name), (
        "run python -m build_scripts schemas"
    )


# --- matching -------------------------------------------------------------------------------

def test_whole_words_and_case_rules() -> None:
    assert _found("an X-ray and X-rated film, a Xerox, a type X") == [("X", "x-twitter")]
    assert _found("X (formerly Twitter) and Twitter/X") == [
        ("X", "x-twitter"), ("Twitter", "x-twitter"), ("Twitter", "x-twitter"), ("X", "x-twitter")]
    assert _found("the prc and the PRC") == [("PRC", "prc")]
    assert _found("apple pie and Apple") == [("Apple", "apple")]
    assert _found("the Tencents of this world") == []


def test_longest_match_wins() -> None:
    assert _found("the National Intelligence Law requires") == [
        ("National Intelligence Law", "national-intelligence-law")]
    found = _found("Guizhou-Cloud Big Data (GCBD) in Guizhou")
    assert found[0] == ("Guizhou-Cloud Big Data (GCBD)", "gcbd")
    assert found[1] == ("Guizhou", "guizhou")


def test_chinese_needs_no_word_boundaries() -> None:
    assert _found("所谓防火长城是") == [("防火长城", "great-firewall")]
    assert ("维吾尔族", "uyghurs") in _found("新疆维吾尔族人")


def test_curly_apostrophes_and_plurals() -> None:
    assert _found("the People’s Republic of China’s laws")[0][1] == "prc"
    assert _found("Uighurs and Uyghurs")[0] == ("Uighurs", "uyghurs")


def test_an_empty_glossary_matches_nothing() -> None:
    assert TermMatcher.from_glossary(Glossary(())).find("GCBD and the PRC") == []


words = st.sampled_from(["GCBD", "PRC", "X", "X-ray", "WeChat", "Great Firewall", "the", "of",
                         "National Intelligence Law", "Intelligence", "防火长城", "People’s",
                         "Republic", "China", ",", ".", "’s", "ByteDance", "Bytedance"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=30).map(" ".join), st.randoms())
def test_any_glossary_order_gives_the_same_mentions(text: str, rnd: random.Random) -> None:
    shuffled = list(GLOSSARY.terms)
    rnd.shuffle(shuffled)
    assert _found(text, TermMatcher(shuffled)) == _found(text)


def test_a_match_refused_leaves_the_mentions_inside_it() -> None:
    matcher = TermMatcher([_term("law", "Intelligence Law"), _term("intel", "Intelligence"),
                           _term("nyt", "New York Times", "The New York Times",
                                 case_sensitive=True)])
    assert _found("an Intelligence Lawyer from the New York Times", matcher) == [
        ("Intelligence", "intel"), ("New York Times", "nyt")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(words, st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                                           max_size=8)), max_size=30).map(" ".join))
def test_links_never_nest_and_removing_them_gives_back_the_text(text: str) -> None:
    text = clean_line(text)  # as every block's text is
    mentions = MATCHER.find(text)
    for first, second in itertools.pairwise(mentions):
        assert first.end <= second.start
    links = [InlineLink(m.start, m.end, f"glossary/{m.term_id}.md", "Hover <text> \"q\"",
                        "reader-term") for m in mentions]
    source = annotate_text(text, links, [], "articles/a.md")
    md = markdown.Markdown(extensions=CONFIG.markdown_extensions,
                           extension_configs=CONFIG.mdx_configs)
    soup = BeautifulSoup(md.convert(source), "lxml")
    anchors = soup.select("a")
    assert len(anchors) == len(mentions)
    assert not soup.select("a a")
    for anchor, mention in zip(anchors, mentions, strict=True):
        assert anchor.get_text() == mention.surface
        assert anchor["title"] == "Hover <text> \"q\""
        assert anchor["href"] == f"../glossary/{mention.term_id}.md"
    visible = " ".join(soup.get_text().split())
    assert visible == " ".join(text.split())


# --- the built site ---------------------------------------------------------------------------

def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")


def _article(title_start: str):
    return next(a for a in READER.articles if a.title.startswith(title_start))


@pytest.mark.parametrize(
    ("title_start", "term_id"),
    [("Tesla Joins Apple", "gcbd"), ("Technical Difficulties", "great-firewall"),
     ("Technical Difficulties", "national-intelligence-law")],
)
def test_named_terms_are_linked_with_their_definition(built_site, title_start, term_id) -> None:
    article = _article(title_start)
    soup = _soup(built_site, f"articles/{article.slug}.html")
    links = soup.select(f'article a.reader-term[href="../glossary/{term_id}.html"]')
    assert links, f"{term_id} is not linked from {article.slug}"
    # On the site the link opens a preview of the term page (which Material shows instead of
    # a title); the Markdown, for the PDF, the offline site and other generators, carries the
    # short definition as the link's title.
    assert links[0].has_attr("data-preview") and not links[0].has_attr("title")
    page = next(p for p in READER.pages if p.uri == f"articles/{article.slug}.md")
    short = attribute_value(GLOSSARY.by_id()[term_id].short)
    assert f'](../glossary/{term_id}.md){{: .reader-term title="{short}" }}' in page.markdown


def test_only_generated_term_links_become_previews() -> None:
    seed_text = 'A seed quoting markup: x){: .reader-term title="not a link" }'
    links = [InlineLink(0, 1, "glossary/a.md", "The term A.", "reader-term"),
             InlineLink(2, 6, "glossary/s.md", "A note.", "reader-other")]
    text = annotate_text(seed_text, links, [], "articles/x.md")
    previewed = with_link_previews(text, "reader-term")
    assert previewed.startswith("[A](../glossary/a.md){: .reader-term data-preview }")
    assert '{: .reader-other title="A note." }' in previewed
    assert "not a link" in previewed
    html = markdown.markdown(previewed, extensions=["attr_list"])
    assert html.count("<a ") == 2 and html.count("data-preview") == 1
    assert "title=" in html and "The term A." not in html


def test_terms_are_never_linked_in_headings_or_the_source_panel(built_site) -> None:
    for page in (built_site / "articles").glob("*.html"):
        soup = _soup(built_site, f"articles/{page.name}")
        assert not soup.select("h1 a.reader-term, h2 a.reader-term, details a.reader-term")
        assert not soup.select(".reader-header a.reader-term")


def test_first_mention_in_each_section_is_linked(built_site) -> None:
    article = _article("Elon Musk Questions")
    soup = _soup(built_site, f"articles/{article.slug}.html")
    content = soup.select_one("article.md-content__inner")
    sections: list[list[str]] = [[]]
    for element in content.select("h2, p.reader-p, p.reader-caption"):
        if element.name == "h2":
            sections.append([])
        sections[-1] += [a["href"] for a in element.select("a.reader-term")]
    for hrefs in sections:
        assert len(hrefs) == len(set(hrefs)), "a term linked twice in one section"
    twitter = [s for s in sections if "../glossary/x-twitter.html" in s]
    assert len(twitter) >= 2, "the first mention of each section is linked"


def test_every_mention_mode_links_all(project) -> None:
    text = project.glossary.read_text(encoding="utf-8")
    project.glossary.write_text(text.replace("terms:\n", "linking:\n  mode: every\nterms:\n", 1),
                                encoding="utf-8")
    reader = build_reader(project)
    page = next(p for p in reader.pages if p.uri.startswith("articles/technical-"))
    count = len(re.findall(r"\]\(\.\./glossary/wechat\.md\)\{: \.reader-term", page.markdown))
    mentions = [o for o in reader.occurrences if o.mention.term_id == "wechat"
                and o.article_slug == "technical-difficulties"]
    assert count == len(mentions) > 5


def test_term_page_has_everything_a_reader_needs(built_site) -> None:
    soup = _soup(built_site, "glossary/great-firewall.html")
    text = soup.get_text(" ")
    for expected in ("Great Firewall", "防火长城", "Fánghuǒ Chángchéng", "Also written",
                     "Related terms", "Sources", "Mentioned in"):
        assert expected in text, expected
    assert soup.select('a[href^="https://"]')


# Where a sentence ends, written plainly: a space run after a stop, or after a stop and a
# closing quote, before what may start a sentence. ``SENTENCE_END`` finds it faster.
PLAIN_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)\]]))\s+(?=[\"“‘(\[]?[A-Z0-9])")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list('.!?…"”’)]“‘([ \t\u00a0aZ9')), max_size=40))
def test_sentence_ends_are_the_plainly_written_ones(text: str) -> None:
    assert ([(m.start(1), m.end(1)) for m in render_glossary.SENTENCE_END.finditer(text)]
            == [(m.start(), m.end()) for m in PLAIN_SENTENCE_END.finditer(text)])


def test_mentioned_in_links_land_on_the_paragraph(built_site) -> None:
    checked = 0
    for term_page in (built_site / "glossary").glob("*.html"):
        soup = _soup(built_site, f"glossary/{term_page.name}")
        for link in soup.select("a.reader-backlink"):
            page, _, anchor = link["href"].partition("#")
            target = (term_page.parent / page).resolve()
            assert target.exists(), link["href"]
            paragraph = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml").find(id=anchor)
            assert paragraph is not None, link["href"]
            item_text = link.find_parent("li").get_text(" ")
            bold = link.find_parent("li").select_one("strong").get_text()
            assert bold in paragraph.get_text(), (bold, anchor)
            assert "“" in item_text
            checked += 1
    assert checked > 50


def test_a_term_in_many_paragraphs_lists_each_article_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_glossary, "FULL_QUOTES", 3)
    occurrences = [o for o in READER.occurrences if o.mention.term_id == "wechat"]
    articles = {article.slug: article for article in READER.articles}
    term = GLOSSARY.by_id()["wechat"]
    page = render_glossary.render_term(term, GLOSSARY, occurrences, articles)
    items = [line for line in page.markdown.splitlines() if line.startswith("- [")
             and "../articles/" in line]
    slugs = {o.article_slug for o in occurrences}
    assert len(items) == len(slugs) > 1 and "“" not in page.markdown.split("Mentioned in")[1]
    for slug in slugs:
        first = next(o for o in occurrences if o.article_slug == slug)
        block = articles[slug].block_by_anchor[first.block_anchor]
        others = len({o.block_anchor for o in occurrences if o.article_slug == slug}) - 1
        item = next(line for line in items if f"/{slug}.md#" in line)
        assert f"(../articles/{slug}.md#{block.anchor}) (¶{block.number}" in item
        assert item.endswith(f" and {others} more)" if others else f"¶{block.number})")


def test_glossary_index_lists_every_term_with_counts(built_site) -> None:
    soup = _soup(built_site, "glossary/index.html")
    text = soup.get_text(" ")
    assert "A–Z" in text and "By kind" in text
    for term in GLOSSARY.terms:
        assert soup.select(f'a[href="{term.id}.html"]'), term.id
    wechat = sum(1 for o in READER.occurrences if o.mention.term_id == "wechat")
    assert f"WeChat ({wechat})" in " ".join(text.split())


def test_search_index_holds_term_pages_with_chinese_segmented(built_site) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"glossary/uyghurs.html"' in index
    assert "\\u200b\\u9632\\u706b\\u957f\\u57ce\\u200b" in index  # ​防火长城​ as one word


def test_search_index_leaves_out_link_signs_and_source_panels(built_site) -> None:
    """A search finds the articles' text, not the ¶ of every paragraph or the furniture
    listed in the Source panels (both marked data-search-exclude)."""
    import json

    docs = json.loads((built_site / "search" / "search_index.json").read_bytes())["docs"]
    text = " ".join(doc["text"] + " " + doc["title"] for doc in docs
                    if doc["location"].startswith("articles/"))  # the About page names both
    assert not re.search(r"¶(?!\d)", text)  # "¶15" in "Also in ... ¶15" is a paragraph's number
    assert "Removed as page furniture" not in text and "SHA-256" not in text
    assert "Getting your Trinity Audio player ready" not in text  # removed from a seed
    assert "Chinese Tech Firms Fueling Beijing" in text  # an article's title and text stay
    assert "Guizhou-Cloud Big Data" in text


# --- coverage report ------------------------------------------------------------------------

def test_coverage_report_is_clean_on_the_seeds() -> None:
    result = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(ROOT),
                             "coverage"], capture_output=True, text=True, check=True)
    assert "covered by the glossary" in result.stdout


def test_coverage_report_lists_a_new_name(project) -> None:
    (project.seeds / "new.txt").write_text(
        "A headline\n\nThe Shenzhen Data Exchange and the CAICT met Huawei twice. Huawei "
        "said so, and the CAICT agreed.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(project.root),
                             "coverage"], capture_output=True, text=True, check=True)
    lines = {line.split(None, 1)[1]: int(line.split()[0])
             for line in result.stdout.splitlines()[1:]}
    assert lines == {"Huawei": 2, "CAICT": 2, "Shenzhen Data Exchange": 1}
