"""`layoffbot tag` on rule failures of kinds found on fresh-stories-2.tune (real 2023 RSS
items; issue 16, session 13), worded anew: no headcount from a wider or earlier round, names
that open on a number ('3M', '343 Industries'), 'Holdings' no alias of another employer,
a bare share cut ('to Layoff 10%'), workers' protests and a CEO's apology as other news, an
AI team cut with no AI cause, a product's maker named by the lead. A real process; no
network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    (
        "earlier",
        "Zentrix's drone unit was reportedly hit hard by layoffs",
        "Earlier this month, Zentrix confirmed plans to lay off around 9,000 workers.",
    ),
    ("ontop", "Brindle confirms more job cuts on top of 4,000 layoffs announced in March", ""),
    (
        "partof",
        "Quillo lays off its design research team",
        "Quillo laid off the team as part of recent layoffs that affected 6,000 employees.",
    ),
    ("3m", "3M to Restructure, Cut 6,000 Jobs", ""),
    ("343", "Halo studio 343 Industries lays off 95 staff", ""),
    ("holdings", "Virgin Orbit Holdings to Cut Workforce by 85%", ""),
    ("bare", "Zentrix to Layoff 10%", ""),
    ("range", "Zentrix lays off 5% to 6% of its workforce, or about 2,000 employees", ""),
    (
        "walkout",
        "Seattle Zentrix workers plan walkout in response to layoffs and office mandate",
        "",
    ),
    ("apology", "CEO apologizes for using a famous quote in layoffs email", ""),
    ("aiteam", "Zentrix lays off team responsible for AI ethics", ""),
    (
        "maker",
        "Skyward Quest Dev Cancels Spinoff, Lays Off 120 People",
        "Skyward Quest developer Lumora has become the latest studio to announce layoffs.",
    ),
    ("hitunit", "Mass layoffs reportedly hit Ironvale publisher Lumora", ""),
    ("cancel", "Quillo Media cancels flagship show, announces 'painful' layoffs", ""),
    ("comma", "Zentrix Plans to Lay Off at Least 1,000 Contract, Salaried Workers", ""),
    ("unit", "Brindle to cut staff of health sciences unit Lumora by 15%", ""),
    ("ownnews", "Skyward Quest Publisher Raises Salaries Amid Industry-Wide Layoffs", ""),
    ("oneperson", "Zentrix employee who slept on the office floor laid off in latest cuts", ""),
    ("team", "Microsoft HoloLens team hit by layoffs", ""),
]


def test_tag_reads_real_forms_of_counts_names_shares_and_reactions(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss(ITEMS, "Mon, 13 Mar 2023 08:00:00 GMT"))
    for slug in ("earlier", "ontop", "partof"):
        assert (got[slug]["kind"], got[slug]["headcount"]) == ("layoff", None), slug
    assert (got["3m"]["companies"], got["3m"]["headcount"]) == (["3M"], 6000)
    assert got["343"]["companies"][:1] == ["343 Industries"]
    assert (got["holdings"]["companies"], got["holdings"]["percent"]) == (["Virgin Orbit"], 85.0)
    assert got["bare"]["percent"] == 10.0
    assert (got["range"]["percent"], got["range"]["headcount"]) == (5.0, 2000)
    assert got["walkout"]["kind"] == "other"
    assert got["apology"]["kind"] == "other"
    assert (got["aiteam"]["kind"], got["aiteam"]["ai_cause"]) == ("layoff", False)
    assert (got["maker"]["companies"][:1], got["maker"]["headcount"]) == (["Lumora"], 120)
    assert (got["hitunit"]["kind"], got["hitunit"]["companies"][:1]) == ("layoff", ["Lumora"])
    assert (got["cancel"]["kind"], got["cancel"]["companies"]) == ("layoff", ["Quillo Media"])
    assert got["comma"]["headcount"] == 1000
    assert (got["unit"]["companies"], got["unit"]["percent"]) == (["Lumora", "Brindle"], 15.0)
    assert (got["ownnews"]["kind"], got["oneperson"]["kind"]) == ("other", "other")
    assert got["team"]["companies"] == ["Microsoft"]
