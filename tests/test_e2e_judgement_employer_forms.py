"""`layoffbot tag` names the employer a reader would (issue #16, session 12): not the outlet
a lead cites before its subject ('According to a memo seen by Reuters, Intel will ...'),
the one studio a first word stands for after 'layoffs at' ('Tim Sweeney on Layoffs at
Epic'), a unit named with dictionary words after its owner ("Meta's Reality
Labs"), and a listed carmaker by its plain brand ('Nissan', not 'Nissan Motor'). A real
SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    (
        "cited",
        "Another round of chip industry cuts",
        "According to a memo seen by Reuters, Intel will lay off 15% of its workforce.",
    ),
    ("head", "Tim Sweeney on Layoffs at Epic", ""),
    ("brand", "Nissan To Cut 20,000 Jobs Worldwide", ""),
    ("unit", "Meta's Reality Labs To Cut Hundreds Of Jobs", ""),
]


def test_tag_names_the_employer_not_the_outlet_nor_a_listing_form(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss(ITEMS, "Mon, 04 Nov 2024 08:00:00 GMT"))
    assert (got["cited"]["kind"], got["cited"]["companies"]) == ("layoff", ["Intel"])
    assert got["head"]["companies"] == ["Epic Games"]
    assert got["brand"]["companies"] == ["Nissan"]
    assert got["unit"]["companies"] == ["Reality Labs", "Meta"]
