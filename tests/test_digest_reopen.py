"""`digest on` at a time later today, today's digest skipped as quiet: today's comes at the
new time; one posted today stays the day's only one.

Found by a trial user (session 15): the console's 09:00 UTC digest was skipped at the first
start (its time past, nothing new); an HR admin set 23:19 Europe/Berlin at 23:17 with two
new stories waiting and was told "Today's was already planned, so the new time starts
tomorrow": nothing had been posted, and nothing came that day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.digests import run_due_digests
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import Clock, cmd, make_app

DAY = datetime(2025, 1, 20, tzinfo=UTC)


async def test_a_later_time_today_after_a_quiet_skip_brings_todays_digest(
    store: Store, make_story: Any
) -> None:
    app = make_app(store, Clock(DAY - timedelta(days=2)))
    assert not (await app.handle(cmd("digest on 09:00 UTC"))).is_error
    make_story("Klarna", headcount=700, first_seen=DAY - timedelta(hours=21))
    assert run_due_digests(store, DAY - timedelta(days=1) + timedelta(hours=10)) == 1  # the 19th
    assert run_due_digests(store, DAY + timedelta(hours=9)) == 0  # the 20th: quiet, skipped
    make_story("IBM", headcount=1200, first_seen=DAY + timedelta(hours=10))

    moved = make_app(store, Clock(DAY + timedelta(hours=11)))
    text = to_text(await moved.handle(cmd("digest on 12:00 UTC")))
    assert "Next digest: Mon 20 Jan 12:00 UTC." in text and "already" not in text, text
    settings = to_text(await moved.handle(cmd("digest settings")))
    assert "Last digest: 2025-01-19 |" in settings, settings  # the day posted before
    assert run_due_digests(store, DAY + timedelta(hours=11, minutes=30)) == 0  # not yet
    assert run_due_digests(store, DAY + timedelta(hours=12)) == 1  # today's, IBM in it
    assert run_due_digests(store, DAY + timedelta(hours=12, minutes=5)) == 0  # once


async def test_a_later_time_today_after_todays_digest_was_posted_starts_tomorrow(
    store: Store, make_story: Any
) -> None:
    app = make_app(store, Clock(DAY - timedelta(days=1)))
    assert not (await app.handle(cmd("digest on 09:00 UTC"))).is_error
    make_story("Klarna", headcount=700, first_seen=DAY + timedelta(hours=3))
    assert run_due_digests(store, DAY + timedelta(hours=9)) == 1  # posted today
    make_story("IBM", headcount=1200, first_seen=DAY + timedelta(hours=10))

    moved = make_app(store, Clock(DAY + timedelta(hours=11)))
    text = to_text(await moved.handle(cmd("digest on 12:00 UTC")))
    assert "Next digest: Tue 21 Jan 12:00 UTC. Today's was already planned" in text, text
    assert run_due_digests(store, DAY + timedelta(hours=12)) == 0  # never two in a day
