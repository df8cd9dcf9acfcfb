"""Load the cleaning rules (``data/cleaning.yml``); say which rule, if any, takes a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts.inputs.specs import CleaningSpec
from build_scripts.inputs.yamldata import load_model
from build_scripts.vocab import Zone

_STRAIGHTEN = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "))


@dataclass(frozen=True)
class Layout:
    """How remaining lines become a headline, a standfirst, headings and paragraphs (the
    ``layout:`` of ``data/cleaning.yml``)."""

    heading_max_words: int
    heading_max_chars: int
    standfirst_max_chars: int
    duplicate_caption_similarity: float
    furniture_max_chars: int


def compile_patterns(patterns: list[tuple[str, bool]]) -> re.Pattern[str]:
    """One alternation of ``(pattern, case_sensitive)`` pairs: a line is scanned once."""
    return re.compile("|".join(
        f"(?:{pattern})" if case_sensitive else f"(?i:{pattern})"
        for pattern, case_sensitive in patterns
    ))


@dataclass(frozen=True)
class Rule:
    """A compiled furniture rule."""

    id: str
    description: str
    action: str
    label: str
    zone: Zone
    regex: re.Pattern[str]

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
        return next((rule for rule in self.rules if rule.matches(normalised, zone)), None)


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
            regex=compile_patterns([(pattern, spec.case_sensitive) for pattern in spec.patterns]),
        )
        for spec in loaded.model.rules
    ]
    return Cleaning(tuple(compiled), Layout(**loaded.model.layout.model_dump()))
