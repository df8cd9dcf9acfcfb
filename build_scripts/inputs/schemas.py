"""JSON schemas of the data files, made from the pydantic models that validate them, so an
editor's YAML editor checks a file as the build will."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from build_scripts.annotate.coverage import CoverageSpec
from build_scripts.inputs.specs import (
    ArticlesSpec,
    CleaningSpec,
    ExtractionSpec,
    GlossarySpec,
    NotesSpec,
    TimelineSpec,
)

SCHEMAS: dict[str, type[BaseModel]] = {
    "articles": ArticlesSpec,
    "cleaning": CleaningSpec,
    "coverage": CoverageSpec,
    "extraction": ExtractionSpec,
    "glossary": GlossarySpec,
    "notes": NotesSpec,
    "timeline": TimelineSpec,
}


def schema_text(model: type[BaseModel], name: str) -> str:
    """The JSON schema of ``model`` as the file ``schemas/<name>.schema.json`` holds it."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **model.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every data file's schema into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(model, name), encoding="utf-8")
        written.append(path)
    return written
