"""Text is text: whatever a seed holds, the page shows those characters and no markup."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from build_scripts.errors import InputError
from build_scripts.ingest.furniture import load_cleaning
from build_scripts.ingest.layout import EmptyArticle, layout_article
from build_scripts.ingest.seed import clean_line, read_seed, split_lines
from build_scripts.models import Article, BlockKind, SeedText
from build_scripts.render.article import render_article
from tests.conftest import ROOT
from tests.htmltext import article_parts, squash

CONFIG = load_config(str(ROOT / "mkdocs.yml"))
CLEANING = load_cleaning(ROOT / "data" / "cleaning.yml")

# Elements the page template itself makes; anything else would be markup the text asked for.
ALLOWED_TAGS = {"h1", "h2", "p", "div", "details", "summary", "ul", "li", "em", "a"}

HOSTILE_LINES = [
    "# Not a heading",
    "## Nor this",
    "1. not a list",
    "2) nor this",
    "* not a bullet",
    "- nor this",
    "+ nor this",
    "> not a quote",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![image](http://example.com/x.png)",
    "a | table | row",
    "|---|---|",
    "`code` and ``more code``",
    "```",
    "    four spaces",
    "***",
    "---",
    "===",
    "*emphasis* and **strong** and _under_ and __score__",
    '!!! note "Admonition"',
    "??? abstract",
    "[^1]: a footnote",
    "*[HTML]: Hyper Text",
    "Term",
    ": definition",
    "{: #injected .class }",
    "<!-- comment -->",
    "&copy; &amp; &#65; &lt;b&gt;",
    "<http://example.com>",
    "https://example.com/plain",
    "[TOC]",
    "\\*backslash\\*",
    "trailing two spaces  ",
    "“Curly quotes” — em dash – en dash … ellipsis",
    "non\u00a0breaking\u00a0spaces",
    "防火长城 and 国家情报法",
    '<div markdown="1">**bold**</div>',
    '--8<-- "README.md"',
    "/// note",
    "$x^2$ ~~strike~~ ==mark== ^^ins^^",
    ":smile: :fontawesome-brands-github:",
]


def _render(article: Article) -> BeautifulSoup:
    page = render_article(article)
    md = markdown.Markdown(
        extensions=CONFIG.markdown_extensions, extension_configs=CONFIG.mdx_configs
    )
    body = page.markdown.split("---\n", 2)[2]  # MkDocs reads the front matter itself
    return BeautifulSoup(f"<article>{md.convert(body)}</article>", "lxml")


def _text(element: Tag) -> str:
    for link in element.select(".headerlink"):
        link.extract()
    return squash(element.get_text())


def check_text_is_text(raw: str, *, generated: bool = False) -> None:
    """The property: every line shows as itself, and no element the input did not ask for.

    ``generated``: the input comes from hypothesis, which may make text with nothing to publish.
    """
    lines = split_lines(raw)
    try:
        if not lines:
            raise EmptyArticle("blank")
        article = layout_article(SeedText("prop.txt", "0" * 64, "utf-8", lines=lines), CLEANING)
    except EmptyArticle:
        if generated:
            assume(False)
        raise
    soup = _render(article)

    for tag in soup.select("article *"):
        assert tag.name in ALLOWED_TAGS, f"unexpected <{tag.name}> from {raw!r}"
        for attribute in tag.attrs:
            assert attribute in {
                "id",
                "class",
                "href",
                "title",
                "data-n",
                "data-field",
                "data-search-exclude",
                "markdown",
            }, f"unexpected attribute {attribute} from {raw!r}"
    for link in soup.select("a"):
        assert link["href"].startswith("#"), f"a link from the text: {link} from {raw!r}"

    title = soup.select_one("h1")
    assert title is not None and _text(title) == squash(article.title)
    if article.standfirst:
        standfirst = soup.select_one(".reader-standfirst")
        assert standfirst is not None and _text(standfirst) == squash(article.standfirst.text)
    meta_texts = [_text(element) for element in soup.select(".reader-meta")]
    for meta, shown in zip(article.meta, meta_texts, strict=True):
        assert shown.endswith(squash(meta.text))
    captions = iter(soup.select(".reader-caption"))
    for block in article.blocks:
        if block.kind is BlockKind.CAPTION:
            assert _text(next(captions)) == squash(block.text)
        else:
            element = soup.find(id=block.anchor)
            assert isinstance(element, Tag), f"no element for {block}"
            assert _text(element) == squash(block.text)
    removed_items = [_text(li) for li in soup.select("details li")]
    assert len(removed_items) == len(article.removed)
    for removed, shown in zip(article.removed, removed_items, strict=True):
        assert shown.endswith(squash(removed.text))


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_hostile_line_in_the_body_shows_as_itself(line: str) -> None:
    prose = "A plain paragraph of running text that is long enough to count as prose here."
    check_text_is_text(f"Headline\n\n{prose}\n\n{line}\n\n{prose} Again.")


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_hostile_line_as_headline_shows_as_itself(line: str) -> None:
    check_text_is_text(f"{line}\n\nA paragraph of text that follows the headline here.")


def test_all_hostile_lines_together() -> None:
    check_text_is_text("\n\n".join(HOSTILE_LINES))
    check_text_is_text("\n".join(HOSTILE_LINES))


markdownish = st.sampled_from(list("#*_`[]()<>!|&\\{}:~^=+-.>?/$%\"' \u00a0\t"))
any_text = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        markdownish,
        st.sampled_from(["\n", "\n\n", "1. ", "- ", "    ", "&amp;", "<b>", "](x)"]),
    ),
    max_size=300,
).map("".join)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(any_text)
def test_any_text_shows_as_itself(raw: str) -> None:
    check_text_is_text(raw, generated=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(HOSTILE_LINES), any_text), min_size=1, max_size=12),
    st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]),
)
def test_any_mix_of_lines_shows_as_itself(lines: list[str], separator: str) -> None:
    check_text_is_text(separator.join(lines), generated=True)


@pytest.mark.slow
def test_hostile_seed_through_a_real_build(project) -> None:
    (project.seeds / "999 hostile [draft].txt").write_text(
        "Hostile <b>headline</b> *here*\n\n"
        + "\n\n".join(
            f"{line} — padding words so the line reads as a paragraph of prose."
            for line in HOSTILE_LINES
        ),
        encoding="utf-8",
    )
    site = project.root / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_scripts",
            "--root",
            str(project.root),
            "site",
            "--out",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = list((site / "articles").glob("hostile-b-headline*.html"))
    assert len(pages) == 1, sorted(p.name for p in (site / "articles").iterdir())
    html = pages[0].read_text(encoding="utf-8")
    content = BeautifulSoup(html, "lxml").select_one("article.md-content__inner")
    assert content is not None
    assert not content.select(
        "script, img, strong, em:not(details em), code, blockquote, table, ol, hr, pre, b"
    )
    body, _ = article_parts(pages[0])
    for line in HOSTILE_LINES:
        assert squash(line) in body, line
    title = BeautifulSoup(html, "lxml").select_one("title")
    assert title is not None and "<b>" in title.get_text()


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_a_seed_is_cleaned_line_by_line(text: str) -> None:
    """``split_lines`` cleans the whole text at once; the lines are as each cleaned alone."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    expected = [(number, clean_line(raw)) for number, raw in enumerate(raw_lines, start=1)
                if clean_line(raw).strip(" \u00a0")]
    assert [(line.number, line.text) for line in split_lines(text)] == expected


def _cleaned_step_by_step(text: str) -> str:
    """What cleaning a line means, one rule after another (``ingest`` does it in one scan)."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", text)  # zero-width characters go
    text = re.sub(r"[\t\u2028\u2029\u000b\u000c\u0085\u1680\u2000-\u200a\u202f\u205f\u3000]",
                  " ", text)  # odd spaces become plain ones
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text)  # other controls go
    return text.strip(" ")


ODD_CHARACTERS = st.sampled_from(
    "\t\u2028\u2029\u000b\u000c\u0085\u1680\u2000\u2005\u200a\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff\x00\x01\x08\x0e\x1b\x1f\x7f\x80\x9f\u00a0e\u0301 a"
)


@given(st.text() | st.lists(ODD_CHARACTERS).map("".join))
@settings(max_examples=300, deadline=None)
def test_a_line_is_cleaned_as_the_rules_say(text: str) -> None:
    assert clean_line(text) == _cleaned_step_by_step(text)


@given(st.binary(max_size=400) | st.lists(st.sampled_from(
    [b"\x00", b"\x01", b"\x1b", b"\x7f", b"\x0c", b"a", b"\xc3\xa9", b"\xe2\x80\x8b", b"\x85",
     b"\n"])).map(b"".join))
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_seed_is_binary_by_its_share_of_controls(tmp_path: Path, data: bytes) -> None:
    """The controls are counted in the bytes; the count is the decoded text's."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = len(re.findall(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]", text))
    binary = b"\x00" in data or controls > 0.05 * len(text)
    seed = tmp_path / "seed.txt"
    seed.write_bytes(data)
    try:
        read_seed(seed)
    except InputError as error:
        assert ("binary" in error.problem) == binary, error.problem
    else:
        assert not binary
