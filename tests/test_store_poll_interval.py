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


def test_feeds_polled_while_the_clock_was_ahead_are_due_once_it_is_set_back(
    store: Store,
) -> None:
    """A machine that booted a day ahead (set right by NTP later): its feeds, polled "in
    the future", were due only when that time came again: a day without news, restarts
    included (poll_within moves them to their last poll + the interval, still ahead)."""
    ahead = NOW + timedelta(days=1)
    for name, ok in (("ok", True), ("failing", False)):
        store.add_feed(f"https://{name}.example/feed", name)
        store.record_poll(
            f"https://{name}.example/feed",
            now=ahead,
            next_poll=ahead + timedelta(minutes=15 if ok else 60),
            ok=ok,
            error=None if ok else "HTTP 500",
        )
    store.poll_within(timedelta(minutes=16), NOW)
    assert sorted(f.name for f in store.due_feeds(NOW)) == ["failing", "ok"]
    # A few minutes of difference between machines' clocks is no jump.
    assert store.due_feeds(ahead - timedelta(minutes=4)) == []
    # Polled again with the right time, they keep their schedule.
    store.record_poll(
        "https://ok.example/feed", now=NOW, next_poll=NOW + timedelta(minutes=15), ok=True
    )
    assert [f.name for f in store.due_feeds(NOW + timedelta(minutes=1))] == ["failing"]
