"""Session 9's new-user trial, replayed on the real `layoffbot` process: feeds served from
127.0.0.1, `feeds add`, `ask` and `poll` as a user types them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import bot_env, cli_ok, rss
from tests.feedserver import FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


def _item(title: str, slug: str, description: str, published: datetime) -> dict[str, object]:
    link = f"https://news.example/{slug}"
    return {"title": title, "link": link, "description": description, "published": published}


def _filed_hours_ago(database: Path, hours: int) -> datetime:
    """Move what is stored back in time, as if the feed had been added `hours` ago."""
    when = datetime.now(UTC) - timedelta(hours=hours)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE items SET fetched_at = ?", (stamp,))
        db.execute("UPDATE stories SET first_seen = ?, updated = ?", (stamp, stamp))
    return when


def test_an_alert_for_a_story_grown_by_new_coverage_leads_with_that_coverage(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: a new feed's silent first read filed "Acme cuts 1,200 jobs"; later news of a
    # Dublin closure joined the story and the alert led with the old 1,200-job headline,
    # and `why` gave the alert's time as when the story was first seen.
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    first = _item(
        "Acme cuts 1,200 jobs",
        "acme-1200",
        "Acme is cutting 1,200 jobs as AI takes over its customer support work, the company"
        " said on Monday in a memo to staff that set out the plan across its sites.",
        datetime.now(UTC) - timedelta(hours=3),
    )
    server.route("/search.xml", body=rss("AI layoffs", [first]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/search.xml"))
    added = _filed_hours_ago(tmp_path / "bot.db", 2)
    cli_ok(env, tmp_path, "ask", "/layoffs subscribe Acme")
    dublin = _item(
        "Acme to close Dublin support centre, 250 jobs go to AI",
        "acme-dublin",
        "Acme will close its Dublin support centre; 250 jobs go to AI.",
        datetime.now(UTC) + timedelta(seconds=5),
    )
    server.route("/search.xml", body=rss("AI layoffs", [dublin, first]))
    assert "1 new item" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    alert = shown[shown.index("== New at Acme") : shown.index("You follow Acme")]
    lead = alert.split("\n\n")[1]
    assert lead.startswith(str(dublin["title"])), alert  # what is new leads
    assert "Jobs: 250 jobs" in lead and "1,200" not in lead, alert  # with its own figure
    assert f"of a story first seen {added:%Y-%m-%d %H:%M} UTC" in lead, alert
    assert "The story so far: Acme cuts 1,200 jobs" in alert, alert  # the context after
    why = cli_ok(env, tmp_path, "ask", "/layoffs why https://news.example/acme-dublin")
    assert f"First seen: {added:%Y-%m-%d %H:%M} UTC" in why, why  # not the alert's time
