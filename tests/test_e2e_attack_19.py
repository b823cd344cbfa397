"""Attack session 19, through the real `layoffbot` process: what a hostile feed or user
found that earlier sessions had not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli, cli_ok, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _item(title: str, slug: str, hours: int) -> dict[str, object]:
    return {
        "title": title,
        "link": f"https://news.example/{slug}",
        "description": f"{title}. The company said AI now does the work.",
        "published": NOW - timedelta(hours=hours),
    }


def test_an_item_with_an_absurd_job_count_costs_neither_its_feed_nor_its_other_items(
    tmp_path: Path, server: FeedServer, database_url: str
) -> None:
    """'999,999,999,999,999,999,999 workers' overflowed the database's integer: the whole
    feed failed at every poll ("unexpected error: Python int too large to convert to
    SQLite INTEGER"; PostgreSQL's integer ends at 2,147,483,647), its real news lost with
    it. No employer cuts more than MAX_HEADCOUNT jobs: such a figure is no headcount."""
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    old = _item("Initech opens an office in Lisbon", "old", 24 * 40)
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    absurd = [
        _item("Hooli lays off 999,999,999,999,999,999,999 workers as AI replaces support", "a", 2),
        _item("Globex to cut 3,000,000,000 jobs as AI takes over", "b", 2),
        _item("Vandelay lays off 99999999999999999999999k staff, citing AI", "c", 2),
        _item("Umbrella cuts 250% of its workforce as AI takes over", "d", 2),
    ]
    real = _item("Acme cuts 300 support jobs as AI chatbot takes over", "real", 1)
    server.route("/wire.xml", body=rss("Wire", [real, *absurd, old]))
    for _ in range(2):  # the second poll finds nothing new, and no failure either
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        assert polled.returncode == 0, polled.stdout + polled.stderr
        assert "error" not in polled.stdout.lower(), polled.stdout
        assert_no_traceback(polled.stdout + polled.stderr)
    listed = cli_ok(env, tmp_path, "feeds", "list")
    assert "failing" not in listed and "too large" not in listed, listed
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest 10")
    assert "Acme cuts 300 support jobs" in latest and "Jobs: 300 jobs" in latest, latest
    stories = {block.split(" ", 1)[0]: block for block in latest.split("\n\n")[1:]}
    for name in ("Hooli", "Globex", "Vandelay", "Umbrella"):  # stored and shown, no figure
        assert "Jobs: not stated" in stories[name], stories[name]
