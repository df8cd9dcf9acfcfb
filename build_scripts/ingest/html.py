"""Read a saved web page (``.html``/``.htm``, a browser's "Save page as") into an article.

The main text and the metadata (date, site name, canonical address, description) are
trafilatura's (dates by htmldate, which it runs), the author the one the page's evidence agrees
on (:mod:`build_scripts.ingest.pageauthor`); our furniture rules and the copied-page
heuristics then clean what it kept. The headline is the candidate the page's evidence agrees
on (its headings, <title>, og:title, and the line printed just above the main text), and a lead
paragraph printed between the headline and the main text, which trafilatura often leaves out,
is taken back (settings: ``data/extraction.yml``, ``saved_page``). The page's lines are those
of its visible text (:mod:`build_scripts.ingest.pagetext`): every one that is not in the
article is listed as removed, so nothing of the page is silently lost. Nothing of the page's
markup reaches the article but text.
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
from build_scripts.ingest.byline import find_date
from build_scripts.ingest.furniture import Cleaning
from build_scripts.ingest.layout import layout_article
from build_scripts.ingest.pageauthor import page_author
from build_scripts.ingest.pagetext import parse_page, visible_lines
from build_scripts.ingest.seed import clean_line
from build_scripts.inputs.extraction import (
    DEFAULT_EXTRACTION,
    HeadlineEvidence,
    LeadParagraph,
    SavedPage,
)
from build_scripts.inputs.metadata import merged_info
from build_scripts.models import Article, ArticleInfo, RemovedLine, SeedText, SourceLine

HTML_SUFFIXES = (".html", ".htm")
ENCODING = "html"  # a SeedFile's encoding for a saved page: its lines are its visible text
NOT_MAIN_TEXT = ("not-main-text", "Not the article's main text (the page's other blocks)")

# Blocks of trafilatura's output: a paragraph, a heading, a quote, a list item, a table row.
_BLOCK_TAGS = frozenset({"p", "head", "item", "row", "code", "quote", "graphic"})
_CONTAINERS = frozenset({"list", "table", "quote", "div", "body", "doc", "main"})
_SITE_NAME_SHARE = 0.6
_URL = re.compile(r"^https?://[^\s()<>\"'`\\]+$")
_SEPARATORS = re.compile(r"\s+[|–—:·•»/-]+\s+|\s*[|·•»│]\s*|\s*::\s*")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_TRANSLITERATED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


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


def _ascii_bare(text: str) -> str:
    """``text`` as a domain name spells it: lower case ASCII letters and digits only."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLITERATED))
    return re.sub(r"[^a-z0-9]+", "", folded.encode("ascii", "ignore").decode())


def _domain_name(host: str) -> str:
    """The name a host is registered under ("backenmachtgluecklich" of
    www.backenmachtgluecklich.de), as :func:`_ascii_bare` spells it."""
    labels = [label for label in host.casefold().split(".") if label and label != "www"]
    return _ascii_bare(labels[-2]) if len(labels) >= 2 else ""


def _is_site_name(text: str, sitename: str, domain: str) -> bool:
    """Whether ``text`` is the site's name: its og:site_name, or its address's domain name
    spelt out ("Backen macht glücklich", "NMB-MEDIA", "Martin Rütter DOGS")."""
    if sitename and _bare(text) == _bare(sitename):
        return True
    spelt = _ascii_bare(text)
    if not domain or not spelt:
        return False
    short, long = sorted((spelt, domain), key=len)
    # Most of the name, not a word of it: "spiegel" is no headline on spiegel.de, but a
    # headline that mentions the site's name is still one.
    return short in long and len(short) >= _SITE_NAME_SHARE * len(long)


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


@dataclass
class _Candidate:
    """A string the page offers as its headline, with what speaks for it."""

    text: str
    sources: set[str]
    printed_as: str  # the bare text of the visible line that prints it (an <h1>'s whole)


def _element_text(element: etree._Element) -> str:
    return clean_line(" ".join(visible_lines(element)))


def _without_kicker(heading: etree._Element, text: str) -> str:
    """The heading's text without the kicker its first inline element prints before the
    headline ("Klimaschutz" of "<span>Klimaschutz</span> Bohren, bis es heiß wird"), or ""."""
    if (heading.text or "").strip():
        return ""
    first = next((child for child in heading if isinstance(child.tag, str)
                  and _element_text(child)), None)
    if first is None:
        return ""
    kicker = _element_text(first)
    rest = text[len(kicker):].lstrip(" :|-–—·•»/") if text.startswith(kicker) else ""
    return rest if len(rest.split()) >= 2 else ""


def _meta(tree: etree._Element, *names: str) -> list[str]:
    return [content for element in tree.iter("meta")
            if (element.get("property") or element.get("name") or "").lower() in names
            and (content := clean_line(element.get("content") or ""))]


def _candidates(tree: etree._Element, found_title: str) -> dict[str, _Candidate]:
    """Every headline the page offers, by its bare text."""
    candidates: dict[str, _Candidate] = {}

    def add(text: str, source: str, printed_as: str = "") -> None:
        text = clean_line(" ".join(text.split()))
        if key := _bare(text):
            candidate = candidates.setdefault(key, _Candidate(text, set(), printed_as or key))
            candidate.sources.add(source)

    def add_with_parts(text: str, source: str) -> None:
        add(text, source)
        for part in _SEPARATORS.split(text):
            add(part, source)

    for heading in tree.iter("h1"):
        text = _element_text(heading)
        add(text, "h1")
        if rest := _without_kicker(heading, text):
            add(rest, "h1_without_kicker", _bare(text))
    for heading in tree.iter("h2"):
        add(_element_text(heading), "h2")
    for text in _meta(tree, "og:title", "twitter:title"):
        add_with_parts(text, "social_title")
    title = tree.find(".//title")
    if title is not None:
        add_with_parts(" ".join(title.itertext()), "page_title")
    add(found_title, "trafilatura_title")
    return candidates


def _score(candidate: _Candidate, lines: list[str], start: int | None, sitename: str,
           weights: HeadlineEvidence, domain: str = "") -> float:
    """What the evidence for ``candidate`` adds up to."""
    score = sum(getattr(weights, source) for source in candidate.sources)
    printed = [index for index, line in enumerate(lines) if line == candidate.printed_as]
    if printed:
        score += weights.visible_line
        if start is not None:
            before = [start - index for index in printed if index <= start + weights.lines_after]
            if before and (distance := max(min(before), 0)) <= weights.lines_before:
                score += weights.near_main_text * (1 - distance / (weights.lines_before + 1))
    if _is_site_name(candidate.text, sitename, domain):
        score += weights.site_name
    if len(candidate.text.split()) < 2 and len(candidate.text) < weights.one_word_chars:
        score += weights.one_word
    # A blog's date heading ("Samstag, 9. September 2017") is no headline.
    if len(candidate.text.split()) <= weights.date_words and find_date(candidate.text):
        score += weights.date
    return score


def _headline(tree: etree._Element, found_title: str, sitename: str,
              lines: tuple[SourceLine, ...], start: int | None,
              weights: HeadlineEvidence, host: str = "") -> str:
    """The page's headline: the candidate the most evidence agrees on, "" if none; ``host``
    is the page's address's host name.

    A page's <title> and og:title often carry the site's name or a teaser, and its first
    <h1> is often the site's logo; what decides is which of them agree, and whether the page
    prints one as a line just above its main text."""
    bare_lines = [_bare(line.text) for line in lines]
    candidates = _candidates(tree, found_title)
    domain = _domain_name(host)
    best = max(candidates.values(), default=None,
               key=lambda item: _score(item, bare_lines, start, sitename, weights, domain))
    return best.text if best is not None else ""


def _printed_at(title: str, lines: tuple[SourceLine, ...], start: int | None,
                weights: HeadlineEvidence) -> int | None:
    """The index of the visible line that prints the headline: the last one just above the
    main text if there is one (a page can print it in its menu or breadcrumbs as well)."""
    wanted = _bare(title)
    printed = [index for index, line in enumerate(lines) if _bare(line.text) == wanted]
    if not printed:
        return None
    above = [index for index in printed
             if start is None or index <= start + weights.lines_after]
    return above[-1] if above else printed[0]


def _lead_lines(tree: etree._Element, lines: tuple[SourceLine, ...], title_index: int,
                start: int | None, settings: LeadParagraph) -> list[int]:
    """The lines between the headline and the main text that are the article's lead
    paragraph (trafilatura often leaves a teaser or standfirst out): prose of enough words
    ending a sentence, not a picture's caption."""
    if start is None or not 0 < start - title_index <= settings.max_lines_between:
        return []
    captions = [_bare(" ".join(element.itertext())) for element in tree.xpath(
        "//figure | //figcaption | //*[contains(concat(' ', @class, ' '), 'caption')]")]
    found = []
    for index in range(title_index + 1, start):
        text = lines[index].text
        bare = _bare(text)
        if (len(text.split()) >= settings.min_words and text.rstrip()[-1] in settings.endings
                and not any(bare in caption for caption in captions)):
            found.append(index)
    return found


def _safe_url(url: str) -> str:
    url = (url or "").strip()
    return url if _URL.match(url) else ""


def extract_page(path: Path, settings: SavedPage | None = None,
                 byline_prefixes: tuple[str, ...] = ()) -> ExtractedPage:
    """Read the saved page at ``path``: its visible lines, main text and metadata; the
    headline, lead and author are found by ``settings`` (``data/extraction.yml``; its
    defaults if not given), a printed byline by ``byline_prefixes``.

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
    sitename = clean_line(document.sitename or "")
    start = {line.number: index for index, line in enumerate(lines)}.get(numbers[0])
    settings = settings or DEFAULT_EXTRACTION.saved_page
    title = _headline(tree, document.title or "", sitename, lines, start, settings.headline,
                      document.hostname or "") or blocks[0][0]
    title_index = _printed_at(title, lines, start, settings.headline)
    title_line = 0
    anchor = title_index if title_index is not None else start
    near = (-1, -1) if anchor is None else (
        anchor - settings.author.lines_before,
        max(anchor, start if start is not None else anchor) + settings.author.lines_after)
    author = page_author(tree, lines, near, covered, title, document.author or "", sitename,
                         byline_prefixes, settings.author)
    if title_index is not None:
        title_line = lines[title_index].number
        covered.add(title_index)
        leads = [index for index in _lead_lines(tree, lines, title_index, start, settings.lead)
                 if index not in covered]
        covered.update(leads)
        blocks = [(lines[index].text, False) for index in leads] + blocks
        numbers = [lines[index].number for index in leads] + numbers
    description = clean_line(document.description or "")
    info = ArticleInfo(
        publisher=sitename,
        date=document.date or "",
        author=clean_line(author),
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
