"""One `layoffbot run` per SQLite database.

SQLite is the one-process set-up: every `run` is its own leader there (no advisory lock),
so a second `run` on the same file polled the same feeds at the same time and took half
of the deliveries: a digest printed in the other terminal was one this user never saw,
and two writers made "database is locked" waits. A lock file next to the database (an
flock, freed by the system however the process ends, kill -9 included) lets the second
`run` stop at once and say which process holds it (`RunLock`). `poll`, `ask` and the other commands
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


class RunLock:
    """This run's hold on its SQLite database: an flock on the database file itself, which
    cannot be deleted out from under the run (deleting it stops the run: `DatabaseFile`),
    and on `<database>.run.lock`, which names the holder's pid.

    The lock file alone was the guard: deleted while a run held it (a tidy-up of the data
    folder), it let a second `run` start on the same database, two schedulers sending
    every alert twice. The running bot puts the file back (`keep`), and a second run
    refused by the database's lock finds the holder's pid in it, or in /proc/locks.

    Its descriptor on the database file is closed only after the store is: closing any
    descriptor of a file drops the process's POSIX locks on it, SQLite's own included."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".run.lock")
        self._file: int | None = None
        self._database: int | None = None

    def take(self) -> None:
        """`AlreadyRunning`, naming the holder's pid, if another process holds it."""
        self._file = _open_lock_file(self.path)
        if not _flock(self._file):
            holder = _pid_in(self._file)
            self.release()
            raise AlreadyRunning(self._held(holder))
        self._database = os.open(self.database, os.O_RDONLY | os.O_CLOEXEC)
        if not _flock(self._database):
            holder = _pid_in(self._file) or _flock_holder(self._database)
            self.release()
            raise AlreadyRunning(self._held(holder))
        _write_pid(self._file)

    def keep(self) -> None:
        """Put the lock file back, naming this run, if it was deleted or replaced (by
        one a refused second run left, or made again; not one another process holds)."""
        if self._file is None or _same_file(self.path, self._file):
            return
        try:
            fd = _open_lock_file(self.path)
        except (OSError, LockRefused):
            return
        if not _flock(fd):
            os.close(fd)
            return
        os.close(self._file)
        self._file = fd
        _write_pid(fd)

    def release(self) -> None:
        for fd in (self._database, self._file):
            if fd is not None:
                os.close(fd)
        self._file = self._database = None

    def _held(self, holder: str) -> str:
        who = f" (pid {holder})" if holder else ""
        return (
            f"another `layoffbot run`{who} is using {self.database}; stop it first "
            "(several processes on one database need PostgreSQL)"
        )


def _open_lock_file(path: Path) -> int:
    try:
        # Not through a symlink planted under the lock's name: its target was truncated.
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise LockRefused(
            f"{path} is a symbolic link, not the run lock layoffbot makes; remove it"
        ) from None


def _flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)


def _pid_in(fd: int) -> str:
    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return holder if holder.isdigit() else ""


def _same_file(path: Path, fd: int) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _flock_holder(fd: int) -> str:
    """The pid holding an flock on `fd`'s file, as /proc/locks says (Linux); "" elsewhere."""
    held = os.fstat(fd)
    want = f"{os.major(held.st_dev):02x}:{os.minor(held.st_dev):02x}:{held.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == want:
                    return fields[4] if fields[4].isdigit() else ""
    except OSError:
        pass
    return ""


class DatabaseFile:
    """The SQLite file a run opened, by identity (device and inode): deleted, or replaced
    by another file (a backup copied in with `mv`), while the run holds the old one open,
    the bot went on storing news, subscriptions and sent marks into a file no one could
    open again, and said nothing; `ask` beside it made a new, empty one."""

    def __init__(self, path: Path, lock: RunLock | None = None) -> None:
        self.path = path
        self.lock = lock
        self._identity = _identity(path)

    def lost(self) -> str | None:
        """Why the file this run opened is no longer at its path, or None. (Checked
        every few seconds: the run lock's file is put back here too.)"""
        if self.lock is not None:
            self.lock.keep()
        now = _identity(self.path)
        if self._identity is None or now == self._identity:
            return None
        if now is None or _empty_database(self.path):
            # Deleted, and maybe made again, empty, by another command since (`ask`
            # beside it, which says so); never by the bot's own connections, which do
            # not create the file (bot.store.base._never_create).
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


def upgrade_refused(database: Path, newest: str) -> str | None:
    """Why the SQLite database must not be migrated now, or None: a `layoffbot run` holds
    it while its schema is older than `newest`, so that run is an older layoffbot (this one
    would have upgraded it). `git pull` and `make run` in a second terminal migrated the
    database under it (`db upgrade` first), and it went on writing with the old schema's
    idea of the tables (operator trial, session 16)."""
    import sqlite3
    from contextlib import closing

    try:
        # mode=ro: never creates the file; closed before the probe below, whose closing
        # would drop this process's POSIX locks on the file (SQLite's own).
        with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except (sqlite3.Error, OSError):
        return None
    revision = str(row[0]) if row and row[0] else None
    if revision is None or revision >= newest:
        return None
    lock_file = database.with_name(database.name + ".run.lock")
    if not (_held_by_another(database) or _held_by_another(lock_file)):
        return None
    holder = _pid_in_file(lock_file)
    who = f" (pid {holder})" if holder else ""
    return (
        f"a `layoffbot run`{who} of an older layoffbot is using {database}, at schema"
        f" revision {revision}; this one would upgrade it to {newest} under that run. Stop"
        " it first, then start this one (`make run` upgrades the database and starts the"
        " bot)"
    )


def _held_by_another(path: Path) -> bool:
    """Whether another process holds an flock on `path` (the database file, which a
    `run` holds; or its lock file, all that earlier versions held). The probe's own lock
    goes with its descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        return not _flock(fd)
    except OSError:
        return False
    finally:
        os.close(fd)


def _pid_in_file(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        return _pid_in(fd)
    finally:
        os.close(fd)
