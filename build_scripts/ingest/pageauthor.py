"""Find a saved page's author by the evidence the page gives: its JSON-LD (``author.name``,
lists of authors), author ``<meta>`` tags, ``rel=author`` links, trafilatura's author, and a
byline ("By X", "Von X") printed near the headline. Each candidate scores its sources, and
more when others agree; a web address is never taken, the site's name or a generic word
("admin", "name") only as the last resort (settings: ``data/extraction.yml``,
``saved_page.author``)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from lxml import etree

from build_scripts.ingest.byline import find_byline
from build_scripts.inputs.extraction import AuthorEvidence
from build_scripts.models import SourceLine

_META_NAMES = frozenset({"author", "article:author", "og:article:author", "parsely-author",
                         "dc.creator", "dcterms.creator", "cxenseparse:author",
                         "sailthru.author", "byl"})
_ADDRESS = re.compile(r"(?:https?://|www\.|@)\S*|\S+\.(?:com|org|net|de|fr|es|pl|ch|at|uk)\b",
                      re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|/)\s*|\s+(?:and|und|et|y|e|en|og)\s+", re.IGNORECASE)
# Comments and reviews carry authors of their own, not the article's.
_OTHER_ITEMS = ("comment", "review", "person", "organization")


@dataclass
class _Candidate:
    text: str
    sources: set[str] = field(default_factory=set)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _names(text: str) -> set[str]:
    return {folded for part in _NAME_SPLIT.split(text) if (folded := _fold(part))}


def _jsonld_authors(tree: etree._Element) -> list[str]:
    """The authors the page's JSON-LD names for its article ("; " between several)."""
    found: list[str] = []

    def name_of(value: object) -> str:
        if isinstance(value, dict):
            value = value.get("name", "")
        return " ".join(html.unescape(str(value or "")).split()) if isinstance(
            value, str) else ""

    def walk(item: object) -> None:
        if isinstance(item, list):
            for element in item:
                walk(element)
            return
        if not isinstance(item, dict):
            return
        kind = " ".join(item["@type"]) if isinstance(item.get("@type"), list) else str(
            item.get("@type", ""))
        if "author" in item and not any(word in kind.casefold() for word in _OTHER_ITEMS):
            value = item["author"]
            names = [name for element in (value if isinstance(value, list) else [value])
                     if (name := name_of(element))]
            if names:
                found.append("; ".join(names))
        for value in item.values():
            if isinstance(value, list | dict):
                walk(value)

    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.text:
            try:
                walk(json.loads(script.text))
            except ValueError:
                continue  # a broken block says nothing
    return found


def _meta_authors(tree: etree._Element) -> list[str]:
    return [" ".join(content.split()) for element in tree.iter("meta")
            if (element.get("name") or element.get("property") or "").casefold()
            in _META_NAMES and (content := element.get("content") or "").strip()]


def _link_authors(tree: etree._Element) -> list[str]:
    texts = [" ".join(" ".join(element.itertext()).split()) for element in tree.xpath(
        "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")]
    return list(dict.fromkeys(text for text in texts if text))


def _printed_bylines(lines: list[SourceLine], prefixes: tuple[str, ...]) -> list[str]:
    """The names of the bylines printed on ``lines``, as the page prints them ("A und B",
    not "A, B")."""
    found = []
    for line in lines:
        byline = find_byline(line.text, prefixes)
        if byline is None or not byline.author:
            continue
        last_name = byline.author.rsplit(", ", 1)[-1]
        end = line.text.find(last_name)
        begin = line.text.find(byline.author.split(", ", 1)[0])
        found.append(line.text[begin:end + len(last_name)] if 0 <= begin <= end
                     else byline.author)
    return found


def _clean(text: str, prefixes: tuple[str, ...]) -> str:
    """``text`` without web addresses and a byline prefix; "" if nothing of a name is left."""
    text = re.sub(r"\(\s*\)", " ", _ADDRESS.sub(" ", text))
    text = " ".join(text.split()).strip(" -–—|,;:/()")
    folded = text.casefold()
    for prefix in prefixes:
        if folded.startswith(prefix + " ") or folded.startswith(prefix + ":"):
            text = text[len(prefix):].lstrip(" :")
            break
    return text if any(char.isalpha() for char in text) else ""


def page_author(tree: etree._Element, lines: tuple[SourceLine, ...], near: tuple[int, int],
                main: set[int], headline: str, found: str, sitename: str,
                prefixes: tuple[str, ...], weights: AuthorEvidence) -> str:
    """The page's author, "" if it names none.

    ``near`` is the range of visible lines around the headline where a byline is printed,
    ``main`` the indexes of the main text's lines (a byline may close the article);
    ``found`` is trafilatura's author. The headline's line is no byline ("Von Sprachregeln
    und Gender-Politik")."""
    candidates: dict[str, _Candidate] = {}
    site = _fold(sitename)

    def add(text: str, source: str) -> None:
        text = _clean(text, prefixes)
        if text and len(text.split()) <= weights.max_words and (key := _fold(text)):
            candidates.setdefault(key, _Candidate(text)).sources.add(source)

    first, last = max(near[0], 0), near[1]
    shown = [line for line in lines[first:last + 1] if line.text != headline]
    for text in _printed_bylines(shown, prefixes):
        add(text, "byline")
    in_text = [lines[index] for index in sorted(main)
               if not first <= index <= last and lines[index].text != headline]
    for text in _printed_bylines(in_text, prefixes):
        add(text, "byline_in_text")
    for text in _jsonld_authors(tree):
        add(text, "json_ld")
    for text in _meta_authors(tree):
        add(text, "meta")
    for text in _link_authors(tree):
        add(text, "rel_author")
    add(found, "trafilatura")

    def score(candidate: _Candidate) -> float:
        names = _names(candidate.text)
        value = sum(getattr(weights, source) for source in candidate.sources)
        value += weights.agreement * sum(
            1 for other in candidates.values() if other is not candidate
            and any(a in b or b in a for a in names for b in _names(other.text)))
        folded = _fold(candidate.text)
        if site and (folded == site or folded.replace(" ", "") == site.replace(" ", "")):
            value += weights.site_name
        return value

    # A label or a role ("Posted", "Name", "Redaktion") names nobody, even alone.
    named = [item for item in candidates.values()
             if not set(_fold(item.text).split()) <= weights.generic]
    best = max(named, key=score, default=None)
    return best.text if best is not None else ""
