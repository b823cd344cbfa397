"""How often a workspace may try something costly (`/layoffs feeds add` fetches a URL the
user chose): a sliding window per workspace, kept in this process's memory.

The feed cap (LAYOFFBOT_MAX_FEEDS) limits the feeds a workspace keeps, not its attempts:
a manager, or a script with a manager's token, could make the bot fetch URL after URL
that fails the check and is never stored. Each process counts its own attempts; a bot
run as several processes allows that many times as many, still a bound.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta

MAX_KEYS = 10_000  # workspaces remembered at once; the longest idle are forgotten first


class Attempts:
    """At most `limit` attempts per key in any `window`."""

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window
        self._lock = threading.Lock()
        self._times: dict[str, deque[datetime]] = {}

    def take(self, key: str, now: datetime) -> timedelta | None:
        """Record an attempt; None if allowed, else how long until the next one is."""
        with self._lock:
            times = self._times.pop(key, None) or deque()
            while times and now - times[0] >= self.window:
                times.popleft()
            self._times[key] = times  # re-inserted last: the most recently used
            if len(times) >= self.limit:
                return times[0] + self.window - now
            times.append(now)
            while len(self._times) > MAX_KEYS:
                self._times.pop(next(iter(self._times)))
            return None
