"""`layoffbot tag` over a local feed (issue 16, session 20): 'Trump administration fires ...'
named Trump (a person) as the employer and 'Civil service to shed ...' named 'Civil'; now the
government whose staff go is the employer under the labelled sets' names. No network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Fri, 09 Jan 2026 09:00"
ITEMS = [
    ("trump", WHEN, "Trump administration fires 1,300 federal workers",
     "Notices went out on Friday."),
    ("carney", WHEN, "Carney government to cut 40,000 public service jobs",
     "The budget sets out the reductions."),
    ("civil", WHEN, "Civil service to shed 10,000 jobs",
     "The chancellor said departments will find savings."),
]  # fmt: skip


def test_a_government_is_the_employer_of_its_staff(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Public")
    seen = {k: (t["kind"], t["companies"]) for k, t in got.items()}
    assert seen == {
        "trump": ("layoff", ["US federal government"]),
        "carney": ("layoff", ["Government of Canada"]),
        "civil": ("layoff", ["Civil Service"]),
    }
