"""Time helpers: everything the core stores is an aware UTC datetime."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes (SQLite gives those back) are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_hhmm(value: str) -> tuple[int, int]:
    """'9:30' -> (9, 30); raises ValueError with a user-facing message otherwise."""
    match = _HHMM.match(value.strip())
    if not match:
        raise ValueError(f"“{value.strip()}” is not a time of day like 09:00, 8am or 8:30pm.")
    return int(match.group(1)), int(match.group(2))
