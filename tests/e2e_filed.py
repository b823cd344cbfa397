"""A story filed in the real bot's database before a test asks for it: `/layoffs trends`
draws a chart only when there is something to chart (session 20)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli, rss


def file_an_ai_story(tmp_path: Path, env: dict[str, str] | None = None) -> None:
    """`layoffbot tag` files one AI-attributed layoff, two days old, in `env`'s database."""
    item = {
        "title": "Klarna cuts 700 customer service jobs as AI chatbot takes over",
        "link": "https://wire.example/klarna-filed",
        "description": "Klarna said its AI assistant does the work of 700 agents, so it "
        "cut 700 customer service jobs.",
        "published": datetime.now(UTC) - timedelta(days=2),
    }
    feed = tmp_path / "filed.xml"
    feed.write_bytes(rss("Wire", [item]))
    tagged = cli("tag", str(feed), tmp_path=tmp_path, env=env or bot_env(tmp_path))
    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
