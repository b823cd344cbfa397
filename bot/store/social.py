"""Subscriptions, digest settings, the delivery outbox and leases.

Everything a chat channel asked for and everything the bot owes it. Deliveries are a
durable outbox: planning a message (an alert, a digest) is an insert-if-absent keyed on
what the message is *about*, so replanning after a crash or by a second process never
duplicates it; sending is a claim with an expiry so a crashed worker's claims come back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.store.base import StoreBase
from bot.store.tables import deliveries, digests, leases, stories, subscriptions
from bot.timeutil import as_utc


def pg_insert(table: Any) -> Any:
    """PostgreSQL's insert, imported when used: its dialect costs SQLite start-up ~30 ms."""
    from sqlalchemy.dialects.postgresql import insert

    return insert(table)


PENDING = "pending"
SENT = "sent"
FAILED = "failed"


@dataclass(frozen=True)
class Subscription:
    """One company followed by a user (direct message, `channel_id == ""`) or a channel."""

    id: int
    platform: str
    workspace_id: str
    company: str
    company_key: str
    user_id: str
    channel_id: str
    created_at: datetime
    disabled: bool = False
    disabled_reason: str | None = None

    @property
    def is_direct(self) -> bool:
        return not self.channel_id


@dataclass(frozen=True)
class DigestSettings:
    """A channel's daily digest: when (local HH:MM in an IANA zone) and what it covered."""

    id: int
    platform: str
    workspace_id: str
    channel_id: str
    enabled: bool
    time: str
    timezone: str
    post_quiet_days: bool
    last_sent_date: str | None
    last_covered: datetime | None
    disabled_reason: str | None
    updated_by: str | None
    updated_at: datetime


@dataclass(frozen=True)
class PlannedDelivery:
    """A delivery to plan (`enqueue_many`): target and message as JSON text."""

    key: str
    platform: str
    target: str
    message: str
    source: str
    source_id: int | None = None
    parent_key: str | None = None


@dataclass(frozen=True)
class Delivery:
    """One message owed to one target. `target`, `message` and `receipt` are JSON text
    (bot.serialize); `parent_receipt` is the receipt of the parent delivery, when any."""

    id: int
    key: str
    platform: str
    target: str
    message: str
    parent_key: str | None
    source: str
    source_id: int | None
    state: str
    attempts: int
    next_attempt: datetime
    claimed_by: str | None
    claimed_until: datetime | None
    last_error: str | None
    receipt: str | None
    created_at: datetime
    sent_at: datetime | None
    parent_receipt: str | None = None
    # Claimed before and never released: an earlier worker died or hung mid-send.
    reclaimed: bool = False


def _opt(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value)


def _subscription(row: Any) -> Subscription:
    return Subscription(
        id=row.id,
        platform=row.platform,
        workspace_id=row.workspace_id,
        company=row.company,
        company_key=row.company_key,
        user_id=row.user_id,
        channel_id=row.channel_id,
        created_at=as_utc(row.created_at),
        disabled=bool(row.disabled),
        disabled_reason=row.disabled_reason,
    )


def _digest(row: Any) -> DigestSettings:
    return DigestSettings(
        id=row.id,
        platform=row.platform,
        workspace_id=row.workspace_id,
        channel_id=row.channel_id,
        enabled=bool(row.enabled),
        time=row.time,
        timezone=row.timezone,
        post_quiet_days=bool(row.post_quiet_days),
        last_sent_date=row.last_sent_date,
        last_covered=_opt(row.last_covered),
        disabled_reason=row.disabled_reason,
        updated_by=row.updated_by,
        updated_at=as_utc(row.updated_at),
    )


def _delivery(row: Any, parent_receipt: str | None = None) -> Delivery:
    return Delivery(
        id=row.id,
        key=row.key,
        platform=row.platform,
        target=row.target,
        message=row.message,
        parent_key=row.parent_key,
        source=row.source,
        source_id=row.source_id,
        state=row.state,
        attempts=row.attempts,
        next_attempt=as_utc(row.next_attempt),
        claimed_by=row.claimed_by,
        claimed_until=_opt(row.claimed_until),
        last_error=row.last_error,
        receipt=row.receipt,
        created_at=as_utc(row.created_at),
        sent_at=_opt(row.sent_at),
        parent_receipt=parent_receipt,
    )


class SubscriptionLimitReached(Exception):
    """A user (direct messages) or a channel already has the most subscriptions allowed."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} subscriptions, at most {limit} allowed")
        self.count = count
        self.limit = limit


class SocialMixin(StoreBase):
    """Subscriptions, digest settings, deliveries (the outbox) and leases."""

    # --------------------------------------------------------- subscriptions
    def subscribe(
        self,
        *,
        platform: str,
        workspace_id: str,
        user_id: str,
        channel_id: str,
        company: str,
        company_key: str,
        now: datetime,
        limit: int | None = None,
    ) -> tuple[Subscription, bool]:
        """Follow a company; returns (subscription, created). Re-enables a disabled one.

        `limit`: the most subscriptions the owner may have, counted per user (direct
        messages) or per channel (`channel_id` given); SubscriptionLimitReached when a new
        one would exceed it. Counted in the inserting transaction (on SQLite, a write
        lock from its start), so a burst of commands cannot slip past it.
        """
        where = and_(
            subscriptions.c.platform == platform,
            subscriptions.c.workspace_id == workspace_id,
            subscriptions.c.company_key == company_key,
            subscriptions.c.user_id == user_id,
            subscriptions.c.channel_id == channel_id,
        )
        with self.tx() as conn:
            row = conn.execute(select(subscriptions).where(where)).first()
            if row is not None:
                if row.disabled:
                    conn.execute(
                        update(subscriptions)
                        .where(subscriptions.c.id == row.id)
                        .values(disabled=False, disabled_reason=None)
                    )
                    row = conn.execute(select(subscriptions).where(where)).one()
                    return _subscription(row), True
                return _subscription(row), False
            if limit is not None:
                owner = (
                    [subscriptions.c.channel_id == channel_id]
                    if channel_id
                    else [subscriptions.c.user_id == user_id, subscriptions.c.channel_id == ""]
                )
                count = conn.execute(
                    select(func.count())
                    .select_from(subscriptions)
                    .where(
                        subscriptions.c.platform == platform,
                        subscriptions.c.workspace_id == workspace_id,
                        *owner,
                    )
                ).scalar_one()
                if count >= limit:
                    raise SubscriptionLimitReached(count, limit)
            conn.execute(
                insert(subscriptions).values(
                    platform=platform,
                    workspace_id=workspace_id,
                    company=company,
                    company_key=company_key,
                    user_id=user_id,
                    channel_id=channel_id,
                    created_at=now,
                )
            )
            return _subscription(conn.execute(select(subscriptions).where(where)).one()), True

    def unsubscribe(
        self,
        *,
        platform: str,
        workspace_id: str,
        user_id: str,
        channel_id: str,
        company_key: str,
    ) -> bool:
        """Stop following. A channel subscription may be removed by anyone in the channel
        (the channel owns it, not whoever typed the command)."""
        conditions = [
            subscriptions.c.platform == platform,
            subscriptions.c.workspace_id == workspace_id,
            subscriptions.c.company_key == company_key,
            subscriptions.c.channel_id == channel_id,
        ]
        if not channel_id:
            conditions.append(subscriptions.c.user_id == user_id)
        with self.tx() as conn:
            return bool(conn.execute(delete(subscriptions).where(*conditions)).rowcount)

    def subscriptions_of(
        self, *, platform: str, workspace_id: str, user_id: str, channel_id: str | None
    ) -> list[Subscription]:
        """The user's direct-message subscriptions and the channel's (when given)."""
        mine = and_(subscriptions.c.user_id == user_id, subscriptions.c.channel_id == "")
        cond = or_(mine, subscriptions.c.channel_id == channel_id) if channel_id else mine
        with self.tx() as conn:
            rows = conn.execute(
                select(subscriptions)
                .where(
                    subscriptions.c.platform == platform,
                    subscriptions.c.workspace_id == workspace_id,
                    cond,
                )
                .order_by(subscriptions.c.channel_id, subscriptions.c.company)
            )
            return [_subscription(r) for r in rows]

    def subscriptions_for_companies(self, company_keys: Iterable[str]) -> list[Subscription]:
        """Active subscriptions to any of these companies (alert planning)."""
        keys = sorted(set(company_keys))
        if not keys:
            return []
        with self.tx() as conn:
            return self._active_subscriptions(conn, keys)

    def _active_subscriptions(self, conn: Connection, keys: list[str]) -> list[Subscription]:
        rows = conn.execute(
            select(subscriptions)
            .where(
                subscriptions.c.company_key.in_(keys),
                subscriptions.c.disabled == False,  # noqa: E712
            )
            .order_by(subscriptions.c.id)
        )
        return [_subscription(r) for r in rows]

    def disable_subscription(self, subscription_id: int, reason: str) -> None:
        with self.tx() as conn:
            self._disable_subscription(conn, subscription_id, reason)

    def _disable_subscription(self, conn: Connection, subscription_id: int, reason: str) -> None:
        conn.execute(
            update(subscriptions)
            .where(subscriptions.c.id == subscription_id)
            .values(disabled=True, disabled_reason=reason[:500])
        )

    def announce_flags(self, story_ids: Iterable[int]) -> dict[int, bool]:
        """Which stories may be announced (False: only seen in a feed's silent first poll)."""
        ids = sorted(set(story_ids))
        if not ids:
            return {}
        with self.tx() as conn:
            return {
                sid: bool(flag)
                for sid, flag in conn.execute(
                    select(stories.c.id, stories.c.announce).where(stories.c.id.in_(ids))
                )
            }

    # --------------------------------------------------------------- digests
    def get_digest(self, platform: str, channel_id: str) -> DigestSettings | None:
        with self.tx() as conn:
            row = conn.execute(
                select(digests).where(
                    digests.c.platform == platform, digests.c.channel_id == channel_id
                )
            ).first()
            return _digest(row) if row else None

    def set_digest(
        self,
        *,
        platform: str,
        workspace_id: str,
        channel_id: str,
        now: datetime,
        updated_by: str | None,
        enabled: bool | None = None,
        time: str | None = None,
        timezone: str | None = None,
        post_quiet_days: bool | None = None,
        default_time: str = "09:00",
        default_timezone: str = "UTC",
    ) -> DigestSettings:
        """Create or change a channel's digest settings; unset arguments keep their value.

        Turning a digest on clears any disabled reason (the manager fixed the channel) and,
        for a new row, starts its window now, so the first digest is not a history dump.
        """
        values: dict[str, Any] = {"updated_by": updated_by, "updated_at": now}
        if enabled is not None:
            values["enabled"] = enabled
            if enabled:
                values["disabled_reason"] = None
        if time is not None:
            values["time"] = time
        if timezone is not None:
            values["timezone"] = timezone
        if post_quiet_days is not None:
            values["post_quiet_days"] = post_quiet_days
        where = and_(digests.c.platform == platform, digests.c.channel_id == channel_id)
        with self.tx() as conn:
            row = conn.execute(select(digests).where(where)).first()
            if row is None:
                conn.execute(
                    insert(digests).values(
                        platform=platform,
                        workspace_id=workspace_id,
                        channel_id=channel_id,
                        enabled=values.get("enabled", False),
                        time=values.get("time", default_time),
                        timezone=values.get("timezone", default_timezone),
                        post_quiet_days=values.get("post_quiet_days", False),
                        last_covered=now - timedelta(days=1),
                        updated_by=updated_by,
                        updated_at=now,
                    )
                )
            else:
                conn.execute(update(digests).where(where).values(**values))
            return _digest(conn.execute(select(digests).where(where)).one())

    def digests_of_workspace(self, platform: str, workspace_id: str) -> list[DigestSettings]:
        with self.tx() as conn:
            rows = conn.execute(
                select(digests)
                .where(digests.c.platform == platform, digests.c.workspace_id == workspace_id)
                .order_by(digests.c.channel_id)
            )
            return [_digest(r) for r in rows]

    def enabled_digests(self) -> list[DigestSettings]:
        with self.tx() as conn:
            rows = conn.execute(
                select(digests).where(digests.c.enabled == True).order_by(digests.c.id)  # noqa: E712
            )
            return [_digest(r) for r in rows]

    def _disable_digest(self, conn: Connection, digest_id: int, reason: str) -> None:
        conn.execute(
            update(digests)
            .where(digests.c.id == digest_id)
            .values(enabled=False, disabled_reason=reason[:500])
        )

    def claim_manual_digest(
        self, platform: str, channel_id: str, *, now: datetime, interval: timedelta
    ) -> datetime | None:
        """Claim the channel's one `digest now` per `interval`: None when claimed, else
        when the next one is allowed.

        A replayed signed request or a double click must not queue several digests. The
        claim is a row in `leases` (`digest-now:<platform>:<channel>`) taken with an
        insert-or-nothing, then a compare-and-set on its expiry, so two requests at the
        same instant (two processes included) cannot both win, on SQLite and PostgreSQL.
        """
        name = f"digest-now:{platform}:{channel_id}"[:100]
        until = now + interval
        dialect_insert: Any = sqlite_insert if self.is_sqlite else pg_insert
        claim = (
            dialect_insert(leases)
            .values(name=name, holder="digest now", expires=until)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(leases.c.name)
        )
        with self.tx() as conn:
            if conn.execute(claim).first() is not None:
                return None
            renewed = conn.execute(
                update(leases)
                .where(leases.c.name == name, leases.c.expires <= now)
                .values(expires=until)
            ).rowcount
            if renewed:
                return None
            row = conn.execute(select(leases.c.expires).where(leases.c.name == name)).first()
            return as_utc(row.expires) if row is not None else until

    def mark_digest_planned(
        self,
        conn: Connection,
        digest_id: int,
        *,
        expected_sent_date: str | None,
        sent_date: str | None,
        covered: datetime,
    ) -> bool:
        """Record a planned digest, in the caller's transaction, only if nobody else did
        since we read the row (compare-and-set on last_sent_date). False: someone did."""
        cond = [digests.c.id == digest_id]
        cond.append(
            digests.c.last_sent_date.is_(None)
            if expected_sent_date is None
            else digests.c.last_sent_date == expected_sent_date
        )
        values: dict[str, Any] = {"last_covered": covered}
        if sent_date is not None:
            values["last_sent_date"] = sent_date
        return bool(conn.execute(update(digests).where(*cond).values(**values)).rowcount)

    # ------------------------------------------------------------ deliveries
    def enqueue(
        self,
        *,
        key: str,
        platform: str,
        target: str,
        message: str,
        source: str,
        now: datetime,
        source_id: int | None = None,
        parent_key: str | None = None,
    ) -> bool:
        """Insert a delivery unless one with this key exists. True when inserted."""
        with self.tx() as conn:
            return self.enqueue_in(
                conn,
                key=key,
                platform=platform,
                target=target,
                message=message,
                source=source,
                now=now,
                source_id=source_id,
                parent_key=parent_key,
            )

    def enqueue_in(
        self,
        conn: Connection,
        *,
        key: str,
        platform: str,
        target: str,
        message: str,
        source: str,
        now: datetime,
        source_id: int | None = None,
        parent_key: str | None = None,
    ) -> bool:
        """`enqueue` inside the caller's transaction (digest planning updates its row too)."""
        values = dict(
            key=key,
            platform=platform,
            target=target,
            message=message,
            parent_key=parent_key,
            source=source,
            source_id=source_id,
            state=PENDING,
            attempts=0,
            next_attempt=now,
            created_at=now,
        )
        stmt: Any
        if self.is_sqlite:
            stmt = (
                sqlite_insert(deliveries)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["key"])
            )
        else:
            stmt = (
                pg_insert(deliveries)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["key"])
            )
        # RETURNING, not rowcount: psycopg reports 1 for a skipped ON CONFLICT row.
        return conn.execute(stmt.returning(deliveries.c.id)).first() is not None

    def enqueue_many(self, planned: Sequence[PlannedDelivery], *, now: datetime) -> int:
        """`enqueue` for many deliveries in one transaction and one statement; how many
        were new (the others' keys existed)."""
        if not planned:
            return 0
        rows = [
            dict(
                key=p.key,
                platform=p.platform,
                target=p.target,
                message=p.message,
                parent_key=p.parent_key,
                source=p.source,
                source_id=p.source_id,
                state=PENDING,
                attempts=0,
                next_attempt=now,
                created_at=now,
            )
            for p in planned
        ]
        insert_ = sqlite_insert if self.is_sqlite else pg_insert
        stmt = (
            insert_(deliveries)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(deliveries.c.id)
        )
        inserted = 0
        with self.tx() as conn:
            for start in range(0, len(rows), 500):
                result = conn.execute(stmt, rows[start : start + 500])
                inserted += len(result.all())
        return inserted

    def get_delivery(self, key: str) -> Delivery | None:
        with self.tx() as conn:
            row = conn.execute(select(deliveries).where(deliveries.c.key == key)).first()
            return _delivery(row) if row else None

    def list_deliveries(self, state: str | None = None) -> list[Delivery]:
        query = select(deliveries).order_by(deliveries.c.id)
        if state is not None:
            query = query.where(deliveries.c.state == state)
        with self.tx() as conn:
            return [_delivery(r) for r in conn.execute(query)]

    def claim_deliveries(
        self,
        *,
        worker_id: str,
        now: datetime,
        lease: timedelta,
        limit: int = 20,
        platforms: Iterable[str] | None = None,
        accept: Callable[[Delivery], bool] | None = None,
    ) -> list[Delivery]:
        """Claim due deliveries for `worker_id` until `now + lease`.

        Due: pending, next attempt passed, unclaimed or claim expired, and (for a thread
        reply) the parent already sent, so a child never goes before its parent. On
        PostgreSQL candidates are locked FOR UPDATE SKIP LOCKED so concurrent workers
        take disjoint sets; on SQLite the transaction is BEGIN IMMEDIATE (one writer).
        `accept` lets a process leave deliveries that are not its own (Discord shards).
        """
        parent = deliveries.alias("parent")
        parent_sent = exists().where(
            parent.c.key == deliveries.c.parent_key, parent.c.state == SENT
        )
        query = (
            select(deliveries)
            .where(
                deliveries.c.state == PENDING,
                deliveries.c.next_attempt <= now,
                or_(deliveries.c.claimed_until.is_(None), deliveries.c.claimed_until < now),
                or_(deliveries.c.parent_key.is_(None), parent_sent),
            )
            .order_by(deliveries.c.next_attempt, deliveries.c.id)
            .limit(limit * 4 if accept else limit)
        )
        if platforms is not None:
            query = query.where(deliveries.c.platform.in_(list(platforms)))
        if not self.is_sqlite:
            query = query.with_for_update(skip_locked=True, of=deliveries)
        until = now + lease
        with self.tx() as conn:
            rows = [_delivery(r) for r in conn.execute(query)]
            if accept is not None:
                rows = [r for r in rows if accept(r)]
            rows = rows[:limit]
            if not rows:
                return []
            conn.execute(
                update(deliveries)
                .where(deliveries.c.id.in_([r.id for r in rows]))
                .values(claimed_by=worker_id, claimed_until=until)
            )
            parents = {r.parent_key for r in rows if r.parent_key}
            receipts: dict[str, str | None] = {}
            if parents:
                receipts = {
                    k: rc
                    for k, rc in conn.execute(
                        select(deliveries.c.key, deliveries.c.receipt).where(
                            deliveries.c.key.in_(sorted(parents))
                        )
                    )
                }
            return [
                Delivery(
                    **{
                        **r.__dict__,
                        "claimed_by": worker_id,
                        "claimed_until": until,
                        "reclaimed": r.claimed_until is not None,
                        "parent_receipt": receipts.get(r.parent_key) if r.parent_key else None,
                    }
                )
                for r in rows
            ]

    def mark_sent(self, delivery_id: int, *, receipt: str, now: datetime) -> bool:
        """Record the platform's confirmation. Unconditional on the claimer: the message
        is out, whoever sent it. False when it was already marked sent."""
        with self.tx() as conn:
            result = conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.state != SENT)
                .values(
                    state=SENT,
                    receipt=receipt,
                    sent_at=now,
                    attempts=deliveries.c.attempts + 1,
                    claimed_by=None,
                    claimed_until=None,
                    last_error=None,
                )
            )
            return bool(result.rowcount)

    def mark_retry(
        self, delivery_id: int, *, worker_id: str, error: str, next_attempt: datetime
    ) -> None:
        """A transient failure: try again at `next_attempt` (only if still ours)."""
        with self.tx() as conn:
            conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery_id,
                    deliveries.c.state == PENDING,
                    deliveries.c.claimed_by == worker_id,
                )
                .values(
                    attempts=deliveries.c.attempts + 1,
                    next_attempt=next_attempt,
                    last_error=error[:1000],
                    claimed_by=None,
                    claimed_until=None,
                )
            )

    def release_claim(self, delivery_id: int, *, worker_id: str) -> None:
        """Give a claimed delivery back untouched (the worker is stopping)."""
        with self.tx() as conn:
            conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.claimed_by == worker_id)
                .values(claimed_by=None, claimed_until=None)
            )

    def mark_failed(self, delivery_id: int, *, error: str, now: datetime) -> list[str]:
        """A permanent failure: mark it (and its pending thread replies) failed and disable
        what planned it (the subscription or the digest) with the reason, in one
        transaction. Returns the keys marked failed."""
        with self.tx() as conn:
            row = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).first()
            if row is None or row.state == SENT:
                return []
            failed = [row.key]
            conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(
                    state=FAILED,
                    attempts=deliveries.c.attempts + 1,
                    last_error=error[:1000],
                    claimed_by=None,
                    claimed_until=None,
                )
            )
            children = list(
                conn.execute(
                    select(deliveries.c.key).where(
                        deliveries.c.parent_key == row.key, deliveries.c.state == PENDING
                    )
                ).scalars()
            )
            if children:
                conn.execute(
                    update(deliveries)
                    .where(deliveries.c.key.in_(children))
                    .values(state=FAILED, last_error="parent message failed: " + error[:900])
                )
                failed.extend(children)
            reason = f"{error} ({now:%Y-%m-%d %H:%M} UTC)"
            if row.source == "alert" and row.source_id is not None:
                self._disable_subscription(conn, row.source_id, reason)
            elif row.source == "digest" and row.source_id is not None:
                self._disable_digest(conn, row.source_id, reason)
            return failed
