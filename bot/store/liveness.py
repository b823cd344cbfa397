"""A `run` process's liveness on PostgreSQL, so that what it claimed comes back at once
when it dies.

Each `run` holds, while it lives, a session advisory lock named after its worker id, on
a connection of its own that the pool never reuses. PostgreSQL frees the lock the moment
that session ends: the process exited, was killed (kill -9, OOM), or its host went down
(once the server notices the connection is gone). A delivery claimed under such an id
(`host:pid#token`, `LIVE_MARK`) whose lock is free counts as expired (bot.store.deliveries),
so a standby or a restart sends it within a sweep, as unsure (it first looks for the post
the dead process may have made), instead of after the claim's 2-minute lease.

The claimer sends only what it claimed while its lock was verifiably its own (`hold()`
before each claim and each send, and the same `epoch`): if its lock's connection is lost
(a server restart, a network cut), another process may have taken its claims meanwhile, so
it gives back the claims it made under that taking of the lock, and claims under its
plain id, with the lease alone, until it holds the lock again. A send already under way
when the lock is lost (at most the send timeout) is the one window left: another process
taking the delivery then retries it as unsure, looking for the post first. Claims without the mark (older versions, `layoffbot ask`,
a process without its lock) keep the lease alone: a live claimer is never overtaken.

Behind a pooler that does not keep one server session per client session (PgBouncer's
transaction or statement pooling), the lock cannot be verified as this session's, so the
process claims with the lease alone (docs/reliability.md). On SQLite there is none: one `run`
holds the file, and takes back a stopped run's claims at start.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

# In a worker id, what follows this mark names the lock its process holds while it runs.
LIVE_MARK = "#"
# The advisory lock's first key (its two-key space is apart from the leader lock's one).
NAMESPACE = 0x1A70FFB0
# A lock taken but not this session's (a transaction pooler) is tried again after this
# long, not at every claim: each try is a new connection.
UNVERIFIED_RETRY_SECONDS = 60.0

# The server notices a host gone without a word (a power cut, a reboot: no FIN) by TCP
# keepalive on the lock's connection: after ~30 s, not the system's default 2 hours, which
# left the claims to their lease. Per session; ignored over a Unix socket.
KEEPALIVE = {"tcp_keepalives_idle": 15, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}
_TRY_LOCK = text("SELECT pg_try_advisory_lock(:ns, hashtext(:worker))")
_UNLOCK = text("SELECT pg_advisory_unlock(:ns, hashtext(:worker))")
# Held by this very session: behind a transaction pooler the statement may reach a server
# session other than the one that took it, and the lock proves nothing.
_MINE = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid()"
    " AND locktype = 'advisory' AND classid = CAST(:ns AS oid)"
    " AND objid = CAST(hashtext(:worker) AS oid) AND objsubid = 2 AND granted)"
)


def live_worker_id(worker_id: str) -> str:
    """`worker_id` with this process's mark: unique even where host and pid repeat (a
    container restarted keeps its host name, and its `run` is pid 1 again)."""
    return f"{worker_id}{LIVE_MARK}{secrets.token_hex(4)}"


class WorkerLiveness:
    """This process's lock on PostgreSQL; `worker_id` is the id its claims carry.

    Thread-safe: the dispatcher checks it from the event loop and from its claim thread.
    """

    def __init__(self, engine: Engine, worker_id: str) -> None:
        self._engine = engine
        self.worker_id = worker_id
        self._conn: Connection | None = None
        self._mutex = threading.Lock()
        self._lost_said = False
        self._unverified_at: float | None = None  # monotonic time of the last such try
        # How many times the lock was taken: claims made under an earlier taking may have
        # been taken over while it was not held, and are not sent (bot.outbox).
        self.epoch = 0

    def hold(self) -> bool:
        """True while this process's session holds its lock (taken, or taken again on a
        new connection, if need be). Never raises: a database failure means not held."""
        params = {"ns": NAMESPACE, "worker": self.worker_id}
        with self._mutex:
            if self._conn is not None:
                try:
                    mine = bool(self._conn.execute(_MINE, params).scalar())
                    self._conn.commit()  # never left idle in a transaction
                except Exception:
                    mine = False  # its connection is gone: taken again on a new one
                if mine:
                    return True
                self._drop()
            tried = self._unverified_at
            if tried is not None and time.monotonic() - tried < UNVERIFIED_RETRY_SECONDS:
                return False
            try:
                self._conn = self._engine.connect()
                keep_alive(self._conn)
                self._conn.execute(_TRY_LOCK, params)
                mine = bool(self._conn.execute(_MINE, params).scalar())
                self._conn.commit()
            except Exception as exc:
                self._drop()
                if not self._lost_said:
                    log.warning(
                        "event=worker_lock_lost worker=%s reason=%r", self.worker_id, str(exc)
                    )
                self._lost_said = True
                return False
            if not mine:
                self._drop()
                self._unverified_at = time.monotonic()
                if not self._lost_said:
                    log.warning(
                        "event=worker_lock_unverified worker=%s: claims keep their lease"
                        " (a transaction pooler between the bot and PostgreSQL?)",
                        self.worker_id,
                    )
                self._lost_said = True
                return False
            self._unverified_at = None
            self.epoch += 1
            if self._lost_said:
                log.info("event=worker_lock_held worker=%s", self.worker_id)
            self._lost_said = False
            return True

    def release(self) -> None:
        """Free the lock and close its connection (idempotent)."""
        with self._mutex:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.execute(_UNLOCK, {"ns": NAMESPACE, "worker": self.worker_id})
                    self._conn.commit()
            self._drop()

    def _drop(self) -> None:
        """Close the lock's connection for real: the pool must not keep its session."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None


def keep_alive(conn: Connection) -> None:
    """KEEPALIVE on this session, where the server allows it (a setting it refuses, on a
    pooler or an old server, leaves the default: the lease still bounds the wait)."""
    for name, value in KEEPALIVE.items():
        try:
            conn.execute(text(f"SET {name} = {int(value)}"))
            conn.commit()
        except Exception:
            conn.rollback()
