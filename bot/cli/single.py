"""One `layoffbot run` per SQLite database.

SQLite is the one-process set-up: every `run` is its own leader there (no advisory lock),
so a second `run` on the same file polled the same feeds at the same time and took half
of the deliveries: a digest printed in the other terminal was one this user never saw,
and two writers made "database is locked" waits. A lock file next to the database (an
flock, freed by the system however the process ends, kill -9 included) lets the second
`run` stop at once and say which process holds it. `poll`, `ask` and the other commands
still work beside a running bot. PostgreSQL runs several processes by design.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path


class AlreadyRunning(Exception):
    """Another `layoffbot run` holds the database."""


class LockRefused(Exception):
    """The lock file's name is taken by something the run must not write through."""


def take_run_lock(database: Path) -> int:
    """Take `<database>.run.lock`; the descriptor to close when the run ends (or the
    process dies). `AlreadyRunning`, naming the holder's pid, if another process holds it."""
    path = database.with_name(database.name + ".run.lock")
    try:
        # Not through a symlink planted under the lock's name: its target was truncated.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise LockRefused(
            f"{path} is a symbolic link, not the run lock layoffbot makes; remove it"
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        who = f" (pid {holder})" if holder.isdigit() else ""
        raise AlreadyRunning(
            f"another `layoffbot run`{who} is using {database}; stop it first "
            "(several processes on one database need PostgreSQL)"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


class DatabaseFile:
    """The SQLite file a run opened, by identity (device and inode): deleted, or replaced
    by another file (a backup copied in with `mv`), while the run holds the old one open,
    the bot went on storing news, subscriptions and sent marks into a file no one could
    open again, and said nothing; `ask` beside it made a new, empty one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity = _identity(path)

    def lost(self) -> str | None:
        """Why the file this run opened is no longer at its path, or None."""
        now = _identity(self.path)
        if self._identity is None or now == self._identity:
            return None
        if now is None or _empty_database(self.path):
            # Deleted, and maybe made again, empty, by one of the bot's own connections
            # opened since (an outbox sweep's): loaded, that came before the check.
            return f"the database file {self.path} was deleted while the bot ran"
        return f"the database file {self.path} was replaced by another file while the bot ran"


def _empty_database(path: Path) -> bool:
    """Whether `path` is an SQLite database with no table at all (what connecting to a
    missing file makes), read without writing; False for anything else."""
    import sqlite3
    from contextlib import closing

    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        return False
    return int(tables) == 0


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino
