"""Days of use of the real `layoffbot` process, judged by the users' rule: it never spams
and never misses. Feeds served from 127.0.0.1 change between polls: a feed added while
its story is news, the same story from several feeds, an edited item, an item published
again under a new guid."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli, cli_ok, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _item(title: str, link: str, description: str, hours: float = 1, **extra: str) -> dict:
    return {
        "title": title,
        "link": link,
        "description": description,
        "published": NOW - timedelta(hours=hours),
        **extra,
    }


DROPBOX = _item(
    "Dropbox lays off 500 employees to focus on AI",
    "https://a.example/dropbox",
    "Dropbox cut 16% of staff, about 500 people, as it shifts to AI.",
    hours=5,
)
IBM_A = _item(
    "IBM pauses hiring for 7,800 back-office roles it says AI could replace",
    "https://a.example/ibm-7800",
    "IBM chief executive Arvind Krishna said hiring will pause for roles AI could "
    "replace, about 7,800 jobs.",
)
IBM_C = _item(
    "IBM to replace 7,800 jobs with AI, CEO says",
    "https://c.example/ibm-ai",
    "IBM will pause hiring for some 7,800 roles that artificial intelligence could "
    "replace, Arvind Krishna said.",
)
IBM_A_EDITED = {**IBM_A, "title": IBM_A["title"] + " (updated)", "description": "Updated."}
IBM_C_AGAIN = {**IBM_C, "guid": "https://c.example/?p=4711"}  # published again, new guid


def test_a_story_a_new_feed_read_first_reaches_the_subscriber_and_the_digest_once(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    server.route("/a.xml", body=rss("Desk A", [DROPBOX]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    cli_ok(env, tmp_path, "poll", "--once")  # A's first read: stored, not announced
    quiet = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "Quiet day" in quiet
    assert "1 AI-driven job action was already in feeds when they were first read" in quiet
    assert "/layoffs latest shows them" in quiet

    cli_ok(env, tmp_path, "ask", "/layoffs subscribe IBM")
    # A feed added while IBM's story is news: its first read files the story silently.
    server.route("/c.xml", body=rss("Desk C", [IBM_C]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/c.xml"))
    cli_ok(env, tmp_path, "poll", "--once")
    # Then the feed the user has read for days reports it: that is news, once.
    server.route("/a.xml", body=rss("Desk A", [IBM_A, DROPBOX]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    day = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert day.count("== New at IBM") == 1, day
    assert "1 new AI-driven job action at 1 company" in day
    assert day.count("== IBM ==") == 1  # its thread in the digest

    # An edited item and the same item under a new guid: no new story, no second alert.
    server.route("/a.xml", body=rss("Desk A", [IBM_A_EDITED, DROPBOX]))
    server.route("/c.xml", body=rss("Desk C", [IBM_C_AGAIN, IBM_C]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    later = cli_ok(env, tmp_path, "ask", "/layoffs digest now")  # the same window, one story
    assert "New at IBM" not in later and "1 new AI-driven job action at 1 company" in later, later
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest")
    assert latest.count("IBM") >= 1 and "Latest 2 stories" in latest, latest


def _a_zone_where_it_is_about_noon() -> str:
    offset = 12 - datetime.now(UTC).hour  # UTC+offset, within -11..+12
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # the Etc names flip the sign


def test_a_digest_due_when_the_bot_starts_carries_the_news_of_its_first_poll(
    tmp_path: Path, server: FeedServer
) -> None:
    # Down overnight, started after the digest time: the night's news comes with the first
    # poll, and today's digest carries it (it was planned before the poll, found nothing,
    # and the news waited a day for tomorrow's).
    from tests.e2e import BotProcess

    env = bot_env(
        tmp_path,
        LAYOFFBOT_CONSOLE="true",
        LAYOFFBOT_DIGEST_TIME="00:00",
        LAYOFFBOT_DIGEST_TIMEZONE=_a_zone_where_it_is_about_noon(),
    )
    server.route("/a.xml", body=rss("Desk A", [DROPBOX]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    cli_ok(env, tmp_path, "poll", "--once")  # read before the night
    server.route("/a.xml", body=rss("Desk A", [IBM_A, DROPBOX]))  # the night's news
    with sqlite3.connect(tmp_path / "bot.db") as db:  # a night later: the feed is due
        db.execute("UPDATE feeds SET next_poll = NULL")
    bot = BotProcess("run", tmp_path=tmp_path, env=env)
    try:
        bot.wait_for("the digest", lambda: "== AI layoffs digest" in bot.output, timeout=60)
        bot.wait_for("IBM's thread", lambda: "== IBM ==" in bot.output, timeout=15)
        assert "1 new AI-driven job action at 1 company" in bot.output
    finally:
        bot.stop()
    assert bot.output.count("== AI layoffs digest") == 1
    assert_no_traceback(bot.output)


def test_digest_now_earlier_in_the_day_leaves_the_daily_digest_to_come(
    tmp_path: Path, server: FeedServer
) -> None:
    # The user trial: `digest on 8:30pm PST`, a `digest now` at 10 am, and no digest that
    # evening: `digest now` had moved the window, so the evening's found nothing new. Here
    # the daily digest is due when the bot starts (00:00 where it is about noon) and the
    # manager had a look with `digest now` just before.
    from tests.e2e import BotProcess

    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    server.route("/a.xml", body=rss("Desk A", [DROPBOX]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    cli_ok(env, tmp_path, "poll", "--once")  # A's first read: stored, not announced
    server.route("/a.xml", body=rss("Desk A", [IBM_A, DROPBOX]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")  # IBM's news
    zone = _a_zone_where_it_is_about_noon()
    assert "Daily digest on" in cli_ok(env, tmp_path, "ask", f"/layoffs digest on 00:00 {zone}")
    look = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "1 new AI-driven job action at 1 company" in look and "== IBM ==" in look, look
    assert f"the daily digest still comes at 00:00 midnight {zone}" in look, look
    bot = BotProcess("run", tmp_path=tmp_path, env=env)
    try:
        bot.wait_for("the daily digest", lambda: "== AI layoffs digest" in bot.output, timeout=60)
        bot.wait_for("IBM's thread", lambda: "== IBM ==" in bot.output, timeout=15)
    finally:
        bot.stop()
    assert "1 new AI-driven job action at 1 company" in bot.output, bot.output
    assert bot.output.count("== AI layoffs digest") == 1 and "Quiet day" not in bot.output
    assert "digest now" not in bot.output.split("== AI layoffs digest", 1)[1]
    assert_no_traceback(bot.output)


def test_a_second_run_on_one_sqlite_file_stops_and_names_the_first_which_keeps_going(
    tmp_path: Path, server: FeedServer
) -> None:
    # Both ran: each polled, each took some of the deliveries, so a digest printed in the
    # other terminal was never seen in this one.
    import signal

    from tests.e2e import BotProcess

    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    server.route("/a.xml", body=rss("Desk A", [DROPBOX]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    first = BotProcess("run", tmp_path=tmp_path, env=env)
    try:
        first.wait_for_lines("Ctrl-C to stop", timeout=60)
        second = cli("run", tmp_path=tmp_path, env=env, timeout=60)
        assert second.returncode == 2, second.stdout + second.stderr
        assert f"another `layoffbot run` (pid {first.proc.pid}) is using" in second.stderr
        assert "Ctrl-C to stop" not in second.stdout
        assert "Dropbox" in cli_ok(env, tmp_path, "ask", "/layoffs latest")  # commands still work
        assert first.proc.poll() is None  # the first goes on
    finally:
        first.kill()  # kill -9: the system frees the lock
    third = BotProcess("run", tmp_path=tmp_path, env=env)
    try:
        third.wait_for_lines("Ctrl-C to stop", timeout=60)
    finally:
        third.stop(signal.SIGTERM)
    assert_no_traceback(third.output)
