"""What stops `layoffbot run` besides Ctrl-C and SIGTERM (operator trial, session 13):
SIGHUP, and its SQLite file deleted or replaced under it; and what a command says when
the database fails under it."""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.run import _stop_signals
from bot.cli.single import DatabaseFile
from bot.cli.terminal import database_hint


def test_a_database_file_deleted_or_replaced_is_seen_and_an_untouched_one_is_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.db"
    path.write_bytes(b"one")
    # Held open, as the bot's connections hold it (its inode is not reused meanwhile).
    with path.open("rb"):
        opened = DatabaseFile(path)
        path.write_bytes(b"written in place, as SQLite writes")
        assert opened.lost() is None
        path.unlink()
        assert opened.lost() == f"the database file {path} was deleted while the bot ran"
        backup = tmp_path / "backup.db"
        backup.write_bytes(b"a backup")
        backup.rename(path)  # `mv backup.db bot.db` while the bot runs
        assert opened.lost() == (
            f"the database file {path} was replaced by another file while the bot ran"
        )
    assert DatabaseFile(tmp_path / "never.db").lost() is None  # nothing opened to lose


def test_a_deleted_database_file_made_again_empty_by_a_new_connection_reads_deleted(
    tmp_path: Path,
) -> None:
    """Under load a suite run saw 'replaced' after `rm`: a connection the bot opened
    after the deletion had made a new, empty file at the path before the check came."""
    import sqlite3

    path = tmp_path / "bot.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with path.open("rb"):
        opened = DatabaseFile(path)
        path.unlink()
        sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").close()  # a new connection
        assert opened.lost() == f"the database file {path} was deleted while the bot ran"


@pytest.fixture
def hangup_handler() -> Iterator[None]:
    before = signal.getsignal(signal.SIGHUP)
    yield
    signal.signal(signal.SIGHUP, before)


@pytest.mark.usefixtures("hangup_handler")
def test_sighup_stops_the_run_cleanly_unless_it_is_ignored_as_nohup_does() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    assert set(_stop_signals()) == {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # `nohup layoffbot run`
    assert set(_stop_signals()) == {signal.SIGINT, signal.SIGTERM}


def test_a_full_or_failing_disk_is_named_as_the_operators_to_fix() -> None:
    for reason in ("database or disk is full", "disk I/O error", "[Errno 28] No space left"):
        assert "free space on the disk" in database_hint(f"database error: {reason}")
    assert database_hint("database error (OperationalError): connection refused") == ""


def test_a_read_only_database_or_folder_is_named_as_the_reason_it_cannot_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database on a disk mounted read-only was only "unable to open database file"."""
    from bot.cli.terminal import _unwritable

    path = tmp_path / "bot.db"
    path.write_bytes(b"")
    assert _unwritable(path) == "" and _unwritable(None) == ""
    read_only = {tmp_path}
    monkeypatch.setattr(os, "access", lambda place, _mode: Path(place) not in read_only)
    assert _unwritable(path).startswith(f"; its folder {tmp_path} is read-only here")
    read_only.add(path)
    assert _unwritable(path).startswith(f"; the file {path} is read-only here")


class _Terminal:
    """A stream on a terminal that can be closed: then every write fails with EIO (as a
    hung-up terminal's do) and it is no terminal any more."""

    def __init__(self) -> None:
        self.open = True
        self.nowhere = False  # closed, and its descriptor sent to /dev/null
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.flush()
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        if not self.open and not self.nowhere:
            raise OSError(errno.EIO, "Input/output error")

    def isatty(self) -> bool:
        return self.open


def test_output_to_a_closed_terminal_goes_nowhere_and_any_other_failure_is_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing the terminal under `layoffbot run` ended it with exit 1 and "cannot write
    the output to stdout: Input/output error" instead of SIGHUP's clean stop."""
    import bot.cli as cli

    closed: list[bool] = []
    monkeypatch.setattr(cli, "terminal_closed", lambda: closed.append(True))
    terminal = _Terminal()
    out, err = cli._Output(terminal), cli._ErrorOutput(_Terminal())  # type: ignore[arg-type]
    assert out.write("shown\n") == 6 and terminal.written == ["shown\n"]
    terminal.open = False
    assert out.write("layoffbot stopped.\n") == 19  # dropped, not an error
    out.flush()
    assert closed == [True, True]
    err._stream.open = False  # type: ignore[attr-defined]
    assert err.write("layoffbot: ...\n") == 15
    # A file or a pipe that fails with EIO (a failing disk) is an error, as before.
    failing = _Terminal()
    failing.open = False
    with pytest.raises(cli.OutputLost, match="Input/output error"):
        cli._Output(failing).write("x")  # type: ignore[arg-type]
    with pytest.raises(OSError):
        cli._ErrorOutput(failing).write("x")  # type: ignore[arg-type]


async def test_a_console_alert_printed_after_the_terminal_closed_is_not_counted_as_sent() -> None:
    from adapters.console import ConsoleAdapter
    from bot.errors import TransientDeliveryError
    from bot.models import Message

    terminal = _Terminal()
    console = ConsoleAdapter(output=terminal, interactive=False)  # type: ignore[arg-type]
    await console.send(console.target(), Message(title="first"))
    terminal.open = False
    terminal.nowhere = True
    with pytest.raises(TransientDeliveryError, match="terminal was closed"):
        await console.send(console.target(), Message(title="second"))


def test_a_run_lock_whose_file_was_deleted_still_refuses_a_second_run_naming_the_first(
    tmp_path: Path,
) -> None:
    """`rm bot.db.run.lock` under a run let a second `run` start on the same database:
    two schedulers, every alert sent twice."""
    from bot.cli.single import AlreadyRunning, RunLock

    database = tmp_path / "bot.db"
    database.write_bytes(b"")
    first = RunLock(database)
    first.take()
    try:
        lock_file = tmp_path / "bot.db.run.lock"
        assert lock_file.read_text() == str(os.getpid())
        lock_file.unlink()
        second = RunLock(database)
        # The pid from /proc/locks (the lock file the second made is empty).
        with pytest.raises(AlreadyRunning, match=rf"another `layoffbot run` \(pid {os.getpid()}\)"):
            second.take()
        # The running bot's watch puts its file back, over the empty one the refused
        # run left, or where there is none.
        first.keep()
        assert lock_file.read_text() == str(os.getpid())
        lock_file.unlink()
        first.keep()
        assert lock_file.read_text() == str(os.getpid())
        first.keep()  # and leaves it alone while it is there
        with pytest.raises(AlreadyRunning, match=rf"\(pid {os.getpid()}\)"):
            RunLock(database).take()
    finally:
        first.release()
    again = RunLock(database)  # released: the next run takes it
    again.take()
    again.release()


@pytest.mark.parametrize("how", ["deleted", "moved away"])
def test_a_store_whose_file_went_away_fails_its_next_connection_and_never_makes_it_again(
    tmp_path: Path, how: str
) -> None:
    """A new connection of the running bot's pool (an outbox sweep's, under load) made a
    new, empty database at the deleted file's path: the bot's check then had to guess."""
    from bot.errors import DatabaseUnavailable
    from bot.store import Store

    path = tmp_path / "data" / "bot.db"
    store = Store.open(f"sqlite:///{path}")  # made on the first opening, as ever
    assert path.exists() and store.list_feeds() == []
    store.close()  # its pooled connections closed: the next one is new
    if how == "deleted":
        for name in ("bot.db", "bot.db-wal", "bot.db-shm"):
            (path.parent / name).unlink(missing_ok=True)
    else:
        path.rename(tmp_path / "elsewhere.db")
    with pytest.raises(DatabaseUnavailable, match="unable to open database file"):
        store.list_feeds()
    assert not path.exists()
    store.close()
