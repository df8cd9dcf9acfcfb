"""Read a built page the way a reader sees it: its article text, its Source panel."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def article_parts(html_path: Path) -> tuple[str, list[str]]:
    """The visible text of the article (header and body) and the removed lines' items."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "lxml")
    content = soup.select_one("article.md-content__inner")
    assert isinstance(content, Tag), f"no article in {html_path}"
    source = content.select_one("details")
    removed = [squash(li.get_text()) for li in source.select("li")] if source else []
    if source:
        source.extract()
    # Our own chrome: paragraph links, footnote markers and the notes themselves.
    for chrome in content.select(".headerlink, sup[id^=fnref], div.footnote"):
        chrome.extract()
    # Block elements end with a space; inline ones (links) join the words around them.
    for block in content.select("p, h1, h2, h3, li, div, figcaption"):
        block.append(" ")
    return squash(content.get_text()), removed
