"""Read a saved web page (``.html``/``.htm``, a browser's "Save page as") into an article.

The main text and the metadata (headline, author, date, site name, canonical address,
description) are trafilatura's (dates by htmldate, which it runs); our furniture rules and the
copied-page heuristics then clean what it kept. The page's lines are those of its visible text
(:mod:`build_scripts.ingest.pagetext`): every one that is not in the article is listed as
removed, so nothing of the page is silently lost. Nothing of the page's markup reaches the
article but text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from build_scripts.errors import InputError
from build_scripts.ingest.furniture import Cleaning
from build_scripts.ingest.layout import layout_article
from build_scripts.ingest.pagetext import parse_page, visible_lines
from build_scripts.ingest.seed import clean_line
from build_scripts.inputs.metadata import merged_info
from build_scripts.models import Article, ArticleInfo, RemovedLine, SeedText, SourceLine

HTML_SUFFIXES = (".html", ".htm")
ENCODING = "html"  # a SeedFile's encoding for a saved page: its lines are its visible text
NOT_MAIN_TEXT = ("not-main-text", "Not the article's main text (the page's other blocks)")

# Blocks of trafilatura's output: a paragraph, a heading, a quote, a list item, a table row.
_BLOCK_TAGS = frozenset({"p", "head", "item", "row", "code", "quote", "graphic"})
_CONTAINERS = frozenset({"list", "table", "quote", "div", "body", "doc", "main"})
_URL = re.compile(r"^https?://[^\s()<>\"'`\\]+$")
_SEPARATORS = re.compile(r"\s+[|–—:·•»/-]+\s+|\s*[|·•»]\s*")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})


@dataclass(frozen=True)
class ExtractedPage:
    """What the extractor found on a saved page: its lines, the article's part of them and
    its metadata (empty strings: not found)."""

    seed: SeedText  # every line of the page's visible text
    title: str
    title_line: int  # the visible line that prints the headline, 0 if none does
    main: tuple[SourceLine, ...]  # the main text's blocks, numbered by the line they are on
    headings: frozenset[str]  # blocks the page marks as section headings
    unplaced: frozenset[int]  # visible lines that are part of the main text or the headline
    info: ArticleInfo


def is_html_seed(path: Path) -> bool:
    """Whether ``path`` is a saved web page rather than text."""
    return path.suffix.lower() in HTML_SUFFIXES


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split()).casefold()


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", "", _norm(text))


def _block_texts(body: etree._Element) -> list[tuple[str, bool]]:
    """The main text's blocks as ``(text, is_heading)``, in order; a line break inside a
    block starts a new one."""
    found: list[tuple[str, bool]] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("list", "table") or (tag in _CONTAINERS and len(child)
                                              and child.find("p") is not None):
                walk(child)
                continue
            if tag not in _BLOCK_TAGS and tag not in _CONTAINERS:
                continue
            if tag == "row":
                text = "\t".join(" ".join(cell.itertext()) for cell in child)
                pieces = [text]
            else:
                pieces = _split_on_breaks(child)
            for piece in pieces:
                line = clean_line(" ".join(piece.split()))
                if line:
                    found.append((line, tag == "head"))

    walk(body)
    return found


def _split_on_breaks(element: etree._Element) -> list[str]:
    pieces = [element.text or ""]
    for child in element.iter():
        if child is element:
            continue
        if child.tag == "lb":
            pieces.append("")
        elif child.text and child.getparent() is not None:
            pieces[-1] += child.text if child.tag != "lb" else ""
        if child.tail:
            pieces[-1] += child.tail
    return pieces


def _place(blocks: list[str], lines: tuple[SourceLine, ...]) -> tuple[list[int], set[int]]:
    """The visible line each block is on (its number), and the indexes of the visible lines
    the blocks cover, found in order from the previous block's line."""
    normalised = [_norm(line.text) for line in lines]
    numbers: list[int] = []
    covered: set[int] = set()
    cursor = 0
    for block in blocks:
        wanted = _norm(block)
        found = _find(wanted, normalised, cursor)
        if found is None:
            found = _find(wanted, normalised, 0)
        if found is None:
            numbers.append(lines[min(cursor, len(lines) - 1)].number if lines else 0)
            continue
        first, last = found
        covered.update(range(first, last + 1))
        numbers.append(lines[first].number)
        cursor = first
    return numbers, covered


def _find(wanted: str, lines: list[str], start: int) -> tuple[int, int] | None:
    """Where ``wanted`` is: one line that holds it, or a run of lines it spans."""
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            continue
        if wanted in line and (len(wanted) >= 0.5 * len(line) or len(wanted) >= 40):
            return index, index
        if wanted.startswith(line) and len(line) < len(wanted):
            # A block the page spread over several lines (a <div> inside a paragraph).
            covered, last = len(line), index
            while covered < len(wanted) and last + 1 < len(lines):
                following = lines[last + 1]
                rest = wanted[covered:].lstrip()
                if not following or not rest.startswith(following):
                    break
                covered = len(wanted) - len(rest) + len(following)
                last += 1
            if covered >= len(wanted) - 1:
                return index, last
    return None


def _title(found: str, sitename: str, headings: list[str]) -> str:
    """The headline: the page's title without the site's name, or the top heading it
    starts with."""
    title = found.strip()
    bare = _bare(title)
    for heading in headings:
        heading_bare = _bare(heading)
        # The <title> or og:title often adds the site's name to the headline.
        if len(heading_bare) >= 12 and heading_bare != bare and heading_bare in bare:
            return heading
    if sitename:
        parts = _SEPARATORS.split(title)
        if len(parts) > 1:
            site = _bare(sitename)
            kept = [part for part in parts if _bare(part) and _bare(part) not in site
                    and site not in _bare(part)]
            if kept and len(kept) < len(parts):
                return title[title.find(kept[0]): title.rfind(kept[-1]) + len(kept[-1])]
    return title


def _safe_url(url: str) -> str:
    url = (url or "").strip()
    return url if _URL.match(url) else ""


def extract_page(path: Path) -> ExtractedPage:
    """Read the saved page at ``path``: its visible lines, main text and metadata.

    Raises:
        InputError: The file is empty, is not a web page, or holds no article text.
    """
    from trafilatura import bare_extraction

    data = path.read_bytes()
    hint = ("Save the article's own page again (File > Save page as, 'HTML only'), or paste "
            "its text into a .txt seed.")
    if not data.strip():
        raise InputError(path, None, "the saved page is empty.", hint)
    tree = parse_page(data)
    if tree is None:
        raise InputError(path, None, "the file is not a web page (no HTML in it).", hint)
    lines = tuple(
        SourceLine(number, text)
        for number, raw in enumerate(visible_lines(tree), start=1)
        if (text := clean_line(raw))
    )
    document = bare_extraction(tree, with_metadata=True, include_comments=False)
    body = getattr(document, "body", None) if document is not None else None
    blocks = _block_texts(body) if body is not None else []
    if not blocks:
        raise InputError(path, None, "no article text was found in the saved page.",
                         "Check that the file is an article's page, not a home or list "
                         "page; or paste the article's text into a .txt seed.")
    numbers, covered = _place([text for text, _ in blocks], lines)
    h1 = [text for element in tree.iter("h1") if (text := clean_line(" ".join(
        " ".join(element.itertext()).split())))]
    sitename = clean_line(document.sitename or "")
    title = clean_line(_title(document.title or "", sitename, h1)) or blocks[0][0]
    title_line = 0
    wanted = _bare(title)
    for index, line in enumerate(lines):
        if _bare(line.text) == wanted:
            title_line = line.number
            covered.add(index)
            break
    description = clean_line(document.description or "")
    info = ArticleInfo(
        publisher=sitename,
        date=document.date or "",
        author=clean_line(document.author or ""),
        url=_safe_url(document.url or ""),
        summary=_shorten(description, 200),
    )
    seed = SeedText(
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=ENCODING,
        lines=lines,
    )
    return ExtractedPage(
        seed=seed,
        title=title,
        title_line=title_line,
        main=tuple(SourceLine(number, text) for number, (text, _) in zip(numbers, blocks,
                                                                          strict=True)),
        headings=frozenset(text for text, heading in blocks if heading),
        unplaced=frozenset(covered),
        info=info,
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def layout_page(
    page: ExtractedPage,
    cleaning: Cleaning,
    editors: ArticleInfo | None = None,
    line_roles: Mapping[str, str] | None = None,
) -> Article:
    """Lay the saved page out as an article: its headline, the main text cleaned by the
    furniture rules, every other line of the page listed as removed.

    Editors' metadata and line roles win over what the page says.

    Raises:
        EmptyArticle: Nothing of the main text is left once furniture is removed.
    """
    roles: dict[str, str] = {text: "heading" for text in page.headings}
    if "title" not in (line_roles or {}).values():
        roles[page.title] = "title"
    roles.update(line_roles or {})
    lines = (SourceLine(page.title_line, page.title), *page.main)
    seed = replace(page.seed, lines=lines)
    article = layout_article(seed, cleaning, merged_info(page.info, editors), roles)
    others = [
        RemovedLine(line.number, line.text, *NOT_MAIN_TEXT)
        for index, line in enumerate(page.seed.lines)
        if index not in page.unplaced
    ]
    removed = sorted((*article.removed, *others), key=lambda item: item.line)
    return replace(article, removed=tuple(removed))
