"""The real `layoffbot` process polls a local feed of AI coverage shaped like a real
stream's and `/layoffs digest now` shows the commentary about AI and jobs, not the AI
how-to, the AI product or the research note the tagger also files as AI commentary
(issue 16, session 20). A real SQLite file; feeds from 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli_ok, rss
from tests.feedserver import FeedServer
from tests.test_digest_work_subject import ABOUT_WORK, AI_NEWS

NOW = datetime.now(UTC)


def _items(pairs: tuple[tuple[str, str], ...], start: int) -> list[dict[str, object]]:
    return [
        {
            "title": title,
            "link": f"https://a.example/{start + n}",
            "description": text,
            "published": NOW - timedelta(minutes=30 + start + n),
        }
        for n, (title, text) in enumerate(pairs)
    ]


def test_the_digest_shows_ai_commentary_about_jobs_and_leaves_ai_news_out(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    first = _items((("Harbour cranes get a new paint job", "Blue, this time."),), 0)
    server.route("/a.xml", body=rss("Desk A", first))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/a.xml"))
    cli_ok(env, tmp_path, "poll", "--once")  # the feed's first read: stored, not news
    news = _items(ABOUT_WORK, 10) + _items(AI_NEWS, 20)
    server.route("/a.xml", body=rss("Desk A", news + first))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    day = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert "Analysis and commentary" in day, day
    for title, _ in ABOUT_WORK:
        assert title in day, day
    for title, _ in AI_NEWS:
        assert title not in day, day
