"""Store guards behind issue 13's findings, on SQLite and PostgreSQL (when configured)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_one_manual_digest_per_channel_per_minute(store: Store) -> None:
    assert store.claim_manual_digest("slack", "C1", now=NOW, interval=MINUTE) is None
    blocked = store.claim_manual_digest(
        "slack", "C1", now=NOW + timedelta(seconds=30), interval=MINUTE
    )
    assert blocked == NOW + MINUTE
    assert store.claim_manual_digest("slack", "C2", now=NOW, interval=MINUTE) is None
    assert store.claim_manual_digest("discord", "C1", now=NOW, interval=MINUTE) is None
    assert store.claim_manual_digest("slack", "C1", now=NOW + MINUTE, interval=MINUTE) is None


def test_simultaneous_manual_digests_have_one_winner(store: Store) -> None:
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(
                lambda _: store.claim_manual_digest("slack", "C9", now=NOW, interval=MINUTE),
                range(16),
            )
        )
    assert results.count(None) == 1


def test_subscriptions_are_capped_per_user_and_per_channel(store: Store) -> None:
    import pytest

    from bot.store.social import SubscriptionLimitReached

    def follow(company: str, *, user: str = "U1", channel: str = "") -> bool:
        return store.subscribe(
            platform="slack",
            workspace_id="T1",
            user_id=user,
            channel_id=channel,
            company=company,
            company_key=company.lower(),
            now=NOW,
            limit=2,
        )[1]

    assert follow("A") and follow("B")
    assert not follow("A")  # already following is no new subscription: not refused
    with pytest.raises(SubscriptionLimitReached):
        follow("C")
    assert follow("C", user="U2")  # another user has a cap of their own
    assert follow("C", channel="C1") and follow("D", channel="C1", user="U2")
    with pytest.raises(SubscriptionLimitReached):
        follow("E", channel="C1", user="U3")  # the channel's cap, whoever asks


def test_a_workspaces_own_feeds_are_capped_in_the_store(store: Store) -> None:
    import pytest

    from bot.errors import FeedLimitReached

    def add(url: str, workspace: str = "discord:1") -> bool:
        return store.add_feed(url, "a feed", workspace, limit=2)[1]

    assert add("https://a.example/rss") and add("https://b.example/rss")
    assert not add("https://a.example/rss")  # already there is no new feed: not refused
    with pytest.raises(FeedLimitReached, match=r"reads 2 feeds of its own, the most allowed \(2\)"):
        add("https://c.example/rss")
    assert add("https://c.example/rss", "discord:2")  # another server has a cap of its own
    assert add("https://c.example/rss", "")  # the operator's list: the operator's choice
    assert [f.url for f in store.list_feeds("discord:1") if f.workspace] == [
        "https://a.example/rss",
        "https://b.example/rss",
    ]
