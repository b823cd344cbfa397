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


class AmbiguousZone(ValueError):
    """'IST' typed for a zone: the places it may mean, to name instead."""


def _clip(text: str, limit: int = 40) -> str:
    """Text echoed back: whitespace collapsed, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Patterns as text, compiled (and cached by `re`) at their first use: not at every start.
# '8am', '8:30pm', '9.30pm' (as the British write it); '8', '21h', '21h30', '21.30'.
_CLOCK = (
    r"(?i)^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$"
    r"|^(\d{1,2})(?:h|:00)?$|^(\d{1,2})(?:h|\.)(\d{2})h?$"
)
# The times people say by name (trial 17b: 'digest on noon' was refused). 'at noon' is
# read at `digest on`, where 'at' is a filler word; here for the settings.
_SPOKEN = {
    **dict.fromkeys(("noon", "midday", "12 noon", "12noon", "12 midday"), "12:00"),
    **dict.fromkeys(("midnight", "12 midnight", "12midnight"), "00:00"),
}
SPOKEN_TIMES = ("noon", "midday", "midnight")


def time_as_typed(text: str) -> str:
    """'08:30', and as people write it: '8', '8am', '8:30pm', '9.30pm', '21h', 'noon'.
    Full-width digits and letters ('９ａｍ', typed on East-Asian keyboards) read as theirs."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    spoken = " ".join(re.sub(r"(?i)^at\s+", "", text.strip()).lower().split())
    if spoken in _SPOKEN:
        return _SPOKEN[spoken]
    match = re.match(_CLOCK, text.strip())
    if match and match.group(1):
        h, m = int(match.group(1)), int(match.group(2) or 0)
        if 1 <= h <= 12 and m < 60:
            return f"{h % 12 + (12 if match.group(3).lower() == 'p' else 0):02d}:{m:02d}"
    elif match and match.group(4) and int(match.group(4)) < 24:
        return f"{int(match.group(4)):02d}:00"
    elif match and match.group(5) and int(match.group(5)) < 24 and int(match.group(6)) < 60:
        return f"{int(match.group(5)):02d}:{match.group(6)}"
    try:
        h, m = parse_hhmm(text)  # ValueError says what a time looks like
    except ValueError as bad:
        raise ValueError(f"{bad}{_time_in(text.strip())}") from None
    return f"{h:02d}:{m:02d}"


def time_said(hhmm: str) -> str:
    """A stored 'HH:MM' as a confirmation says it: '12:00 noon' and '00:00 midnight' named,
    so 'digest on 12am' is seen to mean the night, not the day (trial 17b)."""
    return {"12:00": "12:00 noon", "00:00": "00:00 midnight"}.get(hhmm, hhmm)


def _time_in(text: str) -> str:
    """The time a word begins with, offered: '7pm-ish' (trial 16) was refused with no
    word of the 7pm in it. A 24-hour time is offered once: 'Did you mean 09:00 (09:00)?'
    said it twice (trial 17b)."""
    lead = re.match(r"(?i)\d{1,2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\b\.?)?", text)
    if lead is None:
        return ""
    meant = lead.group(0)
    if meant == text:
        return ""
    try:
        clock = time_as_typed(meant)
    except ValueError:
        return ""
    if re.search(r"(?i)[ap]", meant):
        return f" Did you mean {meant} ({clock})?"
    return f" Did you mean {clock}?"


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
_OFFSET = r"(?i)^(?:(?:UTC|GMT)\s*)?([+-])\s*(\d{1,2})(?::?[0-5]\d)?$"
# Places people name that the zone database does not (it names one city a zone: Kolkata
# for India, Los_Angeles for the US Pacific coast): trial 13's HR team in Bangalore and
# journalist in San Francisco were told “Mumbai” is "neither a time nor a time zone".
_PLACES = {
    **dict.fromkeys(
        ("pacific", "san francisco", "sf", "seattle", "silicon valley", "san jose", "portland"),
        "America/Los_Angeles",
    ),
    **dict.fromkeys(
        ("eastern", "washington", "washington dc", "dc", "boston", "miami", "atlanta", "nyc"),
        "America/New_York",
    ),
    **dict.fromkeys(("central", "austin", "dallas", "houston"), "America/Chicago"),
    **dict.fromkeys(("mountain",), "America/Denver"),
    **dict.fromkeys(
        (
            "mumbai",
            "bombay",
            "bangalore",
            "bengaluru",
            "delhi",
            "new delhi",
            "hyderabad",
            "chennai",
            "pune",
            "india",
        ),
        "Asia/Kolkata",
    ),
    **dict.fromkeys(("beijing", "shenzhen", "china"), "Asia/Shanghai"),
    **dict.fromkeys(("munich", "frankfurt", "hamburg", "germany"), "Europe/Berlin"),
}
# Abbreviations of several zones: the places they may mean, for the refusal.
_AMBIGUOUS = {
    "IST": ("India's, Ireland's or Israel's", "Asia/Kolkata, Europe/Dublin or Asia/Jerusalem"),
    "AST": ("Arabia's or the Atlantic's", "Asia/Riyadh or America/Halifax"),
}


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """'london' -> Europe/London: the zones whose city no other zone shares."""
    cities: dict[str, list[str]] = {}
    for name in _zones_by_lower_case().values():
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(name.rsplit("/", 1)[1].lower(), []).append(name)
    return {city: one for city, names in cities.items() if (one := _one_zone(names))}


def _one_zone(names: list[str]) -> str | None:
    """The zone a city names: its only one, or of names for one zone (the database keeps
    old names: America/Buenos_Aires for America/Argentina/Buenos_Aires) the longest; None
    when they keep different times."""
    if len(names) == 1:
        return names[0]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moments = [datetime(2026, month, 1, 12) for month in (1, 4, 7, 10)]
    offsets = {tuple(m.replace(tzinfo=ZoneInfo(n)).utcoffset() for m in moments) for n in names}
    return max(names, key=lambda n: (n.count("/"), n)) if len(offsets) == 1 else None


def _zone_as_typed(text: str) -> str | None:
    """'CET', 'London', 'new_york': the IANA zone meant, or None."""
    if text.upper() in _ABBREVIATIONS:
        return _ABBREVIATIONS[text.upper()]
    if text.strip().upper() in _AMBIGUOUS:
        whose, places = _AMBIGUOUS[text.strip().upper()]
        raise AmbiguousZone(
            f"“{_clip(text)}” may be {whose} time: name the place instead, like {places}."
        )
    folded = _folded(text)
    if folded in _PLACES:
        return _PLACES[folded]
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
    return _zones_by_city().get(folded.replace(" ", "_"))


def _folded(text: str) -> str:
    """'São Paulo' -> 'sao paulo': lower case, accents off, spaces collapsed."""
    plain = text
    if not text.isascii():  # (ASCII is as fold_accents leaves it: no feed-text rules loaded)
        from bot.text import fold_accents

        plain = fold_accents(text)
    return " ".join(plain.lower().replace(".", "").split())


def zone_as_typed(text: str) -> str:
    """The IANA zone meant by 'Europe/Berlin', 'europe/berlin', 'UTC', 'PST' or 'London';
    ValueError saying what to type otherwise."""
    # The system's copies of the zones under 'posix/' and 'right/' are the zones themselves;
    # Python misreads the 'right/' ones (leap seconds): 'right/Europe/Berlin' was +02:00 in
    # December, every digest an hour off (attack session 19).
    meant = re.sub(r"^(?:posix|right)/(?=.)", "", text, flags=re.IGNORECASE)
    name = "UTC" if meant.upper() in ("UTC", "GMT", "Z") else _zone_as_typed(meant) or meant
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
