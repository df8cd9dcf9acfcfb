"""Load the editors' metadata for each seed (``data/articles.yml``), kept beside the raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from build_scripts.inputs.specs import ArticlesSpec
from build_scripts.inputs.yamldata import load_model
from build_scripts.models import ArticleInfo


@dataclass(frozen=True)
class SeedMetadata:
    """What the pipeline needs from the metadata of one seed."""

    info: ArticleInfo
    line_roles: dict[str, str]


_SEED_NAME = re.compile(r"^[^/\\]+\.(txt|html?)$", re.IGNORECASE)


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
                "Use the seed's file name, like 000_example.txt or 004_page.html.",
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


def merged_info(found: ArticleInfo, editors: ArticleInfo | None) -> ArticleInfo:
    """The editors' metadata over what was found in the seed: any field they fill wins."""
    if editors is None:
        return found
    changes = {item.name: value for item in fields(editors)
               if (value := getattr(editors, item.name))}
    return replace(found, **changes)
