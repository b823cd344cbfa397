"""The acting employer through the real `layoffbot` process (issue #16, session 15): a
local feed on 127.0.0.1 polled once into a real SQLite database, then the digest. Each
headline has a structural cue the tagger used to read as another employer: a listed
employer whose name starts with another's ('Siemens Energy' was 'Siemens'), a purchase's
target ('Xerox to buy Vimeo' was 'Vimeo'), a fronted comparison ('After Vimeo, Zalando
...' was 'Vimeo'), a stock ticker ('Wolfspeed (NYSE: WOLF)' was no employer)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import digest_of_news, wire_item
from tests.feedserver import FeedServer

ITEMS = [
    wire_item(
        "siemens-energy",
        "Siemens Energy to cut 4,100 jobs as it hands planning work to AI",
        "The turbine maker said AI tools will take over planning work now done by staff.",
        2,
    ),
    wire_item(
        "xerox-vimeo",
        "Xerox to buy Vimeo, cut 500 support jobs as AI chatbots take over",
        "Xerox said AI chatbots would answer most support requests after the deal.",
        3,
    ),
    wire_item(
        "zalando",
        "After Vimeo, Zalando cuts 300 customer service jobs, replacing them with AI",
        "Zalando said the roles would be replaced by AI tools.",
        4,
    ),
    wire_item(
        "wolfspeed",
        "Wolfspeed (NYSE: WOLF) to lay off 200 as AI automates fab inspection",
        "Wolfspeed said AI systems now inspect wafers that staff inspected by hand.",
        5,
    ),
]


def test_the_digest_names_the_employer_the_headline_structure_points_at(
    tmp_path: Path, server: FeedServer
) -> None:
    day = digest_of_news(tmp_path, server, ITEMS)
    for name in ("Siemens Energy", "Xerox", "Zalando", "Wolfspeed"):
        assert f"Company: {name} |" in day, (name, day)
    for wrong in ("Company: Siemens |", "Company: Vimeo", "Company: WOLF", "Company: NYSE"):
        assert wrong not in day, (wrong, day)
