"""Load the cleaning rules (``data/cleaning.yml``) and say which rule, if any, a line falls under."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from build_scripts.yamldata import load_model

_STRAIGHTEN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


class Zone(str, Enum):
    """Where in an article a rule applies."""

    ANYWHERE = "anywhere"
    HEAD = "head"
    TAIL = "tail"


class RuleSpec(BaseModel):
    """One furniture rule as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    description: str = Field(min_length=3)
    action: Literal["remove", "meta", "caption"]
    label: str = ""
    zone: Zone = Zone.ANYWHERE
    case_sensitive: bool = False
    patterns: list[str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {error}")
        return patterns


class LayoutSpec(BaseModel):
    """How remaining lines become a headline, a standfirst, headings and paragraphs."""

    model_config = ConfigDict(extra="forbid")

    heading_max_words: int = Field(default=8, ge=1)
    heading_max_chars: int = Field(default=70, ge=1)
    standfirst_max_chars: int = Field(default=300, ge=1)
    duplicate_caption_similarity: float = Field(default=0.6, gt=0, le=1)


class CleaningSpec(BaseModel):
    """The whole cleaning file."""

    model_config = ConfigDict(extra="forbid")

    rules: list[RuleSpec]
    layout: LayoutSpec = LayoutSpec()


@dataclass(frozen=True)
class Rule:
    """A compiled furniture rule."""

    id: str
    description: str
    action: str
    label: str
    zone: Zone
    regex: re.Pattern[str]

    def matches(self, text: str, zone: Zone) -> bool:
        """Whether this rule takes ``text`` found in ``zone`` of an article."""
        if self.zone is not Zone.ANYWHERE and self.zone is not zone:
            return False
        return self.regex.search(normalise_for_rules(text)) is not None


@dataclass(frozen=True)
class Cleaning:
    """The compiled rules and the layout settings."""

    rules: tuple[Rule, ...]
    layout: LayoutSpec

    def first_match(self, text: str, zone: Zone) -> Rule | None:
        """Return the first rule, in file order, that takes ``text`` in ``zone``."""
        return next((rule for rule in self.rules if rule.matches(text, zone)), None)


def normalise_for_rules(text: str) -> str:
    """Straighten quotes and collapse spaces, so a rule need not spell every variant."""
    return " ".join(text.translate(_STRAIGHTEN).split())


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
    rules = tuple(
        Rule(
            id=spec.id,
            description=spec.description,
            action=spec.action,
            label=spec.label,
            zone=spec.zone,
            regex=re.compile(
                "|".join(f"(?:{pattern})" for pattern in spec.patterns),
                0 if spec.case_sensitive else re.IGNORECASE,
            ),
        )
        for spec in loaded.model.rules
    )
    return Cleaning(rules, loaded.model.layout)
