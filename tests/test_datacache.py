"""The data files' copy kept between builds: taken only while nothing it depends on changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts import datacache
from build_scripts.datacache import CACHE_DIR, cache_key, cached_load
from build_scripts.errors import InputError
from build_scripts.ingest.reading import load_data_files
from build_scripts.paths import ProjectPaths
from tests.conftest import copy_project


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    return copy_project(tmp_path / "project")


def _kept(project: ProjectPaths) -> list[Path]:
    return sorted((project.root / CACHE_DIR).glob("data-files-*.pickle"))


def _counting_load(calls: list[int], value: object):
    def load() -> object:
        calls.append(1)
        return value
    return load


def test_the_second_load_takes_the_copy(project: ProjectPaths) -> None:
    first = load_data_files(project)
    assert len(_kept(project)) == 1
    calls: list[int] = []
    files = [project.glossary]
    assert cached_load(project.root, files, _counting_load(calls, "loaded")) == "loaded"
    assert cached_load(project.root, files, _counting_load(calls, "again")) == "loaded"
    assert calls == [1]
    # The copy of every data file is equal to what loading them gives.
    assert load_data_files(project) == first


def test_a_changed_data_file_is_loaded_again(project: ProjectPaths) -> None:
    assert load_data_files(project).glossary.by_id()["wechat"].term == "WeChat"
    text = project.glossary.read_text(encoding="utf-8")
    project.glossary.write_text(text.replace("    term: WeChat\n", "    term: Weixin\n", 1),
                                encoding="utf-8")
    assert load_data_files(project).glossary.by_id()["wechat"].term == "Weixin"
    assert len(_kept(project)) == 1  # the old copy is dropped


def test_a_bad_data_file_is_reported_every_time_and_never_kept(project: ProjectPaths) -> None:
    text = project.glossary.read_text(encoding="utf-8")
    project.glossary.write_text(text.replace("    kind: person\n", "    kind: cat\n", 1),
                                encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            load_data_files(project)
        assert caught.value.path == project.glossary and caught.value.line
    assert _kept(project) == []


def test_a_copy_that_does_not_load_is_replaced(project: ProjectPaths) -> None:
    loaded = load_data_files(project)
    (kept,) = _kept(project)
    kept.write_bytes(b"not a pickle")
    assert load_data_files(project) == loaded
    assert kept.read_bytes() != b"not a pickle"


def test_a_folder_that_cannot_be_written_keeps_nothing(project: ProjectPaths) -> None:
    (project.root / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    calls: list[int] = []
    for _ in range(2):
        assert cached_load(project.root, [project.glossary],
                           _counting_load(calls, "loaded")) == "loaded"
    assert calls == [1, 1]


def test_the_key_depends_on_every_file_the_code_and_the_folder(
        project: ProjectPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [project.glossary, project.notes]
    key = cache_key(project.root, files)
    assert cache_key(project.root, files) == key
    project.notes.write_bytes(project.notes.read_bytes() + b"\n")
    changed = cache_key(project.root, files)
    project.notes.unlink()
    missing = cache_key(project.root, files)
    other = copy_project(tmp_path / "other")
    other_folder = cache_key(other.root, [other.glossary, other.notes])
    monkeypatch.setattr(datacache, "_code_digest", lambda: b"other code")
    assert len({key, changed, missing, other_folder, cache_key(project.root, files)}) == 5
