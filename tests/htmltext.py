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


# What a browser fetches by itself: a script, style sheet, image or frame, a font or an
# import in a style sheet. Outbound links a reader clicks (sources, the original article) are
# not loads.
_LOAD_FROM_ELSEWHERE = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!example\.org)"""
    r"""|@import\s+url\(\s*["']?(?:https?:)?//|url\(\s*["']?https?://""",
    re.IGNORECASE,
)
_LOADING_RELS = {"stylesheet", "preload", "preconnect", "icon", "modulepreload", "manifest",
                 "dns-prefetch"}


def loads_from_other_hosts(site: Path) -> list[tuple[str, str]]:
    """Every place in a built site that would make a browser fetch from another host, as
    (file, what it says); empty for a site that works behind a firewall and from file://."""
    offenders = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".css", ".js"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = str(path.relative_to(site))
        for match in _LOAD_FROM_ELSEWHERE.finditer(text):
            context = text[match.start() : match.start() + 80]
            if not (context.lower().startswith("href") and path.suffix == ".html"):
                offenders.append((name, context))
        if path.suffix != ".html":
            continue
        offenders += [(name, font) for font in ("fonts.googleapis", "fonts.gstatic")
                      if font in text]
        soup = BeautifulSoup(text, "lxml")
        loads = [tag.get("src") for tag in soup.select("script[src], img[src], iframe[src]")]
        loads += [tag.get("href") for tag in soup.select("link[href]")
                  if set(tag.get("rel", [])) & _LOADING_RELS]
        offenders += [(name, url) for url in loads if re.match(r"(https?:)?//", url or "")]
    return offenders
