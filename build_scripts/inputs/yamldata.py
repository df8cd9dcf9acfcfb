"""Load an editor's YAML data file, validate it with a pydantic model, report errors by line.

Every data file (cleaning rules, article metadata, glossary, notes, timeline) goes through
:func:`load_model`, so an editor always gets the same kind of message: file, line, field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from build_scripts.errors import InputError

ModelT = TypeVar("ModelT", bound=BaseModel)


class _LineMap(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based)."""

    start_line: int = 0
    key_lines: dict[str, int]


class _LineList(list[Any]):
    """A sequence that remembers the line of each item (1-based)."""

    item_lines: list[int]


# libyaml's parser when PyYAML has it (ten times faster); the constructors stay ours.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader whose mappings know the line of every key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineMap:
    mapping = _LineMap()
    mapping.start_line = node.start_mark.line + 1
    mapping.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise InputError(
                Path(loader.name),
                key_node.start_mark.line + 1,
                f"the key {key!r} appears twice in the same entry.",
                "Keep one of them.",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    sequence = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path) -> Any:
    """Parse ``path`` as YAML; a syntax error becomes an :class:`InputError` with its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, None, "the file is not UTF-8 text.", "Save it as UTF-8.") from error
    loader = _LineLoader(text)
    loader.name = str(path)  # for the messages of errors found while constructing
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(
            path, line, f"the YAML cannot be read ({error.problem}).", "Fix the syntax there."
        ) from error
    finally:
        loader.dispose()


def line_of(data: Any, location: tuple[int | str, ...]) -> int | None:
    """Return the line of the deepest key along ``location`` in data loaded by :func:`read_yaml`."""
    line: int | None = getattr(data, "start_line", None)
    node = data
    for part in location:
        if isinstance(node, _LineMap):
            line = node.key_lines.get(str(part), line)
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if isinstance(node, _LineList):
                line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


@dataclass(frozen=True)
class Loaded(Generic[ModelT]):
    """A validated data file together with the means to point at its lines."""

    path: Path
    model: ModelT
    raw: Any

    def line(self, *location: int | str) -> int | None:
        """Return the line of the field at ``location`` (keys and list indexes)."""
        return line_of(self.raw, location)

    def error(self, location: tuple[int | str, ...], problem: str, hint: str) -> InputError:
        """Build an :class:`InputError` pointing at the field at ``location``."""
        return InputError(self.path, self.line(*location), problem, hint)


def load_model(path: Path, model: type[ModelT]) -> Loaded[ModelT]:
    """Read ``path`` and validate it as ``model``; the first error names its line and field."""
    data = read_yaml(path)
    try:
        validated = model.model_validate(data if data is not None else {})
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(first["loc"])
        field = ".".join(str(part) for part in location) or "(top level)"
        raise InputError(
            path,
            line_of(data, location),
            f"{field}: {first['msg']}.",
            "Correct this field (the schema in schemas/ lists what each field takes).",
        ) from error
    return Loaded(path, validated, data)
