"""The theme's files: Material's script bundle found, lunr's other languages left out."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from build_scripts.publish.theme_assets import theme_bundle
from tests.conftest import ROOT


def test_the_theme_bundle_is_the_one_material_template_names() -> None:
    # overrides/main.html loads the bundle itself: it must be the very file Material's
    # base.html would have loaded, whatever its hash in this version.
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    bundle = theme_bundle(files)
    assert bundle is not None
    base = next(
        Path(folder, "base.html") for folder in config.theme.dirs
        if Path(folder, "base.html").is_file()
    ).read_text(encoding="utf-8")
    assert f"'{bundle}' | url" in base
    others = [f for f in files if not f.src_uri.startswith("assets/javascripts/bundle.")]
    assert theme_bundle(others) is None




def test_lunr_languages_are_left_out_only_for_an_english_search() -> None:
    from build_scripts.publish.theme_assets import LUNR_FOLDER, unused_theme_files

    config = load_config(str(ROOT / "mkdocs.yml"))
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    unused = unused_theme_files(files, ["en"])
    assert unused and all(file.src_uri.startswith(LUNR_FOLDER) for file in unused)
    assert unused_theme_files(files, ["en", "de"]) == []
