"""Work on a second core by forking: the build's two places that fill it.

A forked process starts in a millisecond with everything already loaded (the compiled rules,
the glossary, MkDocs' configuration), so nothing but results crosses between the processes.
Forking is only safe in a process with no other thread: ``mkdocs serve`` (a server and a file
watcher) works on one core. ``READER_BUILD_JOBS=1`` turns the second core off.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

JOBS_VARIABLE = "READER_BUILD_JOBS"

Item = TypeVar("Item")
Result = TypeVar("Result")


def build_jobs() -> int:
    """How many processes share the work: ``READER_BUILD_JOBS``, else the usable cores
    (at most two: this process and one worker)."""
    configured = os.environ.get(JOBS_VARIABLE, "").strip()
    if configured.isdigit():
        return max(1, int(configured))
    return min(2, len(os.sched_getaffinity(0)))


def may_fork() -> bool:
    """Whether a second core is wanted and this process can safely fork."""
    return build_jobs() >= 2 and threading.active_count() == 1


def _compute_tail(function: Callable[[Item], Result], items: Sequence[Item],
                  sending: Connection) -> None:
    try:
        results: list[Result] | None = [function(item) for item in items]
    except Exception:  # this process does them again and reports the error in order
        results = None
    sending.send(results)
    sending.close()


def map_on_two_cores(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    minimum: int = 100,
    worth_forking: bool | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, the second half computed in a forked worker.

    A fork (a few milliseconds) is worth it for ``minimum`` items or more, unless the caller
    knows better (``worth_forking``). ``function`` must depend on nothing but its item and
    what exists before the call, and its results must pickle. An exception is raised for the
    first item that raises, as in a loop; so is one in the worker's half, computed again here.
    """
    if worth_forking is None:
        worth_forking = len(items) >= minimum
    if len(items) < 2 or not worth_forking or not may_fork():
        return [function(item) for item in items]
    half = len(items) // 2
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_compute_tail, args=(function, items[half:], sending),
                             daemon=True, name="reader-map")
    worker.start()
    sending.close()
    try:
        head = [function(item) for item in items[:half]]
        try:
            tail = receiving.recv()
        except EOFError:  # the worker died
            tail = None
    finally:
        receiving.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    if tail is None:
        tail = [function(item) for item in items[half:]]
    return head + tail
