"""`layoffbot tag` on headlines whose subject is not the employer (issue #16, v2: the
employer acting, never a guess): an unnamed boss acting is one employer's cut; a lead whose
subject is only a descriptor ('newspaper group') means the name the headline introduces with
one ('owner Quillo'); a figure run into letters opens a name ('3D Zentrix'); a Title Case
headline's first verb that cuts pay shares its subject with the closure after it. A real
SQLite file; no network; the employers are invented."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    ("boss", "CEO fires 90% of support staff and replaces them with a chatbot", ""),
    (
        "described",
        "Staff at Gazette owner Quillo brace for a grim Christmas",
        "Workers despair as the newspaper group launches a third round of job cuts.",
    ),
    ("figure", "3D Zentrix and Quillworks reportedly hit with layoffs", ""),
    (
        "coordinated",
        "Zentrix Cuts Pay Packages, Closes Offices Alongside Layoffs",
        "Job cuts at the chain have affected employees across departments.",
    ),
    # Precision: a boss who only speaks is no employer's action.
    ("speaks", "CEO says AI will change every job in the next decade", ""),
]


def _feed() -> str:
    return dated_rss(ITEMS, "Mon, 04 Nov 2024 08:00:00 GMT")


def test_tag_finds_the_employer_behind_a_boss_a_descriptor_or_a_figure(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert (got["boss"]["kind"], got["boss"]["companies"]) == ("layoff", [])
    described = got["described"]
    assert (described["kind"], described["companies"]) == ("layoff", ["Quillo"])
    assert got["figure"]["companies"][0] == "3D Zentrix"
    coordinated = got["coordinated"]
    assert (coordinated["kind"], coordinated["companies"]) == ("layoff", ["Zentrix"])
    assert got["speaks"]["kind"] != "layoff"
