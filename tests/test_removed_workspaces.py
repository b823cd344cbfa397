"""A workspace the bot was removed from: resumed when the bot is back within the retention
period, its data deleted after it (bot/store/tenants.py, bot.app.purge_removed_workspaces).
SQLite and PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.app import purge_removed_workspaces
from bot.outbox import enqueue_message
from bot.render import to_text
from bot.store import Store
from bot.tenancy import REMOVED_REASON
from tests.conftest_social import NOW, Clock, cmd, make_app
from tests.test_tenancy import REAL_LINK, REAL_TITLE, _item, _pipeline


def _count(store: Store, sql: str) -> int:
    with store.tx() as conn:
        return int(conn.execute(text(sql)).scalar() or 0)


async def _set_up(store: Store, clock: Clock, workspace: str) -> None:
    """A workspace's digest, DM and channel alerts, own feed with a story, and an alert
    still owed."""
    from bot.models import Message, Section, Target

    app = make_app(store, clock)
    for line in ("digest on", "subscribe Acme", "subscribe Acme here"):
        reply = await app.handle(cmd(line, workspace=workspace, channel=f"C-{workspace}"))
        assert not reply.is_error, to_text(reply)
    feed, _ = store.add_feed(
        f"https://{workspace}.example/rss", "own", workspace=f"slack:{workspace}"
    )
    store.mark_primed(feed.url)
    link = f"{REAL_LINK}?{workspace}"
    _pipeline(store, clock).ingest([_item(REAL_TITLE, link, 2)], feed_id=feed.id)
    target = Target("slack", channel_id=f"C-{workspace}", workspace_id=workspace)
    message = Message(title="owed", sections=(Section(text="owed"),))
    enqueue_message(
        store, key=f"owed-{workspace}", target=target, message=message, source="t", now=clock()
    )


async def test_the_bot_back_within_the_period_resumes_what_the_removal_paused(
    store: Store,
) -> None:
    clock = Clock(NOW)
    await _set_up(store, clock, "T1")
    store.add_feed("https://t1.example/broken", "broken", workspace="slack:T1")
    with store.tx() as conn:  # paused for another reason: stays paused
        conn.execute(
            text(
                "UPDATE feeds SET disabled = :t, disabled_reason = 'HTTP 404' WHERE url LIKE '%broken'"
            ),
            {"t": True},
        )
    app = make_app(store, clock)
    await app.workspace_removed("slack", "T1")
    assert store.removed_workspaces() == {"slack:T1": NOW}
    clock.advance(days=29)
    assert purge_removed_workspaces(store, 30, clock()) == 0
    reply = to_text(await app.handle(cmd("digest settings", workspace="T1", channel="C-T1")))
    assert "Daily digest: on" in reply, reply
    assert store.removed_workspaces() == {}
    subs = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id="C-T1"
    )
    assert len(subs) == 2 and not any(s.disabled for s in subs)
    feeds = {f.url: f.disabled for f in store.list_feeds("slack:T1") if f.workspace}
    assert feeds == {"https://T1.example/rss": False, "https://t1.example/broken": True}
    clock.advance(days=60)
    assert purge_removed_workspaces(store, 30, clock()) == 0  # back: nothing is deleted


async def test_a_workspace_removed_longer_than_the_period_loses_its_data_once(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock(NOW)
    for workspace in ("T1", "T2"):
        await _set_up(store, clock, workspace)
    stories_before = _count(store, "SELECT count(*) FROM stories")
    app = make_app(store, clock)
    await app.workspace_removed("slack", "T1")
    clock.advance(days=30, minutes=1)
    caplog.set_level(logging.INFO, logger="bot.app")
    assert purge_removed_workspaces(store, 30, clock()) == 1
    assert purge_removed_workspaces(store, 30, clock()) == 0
    lines = [
        r.getMessage() for r in caplog.records if "removed_workspace_deleted" in r.getMessage()
    ]
    assert len(lines) == 1 and "workspace=T1" in lines[0] and "stories=1" in lines[0], lines
    for sql in (
        "SELECT count(*) FROM subscriptions WHERE workspace_id = 'T1'",
        "SELECT count(*) FROM digests WHERE workspace_id = 'T1'",
        "SELECT count(*) FROM feeds WHERE workspace = 'slack:T1'",
        "SELECT count(*) FROM items WHERE tenant = 'slack:T1'",
        "SELECT count(*) FROM stories WHERE tenant = 'slack:T1'",
        "SELECT count(*) FROM company_names WHERE tenant = 'slack:T1'",
        "SELECT count(*) FROM deliveries WHERE key = 'owed-T1'",
        "SELECT count(*) FROM meta WHERE key LIKE 'removed:%'",
    ):
        assert _count(store, sql) == 0, sql
    # T2 keeps everything; its story and lookups are whole.
    assert _count(store, "SELECT count(*) FROM subscriptions WHERE workspace_id = 'T2'") == 2
    assert _count(store, "SELECT count(*) FROM deliveries WHERE key = 'owed-T2'") == 1
    assert _count(store, "SELECT count(*) FROM stories") == stories_before - 1
    t2 = to_text(await app.handle(cmd("acme", workspace="T2", channel="C-T2")))
    assert f"{REAL_LINK}?T2" in t2
    # Back after the deletion: a fresh start, nothing left to resume.
    t1 = to_text(await app.handle(cmd("latest", workspace="T1", channel="C-T1")))
    assert "?T1" not in t1


def test_the_retention_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.config import ConfigError
    from tests.conftest_social import settings

    assert settings().removed_workspace_retention_days == 30
    monkeypatch.setenv("LAYOFFBOT_REMOVED_WORKSPACE_RETENTION_DAYS", "7")
    assert settings().removed_workspace_retention_days == 7
    monkeypatch.setenv("LAYOFFBOT_REMOVED_WORKSPACE_RETENTION_DAYS", "0")
    with pytest.raises(ConfigError):
        settings()


def test_nothing_is_purged_before_its_time(store: Store) -> None:
    store.pause_workspace("slack", "T1", reason="the bot was removed from this workspace", now=NOW)
    store.pause_workspace(
        "slack", "T1", reason="the bot was removed from this workspace", now=NOW + timedelta(days=5)
    )
    assert store.removed_workspaces() == {"slack:T1": NOW}  # the first removal counts
    assert store.purge_removed_workspaces(NOW - timedelta(seconds=1)) == []


async def test_a_workspace_paused_before_removals_were_marked_gets_its_period_from_now(
    store: Store,
) -> None:
    """Removed before this version (paused rows, no mark): without a mark it was never
    deleted. A workspace with anything still active (its digest turned on again by
    hand) is not marked."""
    from bot.app import RemovedWorkspacePurge

    clock = Clock(NOW)
    for workspace in ("T1", "T2"):
        await _set_up(store, clock, workspace)
        store.pause_workspace("slack", workspace, reason=REMOVED_REASON, now=NOW)
    with store.tx() as conn:  # as an earlier version left them
        conn.execute(text("DELETE FROM meta WHERE key LIKE 'removed:%'"))
        conn.execute(text("UPDATE digests SET enabled = :t WHERE workspace_id = 'T2'"), {"t": True})
    purge = RemovedWorkspacePurge(store, 30)
    clock.advance(days=100)
    assert purge(clock()) == 0
    assert store.removed_workspaces() == {"slack:T1": clock()}
    assert purge.store.mark_earlier_removals(clock()) == 0  # marked once
    clock.advance(days=31)
    assert purge(clock()) == 1
    assert _count(store, "SELECT count(*) FROM subscriptions WHERE workspace_id = 'T1'") == 0
    assert _count(store, "SELECT count(*) FROM subscriptions WHERE workspace_id = 'T2'") == 2
