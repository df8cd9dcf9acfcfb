"""The timeline (``data/timeline.yml``): dated events the articles refer to, each tied to
its glossary terms and to the paragraphs that mention it."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from build_scripts.annotate.textforms import normalise_same_length
from build_scripts.inputs.specs import TimelineSpec
from build_scripts.inputs.yamldata import load_model
from build_scripts.models import Article, BlockKind, Glossary, Source

log = logging.getLogger("build_scripts")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


class EventMention(NamedTuple):
    """A paragraph that refers to an event."""

    article_slug: str
    block_anchor: str
    number: int


@dataclass(frozen=True)
class Event:
    """A validated event, with the paragraphs that mention it."""

    id: str
    date: str
    title: str
    text: str
    terms: tuple[str, ...]
    sources: tuple[Source, ...]
    mentioned_in: tuple[EventMention, ...]
    as_of: str = ""
    """The day the event was last checked (``YYYY-MM-DD``), or empty."""
    line: int | None = None
    """The line of the event's ``id`` in the timeline file."""

    @property
    def display_date(self) -> str:
        """``2020-09-18`` as ``18 September 2020``; a month or a year alone as such."""
        parts = self.date.split("-")
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return parts[0]


@dataclass(frozen=True)
class Timeline:
    """The timeline file, loaded and checked: its events (the paragraphs that mention them
    not yet found), each with the phrases to look for."""

    path: Path
    events: tuple[tuple[Event, tuple[str, ...]], ...] = ()


def load_timeline(path: Path, glossary: Glossary) -> Timeline:
    """Load the timeline and check its terms exist; a missing file holds no event.

    Raises:
        InputError: A field is invalid, an id is used twice or a term does not exist.
    """
    if not path.exists():
        return Timeline(path)
    loaded = load_model(path, TimelineSpec)
    known = glossary.by_id()
    ids: set[str] = set()
    events = []
    for index, spec in enumerate(loaded.model.events):
        if spec.id in ids:
            raise loaded.error(("events", index, "id"), f"the event id {spec.id!r} is used twice.",
                               "Give each event its own id.")
        ids.add(spec.id)
        for position, term in enumerate(spec.terms):
            if term not in known:
                raise loaded.error(("events", index, "terms", position),
                                   f"event {spec.id!r}: no glossary term {term!r}.",
                                   "Use the id of a term in data/glossary.yml.")
        event = Event(
            id=spec.id, date=spec.date, title=spec.title, text=spec.text.strip(),
            terms=tuple(spec.terms),
            sources=tuple(Source(source.title, source.url) for source in spec.sources),
            mentioned_in=(),
            as_of=spec.as_of, line=loaded.line("events", index, "id"),
        )
        events.append((event, tuple(spec.mentions)))
    return Timeline(path, tuple(events))


def place_events(timeline: Timeline, articles: Sequence[Article]) -> list[Event]:
    """The timeline's events in date order, each with the paragraphs that mention it. An
    event phrase found in no article is reported as a warning: the article that held it may
    have been removed."""
    if not timeline.events:
        return []
    places = [(article, block) for article in articles for block in article.blocks
              if block.kind is not BlockKind.HEADING]
    # All paragraphs in one text, one per line (no phrase holds a line break), so a phrase
    # is looked for with str.find over the whole collection rather than paragraph by
    # paragraph.
    texts = [normalise_same_length(block.text) for _, block in places]
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    collection = "\n".join(texts)
    events = []
    for event, phrases in timeline.events:
        mentioned: list[EventMention] = []
        seen: set[int] = set()
        for phrase in phrases:
            hits = _paragraphs_with(normalise_same_length(phrase), collection, starts)
            if not hits:
                log.warning("%s: event %r: the phrase %r is in no article.", timeline.path.name,
                            event.id, phrase)
            mentioned += [EventMention(places[index][0].slug, places[index][1].anchor,
                                       places[index][1].number)
                          for index in hits if index not in seen]
            seen.update(hits)
        events.append(replace(event, mentioned_in=tuple(mentioned)))
    return sorted(events, key=lambda event: (event.date, event.id))


def _paragraphs_with(phrase: str, collection: str, starts: list[int]) -> list[int]:
    """The indexes, in order, of the paragraphs of ``collection`` (joined by line breaks,
    the first character of each at ``starts``) that hold ``phrase``."""
    found: list[int] = []
    if not phrase or "\n" in phrase:
        return found
    at = collection.find(phrase)
    while at != -1:
        index = bisect_right(starts, at) - 1
        found.append(index)
        # On to the next paragraph: one hit per paragraph is enough.
        next_start = starts[index + 1] if index + 1 < len(starts) else len(collection)
        at = collection.find(phrase, next_start)
    return found
