"""Three bot processes on one PostgreSQL database; the leader is SIGKILLed mid-run.

Each process (tests/faults/scaleout_worker.py) runs the real Scheduler, Poller, Pipeline
and Dispatcher against one schema, with a digest due and feeds that gain items. After
the first digest went out the test kills the leader, adds items and a second channel's
digest, and checks: polling ran in one process at a time, another process took over the
leader lock, each digest and alert was planned once and confirmed once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.serialize import message_from_json, message_to_json, target_from_json
from bot.store import Store
from bot.store.tables import items
from tests.e2e import patience
from tests.faults.checks import expected_alert_keys, subscribe_all
from tests.faults.feeds import item_guid, rss
from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 2
PROCESSES = 3


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + patience(timeout)
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _start(url: str, record: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.scaleout_worker", url, str(record)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def _digest(store: Store, channel: str) -> None:
    store.set_digest(
        platform="slack",
        workspace_id="T1",
        channel_id=channel,
        now=datetime.now(UTC),
        updated_by="UADMIN",
        enabled=True,
        time="00:00",
        timezone="UTC",
        post_quiet_days=True,
    )


def _leaders(record: Path) -> list[int]:
    return [int(ln.split()[1]) for ln in _lines(record) if ln.startswith("LEADER ")]


@pytest.mark.slow
def test_three_processes_run_schedules_once_and_survive_the_leader_dying(
    pg_schema: str, tmp_path: Path
) -> None:
    store = Store.open(pg_schema)
    record = tmp_path / "record.log"
    now = datetime.now(UTC)
    subscribe_all(store, now)
    procs: list[subprocess.Popen[bytes]] = []
    with FeedServer() as server:
        for f in range(FEEDS):
            url = server.url(f"/feed{f}.xml")
            store.add_feed(url, f"Feed {f}")
            store.mark_primed(url)
            server.route(f"/feed{f}.xml", body=rss(f, 5), etag=f'"a{f}"')
        _digest(store, "CD1")
        try:
            procs = [_start(pg_schema, record) for _ in range(PROCESSES)]
            _wait(lambda: len(_leaders(record)) >= 1, 30, "a leader")

            def digest_sent(channel: str) -> bool:
                d = [
                    r
                    for r in store.list_deliveries("sent")
                    if r.source == "digest" and r.parent_key is None and channel in r.target
                ]
                return bool(d)

            _wait(lambda: digest_sent("CD1"), 20, "the first digest")
            first = _leaders(record)[0]
            # Kill it once it has polled (the crash test covers kills inside a poll).
            _wait(lambda: f"POLL-END {first}" in _lines(record), 20, "the first poll")
            victim = next(p for p in procs if p.pid == first)
            _kill(victim)
            with record.open("a") as fh:
                fh.write(f"KILLED {first}\n")
            for f in range(FEEDS):
                server.route(f"/feed{f}.xml", body=rss(f, 10), etag=f'"b{f}"')
            _digest(store, "CD2")
            want = {item_guid(f, n) for f in range(FEEDS) for n in range(10)}

            def stored() -> set[str]:
                with store.tx() as conn:
                    return set(conn.execute(select(items.c.guid)).scalars())

            _wait(lambda: any(p != first for p in _leaders(record)), 20, "a new leader")
            _wait(lambda: stored() == want, 20, "the new items")
            _wait(lambda: digest_sent("CD2"), 20, "the second digest")
            _wait(lambda: not store.list_deliveries("pending"), 20, "the outbox to drain")
            time.sleep(1.0)  # a few more rounds of every job, to catch double runs
        finally:
            for proc in procs:
                _kill(proc)
    lines = _lines(record)

    # Polling (a leader-only schedule) ran in one live process at a time.
    open_polls: set[int] = set()
    for ln in lines:
        kind, _, rest = ln.partition(" ")
        pid = int(rest.split()[0]) if rest else 0
        if kind == "POLL-START":
            assert not open_polls - {pid}, f"two processes polled at once: {ln}"
            open_polls.add(pid)
        elif kind == "POLL-END" or kind == "KILLED":
            open_polls.discard(pid)
    pollers_after = {
        int(ln.split()[1])
        for ln in lines[lines.index(f"KILLED {first}") :]
        if ln.startswith("POLL-")
    }
    assert pollers_after and first not in pollers_after
    assert len(pollers_after) == 1, "more than one process took over polling"

    # Every delivery planned once (by key) and confirmed once, whoever sent it.
    rows = store.list_deliveries()
    assert {r.state for r in rows} == {"sent"}
    digests = [r for r in rows if r.source == "digest" and r.parent_key is None]
    assert sorted(target_from_json(r.target).channel_id or "" for r in digests) == ["CD1", "CD2"]
    missing = expected_alert_keys(store) - {r.key for r in rows}
    confirmed = Counter(ln.split()[2] for ln in lines if ln.startswith("CONFIRMED "))
    assert [k for k, n in confirmed.items() if n != 1] == [], "a delivery was confirmed twice"
    # The killed leader may have died between marking a delivery sent and writing its
    # CONFIRMED line: the database is the authority, the record may miss that one.
    assert len({r.key for r in rows} - set(confirmed)) <= 1
    ident = {
        f"{target_from_json(r.target).channel_id} "
        + hashlib.sha256(message_to_json(message_from_json(r.message)).encode()).hexdigest()[
            :16
        ]: r.key
        for r in rows
    }
    assert len(ident) == len(rows)
    sends = Counter(ident[" ".join(ln.split()[2:])] for ln in lines if ln.startswith("SEND "))
    assert set(sends) == {r.key for r in rows}
    # Only the send the killed leader had in flight may have gone out twice.
    assert sum(n - 1 for n in sends.values()) <= 1
    with store.tx() as conn:
        guids = Counter(conn.execute(select(items.c.guid)).scalars())
    assert [g for g, n in guids.items() if n > 1] == []
    store.close()
    assert missing == set(), f"{len(missing)} alert(s) never planned"
