"""The rows of the social side: subscriptions, digest settings and deliveries.

What a chat channel asked for and what the bot owes it, as the store hands them out.
The methods that read and write them live by topic: bot/store/subscriptions.py,
bot/store/digest_settings.py and bot/store/deliveries.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.timeutil import as_utc, opt_utc

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


def subscription_from_row(row: Any) -> Subscription:
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


def digest_from_row(row: Any) -> DigestSettings:
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
        last_covered=opt_utc(row.last_covered),
        disabled_reason=row.disabled_reason,
        updated_by=row.updated_by,
        updated_at=as_utc(row.updated_at),
    )


def delivery_from_row(row: Any) -> Delivery:
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
        claimed_until=opt_utc(row.claimed_until),
        last_error=row.last_error,
        receipt=row.receipt,
        created_at=as_utc(row.created_at),
        sent_at=opt_utc(row.sent_at),
    )


class SubscriptionLimitReached(Exception):
    """A user (direct messages) or a channel already has the most subscriptions allowed."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} subscriptions, at most {limit} allowed")
        self.count = count
        self.limit = limit


_NUMBER = re.compile(r"([0-9]+)")


def natural_key(name: str) -> tuple[tuple[str, int, str], ...]:
    """'Company2' before 'Company10', 'apple' beside 'Apple', 'Åkerlund' among the A's:
    case and accents folded, numbers by value (compared by their digits' count, then
    digits: no int() of a name's 5,000 digits). Each part is a (text, count, digits)
    triple, so parts at one place always compare alike."""
    plain = name
    if not name.isascii():  # (ASCII is as fold_accents leaves it: no feed-text rules loaded)
        from bot.text import fold_accents

        plain = fold_accents(name)
    parts = _NUMBER.split(plain.casefold())
    key = []
    for i, part in enumerate(parts):
        digits = part.lstrip("0") if i % 2 else ""
        key.append((part, 0, "") if i % 2 == 0 else ("", len(digits), digits))
    return tuple(key)


def listing_order(sub: Subscription) -> tuple[Any, ...]:
    """How subscriptions are listed: the user's own (direct messages) first, then the
    channel's, each by company name naturally; the same on SQLite and PostgreSQL (their
    collations ordered 'Company10' before 'Company2' and cases differently, trial 15),
    ties broken by the exact name, workspace and id."""
    return (not sub.is_direct, natural_key(sub.company), sub.company, sub.workspace_id, sub.id)
