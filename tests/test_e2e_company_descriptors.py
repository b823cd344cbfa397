"""Employers named by what they own, through the real `layoffbot` process (issue #16,
session 16): a local feed on 127.0.0.1 polled once into a real SQLite database, then the
digest. Each headline names its employer only by a brand it owns, makes or publishes
('Bud Light maker', 'Publisher of the Mirror and Express', 'Call of Duty publisher'), which
the tagger used to take for the employer or to leave without one; the owner named beside
its descriptor ('Fortnite maker Epic Games') stays as written."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import digest_of_news, wire_item
from tests.feedserver import FeedServer

ITEMS = [
    wire_item(
        "bud-light",
        "Bud Light maker to cut 300 sales jobs as AI takes over demand planning",
        "The brewer said AI tools would plan orders that sales staff planned by hand.",
        2,
    ),
    wire_item(
        "mirror",
        "Publisher of the Mirror and Express to cut 450 jobs in shift to AI",
        "The newspaper group said AI tools would take over work done by editorial staff.",
        3,
    ),
    wire_item(
        "call-of-duty",
        "Call of Duty publisher lays off 200 testers as AI automates QA",
        "The games company said AI systems now run tests that staff ran by hand.",
        4,
    ),
    wire_item(
        "fortnite",
        "Fortnite maker Epic Games lays off 100 support staff, replacing them with AI",
        "Epic Games said AI chatbots would answer most player support requests.",
        5,
    ),
]


def test_the_digest_names_the_owner_a_descriptor_stands_for(
    tmp_path: Path, server: FeedServer
) -> None:
    day = digest_of_news(tmp_path, server, ITEMS)
    for name in ("Anheuser-Busch", "Reach", "Activision Blizzard", "Epic Games"):
        assert f"Company: {name} |" in day, (name, day)
    for wrong in ("Company: Bud Light", "Company: Mirror", "Company: Call of Duty", "ReachPlc"):
        assert wrong not in day, (wrong, day)
    assert "Bud Light maker to cut 300 sales jobs" in day  # the headline as written
