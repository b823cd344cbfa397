"""The operator's feeds are fetched first in a poll (session 14 attack), through the real
`layoffbot poll`.

Workspaces' own feeds that answer slowly but do answer (a byte short of the fetch
deadline, every poll) are never errors, so never backed off: one server's 50 such feeds
held the fetch slots ~95 s a cycle, ten servers longer than a cycle, and the operator's
feeds (everyone's news) waited behind them, the feeds never polled before first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.store import Store
from tests.e2e import assert_no_traceback, bot_env, cli, news_item, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)


def test_the_operators_feeds_take_the_fetch_slots_before_workspaces_slow_feeds(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_POLL_CONCURRENCY="2")
    item = news_item("Globex opens an office", "globex-office", "Globex is hiring.", NOW)
    with FeedServer() as server:
        server.route("/op.xml", body=rss("Operator desk", [item]))
        added = cli("feeds", "add", server.url("/op.xml"), tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stdout + added.stderr
        store = Store.open(f"sqlite:///{tmp_path}/bot.db")
        try:
            for i in range(6):  # never polled: first in the oldest-polled-first order
                server.route(f"/slow{i}.xml", body=rss(f"Slow {i}", [item]), delay=1.5)
                store.add_feed(server.url(f"/slow{i}.xml"), f"Slow {i}", "discord:666")
        finally:
            store.close()
        before = len(server.requests)
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env, timeout=120)
        asked = [r.path for r in server.requests[before:]]
    out = polled.stdout + polled.stderr
    assert polled.returncode == 0, out
    assert_no_traceback(out)
    # It was fetched after the six slow ones. With two slots the operator's feed and the
    # first slow one start together, and either request can reach the server first.
    assert "/op.xml" in asked[:2], asked
    assert len(asked) == 7, asked
