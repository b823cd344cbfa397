"""Discord delivery under a hostile platform: N deliveries while 30% of the posts fail.

The Discord counterpart of tests/test_faults_delivery.py. The fake Discord
(tests/faults/flaky_discord.py) fails a seeded-random 30% of `POST /channels/{id}/messages`
with 429 (small JSON retry_after), 500, a connection reset or a timeout, always *before*
accepting the message. The real DiscordAdapter (discord.py's inline retries included) and
the real Dispatcher deliver through it; several dispatchers sweep the same outbox at once.
The outbox clock is virtual: between sweeps it jumps to the next due attempt.

The run found a real bug: a send cancelled by the adapter's timeout at the wrong moment
left discord.py's per-channel rate limiter with no token and nobody to wake its queue, so
that channel's later sends all timed out. The adapter now never cancels a send in flight
(adapters/discord/client.py, InFlight): the caller stops waiting, the send finishes on its
own and the delivery's next attempt takes its result. The two fast tests below check, for
a slow post and for a global 429, that the channel keeps flowing and nothing is doubled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.adapter import DiscordAdapter
from bot.errors import TransientDeliveryError
from bot.models import Message, Section, Target
from bot.outbox import enqueue_message
from bot.store import Store
from tests.conftest_social import NOW, Clock
from tests.discord.fake_discord import Call, CoreDouble, FakeDiscord, _json
from tests.faults.checks import dispatchers
from tests.faults.flaky_discord import FlakyDiscord, scaled_client_sleeps, send_timeout

N = 200
CHANNELS = 25
WORKERS = 8


@asynccontextmanager
async def started(fake: FakeDiscord, send_timeout: float) -> AsyncIterator[DiscordAdapter]:
    """The real DiscordAdapter connected to `fake`; discord.py's URLs restored after."""
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    await fake.start()
    adapter = DiscordAdapter(
        "fake-token",
        api_url=fake.api_url,
        ready_timeout=10.0,
        guild_ready_timeout=0.05,
        send_timeout=send_timeout,
    )
    try:
        await adapter.start(CoreDouble())
        yield adapter
    finally:
        await adapter.stop()
        await fake.close()
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


Flaky = tuple[FlakyDiscord, DiscordAdapter, list[float]]


@pytest.fixture
async def flaky(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Flaky]:
    """The fake, the adapter, and the waits discord.py asked for (slept at a fraction:
    a 500's 1 s wait as 1.2 send timeouts, still past the send timeout)."""
    timeout = send_timeout()
    waits = scaled_client_sleeps(monkeypatch, 1.2 * timeout)
    fake = FlakyDiscord(rate=0.3, seed=20250120, timeout_sleep=2 * timeout)
    for _ in range(CHANNELS - 1):
        fake.add_channel()
    async with started(fake, timeout) as adapter:
        yield fake, adapter, waits


def _target(fake: FakeDiscord) -> Target:
    return Target("discord", channel_id=fake.channel_id, workspace_id=fake.guild_id)


def _message(text: str) -> Message:
    return Message(title=text, sections=(Section(text=text),))


async def send_until_delivered(
    adapter: DiscordAdapter, target: Target, message: Message, tries: int = 20
) -> str:
    """Retry on TransientDeliveryError as the outbox would (without its backoff)."""
    for _ in range(tries):
        try:
            return (await adapter.send(target, message)).message_id
        except TransientDeliveryError:
            continue
    raise AssertionError(f"not delivered in {tries} tries")


class SlowFirstPostDiscord(FakeDiscord):
    """Accepts the first message post only after `delay` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.slow_posts = 1

    async def _create_message(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        if self.slow_posts > 0:
            self.slow_posts -= 1
            await asyncio.sleep(self.delay)
        return await super()._create_message(request, call, params)


async def test_a_send_that_outlives_its_timeout_is_finished_once_and_the_channel_flows() -> None:
    """Cancelling that send could wedge discord.py's bucket for the channel (its refresh
    runs after the answer); instead it finishes, its retry takes its result, later sends
    go through."""
    fake = SlowFirstPostDiscord(delay=0.8)
    async with started(fake, send_timeout=0.3) as adapter:
        with pytest.raises(TransientDeliveryError):
            await adapter.send(_target(fake), _message("slow"))
        assert fake.messages == []
        first = await send_until_delivered(adapter, _target(fake), _message("slow"))
        await adapter.send(_target(fake), _message("later"))
        assert [m["embeds"][0]["title"] for m in fake.messages] == ["slow", "later"]
        assert first == fake.messages[0]["id"]


class GlobalLimitedDiscord(FakeDiscord):
    """Answers the first message post with a global 429 (retry_after 1 s)."""

    def __init__(self) -> None:
        super().__init__()
        self.global_429s = 1

    async def _create_message(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        if self.global_429s > 0:
            self.global_429s -= 1
            body = {"message": "You are being rate limited.", "retry_after": 1.0, "global": True}
            headers = {"Via": "1.1 google", "Retry-After": "1", "X-RateLimit-Global": "true"}
            return _json(body, status=429, headers=headers)
        return await super()._create_message(request, call, params)


async def test_a_send_timed_out_during_a_global_rate_limit_does_not_stall_the_client() -> None:
    """discord.py clears `_global_over`, sleeps out a global 429, then sets it; cancelled in
    that sleep it would leave every later request waiting forever. Not cancelled, the send
    posts once the limit is over, its retry takes that post, and later sends go through."""
    fake = GlobalLimitedDiscord()
    async with started(fake, send_timeout=0.3) as adapter:
        with pytest.raises(TransientDeliveryError):
            await adapter.send(_target(fake), _message("first"))
        assert fake.global_429s == 0 and fake.messages == []
        first = await send_until_delivered(adapter, _target(fake), _message("first"))
        await adapter.send(_target(fake), _message("second"))
        assert [m["embeds"][0]["title"] for m in fake.messages] == ["first", "second"]
        assert first == fake.messages[0]["id"]


@pytest.mark.slow
async def test_flaky_discord_gets_every_delivery_exactly_once(store: Store, flaky: Flaky) -> None:
    """N = 200: about 5 s per backend at load 5 on 2 cores (SQLite measured)."""
    fake, adapter, waits = flaky
    clock = Clock(NOW)
    channels = list(fake.channels)
    assert len(channels) == CHANNELS
    keys = [f"d-{i}" for i in range(N)]
    for i, key in enumerate(keys):
        enqueue_message(
            store,
            key=key,
            target=Target("discord", channel_id=channels[i % CHANNELS], workspace_id=fake.guild_id),
            message=Message(title=f"Story [{key}]", sections=(Section(text=f"body {i}"),)),
            source="test",
            now=NOW,
        )
    workers = dispatchers(store, "discord", adapter, clock, WORKERS)
    for _ in range(200):
        await asyncio.gather(*(d.run_once() for d in workers))
        pending = store.list_deliveries("pending")
        if not pending:
            break
        # Jump to the latest due attempt: every pending delivery is due in the next sweep
        # (discord.py waits 429s out inline, so no Retry-After reaches the outbox here).
        clock.now = max(clock.now, max(d.next_attempt for d in pending))
    else:
        raise AssertionError("the outbox never drained")

    rows = store.list_deliveries()
    assert {d.key: d.state for d in rows} == dict.fromkeys(keys, "sent")
    accepted = fake.accepted()
    assert set(accepted) == set(keys), "a delivery never reached Discord"
    assert [k for k, n in accepted.items() if n > 1] == [], "a delivery was posted twice"
    assert len(fake.messages) == N

    # The faults really happened, of every kind, at about the intended rate.
    kinds = fake.fault_counts()
    assert set(kinds) == {"429", "500", "reset", "timeout"}, kinds
    assert 0.2 < len(fake.faults) / len(fake.attempts) < 0.4
    assert all(f.key is not None for f in fake.faults)
    assert any(d.attempts > 1 for d in rows)
    # discord.py waited out every 429 (its retry_after) and every 500 (1 + 2 * tries s);
    # its rate limiter's own waits (0 s: the fake sends no bucket headers) aside. As in the
    # Slack twin, the fake counts a 429 when it picks it, before the answer is written: under
    # load one whose answer never reached discord.py has no wait, so a few may be missing;
    # a wait with no 429 never happens.
    short = [w for w in waits if 0 < w < 1]
    assert 0 <= kinds["429"] - len(short) <= max(1, kinds["429"] // 4), (short, kinds)
    assert len([w for w in waits if w >= 1]) == kinds["500"], waits
