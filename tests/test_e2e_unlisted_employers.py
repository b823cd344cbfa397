"""`layoffbot tag` over a local feed (issue 16, session 18): employers no data file lists,
named by the structural cues alone, as held-out news names them: 'Zentrix-owner Veltora'
(on main the compound as one name, and no action), "Veltora’s reportedly planning" (on main
"Veltora's"), 'Embattled Zentrix' (on main the participle kept), 'TROWEL to Cut' and a
Title Case dictionary word the lead restates as 'the company' (on main no employer). The
names are made up. A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

ITEMS = [
    ("owner", "Mon, 02 Oct 2023 10:00", "Zentrix-owner Veltora to cut 10,000 staff",
     "The cuts fall on its advertising teams, a memo shows."),
    ("is", "Tue, 03 Oct 2023 11:00",
     "Veltora’s reportedly planning to lay off thousands of workers this week",
     "The cuts would come on top of last year's round."),
    ("participle", "Wed, 04 Oct 2023 09:00", "Embattled Korvano Lays Off 200 Workers",
     "Employees were told about the layoffs today."),
    ("capitals", "Thu, 05 Oct 2023 09:00", "TROWEL to Cut 3,000 Jobs After Profit Plunges",
     "Profit fell 47% in the final quarter."),
    ("restated", "Fri, 06 Oct 2023 09:00", "Quiver Conducts Its Third Round of Layoffs",
     "The software company’s move to let go about 600 employees follows a string of cuts."),
]  # fmt: skip


def test_unlisted_employers_named_by_structure(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Jobs")
    assert got["owner"]["companies"][:1] == ["Veltora"], got["owner"]
    assert got["is"]["companies"][:1] == ["Veltora"], got["is"]
    assert got["participle"]["companies"][:1] == ["Korvano"], got["participle"]
    assert got["capitals"]["companies"][:1] == ["TROWEL"], got["capitals"]
    assert got["restated"]["companies"][:1] == ["Quiver"], got["restated"]
    assert all(got[k]["kind"] == "layoff" for k in got), got
