"""The furniture rules: the evaluation gate, and what they do to the four seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.ingest.furniture import load_cleaning
from build_scripts.ingest.layout import layout_article
from build_scripts.ingest.reading import read_inputs
from build_scripts.ingest.seed import split_lines
from build_scripts.models import BlockKind, SeedText
from build_scripts.paths import ProjectPaths

ROOT = Path(__file__).resolve().parent.parent
EVAL = yaml.safe_load((Path(__file__).parent / "cleaning_eval.yml").read_text(encoding="utf-8"))
CLEANING = load_cleaning(ROOT / "data" / "cleaning.yml")

_BEFORE = "A headline for the test\n\n"
_PROSE = (
    "This is an ordinary paragraph of running text, long enough to read as prose, that ends "
    "with a full stop."
)


def _body_texts(line: str) -> list[str]:
    """Put ``line`` in the middle of an article and return the body paragraphs' texts."""
    text = f"{_BEFORE}{_PROSE}\n\n{line}\n\n{_PROSE} Another.\n\n{_PROSE} Again.\n\n{_PROSE} End.\n"
    seed = SeedText("eval.txt", "0" * 64, "utf-8", lines=split_lines(text))
    article = layout_article(seed, CLEANING)
    return [block.text for block in article.blocks]


def test_evaluation_gate_meets_its_floor() -> None:
    gone = [line for line in EVAL["must_go"] if line not in _body_texts(line)]
    kept = [line for line in EVAL["must_stay"] if line in _body_texts(line)]
    score = (len(gone) + len(kept)) / (len(EVAL["must_go"]) + len(EVAL["must_stay"]))
    missed = sorted(set(EVAL["must_go"]) - set(gone)) + sorted(set(EVAL["must_stay"]) - set(kept))
    assert score >= EVAL["floor"], f"score {score:.3f} below the floor; wrong: {missed}"


def test_floor_is_never_lowered() -> None:
    assert EVAL["floor"] >= 1.0


def test_rules_are_general_not_the_seeds_strings() -> None:
    # Each removing rule must also take furniture that is not in the seeds.
    seed_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    foreign = [line for line in EVAL["must_go"] if line not in seed_text]
    assert len(foreign) >= 30
    used = {rule.id for rule in CLEANING.rules for line in foreign if rule.regex.search(line)}
    removing = {rule.id for rule in CLEANING.rules if rule.action == "remove"}
    assert removing - used == set(), "rules that only match the seeds' own strings"


@pytest.fixture(scope="module")
def articles() -> dict[str, object]:
    found = read_inputs(ProjectPaths(ROOT)).articles
    return {article.seed.file_name[:3]: article for article in found}


def test_titles_are_the_real_headlines(articles) -> None:
    assert articles["000"].title == "Elon Musk Questions X’s Ban In China, After TikTok Ban"
    assert articles["001"].title == "Tesla Joins Apple in Bowing Down to Communist China"
    assert articles["002"].title == "Chinese Tech Firms Fueling Beijing's Repression"
    assert articles["003"].title == "Technical Difficulties"


def test_header_metadata_is_not_body_text(articles) -> None:
    silicon = articles["000"]
    assert silicon.standfirst is not None
    assert silicon.standfirst.text.startswith("With Donald Trump moving")
    assert {meta.field: meta.text for meta in silicon.meta} == {
        "read-time": "4 min",
        "tag-line": "elon musk, tesla, spacex",
    }
    hrw = articles["002"]
    assert [meta.text for meta in hrw.meta] == ["Published in: ChinaFile"]
    assert hrw.standfirst is not None
    assert hrw.standfirst.text == "Technical Difficulties - A ChinaFile Conversation"
    body = {block.text for article in articles.values() for block in article.blocks}
    for furniture in ("4 min", "elon musk, tesla, spacex", "Published in: ChinaFile"):
        assert furniture not in body


def test_short_title_like_lines_become_headings(articles) -> None:
    headings = [b.text for b in articles["000"].blocks if b.kind is BlockKind.HEADING]
    assert headings == ["Twitter/X ban", "Rare complaint", "Tesla China", "China’s response"]
    for key in ("001", "002", "003"):
        assert not [b for b in articles[key].blocks if b.kind is BlockKind.HEADING]


def test_caption_printed_twice_is_shown_once(articles) -> None:
    silicon = articles["000"]
    captions = [b.text for b in silicon.blocks if b.kind is BlockKind.CAPTION]
    assert len(captions) == 1 and "Gigafactory in Shanghai" in captions[0]
    duplicate = [r for r in silicon.removed if r.rule_id == "duplicate-caption"]
    assert len(duplicate) == 1 and "Gigafactory" in duplicate[0].text
    hrw_captions = [b.text for b in articles["002"].blocks if b.kind is BlockKind.CAPTION]
    assert len(hrw_captions) == 1 and "AP Photo" in hrw_captions[0]


def test_seed_furniture_is_removed_with_its_rule(articles) -> None:
    removed = {r.text: r.rule_id for a in articles.values() for r in a.removed}
    assert removed["Skip to main content"] == "skip-link"
    assert removed["Getting your Trinity Audio player ready..."] == "audio-player"
    assert removed["Please let us know if you're having issues with commenting."] == (
        "comments-prompt"
    )
    assert removed["Read more at Breitbart News here."] == "related-links"
    assert removed["Region / Country"] == "taxonomy-labels"
    assert any(rule == "donation-appeal" for rule in removed.values())


def test_author_note_goes_to_the_header(articles) -> None:
    breitbart = articles["001"]
    assert [m.field for m in breitbart.meta] == ["author-note"]
    assert breitbart.meta[0].text.startswith("Lucas Nolan is a reporter for Breitbart News")


