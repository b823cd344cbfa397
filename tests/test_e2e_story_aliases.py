"""`layoffbot tag` over a local feed where outlets call one employer by two names a day
apart (issue 16): 'CDPR lays off 30' and 'CD Projekt Red cuts 30 jobs' are one story, and
so are 'T-Mobile to lay off 121 workers' and 'T-Mobile US cuts 121 jobs', shown under one
name, the plain brand (the listing 'T-Mobile US' is T-Mobile's legal form: on main the
second item was tagged 'T-Mobile US'); 'P&G' and 'Procter and Gamble' (on main tagged
'Procter', 'Gamble'). Two employers' cuts stay two stories. A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e import tag_items

ITEMS = [
    ("cdpr", "Mon, 02 Oct 2023 10:00", "CDPR lays off 30",
     "The Cyberpunk 2077 studio confirmed on Monday that 30 people in its quality assurance team are leaving."),
    ("cd-projekt-red", "Tue, 03 Oct 2023 11:00", "CD Projekt Red cuts 30 jobs",
     "The Witcher developer said the cuts hit its QA department in Warsaw."),
    ("t-mobile", "Mon, 02 Oct 2023 12:00", "T-Mobile to lay off 121 workers",
     "The carrier will lay off 121 workers at its Bellevue offices, a state filing shows."),
    ("t-mobile-us", "Tue, 03 Oct 2023 13:00", "T-Mobile US cuts 121 jobs",
     "T-Mobile US is cutting 121 jobs in Washington state, according to a WARN notice."),
    ("p-g", "Wed, 04 Oct 2023 09:00", "P&G to cut 7,000 jobs",
     "The consumer goods giant plans to cut 7,000 non-manufacturing jobs over two years."),
    ("procter-and-gamble", "Thu, 05 Oct 2023 09:00", "Procter and Gamble cuts 7,000 roles",
     "The maker of Tide and Pampers said the cuts are part of a restructuring."),
]  # fmt: skip


def _tag(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    return tag_items(tmp_path, entries, channel="Jobs")


def test_two_names_of_one_employer_a_day_apart_are_one_story(tmp_path: Path) -> None:
    got = _tag(tmp_path, ITEMS)
    assert got["cdpr"]["story"] == got["cd-projekt-red"]["story"], got
    assert got["t-mobile"]["story"] == got["t-mobile-us"]["story"], got
    assert got["cdpr"]["story"] != got["t-mobile"]["story"], got
    assert got["cdpr"]["companies"] == got["cd-projekt-red"]["companies"] == ["CD Projekt Red"]
    assert got["t-mobile"]["companies"] == got["t-mobile-us"]["companies"] == ["T-Mobile"]
    # 'and' for the listed name's '&': one employer, not 'Procter' and 'Gamble'
    assert got["p-g"]["story"] == got["procter-and-gamble"]["story"], got
    assert got["procter-and-gamble"]["companies"] == ["Procter & Gamble"], got
