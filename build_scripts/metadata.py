"""Load the editors' metadata for each seed (``data/articles.yml``), kept beside the raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from build_scripts.models import ArticleInfo
from build_scripts.yamldata import load_model

Role = Literal["caption", "heading", "standfirst", "body", "title"]


class ArticleSpec(BaseModel):
    """One seed's metadata as an editor writes it; an empty string means not known."""

    model_config = ConfigDict(extra="forbid")

    publisher: str = ""
    date: str = Field(default="", pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")
    date_note: str = ""
    author: str = ""
    kind: Literal["", "news", "opinion", "advocacy", "roundtable"] = ""
    url: str = Field(default="", pattern=r"^(https?://\S+)?$")
    summary: str = Field(default="", max_length=200)
    line_roles: dict[str, Role] = {}

    @field_validator("summary", "publisher", "author", "date_note")
    @classmethod
    def _single_line(cls, value: str) -> str:
        if "\n" in value.strip():
            raise ValueError("must be a single line")
        return value.strip()


class ArticlesSpec(BaseModel):
    """The whole metadata file: seed file name to its metadata."""

    model_config = ConfigDict(extra="forbid")

    articles: dict[str, ArticleSpec] = {}


@dataclass(frozen=True)
class SeedMetadata:
    """What the pipeline needs from the metadata of one seed."""

    info: ArticleInfo
    line_roles: dict[str, str]


_SEED_NAME = re.compile(r"^[^/\\]+\.txt$")


def load_metadata(path: Path) -> dict[str, SeedMetadata]:
    """Load ``data/articles.yml``; a missing file means no metadata for any seed.

    Raises:
        InputError: The file is not valid; the message names the line and the field.
    """
    if not path.exists():
        return {}
    loaded = load_model(path, ArticlesSpec)
    result = {}
    for name, spec in loaded.model.articles.items():
        if not _SEED_NAME.match(name):
            raise loaded.error(
                ("articles", name),
                f"{name!r} is not the file name of a seed.",
                "Use the seed's file name, like 000_example.txt.",
            )
        info = ArticleInfo(
            publisher=spec.publisher,
            date=spec.date,
            date_note=spec.date_note,
            author=spec.author,
            kind=spec.kind,
            url=spec.url,
            summary=spec.summary,
        )
        result[name] = SeedMetadata(info, dict(spec.line_roles))
    return result
