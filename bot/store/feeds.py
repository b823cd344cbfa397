"""The feed list and one-time set-up flags: what the poller and `feeds` commands read and
write."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.errors import FeedLimitReached
from bot.links import feed_name
from bot.models import Feed
from bot.store.base import StoreBase, pg_insert
from bot.store.rows import _ENABLED_AND_DUE, _new_id, feed_from_row
from bot.store.tables import feeds, meta
from bot.timeutil import as_utc, utcnow

# How far a poll's recorded time may be ahead of the clock before the clock is taken to
# have gone back (processes on several machines: their clocks differ by seconds).
CLOCK_SKEW = timedelta(minutes=5)

_NUMBERS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[str | int, ...]:
    """A name's place in a list people read: "feed 2" before "feed 10" (numbers by
    value), "acme" next to "Acme" (case ignored). split() puts the numbers at the odd
    places, so two keys compare text with text and numbers with numbers."""
    parts = _NUMBERS.split(name.casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


class FeedsMixin(StoreBase):
    """Feeds and one-time set-up flags."""

    # ------------------------------------------------------------------ meta
    def seed_default_feeds(self, sources: Sequence[tuple[str, str]]) -> int:
        """Add the operator's default feeds (url, name) to a database that has no feed yet;
        they announce from their first poll. Called once per database, when its default
        feeds are decided (`claim_once`): a database made without them never gets them
        from a later command. Returns how many were added."""
        if not sources or self.list_feeds():
            return 0
        for url, name in sources:
            self.add_feed(url, name)
            self.mark_primed(url)
        return len(sources)

    def claim_once(self, name: str, then: Callable[[], object] | None = None) -> bool:
        """True the first time `name` is claimed in this database (one-time set-up steps).
        An insert-or-nothing: processes started together on a new PostgreSQL database both
        found no claim, and the second's insert stopped its start with a traceback
        (duplicate key "meta_pkey"). `then`, the step itself, runs in the claim's
        transaction (the store's methods it calls join it): if it fails or is interrupted,
        nothing is claimed and the next opening runs it again."""
        dialect_insert: Any = sqlite_insert if self.is_sqlite else pg_insert
        claim = (
            dialect_insert(meta)
            .values(key=name, value=utcnow().isoformat())
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(meta.c.key)
        )
        with self.tx() as conn:
            claimed = conn.execute(claim).first() is not None
            if claimed and then is not None:
                then()
            return claimed

    # ----------------------------------------------------------------- feeds
    def add_feed(
        self, url: str, name: str, workspace: str = "", *, limit: int | None = None
    ) -> tuple[Feed, bool]:
        """Add a feed to a workspace's list ("" is the global list). Returns (feed, created).

        `limit`: the most feeds the list may hold; FeedLimitReached when a new one would
        exceed it. Counted in the inserting transaction, as subscriptions are."""
        with self.tx() as conn:
            row = conn.execute(
                select(feeds).where(feeds.c.url == url, feeds.c.workspace == workspace)
            ).first()
            if row is not None:
                if row.disabled:
                    conn.execute(
                        update(feeds).where(feeds.c.id == row.id).values(**_ENABLED_AND_DUE)
                    )
                    row = conn.execute(select(feeds).where(feeds.c.id == row.id)).one()
                return feed_from_row(row), False
            if limit is not None:
                count = conn.execute(
                    select(func.count()).select_from(feeds).where(feeds.c.workspace == workspace)
                ).scalar_one()
                if count >= limit:
                    raise FeedLimitReached(count, limit)
            feed_id = _new_id(
                conn.execute(
                    insert(feeds).values(
                        url=url,
                        name=feed_name(name or url, url),
                        workspace=workspace,
                        created_at=utcnow(),
                    )
                )
            )
            row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).one()
            return feed_from_row(row), True

    def enable_feed(self, url: str, workspace: str = "") -> tuple[Feed, bool] | None:
        """Re-enable a disabled feed of a workspace's list ("" is the global list): its
        errors forgotten, due at once. Returns (feed, was_disabled), or None if the list
        has no such feed."""
        with self.tx() as conn:
            row = conn.execute(
                select(feeds).where(feeds.c.url == url, feeds.c.workspace == workspace)
            ).first()
            if row is None:
                return None
            if not row.disabled:
                return feed_from_row(row), False
            conn.execute(update(feeds).where(feeds.c.id == row.id).values(**_ENABLED_AND_DUE))
            row = conn.execute(select(feeds).where(feeds.c.id == row.id)).one()
            return feed_from_row(row), True

    def remove_feed(self, url: str, workspace: str = "") -> bool:
        with self.tx() as conn:
            result = conn.execute(
                delete(feeds).where(feeds.c.url == url, feeds.c.workspace == workspace)
            )
            return bool(result.rowcount)

    def list_feeds(self, workspace: str | None = None) -> list[Feed]:
        """All feeds (None), the global list (""), or the global list plus a workspace's own:
        by workspace, then by name in natural order ("feed 2" before "feed 10"), which
        `layoffbot feeds list` and `/layoffs feeds list` show. Sorted here, not by the
        database: its collation sorts digits as text, and differs between backends."""
        query = select(feeds)
        if workspace is not None:
            query = query.where(feeds.c.workspace.in_(["", workspace]))
        with self.tx() as conn:
            listed = [feed_from_row(r) for r in conn.execute(query)]
        return sorted(listed, key=lambda f: (f.workspace or "", natural_key(f.name), f.name, f.id))

    def get_feed(self, feed_id: int) -> Feed | None:
        with self.tx() as conn:
            row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).first()
            return feed_from_row(row) if row else None

    def feed_tenant(self, conn: Connection, feed_id: int | None) -> str:
        """The tenant of a feed's items: '' for the operator's, its workspace otherwise."""
        if feed_id is None:
            return ""
        found = conn.execute(select(feeds.c.workspace).where(feeds.c.id == feed_id)).scalar()
        return str(found or "")

    def feed_is_primed(self, feed_id: int) -> bool:
        with self.tx() as conn:
            return bool(conn.execute(select(feeds.c.primed).where(feeds.c.id == feed_id)).scalar())

    def due_feeds(self, now: datetime) -> list[Feed]:
        """Enabled feeds whose next poll time has come, oldest poll first, one row per URL.

        The same URL in several lists is fetched once, through the operator's row when
        there is one (its items are everyone's), else through the oldest workspace row
        (the poller files the items for the other workspaces too: Poller.siblings).
        Before, the first row in poll order won: a workspace that added an operator's
        feed could get its items filed as its own, hidden from every other workspace.
        """
        query = (
            select(feeds)
            .where(
                feeds.c.disabled == False,  # noqa: E712
                or_(
                    feeds.c.next_poll.is_(None),
                    feeds.c.next_poll <= now,
                    # Polled "in the future": the clock was ahead then (a machine that
                    # booted with a wrong clock, set right by NTP since). Its feeds waited
                    # for that time to come again, days of no news, restarts included.
                    feeds.c.last_polled > now + CLOCK_SKEW,
                ),
            )
            .order_by(feeds.c.last_polled.is_not(None), feeds.c.last_polled)
        )
        with self.tx() as conn:
            chosen: dict[str, Any] = {}
            for row in conn.execute(query):
                best = chosen.get(row.url)
                if best is None or (row.workspace, row.id) < (best.workspace, best.id):
                    chosen[row.url] = row  # "" (the operator's) sorts first; dict keeps order
            return [feed_from_row(row) for row in chosen.values()]

    def poll_within(self, every: timedelta, now: datetime) -> int:
        """Working feeds scheduled more than `every` after their last poll (the poll
        interval was lowered since) are due `every` after it instead, not at the old
        time. Failing feeds keep their backoff. Returns how many were moved."""
        far = select(feeds.c.id, feeds.c.last_polled, feeds.c.next_poll).where(
            feeds.c.disabled == False,  # noqa: E712
            feeds.c.error_count == 0,
            feeds.c.next_poll > now + every,
        )
        moved = 0
        with self.tx() as conn:
            for row in conn.execute(far).all():
                sooner = as_utc(row.last_polled or now) + every
                if sooner < as_utc(row.next_poll):
                    conn.execute(update(feeds).where(feeds.c.id == row.id).values(next_poll=sooner))
                    moved += 1
        return moved

    def force_all_due(self) -> None:
        """Make every enabled feed due now (`layoffbot poll --all`)."""
        with self.tx() as conn:
            conn.execute(update(feeds).values(next_poll=None))

    def feeds_with_url(self, url: str) -> list[Feed]:
        with self.tx() as conn:
            return [feed_from_row(r) for r in conn.execute(select(feeds).where(feeds.c.url == url))]

    def record_poll(
        self,
        url: str,
        *,
        now: datetime,
        next_poll: datetime,
        ok: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        disable_reason: str | None = None,
        forget_validators: bool = False,
        fingerprint: tuple[int, bytes | None] | None = None,
    ) -> Feed | None:
        """Record the outcome of polling `url` (on every workspace's copy of it).

        `fingerprint` (feed id, digests or None) sets what the poller remembers of the
        copy it polled (see `item_fingerprints`); a failure forgets it on every copy.
        Returns the feed as it now stands (the global copy if any), so the poller can
        report a failure once and a disabled feed with its reason.
        """
        with self.tx() as conn:
            if ok:
                values: dict[str, Any] = dict(
                    last_polled=now,
                    last_success=now,
                    next_poll=next_poll,
                    error_count=0,
                    last_error=None,
                    failing_since=None,
                    error_reported=False,
                )
                if etag is not None or last_modified is not None or forget_validators:
                    values.update(etag=etag, last_modified=last_modified)
            else:
                values = dict(
                    last_polled=now,
                    next_poll=next_poll,
                    error_count=feeds.c.error_count + 1,
                    last_error=error,
                    failing_since=func.coalesce(feeds.c.failing_since, now),
                )
                values.update(item_fingerprint=None)
                if disable_reason:
                    values.update(disabled=True, disabled_reason=disable_reason)
            conn.execute(update(feeds).where(feeds.c.url == url).values(**values))
            if ok and fingerprint is not None:
                feed_id, digests = fingerprint
                conn.execute(
                    update(feeds).where(feeds.c.id == feed_id).values(item_fingerprint=digests)
                )
            row = conn.execute(
                select(feeds).where(feeds.c.url == url).order_by(feeds.c.workspace)
            ).first()
            return feed_from_row(row) if row else None

    def item_fingerprints(self, feed_ids: Sequence[int]) -> dict[int, bytes]:
        """What the poller stored of each feed's last complete poll (feeds.incremental
        digests of items that are all in the store), for a restarted poller."""
        out: dict[int, bytes] = {}
        with self.tx() as conn:
            for start in range(0, len(feed_ids), 500):
                query = select(feeds.c.id, feeds.c.item_fingerprint).where(
                    feeds.c.id.in_(feed_ids[start : start + 500]),
                    feeds.c.item_fingerprint.is_not(None),
                )
                out.update((row.id, bytes(row.item_fingerprint)) for row in conn.execute(query))
        return out

    def claim_error_report(self, url: str) -> bool:
        """True once per run of failures: the poller reports a failing feed only once."""
        with self.tx() as conn:
            result = conn.execute(
                update(feeds)
                .where(feeds.c.url == url, feeds.c.error_reported == False)  # noqa: E712
                .values(error_reported=True)
            )
            return bool(result.rowcount)

    def reset_error_reports(self) -> None:
        """Report each failing feed once more (called when the bot starts)."""
        with self.tx() as conn:
            conn.execute(update(feeds).values(error_reported=False))

    def record_held_back(self, feed_id: int, count: int) -> None:
        """How many new items this row held back at its last poll: past its workspace's
        hourly budget (0: none). Shown by `/layoffs feeds list`."""
        with self.tx() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(held_back=count))

    def mark_primed(self, url: str) -> None:
        with self.tx() as conn:
            conn.execute(update(feeds).where(feeds.c.url == url).values(primed=True))
