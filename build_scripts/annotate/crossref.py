"""Tie the articles together: passages printed in more than one article, and related reading
ranked by the glossary terms two articles share."""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from build_scripts.annotate.mentions import Occurrence
from build_scripts.models import Article, BlockKind

_WORD = re.compile(r"\w+")
_SHINGLE = 5
# A paragraph pair is one passage printed twice when this share of the shorter one's
# five-word runs is in the other: a changed word spoils five runs in a hundred-word passage.
SHARED_PASSAGE_THRESHOLD = 0.6
# Shorter paragraphs are too common in wording to call one a copy of another.
MIN_WORDS = 12
# A run found in more paragraphs than this is a stock phrase, not a sign of a copy.
MAX_POSTINGS = 50
# In a collection this small every term may search for related articles.
MIN_COMMON_TERM_HOLDERS = 20


@dataclass(frozen=True)
class SharedPassage:
    """A paragraph of one article printed, perhaps with changes, in another."""

    article_slug: str
    block_anchor: str
    other_slug: str
    other_anchor: str
    other_number: int
    similarity: float


def passage_words(text: str) -> list[str]:
    """The words of a paragraph, normalised: case, accents, quote style, dashes, spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall(folded.replace("’", "'").replace("‘", "'"))


def _shingles(words: list[str]) -> set[int]:
    # zip builds the runs of words and map hashes them, both in C; a string caches its hash.
    if len(words) < _SHINGLE:
        return {hash(tuple(words))}
    return set(map(hash, zip(*(words[i:] for i in range(_SHINGLE)), strict=False)))


def find_shared_passages(articles: Sequence[Article]) -> list[SharedPassage]:
    """Every pair of paragraphs, in two different articles, that is one passage printed twice.

    Paragraphs are indexed by their five-word runs, so only paragraphs that share a run are
    ever compared: the work grows with the text, not with the square of the articles.
    """
    paragraphs = []
    # A passage reprinted word for word is shingled once.
    shingled: dict[str, set[int] | None] = {}
    for article in articles:
        for block in article.blocks:
            if block.kind is not BlockKind.PARAGRAPH:
                continue
            if block.text not in shingled:
                words = passage_words(block.text)
                shingled[block.text] = _shingles(words) if len(words) >= MIN_WORDS else None
            shingles = shingled[block.text]
            if shingles is not None:
                paragraphs.append((article, block, shingles))
    postings: dict[int, list[int]] = defaultdict(list)
    for index, (_, _, shingles) in enumerate(paragraphs):
        for shingle in shingles:
            postings[shingle].append(index)
    overlap: Counter[tuple[int, int]] = Counter()
    for indexes in postings.values():
        if 1 < len(indexes) <= MAX_POSTINGS:
            overlap.update(combinations(indexes, 2))  # counted in C
    shared = []
    for (first, second), count in overlap.items():
        article_a, block_a, shingles_a = paragraphs[first]
        article_b, block_b, shingles_b = paragraphs[second]
        if article_a.slug == article_b.slug:
            continue
        similarity = count / min(len(shingles_a), len(shingles_b))
        if similarity < SHARED_PASSAGE_THRESHOLD:
            continue
        shared.append(SharedPassage(article_a.slug, block_a.anchor, article_b.slug,
                                    block_b.anchor, block_b.number, similarity))
        shared.append(SharedPassage(article_b.slug, block_b.anchor, article_a.slug,
                                    block_a.anchor, block_a.number, similarity))
    return sorted(shared, key=lambda s: (s.article_slug, s.block_anchor, s.other_slug,
                                         s.other_number))


@dataclass(frozen=True)
class Related:
    """Another article worth reading next, and the terms the two share, weightiest first."""

    slug: str
    score: float
    shared_terms: tuple[str, ...]


def related_reading(
    articles: Sequence[Article], occurrences: Iterable[Occurrence], limit: int = 5
) -> dict[str, list[Related]]:
    """For each article, the others ranked by the cosine of their TF-IDF vectors of glossary
    terms (a term in every article weighs nothing; a rare one weighs much).

    Scores are summed term by term over the articles that hold each term, so two articles
    with no term in common are never compared. A term held by more than a tenth of a large
    collection weighs little and would make every article a candidate: it counts in an
    article's norm, not in the search for candidates.
    """
    counts: dict[str, Counter[str]] = {article.slug: Counter() for article in articles}
    for occurrence in occurrences:
        counts[occurrence.article_slug][occurrence.mention.term_id] += 1
    holders: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for term in sorted(counts[article.slug]):
            holders[term].append(article.slug)
    total = len(articles)
    vectors = {
        slug: {
            term: (1 + math.log(count)) * math.log((1 + total) / (1 + len(holders[term])))
            for term, count in terms.items()
        }
        for slug, terms in counts.items()
    }
    norms = {slug: math.sqrt(sum(w * w for w in v.values())) for slug, v in vectors.items()}
    common = max(MIN_COMMON_TERM_HOLDERS, total // 10)
    result: dict[str, list[Related]] = {}
    for article in articles:
        mine = vectors[article.slug]
        dots: dict[str, float] = defaultdict(float)
        for term, weight in mine.items():
            if len(holders[term]) > common or weight <= 0:
                continue
            for other in holders[term]:
                if other != article.slug:
                    dots[other] += weight * vectors[other][term]
        scored = [
            (dot / (norms[article.slug] * norms[other]), other)
            for other, dot in dots.items()
            if dot > 0 and norms[other]
        ]
        best = heapq.nsmallest(limit, scored, key=lambda item: (-item[0], item[1]))
        ranked = []
        for score, other in best:
            theirs = vectors[other]
            shared = {term: mine[term] * theirs[term] for term in set(mine) & set(theirs)}
            terms = tuple(sorted(shared, key=lambda term: (-shared[term], term)))
            ranked.append(Related(other, round(score, 6), terms))
        result[article.slug] = ranked
    return result
