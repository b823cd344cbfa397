"""Session 10's new-user and attacker trial, replayed on the real `layoffbot` process:
feeds served from 127.0.0.1, `feeds add`, `ask` and `poll` as a user types them."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.inflight import CUT_BY_STOP
from tests.e2e import (
    BotProcess,
    BotTerminal,
    bot_env,
    bots,
    cli,
    cli_ok,
    news_item,
    rss,
    start_bot,
)
from tests.feedserver import FeedServer
from tests.test_e2e_trial_9 import _acme_filed_silently, acme_grew_in_dublin

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)


def test_the_digest_shows_a_grown_story_as_the_new_coverage_its_alert_led_with(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: the alert led with "Acme to close Dublin ... 250 jobs" while the digest, in
    # the same minute, listed the story under the silent first read's "Acme cuts 1,200 jobs".
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    first, _ = _acme_filed_silently(tmp_path, server, env)
    dublin, shown = acme_grew_in_dublin(tmp_path, server, env, first)
    digest = shown[shown.index("AI layoffs digest") :]
    thread = digest[digest.index("== Acme ==") :]
    assert thread.index(str(dublin["title"])) < thread.index("The story so far: Acme cuts 1,200")
    assert "Jobs: 250 jobs" in thread.split("The story so far")[0], thread


def test_a_discord_reply_shows_a_publisher_named_like_a_masked_link_as_text(
    tmp_path: Path,
) -> None:
    # Attacker: a feed's <source> named "[Verify your account](https://evil.example/login)"
    # became, under the story's link in every Discord reply, a live link with that text.
    from tests.test_e2e_discord import discord_company_reply

    item = news_item(
        "Initech to cut 300 support jobs as AI chatbot takes over",
        "initech",
        "Initech said its AI chatbot now handles the work of 300 support agents.",
        datetime.now(UTC) - timedelta(minutes=5),
    )
    item["source"] = "[Verify your account](https://evil.example/login)"
    reply = discord_company_reply(tmp_path, rss("Layoffs desk", [item]), "Initech")
    assert "Verify your account" in reply and "https://news.example/initech" in reply, reply
    assert "[Verify your account](" not in reply.replace("\\\\", ""), reply


def test_feeds_add_without_an_address_or_with_words_after_it_says_what_is_wrong(
    tmp_path: Path,
) -> None:
    # Trial: `feeds add` alone, and `feeds add <url> my feed`, answered with the bare usage.
    env = bot_env(tmp_path)
    for typed, said in (
        ("/layoffs feeds add", "Which feed? Give its address"),
        ("/layoffs feeds add https://news.example/rss my feed", "are not feed addresses"),
    ):
        done = cli("ask", typed, tmp_path=tmp_path, env=env)
        assert said in done.stdout and "Usage: /layoffs feeds" in done.stdout, done.stdout


def test_feeds_add_of_a_sites_page_names_the_feed_the_page_links_to(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: a new user pasted the news site's address and read only "not a feed: looks like
    # an HTML page", though the page's head names its feed.
    page = b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml"'
    page += b' href="/feed.xml"></head><body>News</body></html>'
    server.route("/", body=page, content_type="text/html")
    env = bot_env(tmp_path)
    done = cli("ask", f"/layoffs feeds add {server.url('/')}", tmp_path=tmp_path, env=env)
    assert "looks like an HTML page" in done.stdout, done.stdout
    assert f"add that address instead: {server.url('/feed.xml')}" in done.stdout, done.stdout


def test_latest_glued_to_its_number_points_to_the_command_with_the_space(
    tmp_path: Path,
) -> None:
    # Trial: `/layoffs latest10` answered "No stories yet about Latest10 ... subscribe Latest10".
    env = bot_env(tmp_path)
    done = cli("ask", "/layoffs latest10", tmp_path=tmp_path, env=env)
    assert "Did you mean the command /layoffs latest 10?" in done.stdout, done.stdout
    assert "subscribe Latest10" not in done.stdout, done.stdout
    assert done.stdout.startswith("== Did you mean /layoffs latest 10? =="), done.stdout
    # ...while a name typed as one keeps its title (review: "Did you mean /layoffs trends
    # Micro?" for `/layoffs Trend Micro`).
    done = cli("ask", "/layoffs Trend Micro", tmp_path=tmp_path, env=env)
    assert done.stdout.startswith("== No stories yet about Trend Micro =="), done.stdout


def test_ctrl_c_during_a_poll_stops_it_without_a_traceback(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: Ctrl-C while `layoffbot poll` waited on a slow feed printed the judges'
    # worker's KeyboardInterrupt traceback ("Process SpawnProcess-1: ...") on the terminal.
    env = bot_env(tmp_path)
    server.route("/feed.xml", body=rss("Slow", [news_item("Acme news", "a", "", NOW)]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/feed.xml"))
    server.route("/feed.xml", body=b"", delay=60)
    term = BotTerminal("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    try:
        term.expect("Polling feeds", timeout=60)
        time.sleep(3)  # the judges' worker starts with the poll (spawned: ~1 s)
        term.ctrl_c()
        assert term.wait(10) != 0
        time.sleep(0.5)
    finally:
        term.close()
    assert "Traceback" not in term.output and "KeyboardInterrupt" not in term.output, term.output


def _last_digest(tmp_path: Path) -> str | None:
    """The console digest's last planned day; None before the bot made its tables."""
    try:
        with sqlite3.connect(tmp_path / "bot.db") as db:
            row = db.execute("SELECT last_sent_date FROM digests").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def quiet_digest_planned(tmp_path: Path, bots: list[BotProcess]) -> None:
    """A bot whose digest time has passed runs once: today's digest is planned (quiet,
    nothing new) at its start, as the console's is at a first `make run`."""
    bot = start_bot(tmp_path, {"LAYOFFBOT_DIGEST_TIME": "00:00"})  # passed: due at start
    bots.append(bot)
    bot.wait_for("today's digest planned", lambda: _last_digest(tmp_path) is not None, timeout=60)
    bot.stop()


def test_digest_on_at_a_later_time_today_after_a_quiet_start_is_today(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    # Trial: the console's digest was planned (quiet) at the first start; `digest on` at a
    # time later that day answered "Next digest: <tomorrow>" with no reason. Since trial
    # 15 nothing posted that day means today's comes at the new time (test_e2e_trial_15).
    quiet_digest_planned(tmp_path, bots)
    env = bot_env(tmp_path)
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest on 12:00")
    assert "Next digest: " in shown and "already" not in shown, shown
    assert _last_digest(tmp_path) is None, shown  # today's to be planned again


def test_feeds_add_of_a_slow_feed_at_the_prompt_says_it_is_working_on_it(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: `/layoffs feeds add` of a slow feed left the terminal silent for up to 20 s,
    # and commands typed meanwhile seemed to be ignored.
    server.route("/feed.xml", body=rss("Slow", [news_item("Acme news", "a", "", NOW)]), delay=4)
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        added = term.command(f"/layoffs feeds add {server.url('/feed.xml')}", until="Feed added")
        assert "Working on it: /layoffs feeds add" in added, added
        assert added.index("Working on it") < added.index("== Feed added"), added
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()


def test_ctrl_c_during_feeds_add_of_a_slow_feed_says_it_did_not_finish(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: Ctrl-C while `/layoffs feeds add` waited on a slow feed stopped the bot
    # promptly, without a word about the command it cut short.
    server.route("/feed.xml", body=rss("Slow", [news_item("Acme news", "a", "", NOW)]), delay=30)
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        term.command(f"/layoffs feeds add {server.url('/feed.xml')}", until="Working on it")
        term.ctrl_c()
        assert term.wait(10) == 0
        time.sleep(0.3)
    finally:
        term.close()
    assert f"{CUT_BY_STOP} (/layoffs feeds add" in term.output, term.output  # bot.inflight


def test_feeds_add_of_a_page_naming_a_feed_with_accented_letters_names_it_as_written(
    tmp_path: Path, server: FeedServer
) -> None:
    # The page's head was read as Latin-1: `/kündigungen.xml` was named `/kÃ¼ndigungen.xml`,
    # an address that did not exist.
    page = '<html><head><meta charset="utf-8"><link rel="alternate"'
    page += ' type="application/rss+xml" href="/kündigungen.xml"></head><body>News</body></html>'
    server.route("/", body=page.encode(), content_type="text/html; charset=utf-8")
    env = bot_env(tmp_path)
    done = cli("ask", f"/layoffs feeds add {server.url('/')}", tmp_path=tmp_path, env=env)
    assert f"add that address instead: {server.url('/')}kündigungen.xml" in done.stdout, done.stdout
    assert "Ã" not in done.stdout, done.stdout


def test_feeds_add_of_a_page_naming_its_own_address_offers_no_other(
    tmp_path: Path, server: FeedServer
) -> None:
    # A bot check served at the feed's address, with the site's head: the hint named the
    # address the user had just given, as the one to add "instead".
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    page += b"</head><body>Checking your browser</body></html>"
    server.route("/feed.xml", body=page, content_type="text/html")
    env = bot_env(tmp_path)
    done = cli("ask", f"/layoffs feeds add {server.url('/feed.xml')}", tmp_path=tmp_path, env=env)
    assert "looks like an HTML page" in done.stdout, done.stdout
    assert "instead" not in done.stdout, done.stdout
