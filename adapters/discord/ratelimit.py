"""discord.py's rate limiters, made safe for a request that is cancelled.

The adapter bounds every send with `asyncio.wait_for`, so discord.py requests do get
cancelled: a connection that hangs, a 500 that discord.py would retry after sleeping a
second or more, a queue behind a busy channel. discord.py's limiters update their state
*after* an await, and a cancellation landing on that await skips the update for good:

- Per route (`Ratelimit` in discord/http.py): a request leaving an exhausted bucket
  (`remaining == 0`, e.g. a one-request bucket whose answer carried no rate-limit headers)
  calls `_refresh` from `__aexit__`; `_refresh` sleeps out the reset under `_sleeping` and
  only then runs `reset()` and `_wake()`. Cancelled in that sleep (even a `sleep(0)`), the
  bucket is left with `remaining == 0`, `outgoing == 0` and nobody sleeping, so nobody
  will wake the queued requests: each waits in `acquire` until `expires`, or 30 s when
  Discord sent no reset, and one whose own timeout is shorter never gets through. With the
  adapter's send timeout below 30 s the channel stalls for good.
- Global (`HTTPClient._global_over`): a global 429 clears the event, sleeps `retry_after`,
  then sets it again. Cancelled in that sleep, it is never set, and every later request of
  the client waits for it forever.

`protect(http)` fixes both without changing what discord.py does otherwise: a bucket's
refresh runs in a task of its own that the cancelled request leaves to finish (so the
bucket is reset and its waiters woken, as discord.py intends: "the object that is sleeping
is ultimately responsible for freeing the semaphore"), and a request cancelled while
sleeping out a global 429 it received lets the other requests go again (if the limit is
still on, the next one gets a 429 and waits it out).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from discord.http import HTTPClient, Ratelimit, Route

log = logging.getLogger(__name__)

# The refreshes running on their own: the event loop keeps only weak references to tasks.
_refreshes: set[asyncio.Task[None]] = set()


class CancelSafeRatelimit(Ratelimit):
    """A `Ratelimit` whose `_refresh` (reset + wake the queue) always runs to the end."""

    __slots__ = ()  # same layout as Ratelimit, so a bucket's class can be switched

    async def _refresh(self) -> None:
        task = asyncio.ensure_future(super()._refresh())
        _refreshes.add(task)
        task.add_done_callback(_refresh_done)
        await asyncio.shield(task)


def _refresh_done(task: asyncio.Task[None]) -> None:
    _refreshes.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("discord rate limit refresh failed", exc_info=task.exception())


class _GlobalLimit(asyncio.Event):
    """`HTTPClient._global_over` that remembers which task cleared it (the one sleeping
    out the global 429)."""

    owner: asyncio.Task[Any] | None = None

    def clear(self) -> None:
        super().clear()
        self.owner = asyncio.current_task()


class CancelSafeHTTPClient(HTTPClient):
    """discord.py's HTTPClient with cancellation-safe rate limiters (see the module doc)."""

    def get_ratelimit(self, key: str) -> Ratelimit:
        bucket = super().get_ratelimit(key)
        if type(bucket) is Ratelimit:
            bucket.__class__ = CancelSafeRatelimit
        return bucket

    async def request(self, route: Route, **kwargs: Any) -> Any:
        over = self._global_over
        if type(over) is asyncio.Event:  # a new one on each login
            over.__class__ = _GlobalLimit
        try:
            return await super().request(route, **kwargs)
        finally:
            if (
                isinstance(over, _GlobalLimit)
                and not over.is_set()
                and over.owner is asyncio.current_task()
            ):
                # Cancelled while sleeping out the global 429 this request received.
                log.info("a request waiting out a global rate limit was cancelled")
                over.set()


def protect(http: HTTPClient) -> None:
    """Make a discord.py client's HTTPClient cancellation-safe (before any request)."""
    if type(http) is HTTPClient:
        http.__class__ = CancelSafeHTTPClient
