"""The as_of check: old, missing and future dates are warned of; the shipped data is current."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from build_scripts.annotate.notes import load_notes
from build_scripts.annotate.timeline import MONTHS, load_timeline
from build_scripts.errors import InputError
from build_scripts.inputs.currency import (
    DEFAULT_MAX_AGE_DAYS,
    NOTE_KINDS_WITH_AS_OF,
    currency_warnings,
    load_max_age,
    stale_entries,
)
from build_scripts.inputs.glossary import load_glossary
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader
from tests.conftest import ROOT

TODAY = date(2026, 12, 7)

NOTES_HEAD = "notes:\n"
NOTE = """  - id: {id}
    article: a.txt
    quote: "some words"
    kind: {kind}
    text: A note.
    sources:
      - title: A source
        url: https://example.org/a
"""
EVENTS_HEAD = "events:\n"
EVENT = """  - id: {id}
    date: "2025-01-20"
    title: An event
    text: It happened.
    sources:
      - title: A source
        url: https://example.org/b
"""


def _files(tmp_path: Path, notes: list[tuple[str, str, str]],
           events: list[tuple[str, str]]) -> tuple[Path, Path]:
    """Write a notes file and a timeline file: notes as (id, kind, as_of), events as
    (id, as_of); an empty as_of is left out."""
    notes_text = (NOTES_HEAD if notes else "notes: []\n") + "".join(
        NOTE.format(id=note_id, kind=kind) + (f'    as_of: "{as_of}"\n' if as_of else "")
        for note_id, kind, as_of in notes)
    events_text = (EVENTS_HEAD if events else "events: []\n") + "".join(
        EVENT.format(id=event_id) + (f'    as_of: "{as_of}"\n' if as_of else "")
        for event_id, as_of in events)
    (tmp_path / "notes.yml").write_text(notes_text, encoding="utf-8")
    (tmp_path / "timeline.yml").write_text(events_text, encoding="utf-8")
    return tmp_path / "notes.yml", tmp_path / "timeline.yml"


def _check(tmp_path: Path, notes, events, max_age: int = 365) -> list[str]:
    notes_path, timeline_path = _files(tmp_path, notes, events)
    glossary = load_glossary(tmp_path / "no-glossary.yml")
    return stale_entries(load_notes(notes_path), load_timeline(timeline_path, glossary),
                         TODAY, max_age)


def test_an_old_as_of_is_warned_of_with_file_line_and_what_to_do(tmp_path: Path) -> None:
    warnings = _check(tmp_path, [("fresh", "context", "2026-06-01"),
                                 ("old", "context", "2025-01-20")], [])
    assert len(warnings) == 1
    (warning,) = warnings
    assert "notes.yml:11:" in warning  # the line of the old note's id
    assert "'old'" in warning and "2025-01-20" in warning and "686 days ago" in warning
    assert "update as_of" in warning


def test_a_recent_as_of_and_the_limit_itself_are_current(tmp_path: Path) -> None:
    assert _check(tmp_path, [("today", "context", "2026-12-07"),
                             ("at-limit", "date", "2025-12-07")],
                  [("event", "2026-01-22")]) == []


def test_an_old_event_is_warned_of_too(tmp_path: Path) -> None:
    (warning,) = _check(tmp_path, [], [("an-event", "2024-01-01")])
    assert "timeline.yml:2:" in warning and "event 'an-event'" in warning


def test_the_age_is_the_setting(tmp_path: Path) -> None:
    notes = [("n", "context", "2026-11-01")]
    assert _check(tmp_path, notes, [], max_age=365) == []
    assert len(_check(tmp_path, notes, [], max_age=30)) == 1


def test_a_missing_as_of_is_warned_of_where_the_situation_can_change(tmp_path: Path) -> None:
    warnings = _check(tmp_path, [("ctx", "context", ""), ("when", "date", ""),
                                 ("who", "attribution", ""), ("claim", "fact-check", "")],
                      [("ev", "")])
    named = sorted(re.search(r"'([^']+)'", warning).group(1) for warning in warnings)
    assert named == ["ctx", "ev", "when"]
    assert all("add as_of" in warning for warning in warnings)


def test_a_date_after_today_is_warned_of(tmp_path: Path) -> None:
    (warning,) = _check(tmp_path, [("typo", "context", "2027-12-07")], [])
    assert "after today" in warning


def test_a_malformed_as_of_stops_the_build_with_its_line(tmp_path: Path) -> None:
    notes_path, _ = _files(tmp_path, [("bad", "context", "2026-02-30")], [])
    with pytest.raises(InputError) as caught:
        load_notes(notes_path)
    assert caught.value.line == 10 and "as_of" in str(caught.value)


def test_the_setting_file(tmp_path: Path) -> None:
    settings = tmp_path / "currency.yml"
    assert load_max_age(settings) == DEFAULT_MAX_AGE_DAYS == 365
    settings.write_text("max_age_days: 90\n", encoding="utf-8")
    assert load_max_age(settings) == 90
    for bad in ("max_age_days: 0\n", "max_age_days: soon\n", "max_age: 90\n", "- 90\n"):
        settings.write_text(bad, encoding="utf-8")
        with pytest.raises(InputError):
            load_max_age(settings)


# --- the shipped data --------------------------------------------------------------------

PATHS = ProjectPaths(ROOT)
NOTES = load_notes(PATHS.notes)
TIMELINE = load_timeline(PATHS.timeline, load_glossary(PATHS.glossary))


def test_every_changing_situation_note_and_every_event_has_as_of() -> None:
    missing = [note.id for note in NOTES.notes
               if note.kind in NOTE_KINDS_WITH_AS_OF and not note.as_of]
    missing += [event.id for event, _ in TIMELINE.events if not event.as_of]
    assert missing == []


def test_the_shipped_data_was_current_when_checked() -> None:
    """Against the day of the last check (not the clock: this test must not expire)."""
    checked = max(date.fromisoformat(note.as_of) for note in NOTES.notes if note.as_of)
    assert currency_warnings(PATHS.data / "currency.yml", NOTES, TIMELINE, today=checked) == []


def test_the_about_page_says_when_the_annotations_were_checked() -> None:
    """The About page names the oldest as_of: every entry was checked on that day or later."""
    dates = [note.as_of for note in NOTES.notes if note.as_of]
    dates += [event.as_of for event, _ in TIMELINE.events if event.as_of]
    oldest = date.fromisoformat(min(dates))
    spelled = f"{oldest.day} {MONTHS[oldest.month - 1]} {oldest.year}"
    about = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    assert spelled in about


def test_the_build_passes_the_warnings_on(tmp_path: Path, monkeypatch) -> None:
    """The check reaches the build's warnings (and so ``check`` and the MkDocs log)."""
    seen = []

    def fake(settings: Path, notes, timeline, today=None) -> list[str]:
        seen.append(settings)
        return ["data/notes.yml:1: note 'x' was last checked long ago"]

    monkeypatch.setattr("build_scripts.pipeline.currency_warnings", fake)
    reader = build_reader(PATHS)
    assert "data/notes.yml:1: note 'x' was last checked long ago" in reader.warnings
    assert seen == [PATHS.data / "currency.yml"]
