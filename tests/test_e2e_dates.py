"""The real `layoffbot` process dates a story in the channel's zone (bot.timeutil): a
Berlin digest titled "Sat 05 Dec" dated a story published 00:30 Berlin time 2026-12-04,
the UTC date, and a user could not tell which day the news was (trial 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e import bot_env, cli_ok, news_item, rss
from tests.feedserver import FeedServer


def _last_half_past_eleven_utc() -> datetime:
    """The latest 23:30 UTC at least an hour ago: a day later in Berlin (00:30 or 01:30)."""
    now = datetime.now(UTC)
    at = now.replace(hour=23, minute=30, second=0, microsecond=0)
    return at if at <= now - timedelta(hours=1) else at - timedelta(days=1)


def test_a_berlin_digest_and_a_lookup_date_a_story_as_berlin_does(
    tmp_path: Path, server: FeedServer
) -> None:
    published = _last_half_past_eleven_utc()
    utc_day = f"{published:%Y-%m-%d}"
    berlin_day = f"{published.astimezone(ZoneInfo('Europe/Berlin')):%Y-%m-%d}"
    assert berlin_day != utc_day
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    assert "Europe/Berlin" in cli_ok(env, tmp_path, "ask", "/layoffs digest on 9am Europe/Berlin")
    filler = news_item("Quarterly results", "filler", "Results.", published - timedelta(days=2))
    server.route("/a.xml", body=rss("Desk A", [filler]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))  # its first, silent read
    cli_ok(env, tmp_path, "poll", "--once")
    dropbox = news_item(
        "Dropbox lays off 500 employees to focus on AI",
        "dropbox",
        "Dropbox cut 16% of staff, about 500 people, as it shifts to AI.",
        published,
    )
    server.route("/a.xml", body=rss("Desk A", [dropbox, filler]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    digest = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "1 new AI-driven job action" in digest, digest
    thread = digest.split("== Dropbox ==", 1)[1]
    assert f"Date: {berlin_day}" in thread and utc_day not in thread, digest
    lookup = cli_ok(env, tmp_path, "ask", "/layoffs Dropbox")
    assert f"Date: {berlin_day}" in lookup and utc_day not in lookup, lookup
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest")
    assert f"Date: {berlin_day}" in latest, latest
    # Trends count UTC days and say so to a reader in Berlin.
    trends = cli_ok(env, tmp_path, "ask", "/layoffs trends 7d")
    assert "Counted in UTC days, not Europe/Berlin ones." in trends, trends
