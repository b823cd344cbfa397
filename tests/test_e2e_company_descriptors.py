"""Employers named by what they own, through the real `layoffbot` process (issue #16,
session 16): a local feed on 127.0.0.1 polled once into a real SQLite database, then the
digest. Each headline names its employer only by a brand it owns, makes or publishes
('Bud Light maker', 'Publisher of the Mirror and Express', 'Call of Duty publisher'), which
the tagger used to take for the employer or to leave without one; the owner named beside
its descriptor ('Fortnite maker Epic Games') stays as written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli_ok, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _item(slug: str, title: str, description: str, hours: int) -> dict[str, object]:
    return {
        "title": title,
        "link": f"https://wire.example/{slug}",
        "description": description,
        "published": NOW - timedelta(hours=hours),
    }


ITEMS = [
    _item(
        "bud-light",
        "Bud Light maker to cut 300 sales jobs as AI takes over demand planning",
        "The brewer said AI tools would plan orders that sales staff planned by hand.",
        2,
    ),
    _item(
        "mirror",
        "Publisher of the Mirror and Express to cut 450 jobs in shift to AI",
        "The newspaper group said AI tools would take over work done by editorial staff.",
        3,
    ),
    _item(
        "call-of-duty",
        "Call of Duty publisher lays off 200 testers as AI automates QA",
        "The games company said AI systems now run tests that staff ran by hand.",
        4,
    ),
    _item(
        "fortnite",
        "Fortnite maker Epic Games lays off 100 support staff, replacing them with AI",
        "Epic Games said AI chatbots would answer most player support requests.",
        5,
    ),
]


def test_the_digest_names_the_owner_a_descriptor_stands_for(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    old = _item("old", "Acme Widgets posts record sales", "Acme sold more widgets.", 24 * 40)
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    cli_ok(env, tmp_path, "poll", "--once", "--all")  # the feed's backlog: not news
    server.route("/wire.xml", body=rss("Wire", [*ITEMS, old]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    day = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    for name in ("Anheuser-Busch", "Reach", "Activision Blizzard", "Epic Games"):
        assert f"Company: {name} |" in day, (name, day)
    for wrong in ("Company: Bud Light", "Company: Mirror", "Company: Call of Duty", "ReachPlc"):
        assert wrong not in day, (wrong, day)
    assert "Bud Light maker to cut 300 sales jobs" in day  # the headline as written
