"""PostgreSQL restarted under the running bot: it reconnects and carries on.

The shared test server is never touched: the test starts a private PostgreSQL
(tests/faults/private_pg.py) and skips when it cannot. The bot's real pieces run in this
process: Scheduler (leader lock, polling, outbox sweeps), Poller over a FeedServer feed,
Pipeline with alert planning, Dispatcher with a recording adapter. Midway the server is
stopped for a while and started again; new feed items arrive after the restart.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.alerts import plan_alerts
from bot.models import DeliveryReceipt, Message, Story, Target
from bot.outbox import Dispatcher
from bot.pipeline import Pipeline
from bot.serialize import message_from_json
from bot.store import Store
from bot.store.social import Delivery
from bot.store.tables import items
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.fetch import Fetcher
from feeds.poller import Poller
from feeds.scheduler import Scheduler
from tests.faults.checks import expected_alert_keys, subscribe_all
from tests.faults.feeds import item_guid, rss
from tests.faults.private_pg import PrivatePostgres, Unavailable
from tests.feedserver import FeedServer
from tests.ingest import rule_pipeline


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    try:
        server = PrivatePostgres()
    except Unavailable as exc:
        pytest.skip(f"no private PostgreSQL: {exc}")
    try:
        server.init()
        server.start()
    except Unavailable as exc:
        server.destroy()
        pytest.skip(f"no private PostgreSQL: {exc}")
    try:
        yield server
    finally:
        server.destroy()


class Recording:
    """Accepts everything; remembers each message's first section heading (the story)."""

    name = "slack"

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def start(self, app: object) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        await asyncio.sleep(0.01)
        ident = f"{target.channel_id}|{message.sections[0].heading if message.sections else ''}"
        self.sent.append(ident)
        return DeliveryReceipt(message_id=f"m{len(self.sent)}")


async def _until(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():  # type: ignore[operator]
                return
        except Exception:  # the database may still be coming back
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
async def test_bot_reconnects_and_carries_on_after_postgres_restart(
    private_pg: PrivatePostgres,
) -> None:
    store = Store.open(private_pg.url)
    now = datetime.now(UTC)
    subscribe_all(store, now)
    adapter = Recording()

    def on_new_stories(stories: list[Story]) -> None:
        plan_alerts(store, stories, datetime.now(UTC))

    pipeline = rule_pipeline(store, on_new_stories)
    dispatcher = Dispatcher(
        store, {"slack": adapter}, "w1", lease=timedelta(seconds=3), send_timeout=1.0
    )
    with FeedServer() as server:
        url = server.url("/feed.xml")
        store.add_feed(url, "Feed")
        store.mark_primed(url)
        server.route("/feed.xml", body=rss(0, 6), etag='"v1"')

        def stored_guids() -> set[str]:
            with store.tx() as conn:
                return set(conn.execute(select(items.c.guid)).scalars())

        async with Fetcher(allow_private_addresses=True, timeout=2.0) as fetcher:
            poller = Poller(store, pipeline, fetcher, interval=timedelta(seconds=0.3))
            scheduler = Scheduler(
                store,
                poll=poller.poll_due,
                dispatcher=dispatcher,
                poll_seconds=0.3,
                digest_seconds=0.5,
                sweep_seconds=0.2,
                leader_seconds=0.3,
            )
            await scheduler.start()
            try:
                await _until(lambda: len(adapter.sent) >= 6, 20, "the first alerts")
                assert scheduler.is_leader

                await asyncio.to_thread(private_pg.stop, "fast")
                await asyncio.sleep(1.5)  # jobs run and fail against a dead server
                await asyncio.to_thread(private_pg.start)
                restarted = time.monotonic()
                server.route("/feed.xml", body=rss(0, 12), etag='"v2"')

                want = {item_guid(0, n) for n in range(12)}
                await _until(lambda: stored_guids() == want, 30, "the items after the restart")
                await _until(
                    lambda: not store.list_deliveries("pending") and len(adapter.sent) >= 12,
                    30,
                    "the alerts after the restart",
                )
                await _until(lambda: scheduler.is_leader, 10, "leadership after the restart")
            finally:
                await scheduler.stop()
    assert any(r.at > restarted for r in server.requests_for("/feed.xml")), "polling stopped"
    with store.tx() as conn:
        guids = Counter(conn.execute(select(items.c.guid)).scalars())
    assert [g for g, n in guids.items() if n > 1] == []
    rows = store.list_deliveries()
    assert {d.key for d in rows} == expected_alert_keys(store)
    assert {d.state for d in rows} == {"sent"}
    counts = Counter(adapter.sent)
    assert set(counts) == {f"C1|{h}" for h in _headings(rows)}
    # A message whose confirmation could not be recorded while the server was down is
    # the one case that may go out twice (at most the one in flight).
    assert sum(n - 1 for n in counts.values()) <= 1
    store.close()


def _headings(rows: list[Delivery]) -> set[str]:
    out = set()
    for row in rows:
        message = message_from_json(row.message)
        out.add(message.sections[0].heading or "")
    return out


DEADLOCK_BUG = (
    "feeds/poller.py Poller.poll_due ingests due feeds concurrently (one thread and one "
    "transaction per feed); on PostgreSQL two feeds reporting the same events insert the "
    "same story keys in different orders and deadlock on stories_key_key, so one feed's "
    "poll fails ('deadlock detected') and its items wait for the next poll with backoff."
)


@pytest.mark.slow
async def test_feeds_reporting_the_same_events_poll_without_deadlock(pg_schema: str) -> None:
    store = Store.open(pg_schema)
    pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
    errors: list[str] = []
    with FeedServer() as server:
        for f in range(2):
            url = server.url(f"/same{f}.xml")
            store.add_feed(url, f"Same {f}")
            store.mark_primed(url)
        async with Fetcher(allow_private_addresses=True, timeout=5.0) as fetcher:
            poller = Poller(store, pipeline, fetcher, interval=timedelta(seconds=0))
            for round_ in range(1, 6):
                body = rss(0, 4 * round_)
                # The same items (same companies, same events), in opposite orders.
                server.route("/same0.xml", body=body, etag=f'"{round_}a"')
                server.route("/same1.xml", body=_reversed_items(body), etag=f'"{round_}b"')
                outcomes = await poller.poll_due()
                errors += [o.error or "" for o in outcomes if o.status != "new"]
    store.close()
    assert errors == []


def _reversed_items(body: bytes) -> bytes:
    head, *entries = body.split(b"<item>")
    last = entries[-1].split(b"</item>")
    entries[-1] = last[0]
    tail = b"</item>".join(last[1:])
    chunks = [e.removesuffix(b"</item>") for e in entries]
    return head + b"".join(b"<item>" + c + b"</item>" for c in reversed(chunks)) + tail
