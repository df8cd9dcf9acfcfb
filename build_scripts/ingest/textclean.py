"""Clean a seed copied from a whole web page (menus, teasers, footers and all) by general
measures of text, not by any site's strings:

- navigation: runs of short lines (a menu, a list of sections or of tags);
- boilerplate: lines with few stopwords for their length, and the text outside the article's
  longest stretch of good text (jusText's measures and context pass, with its stopword
  lists, per language), ended by a long run of short lines after most of its text (teasers,
  a comment form, the footer); a sentence between the headline and that text is kept as
  the standfirst;
- the headline, chosen by scoring the lines around the start of the article's text: their
  place, length, ending and capitals, a breadcrumb's separators, a byline or date next to
  them, the line printed twice or inside a breadcrumb (:func:`title_features`, weighed by
  ``data/extraction.yml``);
- the byline and the date, in their common forms (:mod:`build_scripts.ingest.byline`), the
  nearest the headline, or a name alone under it;
- the tail: a list of dated items after the article (comments, teasers);
- lines printed twice (the headline again, a standfirst repeated as a teaser).

Applied only to a seed that holds a navigation block: text pasted from the article alone has
none, and is left to the rules of ``data/cleaning.yml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from build_scripts.ingest.byline import Byline, find_byline, find_date, name_line
from build_scripts.ingest.furniture import Cleaning, Zone
from build_scripts.ingest.layout import layout_article
from build_scripts.inputs.extraction import CopiedPage, Extraction
from build_scripts.inputs.metadata import merged_info
from build_scripts.models import Article, ArticleInfo, MetaLine, RemovedLine, SeedText, SourceLine

_WORD = re.compile(r"\w+")
_BARE = re.compile(r"[\W_]+")
# jusText takes a line stating a copyright for boilerplate, whatever its words.
# Characters frequent in code, rare in teasers' titles and menus.
_CODE = frozenset("=(){}[]<>;:'\"_#/\\*+|")
_COPYRIGHT = re.compile(r"©|\bcopyright\b", re.IGNORECASE)

NAVIGATION = ("navigation", "Navigation: one of a run of short lines (a menu or a list of links)")
BOILERPLATE = ("boilerplate", "Boilerplate: few stopwords for its length")
OUTSIDE = ("outside-article", "Outside the article's main stretch of text (teasers, footer)")
REPEATS_HEADLINE = ("repeats-headline", "The headline printed again")
REPEATED = ("repeated-line", "Printed twice on the page")


@dataclass(frozen=True)
class CopiedPageCleaning:
    """What the copied-page cleaning decided: the lines left for the layout (headline first),
    the lines it removed and the header lines it found, and the byline's author and date."""

    kept: tuple[SourceLine, ...]
    title: SourceLine
    title_reason: str
    removed: tuple[RemovedLine, ...]
    meta: tuple[MetaLine, ...]
    author: str
    date: str
    language: str


@lru_cache(maxsize=1)
def _stopword_index() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """jusText's stopword lists: the languages, and for each word the languages listing it."""
    import justext

    languages = tuple(sorted(justext.get_stoplists()))
    index: dict[str, list[int]] = {}
    for number, language in enumerate(languages):
        for word in justext.get_stoplist(language):
            index.setdefault(word, []).append(number)
    return languages, {word: tuple(found) for word, found in index.items()}


@lru_cache(maxsize=128)
def _stoplist(language: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(language))


def detect_language(lines: list[str]) -> str:
    """The language whose stopwords are most of the text's words (jusText's lists)."""
    languages, index = _stopword_index()
    counts: Counter[int] = Counter()
    for line in lines:
        for word in _WORD.findall(line.casefold()):
            counts.update(index.get(word, ()))
    if not counts:
        return "English"
    return languages[counts.most_common(1)[0][0]]


def looks_like_whole_page(seed: SeedText, settings: CopiedPage) -> bool:
    """Whether the seed holds a navigation block, as a page copied whole does."""
    return bool(_navigation_runs([line.text for line in seed.lines], settings))


def _navigation_runs(texts: list[str], settings: CopiedPage) -> set[int]:
    """Indexes of lines in runs of ``navigation_run`` or more short lines."""
    found: set[int] = set()
    start = 0
    for index in range(len(texts) + 1):
        short = index < len(texts) and len(texts[index].split()) <= settings.short_line_words
        if not short:
            if index - start >= settings.navigation_run:
                found.update(range(start, index))
            start = index + 1
    return found


def _neighbour(classes: list[str], index: int, step: int, ignore_near_good: bool) -> str:
    """The class of the nearest good or bad line (or near-good, unless ignored) from
    ``index`` in direction ``step``; "bad" past the page's ends (jusText's rule)."""
    index += step
    while 0 <= index < len(classes):
        found = classes[index]
        if found in ("good", "bad") or (found == "near-good" and not ignore_near_good):
            return found
        index += step
    return "bad"


def _classes(texts: list[str], stopwords: frozenset[str], settings: CopiedPage,
             navigation: set[int], furniture: set[int]) -> list[str]:
    """jusText's classes for each line: good, bad, near-good or short, then revised by the
    lines around each short or near-good one, as jusText does it (headings aside: copied text
    does not mark them, and short lines taken for headings brought teasers' titles in)."""
    initial = []
    for index, text in enumerate(texts):
        words = _WORD.findall(text.casefold())
        density = sum(word in stopwords for word in words) / len(words) if words else 0.0
        if index in navigation or index in furniture or _COPYRIGHT.search(text):
            initial.append("bad")
        elif len(text) < settings.length_low:
            initial.append("short")
        elif density >= settings.stopwords_high:
            initial.append("good" if len(text) > settings.length_high else "near-good")
        elif density >= settings.stopwords_low:
            initial.append("near-good")
        else:
            initial.append("bad")
    classes = list(initial)
    # Short lines take the class of the text around them, all judged by the first classes
    # (a run of short lines does not carry one's new class to the next).
    for index, found in enumerate(initial):
        if found != "short":
            continue
        before, after = _neighbour(initial, index, -1, True), _neighbour(initial, index, 1, True)
        if before == after:
            classes[index] = before
        elif (before == "bad" and _neighbour(initial, index, -1, False) == "near-good") or (
                after == "bad" and _neighbour(initial, index, 1, False) == "near-good"):
            classes[index] = "good"
        else:
            classes[index] = "bad"
    for index, found in enumerate(initial):
        if found == "near-good":
            before, after = (_neighbour(classes, index, -1, True),
                             _neighbour(classes, index, 1, True))
            classes[index] = "bad" if before == after == "bad" else "good"
    return classes


def _main_stretch(texts: list[str], classes: list[str], settings: CopiedPage
                  ) -> tuple[int, int] | None:
    """The first and last index of the longest stretch of good text, bad gaps no longer than
    ``max_gap_chars`` inside it, and ended by a run of short lines once the article is
    told (:func:`_end_at_short_run`); ``None`` if no line is good."""
    best: tuple[int, int, int] | None = None  # (good characters, first, last)
    first = last = -1
    good = gap = 0
    for index, text in enumerate(texts):
        if classes[index] == "good":
            if first < 0:
                first = index
            last, good, gap = index, good + len(text), 0
        elif first >= 0:
            gap += len(text)
            if gap > settings.max_gap_chars:
                if best is None or good > best[0]:
                    best = (good, first, last)
                first, good, gap = -1, 0, 0
    if first >= 0 and (best is None or good > best[0]):
        best = (good, first, last)
    if best is None:
        return None
    first, last = best[1], _end_at_short_run(texts, classes, best[1], best[2], settings)
    # The stretch opens and ends with a paragraph: a short line at either end is there only
    # by the context pass (a teaser's title, "Comments", a caption).
    while last > first and len(texts[last]) < settings.length_low:
        last -= 1
    while first < last and len(texts[first]) < settings.length_low:
        first += 1
    return first, last


def _end_at_short_run(texts: list[str], classes: list[str], first: int, last: int,
                      settings: CopiedPage) -> int:
    """The stretch's last line, once cut before a run of ``short_run_lines`` short lines
    after ``short_run_after`` of its paragraphs' text: short lines between good ones are
    good by the context pass, but a long run of them after the article is a list of
    teasers, a comment form or a footer. Before that share a run is the article's own (a
    list, a table of facts), and so is a run of code (``short_run_symbols`` of its
    characters or more are brackets, quotes and the like)."""
    paragraphs = [index for index in range(first, last + 1)
                  if classes[index] == "good" and len(texts[index]) >= settings.length_low]
    total = sum(len(texts[index]) for index in paragraphs)
    told = run = 0
    for index in range(first, last + 1):
        if len(texts[index]) >= settings.length_low:
            run = 0
            told += len(texts[index]) if classes[index] == "good" else 0
            continue
        run += 1
        if run == settings.short_run_lines and told >= settings.short_run_after * total:
            end = index + 1
            while end <= last and len(texts[end]) < settings.length_low:
                end += 1
            shown = "".join(texts[index - run + 1:end])
            if sum(char in _CODE for char in shown) < settings.short_run_symbols * len(shown):
                return index - run
    return last


def _end_before_dated_list(texts: list[str], first: int, end: int, settings: CopiedPage
                           ) -> int:
    """The article's last line, once a list of dated items after line ``first`` is cut (the
    article ends with a paragraph): the article's own date is at its head, a run of date
    lines further down dates comments or teasers."""
    dates = [index for index in range(first, end + 1)
             if len(texts[index]) <= settings.date_line_chars and find_date(texts[index])]
    if len(dates) < settings.dated_tail_lines:
        return end
    end = dates[0] - 1
    while end >= first and len(texts[end]) < settings.length_low:
        end -= 1  # the first item's name or title, above its date
    return end


def _standfirst(text: str, settings: CopiedPage) -> bool:
    """Whether a line between the headline and the article's text reads as its standfirst:
    a sentence of ``lead_min_words`` words or more, ending as one (``lead_endings``)."""
    return (len(text.split()) >= settings.lead_min_words
            and text.rstrip().endswith(tuple(settings.lead_endings)))


def _bare(text: str) -> str:
    return _BARE.sub("", text.casefold())


# A breadcrumb's separators: "Home » News » Headline", "Start / Themen / Headline".
_CRUMB = re.compile(r"\s[»›>/|•·]\s|[»›]")
# Menu entries copied into one line run together: "StartseiteNewsroomHeadline".
_GLUED = re.compile(r"[a-zäöüßàéèç][A-ZÄÖÜÀÉÈ]")


@dataclass(frozen=True)
class PageLines:
    """A copied page's lines as the headline's scoring reads them."""

    texts: list[str]
    bare: list[str]  # each line case folded, letters and digits only
    start: int  # the first line of the article's text
    navigation: set[int]
    dated: set[int]  # bylines and date lines
    stopwords: frozenset[str]
    counts: Counter[str]  # how often each bare line is printed


def title_features(index: int, page: PageLines) -> dict[str, float]:
    """What speaks for or against line ``index`` as the headline; each is weighed by
    ``headline_weights`` (data/extraction.yml)."""
    texts, dated = page.texts, page.dated
    text, bare = texts[index], page.bare[index]
    words = text.split()
    distance = page.start - index
    folded = _WORD.findall(text.casefold())
    following = next((texts[other] for other in range(index + 1, min(len(texts), index + 4))
                      if other not in dated), "")
    # A breadcrumb or a <title>-like line holds the headline with more around it.
    nearby = page.bare[max(0, index - 30):index + 30]
    held = len(words) >= 3 and any(bare in other and bare != other for other in nearby)
    return {
        "near": 1 / (1 + 0.5 * distance) if distance >= 0 else 0.0,
        "before_1_2": float(1 <= distance <= 2),
        "before_3_6": float(3 <= distance <= 6),
        "before": min(distance, 25) / 25 if distance >= 0 else 0.0,
        "after": min(-distance, 10) / 10 if distance < 0 else 0.0,
        "words_1_2": float(len(words) <= 2),
        "words_3": float(len(words) == 3),
        "words_4_22": float(4 <= len(words) <= 22),
        "words_length": min(len(words), 14) / 14,
        "final_period": float(text.endswith((".", ";", ",")) and not text.endswith("...")),
        "final_colon": float(text.endswith(":")),
        "navigation": float(index in page.navigation),
        "dated_above": float(any(0 < index - other <= 2 for other in dated)),
        "repeated": float(page.counts[bare] > 1 and len(words) >= 4),
        "held_by_another": float(held),
        "dated_next": float(index + 1 in dated or index + 2 in dated),
        "after_navigation": float(index - 1 in page.navigation),
        "all_caps": float(text.isupper()),
        "lower_start": float(text[:1].islower()),
        "breadcrumb": float(len(_CRUMB.findall(text)) >= 2 or len(_GLUED.findall(text)) >= 2),
        "credit": float("©" in text),
        "stopwords": (sum(word in page.stopwords for word in folded) / len(folded)
                      if folded else 0.0),
        "followed_by_text": float(len(following) >= 100),
        "digits": sum(char.isdigit() for char in text) / len(text),
    }


def _title_score(features: dict[str, float], weights: Mapping[str, float]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


def clean_copied_page(seed: SeedText, cleaning: Cleaning, extraction: Extraction
                      ) -> CopiedPageCleaning | None:
    """Clean a seed copied from a whole page, or ``None`` if it does not look like one."""
    settings = extraction.copied_page
    lines = list(seed.lines)
    texts = [line.text for line in lines]
    navigation = _navigation_runs(texts, settings)
    if not navigation:
        return None
    language = detect_language(texts)
    stopwords = _stoplist(language)
    furniture = {index for index, text in enumerate(texts)
                 if (rule := cleaning.first_match(text, Zone.ANYWHERE)) is not None
                 and rule.action == "remove"}
    classes = _classes(texts, stopwords, settings, navigation, furniture)
    stretch = _main_stretch(texts, classes, settings)
    if stretch is None:
        # No good text at all: keep the longest line and what follows, the rules decide.
        longest = max(range(len(texts)), key=lambda index: len(texts[index]))
        stretch = (longest, len(texts) - 1)
    start, end = stretch
    # Bylines and dates near the start of the article, where the headline can be.
    window = range(max(0, start - settings.headline_window),
                   min(len(texts), start + settings.headline_after + settings.byline_after + 1))
    bylines = {index: found for index in window
               if (found := find_byline(texts[index], extraction.byline_prefixes)) is not None}
    bare = [_bare(text) for text in texts]
    page = PageLines(texts, bare, start, navigation, set(bylines), stopwords, Counter(bare))
    candidates = [
        index for index in range(max(0, start - settings.headline_window),
                                 min(len(texts), start + settings.headline_after + 1))
        if index not in bylines and index not in furniture
        and len(texts[index]) <= 250 and _bare(texts[index])
        and " ".join(texts[index].casefold().split()) not in extraction.furniture_headlines
    ]
    if candidates:
        title_index = max(candidates, key=lambda index: (_title_score(
            title_features(index, page), settings.headline_weights), index))
        reason = "scored highest of the lines around the start of the article's text"
    else:
        title_index = start
        reason = "first line of the article's text (no line before it could be a headline)"
    title = lines[title_index]
    # The byline nearest the headline, under it first: others are of teasers or comments.
    nearest = sorted(bylines.items(), key=lambda item: (
        item[1].updated, item[0] < title_index, abs(item[0] - title_index)))
    author = next((found.author for _, found in nearest if found.author), "")
    if not author:
        # A name alone on a line just under the headline is its byline.
        alone = next((index for index in range(title_index + 1, title_index + 1
                                               + settings.name_line_after)
                      if index < len(texts) and index not in bylines
                      and name_line(texts[index], stopwords)), None)
        if alone is not None:
            author = " ".join(texts[alone].split())
            bylines[alone] = Byline(author, "", False)
    date = next((found.date for _, found in nearest if found.date), "")
    end = _end_before_dated_list(texts, max(title_index, start) + settings.dated_tail_after,
                                 end, settings)
    kept: list[SourceLine] = [title]
    removed: list[RemovedLine] = []
    meta: list[MetaLine] = []
    seen: dict[str, int] = {_bare(title.text): title.number}
    title_bare = _bare(title.text)
    for index, line in enumerate(lines):
        if index == title_index:
            continue
        bare = _bare(line.text)
        if index in bylines:
            meta.append(MetaLine("byline", bylines[index].label, line.text, line.number))
            continue
        if bare == title_bare:
            removed.append(RemovedLine(line.number, line.text, *REPEATS_HEADLINE))
            continue
        if title_index < index < start and _standfirst(line.text, settings):
            classes[index] = "good"  # the measures take a standfirst's few words for bad
        inside = start <= index <= end or (title_index < index < start
                                           and classes[index] != "bad")
        if not inside:
            rule = NAVIGATION if index in navigation else OUTSIDE
            removed.append(RemovedLine(line.number, line.text, *rule))
            continue
        if classes[index] == "bad" and index not in furniture:
            rule = NAVIGATION if index in navigation else BOILERPLATE
            removed.append(RemovedLine(line.number, line.text, *rule))
            continue
        if len(line.text.split()) >= 5 and bare in seen:
            removed.append(RemovedLine(line.number, line.text, REPEATED[0],
                                       f"{REPEATED[1]} (same as line {seen[bare]})"))
            continue
        seen.setdefault(bare, line.number)
        kept.append(line)
    return CopiedPageCleaning(
        kept=tuple(sorted(kept, key=lambda line: line.number)),
        title=title,
        title_reason=reason,
        removed=tuple(removed),
        meta=tuple(meta),
        author=author,
        date=date,
        language=language,
    )


def layout_copied_page(
    seed: SeedText,
    cleaned: CopiedPageCleaning,
    cleaning: Cleaning,
    editors: ArticleInfo | None = None,
    line_roles: Mapping[str, str] | None = None,
) -> Article:
    """Lay out what the copied-page cleaning kept, with its headline, byline and date (the
    editors' metadata and line roles win), listing every line it removed.

    Raises:
        EmptyArticle: Nothing is left once furniture is removed.
    """
    roles = dict(line_roles or {})
    if "title" not in roles.values():
        roles[cleaned.title.text] = "title"
    found = ArticleInfo(author=cleaned.author, date=cleaned.date)
    article = layout_article(replace(seed, lines=cleaned.kept), cleaning,
                             merged_info(found, editors), roles)
    return replace(
        article,
        removed=tuple(sorted((*article.removed, *cleaned.removed), key=lambda item: item.line)),
        meta=tuple(sorted((*article.meta, *cleaned.meta), key=lambda item: item.line)),
    )
