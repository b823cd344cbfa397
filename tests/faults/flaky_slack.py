"""A FakeSlack that fails a share of `chat.postMessage` calls at random, reproducibly.

Every fault happens *before* the fake accepts the message, so a failed call never posts:
- "429": HTTP 429 with a Retry-After (short ones, 1 s, are waited out inside slack_sdk,
  long ones come back to the outbox as TransientDeliveryError(retry_after=...)),
- "500": HTTP 500 `internal_error`,
- "reset": the TCP connection is aborted before any response byte,
- "timeout": the fake sleeps longer than the client's timeout, then drops the connection
  without recording anything.
A message the platform accepted but whose answer was lost is FakeSlack's `lose_answers`
(after this class's faults, on the calls that got through).

Wall time: `virtual_sdk_sleeps` records the waits slack_sdk's retry handlers ask for
instead of sleeping them (the handlers themselves run unchanged), and `client_timeout()`
is a short client timeout a "timeout" (or a lost answer's hang) costs instead of seconds.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from aiohttp import web
from slack_sdk.http_retry import async_handler, builtin_async_handlers

from tests.e2e import patience
from tests.slack.fake_slack import FakeSlack, _args

KEY = re.compile(r"\[(d-\d+)\]")
FAULTS = ("429", "429-long", "500", "reset", "timeout")
SHORT_RETRY_AFTER = 1  # seconds: slack_sdk waits it out inline (adapters/slack/client.py)


def client_timeout() -> float:
    """The Slack client's timeout here: well above the fake's answer time on a loaded
    machine (8 dispatchers share one event loop with the fake), and what each "timeout"
    fault costs. The fake's hangs are twice as long: the client's timer, set before the
    request is sent, fires first in the one event loop they share, whatever the load."""
    return patience(0.1)


class _VirtualAsyncio:
    """The `asyncio` slack_sdk's retry handlers see: `sleep` records and returns."""

    def __init__(self, waits: list[tuple[str, float]], who: str) -> None:
        self._waits = waits
        self._who = who

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        self._waits.append((self._who, delay))
        await asyncio.sleep(0)
        return result


def virtual_sdk_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float]]:
    """Make slack_sdk's retry waits virtual: each is recorded ("ratelimit" for its 429
    handler, "backoff" for the others, with the seconds asked for) and costs no wall time."""
    waits: list[tuple[str, float]] = []
    monkeypatch.setattr(builtin_async_handlers, "asyncio", _VirtualAsyncio(waits, "ratelimit"))
    monkeypatch.setattr(async_handler, "asyncio", _VirtualAsyncio(waits, "backoff"))
    return waits


@dataclass
class Fault:
    kind: str
    key: str | None
    at: datetime | None
    call: int  # index into FlakySlack.attempts


@dataclass
class FlakySlack(FakeSlack):
    """`rate`: the share of chat.postMessage calls that fail. `long_retry_after`: the
    Retry-After of a "429-long" fault (more than slack_sdk waits inline). `clock`: the
    outbox's clock, to record when each fault happened in the outbox's time."""

    rate: float = 0.3
    seed: int = 1234
    long_retry_after: int = 30
    timeout_sleep: float = 1.5
    faults: list[Fault] = field(default_factory=list)
    attempts: list[tuple[str | None, datetime | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.rng = random.Random(self.seed)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method != "chat.postMessage":
            return await super()._api(request)
        args = await _args(request)
        match = KEY.search(str(args.get("text") or ""))
        key = match.group(1) if match else None
        now = self.clock() if self.clock else None
        self.attempts.append((key, now))
        if self.rng.random() >= self.rate:
            return await super()._api(request)
        kind = self.rng.choice(FAULTS)
        self.faults.append(Fault(kind, key, now, len(self.attempts) - 1))
        if kind == "429":
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(SHORT_RETRY_AFTER)},
            )
        if kind == "429-long":
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(self.long_retry_after)},
            )
        if kind == "500":
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        if kind == "timeout":
            await asyncio.sleep(self.timeout_sleep)
        if request.transport is not None:  # after a "timeout" the client is already gone
            request.transport.abort()
        raise asyncio.CancelledError  # nothing more to write on an aborted connection

    def accepted(self) -> Counter[str]:
        """How many times the fake accepted each delivery key (`[d-N]` in the text)."""
        counts: Counter[str] = Counter()
        for post in self.posted:
            match = KEY.search(post.text)
            if match:
                counts[match.group(1)] += 1
        return counts

    def fault_counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.faults)
