"""A killed `run`'s claims come back at once on PostgreSQL (bot.store.liveness), never a
live one's; SQLite is unchanged (one `run` per file takes back a stopped run's claims).

Operator finding, session 17: on PostgreSQL a restart or a standby waited out the claim's
2-minute lease before sending what a killed process had claimed.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.models import DeliveryReceipt, Message, Target
from bot.outbox import Dispatcher, enqueue_message
from bot.store import Store
from bot.store.liveness import LIVE_MARK, WorkerLiveness, live_worker_id
from tests.conftest_social import NOW

LEASE = timedelta(minutes=2)


def _plan(store: Store, *keys: str) -> None:
    for key in keys:
        enqueue_message(
            store,
            key=key,
            target=Target("slack", channel_id="C1", workspace_id="T1"),
            message=Message(title=key),
            source="alert",
            now=NOW,
        )


def _claim(store: Store, worker: str) -> list[str]:
    return [d.key for d in store.claim_deliveries(worker_id=worker, now=NOW, lease=LEASE)]


def _process(url: str) -> WorkerLiveness:
    """Another `run`'s lock, on an engine (a process) of its own."""
    return WorkerLiveness(create_engine(url), live_worker_id("other-host:4242"))


def _kill(live: WorkerLiveness) -> None:
    """The process dies: PostgreSQL ends its session (as kill -9 closes its socket)."""
    assert live._conn is not None
    pid = live._conn.execute(text("SELECT pg_backend_pid()")).scalar()
    live._conn.commit()
    with live._engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
        # The signal is sent; the session ends (and frees its locks) a moment later.
        deadline = time.monotonic() + 10
        gone = text("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = :pid)")
        while not conn.execute(gone, {"pid": pid}).scalar():
            conn.commit()
            assert time.monotonic() < deadline, "the session did not end"
            time.sleep(0.02)
        conn.commit()


def test_a_live_worker_id_is_marked_and_unique() -> None:
    one, two = live_worker_id("h:1"), live_worker_id("h:1")
    assert one != two and one.startswith("h:1" + LIVE_MARK)


def test_sqlite_has_no_liveness_and_keeps_the_lease(tmp_path: Any) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    try:
        assert store.worker_liveness("h:1") is None
        _plan(store, "a")
        assert _claim(store, "h:1#0000") == ["a"]  # even a marked id: the lease alone
        assert _claim(store, "h:2") == []
        assert store.claims_held(now=NOW)[0][3] is False
    finally:
        store.close()


def test_a_dead_processs_claims_are_taken_at_once_as_unsure(pg_schema: str) -> None:
    store = Store.open(pg_schema)
    other = _process(pg_schema)
    try:
        _plan(store, "a", "b")
        assert other.hold()
        assert _claim(store, other.worker_id) == ["a", "b"]
        # Alive: never taken, and said as held, not stopped.
        assert _claim(store, "me:1") == []
        assert [(n, stopped) for _, n, _, stopped in store.claims_held(now=NOW)] == [(2, False)]
        _kill(other)
        assert [(n, stopped) for _, n, _, stopped in store.claims_held(now=NOW)] == [(2, True)]
        taken = store.claim_deliveries(worker_id="me:1", now=NOW, lease=LEASE)
        assert [(d.key, d.reclaimed) for d in taken] == [("a", True), ("b", True)]
    finally:
        other.release()
        store.close()


def test_claims_without_the_mark_keep_their_lease(pg_schema: str) -> None:
    # An older `run` (or `layoffbot ask`, or a process that lost its lock) holds no
    # liveness lock: its claims cannot be told from a live process's, and wait.
    store = Store.open(pg_schema)
    try:
        _plan(store, "a")
        assert _claim(store, "old-host:7") == ["a"]
        assert _claim(store, "me:1") == []
        assert store.claims_held(now=NOW)[0][3] is False
        assert [
            d.key
            for d in store.claim_deliveries(worker_id="me:1", now=NOW + LEASE * 1.01, lease=LEASE)
        ] == ["a"]
    finally:
        store.close()


def test_a_released_lock_is_free_and_held_again_in_a_new_taking(pg_schema: str) -> None:
    store = Store.open(pg_schema)
    live = store.worker_liveness("me:1")
    assert live is not None
    try:
        assert live.hold() and live.epoch == 1
        assert live.hold() and live.epoch == 1  # kept, not taken again
        _kill(live)  # its connection ends under it (a server restart, a network cut)
        assert live.hold() and live.epoch == 2
        live.release()
        _plan(store, "a")
        store.claim_deliveries(worker_id=live.worker_id, now=NOW, lease=LEASE)
        assert _claim(store, "me:2") == ["a"]
    finally:
        live.release()
        store.close()


class _Liveness:
    """A lock that is lost (and taken again) after the first claim."""

    def __init__(self) -> None:
        self.worker_id = "me:1#feed"
        self.epoch = 1
        self.checks = 0

    def hold(self) -> bool:
        self.checks += 1
        if self.checks == 2:
            self.epoch += 1
        return True


class _Recording:
    name = "slack"

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        self.sent.append(message.title)
        return DeliveryReceipt(message_id=message.title)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_batch_claimed_before_the_lock_was_lost_is_given_back_unsent(
    backend: str, tmp_path: Any, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path}/bot.db"
        if backend == "sqlite"
        else request.getfixturevalue("pg_schema")
    )
    store = Store.open(url)
    try:
        _plan(store, "a", "b")
        adapter = _Recording()
        live = _Liveness()
        dispatcher = Dispatcher(
            store, {"slack": adapter}, worker_id="me:1", clock=lambda: NOW, liveness=live
        )
        stats = asyncio.run(dispatcher.run_once())
        assert adapter.sent == [] and stats.deferred == 2
        rows = store.list_deliveries()
        assert [(d.state, d.claimed_by) for d in rows] == [("pending", None)] * 2
        stats = asyncio.run(dispatcher.run_once())  # the lock is held again: sent
        assert adapter.sent == ["a", "b"] and stats.sent == 2
    finally:
        store.close()


def test_behind_a_transaction_pooler_the_lock_is_unverified_and_claims_keep_the_lease(
    pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lock taken, but on a server session that is not this client's: it proves
    # nothing, so the dispatcher claims under its plain id (the lease alone), and the
    # lock is not tried again at every claim (each try is a new connection).
    import bot.store.liveness as liveness

    monkeypatch.setattr(liveness, "_MINE", text("SELECT false"))
    store = Store.open(pg_schema)
    live = store.worker_liveness("me:1")
    assert live is not None
    try:
        _plan(store, "a")
        adapter = _Recording()
        dispatcher = Dispatcher(
            store, {"slack": adapter}, worker_id="me:1", clock=lambda: NOW, liveness=live
        )
        assert dispatcher.claim()[0].claimed_by == "me:1"
        connects = 0
        real_connect = live._engine.connect

        def counted() -> Any:
            nonlocal connects
            connects += 1
            return real_connect()

        monkeypatch.setattr(live._engine, "connect", counted)
        assert not live.hold() and connects == 0
    finally:
        live.release()
        store.close()


def test_the_lock_session_asks_the_server_to_notice_a_silent_host_within_seconds(
    pg_schema: str,
) -> None:
    # A host that loses power sends no FIN: the server learnt of it by TCP keepalive,
    # after the system's default 2 hours (the claims waited for their lease meanwhile).
    store = Store.open(pg_schema)
    live = store.worker_liveness("me:1")
    assert live is not None
    try:
        assert live.hold() and live._conn is not None
        shown = {
            name: live._conn.execute(text(f"SHOW {name}")).scalar()
            for name in ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count")
        }
        live._conn.commit()
        assert shown == {
            "tcp_keepalives_idle": "15",
            "tcp_keepalives_interval": "5",
            "tcp_keepalives_count": "3",
        }
        assert live.hold() and live.epoch == 1
    finally:
        live.release()
        store.close()


def test_the_leader_lock_session_keeps_alive_too(pg_schema: str) -> None:
    # The lead of a host that lost power was held for 2 hours (no poll, no digest).
    store = Store.open(pg_schema)
    lock = store.leader_lock(0x5EED17)
    try:
        assert lock.hold() and lock._conn is not None
        idle = lock._conn.execute(text("SHOW tcp_keepalives_idle")).scalar()
        lock._conn.commit()
        assert idle == "15" and lock.hold()
    finally:
        lock.release()
        store.close()
