"""The machine offline: one line for it, not one per feed, and the feeds read again as soon
as the network is back.

An offline first start printed "could not resolve host" once per default feed (~15 lines)
and never said the one thing that mattered; and each feed, charged the failure, waited out
its backoff (up to hours after a long outage) before it was read again. A poll whose feeds
(two or more) all failed for want of a network says so once; the per-feed detail stays in
the log (`event=feed_failed`) and in `feeds list`. While offline, a look-up of the feeds'
hosts every PROBE_SECONDS notices the network is back: every feed is then due at once,
the poll runs, and a feed that still fails is reported again, for itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from feeds.outcome import FeedOutcome, PollNotStored

if TYPE_CHECKING:
    from bot.models import Feed
    from bot.store import Store

log = logging.getLogger(__name__)

PROBE_SECONDS = 15.0
# The errors of a fetch that never reached a server for want of a network (feeds/guard.py,
# feeds/fetch.py's _transport_message): no name resolves, no route to anywhere. A refused
# connection, a timeout or an HTTP error came from (or through) a network that works.
_NETWORK_DOWN = (
    "could not resolve host",
    "network unreachable",
    "could not connect: network is unreachable",
    "could not connect: no route to host",
)


def network_down(error: str | None) -> bool:
    return bool(error) and str(error).lower().startswith(_NETWORK_DOWN)


class OfflineWatch:
    """Between the poller and whoever shows feed problems (the console): `problem` is the
    poller's hook, `poll` wraps its cycle. `say` shows one line; `poll_now` asks the
    scheduler for a poll at once (set once the scheduler exists)."""

    def __init__(
        self,
        store: Store,
        *,
        report: Callable[[Feed, str], None] | None = None,
        say: Callable[[str], None] | None = None,
        resolves: Callable[[str], Awaitable[bool]] | None = None,
        probe_seconds: float = PROBE_SECONDS,
    ) -> None:
        self.store = store
        self.report = report
        self.say = say
        self.resolves = resolves
        self.probe_seconds = probe_seconds
        self.poll_now: Callable[[], None] | None = None
        self.offline = False
        self._held: list[tuple[Feed, str]] = []
        self._probe: asyncio.Task[None] | None = None

    def problem(self, feed: Feed, problem: str) -> None:
        """A feed's problem, held until its cycle ends (the poller's `on_problem`)."""
        self._held.append((feed, problem))

    def wrap(
        self, poll_due: Callable[[], Awaitable[list[FeedOutcome]]]
    ) -> Callable[[], Awaitable[list[FeedOutcome]]]:
        async def poll() -> list[FeedOutcome]:
            self._held = []
            outcomes: list[FeedOutcome] = []
            try:
                outcomes = await poll_due()
            except PollNotStored as exc:
                outcomes = exc.outcomes
                raise
            finally:
                self._cycle_done(outcomes)
            return outcomes

        return poll

    def _cycle_done(self, outcomes: list[FeedOutcome]) -> None:
        held, self._held = self._held, []
        reached = [o for o in outcomes if o.status in ("new", "not_modified")]
        down = [o for o in outcomes if o.status == "error" and network_down(o.error)]
        if reached and self.offline:
            self._back_online()
        elif not reached and len(down) == len(outcomes) >= 2 and not self.offline:
            self._gone_offline(down)
        for feed, problem in held:
            if self.offline and network_down(problem):
                continue  # said once for every feed; the log and `feeds list` name each
            if self.report is not None:
                self.report(feed, problem)

    def _gone_offline(self, down: list[FeedOutcome]) -> None:
        self.offline = True
        log.warning("event=offline feeds=%d error=%r", len(down), down[0].error)
        self._say(
            f"You seem to be offline: none of the {len(down)} feeds could be reached"
            f" ({down[0].error}). The bot keeps running and reads them as soon as the"
            " network is back (/layoffs feeds list shows each feed)."
        )
        if self.resolves is not None and self._probe is None:
            hosts = list(dict.fromkeys(urlsplit(o.url).hostname or "" for o in down))
            self._probe = asyncio.get_running_loop().create_task(self._watch(hosts[:3]))

    def _back_online(self) -> None:
        self.offline = False
        log.info("event=online")
        self._say("Back online: the feeds are read again.")
        # Each feed that still fails is reported once more, for itself (its report was
        # claimed, and held back, while the whole network was down).
        self.store.reset_error_reports()
        self._stop_probe()

    async def _watch(self, hosts: list[str]) -> None:
        """Look the hosts up every `probe_seconds` until one resolves; then every feed is
        due at once and the poll is asked for (it says "Back online" when it reads one)."""
        assert self.resolves is not None
        wait = self.probe_seconds
        while self.offline:
            await asyncio.sleep(wait)
            answers = await asyncio.gather(*(self.resolves(h) for h in hosts if h))
            if any(answers):
                log.info("event=network_back hosts=%d", len(hosts))
                await asyncio.to_thread(self.store.force_all_due)
                if self.poll_now is not None:
                    self.poll_now()
                # Names resolve, yet the poll may still find no route: look again later
                # and later (15 s, 30 s, ... 15 min), not a poll of every feed each time.
                wait = min(wait * 2, 900.0)

    def _say(self, text: str) -> None:
        if self.say is not None:
            self.say(text)

    def _stop_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None and probe is not asyncio.current_task():
            probe.cancel()

    async def close(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await probe
