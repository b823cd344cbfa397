"""Discord delivery under a hostile platform: N deliveries while 30% of the posts fail.

The Discord counterpart of tests/test_faults_delivery.py. The fake Discord
(tests/faults/flaky_discord.py) fails a seeded-random 30% of `POST /channels/{id}/messages`
with 429 (small JSON retry_after), 500, a connection reset or a timeout, always *before*
accepting the message. The real DiscordAdapter (discord.py's inline retries included) and
the real Dispatcher deliver through it; several dispatchers sweep the same outbox at once.
The outbox clock is virtual: between sweeps it jumps to the next due attempt.

The run found a real bug: a send cancelled by the adapter's timeout at the wrong moment
left discord.py's per-channel rate limiter with no token and nobody to wake its queue, so
that channel's later sends all timed out (adapters/discord/ratelimit.py). The two fast
tests below reproduce that moment, and the same one for a global 429, deterministically.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from aiohttp import web
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.adapter import DiscordAdapter
from bot.errors import TransientDeliveryError
from bot.models import Message, Section, Target
from bot.outbox import Backoff, Dispatcher, enqueue_message
from bot.store import Store
from tests.conftest_social import NOW, Clock
from tests.discord.fake_discord import Call, CoreDouble, FakeDiscord, _json
from tests.faults.flaky_discord import FlakyDiscord

N = 500
CHANNELS = 25
WORKERS = 8
SEND_TIMEOUT = 0.4  # the fake's "timeout" hangs 1 s; discord.py's 500 retry sleeps >= 1 s


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


@pytest.fixture
async def flaky() -> AsyncIterator[tuple[FlakyDiscord, DiscordAdapter]]:
    fake = FlakyDiscord(rate=0.3, seed=20250120, timeout_sleep=1.0)
    for _ in range(CHANNELS - 1):
        fake.add_channel()
    async with started(fake, SEND_TIMEOUT) as adapter:
        yield fake, adapter


def _target(fake: FakeDiscord) -> Target:
    return Target("discord", channel_id=fake.channel_id, workspace_id=fake.guild_id)


def _message(text: str) -> Message:
    return Message(title=text, sections=(Section(text=text),))


async def test_a_send_cancelled_while_its_bucket_refreshes_does_not_stall_the_channel() -> None:
    """The moment the 30% run hit: a request leaves the channel's one-token bucket (the fake
    sends no rate-limit headers), discord.py's `Ratelimit.__aexit__` awaits `_refresh`, and
    the caller's timeout cancels it right there. Unprotected, `reset()` and `_wake()` never
    run: `remaining` stays 0 and every later send waits 30 s in `acquire`, past any timeout."""
    fake = FakeDiscord()
    async with started(fake, send_timeout=2.0) as adapter:
        assert adapter._client is not None
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=int(fake.channel_id))
        # discord.py's own bucket for the channel, held as HTTPClient.request holds it.
        bucket = adapter._client.http.get_ratelimit(f"{route.key}:{route.major_parameters}")
        answered = asyncio.get_running_loop().create_future()

        async def request_in_flight() -> None:
            async with bucket:
                await answered

        in_flight = asyncio.create_task(request_in_flight())
        await asyncio.sleep(0)
        queued = asyncio.create_task(adapter.send(_target(fake), _message("queued")))
        await asyncio.sleep(0.05)  # waiting for the channel's token
        answered.set_result(None)
        await asyncio.sleep(0)  # the request leaves the bucket: __aexit__ -> _refresh
        in_flight.cancel()  # ... and its timeout fires right then
        await asyncio.gather(in_flight, return_exceptions=True)

        await queued
        await adapter.send(_target(fake), _message("later"))
        assert [m["embeds"][0]["title"] for m in fake.messages] == ["queued", "later"]


class GlobalLimitedDiscord(FakeDiscord):
    """Answers the first message post with a global 429 (retry_after 5 s)."""

    def __init__(self) -> None:
        super().__init__()
        self.global_429s = 1

    async def _create_message(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        if self.global_429s > 0:
            self.global_429s -= 1
            body = {"message": "You are being rate limited.", "retry_after": 5.0, "global": True}
            headers = {"Via": "1.1 google", "Retry-After": "5", "X-RateLimit-Global": "true"}
            return _json(body, status=429, headers=headers)
        return await super()._create_message(request, call, params)


async def test_a_send_cancelled_during_a_global_rate_limit_does_not_stall_the_client() -> None:
    """discord.py clears `_global_over`, sleeps out a global 429, then sets it; a send timed
    out in that sleep must not leave every later request waiting for it forever."""
    fake = GlobalLimitedDiscord()
    async with started(fake, send_timeout=0.5) as adapter:
        with pytest.raises(TransientDeliveryError):
            await adapter.send(_target(fake), _message("first"))
        assert fake.global_429s == 0 and fake.messages == []
        await adapter.send(_target(fake), _message("second"))
        assert [m["embeds"][0]["title"] for m in fake.messages] == ["second"]


@pytest.mark.slow
async def test_flaky_discord_gets_every_delivery_exactly_once(
    store: Store, flaky: tuple[FlakyDiscord, DiscordAdapter]
) -> None:
    """N = 500: about 15 s per backend on an idle 2-core machine, up to 40 s on a busy one
    (SQLite measured)."""
    fake, adapter = flaky
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
    dispatchers = [
        Dispatcher(
            store,
            {"discord": adapter},
            f"worker-{w}",
            clock=clock,
            lease=timedelta(minutes=2),
            send_timeout=5.0,
            batch_size=10,
            backoff=Backoff(base=1.0, cap=60.0),
        )
        for w in range(WORKERS)
    ]
    for _ in range(200):
        await asyncio.gather(*(d.run_once() for d in dispatchers))
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
