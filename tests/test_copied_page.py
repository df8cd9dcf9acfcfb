"""A seed copied from a whole web page: the headline chosen by scoring, the byline and date
found near it, every line accounted for, and when a short headline is warned about."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.ingest.byline import find_byline, name_line
from build_scripts.ingest.reading import DataFiles, load_data_files
from build_scripts.ingest.review import article_warnings
from build_scripts.ingest.textclean import clean_copied_page, layout_copied_page
from build_scripts.models import SeedText, SourceLine
from build_scripts.paths import ProjectPaths

ROOT = Path(__file__).resolve().parent.parent
MENU = ["Home", "News", "Sport", "Culture", "Contact", "Search"]
PROSE = [
    "The council agreed on Tuesday that the old bridge over the river will be closed for "
    "repairs from the spring, and that the works should take about a year to finish.",
    "Residents who cross it every day said they had been waiting for the decision for a long "
    "time, but that they were worried about the detour they would have to make in the "
    "meantime.",
    "The mayor said that a ferry would run between the two banks while the bridge is closed, "
    "and that the timetable would be published in the next few weeks on the town's pages.",
]
TEASERS = ["More from News", "Festival opens on Friday", "Storm damage in the north",
           "Cookies help us to run this site", "All rights reserved"]


@pytest.fixture(scope="module")
def data() -> DataFiles:
    return load_data_files(ProjectPaths(ROOT))


def _seed(texts: list[str]) -> SeedText:
    return SeedText(file_name="page.txt", sha256="0" * 64, encoding="utf-8",
                    lines=tuple(SourceLine(number, text)
                                for number, text in enumerate(texts, start=1)))


def test_the_headline_is_the_best_scored_line_not_the_first_one(data: DataFiles) -> None:
    # The site's name line and a teaser come first; the headline is under them, printed
    # twice (once in a breadcrumb), with its byline under it.
    texts = [*MENU, "Town Gazette - local news every day", "Festival opens on Friday",
             "Home » News » Old bridge to close for a year of repairs",
             "Old bridge to close for a year of repairs",
             "By Jane Doe | 5 May 2024", *PROSE, *TEASERS]
    cleaned = clean_copied_page(_seed(texts), data.cleaning, data.extraction)
    assert cleaned is not None
    assert cleaned.title.text == "Old bridge to close for a year of repairs"
    assert (cleaned.author, cleaned.date) == ("Jane Doe", "2024-05-05")
    kept = {line.text for line in cleaned.kept}
    assert set(PROSE) <= kept
    assert not kept & {*MENU, "Festival opens on Friday", "All rights reserved"}


def test_the_article_ends_before_a_list_of_dated_comments(data: DataFiles) -> None:
    body = [f"{text} ({number})" for number in range(4) for text in PROSE]
    comments = ["Anna Smith", "6 May 2024", "I cross it every day and I am glad that the "
                "council has finally decided to do something about the state of the bridge.",
                "Tom Brown", "7 May 2024", "The ferry will never carry as many people as the "
                "bridge does at rush hour, and the council should have thought about that."]
    texts = [*MENU, "Old bridge to close for a year of repairs", "5 May 2024", *body,
             *comments]
    cleaned = clean_copied_page(_seed(texts), data.cleaning, data.extraction)
    assert cleaned is not None
    kept = {line.text for line in cleaned.kept}
    assert set(body) <= kept
    assert not kept & set(comments)
    assert cleaned.date == "2024-05-05"


def test_a_name_alone_under_the_headline_is_its_byline(data: DataFiles) -> None:
    texts = [*MENU, "Old bridge to close for a year of repairs", "Jane Doe", *PROSE]
    cleaned = clean_copied_page(_seed(texts), data.cleaning, data.extraction)
    assert cleaned is not None
    assert cleaned.author == "Jane Doe"
    assert [item.text for item in cleaned.meta] == ["Jane Doe"]


@pytest.mark.parametrize(("text", "author", "date"), [
    ("by Jake Goulding on January 20, 2020", "Jake Goulding", "2020-01-20"),
    ("yas! | By Cara Stiles | April 13, 2020", "Cara Stiles", "2020-04-13"),
    ("01. Dez. 2022 | 14:08 Uhr | von Jona Göbelbecker", "Jona Göbelbecker", "2022-12-01"),
    ("Von Jan Kupitz | Oct 24, 2023", "Jan Kupitz", "2023-10-24"),
    ("25.10.2022 - Reiner Nagel", "Reiner Nagel", "2022-10-25"),
    ("Bettina Kugler 19.10.2019, 05:00 Uhr", "Bettina Kugler", "2019-10-19"),
    ("Updated March 5, 2020", "", "2020-03-05"),
])
def test_bylines_in_their_common_forms(data: DataFiles, text: str, author: str,
                                       date: str) -> None:
    found = find_byline(text, data.extraction.byline_prefixes)
    assert found is not None
    assert (found.author, found.date) == (author, date)


@pytest.mark.parametrize("text", ["Daten von Rheinmetall gehackt",
                                  "Rede von Bundespräsident Johannes Rau beim Konvent",
                                  "Protokoll der Vorstandssitzung vom 10. Oktober 2019"])
def test_a_headline_with_by_or_von_in_it_names_no_author(data: DataFiles, text: str) -> None:
    found = find_byline(text, data.extraction.byline_prefixes)
    assert found is None or not found.author


def test_a_name_line_is_a_few_capitalised_words_and_no_stopword() -> None:
    assert name_line("Jean de la Rue")
    assert not name_line("Jane")
    assert not name_line("The Old Bridge", frozenset({"the"}))
    assert not name_line("March 5")


def _warnings(data: DataFiles, texts: list[str]) -> list[str]:
    seed = _seed(texts)
    cleaned = clean_copied_page(seed, data.cleaning, data.extraction)
    assert cleaned is not None
    assert cleaned.title.text == texts[len(MENU)]
    article = layout_copied_page(seed, cleaned, data.cleaning)
    return [warning for warning in article_warnings(article, data.extraction)
            if "headline" in warning]


def test_a_two_word_headline_right_above_the_text_is_not_warned_about(data: DataFiles
                                                                       ) -> None:
    assert _warnings(data, [*MENU, "Technical Difficulties", "By Jane Doe", *PROSE]) == []


@pytest.mark.parametrize("headline", ["Difficulties", "technical difficulties",
                                      "Technical Difficulties:"])
def test_one_word_or_a_label_like_pair_is_still_warned_about(data: DataFiles,
                                                             headline: str) -> None:
    extraction = replace(data.extraction, furniture_headlines=frozenset())
    seed = _seed([*MENU, headline, *PROSE])
    cleaned = clean_copied_page(seed, data.cleaning, extraction)
    assert cleaned is not None
    article = replace(layout_copied_page(seed, cleaned, data.cleaning), title=headline)
    assert any("headline" in warning for warning in article_warnings(article, extraction))


def test_a_two_word_headline_far_from_the_text_is_warned_about(data: DataFiles) -> None:
    # The same headline five lines of teasers above the text (its line is 7).
    seed = _seed([*MENU, "Technical Difficulties", *TEASERS, *PROSE])
    cleaned = clean_copied_page(seed, data.cleaning, data.extraction)
    assert cleaned is not None
    article = replace(layout_copied_page(seed, cleaned, data.cleaning),
                      title="Technical Difficulties", title_line=7, standfirst=None)
    assert article.blocks[0].lines[0] > 7 + data.extraction.headline_support_lines
    assert any("only 2 word" in warning
               for warning in article_warnings(article, data.extraction))


_LINE = st.one_of(
    st.sampled_from([*MENU, *PROSE, *TEASERS, "By Jane Doe | 5 May 2024", "Jane Doe",
                     "Old bridge to close for a year of repairs", "Menu", "5 May 2024"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
            max_size=120).map(str.strip).filter(bool),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=40))
def test_every_line_is_kept_removed_or_in_the_header(texts: list[str]) -> None:
    data = load_data_files(ProjectPaths(ROOT))
    seed = _seed([*MENU, *texts])  # a menu: the seed is taken for a whole copied page
    cleaned = clean_copied_page(seed, data.cleaning, data.extraction)
    assert cleaned is not None
    kept = [line.number for line in cleaned.kept]
    removed = [item.line for item in cleaned.removed]
    meta = [item.line for item in cleaned.meta]
    assert cleaned.title.number in kept
    assert sorted(kept + removed + meta) == [line.number for line in seed.lines]
    assert all(item.rule_id for item in cleaned.removed)
