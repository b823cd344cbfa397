"""Time zones as people type them, read without walking the zone database when the
name is an IANA one (every command checks LAYOFFBOT_DIGEST_TIMEZONE at start)."""

from __future__ import annotations

import zoneinfo

import pytest

from bot import typed_time
from bot.typed_time import zone_as_typed


def test_an_iana_name_is_taken_without_the_table_of_cities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typed_time._zones_by_city.cache_clear()
    typed_time._zones_by_lower_case.cache_clear()

    def walked() -> set[str]:
        raise AssertionError("the zone database was walked")

    monkeypatch.setattr(zoneinfo, "available_timezones", walked)
    assert zone_as_typed("Europe/Berlin") == "Europe/Berlin"
    assert zone_as_typed("America/Argentina/Buenos_Aires") == "America/Argentina/Buenos_Aires"
    assert zone_as_typed("PST") == "America/Los_Angeles"
    assert zone_as_typed("utc") == "UTC"


def test_every_zone_and_city_reads_as_before() -> None:
    """A name with a slash never was a city (a city is the part after the last one), so
    what each name means is unchanged; cities and lower case still resolve."""
    typed_time._zones_by_city.cache_clear()
    for name in sorted(zoneinfo.available_timezones()):
        if "/" in name:
            assert zone_as_typed(name) == name
            assert zone_as_typed(name.lower()) == name
    assert zone_as_typed("London") == "Europe/London"
    assert zone_as_typed("new york") == "America/New_York"
    with pytest.raises(ValueError):
        zone_as_typed("Europe/Nowhere")


@pytest.mark.parametrize("typed", ["UTC+2", "GMT-5", "UTC+5:30", "UTC+05:30", "+0200", "-05:00"])
def test_an_offset_with_minutes_or_without_utc_is_refused_as_a_fixed_offset(typed: str) -> None:
    # Trial 15: 'UTC+5:30' and '+0200' were "neither a time like 09:00 nor a time zone",
    # while 'GMT+2' was told to name a place instead.
    with pytest.raises(ValueError, match="is a fixed offset: name a place instead"):
        zone_as_typed(typed)


def test_a_time_shaped_like_one_says_why_it_is_none_and_offers_the_time_it_holds() -> None:
    from bot.typed_time import time_as_typed

    def said(text: str) -> str:
        with pytest.raises(ValueError) as refused:
            time_as_typed(text)
        return str(refused.value)

    assert said("25:00").endswith("Hours run from 00 to 23 and minutes from 00 to 59.")
    assert said("24:00").endswith("Midnight is 00:00.")
    assert said("13pm").endswith("With am or pm, hours run from 1 to 12 (1pm is 13:00).")
    assert said("7pm-ish").endswith("Did you mean 7pm (19:00)?")
    assert said("7.30pm-ish").endswith("Did you mean 7.30pm (19:30)?")
    assert "Did you mean" not in said("25:00ish") + said("noonish")
