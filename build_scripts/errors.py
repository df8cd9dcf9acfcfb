"""The one error type a bad input raises: it names the file, the line and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """A problem in an input file that an editor must fix before the reader can be built.

    Attributes:
        path: The file at fault.
        line: The 1-based line, or ``None`` when the whole file is at fault.
        problem: What is wrong, in one sentence.
        hint: What the editor should do about it.
    """

    path: Path
    line: int | None
    problem: str
    hint: str

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.problem} {self.hint}"


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
