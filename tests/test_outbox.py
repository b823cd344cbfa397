"""The outbox: idempotent enqueue, claims, retries with backoff, permanent failures."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import timedelta

from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.models import DeliveryReceipt, Field, Image, Kind, Message, Section, StoryLink, Target
from bot.outbox import Backoff, Dispatcher, enqueue_message
from bot.serialize import message_from_json, message_to_json, receipt_from_json, receipt_to_json
from bot.store import Store
from bot.store.social import Delivery
from tests.conftest_social import NOW, Clock, FakeAdapter, cmd, make_app

T = Target("slack", channel_id="C1", workspace_id="T1")


def delivery(store: Store, key: str) -> Delivery:
    """The delivery planned under `key` (there must be one)."""
    [found] = [d for d in store.list_deliveries() if d.key == key]
    return found


def msg(title: str) -> Message:
    return Message(title=title, sections=(Section(text=title),), ephemeral=False)


def test_message_round_trip() -> None:
    message = Message(
        title="t",
        sections=(
            Section(
                text="x",
                heading="h",
                url="https://u",
                fields=(Field("a", "b", False),),
                context="c",
                kind=Kind.LAYOFF,
                links=(StoryLink("l", "https://l", "pub"),),
            ),
        ),
        footer="f",
        image=Image(b"\x89PNG\x00\xff", "c.png", "alt"),
        discussion=True,
        ephemeral=False,
        shareable=True,
        is_error=True,
    )
    assert message_from_json(message_to_json(message)) == message
    receipt = DeliveryReceipt("m1", ("t1",))
    assert receipt_from_json(receipt_to_json(receipt)) == receipt


def test_enqueue_is_insert_if_absent(store: Store) -> None:
    assert enqueue_message(store, key="k1", target=T, message=msg("a"), source="test", now=NOW)
    assert not enqueue_message(store, key="k1", target=T, message=msg("b"), source="test", now=NOW)
    [d] = store.list_deliveries()
    assert d.state == "pending" and message_from_json(d.message).title == "a"


async def test_dispatch_sends_once_and_records_receipt(store: Store) -> None:
    clock = Clock()
    adapter = FakeAdapter()
    enqueue_message(store, key="k1", target=T, message=msg("a"), source="test", now=NOW)
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1", clock)
    stats = await dispatcher.run_once()
    assert stats.sent == 1 and len(adapter.sent) == 1
    d = delivery(store, "k1")
    assert d.state == "sent" and d.receipt and "m1" in d.receipt
    await dispatcher.run_once()
    assert len(adapter.sent) == 1


async def test_other_platforms_and_shard_filter_are_left_alone(store: Store) -> None:
    adapter = FakeAdapter()
    enqueue_message(
        store,
        key="d1",
        target=Target("discord", channel_id="X"),
        message=msg("a"),
        source="t",
        now=NOW,
    )
    enqueue_message(
        store,
        key="s1",
        target=Target("slack", channel_id="mine"),
        message=msg("b"),
        source="t",
        now=NOW,
    )
    enqueue_message(
        store,
        key="s2",
        target=Target("slack", channel_id="theirs"),
        message=msg("c"),
        source="t",
        now=NOW,
    )
    dispatcher = Dispatcher(
        store, {"slack": adapter}, "w1", Clock(), should_deliver=lambda t: t.channel_id == "mine"
    )
    await dispatcher.run_once()
    assert [s.target.channel_id for s in adapter.sent] == ["mine"]
    assert delivery(store, "s2").state == "pending"
    assert delivery(store, "d1").state == "pending"


async def test_transient_errors_retry_with_backoff_and_retry_after(store: Store) -> None:
    clock = Clock()
    adapter = FakeAdapter(
        fail={
            "C1": [
                TransientDeliveryError("rate limited", retry_after=120),
                TransientDeliveryError("503"),
            ]
        }
    )
    enqueue_message(store, key="k1", target=T, message=msg("a"), source="test", now=NOW)
    dispatcher = Dispatcher(
        store, {"slack": adapter}, "w1", clock, backoff=Backoff(base=5, jitter=0.2)
    )
    stats = await dispatcher.run_once()
    assert stats.retried == 1 and not adapter.sent
    d = delivery(store, "k1")
    assert d.attempts == 1 and d.next_attempt >= NOW + timedelta(seconds=120)
    assert d.last_error == "rate limited"
    clock.advance(seconds=60)
    assert (await dispatcher.run_once()).sent == 0  # not due yet
    clock.advance(seconds=61)
    assert (await dispatcher.run_once()).retried == 1
    d = delivery(store, "k1")
    assert d.attempts == 2
    assert NOW + timedelta(seconds=121 + 7) <= d.next_attempt <= NOW + timedelta(seconds=121 + 13)
    clock.advance(seconds=20)
    assert (await dispatcher.run_once()).sent == 1
    assert delivery(store, "k1").state == "sent"


def test_backoff_grows_and_caps() -> None:
    b = Backoff(base=5, cap=600, jitter=0.0)
    assert [b.delay(n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert b.delay(30) == 600
    assert b.delay(1, retry_after=90) == 90
    j = Backoff(base=10, jitter=0.2)
    rng = random.Random(1)
    values = {j.delay(1, rng=rng) for _ in range(20)}
    assert len(values) > 1 and all(8 <= v <= 12 for v in values)


async def test_unexpected_adapter_exception_is_retried(store: Store) -> None:
    adapter = FakeAdapter(fail={"C1": [RuntimeError("bug")]})
    enqueue_message(store, key="k1", target=T, message=msg("a"), source="test", now=NOW)
    stats = await Dispatcher(store, {"slack": adapter}, "w1", Clock()).run_once()
    assert stats.retried == 1 and delivery(store, "k1").state == "pending"


async def test_permanent_failure_disables_subscription_with_reason(
    store: Store, make_story: object
) -> None:
    from bot.alerts import plan_alerts

    app = make_app(store)
    await app.handle(cmd("subscribe TikTok"))
    story = make_story("TikTok", first_seen=NOW)  # type: ignore[operator]
    assert plan_alerts(store, [story], NOW) == 1
    adapter = FakeAdapter(fail={"U1": [PermanentDeliveryError("user blocks direct messages")]})
    stats = await Dispatcher(store, {"slack": adapter}, "w1", Clock()).run_once()
    assert stats.failed == 1
    [d] = store.list_deliveries()
    assert d.state == "failed" and d.last_error == "user blocks direct messages"
    [sub] = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id=None
    )
    assert sub.disabled and "user blocks direct messages" in (sub.disabled_reason or "")
    from bot.render import to_text

    assert "paused: user blocks direct messages" in to_text(await app.handle(cmd("subscriptions")))
    # a disabled subscription gets no more alerts
    assert plan_alerts(store, [make_story("TikTok")], NOW) == 0  # type: ignore[operator]


async def test_expired_claims_are_retried(store: Store) -> None:
    clock = Clock()
    enqueue_message(store, key="k1", target=T, message=msg("a"), source="test", now=NOW)
    crashed = Dispatcher(
        store, {"slack": FakeAdapter()}, "dead", clock, lease=timedelta(seconds=90), send_timeout=30
    )
    assert [d.key for d in crashed.claim()] == ["k1"]  # claimed, then the worker "dies"
    other = Dispatcher(store, {"slack": FakeAdapter()}, "w2", clock)
    assert (await other.run_once()).sent == 0  # claim still valid
    clock.advance(seconds=91)
    assert (await other.run_once()).sent == 1


async def test_claims_and_retries_made_under_a_clock_since_set_back_are_not_waited_out(
    store: Store,
) -> None:
    """The machine's clock a day ahead, set right by NTP: a crashed worker's claims (and
    the retries it planned) were held for the day the clock had been ahead."""
    ahead = Clock()
    ahead.advance(seconds=86400)
    for key in ("claimed", "retried"):
        enqueue_message(store, key=key, target=T, message=msg(key), source="test", now=NOW)
    crashed = Dispatcher(store, {"slack": FakeAdapter()}, "dead", ahead)
    assert {d.key for d in crashed.claim()} == {"claimed", "retried"}  # then it "dies"
    store.mark_retry(
        delivery(store, "retried").id,
        worker_id="dead",
        error="503",
        next_attempt=ahead() + timedelta(minutes=10),
    )
    adapter = FakeAdapter()
    now = Dispatcher(store, {"slack": adapter}, "w2", Clock())  # the clock set right
    assert (await now.run_once()).sent == 2
    # A claim of a live worker, and a retry it planned, keep their times.
    enqueue_message(store, key="live", target=T, message=msg("live"), source="test", now=NOW)
    live = Dispatcher(store, {"slack": FakeAdapter()}, "live", Clock())
    assert [d.key for d in live.claim()] == ["live"]
    assert (await now.run_once()).sent == 0
    store.mark_retry(
        delivery(store, "live").id,
        worker_id="live",
        error="503",
        next_attempt=NOW + timedelta(minutes=90),
    )
    assert (await now.run_once()).sent == 0


def test_a_platforms_retry_after_is_kept_up_to_the_longest_wait() -> None:
    from bot.errors import LONGEST_DELIVERY_WAIT

    b = Backoff(jitter=0.0)
    assert b.delay(1, retry_after=7000) == 7000
    assert b.delay(1, retry_after=86400) == LONGEST_DELIVERY_WAIT.total_seconds()


async def test_children_wait_for_parent_and_get_its_thread(store: Store) -> None:
    clock = Clock()
    adapter = FakeAdapter(fail={"C1": [TransientDeliveryError("later")]})
    enqueue_message(store, key="p", target=T, message=msg("parent"), source="digest", now=NOW)
    for i in range(2):
        enqueue_message(
            store,
            key=f"p:story:{i}",
            target=T,
            message=msg(f"child{i}"),
            source="digest",
            parent_key="p",
            now=NOW,
        )
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1", clock)
    await dispatcher.run_once()
    assert adapter.sent == []  # parent failed transiently; children not sent before it
    clock.advance(hours=1)
    await dispatcher.run_once()
    titles = [s.message.title for s in adapter.sent]
    assert titles == ["parent", "child0", "child1"]
    parent_id = adapter.sent[0].receipt.message_id
    assert [s.target.thread_id for s in adapter.sent] == [None, parent_id, parent_id]


async def test_parent_permanent_failure_fails_children_and_disables_digest(
    store: Store, make_story: object
) -> None:
    from bot.digests import plan_digest

    make_story("TikTok", first_seen=NOW - timedelta(hours=1))  # type: ignore[operator]
    app = make_app(store)
    await app.handle(cmd("digest on"))
    row = store.get_digest("slack", "C1")
    assert row is not None and plan_digest(store, row, NOW)
    adapter = FakeAdapter(fail={"C1": [PermanentDeliveryError("channel_not_found")]})
    await Dispatcher(store, {"slack": adapter}, "w1", Clock()).run_once()
    assert {d.state for d in store.list_deliveries()} == {"failed"}
    row = store.get_digest("slack", "C1")
    assert (
        row is not None and not row.enabled and "channel_not_found" in (row.disabled_reason or "")
    )
    from bot.render import to_text

    assert "paused: channel_not_found" in to_text(await app.handle(cmd("digest settings")))


@dataclass
class HangsIn(FakeAdapter):
    """A FakeAdapter whose sends to one channel never answer (a dead or throttled tenant)."""

    hangs: str = "CA"
    tried: list[str] = field(default_factory=list)

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        self.tried.append(target.channel_id or "")
        if target.channel_id == self.hangs:
            await asyncio.sleep(30)
        return await super().send(target, message)


async def test_one_tenants_hanging_channel_is_tried_once_a_sweep_and_holds_no_one_else(
    store: Store,
) -> None:
    """Before: every delivery to the hanging channel took its full send timeout in turn
    (five alerts: five timeouts) before the other workspace's alert went out."""
    for n in range(5):
        target = Target("slack", channel_id="CA", workspace_id="TA")
        enqueue_message(store, key=f"a{n}", target=target, message=msg("a"), source="t", now=NOW)
    b = Target("slack", channel_id="CB", workspace_id="TB")
    enqueue_message(store, key="b", target=b, message=msg("b"), source="t", now=NOW)
    adapter = HangsIn()
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1", Clock(), send_timeout=0.2)
    stats = await dispatcher.run_once()
    assert adapter.tried == ["CA", "CB"]
    assert (stats.sent, stats.retried, stats.deferred) == (1, 1, 4)
    first = delivery(store, "a0")
    for n in range(1, 5):  # wait for the channel's retry, their own attempts uncounted
        later = delivery(store, f"a{n}")
        assert later.attempts == 0 and later.next_attempt == first.next_attempt


async def test_a_delivery_failing_for_two_days_is_given_up_and_its_subscription_kept(
    store: Store, make_story: object
) -> None:
    """Before: a transient failure was retried every hour for ever."""
    from bot.alerts import plan_alerts

    await make_app(store).handle(cmd("subscribe TikTok"))
    assert plan_alerts(store, [make_story("TikTok", first_seen=NOW)], NOW) == 1  # type: ignore[operator]
    clock = Clock()
    adapter = FakeAdapter(fail={"U1": [TransientDeliveryError("503")] * 1000})
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1", clock)
    while delivery(store, store.list_deliveries()[0].key).state == "pending":
        await dispatcher.run_once()
        clock.advance(hours=1)
        assert clock.now < NOW + timedelta(hours=60)
    [d] = store.list_deliveries()
    assert d.state == "failed" and d.last_error is not None
    assert d.last_error.startswith("gave up after") and "503" in d.last_error
    assert NOW + timedelta(hours=48) <= clock.now <= NOW + timedelta(hours=50)
    [sub] = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id=None
    )
    assert not sub.disabled
