"""`layoffbot tag` on a unit the gazetteer lists under its parent (sources/company_units.csv,
issue #16): the unit's own coverage and the parent's coverage of the same round are one
story, each item naming its own employer (Twitch, Audible; Amazon). A real SQLite file;
no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items


def test_unit_and_parent_coverage_of_one_round_is_one_story(tmp_path: Path) -> None:
    tags = tag_items(
        tmp_path,
        [
            ("twitch", "Tue, 09 Jan 2024 14:00", "Twitch to cut 35% of staff, laying off 500", ""),
            (
                "amazon",
                "Wed, 10 Jan 2024 15:00",
                "Amazon Cuts Hundreds of Jobs at Studios and Twitch",
                "",
            ),
            (
                "audible",
                "Thu, 11 Jan 2024 16:00",
                "Audible reportedly lays off over 100 employees",
                "",
            ),
        ],
    )
    assert tags["twitch"]["companies"][:1] == ["Twitch"]
    assert tags["amazon"]["companies"][:1] == ["Amazon"]
    assert tags["audible"]["companies"][:1] == ["Audible"]  # the unit stays the employer
    assert tags["twitch"]["story"] == tags["amazon"]["story"] == tags["audible"]["story"]
