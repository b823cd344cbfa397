"""`layoffbot tag` over a local feed (issue 16, session 19): public employers. On main
ff316e6 'Department of Veterans Affairs' was tagged 'Department of', 'Department of Health
and Human Services' had no employer, 'National Oceanic and Atmospheric Administration' was
two employers and 'Internal Revenue Service' was 'Internal Revenue'; now each is one name,
the gazetteer's canonical one (Federal Register list), and a made-up body keeps its whole
name. An agency beside the employer ('..., Department of Labor says') is not it. A real
SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Fri, 09 Jan 2026 09:00"
ITEMS = [
    ("va", WHEN, "Department of Veterans Affairs to cut 30,000 jobs",
     "The department said the cuts would come through attrition and a hiring freeze."),
    ("hhs", WHEN, "Department of Health and Human Services to cut 10,000 jobs",
     "The cuts will shrink the department from 82,000 to 62,000 employees."),
    ("noaa", WHEN, "National Oceanic and Atmospheric Administration to lay off 1,000 workers",
     "The agency runs the National Weather Service."),
    ("irs", WHEN, "Internal Revenue Service to lay off 6,000 workers",
     "The agency will cut probationary employees first."),
    ("made-up", WHEN, "Department of Lunar Affairs to cut 300 jobs",
     "The department said the cuts were part of a reorganisation."),
    ("beside", WHEN, "Zentrix cuts 500 jobs, Department of Labor says",
     "The company filed a notice with the state."),
]  # fmt: skip


def test_public_employers_are_named_whole(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Jobs")
    first = {key: (tags["companies"] or [None])[0] for key, tags in got.items()}
    assert first == {
        "va": "Veterans Affairs Department",
        "hhs": "HHS",
        "noaa": "NOAA",
        "irs": "IRS",
        "made-up": "Department of Lunar Affairs",
        "beside": "Zentrix",
    }, got
    assert all(got[k]["kind"] == "layoff" for k in got), got
