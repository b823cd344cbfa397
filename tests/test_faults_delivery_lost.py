"""Exactly once when the platform's answer is lost: 200 deliveries per platform.

The fakes accept a post and then drop the connection (at once, or after hanging past the
client's timeout) for 30% of the posts that get through, on top of the 30% of posts that
fail *before* being accepted (tests/faults/flaky_*.py). So a retried delivery often was
already posted. The real adapters carry the delivery key with every post (Slack message
metadata; Discord nonce and footer marker) and, before a retry whose earlier try may have
been posted, read the channel back and skip what is there. Counted: every delivery
accepted exactly once, and the outbox's receipt is the message the platform accepted.

Discord runs with a nonce window of 0 s: the channel look-up alone has to hold (in real
use Discord's few-minute nonce window is a second guard). Both outbox clocks are virtual
and shared with the fakes, so retries jump ahead in time without costing wall time; so
do slack_sdk's and discord.py's own retry waits (recorded, and not slept or slept at a
fraction), and the client timeouts a hang costs are short (tests/faults/flaky_*.py).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

import pytest

from adapters.discord.adapter import DiscordAdapter
from adapters.slack import SlackAdapter
from bot.models import DeliveryReceipt, Message, Section, Target
from bot.outbox import Dispatcher, enqueue_message
from bot.ports import ChatAdapter, IdempotentChatAdapter, SendAttempt
from bot.serialize import receipt_from_json
from bot.store import Store
from tests.conftest_social import NOW, Clock
from tests.faults.checks import dispatchers
from tests.faults.flaky_discord import FlakyDiscord, scaled_client_sleeps, send_timeout
from tests.faults.flaky_discord import _key as discord_key
from tests.faults.flaky_slack import KEY as SLACK_KEY
from tests.faults.flaky_slack import FlakySlack, client_timeout, virtual_sdk_sleeps
from tests.test_faults_delivery_discord import started

N = 200
CHANNELS = 25
WORKERS = 8
LOST = 0.3  # of the posts that get through
FAULTS = 0.3  # of all posts, before they are accepted


async def _drain(store: Store, platform: str, adapter: ChatAdapter, clock: Clock) -> float:
    """Sweep the outbox with WORKERS dispatchers until it is empty; wall seconds taken."""
    workers = dispatchers(store, platform, adapter, clock, WORKERS)
    started_at = time.monotonic()
    for _ in range(300):
        await asyncio.gather(*(d.run_once() for d in workers))
        pending = store.list_deliveries("pending")
        if not pending:
            return time.monotonic() - started_at
        clock.now = max(clock.now, max(d.next_attempt for d in pending))
    raise AssertionError("the outbox never drained")


def _enqueue(store: Store, targets: Sequence[Target]) -> list[str]:
    keys = [f"d-{i}" for i in range(N)]
    for i, key in enumerate(keys):
        enqueue_message(
            store,
            key=key,
            target=targets[i % len(targets)],
            message=Message(title=f"Story [{key}]", sections=(Section(text=f"body {i}"),)),
            source="test",
            now=NOW,
        )
    return keys


def _check(
    store: Store, keys: list[str], accepted: Counter[str], receipts: dict[str, str], lost: int
) -> None:
    rows = store.list_deliveries()
    assert {d.key: d.state for d in rows} == dict.fromkeys(keys, "sent")
    assert set(accepted) == set(keys), "a delivery never reached the platform"
    assert [k for k, n in accepted.items() if n > 1] == [], "a delivery was posted twice"
    for row in rows:
        assert row.receipt is not None
        assert receipt_from_json(row.receipt).message_id == receipts[row.key], row.key
    assert lost > 0.2 * N * (1 - FAULTS), f"too few lost answers ({lost}) to prove anything"


@pytest.mark.slow
async def test_slack_posts_every_delivery_once_when_answers_are_lost(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    virtual_sdk_sleeps(monkeypatch)
    clock = Clock(NOW)
    timeout = client_timeout()
    fake = FlakySlack(
        rate=FAULTS,
        seed=20250121,
        clock=clock,
        lose_answers=LOST,
        timeout_sleep=2 * timeout,
        lose_hang=2 * timeout,
    )
    await fake.start()
    adapter = SlackAdapter(
        "xoxb-test", signing_secret="s", api_url=fake.api_url, min_interval_per_channel=0.0
    )
    adapter.client.timeout = timeout  # type: ignore[assignment]  # the fake hangs twice that
    try:
        targets = [Target("slack", channel_id=f"C{c}") for c in range(CHANNELS)]
        keys = _enqueue(store, targets)
        took = await _drain(store, "slack", adapter, clock)
    finally:
        await adapter.stop()
        await fake.stop()

    accepted = fake.accepted()
    by_key = {m.group(1): p.ts for p in fake.posted if (m := SLACK_KEY.search(p.text))}
    _check(store, keys, accepted, by_key, len(fake.lost))
    assert len(fake.calls_to("conversations.history")) >= len(fake.lost)
    print(
        f"\nslack: {N} deliveries, {len(fake.faults)} faults before accepting, "
        f"{len(fake.lost)} lost answers, doubled 0, lost 0, {took:.1f} s"
    )


@pytest.mark.slow
async def test_discord_posts_every_delivery_once_when_answers_are_lost(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(NOW)
    timeout = send_timeout()
    scaled_client_sleeps(monkeypatch, 1.2 * timeout)  # a 500's 1 s: past the timeout
    fake = FlakyDiscord(
        rate=FAULTS,
        seed=20250121,
        timeout_sleep=2 * timeout,
        clock=lambda: clock.now.timestamp(),
        nonce_window=0.0,
        lose_answers=LOST,
        lose_hang=2 * timeout,
    )
    for _ in range(CHANNELS - 1):
        fake.add_channel()
    async with started(fake, send_timeout=timeout) as adapter:
        assert isinstance(adapter, DiscordAdapter)
        targets = [
            Target("discord", channel_id=c, workspace_id=fake.guild_id) for c in fake.channels
        ]
        keys = _enqueue(store, targets)
        took = await _drain(store, "discord", adapter, clock)

    accepted = fake.accepted()
    by_key: dict[str, str] = {}
    for message in fake.messages:
        key = _discord_key(message)
        if key:
            by_key[key] = str(message["id"])
    _check(store, keys, accepted, by_key, len(fake.lost))
    assert fake.deduped == 0  # the nonce window is off: the look-up did it all
    assert len(fake.calls_to("GET", r"/channels/\d+/messages")) >= len(fake.lost)
    print(
        f"\ndiscord: {N} deliveries, {len(fake.faults)} faults before accepting, "
        f"{len(fake.lost)} lost answers, doubled 0, lost 0, {took:.1f} s"
    )


def _discord_key(message: dict[str, object]) -> str | None:
    return discord_key({"content": message.get("content"), "embeds": message.get("embeds")})


class _Recorder:
    """An IdempotentChatAdapter double: records each SendAttempt; fails when told to."""

    name = "slack"

    def __init__(self) -> None:
        self.attempts: list[SendAttempt] = []
        self.fail_next = 0

    async def start(self, app: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        raise AssertionError("the outbox must use send_once")

    async def send_once(
        self, target: Target, message: Message, attempt: SendAttempt
    ) -> DeliveryReceipt:
        self.attempts.append(attempt)
        if self.fail_next:
            self.fail_next -= 1
            raise TimeoutError("no answer")
        return DeliveryReceipt(message_id=f"ts-{len(self.attempts)}")


async def test_only_a_retry_or_a_reclaimed_delivery_is_checked_on_the_platform(
    store: Store,
) -> None:
    """The first try posts straight away (no history read); a retry, and a delivery whose
    worker died mid-send (its claim expired), are sent as unsure."""
    clock = Clock(NOW)
    adapter = _Recorder()
    assert isinstance(adapter, IdempotentChatAdapter)
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1", clock=clock, send_timeout=5.0)
    target = Target("slack", channel_id="C1")
    enqueue_message(store, key="a", target=target, message=Message(title="a"), source="t", now=NOW)
    adapter.fail_next = 1
    await dispatcher.run_once()
    clock.now += timedelta(hours=1)
    await dispatcher.run_once()
    assert [(a.key, a.unsure, a.since) for a in adapter.attempts] == [
        ("a", False, NOW),
        ("a", True, NOW),
    ]

    enqueue_message(store, key="b", target=target, message=Message(title="b"), source="t", now=NOW)
    [claimed] = store.claim_deliveries(
        worker_id="dead", now=clock.now, lease=timedelta(minutes=2), platforms=["slack"]
    )
    assert claimed.key == "b" and not claimed.reclaimed
    clock.now += timedelta(minutes=3)
    await dispatcher.run_once()
    assert (adapter.attempts[-1].key, adapter.attempts[-1].unsure) == ("b", True)
    assert {d.key: d.state for d in store.list_deliveries()} == {"a": "sent", "b": "sent"}
