"""The leader lock: which of several bot processes on one database runs the schedules.

On PostgreSQL it is a session advisory lock held on a connection of its own, outside the
pool's reuse: if the process dies its connection closes and the lock is free for another
process at its next `hold()`. On SQLite there is one process, which always leads.
"""

from __future__ import annotations

import contextlib
import logging
from types import TracebackType

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.store.base import store_error
from bot.store.liveness import keep_alive

log = logging.getLogger(__name__)

# Advisory locks belong to the database, not the schema: two deployments in schemas of
# one database (search_path in the URL's options) shared one lead, and only one of them
# ever polled. Outside `public` the key is mixed with the schema's name; in `public` it
# is the key as before, so a rolling upgrade keeps one leader.
_LOCK_ID = (
    "CASE WHEN current_schema() = 'public' THEN CAST(:id AS bigint)"
    " ELSE CAST(:id AS bigint) # hashtextextended(current_schema(), 0) END"
)
_TRY_LOCK = text(f"SELECT pg_try_advisory_lock({_LOCK_ID})")
_UNLOCK = text(f"SELECT pg_advisory_unlock({_LOCK_ID})")


class SqlLeaderLock:
    """One named leadership, taken or kept by `hold()` and given up by `release()`.

    Not thread-safe: one scheduler checks it, from one thread at a time.
    """

    def __init__(self, engine: Engine, key: int) -> None:
        self._engine = engine
        self._key = key
        self._conn: Connection | None = None
        self._held = False
        self._failing = False  # the last check failed on a database error

    def hold(self) -> bool:
        """Keep the lock or try to take it; True while this process leads.

        Never raises: a database failure (connection lost, server down) means the lock
        is not held, and it is logged; the next call tries again on a new connection.
        """
        if self._engine.dialect.name == "sqlite":
            self._held = True
            return True
        if self._held and self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                # End the check's transaction: left open, the session sat "idle in
                # transaction" between checks, and a server with
                # idle_in_transaction_session_timeout (common on managed PostgreSQL)
                # closed it, dropping the lock every other check (leader_connection_lost).
                self._conn.commit()
                return True
            except Exception:
                log.warning("event=leader_connection_lost")
                self._drop()
        try:
            if self._conn is None:
                self._conn = self._engine.connect()
                keep_alive(self._conn)  # a leader's host gone silent frees the lead in ~30 s
            got = bool(self._conn.execute(_TRY_LOCK, {"id": self._key}).scalar())
            # End the implicit transaction; the session lock stays.
            self._conn.commit()
        except SQLAlchemyError as exc:
            # The database is down or unreachable: one line when it starts (a traceback of
            # ~8 KB every 15 s buried the cause), one when a check works again.
            if not self._failing:
                log.warning("event=leader_check_failed reason=%r", str(store_error(exc)))
            self._failing = True
            self._drop()
            got = False
        except Exception:
            log.exception("event=leader_check_failed")
            self._drop()
            got = False
        else:
            if self._failing:
                log.info("event=leader_check_recovered")
            self._failing = False
        if got and not self._held:
            log.info("event=leader_acquired")
        self._held = got
        return got

    def release(self) -> None:
        """Give up leadership (idempotent); another process may take it at once."""
        if self._conn is not None and self._held:
            with contextlib.suppress(Exception):
                self._conn.execute(_UNLOCK, {"id": self._key})
                self._conn.commit()
        self._drop()

    def __enter__(self) -> SqlLeaderLock:
        self.hold()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def _drop(self) -> None:
        """Close the lock's connection for real: the pool must not keep its session."""
        self._held = False
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None
