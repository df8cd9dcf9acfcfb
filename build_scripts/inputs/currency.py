"""How current the editors' notes and timeline are: which entries are due to be checked again.

A note or an event that speaks of a situation that can change (who owns TikTok, who runs
Apple, whether a ban is in force) carries ``as_of``, the day an editor last checked it against
its sources. The build lists, as warnings and never as errors, every entry checked longer ago
than the set age, and every entry that should carry ``as_of`` and does not:

- every note of kind ``context`` or ``date`` (notes of the other kinds speak of the article
  itself: who wrote a passage, whether a claim held when it was made), and
- every timeline event.

The age is ``max_age_days`` in ``data/currency.yml`` (365 when the file or the key is absent).
The check is apart from the loaders so that the same loaded files can be checked on any day:
:func:`stale_entries` takes today's date as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from build_scripts.errors import InputError, display_path
from build_scripts.vocab import NoteKind

if TYPE_CHECKING:
    from build_scripts.annotate.notes import Notes
    from build_scripts.annotate.timeline import Timeline

DEFAULT_MAX_AGE_DAYS = 365
"""How many days an ``as_of`` date stays current when ``data/currency.yml`` does not say."""

NOTE_KINDS_WITH_AS_OF = frozenset({NoteKind.CONTEXT, NoteKind.DATE})
"""The note kinds that must carry ``as_of``; every timeline event must too."""


@dataclass(frozen=True)
class _Entry:
    """A note or an event, as the check sees it."""

    what: str  # "note" or "event"
    id: str
    as_of: str
    needs_as_of: bool
    line: int | None


def load_max_age(path: Path) -> int:
    """The ``max_age_days`` of ``path`` (``data/currency.yml``), or the default when the file
    or the key is absent.

    Raises:
        InputError: The file is not YAML, or the value is not a whole number of days above 0.
    """
    if not path.exists():
        return DEFAULT_MAX_AGE_DAYS
    # Imported here: only this file is read this way, and a plain mapping needs no model.
    from build_scripts.inputs.yamldata import line_of, read_yaml

    data = read_yaml(path)
    if data is None:
        return DEFAULT_MAX_AGE_DAYS
    if not isinstance(data, dict):
        raise InputError(path, 1, "the file must be a mapping such as `max_age_days: 365`.",
                         "Write one key, max_age_days, with a number of days.")
    unknown = sorted(str(key) for key in data if key != "max_age_days")
    if unknown:
        raise InputError(path, line_of(data, (unknown[0],)), f"unknown key {unknown[0]!r}.",
                         "The file takes one key, max_age_days.")
    value = data.get("max_age_days", DEFAULT_MAX_AGE_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(path, line_of(data, ("max_age_days",)),
                         f"max_age_days: {value!r} is not a number of days above 0.",
                         "Write a whole number, such as 365.")
    return value


def stale_entries(notes: Notes, timeline: Timeline, today: date, max_age_days: int) -> list[str]:
    """Warnings for the notes and events due to be checked again, in file order.

    An entry is due when its ``as_of`` is more than ``max_age_days`` before ``today``, when
    its ``as_of`` is after ``today`` (a mistyped date), or when it must carry ``as_of``
    (see :data:`NOTE_KINDS_WITH_AS_OF`) and does not. Each warning names the file, the line
    of the entry's id when known, the entry, and what to do.
    """
    entries = [
        (notes.path, _Entry("note", note.id, note.as_of, note.kind in NOTE_KINDS_WITH_AS_OF,
                            note.line))
        for note in notes.notes
    ] + [
        (timeline.path, _Entry("event", event.id, event.as_of, True, event.line))
        for event, _ in timeline.events
    ]
    warnings = []
    for path, entry in entries:
        problem = _problem(entry, today, max_age_days)
        if problem:
            where = display_path(path) + (f":{entry.line}" if entry.line is not None else "")
            warnings.append(f"{where}: {entry.what} {entry.id!r} {problem}")
    return warnings


def _problem(entry: _Entry, today: date, max_age_days: int) -> str:
    """What is wrong with ``entry``'s ``as_of`` on ``today``, or an empty string."""
    if not entry.as_of:
        return ("has no as_of date: check it against its sources and add as_of."
                if entry.needs_as_of else "")
    checked = date.fromisoformat(entry.as_of)  # validated as a date when it was loaded
    age = (today - checked).days
    if age < 0:
        return (f"has as_of {entry.as_of}, after today ({today.isoformat()}): "
                "correct the date.")
    if age > max_age_days:
        return (f"was last checked on {entry.as_of}, {age} days ago (more than "
                f"{max_age_days}): check it against its sources and update as_of.")
    return ""


def currency_warnings(settings: Path, notes: Notes, timeline: Timeline,
                      today: date | None = None) -> list[str]:
    """:func:`stale_entries` for today (or ``today``), with the age set in ``settings``
    (``data/currency.yml``).

    Raises:
        InputError: ``settings`` is malformed (see :func:`load_max_age`).
    """
    return stale_entries(notes, timeline, today or date.today(), load_max_age(settings))
