"""Session 8's user trial, replayed on the real `layoffbot` process: a new user following
README.md in a terminal (`ask`, `feeds add`, `poll` beside it), feeds served from
127.0.0.1 that change between polls, and the operator's `layoffbot run`."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, bot_process, cli, cli_ok, news_item, rss
from tests.feedserver import FeedServer


def test_more_news_of_a_story_from_the_feed_that_filed_it_silently_alerts_the_subscriber(
    tmp_path: Path, server: FeedServer
) -> None:
    # A search feed (like Google News) is added while Block's cuts are news: its first
    # read files the story silently. The user subscribes; an hour later the same feed
    # carries a new report of it. The subscriber used to hear nothing, ever, and `why`
    # said the new report "came in a feed's first poll".
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    first = news_item(
        "Block to cut nearly 4,000 jobs as Jack Dorsey pushes AI-led restructuring",
        "block-4000",
        "Block will cut nearly 4,000 jobs, Jack Dorsey said, because of AI.",
        datetime.now(UTC) - timedelta(hours=3),
    )
    server.route("/search.xml", body=rss("AI layoffs - Google News", [first]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/search.xml"))
    cli_ok(env, tmp_path, "ask", "/layoffs subscribe Block")
    later = news_item(
        "Block confirms it is cutting 4,000 jobs, citing AI",
        "block-confirms",
        "Block confirmed on Tuesday that it is cutting 4,000 jobs because of AI tools.",
        datetime.now(UTC) + timedelta(seconds=5),
    )
    server.route("/search.xml", body=rss("AI layoffs - Google News", [later, first]))
    assert "1 new item" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    day = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert day.count("== New at Block") == 1, day
    why = cli_ok(env, tmp_path, "ask", "/layoffs why https://news.example/block-confirms")
    assert "first poll" not in why and "Alerts: yes" in why, why
    again = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "New at Block" not in again, again  # once


def _google_newsnews_item(title: str, slug: str, publisher: str, hours: float) -> dict[str, object]:
    """An item as Google News writes it: no text but its linked title and publisher."""
    link = f"https://news.google.com/rss/articles/{slug}?oc=5"
    description = (
        f'<a href="{link}">{title}</a>&nbsp;&nbsp;<font color="#6f6f6f">{publisher}</font>'
    )
    published = datetime.now(UTC) - timedelta(hours=hours)
    return {
        "title": f"{title} - {publisher}",
        "link": link,
        "description": description,
        "published": published,
        "source": publisher,
    }


OCADO = "Ocado job cuts the result of rivals catching up and using AI"


def test_latest_on_a_headline_only_feed_says_each_headline_without_repeating_it(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    server.route(
        "/gn.xml", body=rss("Google News", [_google_newsnews_item(OCADO, "ocado", "BBC", 2)])
    )
    cli_ok(env, tmp_path, "feeds", "add", server.url("/gn.xml"))
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest")
    lines = latest.splitlines()
    assert any(line.startswith(OCADO) for line in lines), latest  # the headline, linked
    assert f"  {OCADO}" not in lines, latest  # not again as its summary
    assert f'  > "{OCADO}"' in lines, latest  # the evidence, quoted: it is the headline


def test_latest_beyond_the_maximum_with_fewer_stories_does_not_claim_the_maximum(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    items = [
        _google_newsnews_item(f"Company{n} cuts {100 + n} jobs, citing AI", f"c{n}", "Wire", n)
        for n in range(1, 4)
    ]
    server.route("/gn.xml", body=rss("Google News", items))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/gn.xml"))
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest 100")
    assert "== Latest 3 stories ==" in latest, latest
    assert "maximum" not in latest, latest  # was "Showing the maximum, 25." under 3 stories
    assert "That is all there is (at most 25 are shown)." in latest, latest


def test_run_with_no_console_and_no_platform_says_what_runs_and_what_waits(
    tmp_path: Path,
) -> None:
    # An operator trying the service on a machine without credentials yet: it said
    # "layoffbot running (); polling ..." and nothing about the alerts it holds back.
    with bot_process(tmp_path, None, "run", "--no-console") as bot:
        bot.wait_for_lines(r"layoffbot running", timeout=60)
        bot.wait_for_lines(r"alerts and digests wait", timeout=10)
        bot.stop()
    assert "running ()" not in bot.output, bot.output
    assert "layoffbot running (no chat platform); polling 0 feeds" in bot.stdout, bot.output
    assert_no_traceback(bot.output)


def test_a_company_whose_stories_state_no_number_shows_not_stated_not_zero_jobs(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    server.route(
        "/gn.xml", body=rss("Google News", [_google_newsnews_item(OCADO, "ocado", "BBC", 2)])
    )
    cli_ok(env, tmp_path, "feeds", "add", server.url("/gn.xml"))
    ocado = cli_ok(env, tmp_path, "ask", "/layoffs ocado")
    assert "Jobs cut or not filled (where stated): not stated |" in ocado, ocado
    assert "Jobs: not stated" in ocado, ocado


def test_removing_a_workspace_feed_with_the_operator_command_says_where_it_is(
    tmp_path: Path, server: FeedServer
) -> None:
    # Added at the console prompt (the console's own list), then removed from the shell:
    # `feeds list` showed it, and `feeds remove` answered "No such feed".
    env = bot_env(tmp_path)
    server.route(
        "/gn.xml", body=rss("Google News", [_google_newsnews_item(OCADO, "ocado", "BBC", 2)])
    )
    url = server.url("/gn.xml")
    assert "Feed added" in cli_ok(env, tmp_path, "ask", f"/layoffs feeds add {url}")
    assert "[console:local]" in cli_ok(env, tmp_path, "feeds", "list")
    gone = cli("feeds", "remove", url, tmp_path=tmp_path, env=env)
    assert gone.returncode == 1, gone.stdout + gone.stderr
    assert f"No such feed in the global list: {url}" in gone.stderr, gone.stderr
    assert "console:local: a manager there runs /layoffs feeds remove" in gone.stderr
    assert "Feed removed" in cli_ok(env, tmp_path, "ask", f"/layoffs feeds remove {url}")
    assert "Ocado" in cli_ok(env, tmp_path, "ask", "/layoffs ocado")  # its story stays


def test_the_readme_backup_and_restore_of_sqlite_while_the_bot_runs(tmp_path: Path) -> None:
    # README "Backups": `.backup` while `layoffbot run` holds the file (WAL mode), restore
    # with the bot stopped, stale -wal/-shm removed. (Python's sqlite3 backup is the same
    # API as the sqlite3 shell's `.backup`.)
    import sqlite3

    env = bot_env(tmp_path)
    with bot_process(tmp_path, env, "run", "--no-console") as bot:
        bot.wait_for_lines(r"layoffbot running", timeout=60)
        cli_ok(env, tmp_path, "ask", "/layoffs subscribe IBM")
        with (
            sqlite3.connect(tmp_path / "bot.db") as live,
            sqlite3.connect(tmp_path / "backup.db") as copy,
        ):
            live.backup(copy)
        cli_ok(env, tmp_path, "ask", "/layoffs unsubscribe IBM")
        bot.stop()
    (tmp_path / "bot.db").write_bytes((tmp_path / "backup.db").read_bytes())
    for stale in ("bot.db-wal", "bot.db-shm"):
        (tmp_path / stale).unlink(missing_ok=True)
    assert "up to date" in cli_ok(env, tmp_path, "db", "upgrade")
    assert "• IBM" in cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")


def test_subscribing_to_two_companies_in_one_command_is_refused_and_nothing_stored(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    two = cli("ask", "/layoffs subscribe Amazon, Google", tmp_path=tmp_path, env=env)
    assert_no_traceback(two.stdout + two.stderr)
    assert "One company at a time: /layoffs subscribe Amazon, then" in two.stdout, two.stdout
    listed = cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")
    assert "Amazon" not in listed, listed
    assert "Following Block" in cli_ok(env, tmp_path, "ask", "/layoffs subscribe Block, Inc.")


def test_removing_a_feed_while_poll_fetches_it_is_a_clear_line_not_a_crash(
    tmp_path: Path, server: FeedServer
) -> None:
    # The operator runs `feeds remove` while a poll is fetching the feed (a slow server).
    env = bot_env(tmp_path)
    items = [
        _google_newsnews_item(f"Company{n} cuts {100 + n} jobs, citing AI", f"c{n}", "Wire", n)
        for n in range(1, 6)
    ]
    server.route("/a.xml", body=rss("Desk A", items[:1]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    # The answer waits for the removal (a fixed 8 s delay was over before `feeds remove`
    # had started when the machine was busy: the poll stored the items, the test failed).
    removed = threading.Event()
    server.route("/a.xml", body=rss("Desk A", items), until=removed)
    with bot_process(tmp_path, env, "poll", "--all") as poll:
        poll.wait_for("the poll's request", lambda: bool(server.requests_for("/a.xml")[1:]))
        cli_ok(env, tmp_path, "feeds", "remove", server.url("/a.xml"))
        removed.set()
        assert poll.wait(60) == 0, poll.output
    assert "removed while it was polled; nothing stored" in poll.stdout, poll.output
    assert "unexpected error" not in poll.output and "feed_poll_crashed" not in poll.output
    assert_no_traceback(poll.output)
