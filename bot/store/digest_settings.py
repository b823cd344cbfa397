"""Digest settings: each channel's daily digest, its schedule and the window it covered.

Planning a digest (bot/digests.py) moves the window forward with a compare-and-set on
`last_sent_date` inside a unit of work (bot/store/unit_of_work.py), atomically with
enqueueing its deliveries, so two schedulers never plan the same day twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.store.base import StoreBase, pg_insert
from bot.store.social import DigestSettings, digest_from_row
from bot.store.tables import deliveries, digests, leases
from bot.timeutil import as_utc


class DigestSettingsMixin(StoreBase):
    """Reads and writes of `digests` rows, and the `digest now` rate claim."""

    def get_digest(self, platform: str, channel_id: str) -> DigestSettings | None:
        with self.tx() as conn:
            row = conn.execute(
                select(digests).where(
                    digests.c.platform == platform, digests.c.channel_id == channel_id
                )
            ).first()
            return digest_from_row(row) if row else None

    def planned_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` name a planned delivery: a day's digest key is there only when
        that day's digest was posted, not skipped as quiet (`last_sent_date` is moved
        either way), so `digest settings` tells the two apart without a column of its own."""
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return set()
        with self.tx() as conn:
            found = conn.execute(select(deliveries.c.key).where(deliveries.c.key.in_(wanted)))
            return {key for (key,) in found}

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
        for name, value in (("time", time), ("timezone", timezone)):
            if value is not None:
                values[name] = value
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
            return digest_from_row(conn.execute(select(digests).where(where)).one())

    def reopen_digest_day(self, digest_id: int, day: str, back_to: str | None) -> bool:
        """Plan `day`'s digest again: its day was skipped as quiet (nothing posted) and its
        time moved to later that day. A compare-and-set on `last_sent_date`, as planning
        is: False when the day is no longer the one last planned."""
        where = and_(digests.c.id == digest_id, digests.c.last_sent_date == day)
        with self.tx() as conn:
            done = conn.execute(update(digests).where(where).values(last_sent_date=back_to))
            return bool(done.rowcount)

    def digests_of_workspace(self, platform: str, workspace_id: str) -> list[DigestSettings]:
        with self.tx() as conn:
            rows = conn.execute(
                select(digests)
                .where(digests.c.platform == platform, digests.c.workspace_id == workspace_id)
                .order_by(digests.c.channel_id)
            )
            return [digest_from_row(r) for r in rows]

    def reader_timezone(self, platform: str, channel_id: str, workspace_id: str) -> str | None:
        """The time zone dates are shown in to a channel's readers (bot.timeutil
        `shown_date`): its digest's, set or turned off; else its workspace's, when the
        workspace's digests all use one; else None (the operator's default)."""
        statement = _ZONE_OF_WORKSPACE if workspace_id else _ZONE_OF_CHANNEL
        params = {"b_platform": platform, "b_channel": channel_id, "b_workspace": workspace_id}
        with self.tx() as conn:
            rows = conn.execute(statement, params).all()
        own = [tz for channel, tz in rows if channel == channel_id]
        zones = {tz for _, tz in rows}
        return own[0] if own else (zones.pop() if len(zones) == 1 else None)

    def enabled_digests(self) -> list[DigestSettings]:
        with self.tx() as conn:
            rows = conn.execute(
                select(digests).where(digests.c.enabled == True).order_by(digests.c.id)  # noqa: E712
            )
            return [digest_from_row(r) for r in rows]

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


def mark_digest_planned_in(
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


def disable_digest_in(conn: Connection, digest_id: int, reason: str) -> None:
    """Turn a digest off in the caller's transaction (its channel refused a delivery for
    good), keeping the reason for the channel's managers."""
    conn.execute(
        update(digests)
        .where(digests.c.id == digest_id)
        .values(enabled=False, disabled_reason=reason[:500])
    )


# `reader_timezone`'s two statements, built once: alert planning asks once per place an
# alert goes per batch (#14: ~390 asks per cold 200 x 25 poll, each building its select).
_ZONE_OF_CHANNEL = select(digests.c.channel_id, digests.c.timezone).where(
    digests.c.platform == bindparam("b_platform"), digests.c.channel_id == bindparam("b_channel")
)
_ZONE_OF_WORKSPACE = select(digests.c.channel_id, digests.c.timezone).where(
    digests.c.platform == bindparam("b_platform"),
    (digests.c.channel_id == bindparam("b_channel"))
    | (digests.c.workspace_id == bindparam("b_workspace")),
)
