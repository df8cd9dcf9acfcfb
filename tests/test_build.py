"""Whole builds: deterministic output, strict with zero warnings, live reload under serve."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from build_scripts.datacache import CACHE_DIR
from build_scripts.paths import ProjectPaths
from build_scripts.publish.site import SiteBuildError, build_site
from tests.conftest import ROOT, copy_project


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Also on one core and on two: the second core's conversions change nothing."""
    project = copy_project(tmp_path / "p")
    first, second = tmp_path / "one", tmp_path / "two"
    monkeypatch.setenv("READER_BUILD_JOBS", "1")
    build_site(project, first, with_pdf=False)
    monkeypatch.setenv("READER_BUILD_JOBS", "2")
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


def test_own_step_time_is_counted_once_where_it_is_handed_over(
        monkeypatch: pytest.MonkeyPatch, project: ProjectPaths) -> None:
    from build_scripts import pipeline
    from build_scripts.publish import publication

    monkeypatch.setattr(publication, "_published", {})
    monkeypatch.setattr(publication, "_handed_over", {})
    monkeypatch.setattr(pipeline, "_cache", {})
    monkeypatch.setattr(publication, "own_step", publication.StepSeconds())
    published, work = publication.publish_ahead(project)
    assert publication.own_step == publication.StepSeconds() and work > 0
    publication._published.clear()
    publication.remember_publication(project, published, work, 0.25)
    assert publication.own_step == publication.StepSeconds(waited=0.25, work=work)
    # The build it was handed over for takes it as it is, once; another project does not.
    assert publication.publication_cached(ProjectPaths(ROOT)) is not published
    assert publication._handed_over
    seed = project.seed_files()[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added since.\n",
                    encoding="utf-8")
    assert publication.publication_cached(project) is published
    assert not publication._handed_over
    # Later calls check the inputs (counted in both figures): the edit is seen.
    counted = publication.own_step.waited
    again = publication.publication_cached(project)
    assert again is not published and again.key != published.key
    assert publication.own_step.waited > counted


def test_a_build_that_fails_leaves_no_publication_handed_over(
        monkeypatch: pytest.MonkeyPatch, project: ProjectPaths, tmp_path: Path) -> None:
    import gc

    import mkdocs.commands.build

    from build_scripts.publish import publication
    from build_scripts.publish.site import build_site

    monkeypatch.setattr(publication, "_handed_over", {})

    def failing_build(config: object) -> None:
        assert publication._handed_over  # handed over for this build
        assert gc.get_freeze_count() > 0  # what the step made, out of the collector's sight
        raise RuntimeError("MkDocs failed before taking it")

    monkeypatch.setattr(mkdocs.commands.build, "build", failing_build)
    with pytest.raises(RuntimeError):
        build_site(project, tmp_path / "site", with_pdf=False)
    assert not publication._handed_over
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_the_collector_is_on_again_after_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from build_scripts import pipeline

    monkeypatch.setattr(pipeline, "_cache", {})
    seen: list[bool] = []
    build_reader = pipeline.build_reader

    def watched(paths: ProjectPaths) -> pipeline.Reader:
        seen.append(gc.isenabled())
        return build_reader(paths)

    monkeypatch.setattr(pipeline, "build_reader", watched)
    pipeline.build_reader_cached(ProjectPaths(ROOT))
    assert seen == [False] and gc.isenabled()


@pytest.fixture
def reading_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing kept from earlier builds, two cores, and four seeds counted as many."""
    from build_scripts import pipeline
    from build_scripts.ingest import reading
    from build_scripts.publish import publication

    monkeypatch.setenv("READER_BUILD_JOBS", "2")
    monkeypatch.setattr(publication, "_published", {})
    monkeypatch.setattr(publication, "_handed_over", {})
    monkeypatch.setattr(publication, "own_step", publication.StepSeconds())
    monkeypatch.setattr(publication, "MANY_ITEMS", 0)
    monkeypatch.setattr(pipeline, "MANY_ITEMS", 0)
    monkeypatch.setattr(reading, "MANY_ITEMS", 0)
    monkeypatch.setattr(pipeline, "_cache", {})
    monkeypatch.setattr(reading, "_reading_ahead", {})


def _workers() -> list[str]:
    import multiprocessing

    return [child.name for child in multiprocessing.active_children()]


@pytest.mark.usefixtures("reading_ahead")
def test_seeds_read_ahead_give_the_reader_one_core_gives(
        monkeypatch: pytest.MonkeyPatch, project: ProjectPaths) -> None:
    from build_scripts import pipeline
    from build_scripts.ingest import reading
    from build_scripts.publish import publication

    started = publication.StartedPublication(project)
    assert reading._reading_ahead  # laying out the seeds while MkDocs would load
    started.hand_over()
    assert not _workers() and not reading._reading_ahead
    handed_over = publication._handed_over[project.root.resolve()]
    # The worker worked all along: the step's work spans the build's time in it.
    assert publication.own_step.work >= publication.own_step.waited > 0
    monkeypatch.setenv("READER_BUILD_JOBS", "1")
    pipeline._cache.clear()
    assert handed_over.pages == pipeline.build_reader(project).pages


# A build with many seeds in a process of its own, as the command line runs it: the worker
# that reads the seeds loads the data files, so this process never imports pydantic.
MANY_SEEDS_BUILD = """
import sys
from pathlib import Path
from build_scripts import pipeline
from build_scripts.publish import publication
from build_scripts.ingest import reading
from build_scripts.paths import ProjectPaths
for module in (publication, pipeline, reading):
    module.MANY_ITEMS = 0  # four seeds counted as many
project = ProjectPaths(Path(sys.argv[1]))
started = publication.StartedPublication(project)
started.hand_over()
published = publication.publication_cached(project)
# Taken by the worker when the process has no earlier publication: the same digest.
assert published.key == publication.publication_key(project), published.key
print(len(published.pages), "pydantic" in sys.modules)
"""


def _build_with_many_seeds(project: ProjectPaths, jobs: int) -> tuple[int, bool]:
    """The pages built, and whether pydantic was imported, in a process of its own."""
    run = subprocess.run([sys.executable, "-c", MANY_SEEDS_BUILD, str(project.root)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={**os.environ, "READER_BUILD_JOBS": str(jobs)}, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    pages, pydantic_imported = run.stdout.split()
    return int(pages), pydantic_imported == "True"


def test_with_many_seeds_mkdocs_process_never_imports_pydantic(project: ProjectPaths) -> None:
    pages, pydantic_imported = _build_with_many_seeds(project, jobs=2)
    assert pages > len(project.seed_files()) and not pydantic_imported
    # One core, the data files unchanged: the copy the worker kept is taken, pydantic unused.
    assert _build_with_many_seeds(project, jobs=1) == (pages, False)
    # One core and no copy kept: everything is loaded here, pydantic included.
    shutil.rmtree(project.root / CACHE_DIR)
    assert _build_with_many_seeds(project, jobs=1) == (pages, True)


@pytest.mark.usefixtures("reading_ahead")
def test_a_seed_added_after_the_reading_started_is_read_too(project: ProjectPaths) -> None:
    from build_scripts.ingest import reading

    assert reading.start_reading_articles(project)
    first = project.seed_files()[0]
    added = project.seeds / "900_added.txt"
    added.write_bytes(first.read_bytes().replace(b"\n", b"\nAn added line.\n", 1))
    articles = reading.read_inputs(project).articles
    assert [article.seed.file_name for article in articles][-1] == added.name
    assert len(articles) == len(project.seed_files())
    assert not _workers()


@pytest.mark.usefixtures("reading_ahead")
def test_a_bad_data_file_found_by_the_reading_worker_is_reported_here(
        project: ProjectPaths) -> None:
    from build_scripts.errors import InputError
    from build_scripts.ingest import reading
    from build_scripts.publish import publication

    glossary = project.glossary.read_text(encoding="utf-8")
    assert "    kind: person\n" in glossary
    project.glossary.write_text(glossary.replace("    kind: person\n", "    kind: cat\n", 1),
                                encoding="utf-8")
    started = publication.StartedPublication(project)
    assert reading._reading_ahead  # the worker loads the data files, and cannot
    with pytest.raises(InputError) as caught:
        started.hand_over()
    assert caught.value.path == project.glossary and caught.value.line
    assert "kind" in str(caught.value)
    assert not _workers() and not reading._reading_ahead


@pytest.mark.usefixtures("reading_ahead")
def test_nothing_is_read_ahead_for_inputs_already_published_or_a_build_that_stops(
        project: ProjectPaths) -> None:
    from build_scripts.ingest import reading
    from build_scripts.publish import publication

    stopped = publication.StartedPublication(project)
    assert reading._reading_ahead
    stopped.close()  # MkDocs' configuration failed, say
    assert not _workers() and not reading._reading_ahead
    publication.StartedPublication(project).hand_over()
    kept = publication.StartedPublication(project)  # the same inputs, published already
    assert not reading._reading_ahead
    kept.hand_over()
    assert not _workers()


@pytest.mark.usefixtures("reading_ahead")
@pytest.mark.parametrize("failure", ["site folder cannot be made", "configuration cannot load"])
def test_a_build_that_fails_before_mkdocs_builds_leaves_no_worker(
        project: ProjectPaths, tmp_path: Path, failure: str) -> None:
    from build_scripts.ingest import reading

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
    assert not _workers() and not reading._reading_ahead
    assert not site.exists() and not list(site.parent.glob(".site.new-*"))
