"""`layoffbot tag` on units and their parents (issue #16, v2: a unit before its parent): the
studio a parent's cut is 'at', an owner's unit a back reference points at, an owner's unit
with a name of its own; a Title Case verb inside a run is no part of the name; a range's
lower bound; a share another employer's relative clause states or an earlier round's
share the headline recalls is not this cut's. A real SQLite file; no network; the
employers are invented."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    ("described", "Zentrix confirms layoffs at racing game developer Quillo Interactive", ""),
    ("back", "Zentrix's Quillo closes its app as it cuts 700 jobs", ""),
    ("owned", "Zentrix's Quillo lays off 40", ""),
    ("verb", "Zentrix Closes Quillo Studio, Lays Off 40 Jobs", ""),
    ("title-owned", "Zentrix-Owned Quillo Games Lays Off 40", ""),
    ("undergoes", "Shooter developer Quillo Interactive has been affected by Zentrix layoffs", ""),
    (
        "range",
        "Zentrix cuts contractors without warning",
        "Zentrix eliminated contract employees on Saturday, affecting anywhere from 4,400 to "
        "5,500 workers.",
    ),
    ("earlier", "EV maker Zentrix considers more job cuts after shedding 10% of staff", ""),
    (
        "relative",
        "Zentrix plans to lay off thousands of workers",
        "The layoffs could hit Zentrix harder than the cuts at Quillo, which affected about "
        "half of the company's 7,500 employees.",
    ),
]


def _feed() -> str:
    return dated_rss(ITEMS, "Mon, 04 Nov 2024 08:00:00 GMT")


def test_tag_names_units_before_parents_and_states_only_this_cut(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert got["described"]["companies"] == ["Quillo Interactive", "Zentrix"]
    assert got["back"]["companies"] == ["Quillo", "Zentrix"]
    assert (got["owned"]["companies"], got["owned"]["headcount"]) == (["Quillo", "Zentrix"], 40)
    assert (got["verb"]["companies"], got["verb"]["headcount"]) == (["Zentrix"], 40)
    assert got["title-owned"]["companies"] == ["Quillo Games", "Zentrix"]
    assert got["undergoes"]["companies"] == ["Quillo Interactive", "Zentrix"]
    assert got["range"]["headcount"] == 4400
    assert (got["earlier"]["companies"], got["earlier"]["percent"]) == (["Zentrix"], None)
    relative = got["relative"]
    assert (relative["companies"], relative["percent"]) == (["Zentrix"], None)
    assert all(r["kind"] == "layoff" for r in got.values())
