"""`layoffbot tag` over a local feed (issue 16, session 20): public employers in real news.
On main 8ffd678 'Home Office to cut 2,000 jobs amid AI push' was analysis with no employer,
'Cabinet Office' was 'Cabinet', 'IRS begins reduction in force of 6,000 workers' was other,
'DOGE fires ... at the IRS' named DOGE; now the UK's and Canada's bodies are known (GOV.UK's
and Canada.ca's lists), the public service's words for a cut are a cut, the body whose staff
go is the employer, and a furlough stays no cut. A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Fri, 09 Jan 2026 09:00"
ITEMS = [
    ("home-office", WHEN, "Home Office to cut 2,000 jobs amid AI push",
     "The department said artificial intelligence would take over routine casework."),
    ("cabinet-office", WHEN, "Cabinet Office to cut 2,100 jobs",
     "The department will close two sites."),
    ("cra", WHEN, "Canada Revenue Agency to cut 3,000 jobs",
     "The agency will reduce its workforce over three years."),
    ("rif", WHEN, "IRS begins reduction in force of 6,000 workers",
     "Employees received notices on Friday."),
    ("doge", WHEN, "DOGE fires 1,000 probationary employees at the IRS",
     "The dismissals came in a single afternoon."),
    ("furlough", WHEN, "Federal workers furloughed as shutdown begins",
     "About 750,000 employees were sent home without pay."),
]  # fmt: skip


def test_public_employers_in_real_news(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Public")
    seen = {k: (t["kind"], t["ai_cause"], (t["companies"] or [None])[0]) for k, t in got.items()}
    assert seen == {
        "home-office": ("layoff", True, "Home Office"),
        "cabinet-office": ("layoff", False, "Cabinet Office"),
        "cra": ("layoff", False, "CRA"),
        "rif": ("layoff", False, "IRS"),
        "doge": ("layoff", False, "IRS"),
        "furlough": ("other", False, None),
    }, got
    assert got["home-office"]["headcount"] == 2000
    assert got["rif"]["headcount"] == 6000
