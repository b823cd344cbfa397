"""Rule failures of kinds found on fresh-stories-2.tune (real 2023 RSS items; issue 16,
session 13), each tested on its form with made-up employers and figures: a wider round's
count is no headcount; names that open on a number ('3M', '343 Industries'); a bracketed
legal form is no alias ('China Resources Beer (Holdings)' gave 'Holdings'); a bare share
cut ('to Layoff 10%'); a person's comment, workers' protests and a CEO's apology are other
news; an AI team cut is no AI cause; a product's maker is the employer the lead names."""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.companies import find_known_spans, known
from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

ROOT = Path(__file__).resolve().parents[1]


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(
        Article(title=title, text=text, link="https://example.com/a", published=datetime.now(UTC))
    )


# --- headcount: the count of a wider round, group or earlier announcement is not this one's


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # a sentence opening dated to the past
        (
            "Zentrix's robotics division was reportedly hit hard by layoffs",
            "Earlier this month, Zentrix confirmed plans to lay off around 9,000 workers. "
            "The move has hit certain divisions hard.",
        ),
        # 'on top of N layoffs announced in <month>'
        ("Brindle confirms more job cuts on top of 4,000 layoffs announced in March", ""),
        # the team is cut 'as part of recent layoffs that affected N'
        (
            "Quillo lays off its design research team",
            "Quillo laid off its design research team as part of recent layoffs that "
            "affected 6,000 employees across the company.",
        ),
        # 'as part of its layoffs affecting N'
        (
            "Quillo just laid off its longtime chief of staff",
            "Quillo has laid off its chief of staff as part of its layoffs affecting 6,000 "
            "workers, according to a report.",
        ),
        # the item's people were among a larger count
        (
            "Zentrix lays off in-house chefs in latest round of job cuts",
            "12 in-house chefs were among the 1,200 employees to lose their jobs with the "
            "company in the state of Texas.",
        ),
        # a share of a counted group: neither the group nor a workforce percent
        (
            "Harlow job cuts to begin this week after rescue bid falls through",
            "About a third of 900 staff at the retailer's head office are expected to be "
            "made redundant.",
        ),
    ],
)
def test_a_wider_rounds_count_is_not_this_actions_headcount(title: str, text: str) -> None:
    tags = tag(title, text)
    assert tags.kind is Kind.LAYOFF
    assert tags.headcount is None
    assert tags.percent is None


def test_this_rounds_own_count_is_still_read() -> None:
    tags = tag("Brindle to cut 2,000 jobs", "Brindle will cut 2,000 jobs, on top of 500 in May.")
    assert tags.headcount == 2000


# --- companies: names that open on a number, legal forms, initials


def test_a_listed_name_of_a_digit_and_a_capital_is_an_employer() -> None:
    tags = tag("3M to Restructure, Cut 6,000 Jobs", "")
    assert (tags.kind, tags.companies, tags.headcount) == (Kind.LAYOFF, ("3M",), 6000)
    assert tag("3M laying off 10 percent of workforce amid slowing demand").companies == ("3M",)


@pytest.mark.parametrize(
    "text", ["Startup raises $3M in seed funding", "The app hit 3M users", "a 3m drop"]
)
def test_an_amount_is_not_the_company_3m(text: str) -> None:
    assert find_known_spans(text) == []


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("343 Industries commits to new games despite layoffs", "343 Industries"),
        ("Halo studio 343 Industries lays off 95 staff", "343 Industries"),
        ("1047 Labs cuts 40 jobs", "1047 Labs"),
    ],
)
def test_a_name_opening_on_a_number_is_whole(title: str, employer: str) -> None:
    assert tag(title).companies[:1] == (employer,)


def test_a_count_before_a_company_word_is_still_a_count() -> None:
    tags = tag("Acme cuts 100 Media jobs", "")
    assert "100 Media" not in tags.companies


def test_holdings_is_a_legal_form_of_an_unlisted_name() -> None:
    tags = tag("Virgin Orbit Holdings to Cut Workforce by 85%")
    assert (tags.companies, tags.percent) == (("Virgin Orbit",), 85.0)


def _builder() -> object:
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "scripts/build_gazetteer.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


def test_a_legal_form_in_brackets_is_no_alias() -> None:
    """'China Resources Beer (Holdings)' made 'Holdings' an alias, so 'Virgin Orbit
    Holdings' was tagged 'China Resources Beer'."""
    build = _builder()
    assert build._with_aliases("China Resources Beer (Holdings)") == ("China Resources Beer", [])  # type: ignore[attr-defined]
    assert build._with_aliases("Postal Savings Bank of China (PSBC)")[1] == ["PSBC"]  # type: ignore[attr-defined]
    assert known("Holdings") is None
    assert known("3M") == "3M"


def test_forbes_source_still_holds_the_bracketed_legal_form() -> None:
    """The data the guard is for (bot/data/sources/forbes_global_2000_2025.csv)."""
    with (ROOT / "bot/data/sources/forbes_global_2000_2025.csv").open(encoding="utf-8") as fh:
        names = {row["Company"] for row in csv.DictReader(fh)}
    assert "China Resources Beer (Holdings)" in names


@pytest.mark.parametrize(
    "title",
    [
        "Stephen A Smith weighs in on Brindle layoffs: 'I could be next'",
        "Stephen A. Smith speaks out about Brindle layoffs, warns 'I could be next'",
    ],
)
def test_a_person_with_a_middle_initial_commenting_is_other_news_of_the_employer(
    title: str,
) -> None:
    tags = tag(title, "About 20 on-air personalities were laid off at Brindle last week.")
    assert tags.kind is Kind.OTHER
    assert "Stephen" not in tags.companies


def test_plural_descriptors_end_a_name() -> None:
    assert "Developers Ready" not in tag("Acme Game Developers Ready Suffer Layoffs").companies


# --- percent


@pytest.mark.parametrize(
    ("title", "percent"),
    [
        ("Zentrix to Layoff 10%", 10.0),
        ("Zentrix to layoff 12% and closing all offices", 12.0),
        ("Zentrix stealthily lays off 10% of remaining workers, including tech staff", 10.0),
        ("Zentrix will cut staff by 'approximately 17%'", 17.0),
        ("Major Crypto Platform Zentrix Cuts Headcount 20% For The Second Time", 20.0),
        ("Zentrix lays off 5% to 6% of its workforce, or about 2,000 employees", 5.0),
    ],
)
def test_workforce_shares_in_their_real_forms(title: str, percent: float) -> None:
    assert tag(title).percent == percent


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # a share of named groups, not the whole workforce
        (
            "Quillo brands to lay off staff as its news channel shuts down",
            "Layoffs will be hitting 25% of employees across the Showtime, MTV Entertainment "
            "Studios and Paramount Media Networks groups in the U.S.",
        ),
        # a share of costs, then another clause
        (
            "Harlow to lay off swathe of workers",
            "Harlow needs to cut its wage bill by a third within months, staff were told.",
        ),
    ],
)
def test_shares_that_are_not_the_workforce(title: str, text: str) -> None:
    assert tag(title, text).percent is None


def test_a_bare_share_of_something_else_is_no_percent() -> None:
    assert tag("Zentrix cuts 10% of costs and 200 jobs").percent is None


# --- kind: reactions are other news


@pytest.mark.parametrize(
    "title",
    [
        "Zentrix workers upset over layoffs, return-to-office mandate plan walkout",
        "Seattle Zentrix workers plan walkout in response to layoffs and office mandate",
        "Following layoffs at Quillo Games, staff have formed a union",
        "Brindle faces unfair labor practice complaint for planned mass layoff of union members",
        "CEO apologizes for using a famous quote in layoffs email",
        "Brindle CEO: I'm Sorry I Quoted a Poet When I Laid Off All Those People",
    ],
)
def test_a_reaction_to_cuts_is_other_news(title: str) -> None:
    assert tag(title).kind is Kind.OTHER


def test_the_employer_of_the_answered_cuts_is_named() -> None:
    assert tag("Following layoffs at Quillo Games, staff have formed a union").companies == (
        "Quillo Games",
    )


def test_the_employers_own_layoff_is_still_a_layoff() -> None:
    assert tag("Zentrix lays off 300 workers who went on strike").kind is Kind.LAYOFF


# --- ai_cause: an AI team as what is cut is no cause (v2 juxtaposition)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Zentrix lays off team that taught employees how to make AI tools responsibly", ""),
        ("Zentrix lays off team responsible for AI ethics", ""),
        ("Zentrix cuts staff", "The AI ethics and society team at the company has been cut."),
    ],
)
def test_an_ai_team_cut_is_not_an_ai_cause(title: str, text: str) -> None:
    tags = tag(title, text)
    assert tags.kind is Kind.LAYOFF
    assert tags.ai_cause is False


def test_roles_replaced_by_ai_are_still_a_cause() -> None:
    assert tag("Zentrix lays off 200 support staff, replaced by AI chatbots").ai_cause is True


# --- a product's maker


@pytest.mark.parametrize(
    ("title", "text", "employer"),
    [
        (
            "Skyward Quest Dev Cancels Spinoff, Lays Off 120 People",
            "Skyward Quest developer Lumora has become the latest studio to announce layoffs.",
            "Lumora",
        ),
        (
            'Ironvale studio confirms "a number of" layoffs as it shuts down publishing arm',
            'Ironvale developer Brightforge has confirmed a "number of" layoffs at the studio.',
            "Brightforge",
        ),
    ],
)
def test_a_products_maker_is_the_employer_the_lead_names(
    title: str, text: str, employer: str
) -> None:
    tags = tag(title, text)
    assert (tags.kind, tags.companies[:1]) == (Kind.LAYOFF, (employer,))


def test_a_maker_named_after_its_descriptor_stays() -> None:
    tags = tag("Skyward Quest maker Lumora lays off 230 employees, cancels games")
    assert tags.companies[:1] == ("Lumora",)


def test_a_described_employer_is_the_one_the_lead_names() -> None:
    """'Major Crypto Platform Cuts Headcount 20%': the headline describes the employer
    ('Crypto' is no name); the lead names it."""
    tags = tag(
        "Major Crypto Platform Cuts Headcount 20% For The Second Time In Seven Months",
        "Coinbase announced plans to dismiss roughly 20% of its employees.",
    )
    assert (tags.companies[:1], tags.percent) == (("Coinbase",), 20.0)


@pytest.mark.parametrize(
    ("title", "text", "employer"),
    [
        # a listed name, described: it stays
        (
            "Coinbase Crypto Exchange to Cut Nearly 1,000 Jobs",
            "Rivals Kraken and Gemini cut too.",
            "Coinbase",
        ),
        # a predicate, not a subject
        (
            "Atlassian is the latest tech firm to axe jobs",
            "The co-CEOs said 500 roles go.",
            "Atlassian",
        ),
    ],
)
def test_a_named_employer_with_a_descriptor_stays(title: str, text: str, employer: str) -> None:
    assert tag(title, text).companies[:1] == (employer,)


def test_a_units_acronym_name_hit_by_its_parents_layoffs_comes_first() -> None:
    tags = tag("Brindle layoffs hit ABC News as several top executives let go")
    assert tags.companies == ("ABC News", "Brindle")
    assert tag("Brindle layoffs hit HR Department").companies == ("Brindle",)


def test_cuts_hitting_a_described_employer_name_it() -> None:
    tags = tag("Mass layoffs reportedly hit Ironvale publisher Lumora")
    assert (tags.kind, tags.companies[:1]) == (Kind.LAYOFF, ("Lumora",))


def test_a_cancellation_with_announced_layoffs_is_a_layoff() -> None:
    tags = tag("Quillo Media cancels flagship show, announces 'painful' layoffs")
    assert (tags.kind, tags.companies) == (Kind.LAYOFF, ("Quillo Media",))
    assert tag("Quillo Cancels Its Flagship Game as Brindle Layoffs Sweep").kind is Kind.OTHER


def test_planned_cuts_after_an_earlier_round_are_a_new_layoff() -> None:
    tags = tag("Salesforce planning thousands of more cuts after widespread layoffs, report says")
    assert (tags.kind, tags.companies) == (Kind.LAYOFF, ("Salesforce",))


def test_a_name_said_twice_by_a_glued_photo_credit_is_said_once() -> None:
    tags = tag(
        "Quillo Games is reportedly the latest studio to cut developer jobs",
        "Image: Quillo Games Quillo Games is reportedly cutting some of its contracted staff.",
    )
    assert tags.companies == ("Quillo Games",)


@pytest.mark.parametrize(
    ("title", "text", "headcount"),
    [
        ("Zentrix is set to layoff 125 managing directors in third round of job cuts", "", 125),
        ("Zentrix Plans to Lay Off at Least 1,000 Contract, Salaried Workers", "", 1000),
        (
            "Quillo is laying off 11 percent of its staff",
            "The CEO confirmed the marketplace is letting go of 11 percent of its staff "
            "(around 225 employees).",
            225,
        ),
        (
            "Lumora lays off 24 percent of its workforce",
            "Lumora is laying off 24 percent of its workforce. Brindle's self-driving "
            "subsidiary says it will cut approximately 900 employees.",
            900,
        ),
    ],
)
def test_counts_in_their_real_forms(title: str, text: str, headcount: int) -> None:
    assert tag(title, text).headcount == headcount


def test_another_listed_employers_count_is_still_refused() -> None:
    tags = tag("Lumora lays off 24 percent of its workforce", "Rival Google will cut 900 jobs.")
    assert tags.headcount is None


def test_a_unit_named_after_the_parents_cut_comes_first_with_its_share() -> None:
    tags = tag("Brindle to cut staff of health sciences unit Lumora by 15%")
    assert (tags.companies, tags.percent) == (("Lumora", "Brindle"), 15.0)
    assert tag("Google to cut 200 jobs in its cloud unit").companies == ("Google",)


def test_a_robot_company_described_is_no_ai_cause() -> None:
    tags = tag(
        "Zentrix plans for more layoffs as the sector's economic woes deepen",
        "Robot delivery startup Zentrix announced plans to layoff a portion of its workforce "
        "and to pause its commercial operations.",
    )
    assert (tags.kind, tags.ai_cause) == (Kind.LAYOFF, False)
    assert tag("Zentrix lays off 200 warehouse workers, replaced by robots").ai_cause is True


def test_a_product_team_is_its_listed_owners() -> None:
    assert tag("Microsoft HoloLens team hit by layoffs").companies == ("Microsoft",)
    assert tag("Epic Games layoffs hit Bandcamp").companies == ("Bandcamp", "Epic Games")


@pytest.mark.parametrize(
    "title",
    [
        "Zentrix employee who slept on the office floor laid off in latest cuts",
        "Brindle just laid off the guy it bought its comics arm from",
    ],
)
def test_one_persons_layoff_told_as_a_story_is_other_news(title: str) -> None:
    assert tag(title).kind is Kind.OTHER


def test_employees_laid_off_are_still_a_layoff() -> None:
    assert tag("Zentrix employees laid off in latest cuts").kind is Kind.LAYOFF


@pytest.mark.parametrize(
    "title",
    [
        "Quillo Games Says Its Titles Won't Be Affected By Brindle Layoffs",
        "Skyward Quest Publisher Raises Salaries Amid Industry-Wide Layoffs",
        "343 Says It's Still Making Its Games, Despite Layoffs",
        "In a year beset by layoffs, Quillo Games just gave its staff a bonus",
    ],
)
def test_a_named_subjects_own_news_amid_layoffs_is_other(title: str) -> None:
    assert tag(title).kind is Kind.OTHER


@pytest.mark.parametrize(
    "title",
    [
        "Economists Say Layoffs Will Keep Coming",
        "Young People Say Layoffs Hurt Most",
        "Biden Says Layoffs Are Worrying",
        "Joe Biden Says Layoffs Are Worrying",
    ],
)
def test_generic_subjects_and_people_on_layoffs_stay_commentary(title: str) -> None:
    assert tag(title).kind is Kind.ANALYSIS


@pytest.mark.parametrize(
    "title",
    [
        "Zentrix Raises $25 Million After Laying Off Nearly Half Its Employees",
        "'Skyward Quest Online' Is Reported To Be 'Basically On Ice' Amidst New Layoffs",
    ],
)
def test_news_with_the_cut_before_it_is_other(title: str) -> None:
    tags = tag(title)
    assert tags.kind is Kind.OTHER
    assert tags.percent is None


def test_a_workforce_move_after_a_cut_is_no_follow_up() -> None:
    """Only other news (money, products, results) makes the earlier cut its occasion."""
    from bot.tagging.follow_up import _follow_up

    assert not _follow_up("Zentrix is relocating to Europe after laying off most of its staff")
    assert _follow_up("Zentrix Raises $25 Million After Laying Off Nearly Half Its Employees")


def test_a_rounded_headline_share_gives_way_to_the_leads_exact_one() -> None:
    tags = tag(
        "Quillo Is Laying Off Almost 10% Of Its Workforce",
        "Quillo has laid off 100 people as it reduces its workforce by 9%.",
    )
    assert (tags.percent, tags.headcount) == (9.0, 100)
    far = tag(
        "Quillo Is Laying Off Almost 10% Of Its Workforce",
        "Quillo has laid off 100 people as it reduces its workforce by 4%.",
    )
    assert far.percent == 10.0
