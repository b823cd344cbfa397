"""Opening one database from several processes at once, as a deployment starts them."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from bot.store import Store
from bot.store.leader import _LOCK_ID
from bot.store.migrate import current_revision, head_revision
from tests.e2e import ROOT

# Each process waits for the same moment, then opens (and so migrates) the database.
OPEN_AT = """
import sys, time
from bot.store import Store
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
store = Store.open(sys.argv[1])
print(store.claim_once("default-feeds-decided"))
store.close()
"""


def test_several_processes_opening_a_new_database_at_once_all_start(database_url: str) -> None:
    """Two `layoffbot run` started together on a new PostgreSQL database each saw no
    schema and created the tables at once: all but one stopped on 'duplicate key value
    violates unique constraint "pg_type_typname_nsp_index"'. (Processes, not threads:
    Alembic's migration context is one per process.) Then the one-time claim of the
    default feeds stopped all but one with a traceback (duplicate key "meta_pkey")."""
    at = str(time.time() + 3.0)
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT, database_url, at],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in starters]
    assert [p.returncode for p in starters] == [0, 0, 0], outputs
    # The one-time set-up (the default feeds) is claimed by exactly one of them.
    assert sorted(out.strip() for out, _ in outputs) == ["False", "False", "True"]
    store = Store.open(database_url, migrate=False)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_the_leader_keeps_its_lock_where_idle_transactions_are_closed(pg_schema: str) -> None:
    """The leader's lock connection sat "idle in transaction" after each check: a server
    with idle_in_transaction_session_timeout closed it, and leadership was dropped and
    retaken every other check."""
    # Migrated first without the 0.3 s limit: on a loaded machine the migration itself
    # pauses longer than that between statements inside its transaction.
    Store.open(pg_schema).close()
    url = pg_schema + "%20-cidle_in_transaction_session_timeout%3D300"
    store = Store.open(url)
    lock = store.leader_lock(0x7E57)
    try:
        assert lock.hold()
        for _ in range(3):
            time.sleep(0.6)
            assert lock.hold()
        with store.engine.connect() as conn:
            # Only this lock's holder: other tests running beside this one hold advisory
            # locks of their own (story filing, migrations) inside open transactions.
            states = conn.execute(
                text(
                    "SELECT a.state FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.database = ("
                    "   SELECT oid FROM pg_database WHERE datname = current_database())"
                    " AND ((l.classid::bigint << 32) | l.objid::bigint)"
                    f"   = {_LOCK_ID}"
                ),
                {"id": 0x7E57},
            ).scalars()
            assert list(states) == ["idle"]
    finally:
        lock.release()
        store.close()


def test_a_database_that_cannot_be_reached_is_one_log_line_per_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each leader check (every 15 s) logged an 8 KB traceback while PostgreSQL was
    unreachable; now one line naming the reason, and one when a check works again."""
    import socket

    from sqlalchemy import create_engine

    from bot.store.leader import SqlLeaderLock

    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = create_engine(f"postgresql+psycopg://u@127.0.0.1:{port}/db?connect_timeout=2")
    lock = SqlLeaderLock(engine, 1)
    with caplog.at_level(logging.INFO, logger="bot.store.leader"):
        assert [lock.hold() for _ in range(3)] == [False, False, False]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1, lines
    assert lines[0].startswith("event=leader_check_failed reason='database error (Operational")
    assert "refused" in lines[0]
    assert caplog.records[0].exc_info is None
    engine.dispose()


def test_deployments_in_two_schemas_of_one_database_each_have_a_leader(
    pg_schema: str,
) -> None:
    """Advisory locks are per database: the bot in a second schema never led, and so
    never polled or planned a digest."""
    from tests.conftest import PG_URL, pg_schema_url

    other = "t_other_" + pg_schema.rsplit("search_path%3D", 1)[1][2:14]
    admin = Store.open(str(PG_URL), migrate=False)
    with admin.engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {other}"))
    first, second = Store.open(pg_schema), Store.open(pg_schema_url(other))
    locks = [first.leader_lock(7), second.leader_lock(7)]
    try:
        assert [lock.hold() for lock in locks] == [True, True]
        third = Store.open(pg_schema)
        try:
            assert not third.leader_lock(7).hold()  # still one per schema
        finally:
            third.close()
    finally:
        for lock in locks:
            lock.release()
        first.close()
        second.close()
        with admin.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {other} CASCADE"))
        admin.close()
