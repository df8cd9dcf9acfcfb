"""Shared fixtures: a copy of the project to break, and the real site built once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_scripts.paths import ProjectPaths
from build_scripts.publish.site import build_site

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")


def copy_project(target: Path) -> ProjectPaths:
    """Copy what a build reads (config, data, docs, seeds) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for config in ("mkdocs.yml", "mkdocs.offline.yml"):
        shutil.copy2(ROOT / config, target / config)
    for folder in ("data", "seeds", "docs", "overrides"):
        if not (ROOT / folder).exists():
            continue
        shutil.copytree(ROOT / folder, target / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("articles", "index.md", ".generated"))
    if (ROOT / "build_scripts").exists():
        # The hook is referenced by a relative path in mkdocs.yml, and a build run in the
        # copy imports the package from there.
        shutil.copytree(ROOT / "build_scripts", target / "build_scripts", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return ProjectPaths(target)


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    """A throwaway copy of the project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project's site, built once per test worker."""
    site = tmp_path_factory.mktemp("site") / "site"
    build_site(ProjectPaths(ROOT), site, with_pdf=False)
    return site


def seed_paths() -> list[Path]:
    """The project's seeds."""
    return sorted(SEEDS.glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
