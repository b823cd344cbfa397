"""`layoffbot poll` (and `tag`) as a user runs it: the real process (in a pty), feeds served
from 127.0.0.1.

Found by trying the bot as a user: a failing feed was shown twice, once as a warning log
line (`level=WARNING ... event=feed_failed ...`) and once as its line of the summary.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import BotTerminal, assert_no_traceback, bot_env, cli, rss
from tests.feedserver import FeedServer

ITEM = {
    "title": "Klarna to cut 700 customer service roles as AI assistant takes over",
    "link": "https://desk.example/klarna",
    "description": "Klarna said its AI assistant now does the work of 700 agents.",
    "published": datetime(2025, 1, 14, 8, tzinfo=UTC),
}


def test_poll_in_a_terminal_shows_a_failing_feed_once(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Layoffs Desk", [ITEM]))
        url = server.url("/feed.xml")
        added = cli("feeds", "add", url, tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stdout + added.stderr
        server.route("/feed.xml", status=500, body=b"down")
        term = BotTerminal("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        try:
            assert term.wait(60) == 0, term.output
        finally:
            term.close()
    assert_no_traceback(term.output)
    assert "Layoffs Desk: error: HTTP 500" in term.output, term.output
    assert term.output.count(url) == 1, term.output
    assert "level=WARNING" not in term.output, term.output


def test_a_lowered_poll_interval_polls_a_feed_without_waiting_for_the_old_time(
    tmp_path: Path,
) -> None:
    """With LAYOFFBOT_POLL_INTERVAL_MINUTES lowered from 240 to 1, a feed polled under the
    old interval waited for its old next poll, up to four hours away."""
    import sqlite3

    slow = bot_env(tmp_path, LAYOFFBOT_POLL_INTERVAL_MINUTES="240")
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Layoffs Desk", [ITEM]))
        added = cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=slow)
        assert added.returncode == 0, added.stdout + added.stderr
        first = cli("poll", "--once", tmp_path=tmp_path, env=slow)
        assert "No feed is due" in first.stdout, first.stdout
        with sqlite3.connect(tmp_path / "bot.db") as db:  # two minutes pass
            db.execute("UPDATE feeds SET last_polled = datetime(last_polled, '-2 minutes')")
        fast = bot_env(tmp_path, LAYOFFBOT_POLL_INTERVAL_MINUTES="1")
        polled = cli("poll", "--once", tmp_path=tmp_path, env=fast)
    assert_no_traceback(polled.stdout + polled.stderr)
    assert "Layoffs Desk: " in polled.stdout and "No feed is due" not in polled.stdout, (
        polled.stdout
    )


def test_tag_on_a_feed_without_items_says_so(tmp_path: Path) -> None:
    """`layoffbot tag` on a valid feed with no items printed nothing at all and exited 0:
    the user could not tell an empty feed from a command that did nothing."""
    feed = tmp_path / "empty.rss"
    feed.write_bytes(rss("Quiet desk", []))
    done = cli("tag", str(feed), tmp_path=tmp_path)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 0 and done.stdout == "", done.stdout
    assert "the feed has no items; nothing to tag." in done.stderr, done.stderr


def test_poll_ends_with_its_output_logs_and_database_written(tmp_path: Path) -> None:
    """A command's process ends without the interpreter's teardown (bot.cli.command): what
    that teardown did must still happen. The summary and the failing feed's log line are
    all there, the new item is stored, and the database is closed (SQLite's last
    connection folds the WAL back into the file and removes it)."""
    env = bot_env(tmp_path)
    with FeedServer() as server:
        server.route("/ok.xml", body=rss("Layoffs Desk", [ITEM]))
        server.route("/down.xml", body=rss("Down Desk", [ITEM | {"link": "https://d.example/"}]))
        for path in ("/ok.xml", "/down.xml"):
            added = cli("feeds", "add", server.url(path), tmp_path=tmp_path, env=env)
            assert added.returncode == 0, added.stdout + added.stderr
        second = ITEM | {"title": "Acme to cut 300 jobs", "link": "https://desk.example/acme"}
        server.route("/ok.xml", body=rss("Layoffs Desk", [second, ITEM]))
        server.route("/down.xml", status=500, body=b"down")
        done = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_no_traceback(done.stdout + done.stderr)
    assert "Layoffs Desk: 1 new item" in done.stdout, done.stdout
    assert "Down Desk: error: HTTP 500" in done.stdout, done.stdout
    assert "event=feed_failed" in done.stderr, done.stderr
    assert not (tmp_path / "bot.db-wal").exists()
    with contextlib.closing(sqlite3.connect(tmp_path / "bot.db")) as db:
        titles = {row[0] for row in db.execute("SELECT title FROM items")}
    assert "Acme to cut 300 jobs" in titles, titles
