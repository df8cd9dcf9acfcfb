"""Whole builds: deterministic output, strict with zero warnings, live reload under serve."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from build_scripts.paths import ProjectPaths
from build_scripts.publish.site import SiteBuildError, build_site
from tests.conftest import copy_project


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    first, second = tmp_path / "one", tmp_path / "two"
    build_site(project, first, with_pdf=False)
    build_site(project, second, with_pdf=False)
    assert _tree_digest(first) == _tree_digest(second)


@pytest.mark.slow
def test_strict_build_has_zero_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_live_reloads_an_edited_seed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "true"},
    )
    try:
        # mkdocs serve mounts the site under the path of site_url.
        from mkdocs.config import load_config

        base = urllib.parse.urlsplit(load_config(str(project.root / "mkdocs.yml")).site_url).path
        url = f"http://127.0.0.1:{port}{base}articles/technical-difficulties.html"
        assert _wait_for(lambda: "A ChinaFile Conversation" in _fetch(url), 60), (
            "serve never came up"
        )
        seed = next(project.seeds.glob("003_*.txt"))
        text = seed.read_text(encoding="utf-8")
        seed.write_text(
            text.replace("A ChinaFile Conversation", "A Live Reload Check", 1), encoding="utf-8"
        )
        assert _wait_for(lambda: "A Live Reload Check" in _fetch(url), 60), "page did not update"
        glossary_free_docs = sorted(p.name for p in project.docs.iterdir())
        assert "articles" not in glossary_free_docs, "serve must not write into docs/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_hook_watches_seeds_and_data() -> None:
    from mkdocs.config import load_config

    root = Path(__file__).resolve().parent.parent
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    paths = ProjectPaths(root)
    assert str(paths.seeds) in config.watch
    assert str(paths.data) in config.watch


def test_the_reader_is_built_again_only_when_an_input_changes(project: ProjectPaths) -> None:
    from build_scripts import pipeline

    first = pipeline.build_reader_cached(project)
    assert pipeline.build_reader_cached(project) is first
    seed = project.seed_files()[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added since.\n",
                    encoding="utf-8")
    again = pipeline.build_reader_cached(project)
    assert again is not first
    assert any("A paragraph added since." in page.markdown for page in again.pages)


@pytest.mark.parametrize("failure", ["site folder cannot be made", "configuration cannot load"])
def test_a_build_that_fails_before_mkdocs_builds_leaves_no_worker(
        project: ProjectPaths, tmp_path: Path, failure: str) -> None:
    if failure == "site folder cannot be made":
        blocked = tmp_path / "a file, not a folder"
        blocked.write_text("", encoding="utf-8")
        site, config_file, error = blocked / "site", None, OSError
    else:
        broken = tmp_path / "mkdocs.yml"
        broken.write_text("site_name: [unclosed\n", encoding="utf-8")
        site, config_file, error = tmp_path / "site", broken, SiteBuildError
    with pytest.raises(error):
        build_site(project, site, config_file=config_file, with_pdf=False)
    assert not site.exists() and not list(site.parent.glob(".site.new-*"))


def test_architecture_names_every_module() -> None:
    """ARCHITECTURE.md stays true: one line for each module of the package, none for a module
    that is gone."""
    root = Path(__file__).resolve().parents[1]
    package = root / "build_scripts"
    modules = {str(path.relative_to(package)) for path in package.rglob("*.py")
               if path.name not in {"__init__.py", "__main__.py"}}
    text = (root / "ARCHITECTURE.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([\w/]+\.py)` \|", text, re.MULTILINE))
    assert sorted(modules - listed) == [], "modules missing from ARCHITECTURE.md"
    assert sorted(listed - modules) == [], "ARCHITECTURE.md names modules that do not exist"
