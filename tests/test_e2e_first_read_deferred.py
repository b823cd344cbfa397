"""A feed's first read that the judges could not finish stays silent (session 14 attack).

`feeds add` stores a feed's current items without announcing them. A first read too big
or too slow to judge in one go (a 4,900-item feed of 3 KB items on a busy machine: the
judges' worker past its backstop) stored nothing, yet marked the feed read: its next
polls announced the whole backlog as news, alerts included (a workspace's feed made its
own members' alerts a flood of old items). Here the worker hangs on one item of the add,
through the real `layoffbot`, with the test-only stall hook.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.judging import TEST_STALL_ENV
from tests.e2e import assert_no_traceback, bot_env, cli, news_item, patience, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
MARK = "zqxhang"


def _acme(i: int, extra: str = "") -> dict[str, object]:
    return news_item(
        f"Acme cuts {100 + i} support jobs as AI takes over",
        f"acme-{i}",
        f"Acme said AI now does the work of {100 + i} support agents.{extra}",
        NOW - timedelta(hours=i),
    )


def test_a_first_read_the_judges_could_not_finish_is_never_announced(tmp_path: Path) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_JUDGE_TIMEOUT_SECONDS=str(patience(2.0)))
    backlog = [_acme(0, MARK)] + [_acme(i) for i in range(1, 6)]
    with FeedServer() as server:
        server.route("/acme.xml", body=rss("Acme desk", backlog))
        subscribed = cli("ask", "/layoffs subscribe Acme", tmp_path=tmp_path, env=env)
        assert subscribed.returncode == 0, subscribed.stdout + subscribed.stderr
        added = cli(
            "feeds",
            "add",
            server.url("/acme.xml"),
            tmp_path=tmp_path,
            env={**env, TEST_STALL_ENV: f"hang:{MARK}"},
            timeout=180,
        )
        out = added.stdout + added.stderr
        assert added.returncode == 0, out
        assert_no_traceback(out)
        assert "event=judge_stuck" in out, out  # the add's batch never came back
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env, timeout=120)
        out = polled.stdout + polled.stderr
        assert polled.returncode == 0, out
        assert_no_traceback(out)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        items = db.execute("SELECT count(*) FROM items").fetchone()[0]
        announced = db.execute("SELECT count(*) FROM stories WHERE announce").fetchone()[0]
        alerts = db.execute("SELECT count(*) FROM deliveries").fetchone()[0]
    assert items == len(backlog), out  # the backlog is stored by the poll...
    assert (announced, alerts) == (0, 0), out  # ...as the add would have: silently
