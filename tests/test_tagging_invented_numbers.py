"""Numbers in a layoff item that are not the cut's, and kinds read wrong (issue 16, session
12). Each number test states a shape that gave an invented headcount, the worst error there
is: a plan's total of which the item is a round, the workforce's size after the cut, growth,
a sector's count, people doing something else than losing their jobs. The kind tests state
reactions, explainers and freezes read as layoffs. Headlines are written for the tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_a_plans_total_is_not_the_rounds_headcount() -> None:
    t = tag(
        "Spotify eliminating its podcast unit as layoffs begin",
        "Spotify is eliminating its podcast unit as part of its plan to lay off 7,000 "
        "workers, a source said.",
    )
    assert t.kind is Kind.LAYOFF and t.headcount is None


def test_the_workforce_left_after_the_cut_is_not_the_headcount() -> None:
    for lead in (
        "Brindle is cutting jobs. The company said it would reduce its workforce to 8,000.",
        "Brindle is cutting jobs, reducing its workforce from 10,000 to 8,000 employees.",
    ):
        assert tag("Brindle cuts jobs", lead).headcount is None


def test_staff_added_earlier_are_not_the_headcount() -> None:
    t = tag(
        "Brindle lays off workers",
        "Brindle laid off workers on Monday. The layoffs come after Brindle added 5,000 "
        "workers in 2021.",
    )
    assert t.kind is Kind.LAYOFF and t.headcount is None


def test_a_sectors_count_is_not_the_employers_headcount() -> None:
    t = tag(
        "Brindle lays off workers",
        "Brindle laid off workers on Monday. More than 150,000 tech workers have lost their "
        "jobs this year.",
    )
    assert t.headcount is None


def test_people_who_protest_the_cuts_are_not_the_headcount() -> None:
    t = tag(
        "Brindle lays off workers",
        "Brindle laid off workers on Monday. About 1,500 workers signed a petition against "
        "the layoffs.",
    )
    assert t.headcount is None


def test_a_lead_count_that_states_the_cut_still_counts() -> None:
    t = tag("Brindle lays off workers", "Brindle laid off about 300 employees on Monday.")
    assert t.headcount == 300


def test_a_restructuring_covering_roles_still_counts() -> None:
    t = tag(
        "Brindle unveils AI-focused restructuring",
        "Brindle announced a restructuring covering 8,000 roles to concentrate on AI.",
    )
    assert t.headcount == 8000


def test_former_staff_slamming_the_boss_over_a_layoff_is_not_the_layoff() -> None:
    """Their reaction is the news (other), so no headcount is told either."""
    t = tag(
        "Former Brindle employees slam CEO for his decision to lay off 11,000 via email",
        "Former employees slammed the chief executive after he laid off 11,000 people.",
    )
    assert t.kind is Kind.OTHER and t.headcount is None


def test_hiring_in_areas_such_as_ai_in_the_cuts_memo_is_the_cause() -> None:
    """v2: a shift of staff toward AI is a cause, not juxtaposition."""
    t = tag(
        "Brindle to cut nearly 2,000 workers on profitability focus",
        "Brindle is cutting about 8.5% of its workforce. Brindle intends to hire in strategic "
        "areas such as AI, its chief executive wrote.",
    )
    assert t.kind is Kind.LAYOFF and t.ai_cause


def test_roles_replaced_by_ai_while_hiring_pauses_are_a_freeze() -> None:
    """v2: replacing N roles with AI while pausing hiring, no cuts announced, is a freeze."""
    t = tag("IBM plans to replace 7,800 jobs with AI, pauses hiring certain positions")
    assert (t.kind, t.headcount) == (Kind.HIRING_FREEZE, 7800)
    t = tag(
        "IBM could replace 7,800 jobs with artificial intelligence, CEO says",
        "The company could halt hiring new workers and instead use AI tools.",
    )
    assert (t.kind, t.headcount) == (Kind.HIRING_FREEZE, 7800)


def test_roles_replaced_by_ai_with_no_hiring_pause_stay_a_layoff() -> None:
    t = tag("IBM to replace 7,800 jobs with AI", "The company will let the staff go this year.")
    assert t.kind is Kind.LAYOFF


def test_thousands_written_with_an_apostrophe_are_read() -> None:
    assert tag("Intel will lay off 20'000 employees").headcount == 20000


def test_a_share_before_a_clause_about_the_sector_is_still_the_employers() -> None:
    t = tag(
        "Vox Media announces mass layoffs",
        "Vox Media announced layoffs that will impact 7% of employees as other companies in "
        "the sector implement similar measures.",
    )
    assert t.percent == 7.0


def test_an_explainer_about_layoffs_is_analysis_not_the_layoff() -> None:
    """v2: layoff-trend pieces and advice for laid-off workers are analysis."""
    for title in (
        "How layoffs at Google could affect enterprise cloud services",
        "How You Can Really Help a Friend Who's Been Laid Off",
        "The Real Reasons For Big Tech Layoffs At Google, Microsoft, Meta, And Amazon",
    ):
        assert tag(title).kind is Kind.ANALYSIS, title


def test_laid_off_workers_as_the_object_of_other_news_are_not_a_layoff() -> None:
    for title in (
        "NSA is scooping up laid off Big Tech workers in largest hiring spree in 30 years",
        "Leaked Audio Suggests Amazon Is Considering Giving Laid Off Workers Their Jobs Back",
    ):
        assert not tag(title).kind.is_action, title
    assert tag("Amazon laid off workers on Monday").kind is Kind.LAYOFF


def test_another_employers_or_an_earlier_rounds_count_is_refused() -> None:
    for title, lead in (
        ("Acme to cut jobs, joins Google, which shed 12,000", ""),
        ("Acme cuts more jobs after 1,000 layoffs in 2022", ""),
        (
            "Acme lays off staff",
            "Acme laid off staff on Friday, the latest tech firm to cut jobs after Meta laid "
            "off 11,000.",
        ),
        (
            "Acme lays off staff",
            "Acme laid off staff on Friday. The company has laid off 3,000 people over the "
            "past year.",
        ),
    ):
        assert tag(title, lead).headcount is None, title + lead


def test_a_count_told_in_an_after_clause_that_is_the_cut_still_counts() -> None:
    t = tag(
        "Hundreds of playtesters laid off during EA Zoom call",
        "Playtesters at EA are unlikely to celebrate after over 200 of them were laid off "
        "earlier today, according to a report.",
    )
    assert t.headcount == 200


def test_a_lead_cut_dated_to_a_year_in_the_past_is_an_earlier_round() -> None:
    for lead in (
        "Acme laid off staff on Friday. The company cut 2,000 jobs in 2023.",
        "Acme laid off staff on Friday. In 2023, the company cut 2,000 jobs.",
    ):
        assert tag("Acme lays off staff", lead).headcount is None, lead
    t = tag("Acme to cut jobs", "Acme will cut 2,000 jobs in 2025, the company said.")
    assert t.headcount == 2000
