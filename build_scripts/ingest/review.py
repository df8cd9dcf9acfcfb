"""What the reading decided for each seed, for an editor to check: the headline, standfirst,
date and author and where each came from, the lines removed by each rule, and warnings for
what looks wrong (``python -m build_scripts review``; ``check`` prints the warnings)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from build_scripts.ingest.headline import title_problem
from build_scripts.ingest.html import ENCODING as HTML_ENCODING
from build_scripts.ingest.layout import is_prose
from build_scripts.inputs.extraction import Extraction
from build_scripts.inputs.metadata import SeedMetadata
from build_scripts.models import Article, BlockKind

_LETTER = re.compile(r"[^\W\d_]")
# A bare host name ("example.com/news"): the layout may take it for a headline, but it
# reads as furniture (schemes and "www." are refused by ``title_problem`` itself).
_HOST_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")


def headline_supported(article: Article, extraction: Extraction) -> bool:
    """Whether the headline stands where an article's does: its standfirst or first paragraph
    follows within ``headline_support_lines`` lines, and the body opens with running text."""
    paragraphs = [block for block in article.blocks if block.kind is BlockKind.PARAGRAPH]
    if not article.title_line or not paragraphs or not is_prose(paragraphs[0].text):
        return False
    following = article.standfirst.number if article.standfirst else paragraphs[0].lines[0]
    return 0 < following - article.title_line <= extraction.headline_support_lines


def headline_warning(title: str, extraction: Extraction, supported: bool = False) -> str:
    """Why a headline looks like page furniture, or ``""``. A two-word headline is one only
    when it is not ``supported`` (see :func:`headline_supported`) or reads as a label: not
    every word capitalised, or ending in punctuation."""
    text = " ".join(title.split())
    problem = title_problem(text)
    if problem:
        return f"the headline cannot be a title: {problem}"
    if _HOST_NAME.match(text):
        return "the headline is a web address"
    letters = _LETTER.findall(text)
    if text.casefold() in extraction.furniture_headlines:
        return f"the headline {text!r} is a label of the page's chrome"
    words = text.split()
    titled = all(word[:1].isupper() or word[:1].isdigit() for word in words)
    if len(words) == 1 or (len(words) == 2 and not (supported and titled
                                                     and text[-1:].isalnum())):
        return f"the headline {text!r} is only {len(words)} word(s)"
    if len(letters) >= 2 and text.upper() == text:
        return f"the headline {text!r} is all capitals"
    return ""


def article_warnings(article: Article, extraction: Extraction) -> list[str]:
    """What looks wrong in an article as read: a furniture-like headline, no date, a body much
    shorter than what was removed. The build does not fail on them."""
    name = article.seed.file_name
    warnings = []
    headline = headline_warning(article.title, extraction,
                                headline_supported(article, extraction))
    if headline:
        warnings.append(f"{name}: {headline}; set the right line's role to title in "
                        "data/articles.yml if it is wrong.")
    if not article.info.date and not article.info.date_note:
        warnings.append(f"{name}: no date found; add `date:` (or `date_note:`) for it in "
                        "data/articles.yml.")
    removed_words = sum(len(item.text.split()) for item in article.removed)
    if removed_words >= 100 and article.word_count < extraction.body_to_removed_min * removed_words:
        warnings.append(f"{name}: the body ({article.word_count} words) is much shorter than "
                        f"what was removed ({removed_words} words); check the Source panel.")
    return warnings


def _headline_origin(article: Article, meta: SeedMetadata | None) -> str:
    if meta and article.title in meta.line_roles and meta.line_roles[article.title] == "title":
        return "the editors' line role (data/articles.yml)"
    if article.seed.encoding == HTML_ENCODING:
        return ("the candidate the page's evidence agrees on (its headings, <title>, "
                "og:title, the line printed above the main text)")
    if any(item.rule_id in ("navigation", "boilerplate", "outside-article")
           for item in article.removed):
        return "scored highest of the lines before the article's text (a whole copied page)"
    return "the first line no rule removes"


def _field_origin(article: Article, meta: SeedMetadata | None, name: str) -> str:
    value = getattr(article.info, name)
    if not value:
        return "not found"
    if meta and getattr(meta.info, name):
        return "data/articles.yml"
    if article.seed.encoding == HTML_ENCODING:
        return {"date": "the page's metadata and text (htmldate)",
                "author": "the name the page's byline, JSON-LD and author tags agree on",
                }.get(name, "the page's metadata")
    line = next((item.line for item in article.meta if item.field == "byline"), None)
    return f"the byline or date line (line {line})" if line else "the seed's text"


def review_text(article: Article, meta: SeedMetadata | None, extraction: Extraction) -> str:
    """One article's decisions, as lines for a terminal."""
    info = article.info
    lines = [
        f"== {article.seed.file_name}",
        f"headline:   {article.title}",
        f"            from {_headline_origin(article, meta)}"
        + (f", line {article.title_line}" if article.title_line else ""),
        "standfirst: " + (f"{article.standfirst.text} (line {article.standfirst.number})"
                          if article.standfirst else "none"),
        f"date:       {info.date or '-'} ({_field_origin(article, meta, 'date')})",
        f"author:     {info.author or '-'} ({_field_origin(article, meta, 'author')})",
    ]
    if info.publisher:
        lines.append(f"publisher:  {info.publisher}")
    if info.url:
        lines.append(f"address:    {info.url}")
    lines.append(f"body:       {len(article.blocks)} blocks, {article.word_count} words")
    counts = Counter(item.rule_id for item in article.removed)
    if counts:
        lines.append(f"removed:    {len(article.removed)} lines")
        for rule, count in counts.most_common():
            lines.append(f"            {count:4d}  {rule}")
    else:
        lines.append("removed:    none")
    for item in article.meta:
        lines.append(f"header:     line {item.line}, {item.label}: {item.text}")
    for warning in article_warnings(article, extraction):
        lines.append(f"warning:    {warning.split(': ', 1)[1]}")
    return "\n".join(lines)


def review(root: Path, seeds: list[str]) -> str:
    """The review of the named seeds (file names or paths; every seed when none).

    Raises:
        InputError: A seed or a data file is bad.
    """
    from build_scripts.errors import InputError
    from build_scripts.ingest.reading import load_data_files, read_article
    from build_scripts.paths import ProjectPaths

    paths = ProjectPaths(root)
    data = load_data_files(paths)
    if seeds:
        files = []
        for name in seeds:
            path = Path(name)
            if not path.exists():
                path = paths.seeds / Path(name).name
            if not path.exists():
                raise InputError(path, None, "there is no such seed.",
                                 "Give a file name in seeds/, like 000_example.txt.")
            files.append(path)
    else:
        files = paths.seed_files()
    parts = []
    for path in files:
        article, _ = read_article(data, path)
        parts.append(review_text(article, data.metadata.get(path.name), data.extraction))
    return "\n\n".join(parts)
