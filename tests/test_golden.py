"""Golden files: the generated Markdown of each seed, and stable paragraph ids.

Rewrite the golden files after an intended change with ``pytest --update-golden`` and read
the diff before committing it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from build_scripts.ingest.furniture import load_cleaning
from build_scripts.ingest.layout import layout_article
from build_scripts.ingest.seed import read_seed
from build_scripts.models import BlockKind
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from tests.conftest import ROOT, seed_paths

GOLDEN = Path(__file__).parent / "golden"
READER = build_reader(ProjectPaths(ROOT))
PAGES = {page.uri: page for page in READER.pages}


@pytest.mark.parametrize("article", READER.articles, ids=lambda a: a.seed.file_name[:3])
def test_article_markdown_matches_golden(article, update_golden: bool) -> None:
    page = PAGES[f"articles/{article.slug}.md"]
    golden = GOLDEN / f"{Path(article.seed.file_name).stem}.md"
    if update_golden:
        golden.write_text(page.markdown, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden"
    assert page.markdown == golden.read_text(encoding="utf-8")


def test_every_seed_has_a_golden_file() -> None:
    names = {f"{p.stem}.md" for p in seed_paths()}
    assert names <= {p.name for p in GOLDEN.glob("*.md")}


@pytest.mark.parametrize("seed_path", seed_paths(), ids=lambda p: p.name[:3])
def test_paragraph_ids_do_not_shift_when_a_rule_changes(seed_path: Path) -> None:
    cleaning = load_cleaning(ROOT / "data" / "cleaning.yml")
    seed = read_seed(seed_path)
    before = layout_article(seed, cleaning)
    anchors_before = {b.text: b.anchor for b in before.blocks if b.kind is BlockKind.PARAGRAPH}
    for rule in cleaning.rules:
        # Drop one rule at a time: lines it took may now show up, the others keep their ids.
        fewer = replace(cleaning, rules=tuple(r for r in cleaning.rules if r is not rule))
        after = layout_article(seed, fewer)
        for block in after.blocks:
            if block.text in anchors_before and block.kind is BlockKind.PARAGRAPH:
                assert block.anchor == anchors_before[block.text], (rule.id, block.text)


def test_paragraph_ids_are_unique_and_well_formed() -> None:
    for article in READER.articles:
        anchors = [block.anchor for block in article.blocks]
        assert len(anchors) == len(set(anchors))
        for anchor in anchors:
            assert re.fullmatch(r"(p-[0-9a-f]{8}|s-[a-z0-9-]+)(-\d+)?", anchor)
