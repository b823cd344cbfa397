"""Engine set-up shared by every part of the store: SQLite (WAL) or PostgreSQL by URL."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
    StatementError,
)
from sqlalchemy.pool import NullPool, QueuePool

from bot.errors import DatabaseUnavailable, StoreError
from bot.store.held import HeldStories

# SQLite connections kept open between transactions. Opening one costs the pragmas, and
# closing the last one checkpoints the WAL: with a new connection per transaction that was
# ~9% of a cold poll. A few cover the writer thread, the event loop's reads and the outbox.
SQLITE_POOL_SIZE = 4


def _create_private_database_file(path: str) -> Path | None:
    """Create a new SQLite database file readable by its owner only (0600), in a folder
    made 0700 when this makes it; an existing file or folder keeps the mode it has.

    The database holds the feed URLs (their `?token=...` query strings included), each
    workspace's own feeds and who follows what: with the default umask it was 0644 in a
    0755 folder, readable by every account on the machine. SQLite gives the `-wal` and
    `-shm` files the database's mode, so they are private too.

    The file, which then exists, unless the path is a URI filename (SQLite's to interpret)."""
    if path.startswith("file:") or "?" in path:
        return None
    file = Path(path)
    if not file.parent.exists():
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # It exists already (kept as it is), or SQLite will say why it cannot open it.
    with contextlib.suppress(OSError):
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return file.absolute()


def _never_create(engine: Engine, file: Path) -> None:
    """The engine's connections open `file` without creating it (SQLite's `mode=rw`).

    The file is made once, when the store is opened (`_create_private_database_file`).
    Deleted under a running bot, a connection opened later (a new one of the pool, an
    outbox sweep's) made a new, empty database at the path, and the bot's check of its
    file had to guess whether that was a deletion or a replacement (bot/cli/single.py);
    now such a connection fails ("unable to open database file") and the file is seen
    deleted, as it was."""
    uri = f"{file.as_uri()}?mode=rw"

    @event.listens_for(engine, "do_connect")
    def _open_existing(
        _dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
    ) -> None:
        cargs[:] = [uri]
        cparams["uri"] = True


def make_engine(url: str) -> Engine:
    """An engine for `url`. SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        in_memory = not path or path == ":memory:"
        file = None if in_memory else _create_private_database_file(path)
        pool: dict[str, Any] = (
            {"poolclass": NullPool}
            if in_memory
            else {"poolclass": QueuePool, "pool_size": SQLITE_POOL_SIZE, "max_overflow": 16}
        )
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,  # as for PostgreSQL below
            **pool,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let BEGIN be issued by SQLAlchemy, so BEGIN IMMEDIATE works for claims.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        if file is not None:
            _never_create(engine, file)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            # A read-ahead of the writer (bot/store/prefetch.py) only reads, inside the
            # writer's transaction: IMMEDIATE would wait for the writer's lock.
            if conn.get_execution_options().get("sqlite_read_only"):
                conn.exec_driver_sql("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # hide_parameters: a failed statement's error (logged with its traceback) carried every
    # bound value, a whole batch of items' text on one log line (trial: a removed feed's
    # ingest); the SQL stays, the values do not.
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True
    )


class StoreBase:
    """Holds the engine. Every public method of the store runs in its own transaction,
    unless the calling thread already has one open (see `tx`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._open = threading.local()
        # The stories this process last wrote (bot/store/held.py), for the next batch.
        self.held = HeldStories()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def tx(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises.

        For the store's own methods (and test and bench fixtures): the core uses the
        typed `Store.unit_of_work()` instead, so no Connection leaves bot/store/.
        A `tx` (or unit of work) opened while the same thread has one open joins it (no
        savepoint): the ingest path groups a feed's reads, or its alerts and poll record,
        into one transaction by calling the store's public methods inside one unit of
        work. On SQLite a second transaction of the same thread could only wait for the
        first's lock.

        Raises StoreError (bot.errors) for a database failure, with the driver's error as
        its cause, so callers outside the store handle one exception tree, not SQLAlchemy's.
        """
        joined: Connection | None = getattr(self._open, "conn", None)
        if joined is not None:
            yield joined
            return
        committed: list[Callable[[], None]] = []
        try:
            with self.engine.begin() as conn:
                self._open.conn, self._open.committed = conn, committed
                try:
                    yield conn
                finally:
                    self._open.conn = self._open.committed = None
        except SQLAlchemyError as exc:
            raise store_error(exc) from exc
        for then in committed:
            then()

    def after_commit(self, then: Callable[[], None]) -> None:
        """Run `then` once the calling thread's open transaction has committed (never if
        it rolls back); with none open, not at all."""
        committed: list[Callable[[], None]] | None = getattr(self._open, "committed", None)
        if committed is not None:
            committed.append(then)

    def close(self) -> None:
        self.engine.dispose()


def pg_insert(table: Any) -> Any:
    """PostgreSQL's insert, imported when used: its dialect costs every start ~30 ms."""
    from sqlalchemy.dialects.postgresql import insert

    return insert(table)


def store_error(exc: BaseException) -> StoreError:
    """The StoreError to raise (`from exc`) for a driver or SQLAlchemy failure: the
    driver's OperationalError or InterfaceError (server down, connection lost, SQLite
    busy) is DatabaseUnavailable."""
    message = f"database error ({type(exc).__name__}): {_first_line(exc)}"
    if isinstance(exc, OperationalError | InterfaceError):
        return DatabaseUnavailable(message)
    return StoreError(message)


def refused_data(exc: BaseException) -> bool:
    """Whether a failed write is the data's fault, not the database's: a constraint or a
    value the database refuses (IntegrityError, DataError: PostgreSQL's NUL, a number out
    of range, a text too long) or one the driver cannot send (a lone surrogate's
    UnicodeEncodeError, an int past 64 bits' OverflowError, a ValueError of SQLAlchemy's
    bind processing). Writing the same rows again refuses them again. DatabaseUnavailable
    (a lost connection, a locked SQLite file) and every other error are not: those are
    retried as a whole. A plain ValueError is not either: raised by the bot's own code,
    it is a bug to report loudly, not an item to skip."""
    if isinstance(exc, DatabaseUnavailable):
        return False
    cause = exc.__cause__ if isinstance(exc, StoreError) else exc
    if isinstance(cause, IntegrityError | DataError):
        return True
    if isinstance(cause, StatementError) and not isinstance(cause, DBAPIError):
        # A bound value SQLAlchemy's own processing refused.
        return isinstance(cause.orig, ValueError | OverflowError)
    return isinstance(cause, UnicodeError | OverflowError)


def _first_line(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's appended SQL and parameters."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__
