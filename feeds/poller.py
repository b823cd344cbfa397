"""Polling: which feeds are due, backoff for failing ones, items handed to the pipeline.

Implements the core's FeedService port, so `/layoffs feeds add` can fetch a feed once
without bot/ importing anything from here.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.errors import DatabaseUnavailable, FeedError, FetchError, InvalidFeedURL
from bot.models import Feed
from bot.pipeline import IngestResult, Pipeline
from bot.store import Store
from bot.timeutil import utcnow
from feeds.budget import ItemBudget
from feeds.fetch import Fetcher, FetchResult, validate_feed_url
from feeds.outcome import FeedOutcome, PollNotStored
from feeds.parse import ParsedFeed, parse_feed

log = logging.getLogger(__name__)

# A failing feed is disabled only when both hold: this many attempts failed in a row, and
# it has been failing for this long. Backoff alone would reach ten attempts within a day,
# and `layoffbot poll --all` within minutes; a site down for a weekend must survive.
MAX_CONSECUTIVE_FAILURES = 10
DISABLE_AFTER_FAILING_FOR = timedelta(days=3)
# New items stored per feed per poll: a flood (a feed of 5,000 fresh items, or GUIDs
# that change every poll) costs one bounded batch per cycle instead of minutes of ingest.
MAX_NEW_ITEMS_PER_POLL = 200
MAX_BACKOFF = timedelta(hours=6)
# Feeds the poller remembers (about 1 KB each for 50 items): their last parse, so the
# next poll parses only the items that changed (feeds.parse.parse_changes).
REMEMBERED_FEEDS = 20_000


REMOVED_WHILE_POLLED = "removed while it was polled; nothing stored"


FeedProblemHook = Callable[[Feed, str], None]


class Poller:
    """Polls due feeds with bounded concurrency and records each feed's health."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        fetcher: Fetcher,
        *,
        interval: timedelta = timedelta(minutes=15),
        parse_timeout: float = 10.0,
        on_problem: FeedProblemHook | None = None,
        clock: Callable[[], datetime] = utcnow,
        incremental: bool = True,
        workspace_items_per_hour: int | None = None,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.fetcher = fetcher
        self.interval = interval
        self.parse_timeout = parse_timeout
        self.on_problem = on_problem
        self.clock = clock
        self.incremental = incremental
        # New items each workspace's own feeds may store in an hour (feeds/budget.py).
        self.budget = (
            ItemBudget(workspace_items_per_hour) if workspace_items_per_hour is not None else None
        )
        # Feeds whose last poll stored every item (so they are primed), by URL: the feed
        # id and the fingerprint of that document (None when it could not be cut at its
        # items). The fingerprint is also stored with the feed (feeds.item_fingerprint),
        # so after a restart each feed's first poll still parses only its changed items.
        self._seen: OrderedDict[str, tuple[int, bytes | None]] = OrderedDict()
        self._rescheduled = False

    async def poll_due(
        self, *, progress: Callable[[FeedOutcome], None] | None = None
    ) -> list[FeedOutcome]:
        """Poll every due feed once; one feed's failure never stops the others."""
        await asyncio.to_thread(self.pipeline.announce_pending)
        if not self._rescheduled:  # once a process: the interval may be shorter than before
            await asyncio.to_thread(self.store.poll_within, self.interval * 1.1, self.clock())
            self._rescheduled = True
        due = await asyncio.to_thread(self.store.due_feeds, self.clock())
        # The operator's feeds (everyone's news) take the fetch slots first: workspaces'
        # own feeds answering slowly (a byte short of the deadline, every poll: no error,
        # no backoff) held the slots for minutes a cycle before the operator's got one.
        due.sort(key=lambda f: bool(f.workspace))  # stable: oldest first within each
        await self._recall_stored(due)

        async def one(feed: Feed) -> FeedOutcome:
            outcome = await self.poll_feed(feed)
            if progress is not None:
                progress(outcome)
            return outcome

        outcomes = list(await asyncio.gather(*(one(f) for f in due)))
        failed = [o for o in outcomes if o.status == "not_stored"]
        if failed:
            raise PollNotStored(
                f"{len(failed)} of {len(outcomes)} feed(s) polled but not stored: {failed[0].error}",
                outcomes,
            )
        return outcomes

    async def poll_feed(self, feed: Feed) -> FeedOutcome:
        """One feed's poll. The database failing is not the feed's failure: the feed is
        neither charged an error (backoff, a report to its channel, in time disabled) nor
        logged with a traceback; it stays due, for the next cycle (status "not_stored")."""
        try:
            return await self._poll_feed(feed)
        except DatabaseUnavailable as exc:
            self._seen.pop(feed.url, None)
            return FeedOutcome(feed.url, feed.name, "not_stored", error=str(exc))

    async def _poll_feed(self, feed: Feed) -> FeedOutcome:
        now = self.clock()
        try:
            # Through the operator's row when the operator lists the URL (Store.due_feeds):
            # a workspace's row is fetched only when no operator's is, and always guarded.
            result = await self.fetcher.fetch(
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                for_workspace=bool(feed.workspace),
            )
            if result.not_modified:
                await asyncio.to_thread(
                    self.store.record_poll,
                    feed.url,
                    now=now,
                    next_poll=self._next_ok(now),
                    ok=True,
                    etag=result.etag or feed.etag,
                    last_modified=result.last_modified or feed.last_modified,
                )
                return FeedOutcome(feed.url, feed.name, "not_modified")
            remembered = self._recall(feed)
            parsed = await parse_feed(
                result.body,
                result.headers,
                result.final_url,
                timeout=self.parse_timeout,
                changes=self.incremental,
                known=remembered[1] if remembered is not None else None,
            )
            # A row created again since (same id and URL) has not succeeded yet: ask.
            primed = remembered is not None and feed.last_success is not None
            new, complete, held, refused = await asyncio.to_thread(
                self._store_and_record, feed, parsed, result, now, primed
            )
            self._remember(feed, parsed, complete=complete)
            log.info("event=feed_polled url=%s new_items=%d", feed.url, new)
            return FeedOutcome(
                feed.url, feed.name, "new", new_items=new, held_back=held, refused=refused
            )
        except FeedError as exc:
            self._seen.pop(feed.url, None)
            return await asyncio.to_thread(self._record_failure, feed, exc, now)
        except DatabaseUnavailable:
            raise
        except Exception as exc:  # never let one feed take the poller down
            self._seen.pop(feed.url, None)
            if await asyncio.to_thread(self._removed, feed):  # `feeds remove` meanwhile
                log.info("event=feed_removed_while_polled url=%s", feed.url)
                return FeedOutcome(feed.url, feed.name, "error", error=REMOVED_WHILE_POLLED)
            log.exception("event=feed_poll_crashed url=%s", feed.url)
            return await asyncio.to_thread(
                self._record_failure, feed, FeedError(f"unexpected error: {exc}"), now
            )

    def _removed(self, feed: Feed) -> bool:
        """Whether the feed was removed since this poll began (its items then fail their
        foreign key: not a crash to log with a traceback)."""
        try:
            return self.store.get_feed(feed.id) is None
        except Exception:
            return False

    async def _recall_stored(self, due: list[Feed]) -> None:
        """Load the stored fingerprints of due feeds this process does not remember (the
        first cycle after a restart): one query per cycle, none once all are in memory."""
        if not self.incremental:
            return
        missing = [f.id for f in due if f.url not in self._seen]
        if not missing:
            return
        stored = await asyncio.to_thread(self.store.item_fingerprints, missing)
        for feed in due:
            fingerprint = stored.get(feed.id)
            if fingerprint is not None and feed.url not in self._seen:
                self._seen[feed.url] = (feed.id, fingerprint)
        while len(self._seen) > REMEMBERED_FEEDS:
            self._seen.popitem(last=False)

    def _recall(self, feed: Feed) -> tuple[int, bytes | None] | None:
        """What the last poll of this feed left, if it stored every item."""
        seen = self._seen.get(feed.url)
        if seen is None or seen[0] != feed.id:
            return None
        self._seen.move_to_end(feed.url)
        return seen

    def _remember(self, feed: Feed, parsed: ParsedFeed, *, complete: bool) -> None:
        """Remember a feed only when every item of the document is in the store: items
        its fingerprint skips next time must never be items still waiting to be stored."""
        if not complete:
            self._seen.pop(feed.url, None)
            return
        self._seen[feed.url] = (feed.id, parsed.fingerprint if self.incremental else None)
        self._seen.move_to_end(feed.url)
        while len(self._seen) > REMEMBERED_FEEDS:
            self._seen.popitem(last=False)

    def _store_and_record(
        self, feed: Feed, parsed: ParsedFeed, result: FetchResult, now: datetime, primed: bool
    ) -> tuple[int, bool, int, int]:
        """Ingest the items and record the poll, in one trip to a worker thread.

        `primed` says the feed is known to be primed (a feed never stops being primed);
        otherwise the pipeline reads the flag with the known items. The poll is recorded
        in the pipeline's last transaction, with the alerts. Returns the number of new
        items and whether every item of the document is now stored: none deferred, none
        dropped (an item the pipeline could not judge is retried at the next poll, as a
        whole parse would; one the database refused is logged and skipped, as stored),
        how many the budget held back and how many the database refused.
        """
        if parsed.partial and not (primed or self.store.feed_is_primed(feed.id)):
            # A feed re-added under the same id since it was remembered: its first poll
            # must store every item silently. Store nothing now and read it whole next time.
            self._record_ok(feed, result, now, deferred=True, complete=False, parsed=parsed)
            return 0, False, 0, 0
        outcome: list[tuple[int, bool, int]] = []

        def finish(ingested: IngestResult) -> None:
            if not ingested.announced and not ingested.deferred:
                # The rest of a long first document is as old as what was stored: it
                # stays silent too, until the whole backlog is in.
                self.store.mark_primed(feed.url)
            accounted = ingested.new_items + ingested.duplicates + ingested.deferred
            accounted += ingested.refused  # logged, and skipped by the next polls
            complete = not ingested.deferred and accounted >= len(parsed.items)
            deferred = bool(ingested.deferred)
            self._record_ok(feed, result, now, deferred=deferred, complete=complete, parsed=parsed)
            outcome.append((ingested.new_items, complete, ingested.refused))

        first, *others = self._filed_for(feed)
        for other in others:  # each row's own first poll stays silent (announce=None)
            self._ingest(other, parsed, now, announce=None)
        held = self._ingest(first, parsed, now, announce=True if primed else None, finish=finish)
        return outcome[0][0], outcome[0][1], held, outcome[0][2]

    def _ingest(
        self,
        row: Feed,
        parsed: ParsedFeed,
        now: datetime,
        *,
        announce: bool | None,
        finish: Callable[[IngestResult], None] | None = None,
    ) -> int:
        """`_ingest_within_budget`, with what the row held back recorded for the
        workspace's `/layoffs feeds list` (a write only when it changed): only the
        operator's log said so, and the list showed the feed "ok"."""
        held = self._ingest_within_budget(row, parsed, now, announce=announce, finish=finish)
        if held != row.held_back:
            self.store.record_held_back(row.id, held)
        return held

    def _ingest_within_budget(
        self,
        row: Feed,
        parsed: ParsedFeed,
        now: datetime,
        *,
        announce: bool | None,
        finish: Callable[[IngestResult], None] | None = None,
    ) -> int:
        """One list's share of a fetch, within its workspace's hourly budget of new items
        (the operator's feeds have none): the items past it are deferred to later polls.
        Returns how many the budget held back."""
        if self.budget is None or not row.workspace:
            self.pipeline.ingest(
                parsed.items,
                feed_id=row.id,
                announce=announce,
                limit=MAX_NEW_ITEMS_PER_POLL,
                finish=finish,
                source=row.url,
            )
            return 0
        taken = self.budget.reserve(row.workspace, MAX_NEW_ITEMS_PER_POLL, now)
        granted, stored = taken.items, 0
        try:
            result = self.pipeline.ingest(
                parsed.items,
                feed_id=row.id,
                announce=announce,
                limit=granted,
                finish=finish,
                source=row.url,
            )
            stored = result.new_items
        finally:
            self.budget.settle(taken, stored)
        if granted >= MAX_NEW_ITEMS_PER_POLL or not result.deferred:
            return 0
        log.warning(
            "event=workspace_items_held_back workspace=%s url=%s held_back=%d per_hour=%d",
            row.workspace,
            row.url,
            result.deferred,
            self.budget.per_hour,
        )
        return result.deferred

    def _filed_for(self, feed: Feed) -> list[Feed]:
        """The lists whose tenants get the items of this fetch of `feed.url` (one fetch
        per URL: Store.due_feeds). The operator's row alone when the URL is in the global
        list (its items are everyone's); else every workspace listing it, each its own
        copy: before, only the first workspace to add a URL got its items."""
        if not feed.workspace:
            return [feed]
        rows = [f for f in self.store.feeds_with_url(feed.url) if not f.disabled]
        operator = [f for f in rows if not f.workspace]
        return operator[:1] or sorted(rows, key=lambda f: f.id) or [feed]

    def _record_ok(
        self,
        feed: Feed,
        result: FetchResult,
        now: datetime,
        *,
        deferred: bool,
        complete: bool,
        parsed: ParsedFeed,
    ) -> None:
        # With items left over, forget the validators so the next poll fetches them.
        # The fingerprint is stored only when every item is: see _remember.
        remembered = parsed.fingerprint if complete and self.incremental else None
        self.store.record_poll(
            feed.url,
            now=now,
            next_poll=self._next_ok(now),
            ok=True,
            etag=None if deferred else result.etag,
            last_modified=None if deferred else result.last_modified,
            forget_validators=deferred,
            fingerprint=(feed.id, remembered),
        )

    def _record_failure(self, feed: Feed, exc: FeedError, now: datetime) -> FeedOutcome:
        message = str(exc)
        failures = feed.error_count + 1
        failing_since = (feed.failing_since if feed.error_count else None) or now
        disable = None
        if isinstance(exc, FetchError) and exc.gone:
            disable = f"the server says the feed is gone ({message})"
        elif isinstance(exc, InvalidFeedURL):
            disable = message
        elif (
            failures >= MAX_CONSECUTIVE_FAILURES
            and now - failing_since >= DISABLE_AFTER_FAILING_FOR
        ):
            days = (now - failing_since).days
            disable = f"failing for {days} days ({failures} attempts in a row); last: {message}"
        retry_after = exc.retry_after if isinstance(exc, FetchError) else None
        updated = self.store.record_poll(
            feed.url,
            now=now,
            next_poll=self._next_failure(now, failures, retry_after),
            ok=False,
            error=message,
            disable_reason=disable,
        )
        log.warning("event=feed_failed url=%s failures=%d error=%r", feed.url, failures, message)
        if updated is not None and self.on_problem is not None:
            if disable:
                self.on_problem(updated, f"disabled: {disable}")
            elif self.store.claim_error_report(feed.url):
                self.on_problem(updated, message)
        if disable:
            return FeedOutcome(
                feed.url, feed.name, "disabled", error=disable, workspace=feed.workspace or ""
            )
        return FeedOutcome(feed.url, feed.name, "error", error=message)

    def _next_ok(self, now: datetime) -> datetime:
        return now + self.interval * random.uniform(0.9, 1.1)

    def _next_failure(self, now: datetime, failures: int, retry_after: float | None) -> datetime:
        backoff = min(self.interval * (2 ** (failures - 1)), MAX_BACKOFF)
        backoff *= random.uniform(0.5, 1.0)  # jitter so failing feeds do not retry in step
        if retry_after is not None:
            backoff = max(backoff, timedelta(seconds=retry_after))
        next_poll: datetime = now + backoff
        return next_poll

    # ------------------------------------------------------------ FeedService
    async def add_feed(
        self, url: str, *, workspace: str = "", name: str | None = None, limit: int | None = None
    ) -> Feed:
        """Fetch once, store current items silently, then poll it like the rest (see
        FeedService.add_feed)."""
        url = validate_feed_url(url)
        self._seen.pop(url, None)
        result = await self.fetcher.fetch(url, for_workspace=bool(workspace))
        parsed = await parse_feed(
            result.body, result.headers, result.final_url, timeout=self.parse_timeout
        )
        if not parsed.items:
            raise FeedError("the feed has no items; is this the right URL?")
        feed, created = await asyncio.to_thread(
            self.store.add_feed, url, name or parsed.title or url, workspace, limit=limit
        )
        try:
            await self._prime(feed, parsed, result)
        except Exception:
            # The row alone (its items not stored, not primed) stayed in the list after a
            # failed add, and its next poll announced every current item as new.
            if created:
                await asyncio.to_thread(self._forget_added, url, workspace)
            raise
        stored = await asyncio.to_thread(self.store.get_feed, feed.id)
        return stored or feed

    async def _prime(self, feed: Feed, parsed: ParsedFeed, result: FetchResult) -> None:
        """A new feed's current items stored without announcing them, and its poll recorded.

        Items the judges could not finish (a worker stuck past its backstop: the whole
        batch) are deferred: the feed is then not marked read, so its next polls store
        the rest silently too, as for any long first read (see _store_and_record). It was
        marked read regardless, and its next polls announced the whole backlog as news."""
        ingested = await asyncio.to_thread(
            self.pipeline.ingest, parsed.items, feed_id=feed.id, announce=False
        )
        held = bool(ingested.deferred)
        now = self.clock()
        if held:
            log.warning(
                "event=first_read_deferred url=%s deferred=%d: stored silently by the next polls",
                feed.url,
                ingested.deferred,
            )
        else:
            await asyncio.to_thread(self.store.mark_primed, feed.url)
        await asyncio.to_thread(
            self.store.record_poll,
            feed.url,
            now=now,
            next_poll=self._next_ok(now),
            ok=True,
            etag=None if held else result.etag,
            last_modified=None if held else result.last_modified,
            forget_validators=held,  # the next poll must fetch the items again
        )

    def _forget_added(self, url: str, workspace: str) -> None:
        """Take out a feed whose add failed after its row was written: the add is all or
        nothing. If the database refuses this too, the row stays (unprimed: its first
        poll then stores without announcing, see _store_and_record) and it is logged."""
        try:
            self.store.remove_feed(url, workspace)
        except Exception as exc:  # the add's own error is the one to report
            log.warning("event=feed_add_not_undone url=%s error=%r", url, str(exc))
