"""Where the project's inputs live, found from the project root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# What a seed may be: text, or a web page as a browser saves it.
SEED_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class ProjectPaths:
    """The input folders and data files of a project."""

    root: Path

    @property
    def seeds(self) -> Path:
        """Raw articles, one file each: text (``.txt``) or a saved web page (``.html``)."""
        return self.root / "seeds"

    @property
    def data(self) -> Path:
        """The editors' data files."""
        return self.root / "data"

    @property
    def cleaning(self) -> Path:
        """Furniture rules and layout settings."""
        return self.data / "cleaning.yml"

    @property
    def articles(self) -> Path:
        """Metadata for each seed."""
        return self.data / "articles.yml"

    @property
    def extraction(self) -> Path:
        """How seeds copied from whole web pages are cleaned, and what review warns about."""
        return self.data / "extraction.yml"

    @property
    def glossary(self) -> Path:
        """The glossary."""
        return self.data / "glossary.yml"

    @property
    def notes(self) -> Path:
        """Editorial notes anchored to quotes."""
        return self.data / "notes.yml"

    @property
    def timeline(self) -> Path:
        """Dated events."""
        return self.data / "timeline.yml"

    @property
    def docs(self) -> Path:
        """MkDocs' ``docs_dir``."""
        return self.root / "docs"

    def seed_files(self) -> list[Path]:
        """The seeds, in file-name order (editors number them)."""
        return sorted(
            (path for path in self.seeds.iterdir()
             if path.suffix.lower() in SEED_SUFFIXES and path.is_file()),
            key=lambda path: path.name,
        ) if self.seeds.is_dir() else []

    def watched(self) -> list[Path]:
        """What ``mkdocs serve`` must watch besides ``docs/``."""
        return [self.seeds, self.data]

    def input_files(self) -> list[Path]:
        """Every file whose content changes the generated pages."""
        data_files = sorted(path for path in self.data.glob("*.yml") if path.is_file())
        return self.seed_files() + data_files
