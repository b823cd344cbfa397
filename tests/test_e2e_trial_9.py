"""Session 9's new-user trial, replayed on the real `layoffbot` process: feeds served from
127.0.0.1, `feeds add`, `ask` and `poll` as a user types them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import Store
from tests.e2e import (
    BotProcess,
    bot_env,
    bots,
    cli,
    cli_ok,
    news_item,
    rss,
    shown_at,
    start_bot,
)
from tests.feedserver import FeedServer

__all__ = ["bots"]  # a fixture, used by name


def _filed_hours_ago(database: Path, hours: int) -> datetime:
    """Move what is stored back in time, as if the feed had been added `hours` ago."""
    when = datetime.now(UTC) - timedelta(hours=hours)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE items SET fetched_at = ?", (stamp,))
        db.execute("UPDATE stories SET first_seen = ?, updated = ?", (stamp, stamp))
    return when


def _acme_filed_silently(
    tmp_path: Path, server: FeedServer, env: dict[str, str]
) -> tuple[dict[str, object], datetime]:
    """A search feed added two hours ago: its silent first read filed "Acme cuts 1,200
    jobs". Returns that item and when it was filed."""
    first = news_item(
        "Acme cuts 1,200 jobs",
        "acme-1200",
        "Acme is cutting 1,200 jobs as AI takes over its customer support work, the company"
        " said on Monday in a memo to staff that set out the plan across its sites.",
        datetime.now(UTC) - timedelta(hours=3),
    )
    server.route("/search.xml", body=rss("AI layoffs", [first]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/search.xml"))
    return first, _filed_hours_ago(tmp_path / "bot.db", 2)


def acme_grew_in_dublin(
    tmp_path: Path, server: FeedServer, env: dict[str, str], first: dict[str, object]
) -> tuple[dict[str, object], str]:
    """Later news of a Dublin closure (250 jobs) joins the silently filed Acme story: the
    new item, and what `digest now` shows after the poll that read it."""
    dublin = news_item(
        "Acme to close Dublin support centre, 250 jobs go to AI",
        "acme-dublin",
        "Acme will close its Dublin support centre; 250 jobs go to AI.",
        datetime.now(UTC) + timedelta(seconds=5),
    )
    server.route("/search.xml", body=rss("AI layoffs", [dublin, first]))
    assert "1 new item" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    return dublin, cli_ok(env, tmp_path, "ask", "/layoffs digest now")


def test_an_alert_for_a_story_grown_by_new_coverage_leads_with_that_coverage(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: a new feed's silent first read filed "Acme cuts 1,200 jobs"; later news of a
    # Dublin closure joined the story and the alert led with the old 1,200-job headline,
    # and `why` gave the alert's time as when the story was first seen.
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    first, added = _acme_filed_silently(tmp_path, server, env)
    cli_ok(env, tmp_path, "ask", "/layoffs subscribe Acme")
    dublin, shown = acme_grew_in_dublin(tmp_path, server, env, first)
    alert = shown[shown.index("== New at Acme") : shown.index("You follow Acme")]
    lead = alert.split("\n\n")[1]
    assert lead.startswith(str(dublin["title"])), alert  # what is new leads
    assert "Jobs: 250 jobs" in lead and "1,200" not in lead, alert  # with its own figure
    # In the reader's zone (the console's digest zone), named (bot.timeutil.shown_time).
    assert f"of a story first seen {shown_at(env, added)}." in lead, alert
    assert "The story so far: Acme cuts 1,200 jobs" in alert, alert  # the context after
    why = cli_ok(env, tmp_path, "ask", "/layoffs why https://news.example/acme-dublin")
    assert f"First seen: {shown_at(env, added)}" in why, why  # not the alert's time


def test_the_console_shows_a_grown_story_as_the_new_coverage_that_announced_it(
    tmp_path: Path, server: FeedServer, bots: list[BotProcess]
) -> None:
    # As its alert: "[new] ... Acme (250 jobs): Acme to close Dublin ...", not the story's
    # old "Acme cuts 1,200 jobs" that the feed's silent first read filed.
    env = bot_env(tmp_path)
    first, _ = _acme_filed_silently(tmp_path, server, env)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute("UPDATE feeds SET next_poll = NULL")  # due when the bot starts
    dublin = news_item(
        "Acme to close Dublin support centre, 250 jobs go to AI",
        "acme-dublin",
        "Acme will close its Dublin support centre; 250 jobs go to AI.",
        datetime.now(UTC) + timedelta(seconds=5),
    )
    server.route("/search.xml", body=rss("AI layoffs", [dublin, first]))
    bot = start_bot(tmp_path)
    bots.append(bot)
    bot.wait_for_lines(r"\[new\]", timeout=60)
    bot.stop()
    (line,) = [ln for ln in bot.stdout.splitlines() if ln.startswith("[new]")]
    assert line.endswith(f"Acme (250 jobs): {dublin['title']}"), line


def _news(count: int) -> list[dict[str, object]]:
    """`count` fresh AI layoffs at as many companies: a digest longer than a screen."""
    return [
        news_item(
            f"Company{n} cuts {100 + n} support jobs as AI chatbots take over",
            f"company-{n}",
            f"Company{n} said AI chatbots now answer its customers, so {100 + n} jobs go.",
            datetime.now(UTC) - timedelta(minutes=n),
        )
        for n in range(1, count + 1)
    ]


def _digest_into(reader: str, tmp_path: Path, env: dict[str, str]) -> tuple[str, str]:
    """`layoffbot ask "/layoffs digest now" | READER` in a shell: the command's exit
    status (as the shell sees it) and its stderr."""
    asked = f'{sys.executable} -m bot ask "/layoffs digest now" 2>stderr.txt'
    done = subprocess.run(
        ["bash", "-c", f'{asked} | {reader}; echo "status=${{PIPESTATUS[0]}}"'],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    status = done.stdout.splitlines()[-1]
    return status, (tmp_path / "stderr.txt").read_text()


def _not_sent(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(
            db.execute("SELECT count(*) FROM deliveries WHERE state != 'sent'").fetchone()[0]
        )


def test_a_digest_piped_into_head_ends_quietly_and_is_not_printed_again_elsewhere(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: `layoffbot ask "/layoffs digest now" | head` logged an ERROR traceback on the
    # closed pipe, and the running bot's console then printed the rest of the digest.
    env = bot_env(tmp_path)
    server.route("/news.xml", body=rss("Wire", _news(40)))
    cli_ok(env, tmp_path, "db", "upgrade")
    store = Store.open(env["LAYOFFBOT_DATABASE_URL"])
    store.add_feed(server.url("/news.xml"), "Wire")
    store.mark_primed(server.url("/news.xml"))  # announced from its first poll
    assert "40 new items" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    status, stderr = _digest_into("head -3", tmp_path, env)
    # 0 only if it wrote everything before head stopped reading.
    assert status in ("status=141", "status=0") and stderr == "", (status, stderr)
    assert _not_sent(tmp_path / "bot.db") == 0  # nothing left for the running bot's console
    # A reader gone before the first line: the same, every time (as `seq 1 9 | true`).
    status, stderr = _digest_into("(exec 0<&-)", tmp_path, env)
    assert status == "status=141" and stderr == "", (status, stderr)
    assert _not_sent(tmp_path / "bot.db") == 0


def test_the_console_new_story_line_keeps_the_job_count_apart_from_the_headline(
    tmp_path: Path, server: FeedServer, bots: list[BotProcess]
) -> None:
    # Trial: "[new] AI layoff  Initech: ... AI agents take over 500 jobs 500 jobs".
    headline = "Initech cuts staff as its AI agents take over 500 jobs"
    news = news_item(
        headline,
        "initech-500",
        "Initech is cutting 500 jobs as its AI agents take over support work.",
        datetime.now(UTC) - timedelta(hours=1),
    )
    server.route("/news.xml", body=rss("Wire", [news]))
    cli_ok(bot_env(tmp_path), tmp_path, "db", "upgrade")
    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    store.add_feed(server.url("/news.xml"), "Wire")
    store.mark_primed(server.url("/news.xml"))
    bot = start_bot(tmp_path)
    bots.append(bot)
    bot.wait_for_lines(r"\[new\]", timeout=60)
    bot.stop()
    (line,) = [ln for ln in bot.stdout.splitlines() if ln.startswith("[new]")]
    assert line.endswith(f"Initech (500 jobs): {headline}"), line


def test_latest_with_a_count_out_of_range_says_the_range_it_accepts(tmp_path: Path) -> None:
    asked = cli("ask", "/layoffs latest 0", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert asked.returncode == 1, asked.stdout + asked.stderr
    assert "“0” is not a number of stories: give one from 1 to 25." in asked.stdout, asked.stdout


def test_feeds_list_says_a_feed_never_polled_is_not_polled_yet(tmp_path: Path) -> None:
    # Trial: the default feeds, listed before the first run, were each "ok".
    env = bot_env(tmp_path, LAYOFFBOT_DEFAULT_FEEDS="true", COLUMNS="250")
    listed = cli_ok(env, tmp_path, "feeds", "list")
    rows = [row for row in listed.splitlines() if "https://" in row]
    assert rows and all("not polled yet" in row for row in rows), listed
    assert " ok " not in listed, listed
    # The list a chat command shows (Slack, Discord and the console render its text).
    asked = cli_ok(env, tmp_path, "ask", "/layoffs feeds list")
    feeds = [row for row in asked.splitlines() if row.strip().startswith("•")]
    assert feeds and all(row.endswith(": not polled yet") for row in feeds), asked
