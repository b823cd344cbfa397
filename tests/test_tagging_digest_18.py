"""Issue 16, session 18: the digest holds AI-driven job actions and nothing else
(shared/spec/tagging.md, 'Rulings on real news (v2)'). Failure kinds found with headline
shapes no labelled set holds: price cuts of a named product, op-eds on one employer's cuts,
AI beside the cut (an aside on the unit or the company), denials worded after AI,
forecasts beyond any employer, staff lost to a rival; and cuts told beside the employer's
other news, or as a plan it sets out. Each rule with the decoys it must not take; headlines
written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def in_digest(t: Tags) -> bool:
    return t.kind.is_action and t.ai_cause


def test_a_named_products_price_cut_is_no_job_cut() -> None:
    for title in (
        "Zentrix slashes GPT-4 prices by 50% for developers",
        "Zentrix cuts Copilot subscription prices for engineers",
    ):
        assert not tag(title).kind.is_action, title
    assert tag("Zentrix cuts 300 jobs and salaries").kind is Kind.LAYOFF


def test_an_aside_about_the_unit_or_the_company_is_no_cause() -> None:
    assert not tag("Zentrix cuts jobs in its cloud unit, where it is building AI chips").ai_cause
    t = tag(
        "Zentrix lays off 10%",
        "The company, known for its AI chatbot, said the cuts were due to slowing sales.",
    )
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, False)
    assert in_digest(tag("Zentrix cuts 500 jobs, which the company blamed on AI"))


def test_a_denial_worded_after_ai_keeps_the_cut_out_of_the_digest() -> None:
    for title in (
        "Zentrix cuts 500 jobs, says AI not to blame",
        "Zentrix cuts 15,000 jobs; CEO says AI had nothing to do with it",
        "Zentrix lays off 200, says cuts unrelated to AI",
        "Zentrix cuts jobs but insists AI isn't replacing workers",
    ):
        t = tag(title)
        assert (t.kind, t.ai_cause) == (Kind.LAYOFF, False), title


def test_ai_doing_the_cut_staffs_work_is_a_cause() -> None:
    t = tag(
        "Zentrix cuts 500 jobs",
        "The company said AI tools now handle much of the work those employees did.",
    )
    assert in_digest(t)


def test_an_op_ed_on_one_employers_ai_cuts_is_commentary() -> None:
    for title in (
        "Lessons from Zentrix's plan to replace 7,800 jobs with AI",
        "In defense of Zentrix's plan to replace jobs with AI",
        "The truth about Zentrix's AI layoffs",
        "We should be worried that Zentrix will replace 7,800 jobs with AI",
        "I lost my job to AI at Zentrix",
    ):
        t = tag(title)
        assert not t.kind.is_action, title
    assert in_digest(tag("Zentrix to replace 7,800 jobs with AI"))
    # an employer's cut judged in its headline is still the cut's news
    assert in_digest(tag("Amazon's 30,000 job cuts are the start of AI replacing office work"))


def test_job_losses_counted_beyond_any_employer_are_a_forecast() -> None:
    t = tag("World Economic Forum estimates 14 million net job losses worldwide by 2027")
    assert not t.kind.is_action
    assert tag("Zentrix forecasts up to 950 job cuts by 2026").kind is Kind.LAYOFF


def test_staff_lost_to_a_rival_were_not_cut() -> None:
    assert not tag("Zentrix loses top AI engineers to Meta").kind.is_action
    assert not tag("Zentrix loses 40 engineers to rivals").kind.is_action
    assert in_digest(tag("Zentrix workers lose jobs to AI"))
    assert in_digest(tag("Zentrix loses 500 jobs to automation"))


def test_a_plan_the_employer_weighs_or_sets_out_is_its_reported_plan() -> None:
    for title in (
        "Zentrix plans 3,000 job cuts, report says",
        "Zentrix considering up to 3,000 job cuts, report says",
        "Zentrix CEO Jane Roe sets out timeline for 7,000 job cuts",
        "Zentrix boss details plan for 7,000 job cuts",
    ):
        assert tag(title).kind is Kind.LAYOFF, title


def test_cuts_trailing_the_employers_own_move_are_its_action_when_the_lead_tells_them() -> None:
    t = tag(
        "Zentrix delaying two games amid layoffs",
        "Zentrix is laying off an unspecified number of staffers as well as delaying two of "
        "its titles.",
    )
    assert (t.kind, t.companies[:1]) == (Kind.LAYOFF, ("Zentrix",))
    t = tag(
        "Zentrix is selling its music store and having layoffs",
        "The game company is fighting for its life. Zentrix is reportedly laying off 870 "
        "employees as well as selling some of its acquisitions.",
    )
    assert (t.kind, t.headcount) == (Kind.LAYOFF, 870)


def test_someone_of_the_employer_reacting_amid_cuts_stays_a_follow_up() -> None:
    for title in (
        "Zentrix workers walk out amid layoffs",
        "Zentrix stock jumps amid layoffs",
        "Zentrix union sues amid layoffs",
    ):
        t = tag(title, "Zentrix is cutting 18,000 jobs this month.")
        assert t.kind is Kind.OTHER, title
    # the lead recalling the cuts, not telling them now
    t = tag("Zentrix delaying two games amid layoffs", "Earlier this year, Zentrix cut 200 jobs.")
    assert t.kind is Kind.OTHER
