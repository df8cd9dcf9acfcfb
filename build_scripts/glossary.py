"""Load the glossary (``data/glossary.yml``): validate every entry, report errors by line."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from build_scripts.models import Glossary, Source, Term
from build_scripts.textforms import form_key
from build_scripts.yamldata import load_model

Kind = Literal[
    "organisation", "law", "place", "product", "concept", "person", "event", "publication"
]
LinkMode = Literal["first-in-section", "first-in-article", "every"]


class SourceSpec(BaseModel):
    """A page a reader can open to check what we wrote."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3)
    url: str = Field(pattern=r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")


class TermSpec(BaseModel):
    """One glossary entry as an editor writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    term: str = Field(min_length=1)
    aliases: list[str] = []
    case_sensitive: bool | None = None
    zh: str = ""
    pinyin: str = ""
    kind: Kind
    short: str = Field(min_length=1, max_length=200)
    definition: str = Field(min_length=1)
    related: list[str] = []
    sources: list[SourceSpec] = Field(min_length=1)

    @field_validator("term", "short", "definition", "zh", "pinyin")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()

    @field_validator("term", "short", "definition")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("short")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("must be one line (it is the hover text)")
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, aliases: list[str]) -> list[str]:
        if any(not alias.strip() for alias in aliases):
            raise ValueError("an alias is empty")
        return [alias.strip() for alias in aliases]


class LinkingSpec(BaseModel):
    """Which mentions of a term become links."""

    model_config = ConfigDict(extra="forbid")

    mode: LinkMode = "first-in-section"


class GlossarySpec(BaseModel):
    """The whole glossary file."""

    model_config = ConfigDict(extra="forbid")

    linking: LinkingSpec = LinkingSpec()
    terms: list[TermSpec]


def load_glossary(path: Path) -> Glossary:
    """Load and check ``data/glossary.yml``; a missing file is an empty glossary.

    Raises:
        InputError: A field is invalid, an id is used twice, an alias is claimed by two
            terms, or a related term does not exist. The message names the line.
    """
    if not path.exists():
        return Glossary(())
    loaded = load_model(path, GlossarySpec)
    specs = loaded.model.terms
    ids: dict[str, int] = {}
    owners: dict[str, str] = {}
    for index, spec in enumerate(specs):
        if spec.id in ids:
            raise loaded.error(
                ("terms", index, "id"),
                f"the id {spec.id!r} is already used by entry {ids[spec.id] + 1}.",
                "Give each term its own id.",
            )
        ids[spec.id] = index
        for position, form in enumerate([spec.term, *spec.aliases, spec.zh]):
            if not form:
                continue
            key = form_key(form)
            owner = owners.setdefault(key, spec.id)
            if owner != spec.id:
                field: tuple[int | str, ...] = ("terms", index, "aliases", position - 1)
                if position == 0:
                    field = ("terms", index, "term")
                raise loaded.error(
                    field,
                    f"{form!r} of {spec.id!r} is already a form of {owner!r}.",
                    "An alias can belong to one term only: remove it from one of them.",
                )
    for index, spec in enumerate(specs):
        for position, related in enumerate(spec.related):
            if related not in ids or related == spec.id:
                raise loaded.error(
                    ("terms", index, "related", position),
                    f"the related term {related!r} of {spec.id!r} does not exist."
                    if related != spec.id
                    else f"{spec.id!r} lists itself as related.",
                    "Use the id of another entry in this file.",
                )
    terms = tuple(
        Term(
            id=spec.id,
            term=spec.term,
            aliases=tuple(spec.aliases),
            case_sensitive=spec.case_sensitive,
            zh=spec.zh,
            pinyin=spec.pinyin,
            kind=spec.kind,
            short=spec.short,
            definition=spec.definition,
            related=tuple(spec.related),
            sources=tuple(Source(s.title, s.url) for s in spec.sources),
        )
        for spec in sorted(specs, key=lambda spec: spec.id)
    )
    return Glossary(terms, loaded.model.linking.mode)
