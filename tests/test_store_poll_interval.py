"""A lowered poll interval reschedules the feeds polled under the old one (on SQLite and,
with LAYOFFBOT_TEST_POSTGRES_URL, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import Store

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_a_shorter_interval_brings_working_feeds_forward_but_not_failing_ones(
    store: Store,
) -> None:
    for name in ("ok", "failing"):
        store.add_feed(f"https://{name}.example/feed", name)
        store.record_poll(
            f"https://{name}.example/feed",
            now=NOW,
            next_poll=NOW + timedelta(hours=4),
            ok=name == "ok",
            error=None if name == "ok" else "HTTP 500",
        )
    later = NOW + timedelta(minutes=10)
    assert store.due_feeds(later) == []
    assert store.poll_within(timedelta(hours=4, minutes=1), later) == 0  # the same interval
    assert store.poll_within(timedelta(minutes=5), later) == 1
    assert [f.name for f in store.due_feeds(later)] == ["ok"]
    moved = next(f for f in store.list_feeds() if f.name == "ok")
    assert moved.next_poll == NOW + timedelta(minutes=5)
    assert store.poll_within(timedelta(minutes=5), later) == 0  # nothing left to move
