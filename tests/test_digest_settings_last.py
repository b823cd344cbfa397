"""`digest settings` says what the last daily digest did: posted, or skipped as quiet.

Found by a trial user: "Last digest: <today>" on a day whose digest was skipped (nothing
new), as if one had been posted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.digests import run_due_digests
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import Clock, cmd, make_app

DAY = datetime(2025, 1, 20, tzinfo=UTC)


async def _settings(store: Store, now: datetime) -> str:
    return to_text(await make_app(store, Clock(now)).handle(cmd("digest settings")))


async def test_a_digest_skipped_as_quiet_is_not_reported_as_the_last_digest(
    store: Store, make_story: Any
) -> None:
    app = make_app(store, Clock(DAY - timedelta(days=2)))
    assert not (await app.handle(cmd("digest on"))).is_error
    make_story("Klarna", headcount=700, first_seen=DAY - timedelta(hours=21))
    assert run_due_digests(store, DAY - timedelta(days=1) + timedelta(hours=10)) == 1
    posted = await _settings(store, DAY - timedelta(days=1) + timedelta(hours=11))
    assert "Last digest: 2025-01-19 |" in posted, posted

    assert run_due_digests(store, DAY + timedelta(hours=10)) == 0  # nothing new: skipped
    skipped = await _settings(store, DAY + timedelta(hours=11))
    assert "Last digest: 2025-01-19 (today's was skipped: nothing new)" in skipped, skipped
    later = await _settings(store, DAY + timedelta(days=1, hours=8))
    assert "Last digest: 2025-01-19 (2025-01-20's was skipped: nothing new)" in later, later


async def test_a_channel_whose_every_digest_was_quiet_says_none_was_posted(store: Store) -> None:
    app = make_app(store, Clock(DAY - timedelta(days=1)))
    assert not (await app.handle(cmd("digest on"))).is_error
    assert "Last digest: none yet" in await _settings(store, DAY)
    assert run_due_digests(store, DAY + timedelta(hours=10)) == 0
    text = await _settings(store, DAY + timedelta(hours=11))
    assert "Last digest: none in 14 days (today's was skipped: nothing new)" in text, text
