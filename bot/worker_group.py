"""Worker processes that a Ctrl-C at the terminal never reaches, and that end with the
process that started them.

The terminal sends SIGINT to its whole foreground process group. A multiprocessing child
is in its parent's group, and until its own code ignores SIGINT (after ~0.3 s of a fresh
interpreter's imports) a Ctrl-C printed a KeyboardInterrupt traceback from it on the
user's terminal, after `layoffbot poll` or `run` was interrupted. Blocking SIGINT around
the start does not help: the pool may start its processes from another thread.

`own_group_context()` is multiprocessing's "spawn" whose processes start in a process
group of their own (subprocess's `process_group=0`, set between fork and exec): the
terminal's SIGINT never reaches them, from their first instruction. The parent still
stops them (the pool's shutdown); `exit_with_parent()`, called first in a worker, ends it
when its parent has gone without doing so (killed), which the group no longer does.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import threading
from multiprocessing import context, popen_spawn_posix, reduction, resource_tracker, spawn, util
from multiprocessing.connection import wait
from typing import Any


class _OwnGroupPopen(popen_spawn_posix.Popen):
    """multiprocessing's spawn, started with subprocess in a process group of its own.

    `_launch` is popen_spawn_posix's with `subprocess.Popen(..., process_group=0)` in
    place of `util.spawnv_passfds`; the child is reaped through that Popen."""

    _child: subprocess.Popen[bytes]
    _fds: list[int]  # set by popen_spawn_posix.Popen.__init__

    def _launch(self, process_obj: Any) -> None:
        tracker_fd = resource_tracker.getfd()
        assert tracker_fd is not None  # POSIX: the tracker is running now
        self._fds.append(tracker_fd)
        prep_data = spawn.get_preparation_data(process_obj._name)
        fp = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, fp)
            reduction.dump(process_obj, fp)
        finally:
            context.set_spawning_popen(None)
        parent_r, child_w = os.pipe()
        child_r, parent_w = os.pipe()
        try:
            cmd = spawn.get_command_line(tracker_fd=tracker_fd, pipe_handle=child_r)
            self._fds.extend([child_r, child_w])
            self._child = subprocess.Popen(
                cmd,
                executable=spawn.get_executable(),
                pass_fds=sorted(self._fds),
                close_fds=True,
                process_group=0,
            )
            self.pid = self._child.pid
            self.sentinel = parent_r
            with open(parent_w, "wb", closefd=False) as f:
                f.write(fp.getbuffer())
        finally:
            # parent_w stays open while the child lives: its closing (this process ended)
            # is what the child's `exit_with_parent` waits for.
            self.finalizer = util.Finalize(self, _close_fds, (parent_r, parent_w))
            os.close(child_r)
            os.close(child_w)

    def poll(self, flag: int = os.WNOHANG) -> int | None:
        if self.returncode is None:
            child = self._child
            self.returncode = child.poll() if flag == os.WNOHANG else child.wait()
        return self.returncode


class _OwnGroupProcess(context.SpawnProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _OwnGroupPopen:
        return _OwnGroupPopen(process_obj)


class _OwnGroupContext(context.SpawnContext):
    Process = _OwnGroupProcess


def _close_fds(*fds: int) -> None:
    for fd in fds:
        os.close(fd)


def own_group_context() -> multiprocessing.context.BaseContext:
    """A "spawn" context whose processes start in a process group of their own."""
    return _OwnGroupContext()


def exit_with_parent() -> None:
    """In a worker: end this process as soon as its parent has (a thread waits for it).

    Out of the parent's process group, nothing else ends a pool worker whose parent was
    killed: it would wait for work forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
