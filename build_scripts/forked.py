"""Work on a second core by forking: our own step ahead of MkDocs, and long lists shared.

A forked process starts in a millisecond with everything already loaded (the compiled rules,
the glossary, MkDocs' configuration), so nothing but results crosses between the processes.
Forking is only safe in a process with no other thread: ``mkdocs serve`` (a server and a file
watcher) works on one core. ``READER_BUILD_JOBS=1`` turns the second core off.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

from build_scripts.collector import collector_paused

JOBS_VARIABLE = "READER_BUILD_JOBS"

Item = TypeVar("Item")
Result = TypeVar("Result")
Prepared = TypeVar("Prepared")
LogRecords = tuple[dict[str, Any], ...]


def build_jobs() -> int:
    """How many processes share the work: ``READER_BUILD_JOBS``, else the usable cores
    (at most two: this process and one worker)."""
    configured = os.environ.get(JOBS_VARIABLE, "").strip()
    if configured.isdigit():
        return max(1, int(configured))
    return min(2, len(os.sched_getaffinity(0)))


def may_fork() -> bool:
    """Whether a second core is wanted and this process can safely fork (a daemonic worker
    may not start processes of its own)."""
    return (build_jobs() >= 2 and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


class RecordCapture(logging.Handler):
    """In a worker: keep every record, to be logged again by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        fields = dict(record.__dict__, msg=message, args=None, exc_info=None, exc_text=None)
        self.records.append(fields)

    def take(self) -> LogRecords:
        """The records kept since the last call."""
        taken, self.records = tuple(self.records), []
        return taken


def capture_all_logging() -> RecordCapture:
    """Route every logger of a (forked) worker into one capturing handler on the root."""
    capture = RecordCapture()
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.getLogger().addHandler(capture)
    return capture


def log_again(records: LogRecords) -> None:
    """Log, in this process, what a worker logged."""
    for fields in records:
        record = logging.makeLogRecord(fields)
        logging.getLogger(record.name).handle(record)


def enlarge_pipe(connection: Connection, size: int) -> int:
    """Let the pipe of ``connection`` hold ``size`` bytes (Linux: at most
    ``/proc/sys/fs/pipe-max-size``, a megabyte by default), so that a worker sending a message
    this process will receive only later goes on working meanwhile: a pipe holds 64 KiB, and
    the sender of anything larger waits for the receiver. Returns the size it holds now (0:
    not known, elsewhere than on Linux)."""
    try:
        import fcntl

        try:
            return fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, size)
        except OSError:  # over the maximum: as much as allowed
            maximum = int(Path("/proc/sys/fs/pipe-max-size").read_text())
            return fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, min(size, maximum))
    except (ImportError, AttributeError, OSError, ValueError):
        return 0


class _ForkedWorker:
    """A forked worker that sends this process one message, through a pipe of its own."""

    _worker: multiprocessing.process.BaseProcess | None = None
    _receiving: Connection

    def _fork(self, work: Callable[[Connection], None], name: str,
              pipe_bytes: int = 0) -> None:
        """Start ``work(sending)`` in a forked worker; this process receives on ``_receiving``.

        ``pipe_bytes``: what the worker may send before this process receives it, without
        waiting (see :func:`enlarge_pipe`).
        """
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        if pipe_bytes:
            enlarge_pipe(sending, pipe_bytes)
        # Not a daemon, so that it may share its own work with a worker of its own.
        self._worker = context.Process(target=work, args=(sending,), daemon=False, name=name)
        self._worker.start()
        sending.close()

    def close(self) -> None:
        """Stop the worker, if its message has not been waited for."""
        if self._worker is None:
            return
        self._receiving.close()
        if self._worker.is_alive():
            self._worker.terminate()
        self._worker.join()
        self._worker = None


class ComputedAhead(_ForkedWorker, Generic[Result]):
    """``function(*arguments)``, computed in a forked worker while this process goes on.

    :meth:`result` returns the worker's result and logs here what the worker logged. If the
    worker failed, died or could not be forked (or ``ahead`` is false), :meth:`result` calls
    the function here instead, so an error is raised in this process, with its own type and
    message.
    """

    def __init__(self, function: Callable[..., Result], *arguments: Any, ahead: bool = True
                 ) -> None:
        self._function = function
        self._arguments = arguments
        if ahead and may_fork():
            self._fork(self._work, "reader-ahead")

    def _work(self, sending: Connection) -> None:
        self._receiving.close()
        capture = capture_all_logging()
        try:
            outcome: tuple[Result, LogRecords] | None = (
                self._function(*self._arguments), capture.take())
        except Exception:  # the parent computes it again and raises the error itself
            outcome = None
        with contextlib.suppress(OSError):  # the parent may have stopped waiting
            sending.send(outcome)
        sending.close()

    def result(self) -> Result:
        """The result, computed by the worker if it could, else here."""
        outcome = None
        if self._worker is not None:
            try:
                # Tens of thousands of objects, none of them garbage.
                with collector_paused():
                    outcome = self._receiving.recv()
            except (EOFError, OSError):  # the worker died
                outcome = None
            self._worker.join(timeout=5)
            self.close()
        if outcome is None:
            return self._function(*self._arguments)
        value, records = outcome
        log_again(records)
        return value

# Below this many items a fork (a few milliseconds, and the results' pickling) is not worth it.
MANY_ITEMS = 100

# Items a process takes at a time from a shared map: small enough that neither process waits
# long for the other at the end, large enough that taking them costs nothing.
_CHUNKS = 64


class SharedMap(_ForkedWorker, Generic[Item, Result]):
    """``[function(item) for item in items]``, shared with a forked worker that starts at
    once: each process takes the next few items as it comes free, so the work splits evenly
    however late this process joins in (:meth:`results`), and the worker pickles its results
    as it goes rather than all at the end.

    ``function`` must depend on nothing but its item and what exists before the call, and
    its results must pickle. An exception is raised for the first item that raises, as in a
    loop; one raised in the worker is raised again here, with its own type and message.
    Without a worker (``ahead`` false, one core wanted, or a process that may not fork)
    :meth:`results` is that loop.
    """

    # What the worker may send before this process takes it: nothing, but its results.
    _pipe_bytes = 0

    def __init__(self, function: Callable[[Item], Result], items: Sequence[Item],
                 ahead: bool = True) -> None:
        self._function = function
        self.items = items
        self._chunk = max(1, len(items) // _CHUNKS)
        if ahead and len(items) >= 2 and may_fork():
            self._next = multiprocessing.get_context("fork").Value("q", 0)
            self._fork(self._work, "reader-shared", self._pipe_bytes)

    @property
    def shared(self) -> bool:
        """Whether a worker shares the items (else :meth:`results` computes them all)."""
        return self._worker is not None

    def _ready(self, sending: Connection) -> bool:
        """In the worker, before it takes its first items: whether it may take them."""
        return True

    def _take(self) -> range:
        """The next items nobody has taken, none when all are."""
        with self._next.get_lock():
            start = self._next.value
            self._next.value = start + self._chunk
        return range(min(start, len(self.items)), min(start + self._chunk, len(self.items)))

    def _work(self, sending: Connection) -> None:
        self._receiving.close()
        capture = capture_all_logging()
        done: list[tuple[int, bytes]] = []
        with collector_paused():  # every result is kept
            try:
                while self._ready(sending) and (taken := self._take()):
                    results = [self._function(self.items[index]) for index in taken]
                    done.append((taken.start, pickle.dumps(results, pickle.HIGHEST_PROTOCOL)))
            except Exception:  # the parent computes what is missing and raises the error
                pass
        with contextlib.suppress(OSError):  # the parent may have stopped waiting
            sending.send((done, capture.take()))
        sending.close()

    def results(self) -> list[Result]:
        """Every item's result, in order: the items left are computed here meanwhile."""
        if self._worker is None:
            return [self._function(item) for item in self.items]
        computed: dict[int, Result] = {}
        index = 0
        try:
            while taken := self._take():
                for index in taken:
                    computed[index] = self._function(self.items[index])
        except BaseException:
            self.close()
            # As in a loop: an earlier item, one the worker took, may be the first to raise.
            for earlier in range(index):
                if earlier not in computed:
                    self._function(self.items[earlier])
            raise
        records: LogRecords = ()
        try:
            with collector_paused():  # tens of thousands of objects, none of them garbage
                done, records = self._receiving.recv()
                for start, pickled in done:
                    computed.update(enumerate(pickle.loads(pickled), start))
        except (EOFError, OSError):  # the worker died: what it took is computed below
            pass
        self.close()
        log_again(records)
        # Whatever the worker did not finish (it failed) is computed here, in order, so that
        # the first item that raises does so here.
        return [computed[index] if index in computed else self._function(self.items[index])
                for index in range(len(self.items))]


class PreparedMap(SharedMap[Item, Result], Generic[Prepared, Item, Result]):
    """A :class:`SharedMap` of ``function(prepared, item)``, where ``prepared = prepare()``
    (files loaded and checked, say): the worker prepares it first and sends it ahead of its
    results, so this process takes it from there (:meth:`prepared`) instead of preparing it
    again, and need not even import what preparing it takes.

    If the worker could not prepare it (an error), this process prepares it, so that the
    error is raised here, with its own type and message.
    """

    # The prepared value is sent first, and taken when this process joins in: the pipe holds
    # it (the project's data files are a tenth of a megabyte), so the worker goes on at once.
    _pipe_bytes = 2**20

    def __init__(self, prepare: Callable[[], Prepared],
                 function: Callable[[Prepared, Item], Result], items: Sequence[Item],
                 ahead: bool = True) -> None:
        self._prepare = prepare
        self._function_of_prepared = function
        self._taken_prepared: tuple[Prepared] | None = None
        self._prepared_in_worker = False
        super().__init__(self._not_prepared, items, ahead)

    @staticmethod
    def _not_prepared(item: Item) -> Result:
        raise RuntimeError("PreparedMap: prepared() must be called first")

    def _ready(self, sending: Connection) -> bool:
        if self._prepared_in_worker:
            return True
        self._prepared_in_worker = True
        try:
            prepared = self._prepare()
            sending.send((prepared,))
        except Exception:  # this process prepares it again and raises the error itself
            sending.send(None)
            return False
        self._function = partial(self._function_of_prepared, prepared)
        return True

    def prepared(self) -> Prepared:
        """What ``prepare()`` returned: sent by the worker if it could, else prepared here.

        Raises:
            Exception: Whatever ``prepare`` raises here.
        """
        if self._taken_prepared is None:
            sent = None
            if self._worker is not None:
                try:
                    with collector_paused():  # all of it is kept
                        sent = self._receiving.recv()
                except (EOFError, OSError):  # the worker died: its results() say so too
                    sent = None
            if sent is None:
                sent = (self._prepare(),)
            self._taken_prepared = sent
            self._function = partial(self._function_of_prepared, sent[0])
        return self._taken_prepared[0]

    def results(self) -> list[Result]:
        """Every item's result, in order (see :meth:`SharedMap.results`)."""
        self.prepared()
        return super().results()


def map_on_two_cores(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    minimum: int = MANY_ITEMS,
    worth_forking: bool | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, shared with a forked worker (:class:`SharedMap`).

    A fork (a few milliseconds) is worth it for ``minimum`` items or more, unless the caller
    knows better (``worth_forking``). An exception is raised for the first item that raises,
    as in a loop.
    """
    if worth_forking is None:
        worth_forking = len(items) >= minimum
    if not worth_forking:
        return [function(item) for item in items]
    return SharedMap(function, items).results()
