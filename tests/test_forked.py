"""Work shared with a forked worker gives what a loop gives, errors included."""

from __future__ import annotations

import os

import pytest

from build_scripts.forked import map_on_two_cores


def _square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@pytest.fixture(autouse=True)
def _two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_BUILD_JOBS", "2")


def test_results_are_in_order_and_half_come_from_the_worker() -> None:
    results = map_on_two_cores(_square_and_pid, range(10), minimum=0)
    assert [square for square, _ in results] == [n * n for n in range(10)]
    processes = [pid for _, pid in results]
    assert processes[:5] == [os.getpid()] * 5
    assert os.getpid() not in processes[5:]


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


@pytest.mark.parametrize(("bad", "first"), [({7}, 7), ({2, 8}, 2), ({8, 9}, 8)])
def test_the_first_failing_item_raises(bad: set[int], first: int) -> None:
    with pytest.raises(ValueError, match=f"item {first}"):
        map_on_two_cores(_fails_on(bad), range(10), minimum=0)
