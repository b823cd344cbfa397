"""`bot.cli.deferred`: a module SQLAlchemy imports but never uses is loaded at its first
use, and is then the real module for every importer. Run in a fresh interpreter: the
stand-in changes `sys.modules`."""

from __future__ import annotations

import subprocess
import sys

_AFTER_DEFER = """
import sys
from bot.cli.deferred import defer
defer()
import sqlalchemy
from sqlalchemy.util import compat
print("loaded before use:", "email" in sys.modules)
import importlib.metadata
print("version:", importlib.metadata.version("sqlalchemy") == sqlalchemy.__version__)
from importlib.metadata import EntryPoint
real = sys.modules["importlib.metadata"]
print("real:", EntryPoint.__module__ == real.__name__ and hasattr(real, "__path__"))
print("same module:", importlib.metadata is real)
print("entry points:", any(True for _ in compat.importlib_metadata_get("console_scripts")))
"""


def test_a_deferred_module_is_loaded_at_its_first_use_and_is_then_the_real_one() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _AFTER_DEFER], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        "loaded before use: False",
        "version: True",
        "real: True",
        "same module: True",
        "entry points: True",
    ]


_THREADS_AT_ONCE = """
import sys
import threading
from bot.cli.deferred import defer
defer()
import importlib.metadata as stand_in
sys.setswitchinterval(1e-6)  # switch threads as often as possible
start = threading.Barrier(8)
found = []

def first_use():
    start.wait()
    found.append(stand_in.version("sqlalchemy"))

threads = [threading.Thread(target=first_use) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(found), len(set(found)), sys.modules["importlib.metadata"] is not stand_in)
"""


def test_threads_reading_a_deferred_module_first_at_once_all_get_the_real_one() -> None:
    # The first use is serialised (a lock): two threads could both find the stand-in in
    # sys.modules and both delete it, the second with a KeyError. The interleaving is
    # not forced here; the run checks that the guarded first use still works from threads.
    done = subprocess.run(
        [sys.executable, "-c", _THREADS_AT_ONCE], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["8", "1", "True"], done.stderr[-2000:]
