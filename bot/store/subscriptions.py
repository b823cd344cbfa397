"""Subscriptions: which user or channel follows which company.

A subscription is owned by a user (direct messages, `channel_id == ""`) or by a channel.
A permanent delivery failure disables it (bot/store/deliveries.py) rather than deleting
it, so `/layoffs list` can say why alerts stopped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, or_, select, update

from bot.store.base import StoreBase
from bot.store.social import (
    Subscription,
    SubscriptionLimitReached,
    listing_order,
    subscription_from_row,
)
from bot.store.tables import stories, subscriptions


class SubscriptionsMixin(StoreBase):
    """Subscriptions and the announce flags alert planning reads beside them."""

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
        """Follow a company; returns (subscription, created). Re-enables a disabled one;
        an existing one (same key) takes `company` as its name (the command widens a unit's
        to its parent's: bot/company_units.py).

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
                if row.company != company:  # 'LinkedIn' widened to 'Microsoft' (one key)
                    conn.execute(
                        update(subscriptions)
                        .where(subscriptions.c.id == row.id)
                        .values(company=company)
                    )
                    row = conn.execute(select(subscriptions).where(where)).one()
                return _reenable(conn, row, where)
            if limit is not None:
                count = _owned(conn, platform, workspace_id, user_id, channel_id)
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
            return subscription_from_row(
                conn.execute(select(subscriptions).where(where)).one()
            ), True

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
                select(subscriptions).where(
                    subscriptions.c.platform == platform,
                    subscriptions.c.workspace_id == workspace_id,
                    cond,
                )
            )
            return sorted((subscription_from_row(r) for r in rows), key=listing_order)

    def direct_subscriptions_anywhere(self, *, platform: str, user_id: str) -> list[Subscription]:
        """The user's direct-message subscriptions on `platform`, made in any workspace: a
        Discord DM belongs to no server, yet the alerts followed in servers arrive there."""
        with self.tx() as conn:
            rows = conn.execute(
                select(subscriptions).where(
                    subscriptions.c.platform == platform,
                    subscriptions.c.user_id == user_id,
                    subscriptions.c.channel_id == "",
                )
            )
            return sorted((subscription_from_row(r) for r in rows), key=listing_order)

    def subscriptions_for_companies(self, company_keys: Iterable[str]) -> list[Subscription]:
        """Active subscriptions to any of these companies (alert planning)."""
        keys = sorted(set(company_keys))
        if not keys:
            return []
        with self.tx() as conn:
            rows = conn.execute(
                select(subscriptions)
                .where(
                    subscriptions.c.company_key.in_(keys),
                    subscriptions.c.disabled == False,  # noqa: E712
                )
                .order_by(subscriptions.c.id)
            )
            return [subscription_from_row(r) for r in rows]

    def disable_subscription(self, subscription_id: int, reason: str) -> None:
        with self.tx() as conn:
            disable_subscription_in(conn, subscription_id, reason)

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


def disable_subscription_in(conn: Connection, subscription_id: int, reason: str) -> None:
    """Disable in the caller's transaction (a delivery failing for good disables what
    planned it, atomically with marking it failed)."""
    conn.execute(
        update(subscriptions)
        .where(subscriptions.c.id == subscription_id)
        .values(disabled=True, disabled_reason=reason[:500])
    )


def _reenable(conn: Connection, row: Any, where: ColumnElement[bool]) -> tuple[Subscription, bool]:
    """An existing subscription: created again (True) when it had been disabled."""
    if not row.disabled:
        return subscription_from_row(row), False
    conn.execute(
        update(subscriptions)
        .where(subscriptions.c.id == row.id)
        .values(disabled=False, disabled_reason=None)
    )
    return subscription_from_row(conn.execute(select(subscriptions).where(where)).one()), True


def _owned(
    conn: Connection, platform: str, workspace_id: str, user_id: str, channel_id: str
) -> int:
    """How many subscriptions the owner has: the channel's, or the user's direct ones."""
    owner = (
        [subscriptions.c.channel_id == channel_id]
        if channel_id
        else [subscriptions.c.user_id == user_id, subscriptions.c.channel_id == ""]
    )
    count: int = conn.execute(
        select(func.count())
        .select_from(subscriptions)
        .where(
            subscriptions.c.platform == platform,
            subscriptions.c.workspace_id == workspace_id,
            *owner,
        )
    ).scalar_one()
    return count
