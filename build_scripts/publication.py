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

from build_scripts.models import GeneratedPage, Glossary
from build_scripts.paths import ProjectPaths

# Seconds spent in our own step (reading inputs, building the reader), for the benchmark.
own_step_seconds = [0.0]


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


def publication_cached(paths: ProjectPaths) -> Publication:
    """The publication of the project's inputs: the one kept (made here, or elsewhere and
    handed over with :func:`remember_publication`) if no input changed since, else a new one.

    Raises:
        InputError: A seed or a data file is bad.
    """
    started = time.perf_counter()
    try:
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
        own_step_seconds[0] += time.perf_counter() - started


def publish_ahead(paths: ProjectPaths) -> tuple[Publication, float]:
    """:func:`publication_cached` and the seconds it took, for a worker to hand over."""
    # Our step's time is the time of its work, as in MkDocs' process, where the pipeline is
    # imported with the hook: the import is part of the build's time, not of the step's.
    import build_scripts.pipeline  # noqa: F401

    before = own_step_seconds[0]
    published = publication_cached(paths)
    seconds = own_step_seconds[0] - before
    own_step_seconds[0] = before  # counted where the publication is remembered
    return published, seconds


def remember_publication(published: Publication, seconds: float) -> None:
    """Keep a publication computed elsewhere (and count the ``seconds`` it took there)."""
    with _published_lock:
        _published.clear()
        _published[published.key] = published
    own_step_seconds[0] += seconds
