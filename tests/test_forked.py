"""Work shared with a forked worker gives what a loop gives, errors included."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from build_scripts.forked import (
    ComputedAhead,
    PreparedMap,
    SharedMap,
    enlarge_pipe,
    map_on_two_cores,
)


def _square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@pytest.fixture(autouse=True)
def _two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_BUILD_JOBS", "2")


def _shared_squares_and_pids(count: int) -> list[tuple[int, int]]:
    """``map_on_two_cores`` of ``_square_and_pid``, in which this process waits, before each
    of its items, for the worker to have taken one: both take items however busy the machine
    is (a test under load once saw this process take all 128 before the worker started)."""
    mapping = os.getpid()
    worker_took = multiprocessing.get_context("fork").Event()

    def square(number: int) -> tuple[int, int]:
        if os.getpid() == mapping:
            assert worker_took.wait(timeout=60), "the worker took no item in a minute"
        else:
            worker_took.set()
        return _square_and_pid(number)

    return map_on_two_cores(square, range(count), minimum=0)


def test_results_are_in_order_and_both_processes_take_items() -> None:
    results = _shared_squares_and_pids(128)
    assert [square for square, _ in results] == [n * n for n in range(128)]
    assert {pid for _, pid in results} - {os.getpid()}
    assert os.getpid() in {pid for _, pid in results}


def test_a_worker_started_ahead_takes_what_this_process_comes_too_late_for() -> None:
    last_done = multiprocessing.get_context("fork").Event()

    def square(number: int) -> tuple[int, int]:
        if number == 199:
            last_done.set()
        return _square_and_pid(number)

    shared = SharedMap(square, range(200))
    assert last_done.wait(timeout=60)  # the worker takes every item meanwhile
    results = shared.results()
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert os.getpid() not in {pid for _, pid in results}


def test_one_job_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_BUILD_JOBS", "1")
    results = map_on_two_cores(_square_and_pid, range(10), minimum=0)
    assert {pid for _, pid in results} == {os.getpid()}


def _fails_on(bad: set[int]):
    def check(number: int) -> int:
        if number in bad:
            raise ValueError(f"item {number}")
        return number

    return check


@pytest.mark.parametrize(("bad", "first"), [({7}, 7), ({2, 80}, 2), ({80, 127}, 80)])
def test_the_first_failing_item_raises(bad: set[int], first: int) -> None:
    def check(number: int) -> int:
        time.sleep(0.002)
        return _fails_on(bad)(number)

    with pytest.raises(ValueError, match=rf"item {first}$"):
        map_on_two_cores(check, range(128), minimum=0)


def test_an_item_that_fails_in_the_worker_raises_here() -> None:
    parent = os.getpid()
    worker_failed = multiprocessing.get_context("fork").Event()
    fails = _fails_on({7, 150})

    def check(number: int) -> int:
        if number == 7 and os.getpid() != parent:
            worker_failed.set()
        return fails(number)

    shared = SharedMap(check, range(200))
    assert worker_failed.wait(timeout=60)  # the worker took the items up to the failing one
    with pytest.raises(ValueError, match=r"item 7$"):
        shared.results()
    assert not [child for child in multiprocessing.active_children()
                if child.name == "reader-shared"]


def _logged_pid(name: str) -> int:
    import logging

    logging.getLogger("build_scripts.test").warning("computed %s", name)
    return os.getpid()


def _fails_outside(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("the worker cannot")
    return os.getpid()


class _BadSeed(ValueError):
    pass


def _always_fails() -> None:
    raise _BadSeed("seeds/bad.txt: empty")


def _prepared_offset() -> tuple[int, int]:
    """What a prepared map's items need (an offset), and the process that prepared it."""
    return 1000, os.getpid()


def _offset_square_and_pid(prepared: tuple[int, int], number: int) -> tuple[int, int, int]:
    offset, prepared_by = prepared
    return offset + number * number, prepared_by, os.getpid()


def test_a_prepared_map_takes_what_the_worker_prepared() -> None:
    last_done = multiprocessing.get_context("fork").Event()

    def item(prepared: tuple[int, int], number: int) -> tuple[int, int, int]:
        if number == 199:
            last_done.set()
        return _offset_square_and_pid(prepared, number)

    mapped = PreparedMap(_prepared_offset, item, range(200))
    assert last_done.wait(timeout=60)
    offset, prepared_by = mapped.prepared()
    assert offset == 1000 and prepared_by != os.getpid()  # sent by the worker
    results = mapped.results()
    assert [value for value, _, _ in results] == [1000 + n * n for n in range(200)]
    assert {by for _, by, _ in results} == {prepared_by}


def _large_prepared() -> bytes:
    return b"data files " * 30_000  # 330 kB: more than a pipe holds by default (64 KiB)


def test_the_worker_goes_on_before_its_large_prepared_value_is_taken() -> None:
    last_done = multiprocessing.get_context("fork").Event()

    def item(prepared: bytes, number: int) -> int:
        if number == 199:
            last_done.set()
        return len(prepared) + number

    mapped = PreparedMap(_large_prepared, item, range(200))
    try:
        # The worker sent the prepared value and did every item while nobody received it.
        assert last_done.wait(timeout=30)
    finally:
        assert mapped.prepared() == _large_prepared()
    assert mapped.results() == [330_000 + n for n in range(200)]


def test_a_pipe_is_enlarged_to_what_is_asked() -> None:
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    try:
        assert enlarge_pipe(sending, 2**20) >= 2**20
    finally:
        receiving.close()
        sending.close()


def test_a_prepared_map_on_one_core_prepares_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_BUILD_JOBS", "1")
    mapped = PreparedMap(_prepared_offset, _offset_square_and_pid, range(10))
    assert not mapped.shared
    assert {(by, pid) for _, by, pid in mapped.results()} == {(os.getpid(), os.getpid())}


def test_what_the_worker_cannot_prepare_is_prepared_here() -> None:
    parent = os.getpid()

    def prepare() -> int:
        return _fails_outside(parent)

    mapped = PreparedMap(prepare, lambda prepared, number: prepared + number, range(200))
    assert mapped.prepared() == parent
    assert mapped.results() == [parent + n for n in range(200)]  # all of them computed here


def test_a_failed_preparation_raises_here_with_its_own_type() -> None:
    mapped = PreparedMap(_always_fails, lambda prepared, number: number, range(200))
    with pytest.raises(_BadSeed, match=r"seeds/bad\.txt: empty"):
        mapped.prepared()
    mapped.close()
    assert not [child for child in multiprocessing.active_children()
                if child.name == "reader-shared"]


def test_computed_ahead_comes_from_the_worker_and_its_log_is_replayed_once(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING")
    ahead = ComputedAhead(_logged_pid, "pages")
    worker = ahead.result()
    assert worker != os.getpid()
    assert [record.getMessage() for record in caplog.records] == ["computed pages"]


def test_computed_ahead_falls_back_to_this_process_when_the_worker_fails() -> None:
    assert ComputedAhead(_fails_outside, os.getpid()).result() == os.getpid()


def test_computed_ahead_raises_the_error_here_with_its_type() -> None:
    with pytest.raises(_BadSeed, match=r"seeds/bad\.txt"):
        ComputedAhead(_always_fails).result()


@pytest.mark.parametrize("jobs, ahead", [("1", True), ("2", False)])
def test_computed_ahead_stays_here_when_it_may_not_fork(
        monkeypatch: pytest.MonkeyPatch, jobs: str, ahead: bool) -> None:
    monkeypatch.setenv("READER_BUILD_JOBS", jobs)
    assert ComputedAhead(_logged_pid, "x", ahead=ahead).result() == os.getpid()


def test_a_closed_computation_leaves_no_worker() -> None:
    ComputedAhead(_logged_pid, "never read").close()
    assert not [child for child in multiprocessing.active_children()
                if child.name == "reader-ahead"]


def _pids_of_a_shared_map() -> set[int]:
    return {pid for _, pid in _shared_squares_and_pids(128)}


def test_work_computed_ahead_may_use_two_cores_itself() -> None:
    pids = ComputedAhead(_pids_of_a_shared_map).result()
    assert len(pids) == 2 and os.getpid() not in pids


def _many_objects() -> list[tuple[int, list[int]]]:
    return [(number, [number]) for number in range(20_000)]


def test_the_result_arrives_with_the_collector_as_it_was() -> None:
    import gc

    assert gc.isenabled()
    assert ComputedAhead(_many_objects).result() == _many_objects()
    assert gc.isenabled()
    gc.disable()
    try:
        assert ComputedAhead(_many_objects).result() == _many_objects()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_work_done_ahead_is_that_of_one_core(monkeypatch: pytest.MonkeyPatch, project) -> None:
    """With many articles and mentions, workers place the notes and events (while this
    process finds the mentions) and write the term pages: the reader is the same as on one
    core, and an error meanwhile (a note's quote not found) stops the build as on one core,
    leaving no worker behind."""
    import multiprocessing

    from build_scripts import pipeline
    from build_scripts.errors import InputError
    from build_scripts.render.glossary import term_uri

    monkeypatch.setattr(pipeline, "MANY_MENTIONS", 0)
    monkeypatch.setattr(pipeline, "MANY_ITEMS", 0)
    ahead = pipeline.build_reader(project)
    monkeypatch.setenv("READER_BUILD_JOBS", "1")
    one_core = pipeline.build_reader(project)
    assert ahead.pages == one_core.pages
    # Written most mentioned first, listed in the glossary's order.
    term_uris = [term_uri(term.id) for term in ahead.glossary.terms]
    assert [page.uri for page in ahead.pages if page.uri in term_uris] == term_uris
    assert (ahead.notes, ahead.events, ahead.shared_passages) == (
        one_core.notes, one_core.events, one_core.shared_passages)
    assert ahead.notes and ahead.events
    monkeypatch.setenv("READER_BUILD_JOBS", "2")
    notes = project.notes.read_text(encoding="utf-8")
    project.notes.write_text(notes.replace("quote: ", "quote: words not there ", 1),
                             encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.yml"):
        pipeline.build_reader(project)
    assert multiprocessing.active_children() == []
