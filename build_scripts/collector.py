"""Pause Python's cyclic garbage collector around work that makes many objects and keeps them."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then restore it as it was.

    For work that creates objects by the hundred thousand and keeps nearly all of them
    (reading the articles, unpickling a worker's result): every few hundred new objects
    would start a collection that walks the young objects again, and now and then all of
    them, for no garbage. What such work drops is freed by reference counting as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
