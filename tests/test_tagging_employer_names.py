"""Multi-word employer names whose first word is an ordinary word or a place (issue 16,
session 12): the gazetteer knows the full name, so the run is not cut to its tail
('Jaguar Land Rover' was 'Rover', 'Paramount Skydance' 'Skydance', 'Ford of Europe'
'Europe'), in Title Case headlines and in sentence-case leads alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.companies import known
from bot.models import Article, Tags
from bot.tagging import RuleTagger


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(
        Article(title=title, text=text, link="https://example.com/a", published=datetime.now(UTC))
    )


NAMES = [
    ("Jaguar Land Rover", "Jaguar Land Rover"),
    ("Paramount Skydance", "Paramount Skydance"),
    ("Ford of Europe", "Ford"),  # a regional arm: the plain brand the labels use
    ("Sony Interactive Entertainment", "Sony"),
    ("General Motors", "General Motors"),
    ("Land Rover", "Jaguar Land Rover"),
    ("Warner Bros. Discovery", "Warner Bros. Discovery"),
    ("Bank of America", "Bank of America"),
    ("Royal Mail", "Royal Mail"),
    ("United Airlines", "United Airlines"),
    ("Electronic Arts", "Electronic Arts"),
]


@pytest.mark.parametrize(("name", "employer"), NAMES)
def test_a_title_case_headline_names_the_whole_listed_name(name: str, employer: str) -> None:
    """Every word is capitalised, so only the gazetteer tells the name from the words."""
    tags = tag(f"{name.replace(' of ', ' Of ')} To Cut 500 Jobs")
    assert (tags.kind, tags.companies[:1]) == ("layoff", (employer,))


@pytest.mark.parametrize(("name", "employer"), NAMES)
def test_a_sentence_case_headline_names_the_whole_listed_name(name: str, employer: str) -> None:
    tags = tag(f"{name} to cut 500 jobs")
    assert (tags.kind, tags.companies[:1]) == ("layoff", (employer,))


# 'Warner Bros.' ends a lead's sentence at its abbreviation (bot/text.py), left as it is.
LEAD_NAMES = [(n, e) for n, e in NAMES if not n.startswith("Warner Bros.")]


@pytest.mark.parametrize(("name", "employer"), LEAD_NAMES)
def test_a_lead_opening_on_the_name_names_it_whole(name: str, employer: str) -> None:
    """The name opens the lead's sentence: its first word is capitalised anyway."""
    tags = tag("Another round of job cuts", f"{name} will cut 500 jobs at its main site.")
    assert (tags.kind, tags.companies[:1]) == ("layoff", (employer,))


def test_a_name_mid_sentence_is_named_whole() -> None:
    tags = tag("Job cuts", "Carmaker Jaguar Land Rover said on Monday it would cut 500 jobs.")
    assert tags.companies[:1] == ("Jaguar Land Rover",)
    tags = tag("Job cuts", "Media giant Paramount Skydance said it would lay off 1,000 staff.")
    assert tags.companies[:1] == ("Paramount Skydance",)


def test_the_brand_outlets_use_is_the_canonical_name() -> None:
    """Forbes lists 'H&M - Hennes & Mauritz': the brand it leads with is what headlines
    and labels say."""
    assert known("Hennes & Mauritz") == known("H&M") == "H&M"
    assert tag("H&M to cut 500 jobs").companies == ("H&M",)
    assert tag("H&M To Cut 500 Jobs").companies == ("H&M",)


def test_the_unit_an_owners_cuts_hit_comes_first() -> None:
    """v2: a unit before its parent; 'Epic's Layoffs Hit Bandcamp' named no one."""
    assert tag("Epic's Layoffs Hit Bandcamp").companies[:1] == ("Bandcamp",)
    assert tag("Epic Games layoffs hit Bandcamp").companies == ("Bandcamp", "Epic Games")


@pytest.mark.parametrize(
    "title",
    [
        "Former Twitter staff say layoffs were rushed",
        "General strike called as layoffs hit factories",
        "United we stand: workers rally against layoffs",
    ],
)
def test_ordinary_words_beside_a_name_do_not_join_it(title: str) -> None:
    """Only a name the gazetteer lists joins words across a run's break: 'Former' and
    'General' stay words."""
    tags = tag(title)
    assert all(not c.startswith(("Former", "General ", "United ")) for c in tags.companies)


@pytest.mark.parametrize(
    ("name", "employer"),
    [
        ("General Mills", "General Mills"),
        ("General Electric", None),  # not listed: no widening by guess
        ("Capital One", "Capital One"),
        ("Dollar General", "Dollar General"),
        ("Home Depot", "Home Depot"),
        ("Royal Bank of Canada", known("Royal Bank of Canada")),
    ],
)
def test_a_listed_name_opening_or_closing_on_a_common_word_is_named_whole(
    name: str, employer: str | None
) -> None:
    """'General', 'One', 'Home' are words that end a run by themselves: the run was cut
    to its other word ('Capital', 'Dollar') or to nothing; the gazetteer knows the whole."""
    for title in (f"{name} To Cut 500 Jobs", f"{name} to cut 500 jobs"):
        companies = tag(title).companies
        if employer is None:
            assert name not in companies
        else:
            assert companies[:1] == (employer,)


def test_a_listing_of_a_hand_listed_brand_is_that_brand() -> None:
    """'Ford Motor' was an employer of its own beside the hand list's 'Ford' (the labels'
    form), and 'Ford Motor Co. to cut' named 'Motor Co'."""
    assert known("Ford Motor") == known("Ford Motor Company") == "Ford"
    assert known("Uber Technologies") == "Uber"
    assert tag("Ford Motor Co. to cut 3,000 jobs").companies == ("Ford",)


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Intel Foundry to cut 500 jobs", "Intel"),
        ("Sony Music To Cut 100 Jobs", "Sony"),
        ("Amazon Prime Video cuts jobs", "Amazon"),
        ("Microsoft Hosts Concert Before Laying Off 1,000", "Microsoft"),
    ],
)
def test_a_listed_parents_unit_named_with_dictionary_words_is_the_parent(
    title: str, employer: str
) -> None:
    """'Foundry', 'Music' alone are no employers (they were the answer): the listed
    parent whose unit they name is (labels list the parent with its unit)."""
    assert tag(title).companies[:1] == (employer,)
