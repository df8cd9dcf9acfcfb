"""Keep the data files, loaded and checked, from one build to the next while they are unchanged.

Loading them takes a fifth of a second, most of it importing pydantic and building the
models that check them, though an editor changes them far less often than a seed. The cache
holds one pickled copy in the project's ``.cache/reader/`` (where Material's plugins keep
theirs), under a digest of everything the copy depends on: each data file's bytes, the build
code's source, Python's version and the project's folder. Anything else (no copy, a copy
that will not load, a folder that cannot be written) loads the files as without a cache: a
bad file is never cached, so its error is always reported.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

Loaded = TypeVar("Loaded")

CACHE_DIR = Path(".cache") / "reader"
_PREFIX = "data-files-"
_CODE = Path(__file__).resolve().parent


@cache  # the code this process runs: read once (``mkdocs serve`` never reloads it)
def _code_digest() -> bytes:
    """The build code's source: a change to how a file is loaded changes what is cached."""
    digest = hashlib.sha256()
    for source in sorted(_CODE.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.digest()


def cache_key(root: Path, files: list[Path]) -> str:
    """The digest of what the data files' loaded copy depends on (a missing file counts)."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{root.resolve()}\0".encode())
    digest.update(_code_digest())
    for path in files:
        try:
            content = b"\1" + path.read_bytes()
        except FileNotFoundError:
            content = b"\0"
        digest.update(str(path).encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def cached_load(root: Path, files: list[Path], load: Callable[[], Loaded]) -> Loaded:
    """``load()``, or the copy of its result kept for the same ``files`` (bytes included) in
    the project at ``root``; a new result is kept in place of the old.

    Raises:
        Exception: Whatever ``load`` raises (nothing is kept then).
    """
    folder = root / CACHE_DIR
    kept = folder / f"{_PREFIX}{cache_key(root, files)}.pickle"
    try:
        with kept.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # no copy, or one that does not load (a class changed): load the files
        pass
    loaded = load()
    _keep(folder, kept, loaded)
    return loaded


def _keep(folder: Path, kept: Path, loaded: object) -> None:
    """Write the copy (whole or not at all, for a build running alongside), dropping older
    ones; a folder that cannot be written keeps nothing."""
    written: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{_PREFIX}", delete=False
                                         ) as stream:
            written = Path(stream.name)
            pickle.dump(loaded, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(written, kept)
        written = None
        for older in folder.glob(f"{_PREFIX}*.pickle"):
            if older != kept:
                older.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
    finally:
        if written is not None:
            written.unlink(missing_ok=True)
