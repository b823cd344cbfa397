"""How many new items one workspace's own feeds may store in an hour.

Every item a feed brings is judged (the rules, up to 200 KB of text each) on the same
few cores that serve every workspace. MAX_NEW_ITEMS_PER_POLL bounds one feed's poll, not
a workspace: a server's 50 own feeds whose items changed every poll (200 of 60 KB each,
~11 s of CPU per poll) kept a core busy around the clock, and everyone's news, alerts and
commands waited behind them (session 14 attack). The operator's feeds have no budget.

Items past the budget are not lost: they are held back like the items past a poll's cap
(left unknown, so a later poll stores them) once the workspace's hour has room again.
Counted in this process's memory, like `/layoffs feeds add` attempts
(bot/commands/attempts.py): the schedule's leader polls, so one process counts.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["ItemBudget", "Reservation"]

MAX_TENANTS = 10_000  # workspaces remembered at once; the longest idle are forgotten first


@dataclass
class Reservation:
    """Items taken from a workspace's hour at `when`: `items` may be stored."""

    when: datetime
    items: int


class ItemBudget:
    """At most `per_hour` new items per workspace in any hour; reserve, then settle."""

    def __init__(self, per_hour: int, window: timedelta = timedelta(hours=1)) -> None:
        if per_hour < 1:
            raise ValueError("per_hour must be at least 1")
        self.per_hour = per_hour
        self.window = window
        self._lock = threading.Lock()
        self._spent: dict[str, deque[Reservation]] = {}  # within the window, oldest first

    def reserve(self, tenant: str, wanted: int, now: datetime) -> Reservation:
        """Take up to `wanted` items of the tenant's hour (`items` of the result may be
        stored): concurrent polls of one workspace's feeds cannot spend the same room."""
        with self._lock:
            spent = self._spent.pop(tenant, None) or deque()
            while spent and now - spent[0].when >= self.window:
                spent.popleft()
            room = max(0, self.per_hour - sum(r.items for r in spent))
            taken = Reservation(now, min(wanted, room))
            spent.append(taken)
            self._spent[tenant] = spent  # re-inserted last: the most recently used
            while len(self._spent) > MAX_TENANTS:
                self._spent.pop(next(iter(self._spent)))
            return taken

    def settle(self, taken: Reservation, stored: int) -> None:
        """What a reservation really stored (duplicates and failures give the rest back)."""
        with self._lock:
            taken.items = max(0, min(taken.items, stored))
