"""Time helpers: everything the core stores is an aware UTC datetime.

What a reader sees is in their time zone: every date and time the bot shows goes through
`shown_date` / `shown_time` with the reader's zone (`reader_zone`). A channel's readers
live in the zone its digest uses: its digest setting's zone (on or off); else its
workspace's, when the workspace's digests all use one; else the operator's default
(LAYOFFBOT_DIGEST_TIMEZONE, UTC unless set). So a Berlin digest titled "Sat 05 Dec" and
a lookup in its channel both date a story published at 00:30 Berlin time 2026-12-05, not
the UTC date before it (trial 14). Trends count UTC days: they say so (bot/commands/trends.py).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes (SQLite gives those back) are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def opt_utc(value: datetime | None) -> datetime | None:
    """`as_utc` of a column that may be empty (NULL stays None)."""
    return None if value is None else as_utc(value)


def zone(name: str | None) -> ZoneInfo:
    """The zone named (an IANA name as stored), UTC for none or one this system lacks."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def reader_zone(chosen: str | None, default: str | None = None) -> ZoneInfo:
    """The zone a reader's dates are shown in: the one their channel chose
    (`Store.reader_timezone`), else the operator's default digest zone, else UTC."""
    return zone(chosen or default)


def zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Zulu", "Etc/Zulu"})


def is_utc(tz: tzinfo) -> bool:
    """Whether a reader in `tz` reads UTC dates: then saying "UTC" adds nothing."""
    return zone_name(tz) in _UTC_NAMES or tz is UTC


def shown_date(moment: datetime, tz: tzinfo) -> str:
    """The date a reader in `tz` calls `moment` (a stored UTC time): 'YYYY-MM-DD'. Every
    date the bot shows a reader goes through here."""
    return f"{as_utc(moment).astimezone(tz):%Y-%m-%d}"


def shown_time(moment: datetime, tz: tzinfo) -> str:
    """`moment` as a reader in `tz` reads it, with the zone named: '2026-12-05 00:30
    Europe/Berlin'."""
    return f"{as_utc(moment).astimezone(tz):%Y-%m-%d %H:%M} {zone_name(tz)}"


def parse_hhmm(value: str) -> tuple[int, int]:
    """'9:30' -> (9, 30); raises ValueError with a user-facing message otherwise."""
    match = _HHMM.match(value.strip())
    if not match:
        said = f"“{value.strip()}” is not a time of day like 09:00, 8am or 8:30pm."
        raise ValueError(said + _out_of_range(value.strip()))
    return int(match.group(1)), int(match.group(2))


def _out_of_range(value: str) -> str:
    """Why a time shaped like one is none ('25:00', '24:00', '13pm'): the refusal said
    only what a time looks like, and '25:00' looks like one (trial 16)."""
    clock = re.match(r"^(\d{1,2}):(\d{2})$", value)
    if clock and (int(clock.group(1)), int(clock.group(2))) == (24, 0):
        return " Midnight is 00:00."
    if clock:
        return " Hours run from 00 to 23 and minutes from 00 to 59."
    twelve = re.match(r"(?i)^(\d{1,2})(?::(\d{2}))?\s*[ap]\.?m\.?$", value)
    if twelve and not 1 <= int(twelve.group(1)) <= 12:
        return " With am or pm, hours run from 1 to 12 (1pm is 13:00)."
    if twelve:
        return " Minutes run from 00 to 59."
    return ""
