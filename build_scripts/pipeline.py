"""Run the steps in order: read and clean every seed, then render every page."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from build_scripts import publication
from build_scripts.collector import collector_paused
from build_scripts.crossref import SharedPassage, find_shared_passages, related_reading
from build_scripts.currency import currency_warnings
from build_scripts.forked import MANY_ITEMS, ComputedAhead, SharedMap, map_on_two_cores
from build_scripts.mentions import (
    Occurrence,
    TermMatcher,
    find_in_articles,
    linked_occurrences,
    term_links,
)
from build_scripts.models import (
    Article,
    ArticleAnnotations,
    GeneratedPage,
    Glossary,
    InlineNote,
    Term,
)
from build_scripts.notes import PlacedNote, footnote_markdown, place_notes
from build_scripts.paths import ProjectPaths
from build_scripts.reading import DataFiles, read_inputs
from build_scripts.render import article_uri, render_article, render_home
from build_scripts.render_context import also_in_markdown, related_markdown, render_timeline
from build_scripts.render_glossary import render_glossary_index, render_term, term_uri
from build_scripts.timeline import Event, place_events

log = logging.getLogger("build_scripts")

SITE_NAME = "The Annotated Reader"


@dataclass(frozen=True)
class Reader:
    """Everything the pipeline made: the articles and the pages to publish."""

    articles: tuple[Article, ...]
    pages: tuple[GeneratedPage, ...]
    warnings: tuple[str, ...]
    glossary: Glossary = field(default_factory=lambda: Glossary(()))
    occurrences: tuple[Occurrence, ...] = ()
    notes: tuple[PlacedNote, ...] = ()
    events: tuple[Event, ...] = ()
    shared_passages: tuple[SharedPassage, ...] = ()


# Past this many mentions, rendering the term pages takes longer than forking a worker.
MANY_MENTIONS = 5_000


@dataclass(frozen=True)
class _Context:
    """What the editors' notes and timeline and the other articles say of each article:
    found from the articles alone, before the mentions are known."""

    notes: list[PlacedNote]
    events: list[Event]
    shared: list[SharedPassage]


def _find_context(data: DataFiles, articles: list[Article]) -> _Context:
    """Place the notes and events, and find the passages two articles share."""
    return _Context(place_notes(data.notes, articles), place_events(data.timeline, articles),
                    find_shared_passages(articles))


def _annotate(articles: list[Article], by_slug: dict[str, Article], glossary: Glossary,
              occurrences: list[Occurrence], context: _Context) -> dict[str, ArticleAnnotations]:
    """Each article's annotations: its term links, notes, shared passages, related reading."""
    related = related_reading(articles, occurrences)
    annotations = {article.slug: ArticleAnnotations() for article in articles}
    linked = linked_occurrences(articles, occurrences, glossary.link_mode)
    for slug, links in term_links(linked, glossary, term_uri).items():
        annotations[slug].links.update(links)
    noted = {note.article_slug for note in context.notes}
    block_order = {(slug, block.anchor): index for slug in noted
                   for index, block in enumerate(by_slug[slug].blocks)}
    # Footnotes are numbered in the order they are defined: define them in reading order.
    for note in sorted(context.notes, key=lambda n: (
            block_order[(n.article_slug, n.block_anchor)], n.offset)):
        annotation = annotations[note.article_slug]
        annotation.notes.setdefault(note.block_anchor, []).append(
            InlineNote(note.offset, note.id))
        annotation.footnotes.append(footnote_markdown(note))
    by_block: dict[tuple[str, str], list[SharedPassage]] = {}
    for passage in context.shared:
        by_block.setdefault((passage.article_slug, passage.block_anchor), []).append(passage)
    for (slug, anchor), passages in by_block.items():
        annotations[slug].after_block.setdefault(anchor, []).append(
            also_in_markdown(passages, by_slug, article_uri(by_slug[slug])))
    for article in articles:
        section = related_markdown(related[article.slug], by_slug, glossary,
                                   article_uri(article))
        if section:
            annotations[article.slug].sections.append(section)
    return annotations


def build_reader(paths: ProjectPaths) -> Reader:
    """Run the whole pipeline on the project at ``paths``."""
    # With the seeds read ahead, the data files come loaded from the worker that reads them.
    read = read_inputs(paths)
    articles, warnings, glossary = read.articles, read.warnings, read.data.glossary
    warnings = warnings + currency_warnings(paths.data / "currency.yml", read.data.notes,
                                            read.data.timeline)
    by_slug = {article.slug: article for article in articles}
    # The notes, the events and the shared passages need only the articles: with many, a
    # worker finds them while this process finds the mentions.
    finding_context = ComputedAhead(_find_context, read.data, articles,
                                    ahead=len(articles) >= MANY_ITEMS)
    term_pages: SharedMap[Term, GeneratedPage] | None = None
    try:
        matcher = TermMatcher.from_glossary(glossary)
        # One core: the automaton is fast, and a worker's half would take longer to send
        # back (tens of thousands of mentions) than to find here.
        occurrences = find_in_articles(articles, matcher)
        by_term: dict[str, list[Occurrence]] = {}
        for occurrence in occurrences:
            by_term.setdefault(occurrence.mention.term_id, []).append(occurrence)

        # The term pages need nothing but the mentions: with many, a worker writes them
        # while this process cross-references the articles and renders them, then this
        # process takes the ones left. The most mentioned first: a term page's cost grows
        # with its mentions, and the last ones taken are then the quick ones.
        terms_by_cost = sorted(glossary.terms, key=lambda term: -len(by_term.get(term.id, ())))
        term_pages = SharedMap(
            lambda term: render_term(term, glossary, by_term.get(term.id, []), by_slug),
            terms_by_cost, ahead=len(occurrences) >= MANY_MENTIONS)
        context = finding_context.result()
        annotations = _annotate(articles, by_slug, glossary, occurrences, context)
        # Here alone if the term pages' worker has the other core: a third process would
        # only share it, at the cost of a fork and of sending back ten megabytes of pages.
        pages = map_on_two_cores(
            lambda article: render_article(article, annotations[article.slug]), articles,
            worth_forking=len(articles) >= MANY_ITEMS and not term_pages.shared)
        pages.append(render_home(articles, SITE_NAME))
        counts = Counter({term_id: len(found) for term_id, found in by_term.items()})
        # Written before the term pages are taken, so as not to wait for them idle.
        index_and_timeline = [render_glossary_index(glossary, counts),
                              render_timeline(context.events, by_slug, glossary)]
    except BaseException:
        finding_context.close()
        if term_pages is not None:
            term_pages.close()
        raise
    rendered = dict(zip([term.id for term in terms_by_cost], term_pages.results(),
                        strict=True))
    pages += [rendered[term.id] for term in glossary.terms]
    pages += index_and_timeline
    return Reader(tuple(articles), tuple(pages), tuple(warnings), glossary, tuple(occurrences),
                  tuple(context.notes), tuple(context.events), tuple(context.shared))


# Readers built, by input digest (``publication.publication_key``): one is kept.
_cache: dict[str, Reader] = {}
_cache_lock = threading.Lock()


def reader_for(key: str, paths: ProjectPaths) -> Reader:
    """The reader of the inputs whose digest is ``key``: the kept one, or a new build."""
    with _cache_lock:
        if key not in _cache:
            _cache.clear()
            with collector_paused():  # a fifth of the step, on a thousand articles
                _cache[key] = build_reader(paths)
        return _cache[key]


def build_reader_cached(paths: ProjectPaths) -> Reader:
    """:func:`build_reader`, reusing the last result while no input has changed.

    The command line validates the inputs before MkDocs starts, and the MkDocs hook then
    asks again: the second call costs only the reading of the files.
    """
    started = time.perf_counter()
    try:
        return reader_for(publication.publication_key(paths), paths)
    finally:
        elapsed = time.perf_counter() - started
        publication.own_step.add(elapsed, elapsed)


def coverage_report(paths: ProjectPaths) -> str:
    """The names in the articles that no glossary term covers, as an editor reads them."""
    # Imported here: only this command needs it, and every build would pay for it.
    from build_scripts.coverage import format_report, load_ignored, uncovered_names

    read = read_inputs(paths)
    matcher = TermMatcher.from_glossary(read.data.glossary)
    ignored = load_ignored(paths.data / "coverage.yml")
    return format_report(uncovered_names(read.articles, matcher, ignored))
