"""`layoffbot tag` over a local feed (issue 16, session 18): commentary whose only AI is money
or crime is not 'AI cited' (so not in the digest's analysis section); commentary where AI
does the work still is. On main 872ea18 the first two were ai_cause true. A real SQLite
file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Tue, 04 Mar 2025 09:00"
COSTS = "Why tech giants are watching their costs this year"
ITEMS = [
    ("spending", WHEN, COSTS,
     "Job cuts at Zentrix and Norvale open a year that will bring record AI spending but "
     "little new revenue."),
    ("scams", WHEN, "Job scams are getting smarter: how to protect yourself",
     "As layoffs push people to look for work, scammers are using AI chatbots to write fake "
     "job ads to steal money and data."),
    ("work", WHEN, COSTS,
     "Job cuts at Zentrix and Norvale open a year in which AI tools will do more of the work "
     "those employees did."),
]  # fmt: skip


def test_commentary_about_ai_money_or_crime_is_not_ai_cited(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS)
    assert {k: (t["kind"], t["ai_cause"]) for k, t in got.items()} == {
        "spending": ("analysis", False),
        "scams": ("analysis", False),
        "work": ("analysis", True),
    }
