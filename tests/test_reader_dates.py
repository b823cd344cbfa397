"""Dates in the reader's zone: the channel's digest zone, else its workspace's, else the
operator's default (bot.timeutil `shown_date`). A Berlin digest titled "Sat 05 Dec" dated
a story published 00:30 Berlin time 2026-12-04, the UTC date (trial 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.alerts import plan_alerts
from bot.models import Message
from bot.render import story_section, to_text
from bot.serialize import message_from_json
from bot.store import Store
from bot.timeutil import reader_zone, shown_date, shown_time
from tests.conftest_social import NOW, cmd, make_app

BERLIN, LA = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("utc", "tz", "shown"),
    [
        (datetime(2026, 12, 4, 23, 30), BERLIN, "2026-12-05"),  # the next day in Berlin
        (datetime(2026, 12, 5, 3, 0), LA, "2026-12-04"),  # the day before in Los Angeles
        (datetime(2026, 12, 4, 23, 30), UTC, "2026-12-04"),
        # Berlin leaves summer time at 01:00 UTC on 25 Oct 2026: +2 before, +1 after.
        (datetime(2026, 10, 24, 22, 30), BERLIN, "2026-10-25"),
        (datetime(2026, 10, 25, 22, 30), BERLIN, "2026-10-25"),
        (datetime(2026, 10, 25, 23, 0), BERLIN, "2026-10-26"),
        # ... and enters it at 01:00 UTC on 29 Mar 2026.
        (datetime(2026, 3, 28, 22, 59), BERLIN, "2026-03-28"),
        (datetime(2026, 3, 29, 21, 59), BERLIN, "2026-03-29"),
        (datetime(2026, 3, 29, 22, 0), BERLIN, "2026-03-30"),
        # Los Angeles enters summer time at 10:00 UTC on 8 Mar 2026: -8 before, -7 after.
        (datetime(2026, 3, 8, 7, 59), LA, "2026-03-07"),
        (datetime(2026, 3, 8, 8, 0), LA, "2026-03-08"),
        (datetime(2026, 3, 9, 6, 59), LA, "2026-03-08"),
        (datetime(2026, 3, 9, 7, 0), LA, "2026-03-09"),
    ],
)
def test_a_date_is_the_readers(utc: datetime, tz: Any, shown: str) -> None:
    assert shown_date(utc.replace(tzinfo=UTC), tz) == shown
    assert shown_date(utc, tz) == shown  # naive (SQLite) is UTC


def test_a_time_names_its_zone() -> None:
    at = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    assert shown_time(at, BERLIN) == "2026-12-05 00:30 Europe/Berlin"
    assert shown_time(at, reader_zone(None)) == "2026-12-04 23:30 UTC"


def test_the_readers_zone_falls_back_to_the_default_then_utc() -> None:
    assert reader_zone("Europe/Berlin", "America/Los_Angeles") == BERLIN
    assert reader_zone(None, "America/Los_Angeles") == LA
    assert reader_zone(None) == ZoneInfo("UTC")
    assert reader_zone("Not/AZone") == ZoneInfo("UTC")


def test_a_story_section_dates_the_story_in_the_readers_zone(make_story: Any) -> None:
    story = make_story("TikTok", published=datetime(2026, 12, 4, 23, 30, tzinfo=UTC))
    shown = to_text(Message(title="t", sections=(story_section(story, tz=BERLIN),)))
    assert "Date: 2026-12-05" in shown
    assert "Date: 2026-12-04" in to_text(Message(title="t", sections=(story_section(story),)))


def _set_digest(store: Store, channel: str, workspace: str, zone: str) -> None:
    store.set_digest(
        platform="slack",
        workspace_id=workspace,
        channel_id=channel,
        now=NOW,
        updated_by="U1",
        enabled=channel != "C-off",
        timezone=zone,
    )


def test_a_channels_zone_is_its_digests_else_its_workspaces(store: Store) -> None:
    assert store.reader_timezone("slack", "C1", "T1") is None
    _set_digest(store, "C1", "T1", "Europe/Berlin")
    assert store.reader_timezone("slack", "C1", "T1") == "Europe/Berlin"
    assert store.reader_timezone("slack", "C2", "T1") == "Europe/Berlin"  # the workspace's
    assert store.reader_timezone("slack", "", "T1") == "Europe/Berlin"  # a DM in it
    assert store.reader_timezone("slack", "C9", "T9") is None  # another workspace
    assert store.reader_timezone("discord", "C1", "T1") is None
    _set_digest(store, "C-off", "T1", "America/Los_Angeles")  # turned off: still its zone
    assert store.reader_timezone("slack", "C-off", "T1") == "America/Los_Angeles"
    assert store.reader_timezone("slack", "C1", "T1") == "Europe/Berlin"
    assert store.reader_timezone("slack", "C2", "T1") is None  # two zones: none is the workspace's


async def test_a_lookup_and_an_alert_date_a_story_as_the_channels_digest(
    store: Store, make_story: Any
) -> None:
    app = make_app(store)
    await app.handle(cmd("digest on 9am Europe/Berlin"))
    await app.handle(cmd("subscribe TikTok here"))
    story = make_story("TikTok", published=datetime(2026, 12, 4, 23, 30, tzinfo=UTC))
    lookup = to_text(await app.handle(cmd("TikTok")))
    assert "Date: 2026-12-05" in lookup and "2026-12-04" not in lookup
    assert plan_alerts(store, [story], NOW) == 1
    (alert,) = store.list_deliveries()
    assert "Date: 2026-12-05" in to_text(message_from_json(alert.message))
    elsewhere = to_text(await app.handle(cmd("TikTok", workspace="T2", channel="C7")))
    assert "Date: 2026-12-04" in elsewhere  # no zone chosen there: the default, UTC


async def test_trends_say_their_days_are_utcs_to_a_reader_elsewhere(
    store: Store, make_story: Any
) -> None:
    make_story("Acme", published=NOW - timedelta(days=1))  # none: no chart, no days
    app = make_app(store)
    assert "Counted in UTC" not in to_text(await app.handle(cmd("trends 7d")))
    await app.handle(cmd("digest on 9am Europe/Berlin"))
    berlin = to_text(await app.handle(cmd("trends 7d")))
    assert "Counted in UTC days, not Europe/Berlin ones." in berlin, berlin
