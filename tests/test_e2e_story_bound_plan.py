"""A reported plan stated as a lower bound and, four weeks on, the cuts that confirm it
with an exact count (issue 16, session 15): the real `layoffbot` process polls a feed
served from 127.0.0.1 into a real SQLite file, and `/layoffs <company>` shows one story.
Since '200-plus' reads as 200 (a lower bound, v2) the plan gave a figure the confirmation's
230 was larger than, so the plan was no longer confirmed and the two were two stories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli_ok, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)
PLAN = {
    "title": "Halvorsen Freight plans to cut 200-plus jobs",
    "link": "https://wire.example/halvorsen-plan",
    "description": "Halvorsen Freight plans to cut 200-plus jobs as it closes depots, "
    "people familiar with the matter said.",
    "published": NOW - timedelta(days=30),
}
CUTS = {
    "title": "Halvorsen Freight cuts 230 jobs",
    "link": "https://ledger.example/halvorsen-cuts",
    "description": "Halvorsen Freight said on Tuesday it has cut 230 jobs as it closes depots.",
    "published": NOW - timedelta(days=2),
}


def test_a_plan_of_200_plus_jobs_and_its_230_cuts_weeks_later_are_one_story(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    server.route("/wire.xml", body=rss("Wire", [CUTS, PLAN]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    asked = cli_ok(env, tmp_path, "ask", "/layoffs Halvorsen Freight")
    assert "Stories: 1 |" in asked, asked
    assert "Jobs cut or not filled (where stated): 230" in asked, asked
    assert (
        "- Halvorsen Freight plans to cut 200-plus jobs: https://wire.example/halvorsen-plan"
        in (asked)
    ), asked
    assert "- Halvorsen Freight cuts 230 jobs: https://ledger.example/halvorsen-cuts" in asked, (
        asked
    )
    assert "2 sources" in asked, asked
