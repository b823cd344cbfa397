"""Issue 16, session 17: roles an employer will replace with AI over years, with no cut
announced, are a hiring freeze (shared/spec/tagging.md v2: 'a plan ... to replace N roles
with AI "over time"'), N the headcount; a cut now, a possibility, or a cut spread over years
with no replacement stay what they were. Headlines written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_roles_replaced_by_ai_over_years_are_a_hiring_freeze() -> None:
    t = tag("Zentrix plans to replace 7,800 jobs with AI over the next five years")
    assert (t.kind, t.ai_cause, t.headcount, t.companies) == (
        Kind.HIRING_FREEZE, True, 7800, ("Zentrix",),
    )  # fmt: skip


def test_the_lead_spreading_the_replacement_over_years_makes_it_a_freeze() -> None:
    t = tag(
        "Job cuts may intensify as Zentrix plans to replace 30% of back office jobs with AI",
        "Zentrix plans to replace 7,800 jobs with artificial intelligence over the next five "
        "years, its chief executive said in an interview.",
    )
    assert (t.kind, t.ai_cause, t.companies) == (Kind.HIRING_FREEZE, True, ("Zentrix",))
    now = tag(
        "Job cuts may intensify as Zentrix plans to replace 30% of back office jobs with AI",
        "Zentrix plans to replace 7,800 jobs with artificial intelligence, its chief "
        "executive said in an interview.",
    )
    assert (now.kind, now.companies) == (Kind.LAYOFF, ("Zentrix",))  # no time given: a cut


def test_staff_replaced_now_are_still_a_layoff() -> None:
    t = tag("Zentrix replaces 300 support staff with AI chatbots")
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, True)


def test_cuts_spread_over_years_with_no_replacement_are_still_a_layoff() -> None:
    t = tag("Zentrix to cut 5,000 jobs over the next three years")
    assert t.kind == Kind.LAYOFF


def test_a_replacement_that_could_come_over_years_stays_the_employers_statement() -> None:
    t = tag("Zentrix could replace 7,800 jobs with AI over the next five years")
    assert t.kind == Kind.ANALYSIS
