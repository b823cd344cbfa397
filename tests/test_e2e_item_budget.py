"""One workspace's own feeds cannot keep the shared cores busy (session 14 attack).

A Slack workspace's manager adds a feed (through the real process and the fake Slack)
whose items change every poll: 200 new items a poll, each judged on the cores every
workspace shares (200 items of 60 KB: ~11 s of CPU a poll, 50 such feeds a workspace).
Its new items are held to LAYOFFBOT_MAX_WORKSPACE_ITEMS_PER_HOUR; the rest wait, none
lost; the operator's feed in the same poll is not held.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli, rss
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot
from tests.test_e2e_tenancy import OLD, Workspace

NOW = datetime.now(UTC)


def _items(prefix: str, count: int) -> list[dict[str, object]]:
    return [
        {
            "title": f"{prefix} {i}: Initech cuts {100 + i} support jobs as AI takes over",
            "link": f"https://news.example/{prefix}-{i}",
            "description": "Initech said its AI assistant now answers customer questions.",
            "published": NOW - timedelta(minutes=i),
        }
        for i in range(count)
    ]


def _items_of(db: Path, workspace: str) -> int:
    with sqlite3.connect(db) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM items JOIN feeds ON feeds.id = items.feed_id"
            " WHERE feeds.workspace = ?",
            (workspace,),
        ).fetchone()
    return int(count)


def test_a_workspaces_own_feeds_store_at_most_their_hourly_budget_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_MAX_WORKSPACE_ITEMS_PER_HOUR="30")
    db = tmp_path / "bot.db"
    with FeedServer() as feeds:
        feeds.route("/operator.xml", body=rss("Operator", [OLD]))
        feeds.route("/t1.xml", body=rss("T1 news", [{**OLD, "link": OLD["link"] + "?t1"}]))
        added = cli("feeds", "add", feeds.url("/operator.xml"), tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stdout + added.stderr
        with FakeSlackThread() as slack:
            bot = connected_bot(tmp_path, slack, timeout=20)
            assert "Feed added" in Workspace(slack, "T1").say(f"feeds add {feeds.url('/t1.xml')}")
            bot.stop()
        before = _items_of(db, "slack:T1")

        feeds.route("/t1.xml", body=rss("T1 news", _items("t1", 80)))
        feeds.route("/operator.xml", body=rss("Operator", _items("op", 80)))
        polled = cli("poll", "--all", tmp_path=tmp_path, env=env, timeout=300)
        out = polled.stdout + polled.stderr
        assert polled.returncode == 0, out
        assert_no_traceback(out)
        assert "Operator: 80 new items" in polled.stdout, out  # the operator's: no budget
        assert "T1 news: 30 new items; 50 more held back" in polled.stdout, out
        assert "LAYOFFBOT_MAX_WORKSPACE_ITEMS_PER_HOUR" in polled.stdout, out
        assert "event=workspace_items_held_back workspace=slack:T1" in out, out
        assert _items_of(db, "slack:T1") - before == 30
        # The workspace is told too, in its `/layoffs feeds list` (only the log said so).
        lines = _feeds_list(tmp_path)
        assert "T1 news" in lines, lines
        assert (
            "; 50 new items still to come in, as counted then: this workspace's feeds "
            "together may bring in at most 30 new items an hour (the operator's limit), so "
            "later polls store them" in lines["T1 news"]
        ), lines
        assert "held back" not in lines["Operator"], lines

        # Nothing lost: the held-back items are stored by later polls (a new process
        # counts its own hour, as `/layoffs feeds add` attempts are counted).
        # The count is all that still waits as of the last poll, not that poll's share.
        for left in (20, 0):
            again = cli("poll", "--all", tmp_path=tmp_path, env=env, timeout=300)
            assert again.returncode == 0, again.stdout + again.stderr
            said = _feeds_list(tmp_path)["T1 news"]
            assert (f"; {left} new items still to come in" in said) == (left > 0), said
    assert _items_of(db, "slack:T1") - before == 80


def _feeds_list(tmp_path: Path) -> dict[str, str]:
    """Workspace T1's `/layoffs feeds list`, through the real process and the fake Slack:
    each feed's line by its name."""
    with FakeSlackThread() as slack:
        bot = connected_bot(
            tmp_path, slack, timeout=20, LAYOFFBOT_MAX_WORKSPACE_ITEMS_PER_HOUR="30"
        )
        try:
            (reply,) = json.loads(Workspace(slack, "T1").say("feeds list"))
        finally:
            bot.stop()
    shown = [b["text"]["text"] for b in reply["blocks"] if b["type"] == "section"]
    lines = [line[2:] for text in shown for line in text.splitlines() if line.startswith("• ")]
    return {line.split(" &lt;http", 1)[0]: line for line in lines}
