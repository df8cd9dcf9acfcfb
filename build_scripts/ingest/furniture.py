"""Load the cleaning rules (``data/cleaning.yml``); say which rule, if any, takes a line."""

from __future__ import annotations

import _sre
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from re import _constants as sre_constants
from re import _parser as sre_parser
from typing import Any

_STRAIGHTEN = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "))


class Zone(StrEnum):
    """Where in an article a rule applies."""

    ANYWHERE = "anywhere"
    HEAD = "head"
    TAIL = "tail"


@dataclass(frozen=True)
class Layout:
    """How remaining lines become a headline, a standfirst, headings and paragraphs (the
    ``layout:`` of ``data/cleaning.yml``)."""

    heading_max_words: int
    heading_max_chars: int
    standfirst_max_chars: int
    duplicate_caption_similarity: float
    furniture_max_chars: int


@dataclass(frozen=True)
class _Patterns:
    """Patterns compiled in two alternations: those anchored at the start of the line are only
    tried there, which keeps a long line of prose cheap to test."""

    anchored: re.Pattern[str] | None
    floating: re.Pattern[str] | None

    @classmethod
    def compile(cls, patterns: list[tuple[str, bool]]) -> _Patterns:
        """Compile ``(pattern, case_sensitive)`` pairs."""

        def alternation(selected: list[tuple[str, bool]]) -> re.Pattern[str] | None:
            if not selected:
                return None
            return re.compile(
                "|".join(
                    f"(?:{pattern})" if case_sensitive else f"(?i:{pattern})"
                    for pattern, case_sensitive in selected
                )
            )

        return cls(
            alternation([item for item in patterns if item[0].startswith("^")]),
            alternation([item for item in patterns if not item[0].startswith("^")]),
        )

    def search(self, text: str) -> re.Match[str] | None:
        """The first match, at the start for anchored patterns, anywhere for the others."""
        found = self.anchored.match(text) if self.anchored else None
        if found is None and self.floating is not None:
            found = self.floating.search(text)
        return found


@dataclass(frozen=True)
class Rule:
    """A compiled furniture rule."""

    id: str
    description: str
    action: str
    label: str
    zone: Zone
    regex: _Patterns

    def matches(self, normalised: str, zone: Zone) -> bool:
        """Whether this rule takes a line (see :func:`normalise_for_rules`) found in ``zone``."""
        if self.zone is not Zone.ANYWHERE and self.zone is not zone:
            return False
        return self.regex.search(normalised) is not None


@dataclass(frozen=True)
class Cleaning:
    """The compiled rules and the layout settings."""

    rules: tuple[Rule, ...]
    layout: Layout

    def first_match(self, text: str, zone: Zone, normalised: str | None = None) -> Rule | None:
        """Return the first rule, in file order, that takes ``text`` in ``zone``.

        ``normalised`` is ``normalise_for_rules(text)``, if the caller has it already.
        """
        if len(text) > self.layout.furniture_max_chars:
            return None
        if normalised is None:
            normalised = normalise_for_rules(text)
        if not self._any_rule_matches(normalised):
            return None
        return next((rule for rule in self.rules if rule.matches(normalised, zone)), None)

    @cached_property
    def _anchored(self) -> re.Pattern[str] | None:
        # All anchored patterns in one alternation: tried once, at the start of the line.
        parts = [rule.regex.anchored.pattern for rule in self.rules if rule.regex.anchored]
        return re.compile("|".join(f"(?:{part})" for part in parts)) if parts else None

    @cached_property
    def _floating(self) -> re.Pattern[str] | None:
        # And the others in one: a single scan of the line instead of one per rule.
        parts = [rule.regex.floating.pattern for rule in self.rules if rule.regex.floating]
        if not parts:
            return None
        alternation = "|".join(f"(?:{part})" for part in parts)
        return re.compile(with_first_character_test(alternation))

    @cached_property
    def _floating_literals(self) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None:
        # What a line must hold for some floating pattern to match it (see required_literals):
        # one of the single strings, or all of one of the groups.
        found: set[tuple[str, ...]] = set()
        for rule in self.rules:
            if rule.regex.floating is not None:
                literals = required_literals(rule.regex.floating.pattern)
                if literals is None:
                    return None
                found.update(literals)
        # An alternative that holds all of another's strings adds no line to test.
        kept = sorted(alternative for alternative in found
                      if not any(set(other) < set(alternative) for other in found))
        return (tuple(parts[0] for parts in kept if len(parts) == 1),
                tuple(parts for parts in kept if len(parts) > 1))

    def _any_rule_matches(self, normalised: str) -> bool:
        """A quick test that some rule, in any zone, takes the line; most lines are prose."""
        if self._anchored is not None and self._anchored.match(normalised):
            return True
        if self._floating is None:
            return False
        # A line lacking every floating pattern's required strings (a colon, a slash...)
        # is not searched at all: ``in`` is many times faster than ``re`` along a line.
        literals = self._floating_literals
        if literals is not None and not self._may_hold_match(normalised, *literals):
            return False
        return self._floating.search(normalised) is not None

    @staticmethod
    def _may_hold_match(text: str, singles: tuple[str, ...],
                        groups: tuple[tuple[str, ...], ...]) -> bool:
        for single in singles:
            if single in text:
                return True
        return any(all(part in text for part in group) for group in groups)


def with_first_character_test(pattern: str) -> str:
    """``pattern``, preceded by a test of the one character a match can start with, when the
    pattern says which characters those are.

    ``re`` tries every branch of an alternation at every position of the line; a lookahead
    for a set of characters is tested first and fails at once at most positions (a quarter
    of the time, on prose). The matches are the same.
    """
    try:
        parsed = sre_parser.parse(pattern)
        starts = _first_characters(parsed, bool(parsed.state.flags & re.IGNORECASE))
    except Exception:  # a construct we do not know: no test, and the same matches
        starts = None
    if not starts:
        return pattern
    exact = "".join(sorted(char for char, folded in starts if not folded))
    any_case = "".join(sorted(char for char, folded in starts if folded))
    tests = ([f"[{_class_escape(exact)}]"] if exact else []) + (
        [f"(?i:[{_class_escape(any_case)}])"] if any_case else [])
    tested = f"(?={'|'.join(tests)})(?:{pattern})"
    try:
        re.compile(tested)
    except re.error:  # a global flag, say, must stay first: no test then
        return pattern
    return tested


def _class_escape(chars: str) -> str:
    return "".join(f"\\{char}" if char in "\\]^-[" else char for char in chars)


# A pattern's first character: every match starts with one of these, and ``re`` itself is the
# parser (the one it compiles with), so nothing is guessed.
_CharSet = set[tuple[str, bool]]


def _first_characters(items: Any, ignore_case: bool) -> _CharSet | None:
    """The characters (each with whether it is compared in any case) that every match of the
    parsed pattern ``items`` starts with; ``None`` when that is not known (an anchor, a
    category, an optional first item...)."""
    for op, argument in items:
        if op is sre_constants.LITERAL:
            return {(chr(argument), ignore_case)}
        if op is sre_constants.IN:
            chars: _CharSet = set()
            for member_op, member in argument:
                if member_op is sre_constants.LITERAL:
                    chars.add((chr(member), ignore_case))
                elif member_op is sre_constants.RANGE and member[1] - member[0] < 256:
                    chars.update((chr(code), ignore_case)
                                 for code in range(member[0], member[1] + 1))
                else:
                    return None
            return chars
        if op is sre_constants.BRANCH:
            union: _CharSet = set()
            for branch in argument[1]:
                found = _first_characters(branch, ignore_case)
                if found is None:
                    return None
                union |= found
            return union
        if op is sre_constants.SUBPATTERN:
            _, add_flags, del_flags, subpattern = argument
            folded = (ignore_case or bool(add_flags & re.IGNORECASE)) and not (
                del_flags & re.IGNORECASE)
            return _first_characters(subpattern, folded)
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            minimum, _, repeated = argument
            return _first_characters(repeated, ignore_case) if minimum >= 1 else None
        return None
    return None


def required_literals(pattern: str) -> tuple[tuple[str, ...], ...] | None:
    """For each alternative of ``pattern``, strings that every match of that alternative
    holds: a text that holds all the strings of no alternative cannot match.

    ``None`` when some alternative has no such string (each must hold at least one), or the
    pattern uses a construct this does not know. Only characters compared with their case
    count: in a part that ignores case, ``re`` compares ``:`` exactly but a letter in any case.
    """
    try:
        parsed = sre_parser.parse(pattern)
        alternatives = _alternatives(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    except Exception:  # a construct we do not know: no strings, so no quick test
        return None
    if alternatives is None or not all(alternatives):
        return None
    return tuple(alternatives)


def _alternatives(items: list[Any], ignore_case: bool) -> list[tuple[str, ...]] | None:
    """The strings each alternative of the parsed ``items`` must hold."""
    if len(items) == 1:
        op, argument = items[0]
        if op is sre_constants.BRANCH:
            found: list[tuple[str, ...]] = []
            for branch in argument[1]:
                inner = _alternatives(list(branch), ignore_case)
                if inner is None:
                    return None
                found += inner
            return found
        if op is sre_constants.SUBPATTERN:
            _, add_flags, del_flags, subpattern = argument
            return _alternatives(list(subpattern), _folded(ignore_case, add_flags, del_flags))
    return [_required_in_sequence(items, ignore_case)]


def _folded(ignore_case: bool, add_flags: int, del_flags: int) -> bool:
    return (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE


def _required_in_sequence(items: list[Any], ignore_case: bool) -> tuple[str, ...]:
    """The runs of literal characters that a match of the sequence ``items`` holds."""
    runs: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    for op, argument in items:
        if op is sre_constants.LITERAL and not (ignore_case and _sre.unicode_iscased(argument)):
            run.append(chr(argument))
            continue
        close_run()
        if op is sre_constants.SUBPATTERN:
            _, add_flags, del_flags, subpattern = argument
            inner = _alternatives(list(subpattern),
                                  _folded(ignore_case, add_flags, del_flags))
            if inner is not None and len(inner) == 1:  # a group without alternatives
                runs += inner[0]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and argument[0] >= 1:
            runs += _required_in_sequence(list(argument[2]), ignore_case)
    close_run()
    return tuple(runs)


def normalise_for_rules(text: str) -> str:
    """Straighten quotes and collapse spaces, so a rule need not spell every variant."""
    for curly, straight in _STRAIGHTEN:
        text = text.replace(curly, straight)
    return " ".join(text.split())


def load_cleaning(path: Path) -> Cleaning:
    """Load and compile the cleaning rules at ``path``.

    Raises:
        InputError: The file is not valid; the message names the line and the field.
    """
    # Imported here: a process handed the loaded rules never needs pydantic (see specs).
    from build_scripts.inputs.specs import CleaningSpec
    from build_scripts.inputs.yamldata import load_model

    loaded = load_model(path, CleaningSpec)
    seen: dict[str, int] = {}
    for index, spec in enumerate(loaded.model.rules):
        if spec.id in seen:
            raise loaded.error(
                ("rules", index, "id"),
                f"the rule id {spec.id!r} is used twice.",
                "Give each rule its own id.",
            )
        seen[spec.id] = index
        if spec.action == "meta" and not spec.label:
            raise loaded.error(
                ("rules", index, "action"),
                f"the meta rule {spec.id!r} has no label.",
                "Add `label:`, the name shown in the article's header.",
            )
    compiled = [
        Rule(
            id=spec.id,
            description=spec.description,
            action=spec.action,
            label=spec.label,
            zone=spec.zone,
            regex=_Patterns.compile([(pattern, spec.case_sensitive) for pattern in spec.patterns]),
        )
        for spec in loaded.model.rules
    ]
    return Cleaning(tuple(compiled), Layout(**loaded.model.layout.model_dump()))
