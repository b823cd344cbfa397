"""Employers no data file lists (issue 16, session 18): the structural cues alone must name
them, as on held-out news. scripts/company_ablation.py measures the same thing on the tune
sets (every labelled employer hidden from companies.json, employers.json, brands.json).
Every name here is made up and listed nowhere; each rule with the decoys it must not take.
Spec: shared/spec/tagging.md, companies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.companies import known, word_named_employers
from bot.models import Article
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)
UNLISTED = ("Zentrix", "Veltora", "Korvano", "HALVEX", "Beacon", "Quiver", "TROWEL")


def _companies(title: str, text: str = "") -> tuple[str, ...]:
    article = Article(title=title, text=text, link="https://example.test/a", published=NOW)
    return RuleTagger().tag(article).companies


def test_the_names_of_these_tests_are_listed_nowhere() -> None:
    assert [n for n in UNLISTED if known(n) or n in word_named_employers()] == []


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Zentrix-owner Veltora to cut 10,000 staff", "Veltora"),
        ("Zentrix-parent Veltora plans to lay off another 10,000 employees", "Veltora"),
        ("Zentrix-Owner Veltora Lays Off 2,000 Workers", "Veltora"),
    ],
)
def test_a_brand_joined_to_owner_or_parent_introduces_the_acting_owner(
    title: str, employer: str
) -> None:
    assert _companies(title)[:1] == (employer,)


def test_a_hyphenated_owner_word_inside_a_name_is_left_alone() -> None:
    # no capitalised name after it: nothing to introduce
    assert _companies("Korvano to cut 200 jobs at its home-owner lending unit")[:1] == ("Korvano",)


@pytest.mark.parametrize(
    "title",
    [
        "Veltora’s reportedly planning to lay off thousands of workers this week",
        "Veltora's planning to cut 200 jobs",
        "Veltora's set to cut 200 jobs",
    ],
)
def test_an_s_before_a_participle_is_the_verb_is_not_part_of_the_name(title: str) -> None:
    assert _companies(title)[:1] == ("Veltora",)


def test_an_owner_s_before_a_participle_adjective_stays_the_owner() -> None:
    # "Veltora's growing AI team": an owner and what it owns, no 'is'
    assert "Veltora's" not in _companies("Veltora's growing AI team cuts 40 jobs")


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Embattled Zentrix Lays Off 200 Workers", "Zentrix"),
        ("Destiny 2 Players Stunned Zentrix Has Laid Off Its Composer", "Zentrix"),
        ("Australia Korvano Global plans 2,000 job cuts amid AI overhaul", "Korvano"),
    ],
)
def test_a_participle_or_place_opening_an_unlisted_name_is_no_part_of_it(
    title: str, employer: str
) -> None:
    assert _companies(title)[:1] == (employer,)


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Singapore Airlines to cut 200 jobs", "Singapore Airlines"),  # dictionary words
        ("Flying Tiger Lays Off 200 Workers", "Flying Tiger"),
    ],
)
def test_a_place_or_participle_before_dictionary_words_stays_in_the_name(
    title: str, employer: str
) -> None:
    assert _companies(title)[:1] == (employer,)


def test_capitals_a_dictionary_word_is_never_written_in_make_it_a_name() -> None:
    assert _companies("TROWEL to Cut 3,000 Jobs After Profit Plunges")[:1] == ("TROWEL",)
    # the same word in a headline written all in capitals says nothing (no count cut either)
    assert "TROWEL" not in _companies("TROWEL TO CUT JOBS AFTER PROFIT PLUNGES")


@pytest.mark.parametrize(
    "lead",
    [
        "The software company’s move to let go about 600 employees follows a string of cuts.",
        "The German software maker joined the ranks of tech companies announcing job cuts.",
        "CEO Jane Marlowe said the cuts are due to economic uncertainty.",
    ],
)
def test_a_lead_restating_the_subject_makes_a_title_case_dictionary_word_a_name(
    lead: str,
) -> None:
    assert _companies("Quiver Conducts Its Third Round of Layoffs", lead)[:1] == ("Quiver",)


def test_a_title_case_dictionary_word_the_lead_does_not_restate_is_no_name() -> None:
    lead = "Layoffs keep coming across the industry this year, with more expected."
    assert "Quiver" not in _companies("Quiver Conducts Its Third Round of Layoffs", lead)


@pytest.mark.parametrize(
    "title",
    [
        "HALVEX's Beacon laying off 900, or 24% of its workforce",
        "HALVEX’s Beacon slashes more than 900 jobs after recalling robotaxis",
    ],
)
def test_an_acronym_owner_s_unit_is_the_unit_before_its_owner(title: str) -> None:
    # not one name "HALVEX's Beacon" (as "David's Bridal" is)
    assert _companies(title)[:2] == ("Beacon", "HALVEX")


def test_a_dictionary_word_unit_after_an_owner_s_is_still_a_name() -> None:
    title = "HALVEX's Beacon laying off 900, or 24% of its workforce"
    lead = "HALVEX’ Beacon on Thursday announced internally that it will lay off 900 employees."
    assert _companies(title, lead)[:1] == ("Beacon",)


@pytest.mark.parametrize(
    "title",
    [
        "Veltora planning hundreds of job cuts",
        "Veltora weighing thousands of job cuts",
        "Veltora mulls layoffs",
    ],
)
def test_an_employer_planning_or_weighing_its_cuts_is_their_employer(title: str) -> None:
    assert _companies(title)[:1] == ("Veltora",)


def test_planning_a_probe_into_others_layoffs_makes_no_one_their_employer() -> None:
    assert "Senator" not in _companies("Senator plans probe into Veltora layoffs")


@pytest.mark.parametrize(
    "title",
    [
        "Quiver Slashes 40% of Staff in Biggest AI Job Replacement Yet",
        "Quiver Plans to Lay Off at Least 1,000 Contract, Salaried Workers",
        "Listing Jobs but Not Hiring: Quiver Cuts 15% of Staff",
    ],
)
def test_a_title_case_word_cutting_a_counted_workforce_is_its_employer(title: str) -> None:
    assert _companies(title)[:1] == ("Quiver",)


@pytest.mark.parametrize(
    "title",
    ["Hollywood Cuts 10,000 Jobs", "Retail Cuts 5% of Staff", "Automation Cuts 40% of Staff"],
)
def test_a_place_sector_or_ai_word_cutting_a_count_is_no_employer(title: str) -> None:
    assert _companies(title) == ()


@pytest.mark.parametrize(
    "title",
    [
        "Veltora to make job cuts after takeover",
        "Veltora preparing to make 'significant' layoffs under new leadership",
    ],
)
def test_an_employer_making_its_cuts_is_their_employer(title: str) -> None:
    article = Article(title=title, text="", link="https://example.test/a", published=NOW)
    tags = RuleTagger().tag(article)
    assert (tags.kind.value, tags.companies[:1]) == ("layoff", ("Veltora",))


def test_the_place_of_a_boss_s_layoffs_the_lead_calls_the_company_is_their_employer() -> None:
    lead = "The social media company’s 7,500 employees have been bracing for job cuts."
    assert _companies("Jane Marlowe Begins Layoffs at Quiver", lead)[:1] == ("Quiver",)


def test_a_parent_making_a_new_round_at_a_unit_names_the_unit_first() -> None:
    # only 'to make' is the employer's own verb; 'makes a round ... at X' is X's round
    title = "Veltora makes new round of layoffs, this time at Mythforce developer Korvano"
    assert _companies(title)[:1] == ("Korvano",)


@pytest.mark.parametrize(
    ("title", "lead", "employer"),
    [
        (
            "Korvano announces fresh round of layoffs",
            "Korvano Communications said it would cut 17% of its workforce.",
            "Korvano",
        ),
        ("Veltora lays off 7,000", "Veltora Group confirmed the cuts on Monday.", "Veltora"),
        # 'Quiver' alone is an English word: its group name is the name
        ("Quiver lays off 300", "Quiver Group confirmed the cuts on Monday.", "Quiver Group"),
        # a word that makes a name is kept ('Zentrix Translations')
        (
            "Zentrix to cut 40 jobs",
            "Zentrix Translations said it would cut 40 jobs in Leeds.",
            "Zentrix Translations",
        ),
    ],
)
def test_a_group_or_legal_word_the_lead_adds_to_a_brand_is_left_out(
    title: str, lead: str, employer: str
) -> None:
    assert _companies(title, lead)[:1] == (employer,)
