"""Standard modules a library imports at start-up "just in case", loaded only when used.

SQLAlchemy imports `importlib.metadata` when it is imported itself, for one thing: to
scan the installed packages' entry points when a URL names a dialect it does not ship
(`sqlalchemy.util.compat.importlib_metadata_get`). A SQLite or PostgreSQL store never
asks. The module pulls in `email` (its metadata parser), `zipfile`, `csv` and
`tempfile`: ~47 M instructions, ~4% of `ask help`'s start, for nothing.

`defer` puts a stand-in in its place: a module object whose attributes are the real
module's, imported at the first attribute any code reads (`entry_points`, `version`,
`EntryPoint`). Importing it (`import importlib.metadata`, `from importlib import
metadata`) reads none, so SQLAlchemy's import gets the stand-in; Alembic, matplotlib
or discord.py reading an attribute get the real module, which from then on is the one
in `sys.modules` too.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from importlib.machinery import ModuleSpec
from typing import Any

DEFERRED = ("importlib.metadata",)
# One first use at a time: two threads reading a stand-in's first attribute together
# could both see it in `sys.modules` and both delete it (a KeyError in the second).
_FIRST_USE = threading.RLock()


class _StandIn(types.ModuleType):
    """The module named `__name__`, imported at the first attribute read."""

    def __getattr__(self, name: str) -> Any:
        # Only names the stand-in lacks come here: everything but __name__, __spec__,
        # __doc__, __loader__ and __package__, which importing it reads.
        return getattr(self._real(), name)

    def _real(self) -> types.ModuleType:
        real = self.__dict__.get("_module")
        if real is None:
            with _FIRST_USE:
                real = self.__dict__.get("_module")
                if real is None:
                    if sys.modules.get(self.__name__) is self:
                        del sys.modules[self.__name__]
                    real = importlib.import_module(self.__name__)
                    self.__dict__["_module"] = real
        return real


def defer(names: tuple[str, ...] = DEFERRED) -> None:
    """Stand-ins for `names` not imported yet. For the `layoffbot` process only (its
    `main`): a program that imports the commands keeps its modules as they are."""
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        stand_in = _StandIn(name)
        # Importing it must not import it: the import system reads `__spec__`, and
        # `_initializing` False means "done loading".
        stand_in.__spec__ = ModuleSpec(name, None)
        stand_in.__loader__ = None
        stand_in.__package__ = parent
        sys.modules[name] = stand_in
        if parent:
            # `import importlib.metadata` then `importlib.metadata.version(...)` reads
            # the attribute of the package, which the import system sets only when it
            # loads a module itself.
            setattr(importlib.import_module(parent), child, stand_in)
