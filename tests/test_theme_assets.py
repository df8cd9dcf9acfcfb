"""The theme's files: listed without walking hidden folders, with MkDocs' own result."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from build_scripts.paths import ProjectPaths
from build_scripts.publish.site import build_site
from build_scripts.publish.theme_assets import (
    VisibleFilesLoader,
    _mkdocs_add_files_from_theme,
    add_files_from_theme,
    theme_bundle,
)
from tests.conftest import ROOT


def _theme_files(add, config) -> list[tuple[str, str]]:
    files = Files([])
    add(files, config.theme.get_env(), config)
    return [(file.src_uri, file.abs_src_path) for file in files]


def test_our_theme_listing_equals_mkdocs_own() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    ours = _theme_files(add_files_from_theme, config)
    theirs = _theme_files(_mkdocs_add_files_from_theme, config)
    assert ours == theirs
    assert any(uri.startswith("assets/javascripts/bundle.") for uri, _ in ours)


def test_the_theme_bundle_is_the_one_material_template_names() -> None:
    # overrides/main.html loads the bundle itself: it must be the very file Material's
    # base.html would have loaded, whatever its hash in this version.
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = Files([])
    add_files_from_theme(files, config.theme.get_env(), config)
    bundle = theme_bundle(files)
    assert bundle is not None
    base = next(
        Path(folder, "base.html") for folder in config.theme.dirs
        if Path(folder, "base.html").is_file()
    ).read_text(encoding="utf-8")
    assert f"'{bundle}' | url" in base
    others = [f for f in files if not f.src_uri.startswith("assets/javascripts/bundle.")]
    assert theme_bundle(others) is None


def test_hidden_folders_are_not_walked(tmp_path: Path) -> None:
    for name in ("main.css", "img/logo.svg", ".icons/a/b.svg", "img/.cache/x.png", ".hidden"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    everything = FileSystemLoader(str(tmp_path)).list_templates()
    visible = VisibleFilesLoader(str(tmp_path)).list_templates()
    assert ".icons/a/b.svg" in everything and "img/.cache/x.png" in everything
    assert visible == [".hidden", "img/logo.svg", "main.css"]
    assert Environment(loader=VisibleFilesLoader(str(tmp_path))).list_templates(
        filter_func=lambda name: not name.startswith(".")) == ["img/logo.svg", "main.css"]


def test_a_build_lists_quickly_then_puts_mkdocs_method_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings: list[int] = []
    list_visible = VisibleFilesLoader.list_templates

    def counted(self: VisibleFilesLoader) -> list[str]:
        found = list_visible(self)
        listings.append(len(found))
        return found

    monkeypatch.setattr(VisibleFilesLoader, "list_templates", counted)
    build_site(ProjectPaths(ROOT), tmp_path / "site", with_pdf=False)
    assert len(listings) == 1 and listings[0] > 100
    assert Files.add_files_from_theme is _mkdocs_add_files_from_theme
    assert (tmp_path / "site" / "assets" / "stylesheets").is_dir()
