"""Cross-references, editorial notes, the timeline and the provenance header."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_scripts.annotate.crossref import find_shared_passages, related_reading
from build_scripts.annotate.notes import load_notes, place_notes
from build_scripts.errors import InputError
from build_scripts.ingest.furniture import load_cleaning
from build_scripts.ingest.layout import layout_article
from build_scripts.ingest.reading import read_inputs
from build_scripts.ingest.seed import split_lines
from build_scripts.models import BlockKind, SeedText
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from tests.conftest import ROOT

READER = build_reader(ProjectPaths(ROOT))
BY_FILE = {article.seed.file_name[:3]: article for article in READER.articles}
CLEANING = load_cleaning(ROOT / "data" / "cleaning.yml")


def _soup(site: Path, article) -> BeautifulSoup:
    path = site / "articles" / f"{article.slug}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _article(name: str, text: str):
    seed = SeedText(name, "0" * 64, "utf-8", lines=split_lines(text))
    return replace(layout_article(seed, CLEANING), slug=name.removesuffix(".txt"))


# --- shared passages -----------------------------------------------------------------------

def test_every_paragraph_of_the_hrw_piece_is_found_in_the_chinafile_conversation() -> None:
    hrw, chinafile = BY_FILE["002"], BY_FILE["003"]
    pairs = {(p.block_anchor, p.other_anchor) for p in READER.shared_passages
             if p.article_slug == hrw.slug and p.other_slug == chinafile.slug}
    assert {anchor for anchor, _ in pairs} == {block.anchor for block in hrw.paragraphs}
    assert len(pairs) == len(hrw.paragraphs) == 8


def test_no_false_pair_among_the_four_seeds() -> None:
    slugs = {BY_FILE["002"].slug, BY_FILE["003"].slug}
    for passage in READER.shared_passages:
        assert {passage.article_slug, passage.other_slug} == slugs
    assert len(READER.shared_passages) == 16  # 8 pairs, marked on both pages


def test_shared_passages_tolerate_spacing_quotes_dashes_and_a_changed_word() -> None:
    original = ("The Chinese companies Tencent, owner of WeChat, and ByteDance, which owns "
                "TikTok, play a significant role in facilitating and entrenching the Chinese "
                "government’s censorship, surveillance, and propaganda regime—inside China.")
    altered = ("The Chinese companies  Tencent, owner of WeChat, and ByteDance, which owns "
               "TikTok, play a major role in facilitating and entrenching the Chinese "
               "government's censorship, surveillance, and propaganda regime - inside China.")
    unrelated = ("Tesla has announced that it plans to store all data collected from car "
                 "owners in China at a new data center within the country, it said today.")
    articles = [_article("a.txt", f"Headline A\n\n{original}\n"),
                _article("b.txt", f"Headline B\n\n{unrelated}\n\n{altered}\n")]
    shared = find_shared_passages(articles)
    assert [(p.article_slug, p.other_slug, p.other_number) for p in shared] == [
        ("a", "b", 2), ("b", "a", 1)]


def test_also_in_links_land_on_the_other_paragraph(built_site: Path) -> None:
    hrw, chinafile = BY_FILE["002"], BY_FILE["003"]
    for article, other in ((hrw, chinafile), (chinafile, hrw)):
        soup = _soup(built_site, article)
        marks = soup.select("p.reader-also-in")
        assert len(marks) == 8
        for mark in marks:
            assert "Also in" in mark.get_text() and other.title in mark.get_text()
            href = mark.select_one("a")["href"]
            page, _, anchor = href.partition("#")
            assert page == f"{other.slug}.html"
            target = _soup(built_site, other).find(id=anchor)
            assert target is not None and "reader-p" in target["class"]
            assert mark.select_one("a").get_text() == f"¶{target['data-n']}"


def test_a_new_article_repeating_a_paragraph_is_cross_referenced(project) -> None:
    paragraph = next(
        line for line in (project.seeds / "001_6c5f691da08af91c.txt").read_text(
            encoding="utf-8").splitlines() if line.startswith("Chinese state employees"))
    (project.seeds / "010_new.txt").write_text(
        f"A New Article About Data\n\nAn opening paragraph of this new article, written "
        f"for the test, long enough to be prose.\n\n{paragraph}\n", encoding="utf-8")
    reader = build_reader(project)
    new = next(a for a in reader.articles if a.seed.file_name == "010_new.txt")
    pairs = [p for p in reader.shared_passages if p.article_slug == new.slug]
    assert len(pairs) == 1
    assert pairs[0].other_slug == BY_FILE["001"].slug
    page = next(p for p in reader.pages if p.uri == f"articles/{new.slug}.md")
    assert "Also in *Tesla Joins Apple in Bowing Down to Communist China*" in page.markdown


# --- related reading ------------------------------------------------------------------------

def test_related_reading_ranks_the_others_and_names_shared_terms(built_site: Path) -> None:
    hrw, chinafile = BY_FILE["002"], BY_FILE["003"]
    soup = _soup(built_site, hrw)
    items = soup.select("#related-reading + ul li")
    assert items, "no related reading"
    assert chinafile.title in items[0].get_text(), "the conversation that reprints it first"
    assert "shares" in items[0].get_text() and items[0].select("a[href^='../glossary/']")


def test_related_reading_is_deterministic_and_order_free() -> None:
    articles = list(READER.articles)
    first = related_reading(articles, READER.occurrences)
    second = related_reading(list(reversed(articles)), list(reversed(READER.occurrences)))
    assert first == second
    for slug, items in first.items():
        scores = [item.score for item in items]
        assert scores == sorted(scores, reverse=True)
        assert slug not in {item.slug for item in items}


# --- notes ----------------------------------------------------------------------------------

def test_notes_are_placed_and_shown_as_numbered_footnotes(built_site: Path) -> None:
    assert len(READER.notes) >= 15
    assert {BY_FILE[k].slug for k in BY_FILE} <= {note.article_slug for note in READER.notes}
    for key, article in BY_FILE.items():
        notes = [n for n in READER.notes if n.article_slug == article.slug]
        soup = _soup(built_site, article)
        refs = soup.select("article sup[id^=fnref] a")
        items = soup.select("article div.footnote li")
        assert len(refs) == len(items) == len(notes), key
        assert [ref.get_text() for ref in refs] == [str(i) for i in range(1, len(refs) + 1)]
        for item in items:
            assert item.select('a[href^="https://"]'), "a note without a source"


def test_note_kinds_cover_dates_context_and_changes() -> None:
    kinds = {note.kind for note in READER.notes}
    assert {"date", "context", "fact-check"} <= kinds


def _notes_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "notes.yml"
    path.write_text("notes:\n" + body, encoding="utf-8")
    return path


NOTE = """  - id: {id}
    article: 001_6c5f691da08af91c.txt
    quote: "{quote}"
{extra}    kind: context
    text: A note.
    sources:
      - title: A source
        url: https://example.org/
"""


def test_a_quote_not_found_stops_the_build_naming_note_line_and_article(tmp_path) -> None:
    path = _notes_file(tmp_path, NOTE.format(id="good", quote="In March", extra="")
                       + NOTE.format(id="gone", quote="words that are not there", extra=""))
    with pytest.raises(InputError) as caught:
        place_notes(load_notes(path), READER.articles)
    message = str(caught.value)
    assert "'gone'" in message and "001_6c5f691da08af91c.txt" in message
    assert caught.value.line == 12  # the quote line of the second note


def test_a_quote_found_twice_needs_a_prefix_or_suffix(tmp_path) -> None:
    twice = NOTE.format(id="twice", quote="Apple", extra="")
    with pytest.raises(InputError) as caught:
        place_notes(load_notes(_notes_file(tmp_path, twice)), READER.articles)
    assert "occurs" in str(caught.value) and "prefix or suffix" in str(caught.value)
    chosen = NOTE.format(id="twice", quote="Apple", extra='    prefix: "U.S. tech giant "\n')
    placed = place_notes(load_notes(_notes_file(tmp_path, chosen)), READER.articles)
    block = next(b for b in BY_FILE["001"].blocks if b.anchor == placed[0].block_anchor)
    assert block.text[placed[0].offset - len("Apple"): placed[0].offset] == "Apple"
    assert block.text[: placed[0].offset].endswith("U.S. tech giant Apple")


def test_notes_stay_attached_when_rules_and_paragraph_splits_change(project) -> None:
    before = {n.id: n for n in READER.notes}
    # Drop a furniture rule and split a paragraph of 003 in two.
    cleaning = project.cleaning.read_text(encoding="utf-8")
    rule = "'^(skip|jump) to (main )?(content|navigation|search)$'"
    assert rule in cleaning
    project.cleaning.write_text(cleaning.replace(rule, "'^never matches$'"), encoding="utf-8")
    seed = project.seeds / "003_4634b10b4a2c0a24.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("resolved. The TikTok", "resolved.\n\nThe TikTok", 1),
                    encoding="utf-8")
    articles = read_inputs(project).articles
    after = {n.id: n for n in place_notes(load_notes(project.notes), articles)}
    assert set(after) == set(before)
    for note_id, note in after.items():
        article = next(a for a in articles if a.slug == note.article_slug)
        block = next(b for b in article.blocks if b.anchor == note.block_anchor)
        old = before[note_id]
        old_article = next(a for a in READER.articles if a.slug == old.article_slug)
        old_block = next(b for b in old_article.blocks if b.anchor == old.block_anchor)
        assert block.text[note.start: note.offset] == old_block.text[old.start: old.offset]


# --- timeline ---------------------------------------------------------------------------------

def test_timeline_has_the_events_the_articles_refer_to(built_site: Path) -> None:
    dates = [event.date for event in READER.events]
    assert dates == sorted(dates)
    assert len(READER.events) >= 14
    text = (built_site / "timeline.html").read_text(encoding="utf-8")
    for expected in ("National Intelligence Law", "GCBD", "executive orders", "app-store",
                     "data centre", "boycott", "TikTok restores"):
        assert expected.lower() in text.lower(), expected
    soup = BeautifulSoup(text, "html.parser")
    for year in ("2017", "2018", "2020", "2021", "2025"):
        assert soup.find(id=f"year-{year}") is not None, year


def test_timeline_links_to_paragraphs_and_terms(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "timeline.html").read_text(encoding="utf-8"), "lxml")
    paragraph_links = soup.select('a[href*="articles/"][href*="#p-"]')
    assert len(paragraph_links) >= 20
    for link in paragraph_links:
        page, _, anchor = link["href"].partition("#")
        target = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "lxml")
        assert target.find(id=anchor) is not None, link["href"]
    assert soup.select('a[href^="glossary/"]')
    linked_events = [event for event in READER.events if event.mentioned_in]
    assert len(linked_events) >= 0.8 * len(READER.events)


# --- provenance -------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "expected"), [
    ("001", ["Publisher: Breitbart News", "Kind: news", "Date: 2021-05-26",
             "Author: Lucas Nolan", "Original article"]),
    ("002", ["Publisher: Human Rights Watch", "Kind: advocacy", "Date: 2020-09-28",
             "Author: not named"]),
    ("003", ["Publisher: ChinaFile", "Kind: roundtable", "Date: not stated"]),
])
def test_provenance_header(built_site: Path, key: str, expected: list[str]) -> None:
    header = _soup(built_site, BY_FILE[key]).select_one(".reader-header").get_text(" ")
    for part in expected:
        assert part in " ".join(header.split()), part


def test_metadata_lives_beside_the_seeds_not_in_them() -> None:
    for path in (ROOT / "seeds").glob("*.txt"):
        assert "Publisher:" not in path.read_text(encoding="utf-8")
    headings = [b for a in READER.articles for b in a.blocks if b.kind is BlockKind.HEADING]
    assert all("Publisher" not in b.text for b in headings)
