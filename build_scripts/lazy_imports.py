"""Load on first use the libraries a site build imports but never calls.

Material's privacy plugin imports ``requests`` (with urllib3, certifi, idna and
charset-normalizer) when it loads, to download external assets. We run it as a guard with
``assets_fetch: false``, so it never downloads, yet the import costs about a sixth of a
second, a sixth of a whole build of the four articles. A stand-in module takes its place in
``sys.modules`` and imports the real one the first time any of its attributes is used.
(``importlib.util.LazyLoader`` does not help here: on Python 3.11 an ``import`` statement
reads the module's ``__spec__``, which already loads it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

UNUSED_BY_THE_BUILD = ("requests", "pkg_resources")


class _Deferred(ModuleType):
    """Stands in for a module until one of its attributes is asked for."""

    def __getattr__(self, attribute: str) -> object:
        # Only called for attributes the stand-in lacks, i.e. the real module's.
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


def defer_unused_imports(names: tuple[str, ...] = UNUSED_BY_THE_BUILD) -> None:
    """Put a stand-in in ``sys.modules`` for each installed module not yet imported."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = _Deferred(name)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in
