"""What the site takes of the pipeline's result, kept while no input changes.

Apart from :mod:`build_scripts.pipeline` so that MkDocs' process can take a publication made
by a worker on the other core without importing the steps that made it (pydantic among them:
a sixth of a second of a four-article build). The pipeline is imported only when a
publication has to be made here.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from build_scripts.forked import MANY_ITEMS, ComputedAhead
from build_scripts.models import GeneratedPage, Glossary
from build_scripts.paths import ProjectPaths


@dataclass
class StepSeconds:
    """The seconds of our own step (reading the inputs, building the reader) in this build,
    for the benchmark."""

    waited: float = 0.0
    """MkDocs' process running our step or waiting for a worker's: the build's time in it."""
    work: float = 0.0
    """Our step's own time, importing its code included, in whichever process it ran."""

    def add(self, waited: float, work: float) -> None:
        """Count ``waited`` and ``work`` seconds more."""
        self.waited += waited
        self.work += work


own_step = StepSeconds()


@dataclass(frozen=True)
class Publication:
    """What publishing the site takes of a reader: its pages, its glossary (for the search's
    Chinese dictionary) and its warnings, for the inputs with digest ``key``."""

    key: str
    pages: tuple[GeneratedPage, ...]
    glossary: Glossary
    warnings: tuple[str, ...]


def inputs_fingerprint(paths: ProjectPaths) -> str:
    """A digest of every input file's name and bytes."""
    digest = hashlib.sha256()
    for path in paths.input_files():
        digest.update(str(path.relative_to(paths.root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def publication_key(paths: ProjectPaths) -> str:
    """The project's folder and the digest of its inputs: equal keys, equal publications."""
    return f"{paths.root.resolve()}:{inputs_fingerprint(paths)}"


_published: dict[str, Publication] = {}
_published_lock = threading.Lock()
# The publication handed over for the build about to run, by project folder (see
# remember_publication): taken once, without reading the inputs again.
_handed_over: dict[Path, Publication] = {}


def publication_cached(paths: ProjectPaths, key: str | None = None) -> Publication:
    """The publication of the project's inputs: the one kept (made here, or elsewhere and
    handed over with :func:`remember_publication`) if no input changed since, else a new one.

    ``key`` is the inputs' :func:`publication_key` if the caller took it already.

    Raises:
        InputError: A seed or a data file is bad.
    """
    started = time.perf_counter()
    try:
        with _published_lock:
            handed_over = _handed_over.pop(paths.root.resolve(), None)
        if handed_over is not None:
            return handed_over
        if key is None:
            key = publication_key(paths)
        with _published_lock:
            found = _published.get(key)
        if found is None:
            from build_scripts.pipeline import reader_for

            reader = reader_for(key, paths)
            found = Publication(key, reader.pages, reader.glossary, reader.warnings)
            with _published_lock:
                _published.clear()
                _published[key] = found
        return found
    finally:
        elapsed = time.perf_counter() - started
        own_step.add(elapsed, elapsed)


def publish_ahead(paths: ProjectPaths, key: str | None = None) -> tuple[Publication, float]:
    """:func:`publication_cached` and the seconds of its work, importing the pipeline
    included, for a worker (or this process) to hand over to :func:`remember_publication`."""
    started = time.perf_counter()
    # Importing the steps (pydantic and the data files' models among them) is our step's
    # work too: MkDocs alone would never import them.
    import build_scripts.pipeline  # noqa: F401

    counted = (own_step.waited, own_step.work)
    published = publication_cached(paths, key)
    own_step.waited, own_step.work = counted  # counted where the publication is remembered
    return published, time.perf_counter() - started


def remember_publication(paths: ProjectPaths, published: Publication, work: float,
                         waited: float) -> None:
    """Keep a publication computed here or in a worker, which took ``work`` seconds, while
    this process spent ``waited`` seconds computing it or waiting for it.

    The next :func:`publication_cached` (the build about to start) takes it as it is: a build
    publishes its inputs as they were read when it started, and reading them all again to
    check took a thirtieth of a second at 1,000 articles. Later calls check the inputs.
    """
    with _published_lock:
        _published.clear()
        _published[published.key] = published
        _handed_over.clear()
        _handed_over[paths.root.resolve()] = published
    own_step.add(waited, work)


class StartedPublication:
    """Our step for a build, started before MkDocs is imported and loads its configuration (a
    third of a second on one core), so that the second core does not idle meanwhile: with few
    articles all of it, in a worker; with many, loading the data files and laying out the
    seeds (the rest needs both cores, and runs when :meth:`hand_over` is called).

    ``ahead`` false starts nothing: :meth:`hand_over` makes the publication then.
    """

    def __init__(self, paths: ProjectPaths, ahead: bool = True) -> None:
        self._started = time.perf_counter()
        self._paths = paths
        self._reading_seeds = False
        self._digest_read_ahead = False
        key = None
        few = len(paths.seed_files()) < MANY_ITEMS
        if ahead and not few:
            from build_scripts.ingest.reading import start_reading_articles

            with _published_lock:
                nothing_kept = not _published
            if nothing_kept:
                # Nothing to compare the inputs' digest with (a process's first build): the
                # worker takes it, before reading the inputs, while this one imports MkDocs.
                self._reading_seeds = self._digest_read_ahead = start_reading_articles(
                    paths, publication_key)
            else:
                # The key first: an input changed after it is seen by the next build to check.
                key = publication_key(paths)
                with _published_lock:
                    kept = key in _published
                if not kept:
                    self._reading_seeds = start_reading_articles(paths)
        self._whole_step = ComputedAhead(publish_ahead, paths, key, ahead=ahead and few)
        self._head_start = time.perf_counter() - self._started

    def hand_over(self) -> None:
        """Wait for the publication, or finish making it, and hand it over to the build about
        to start (:func:`remember_publication`), with the seconds spent on it.

        Raises:
            InputError: A seed or a data file is bad.
        """
        waiting = time.perf_counter()
        seeds_read_ahead = self._reading_seeds
        try:
            if self._digest_read_ahead:
                from build_scripts.ingest.reading import reading_digest

                published, work = publish_ahead(self._paths, reading_digest(self._paths))
            else:
                published, work = self._whole_step.result()
        finally:
            self.close()
        done = time.perf_counter()
        # Reading the seeds ahead, a worker worked all along, MkDocs' imports meanwhile.
        work = done - self._started if seeds_read_ahead else work + self._head_start
        remember_publication(self._paths, published, work, done - waiting + self._head_start)

    def close(self) -> None:
        """Stop the work under way, if the build will not take it."""
        self._whole_step.close()
        if self._reading_seeds:
            from build_scripts.ingest.reading import stop_reading_articles

            stop_reading_articles(self._paths)
            self._reading_seeds = False


def forget_handover(paths: ProjectPaths) -> None:
    """Drop the publication handed over for the project's build if the build did not take
    it (it failed first), so that no later call takes it unchecked."""
    with _published_lock:
        _handed_over.pop(paths.root.resolve(), None)
