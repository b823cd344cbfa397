"""Story clustering, issue 16 (session 13): the forms `fresh-stories-2.tune` showed - a plan
reported weeks before the cuts that confirm it, a unit's own cuts beside its parent's round,
what followed the cuts told as news of its own. Headlines from that set's real coverage
(2023), filed through the real pipeline (`file_item` from tests/test_stories.py) or
judged by the planner's helpers directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Kind, Tags
from bot.story_rounds import follow_up, names_cuts, plan_after_cuts, plan_retold, says_round
from bot.story_units import unit_alone
from tests.test_stories import FileItem, art, file_item

__all__ = ["file_item"]  # the fixture, shared with tests/test_stories.py

D0 = datetime(2023, 1, 17, 12, tzinfo=UTC)


def _layoff(*companies: str, headcount: int | None = None, percent: float | None = None) -> Tags:
    return Tags(kind=Kind.LAYOFF, companies=companies, headcount=headcount, percent=percent)


def test_what_followed_the_cuts_is_not_news_of_the_cuts() -> None:
    assert follow_up("Zuckerberg grilled at staff meeting after Meta layoff announcement")
    assert follow_up("Spotify CFO cashes in £7.2m in shares after value surges on news of job cuts")
    assert not names_cuts("Zuckerberg praises Meta executives day after laying off 4,000 workers")
    # Cuts in the main clause: news of cuts, whatever follows.
    assert not follow_up("Meta planning thousands of more cuts after widespread layoffs")
    assert not follow_up("Twitch lays off more than 400 employees after Amazon cuts")
    assert names_cuts("Bob Iger sets out timeline for 7,000 job cuts")
    assert not follow_up("Disney stock rises after earnings")  # no cuts at all


def test_a_further_plan_reported_again_is_one_plan() -> None:
    feb = ("Meta reportedly plans more job cuts", "Meta is planning fresh layoffs next month")
    mar = ("Meta Reportedly Plans Another Round of Layoffs",)
    assert plan_retold(feb, mar)
    assert not says_round(feb, mar)
    # Cuts begun on either side, or a first report with no further round: not a retelling.
    assert not plan_retold(feb, ("Meta starts cutting 10,000 workers",))
    assert not plan_retold(("Meta reportedly plans job cuts",), mar)
    assert says_round(("Block to cut 4,000 jobs",), ("Block lays off another 500 engineers",))


def test_a_unit_named_alone_is_apart_from_its_parents_round() -> None:
    ms = ("Microsoft CEO Satya Nadella confirms plan to lay off 10,000 workers",)
    assert unit_alone(("GitHub",), ("GitHub to Layoff 10%",), ("Microsoft",), ms)
    assert unit_alone(("Microsoft",), ms, ("GitHub",), ("GitHub to Layoff 10%",))
    # Tied together: the parent written beside the unit, the unit hit by the round, the
    # parent's headline naming the unit, or one employer tagged alike.
    assert not unit_alone(("GitHub",), ("Microsoft's GitHub to lay off 10%",), ("Microsoft",), ms)
    hit = ("GitHub hit by layoffs",)
    assert not unit_alone(("GitHub",), hit, ("Microsoft",), ms)
    told = ("Microsoft cuts 10,000 jobs, GitHub among teams",)
    assert not unit_alone(("GitHub",), ("GitHub to Layoff 10%",), ("Microsoft",), told)
    assert not unit_alone(("Microsoft",), ms, ("Microsoft",), ms)
    # Two employers the gazetteer does not file one under the other: not a unit.
    assert not unit_alone(("Cruise",), ("Cruise lays off 24%",), ("General Motors",), ("GM",))


def test_a_plan_reported_weeks_ahead_joins_the_round_it_announced(file_item: FileItem) -> None:
    meta = _layoff("Meta")
    feb = file_item(art("Meta reportedly plans more job cuts", D0 + timedelta(days=25)), meta)
    mar = file_item(
        art("Meta Reportedly Plans Another Round of Layoffs", D0 + timedelta(days=49)), meta
    )
    cut = file_item(
        art("Facebook-owner Meta to cut 10,000 staff", D0 + timedelta(days=56)),
        _layoff("Meta", headcount=10000),
    )
    assert feb.key == mar.key == cut.key


def test_a_plan_with_no_figure_is_confirmed_five_weeks_on(file_item: FileItem) -> None:
    plan = file_item(
        art("Cruise is reportedly planning to lay off employees after weeks of crises", D0),
        _layoff("Cruise"),
    )
    cuts = _layoff("Cruise", percent=24.0)
    slash = file_item(
        art("Cruise slashes 24% of self-driving car workforce", D0 + timedelta(days=36)), cuts
    )
    later = file_item(
        art("Cruise lays off 24 percent of its workforce", D0 + timedelta(days=36, hours=5)), cuts
    )
    assert plan.key == slash.key == later.key


def test_a_units_own_cuts_weeks_after_the_parents_round_are_their_own(
    file_item: FileItem,
) -> None:
    ms = _layoff("Microsoft", headcount=10000)
    jan = file_item(art("Microsoft to cut 10,000 jobs", D0), ms)
    confirm = file_item(art("Microsoft confirms 10,000 layoffs", D0 + timedelta(days=5)), ms)
    gh = _layoff("GitHub", percent=10.0)
    github = file_item(art("GitHub to Layoff 10%", D0 + timedelta(days=23)), gh)
    github2 = file_item(
        art("Github To Layoff 10% Of Global Workforce", D0 + timedelta(days=24)), gh
    )
    assert jan.key == confirm.key
    assert github.key == github2.key != jan.key


def test_a_units_cuts_then_the_parents_company_wide_round_are_two(file_item: FileItem) -> None:
    unit = file_item(
        art("Alphabet to cut staff of health sciences unit Verily by 15%", D0), _layoff("Google")
    )
    google = file_item(
        art("Google to Cut 12,000 Jobs", D0 + timedelta(days=9)), _layoff("Google", headcount=12000)
    )
    assert unit.key != google.key


def test_a_town_hall_after_the_layoffs_is_news_of_its_own(file_item: FileItem) -> None:
    cut = file_item(
        art("Facebook-owner Meta to cut 10,000 staff", D0), _layoff("Meta", headcount=10000)
    )
    town_hall = file_item(
        art(
            "Zuckerberg grilled at staff meeting after Meta layoff announcement", D0 + timedelta(3)
        ),
        Tags(kind=Kind.OTHER, companies=("Meta",)),
    )
    assert town_hall.key != cut.key


def test_a_unit_written_in_the_other_headline_is_one_part(file_item: FileItem) -> None:
    alphabet = file_item(
        art("Alphabet to cut staff of health sciences unit Verily by 15%", D0), _layoff("Google")
    )
    verily = file_item(
        art("Google's Verily to Cut 15% of Workforce", D0 + timedelta(days=1)),
        _layoff("Verily", "Google", headcount=200, percent=15.0),
    )
    assert alphabet.key == verily.key


def test_a_boss_cut_after_the_layoffs_is_a_follow_up() -> None:
    title = "Disney Cuts Marvel Entertainment Chair Ike Perlmutter Following Massive Layoffs"
    assert follow_up(title)


def test_a_unit_giving_the_rounds_figure_and_a_parts_plan_stay_with_the_round(
    file_item: FileItem,
) -> None:
    ms = file_item(
        art("Microsoft cuts 1,900 gaming jobs", D0), _layoff("Microsoft", headcount=1900)
    )
    xbox = file_item(
        art("Xbox lays off 1,900 staff", D0 + timedelta(days=3)), _layoff("Xbox", headcount=1900)
    )
    assert xbox.key == ms.key
    plan = file_item(art("Amazon reportedly plans cuts in its devices unit", D0), _layoff("Amazon"))
    cut = file_item(
        art("Amazon to lay off 10,000", D0 + timedelta(days=4)), _layoff("Amazon", headcount=10000)
    )
    assert plan.key == cut.key


def test_a_report_that_cuts_begin_is_no_new_plan() -> None:
    earlier = ("Disney layoffs: First wave of 4,000 employees set to be cut in coming weeks",)
    later = ("Disney Reportedly Begins First Round of Layoffs in Plan to Cut 7,000 Employees",)
    assert not plan_after_cuts(earlier, later)
    assert plan_after_cuts(("Disney cuts 7,000 jobs",), ("Disney reportedly plans more layoffs",))


def test_the_parents_own_cuts_join_its_story_not_its_units(file_item: FileItem) -> None:
    gm = "General Motors"
    orion = file_item(
        art("After getting $824M in state aid, GM to cut 900 jobs at Orion Assembly", D0),
        _layoff(gm, headcount=900),
    )
    cruise = file_item(
        art("GM's Cruise laying off 900, or 24% of its workforce", D0 + timedelta(hours=2)),
        _layoff("Cruise", gm, headcount=900),
    )
    michigan = file_item(
        art("GM to lay off 1,300 Michigan workers as vehicles end production", D0 + timedelta(1)),
        _layoff(gm, headcount=1300),
    )
    assert cruise.key != orion.key
    assert michigan.key == orion.key
