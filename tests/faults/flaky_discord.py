"""A FakeDiscord that fails a share of `POST /channels/{id}/messages` calls, reproducibly.

Every fault happens *before* the fake accepts the message, so a failed call never posts:
- "429": HTTP 429 with a `Via` header and a small JSON retry_after (discord.py waits it
  out inline and tries again),
- "500": HTTP 500 (discord.py sleeps a second or more before its own retry; the adapter's
  send_timeout cuts that short and the outbox retries),
- "reset": the TCP connection is aborted before any response byte,
- "timeout": the fake sleeps longer than the adapter's send_timeout, then drops the
  connection without recording anything.
The adapter sends a nonce with `enforce_nonce`, which the fake honours as Discord does
(for `nonce_window` seconds), so a message repeated soon after its answer was lost is not
posted twice; `deduped` counts those. Lost answers are FakeDiscord's `lose_answers`.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from discord import http as discord_http

from tests.discord.fake_discord import Call, FakeDiscord, _error, _json
from tests.e2e import patience

KEY = re.compile(r"\[(d-\d+)\]")
FAULTS = ("429", "500", "reset", "timeout")


def send_timeout() -> float:
    """The adapter's send_timeout here: well above the fake's answer time on a loaded
    machine (8 dispatchers share one event loop with the fake), and what each "timeout"
    fault costs. The fake's hangs are twice as long: the adapter's timer, set before the
    request is sent, fires first in the one event loop they share, whatever the load."""
    return patience(0.1)


class _ScaledAsyncio:
    """The `asyncio` discord.py's HTTP client sees: `sleep` is recorded, then slept at
    `scale` of its length."""

    def __init__(self, waits: list[float], scale: float) -> None:
        self._waits = waits
        self._scale = scale

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        self._waits.append(delay)
        return await asyncio.sleep(delay * self._scale, result)


def scaled_client_sleeps(monkeypatch: pytest.MonkeyPatch, scale: float) -> list[float]:
    """Run discord.py's own waits (a 429's retry_after; 1 + 2 * tries s after a 500) at
    `scale` of their length, recording the seconds each asked for. With `scale` above the
    send timeout a 500's wait still outlives it, as 1 s does in real use with a short one."""
    waits: list[float] = []
    monkeypatch.setattr(discord_http, "asyncio", _ScaledAsyncio(waits, scale))
    return waits


@dataclass
class Fault:
    kind: str
    key: str | None
    call: int  # index into FlakyDiscord.attempts


def _key(payload: object) -> str | None:
    match = KEY.search(json.dumps(payload))
    return match.group(1) if match else None


class FlakyDiscord(FakeDiscord):
    """`rate`: the share of message posts that fail; `retry_after`: (min, max) seconds of
    a 429; `timeout_sleep`: how long a "timeout" hangs before the connection drops.
    `options` go to FakeDiscord (clock, nonce_window, lose_answers...)."""

    def __init__(
        self,
        *,
        rate: float = 0.3,
        seed: int = 1234,
        retry_after: tuple[float, float] = (0.01, 0.05),
        timeout_sleep: float = 1.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.rate = rate
        self.rng = random.Random(seed)
        self.retry_after = retry_after
        self.timeout_sleep = timeout_sleep
        self.attempts: list[str | None] = []
        self.faults: list[Fault] = []
        self.deduped = 0

    async def _create_message(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        payload = call.json or {}
        key = _key({"content": payload.get("content"), "embeds": payload.get("embeds")})
        self.attempts.append(key)
        if self.rng.random() >= self.rate:
            before = len(self.messages)
            response = await super()._create_message(request, call, params)
            if response.status == 200 and len(self.messages) == before:
                self.deduped += 1
            return response
        kind = self.rng.choice(FAULTS)
        self.faults.append(Fault(kind, key, len(self.attempts) - 1))
        if kind == "429":
            wait = round(self.rng.uniform(*self.retry_after), 3)
            return _json(
                {"message": "You are being rate limited.", "retry_after": wait, "global": False},
                status=429,
                headers={"Via": "1.1 google", "Retry-After": str(wait)},
            )
        if kind == "500":
            return _error(500, 0, "injected 500")
        if kind == "timeout":
            await asyncio.sleep(self.timeout_sleep)
        if request.transport is not None:  # after a "timeout" the client may be gone
            request.transport.abort()
        raise asyncio.CancelledError  # nothing more to write on an aborted connection

    def accepted(self) -> Counter[str]:
        """How many messages the fake accepted per delivery key (`[d-N]` in the embeds)."""
        counts: Counter[str] = Counter()
        for message in self.messages:
            key = _key({"content": message.get("content"), "embeds": message.get("embeds")})
            if key:
                counts[key] += 1
        return counts

    def fault_counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.faults)
