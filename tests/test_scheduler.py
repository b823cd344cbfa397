"""The scheduler: jobs run, and with two processes on PostgreSQL a digest posts once."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.outbox import Dispatcher
from bot.store import Store
from feeds.scheduler import Scheduler
from tests.conftest_social import Clock, FakeAdapter, cmd, make_app

DAY = datetime(2025, 1, 20, tzinfo=UTC)
FAST = dict(digest_seconds=0.1, sweep_seconds=0.1, leader_seconds=0.2)


async def _until(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_scheduler_polls_plans_digests_and_sweeps(store: Store, make_story: Any) -> None:
    clock = Clock(DAY + timedelta(hours=10))
    await make_app(store, Clock(DAY - timedelta(days=1))).handle(cmd("digest on"))
    make_story("TikTok", first_seen=DAY + timedelta(hours=1))
    polls: list[int] = []

    async def poll() -> None:
        polls.append(1)

    adapter = FakeAdapter()
    scheduler = Scheduler(
        store,
        poll=poll,
        dispatcher=Dispatcher(store, {"slack": adapter}, "w1", clock),
        poll_seconds=60,
        clock=clock,
        lock_id=random.randrange(1, 2**62),
        **FAST,
    )
    await scheduler.start()
    try:
        await _until(lambda: len(adapter.sent) == 2)
        assert scheduler.is_leader and polls == [1]
    finally:
        await scheduler.stop()
        await scheduler.stop()  # idempotent


async def test_every_process_tidies_its_own_files_at_start_and_a_failure_stops_nothing(
    store: Store,
) -> None:
    """Old saved charts (bot.charts.prune_charts) are this machine's: the tidy job runs in
    each process, leader or not, and a failing tidy stops nothing."""
    lock_id = random.randrange(1, 2**62)
    clock = Clock(DAY)
    tidied: list[tuple[str, datetime]] = []

    def tidy(name: str) -> Callable[[datetime], object]:
        def run(now: datetime) -> None:
            tidied.append((name, now))
            if name == "second":
                raise OSError("disk gone")

        return run

    first = Scheduler(store, tidy=tidy("first"), clock=clock, lock_id=lock_id, **FAST)
    second = Scheduler(store, tidy=tidy("second"), clock=clock, lock_id=lock_id, **FAST)
    await first.start()
    await second.start()
    try:
        await _until(lambda: len(tidied) == 2)
        assert sorted(tidied) == [("first", DAY), ("second", DAY)]
        assert first.is_leader != second.is_leader or store.is_sqlite
    finally:
        await second.stop()
        await first.stop()


async def test_a_kick_after_stop_never_sweeps(store: Store) -> None:
    """Ctrl-C while a command runs: the command may kick the outbox after the scheduler
    stopped, just before asyncio.run shuts the executor down; that kick must do nothing
    (it logged outbox_sweep_failed with a traceback)."""
    claims: list[int] = []

    class CountingDispatcher(Dispatcher):
        async def run_once(self) -> int:
            claims.append(1)
            return 0

    clock = Clock(DAY)
    scheduler = Scheduler(
        store,
        dispatcher=CountingDispatcher(store, {"slack": FakeAdapter()}, "w1", clock),
        clock=clock,
        lock_id=random.randrange(1, 2**62),
        digest_seconds=60,
        sweep_seconds=60,
        leader_seconds=60,
    )
    await scheduler.start()
    await _until(lambda: len(claims) == 1)  # the first interval run
    await scheduler.stop()
    scheduler.kick()
    await asyncio.sleep(0.6)  # past KICK_DELAY
    await scheduler.sweep()
    assert claims == [1]


async def test_a_database_outage_logs_one_line_per_job_not_one_per_sweep(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """PostgreSQL trial: every 5 s sweep logged an ~8 KB traceback while the database was
    unreachable (~140 KB a minute per process). A sweep with nothing due in between runs
    without the database, so it must not restart the count (it logged failed/recovered
    pairs all through one outage)."""
    from bot.errors import DatabaseUnavailable

    down = DatabaseUnavailable("database error (OperationalError): down")  # as bot.store raises
    results: list[Exception | None] = [down, down, None, down, None, down]

    class FlappingDispatcher(Dispatcher):
        async def run_once(self) -> int:
            error = results.pop(0) if results else None
            if error is not None:
                raise error
            return 0

    clock = Clock(DAY)
    scheduler = Scheduler(
        store, dispatcher=FlappingDispatcher(store, {"slack": FakeAdapter()}, "w1", clock)
    )
    caplog.set_level("INFO", logger="feeds.scheduler")
    for _ in range(6):
        await scheduler.sweep()
    failed = [r for r in caplog.records if "outbox_sweep_failed" in r.getMessage()]
    assert len(failed) == 1 and failed[0].exc_info is None, caplog.text
    assert "down" in failed[0].getMessage()


async def test_a_store_error_that_is_no_outage_keeps_its_traceback_every_time(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """Only the database not answering is shortened: a refused write is a bug to read."""
    from bot.errors import StoreError

    class RefusingDispatcher(Dispatcher):
        async def run_once(self) -> int:
            raise StoreError("database error (IntegrityError): refused")

    clock = Clock(DAY)
    scheduler = Scheduler(
        store, dispatcher=RefusingDispatcher(store, {"slack": FakeAdapter()}, "w1", clock)
    )
    for _ in range(2):
        await scheduler.sweep()
    failed = [r for r in caplog.records if "outbox_sweep_failed" in r.getMessage()]
    assert len(failed) == 2 and all(r.exc_info for r in failed), caplog.text


@pytest.mark.slow
async def test_two_schedulers_on_postgres_post_each_digest_once(pg_schema: str) -> None:
    stores = [Store.open(pg_schema), Store.open(pg_schema, migrate=False)]
    clock = Clock(DAY + timedelta(hours=10))
    lock_id = random.randrange(1, 2**62)
    try:
        app = make_app(stores[0], Clock(DAY - timedelta(days=1)))
        channels = [f"C{i}" for i in range(4)]
        for channel in channels:
            await app.handle(cmd("digest on", channel=channel))

        _add_story(stores[0], "TikTok", DAY + timedelta(hours=1))
        adapters = [FakeAdapter(), FakeAdapter()]
        schedulers = [
            Scheduler(
                s,
                dispatcher=Dispatcher(s, {"slack": a}, f"w{i}", clock, batch_size=1),
                clock=clock,
                lock_id=lock_id,
                **FAST,
            )
            for i, (s, a) in enumerate(zip(stores, adapters, strict=True))
        ]
        await asyncio.gather(*(s.start() for s in schedulers))

        def sent() -> Counter[tuple[str, str | None, str | None]]:
            return Counter(
                (x.target.channel_id or "", x.message.title, x.target.thread_id and "thread")
                for a in adapters
                for x in a.sent
            )

        await _until(lambda: sum(sent().values()) == 2 * len(channels))
        await asyncio.sleep(0.5)  # nothing more arrives
        assert sum(sent().values()) == 2 * len(channels)
        assert all(n == 1 for n in sent().values())
        assert [s.is_leader for s in schedulers].count(True) == 1
        # the leader dies: the other takes over and posts the next day's digest, once
        leader = next(s for s in schedulers if s.is_leader)
        follower = next(s for s in schedulers if not s.is_leader)
        await leader.stop()
        clock.advance(days=1)
        _add_story(stores[0], "Klarna", clock.now - timedelta(hours=2))
        await _until(lambda: follower.is_leader)
        await _until(lambda: sum(sent().values()) == 4 * len(channels))
        await asyncio.sleep(0.3)
        assert sum(sent().values()) == 4 * len(channels)
        keys = [d.key for d in stores[0].list_deliveries()]
        assert len(keys) == len(set(keys)) == 4 * len(channels)
        await follower.stop()
    finally:
        for s in stores:
            s.close()


def _add_story(store: Store, company: str, first_seen: datetime) -> None:
    """A minimal story (the make_story fixture is bound to the parametrized store)."""
    from bot.links import canonical_link
    from bot.models import Kind, Tags
    from bot.store import NewItem

    link = f"https://news.example/{company}/{first_seen.timestamp()}"
    item = NewItem(
        feed_id=None,
        guid=link,
        link=link,
        canonical_link=canonical_link(link),
        title=f"{company} cuts jobs as AI takes over",
        publisher="Example",
        published=first_seen,
        summary="Summary.",
        tags=Tags(kind=Kind.LAYOFF, ai_cause=True, companies=(company,), headcount=100),
        weight=10,
    )
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=first_seen, announce=True)
        batch.new_story(f"{company.lower()}-{first_seen:%Y%m%d%H}", item, [])
        batch.flush()


def test_one_process_at_a_time_holds_the_leader_lock(database_url: str) -> None:
    """PostgreSQL: an advisory lock on a connection of its own; SQLite: one process,
    always the leader."""
    first, second = Store.open(database_url), Store.open(database_url)
    key = random.randrange(1, 2**62)
    try:
        with first.leader_lock(key) as lock:
            assert lock.hold() and lock.hold()  # kept, not taken twice
            other = second.leader_lock(key)
            assert other.hold() is first.is_sqlite
            lock.release()
            assert other.hold()  # free the moment it is given up
            other.release()
    finally:
        first.close()
        second.close()


def _scheduler(store: Store, poll: Any, clock: Clock, adapter: FakeAdapter) -> Scheduler:
    return Scheduler(
        store,
        poll=poll,
        dispatcher=Dispatcher(store, {"slack": adapter}, "w1", clock),
        poll_seconds=3600,
        clock=clock,
        lock_id=random.randrange(1, 2**62),
        **FAST,
    )


async def test_a_digest_due_at_start_waits_for_the_first_poll_and_carries_its_news(
    store: Store, make_story: Any
) -> None:
    # The bot was down overnight and starts after the digest time: the news of the night
    # comes with the first poll, and today's digest must carry it, not tomorrow's.
    clock = Clock(DAY + timedelta(hours=10))
    await make_app(store, Clock(DAY - timedelta(days=1))).handle(cmd("digest on"))

    async def poll() -> None:
        await asyncio.sleep(0.5)  # fetching takes a while
        make_story("TikTok", first_seen=clock() - timedelta(minutes=1))

    adapter = FakeAdapter()
    scheduler = _scheduler(store, poll, clock, adapter)
    await scheduler.start()
    try:
        await _until(lambda: len(adapter.sent) == 2)  # the overview and TikTok's thread
    finally:
        await scheduler.stop()


async def test_after_a_suspend_the_digest_waits_for_a_poll_and_posts_once(
    store: Store, make_story: Any
) -> None:
    clock = Clock(DAY - timedelta(hours=1))  # the evening before the digest
    await make_app(store, Clock(DAY - timedelta(days=1))).handle(cmd("digest on"))
    polls: list[datetime] = []

    async def poll() -> None:
        polls.append(clock())
        if clock() > DAY:
            make_story("Klarna", first_seen=clock() - timedelta(minutes=1))

    adapter = FakeAdapter()
    scheduler = _scheduler(store, poll, clock, adapter)
    await scheduler.start()
    try:
        await _until(lambda: len(polls) == 1)
        clock.advance(days=3, hours=11)  # the lid was closed for three days
        await asyncio.sleep(0.5)  # the digest job runs again and again: the feeds are stale
        assert adapter.sent == []
        await scheduler.run_poll()  # the poll job's next run, after the resume
        await _until(lambda: len(adapter.sent) == 2)  # one digest, with the news
        await asyncio.sleep(0.3)
        assert len(adapter.sent) == 2
    finally:
        await scheduler.stop()
