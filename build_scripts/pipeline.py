"""Run the steps in order: read and clean every seed, then render every page."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from build_scripts.annotate.crossref import SharedPassage, find_shared_passages, related_reading
from build_scripts.annotate.mentions import (
    Occurrence,
    TermMatcher,
    find_in_articles,
    linked_occurrences,
    term_links,
)
from build_scripts.annotate.notes import PlacedNote, footnote_markdown, place_notes
from build_scripts.annotate.timeline import Event, place_events
from build_scripts.ingest.reading import read_inputs
from build_scripts.inputs.currency import currency_warnings
from build_scripts.models import (
    Article,
    ArticleAnnotations,
    GeneratedPage,
    Glossary,
    InlineNote,
)
from build_scripts.paths import ProjectPaths
from build_scripts.render.article import article_uri, render_article, render_home
from build_scripts.render.context import also_in_markdown, related_markdown, render_timeline
from build_scripts.render.glossary import render_glossary_index, render_term, term_uri

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


@dataclass(frozen=True)
class _Context:
    """What the editors' notes and timeline and the other articles say of each article."""

    notes: list[PlacedNote]
    events: list[Event]
    shared: list[SharedPassage]


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
    """Run the whole pipeline on the project at ``paths``.

    Raises:
        InputError: A seed or a data file is bad.
    """
    read = read_inputs(paths)
    articles, warnings, glossary = read.articles, read.warnings, read.data.glossary
    warnings = warnings + currency_warnings(paths.data / "currency.yml", read.data.notes,
                                            read.data.timeline)
    by_slug = {article.slug: article for article in articles}
    context = _Context(place_notes(read.data.notes, articles),
                       place_events(read.data.timeline, articles),
                       find_shared_passages(articles))
    occurrences = find_in_articles(articles, TermMatcher.from_glossary(glossary))
    by_term: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_term.setdefault(occurrence.mention.term_id, []).append(occurrence)
    annotations = _annotate(articles, by_slug, glossary, occurrences, context)
    pages = [render_article(article, annotations[article.slug]) for article in articles]
    pages.append(render_home(articles, SITE_NAME))
    pages += [render_term(term, glossary, by_term.get(term.id, []), by_slug)
              for term in glossary.terms]
    counts = Counter({term_id: len(found) for term_id, found in by_term.items()})
    pages.append(render_glossary_index(glossary, counts))
    pages.append(render_timeline(context.events, by_slug, glossary))
    return Reader(tuple(articles), tuple(pages), tuple(warnings), glossary, tuple(occurrences),
                  tuple(context.notes), tuple(context.events), tuple(context.shared))


def inputs_fingerprint(paths: ProjectPaths) -> str:
    """A digest of the project's folder and of every input file's name and bytes."""
    digest = hashlib.sha256(str(paths.root.resolve()).encode() + b"\0")
    for path in paths.input_files():
        digest.update(str(path.relative_to(paths.root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


# The last reader built, by inputs_fingerprint: the command line checks the inputs before
# MkDocs starts, then the MkDocs hook and the PDF export ask for the same reader.
_last: dict[str, Reader] = {}


def build_reader_cached(paths: ProjectPaths) -> Reader:
    """:func:`build_reader`, reusing the last result while no input has changed.

    Raises:
        InputError: A seed or a data file is bad.
    """
    key = inputs_fingerprint(paths)
    if key not in _last:
        reader = build_reader(paths)
        _last.clear()
        _last[key] = reader
    return _last[key]


def coverage_report(paths: ProjectPaths) -> str:
    """The names in the articles that no glossary term covers, as an editor reads them."""
    # Imported here: only this command needs it, and every build would pay for it.
    from build_scripts.annotate.coverage import format_report, load_ignored, uncovered_names

    read = read_inputs(paths)
    matcher = TermMatcher.from_glossary(read.data.glossary)
    ignored = load_ignored(paths.data / "coverage.yml")
    return format_report(uncovered_names(read.articles, matcher, ignored))
