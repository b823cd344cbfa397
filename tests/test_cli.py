"""The `layoffbot` command line, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import BotProcess
from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parents[1]

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>CLI test feed</title><link>https://cli.example/</link>
<item><title>Klarna to cut 700 customer service roles as AI assistant takes over - Reuters</title>
<link>https://cli.example/klarna</link><guid>k1</guid><pubDate>Tue, 14 Jan 2025 08:00:00 GMT</pubDate>
<description>Klarna said its AI assistant now does the work of 700 customer service agents.</description>
<source url="https://www.reuters.com">Reuters</source></item>
<item><title>Greenfield Market cuts prices on 500 everyday items</title>
<link>https://cli.example/prices</link><guid>g1</guid><pubDate>Tue, 14 Jan 2025 09:00:00 GMT</pubDate>
<description>The supermarket is cutting prices on 500 staples.</description></item>
</channel></rss>"""

TAG_FIELDS = {
    "link",
    "title",
    "summary",
    "kind",
    "ai_cause",
    "companies",
    "headcount",
    "headcount_text",
    "percent",
    "functions",
    "location",
    "story",
}


def run(
    *args: str,
    tmp_path: Path,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")} | {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=full_env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
    )


@pytest.fixture
def feed_file(tmp_path: Path) -> Path:
    path = tmp_path / "feed.xml"
    path.write_text(FEED, encoding="utf-8")
    return path


def test_tag_prints_one_json_object_per_item(tmp_path: Path, feed_file: Path) -> None:
    proc = run("tag", str(feed_file), "--format", "jsonl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 2
    assert all(set(r) >= TAG_FIELDS for r in records)
    klarna, prices = records
    assert klarna["link"] == "https://cli.example/klarna"
    assert klarna["title"].endswith("takes over")
    assert klarna["companies"][0] == "Klarna" and klarna["kind"] == "layoff" and klarna["ai_cause"]
    assert prices["kind"] == "other"


def test_tag_reads_a_feed_url(tmp_path: Path) -> None:
    with FeedServer() as server:
        server.route("/feed.xml", body=FEED.encode())
        proc = run(
            "tag",
            server.url("/feed.xml"),
            tmp_path=tmp_path,
            env={"LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true"},
        )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 2


def test_tag_table_format_and_a_missing_file(tmp_path: Path, feed_file: Path) -> None:
    proc = run("tag", str(feed_file), "--format", "table", tmp_path=tmp_path)
    assert proc.returncode == 0 and "Klarna" in proc.stdout
    missing = run("tag", str(tmp_path / "nope.xml"), tmp_path=tmp_path)
    assert missing.returncode == 1 and "nope.xml" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_feeds_add_list_export_import_remove(tmp_path: Path) -> None:
    env = {"LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true"}
    with FeedServer() as server:
        server.route("/ai.xml", body=FEED.encode())
        server.route("/x.xml", body=FEED.encode())
        url = server.url("/ai.xml")
        added = run("feeds", "add", url, "--name", "AI desk", tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stderr
        listed = run("feeds", "list", tmp_path=tmp_path)
        assert "AI desk" in listed.stdout
        exported = run("feeds", "export", tmp_path=tmp_path)
        assert url in exported.stdout
        opml = tmp_path / "feeds.opml"
        opml.write_text(exported.stdout.replace("/ai.xml", "/x.xml"))
        imported = run("feeds", "import", str(opml), tmp_path=tmp_path, env=env)
    assert imported.returncode == 0 and "Imported 1 new" in imported.stdout
    assert run("feeds", "remove", url, tmp_path=tmp_path).returncode == 0
    gone = run("feeds", "remove", url, tmp_path=tmp_path)
    assert gone.returncode == 1 and "No such feed" in gone.stderr


def test_feeds_add_refuses_a_bad_url(tmp_path: Path) -> None:
    proc = run("feeds", "add", "file:///etc/passwd", tmp_path=tmp_path)
    assert proc.returncode == 1 and "http" in proc.stderr


def test_a_bad_setting_stops_with_the_variable_named(tmp_path: Path) -> None:
    proc = run("db", "upgrade", tmp_path=tmp_path, env={"LAYOFFBOT_POLL_INTERVAL_MINUTES": "often"})
    assert proc.returncode == 2
    assert "LAYOFFBOT_POLL_INTERVAL_MINUTES" in proc.stderr and "Traceback" not in proc.stderr


def test_db_upgrade_creates_the_default_database(tmp_path: Path) -> None:
    env = {"LAYOFFBOT_DATABASE_URL": "sqlite:///./data/layoffbot.db"}
    proc = run("db", "upgrade", tmp_path=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "data" / "layoffbot.db").exists()


def test_ask_answers_from_the_database(tmp_path: Path, feed_file: Path) -> None:
    assert run("tag", str(feed_file), tmp_path=tmp_path).returncode == 0
    proc = run("ask", "/layoffs klarna", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Klarna" in proc.stdout
    help_ = run("ask", "/layoffs help", tmp_path=tmp_path)
    assert "subscribe" in help_.stdout


def test_ask_prints_the_reply_as_written_not_as_markup_or_emoji_codes(tmp_path: Path) -> None:
    """The reply quotes what the user typed (and feeds' headlines): rich turned ':fire:'
    into an emoji and would have taken '[bold]' for markup."""
    proc = run("ask", "/layoffs search :fire: [bold]x[/bold]", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ":fire: [bold]x[/bold]" in proc.stdout


def test_every_command_has_help(tmp_path: Path) -> None:
    for args in (
        ["--help"],
        ["run", "--help"],
        ["poll", "--help"],
        ["tag", "--help"],
        ["ask", "--help"],
        ["feeds", "--help"],
        ["db", "upgrade", "--help"],
        ["discord", "invite", "--help"],
    ):
        proc = run(*args, tmp_path=tmp_path)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Usage" in proc.stdout


def test_poll_reports_each_feed(tmp_path: Path) -> None:
    first_item_only = FEED[: FEED.index("<item>", FEED.index("</item>"))] + "</channel></rss>"
    with FeedServer() as server:
        env = {"LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true"}
        for path in ("/ok.xml", "/gone.xml"):  # `feeds add` stores the current item
            server.route(path, body=first_item_only.encode())
            assert (
                run(
                    "feeds", "add", server.url(path), "--name", path, tmp_path=tmp_path, env=env
                ).returncode
                == 0
            )
        server.route("/ok.xml", body=FEED.encode())
        server.route("/gone.xml", status=410, body=b"gone")
        proc = run("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "/ok.xml: 1 new item" in proc.stdout
    assert "/gone.xml: disabled" in proc.stdout and "410" in proc.stdout


def test_run_starts_offline_reports_each_unreachable_feed_once_and_answers_commands(
    tmp_path: Path,
) -> None:
    env = {"LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true", "LAYOFFBOT_POLL_INTERVAL_MINUTES": "1"}
    with FeedServer() as server:  # `feeds add` checks the feed: it works while added...
        server.route("/feed.xml", body=FEED.encode())
        dead = server.url("/feed.xml")
        added = run("feeds", "add", dead, "--name", "Dead feed", tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stderr
    # ...and is down by the time the bot starts, its next poll due at once.
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.db") as db:
        db.execute("UPDATE feeds SET next_poll = NULL")
    full_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    full_env |= {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
        **env,
    }
    bot = BotProcess("run", tmp_path=tmp_path, env=full_env, stdin=subprocess.PIPE)
    try:
        # Commands typed once the feed was reported (fixed sleeps of 4 and 3 s typed them,
        # and `quit`, before a busy machine had polled the feed or answered them).
        bot.wait_for_lines(r"^\[feed\] Dead feed")
        bot.type("/layoffs help")
        bot.wait_for_lines(r"/layoffs subscribe")
        bot.type("/layoffs nosuchcompany")
        bot.wait_for_lines(r"(?i)nosuchcompany")
        bot.type("quit")
        assert bot.wait(30) == 0, bot.stderr
    finally:
        bot.kill()
    stdout, stderr = bot.stdout, bot.stderr
    problems = [line for line in stdout.splitlines() if line.startswith("[feed] Dead feed")]
    assert len(problems) == 1 and "refused" in problems[0]
    assert "/layoffs subscribe" in stdout
    assert "nosuchcompany" in stdout.lower()
    assert "Traceback" not in stdout + stderr


def test_poll_loop_says_no_feed_is_due_only_when_that_is_news(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`poll --loop` printed "No feed is due" every cycle; once is enough, until a cycle
    polls something."""
    from types import SimpleNamespace
    from typing import Any

    from bot.cli.news import _say_cycle

    store = SimpleNamespace(list_feeds=lambda: ["a feed"])
    runtime: Any = SimpleNamespace(alerts_planned=0, store=store)
    polled: Any = [SimpleNamespace(name="Desk", url="u", describe=lambda: "2 new items")]
    said = False
    for outcomes in ([], [], polled, [], []):
        said = _say_cycle(runtime, outcomes, None, idle_said=said)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(".")[0] for line in lines] == [
        "No feed is due",
        "Desk: 2 new items  u",
        "No feed is due",
    ], lines
