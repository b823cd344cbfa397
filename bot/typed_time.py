"""Times and zones as people type them: '8am', '8:30pm', 'PST', 'London'.

Both `/layoffs digest on` and the LAYOFFBOT_DIGEST_TIME / _TIMEZONE settings read them,
so a time or zone that works in one works in the other. Kept apart from the command
table so the settings can use it without loading every command (~0.2 s). Each raises
ValueError with what to type instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.timeutil import parse_hhmm


class FixedOffset(ValueError):
    """'UTC+2' typed for a zone: refused with what to type instead."""


def _clip(text: str, limit: int = 40) -> str:
    """Text echoed back: whitespace collapsed, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Patterns as text, compiled (and cached by `re`) at their first use: not at every start.
_CLOCK = r"(?i)^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?$|^(\d{1,2})(?:h|:00)?$"


def time_as_typed(text: str) -> str:
    """'08:30', and as people write it: '8', '8am', '8:30pm'."""
    match = re.match(_CLOCK, text.strip())
    if match and match.group(1):
        h, m = int(match.group(1)), int(match.group(2) or 0)
        if 1 <= h <= 12 and m < 60:
            return f"{h % 12 + (12 if match.group(3).lower() == 'p' else 0):02d}:{m:02d}"
    elif match and int(match.group(4)) < 24:
        return f"{int(match.group(4)):02d}:00"
    h, m = parse_hhmm(text)  # ValueError says what a time looks like
    return f"{h:02d}:{m:02d}"


@lru_cache(maxsize=1)
def _zones_by_lower_case() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {name.lower(): name for name in available_timezones()}


# Abbreviations people type for a zone with summer time: the zone they mean (IST, which
# is India's, Ireland's and Israel's, is not guessed).
_ABBREVIATIONS = {
    **dict.fromkeys(("PST", "PDT", "PT"), "America/Los_Angeles"),
    **dict.fromkeys(("MST", "MDT", "MT"), "America/Denver"),
    **dict.fromkeys(("CST", "CDT", "CT"), "America/Chicago"),
    **dict.fromkeys(("EST", "EDT", "ET"), "America/New_York"),
    **dict.fromkeys(("BST",), "Europe/London"),
    **dict.fromkeys(("CET", "CEST"), "Europe/Berlin"),
    **dict.fromkeys(("EET", "EEST"), "Europe/Athens"),
    **dict.fromkeys(("JST",), "Asia/Tokyo"),
    **dict.fromkeys(("AEST", "AEDT"), "Australia/Sydney"),
    **dict.fromkeys(("SGT",), "Asia/Singapore"),
}
_OFFSET = r"(?i)^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?00)?$"


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """'london' -> Europe/London: the zones whose city no other zone shares."""
    cities: dict[str, list[str]] = {}
    for name in _zones_by_lower_case().values():
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(name.rsplit("/", 1)[1].lower(), []).append(name)
    return {city: names[0] for city, names in cities.items() if len(names) == 1}


def _zone_as_typed(text: str) -> str | None:
    """'CET', 'London', 'new_york': the IANA zone meant, or None."""
    if text.upper() in _ABBREVIATIONS:
        return _ABBREVIATIONS[text.upper()]
    if re.match(_OFFSET, text.strip()):  # Etc/GMT-2 would be shown for it: sign flipped
        raise FixedOffset(
            f"“{_clip(text)}” is a fixed offset: name a place instead, like Europe/Berlin "
            "or Asia/Kolkata (its summer time is then followed too)."
        )
    if "/" in text:
        # An IANA name ('Europe/Berlin'), never a city's: the table of cities walks and
        # opens every file of the zone database (~600), which every command paid at
        # start when LAYOFFBOT_DIGEST_TIMEZONE named a zone (its settings check it).
        return None
    return _zones_by_city().get(text.strip().lower().replace(" ", "_"))


def zone_as_typed(text: str) -> str:
    """The IANA zone meant by 'Europe/Berlin', 'europe/berlin', 'UTC', 'PST' or 'London';
    ValueError saying what to type otherwise."""
    name = "UTC" if text.upper() in ("UTC", "GMT", "Z") else _zone_as_typed(text) or text
    try:
        if "/" not in name and name != "UTC":
            raise ZoneInfoNotFoundError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # 'europe/berlin' is typed as often as 'utc': zone names are case-blind here.
        known = _zones_by_lower_case().get(name.lower()) if "/" in name else None
        if known is not None:
            return known
        raise ValueError(
            f"“{_clip(text)}” is neither a time like 09:00 nor a time zone like Europe/Berlin."
        ) from None
    return name
