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
