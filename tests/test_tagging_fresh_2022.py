"""Kinds of failure seen on fresh-2022.tune (issue #16), one behaviour per test.

The headlines are written for the tests in the shapes 2022 coverage took (a new owner
ordering cuts, the boss speaking, a freeze with a warning); none is copied
from a labelled set, and the employers are invented.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2022, 11, 4, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_a_person_ordering_cuts_across_an_employer_acts_for_that_employer() -> None:
    t = tag("Jane Holloway Is Said to Have Ordered Job Cuts Across Quillon")
    assert t.kind is Kind.LAYOFF
    assert t.companies[:1] == ("Quillon",)


def test_is_said_to_is_a_report_not_someone_commenting() -> None:
    t = tag("Jane Holloway is said to have ordered job cuts across Quillon")
    assert t.kind is Kind.LAYOFF


def test_the_owner_of_the_staff_cut_is_named_without_its_possessive() -> None:
    t = tag("Jane Holloway reportedly wants to lay off most of Quillon's employees")
    assert t.kind is Kind.LAYOFF
    assert t.companies[:1] == ("Quillon",)


def test_a_new_boss_speaks_for_the_employer_named_before_the_title() -> None:
    t = tag("Quillon's new boss Mark Ferris says mass layoffs are 'part of his strategy'")
    assert t.kind is Kind.LAYOFF
    assert t.companies[:1] == ("Quillon",)


def test_the_employer_announcing_its_own_cuts_is_still_the_action() -> None:
    assert tag("Quillon CEO says company will cut 500 jobs").kind is Kind.LAYOFF
    assert tag("Quillon employees brace for layoffs").kind is not Kind.LAYOFF


def test_a_hiring_freeze_with_a_warning_of_possible_layoffs_is_a_freeze() -> None:
    t = tag("Quillon reportedly suspends all hiring, warns staff of possible layoffs")
    assert t.kind is Kind.HIRING_FREEZE
    assert tag("Quillon suspends hiring and lays off 300 staff").kind is Kind.LAYOFF


def test_an_isp_descriptor_is_no_part_of_the_employers_name() -> None:
    t = tag("Wireless ISP Lumino lays off half its workers in a bid to save cash")
    assert t.kind is Kind.LAYOFF
    assert t.companies[:1] == ("Lumino",)
    assert t.percent == 50.0


def test_an_owned_or_reported_workforce_is_no_headcount() -> None:
    lead = "The social media company’s 7,500 employees have been bracing for job cuts."
    assert tag("Quillon begins layoffs", lead).headcount is None
    lead = "The company reported over 87,000 employees in September; the cuts may be deep."
    assert tag("Quillon is reportedly planning to lay off thousands", lead).headcount is None
    # The owner's staff cut is a count of the cut.
    assert tag("Quillon to lay off Acme's 300 workers").headcount == 300
    assert tag("Quillon's 300 workers to be laid off").headcount == 300


def test_the_figure_layoffs_are_expected_to_mount_to_is_the_headcount() -> None:
    t = tag("Quillon layoffs now expected to mount to 20k, including top managers")
    assert (t.kind, t.headcount) == (Kind.LAYOFF, 20000)
    assert tag("Quillon job cuts set to swell to 3,000").headcount == 3000


def test_an_unlisted_employer_said_to_plan_cuts_is_the_employer() -> None:
    t = tag("Quillon Is Said to Plan Significant Job Cuts This Week")
    assert (t.kind, t.companies[:1]) == (Kind.LAYOFF, ("Quillon",))
    # A real preposition still detaches a name from the cuts.
    assert tag("A warning to Quillon staff about layoffs").kind is not Kind.LAYOFF
