"""Command floods: how many commands one chat user may run, so one cannot starve the rest.

Every workspace shares one process, one database and a handful of worker threads; a
user (or a script with a user's token) sending hundreds of `/layoffs search ...` a
second kept them all busy. Each user of each workspace gets a token bucket: a burst of
`burst` commands, then one every `every` seconds. People typing commands never meet it.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

BURST = 20
EVERY = 2.0  # seconds per command once the burst is spent
MAX_USERS = 50_000  # buckets kept; the least recently used beyond are forgotten (full)


class CommandLimiter:
    """Token buckets keyed by (platform, workspace, user). Not thread-safe: call it from
    the event loop (bot.app.App.handle does)."""

    def __init__(
        self,
        burst: int = BURST,
        every: float = EVERY,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = MAX_USERS,
    ) -> None:
        self.burst = burst
        self.every = every
        self.clock = clock
        self.max_users = max_users
        # (tokens, when counted, refused since the last command that ran)
        self._buckets: OrderedDict[tuple[str, str, str], tuple[float, float, bool]] = OrderedDict()

    def wait(self, platform: str, workspace: str, user: str) -> float:
        """0 when the command may run now (and it is counted); else the seconds until
        the next one may."""
        return self.check(platform, workspace, user)[0]

    def check(self, platform: str, workspace: str, user: str) -> tuple[float, bool]:
        """`wait` and whether this user was already refused since their last command
        ran: told once is enough (a reply per flooded message floods back)."""
        key = (platform, workspace, user)
        now = self.clock()
        tokens, then, refused = self._buckets.pop(key, (float(self.burst), now, False))
        # max(): a wall clock set back never takes tokens away.
        tokens = min(float(self.burst), tokens + max(0.0, now - then) / self.every)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now, False)
            wait, repeat = 0.0, False
        else:
            self._buckets[key] = (tokens, now, True)
            wait, repeat = (1.0 - tokens) * self.every, refused
        while len(self._buckets) > self.max_users:
            self._buckets.popitem(last=False)
        return wait, repeat
