"""A standby taking over the lead says so and polls at once (operator finding, session
17: a console-only standby printed nothing when the leader died, and a digest the dead
leader owed waited for the standby's next poll, up to the poll interval)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

from bot.store import Store
from feeds.scheduler import Scheduler

FAST = dict(digest_seconds=0.1, sweep_seconds=0.1, leader_seconds=0.2)


async def _until(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def _scheduler(store: Store, key: int, polls: list[str], name: str, said: list[bool]) -> Scheduler:
    async def poll() -> None:
        polls.append(name)

    return Scheduler(
        store,
        poll=poll,
        poll_seconds=3600,  # no poll but the first for an hour, unless taking over
        lock_id=key,
        on_leader_change=said.append,
        **FAST,
    )


async def test_a_standby_taking_over_says_so_and_polls_at_once(pg_schema: str) -> None:
    key = random.randrange(1, 2**62)
    first, second = Store.open(pg_schema), Store.open(pg_schema)
    polls: list[str] = []
    said_first: list[bool] = []
    said_second: list[bool] = []
    leader = _scheduler(first, key, polls, "leader", said_first)
    standby = _scheduler(second, key, polls, "standby", said_second)
    try:
        await leader.start()
        await standby.start()
        await _until(lambda: polls == ["leader"])
        assert not standby.is_leader and said_second == []  # standing by: said at start
        await leader.stop()  # its lock is free, as when its process dies
        await _until(lambda: polls == ["leader", "standby"], timeout=5)
        assert standby.is_leader and said_second == [True]
        assert said_first == []  # a stop gives the lead up in silence
    finally:
        await leader.stop()
        await standby.stop()
        first.close()
        second.close()


async def test_a_sqlite_run_leads_from_the_start_and_says_nothing_more(tmp_path: object) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    polls: list[str] = []
    said: list[bool] = []
    scheduler = _scheduler(store, 1, polls, "only", said)
    try:
        await scheduler.start()
        await _until(lambda: polls == ["only"])
        await asyncio.sleep(0.5)  # a few leader checks
        assert scheduler.is_leader and said == [] and polls == ["only"]
    finally:
        await scheduler.stop()
        store.close()


def test_each_change_of_lead_is_said_as_what_it_is(capsys: object) -> None:
    from bot.cli.lead import LeadSaid

    standby, leader = LeadSaid(), LeadSaid()
    standby(True)
    leader(False)  # it led from the start, and its database connection was lost
    leader(True)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out.count("this one takes over, polling the feeds") == 1
    assert "no longer polling the feeds: the database did not answer" in out
    assert "polling the feeds and planning the digests again." in out
