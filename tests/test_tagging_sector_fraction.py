"""Issue 16, session 19 (fresh-2025b.tune, March 2025 news): employers in the plural opening a
headline with where they are ('Universities across the U.S. freeze hiring') are a sector's
trend (analysis, no employer); 'a fourth of its workforce' is a share (25%); a person named
with a generational suffix ('Jr.') is no employer. Each rule with decoys; headlines written
for the tests, names made up."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 27, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_employers_in_the_plural_and_where_they_are_are_a_sector() -> None:
    for title in (
        "Universities across the U.S. freeze hiring as federal funding hangs in the balance",
        "Regional banks around the country cut 3,000 jobs",
    ):
        t = tag(title)
        assert (t.kind, t.companies) == (Kind.ANALYSIS, ()), title
    # one named employer stays an employer's freeze
    t = tag("Northvale University freezes hiring as federal funding hangs in the balance")
    assert t.kind is Kind.HIRING_FREEZE and t.companies == ("Northvale University",)


def test_a_fourth_of_the_workforce_is_a_quarter() -> None:
    t = tag("Quillmark to cut a fourth of its workforce")
    assert (t.kind, t.percent) == (Kind.LAYOFF, 25.0)
    # a fourth of something else is no workforce share
    assert tag("Quillmark to cut a fourth of its product lines").percent is None


def test_a_generational_suffix_names_a_person_not_an_employer() -> None:
    t = tag("Tom Brandt Jr. says Quillmark will cut 300 jobs")
    assert "Tom Brandt Jr" not in t.companies and "Brandt Jr" not in t.companies
    # a name without the suffix stays
    assert tag("Tom Brandt says Quillmark will cut 300 jobs").companies[:1] == ("Quillmark",)


def test_a_share_of_a_named_employers_office_is_a_units_share() -> None:
    text = (
        "Lawmakers objected to the proposal to eliminate up to 75 percent of employees within "
        "Quillmark's Office of Research and Development."
    )
    assert tag("Lawmakers push back on planned Quillmark research cuts", text).percent is None
    # a share of the whole workforce stays
    assert tag("Quillmark to cut 15% of its employees").percent == 15.0
