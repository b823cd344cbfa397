"""Session 11's new-user trial, replayed on the real `layoffbot` process: a command typed
behind a slow one and lost at Ctrl-C, `latest` blaming a first poll long finished, a feed
address called an article's."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.inflight import CUT_BY_STOP
from tests.e2e import (
    BotTerminal,
    bot_env,
    cli,
    cli_ok,
    closed_port,
    news_item,
    rss,
    until_outbox_sent,
)
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def test_ctrl_c_names_the_commands_typed_behind_a_slow_one(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: `feeds add` of a slow feed said "commands typed now run after it"; a
    # `subscribe Oracle` typed then was dropped at Ctrl-C without a word, never followed.
    server.route("/feed.xml", body=rss("Slow", [news_item("Acme news", "a", "", NOW)]), delay=30)
    env = bot_env(tmp_path)
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        term.command(f"/layoffs feeds add {server.url('/feed.xml')}", until="Working on it")
        term.type("/layoffs subscribe Oracle")
        term.expect("/layoffs subscribe Oracle")  # echoed: the bot has the line
        time.sleep(0.5)
        term.ctrl_c()
        assert term.wait(10) == 0
        time.sleep(0.3)
    finally:
        term.close()
    shown = term.output
    # Session 15: the command running, and one typed behind it that the stop's grace
    # (bot.inflight) reached, are answered by the core, each named.
    assert f"{CUT_BY_STOP} (/layoffs feeds add" in shown, shown
    assert any(
        said in shown
        for said in (
            f"{CUT_BY_STOP} (/layoffs subscribe Oracle)",
            "Not run, the bot stopped first: /layoffs subscribe Oracle",
        )
    ), shown
    assert "No subscriptions" in cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")


def test_latest_says_why_it_is_empty_instead_of_a_first_poll_long_finished(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: "Nothing stored yet: the first poll may still be running" with every feed
    # failing since the start, and again with the feeds' news stored (none a job action).
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "db", "upgrade")
    with sqlite3.connect(tmp_path / "bot.db") as db:  # the operator's feed, its host down
        db.execute(
            "INSERT INTO feeds (url, name, created_at) VALUES (?, 'Down', CURRENT_TIMESTAMP)",
            (f"http://127.0.0.1:{closed_port()}/feed.xml",),
        )
    cli("poll", "--all", tmp_path=tmp_path, env=env)
    failing = cli_ok(env, tmp_path, "ask", "/layoffs latest")
    assert "first poll may still be running" not in failing, failing
    assert "None of the 1 feeds could be read at its last try" in failing, failing
    assert "/layoffs feeds list" in failing, failing

    other = [news_item("Acme opens a new office in Lisbon", "lisbon", "A new office.", NOW)]
    server.route("/news.xml", body=rss("News", other))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/news.xml"))
    shown = cli_ok(env, tmp_path, "ask", "/layoffs latest")
    assert "first poll may still be running" not in shown, shown
    assert "No job actions yet" in shown and "/layoffs search" in shown, shown
    assert "Acme opens a new office" in cli_ok(env, tmp_path, "ask", "/layoffs search Lisbon")


def test_latest_with_no_feeds_says_how_to_add_one(tmp_path: Path) -> None:
    # Session 12: the console said "a manager can add one", though its user is the manager.
    shown = cli_ok(bot_env(tmp_path), tmp_path, "ask", "/layoffs latest")
    assert "There are no feeds to read: add one with /layoffs feeds add <url>." in shown, shown
    assert "manager" not in shown, shown


def test_feeds_add_of_a_word_asks_for_the_feeds_address(tmp_path: Path) -> None:
    # Trial: `/layoffs feeds add example` was told to paste "the article's address".
    shown = cli("ask", "/layoffs feeds add example", tmp_path=tmp_path).stdout
    assert "“example” is not a link: paste the feed's address" in shown, shown
    why = cli("ask", "/layoffs why klarna", tmp_path=tmp_path).stdout
    assert "paste the article's address" in why, why


def test_a_company_followed_twice_at_the_terminal_alerts_once(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: `subscribe Pinterest` and `subscribe Pinterest here` at the console printed
    # every Pinterest alert twice in the one terminal.
    old = news_item("Acme opens a new office in Lisbon", "lisbon", "A new office.", NOW)
    server.route("/wire.xml", body=rss("Wire", [old]))
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        term.command("/layoffs subscribe Pinterest", until="/layoffs unsubscribe Pinterest to")
        term.command("/layoffs subscribe Pinterest here", until="unsubscribe Pinterest here to")
        pin = news_item("Pinterest to cut 15% of staff as it pivots to AI", "pin", "", NOW)
        server.route("/wire.xml", body=rss("Wire", [pin, old]))
        start = len(term.output)
        cli_ok(env, tmp_path, "poll", "--all")
        term.expect("== New at Pinterest", timeout=60, start=start)
        # A second copy would be a second delivery: wait until none is left to send.
        until_outbox_sent(tmp_path / "bot.db")
        time.sleep(0.5)  # the last one printed on its way through the terminal
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()
    assert term.output[start:].count("== New at Pinterest") == 1, term.output[start:]


def test_a_team_schema_not_created_yet_is_named_with_how_to_create_it(tmp_path: Path) -> None:
    # Trial: a schema of one's own in the URL, not created first: "no schema has been
    # selected to create in", naming no schema and no way out.
    base = os.environ.get("LAYOFFBOT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("LAYOFFBOT_TEST_POSTGRES_URL is not set")
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3Dteam_never_created"
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url)
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert done.returncode != 0, done.stdout
    assert "the schema team_never_created (search_path) does not exist" in done.stderr
    assert "CREATE SCHEMA team_never_created first" in done.stderr, done.stderr
