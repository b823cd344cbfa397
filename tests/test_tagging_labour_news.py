"""Issue 16, session 19 (fresh-2026.tune): headlines about jobs that are no one employer's
action (shared/spec/tagging.md v2). A region's employers in the plural are a sector's trend,
the month's labour figures are statistics about work (analysis), and cuts named only as a
report or rumour someone disputes are the answer's news (other). Each rule with decoys;
headlines written for the tests, names made up."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger
from bot.tagging.labour_news import labour_data

NOW = datetime(2026, 1, 9, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_a_regions_employers_in_the_plural_are_a_sector_not_an_employer() -> None:
    for title in (
        "European banks plan to cut 200,000 jobs as AI takes hold",
        "Nordic lenders may lay off 20,000 due to AI",
    ):
        t = tag(title)
        assert (t.kind, t.companies) == (Kind.ANALYSIS, ()), title
    # one employer of the region stays an employer's cut
    t = tag("Zentrix Bank plans to cut 2,000 jobs as AI takes hold")
    assert t.kind is Kind.LAYOFF and t.companies == ("Zentrix Bank",)


def test_the_months_labour_figures_are_analysis() -> None:
    for title in (
        "US added 50K jobs in December as hiring slowed",
        "Economy added 50,000 jobs in December: The key facts and figures",
        "Unemployment falls to 4.4% in December, closing out a frustrating year",
        "Hiring slows in December to end the weakest year of job growth since 2020",
        "Mixed December jobs report caps off sluggish year for employers, workers",
    ):
        assert tag(title).kind is Kind.ANALYSIS, title
    # markets or a leak on the occasion of the figures are not the figures' news
    assert tag("Stocks, dollar higher in wake of US jobs report").kind is Kind.OTHER
    assert not labour_data("President accidentally disclosed jobs report data before release")
    # an employer's own cut keeps its kind
    assert tag("Zentrix cuts 500 jobs as hiring slows").kind is Kind.LAYOFF


def test_a_disputed_layoff_report_is_the_answers_news() -> None:
    for title in (
        'Zentrix Exec Dismisses Mass Layoff Report: "100% Made Up"',
        "'Completely wrong': Zentrix executive shuts down layoff rumours",
        "Zentrix execs respond to mass layoff rumors",
    ):
        t = tag(title, "Rumors said Zentrix is preparing to cut thousands of jobs to pay for AI.")
        assert (t.kind, t.ai_cause) == (Kind.OTHER, False), title
    # a report of cuts confirmed, or cuts reported plainly, is the cut
    assert tag("Zentrix confirms layoff reports, cuts 300 jobs").kind is Kind.LAYOFF
    assert tag("Zentrix dismisses 300 staff").kind is Kind.LAYOFF


def test_staff_facing_dismissal_are_a_cut() -> None:
    t = tag("Zentrix employees from Gaza face dismissal while living in exile")
    assert (t.kind, t.companies) == (Kind.LAYOFF, ("Zentrix",))
    assert tag("Zentrix workers face layoffs as sales slump").kind is Kind.LAYOFF


def test_jobs_put_at_risk_by_a_business_failing_are_no_cut() -> None:
    for title in (
        "Zentrix and Quillo near collapse, putting 2,550 jobs at risk",
        "Zentrix falls into administration, putting 400 jobs at risk",
    ):
        t = tag(title)
        assert (t.kind, t.headcount) == (Kind.OTHER, None), title
    # an employer's own proposal puts jobs at risk: a planned cut
    assert tag("Zentrix restructuring puts 400 jobs at risk").kind is Kind.LAYOFF


def test_one_person_fired_is_no_layoff() -> None:
    for title, text in (
        (
            "Quillo fire Jane Doe after missing playoffs",
            "The Quillo have fired head coach Jane Doe.",
        ),
        ("Zentrix government sacks Doe, suspends national team at cup 2025", ""),
        ("San Francisco bartender fired after viral clash", "He was let go from his job."),
    ):
        assert tag(title, text).kind is Kind.OTHER, title
    # a count, or staff named beside the firing, is a cut
    assert tag("Zentrix fires 200 workers").kind is Kind.LAYOFF
    assert (
        tag("Zentrix abruptly axes Metaverse project, triggers staff layoffs").kind is Kind.LAYOFF
    )


def test_a_number_after_a_count_and_an_acronym_is_a_title() -> None:
    assert tag("Zentrix hasn't explained firing over 30 GTA 6 developers").headcount is None
    assert tag("IBM to cut 500 jobs").headcount == 500


def test_a_closure_counts_when_a_sentence_opens_on_the_staff() -> None:
    text = "Employees have until January 12 to respond to the closure proposal."
    t = tag("Zentrix Games Proposes Closing All Stores in New Zealand", text)
    assert (t.kind, t.companies) == (Kind.LAYOFF, ("Zentrix Games",))
    # a product's closure with no staff named stays other news
    assert tag("Zentrix Proposes Closing Its Online Store").kind is Kind.OTHER


def test_an_epithet_or_a_bare_boss_title_is_no_employer() -> None:
    lead = "Jane Doe, the founder of Zentrix, said she will stop hiring humans in sales."
    for title in (
        "'Godfather of SaaS' Says He Replaced Most of His Sales Team With AI Agents",
        "Founder says he replaced most of his support team with AI agents",
    ):
        assert tag(title, lead).companies == ("Zentrix",), title
        assert tag(title).companies == (), title
    # a company's name is kept
    assert tag("Zentrix says it replaced most of its support team with AI agents").companies == (
        "Zentrix",
    )


def test_an_analysts_forecast_in_the_lead_is_no_employers_cut() -> None:
    lead = (
        "Zentrix Capital forecasts over 200,000 European banking jobs could be lost in the "
        "next four years due to AI. Analysts predict a 10% workforce reduction by 2030."
    )
    t = tag("200,000 European banking jobs at risk, warns Zentrix Capital", lead)
    assert (t.kind, t.headcount) == (Kind.ANALYSIS, None)
    # the employer's own cut told in the lead stays its cut
    t = tag("Jobs go at Zentrix", "Zentrix said it will cut 300 jobs as AI takes over support.")
    assert t.kind is Kind.LAYOFF
