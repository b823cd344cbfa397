"""The delivery outbox: every message the bot owes a chat target.

Planning a message (an alert, a digest) is an insert-if-absent keyed on what the message
is *about*, so replanning after a crash or by a second process never duplicates it;
sending is a claim with an expiry so a crashed worker's claims come back; on PostgreSQL,
the claims of a `run` whose liveness lock is free come back at once (bot.store.liveness).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    cast,
    column,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.errors import LONGEST_DELIVERY_WAIT
from bot.store.base import StoreBase, pg_insert
from bot.store.digest_settings import disable_digest_in
from bot.store.liveness import LIVE_MARK, NAMESPACE
from bot.store.social import FAILED, PENDING, SENT, Delivery, PlannedDelivery, delivery_from_row
from bot.store.subscriptions import disable_subscription_in
from bot.store.tables import deliveries
from bot.timeutil import as_utc

# Rows per INSERT statement when planning many deliveries at once.
_INSERT_CHUNK = 500


class DeliveriesMixin(StoreBase):
    """Planning, claiming and settling deliveries."""

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
        planned = PlannedDelivery(key, platform, target, message, source, source_id, parent_key)
        with self.tx() as conn:
            return insert_deliveries(conn, [planned], now=now) == 1

    def enqueue_many(self, planned: Sequence[PlannedDelivery], *, now: datetime) -> int:
        """`enqueue` for many deliveries in one transaction; how many were new (the
        others' keys existed)."""
        if not planned:
            return 0
        with self.tx() as conn:
            return insert_deliveries(conn, planned, now=now)

    def list_deliveries(self, state: str | None = None) -> list[Delivery]:
        query = select(deliveries).order_by(deliveries.c.id)
        if state is not None:
            query = query.where(deliveries.c.state == state)
        with self.tx() as conn:
            return [delivery_from_row(r) for r in conn.execute(query)]

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

        The clock set back (NTP after a boot a day ahead): a claim further ahead than two
        leases, or a next attempt further ahead than LONGEST_DELIVERY_WAIT, was made under the
        clock as it was, and counts as expired or due, rather than holding a crashed
        worker's deliveries, or a retry, for as long as the clock was ahead.

        Due: pending, next attempt passed, unclaimed or claim expired, and (for a thread
        reply) the parent already sent, so a child never goes before its parent. On
        PostgreSQL candidates are locked FOR UPDATE SKIP LOCKED so concurrent workers
        take disjoint sets; on SQLite the transaction is BEGIN IMMEDIATE (one writer).
        `accept` lets a process leave deliveries that are not its own (Discord shards).
        On PostgreSQL a claim made under a live worker id (bot.store.liveness) whose lock
        no session holds counts as expired too: its process died.
        """
        query = _due(
            now,
            limit * 4 if accept else limit,
            platforms,
            lock=not self.is_sqlite,
            lease=lease,
        )
        until = now + lease
        with self.tx() as conn:
            rows = [delivery_from_row(r) for r in conn.execute(query)]
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
            receipts = _receipts(conn, {r.parent_key for r in rows if r.parent_key})
            return [
                replace(
                    r,
                    claimed_by=worker_id,
                    claimed_until=until,
                    reclaimed=r.claimed_until is not None,
                    parent_receipt=receipts.get(r.parent_key) if r.parent_key else None,
                )
                for r in rows
            ]

    def take_back_claims_of_stopped_runs(self, *, now: datetime) -> list[tuple[str, str]]:
        """(key, claimed_by) of the deliveries a stopped `run` was sending, whose claims
        now expire. Only from a `run` holding an SQLite database's run lock, which proves
        every other `run` on it stopped: a run killed while sending (kill -9, a power cut)
        held its claims for their whole lease, and a restarted bot sent the rest of a
        digest 2 minutes later, saying nothing (operator trial, session 16). The claims
        stay on record (`claimed_by`), so the next send counts as unsure and first looks
        for the post the stopped run may have made. `layoffbot ask`'s (":ask") are left:
        one may be running."""
        held = and_(
            deliveries.c.state == PENDING,
            deliveries.c.claimed_until > now,
            not_(deliveries.c.claimed_by.like("%:ask")),
        )
        with self.tx() as conn:
            rows = conn.execute(
                select(deliveries.c.key, deliveries.c.claimed_by)
                .where(held)
                .order_by(deliveries.c.id)
            ).all()
            if rows:
                expired = now - timedelta(microseconds=1)
                conn.execute(update(deliveries).where(held).values(claimed_until=expired))
        return [(key, str(by)) for key, by in rows]

    def claims_held(self, *, now: datetime) -> list[tuple[str, int, datetime, bool]]:
        """(claimed_by, how many, until: the latest, stopped) of each worker's unexpired
        claims on pending deliveries. `stopped`: its process is known to have died (its
        liveness lock is free, PostgreSQL), so they are sent at the next sweep; otherwise
        a process starting beside others cannot take them before `until`, whether their
        claimer still runs or was killed (an older version, `layoffbot ask`)."""
        until = func.max(deliveries.c.claimed_until)
        stopped = false() if self.is_sqlite else claimer_stopped()
        with self.tx() as conn:
            rows = conn.execute(
                select(deliveries.c.claimed_by, func.count(), until, stopped)
                .where(deliveries.c.state == PENDING, deliveries.c.claimed_until > now)
                .group_by(deliveries.c.claimed_by)
                .order_by(deliveries.c.claimed_by)
            ).all()
        return [(str(by), int(n), as_utc(last), bool(dead)) for by, n, last, dead in rows]

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

    def release_claim(
        self, delivery_id: int, *, worker_id: str, until: datetime | None = None
    ) -> None:
        """Give a claimed delivery back untried, its attempts uncounted (the worker is
        stopping; or its target just failed, and it waits `until` then)."""
        values: dict[str, Any] = {"claimed_by": None, "claimed_until": None}
        if until is not None:
            values["next_attempt"] = until
        with self.tx() as conn:
            conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.claimed_by == worker_id)
                .values(**values)
            )

    def mark_failed(
        self, delivery_id: int, *, error: str, now: datetime, disable: bool = True
    ) -> list[str]:
        """A permanent failure: mark it (and its pending thread replies) failed and disable
        what planned it (the subscription or the digest) with the reason, in one
        transaction. Returns the keys marked failed. `disable=False` when giving up on a
        delivery whose failures may pass: what planned it goes on."""
        with self.tx() as conn:
            row = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).first()
            if row is None or row.state == SENT:
                return []
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
            if disable:
                _disable_source(conn, row, f"{error} ({now:%Y-%m-%d %H:%M} UTC)")
            return [row.key, *children]


def _disable_source(conn: Connection, row: Any, reason: str) -> None:
    """Disable the subscription or digest that planned a delivery that failed for good."""
    if row.source_id is None:
        return
    if row.source == "alert":
        disable_subscription_in(conn, row.source_id, reason)
    elif row.source == "digest":
        disable_digest_in(conn, row.source_id, reason)


def insert_deliveries(
    conn: Connection, planned: Sequence[PlannedDelivery], *, now: datetime
) -> int:
    """Insert-if-absent by key, in the caller's transaction; how many were new.

    Counted with RETURNING, not rowcount: psycopg reports 1 for a skipped ON CONFLICT row.
    """
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
    insert_: Any = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    stmt = (
        insert_(deliveries)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(deliveries.c.id)
    )
    inserted = 0
    for start in range(0, len(rows), _INSERT_CHUNK):
        inserted += len(conn.execute(stmt, rows[start : start + _INSERT_CHUNK]).all())
    return inserted


def _due(
    now: datetime,
    limit: int,
    platforms: Iterable[str] | None,
    *,
    lock: bool,
    lease: timedelta,
) -> Select[Any]:
    """Deliveries ready to claim, oldest due first (see `claim_deliveries`)."""
    parent = deliveries.alias("parent")
    parent_sent = exists().where(parent.c.key == deliveries.c.parent_key, parent.c.state == SENT)
    next_attempt = deliveries.c.next_attempt
    due = or_(next_attempt <= now, next_attempt > now + LONGEST_DELIVERY_WAIT)
    claimed_until = deliveries.c.claimed_until
    query = (
        select(deliveries)
        .where(
            deliveries.c.state == PENDING,
            due,
            or_(
                claimed_until.is_(None),
                claimed_until < now,
                claimed_until > now + 2 * lease,
                *([] if not lock else [claimer_stopped()]),
            ),
            or_(deliveries.c.parent_key.is_(None), parent_sent),
        )
        .order_by(deliveries.c.next_attempt, deliveries.c.id)
        .limit(limit)
    )
    if platforms is not None:
        query = query.where(deliveries.c.platform.in_(list(platforms)))
    if lock:
        query = query.with_for_update(skip_locked=True, of=deliveries)
    return query


_PG_LOCKS = table(
    "pg_locks",
    column("locktype"),
    column("database"),
    column("classid"),
    column("objid"),
    column("objsubid"),
    column("granted"),
)
_PG_DATABASE = table("pg_database", column("oid"), column("datname"))


def claimer_stopped() -> ColumnElement[bool]:
    """PostgreSQL: the delivery's claim was made under a live worker id whose lock no
    session of this database holds (bot.store.liveness): its process is gone."""
    # Imported here: commands on SQLite never load the PostgreSQL dialect (start-up).
    from sqlalchemy.dialects.postgresql import OID

    locks = _PG_LOCKS.c
    this_database = (
        select(_PG_DATABASE.c.oid)
        .where(_PG_DATABASE.c.datname == func.current_database())
        .scalar_subquery()
    )
    held = exists().where(
        locks.locktype == "advisory",
        locks.database == this_database,
        locks.classid == cast(NAMESPACE, OID),
        locks.objid == cast(func.hashtext(deliveries.c.claimed_by), OID),
        locks.objsubid == 2,
        locks.granted,
    )
    return and_(deliveries.c.claimed_by.contains(LIVE_MARK, autoescape=True), not_(held))


def _receipts(conn: Connection, keys: set[str]) -> dict[str, str | None]:
    """The receipts of these (parent) deliveries, for thread replies to attach to."""
    if not keys:
        return {}
    rows = conn.execute(
        select(deliveries.c.key, deliveries.c.receipt).where(deliveries.c.key.in_(sorted(keys)))
    )
    return {key: receipt for key, receipt in rows}
