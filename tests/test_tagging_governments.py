"""A government named by its leader is the employer of its staff, never the leader, and a
listed name opening a headline in sentence case is read whole (issue #16, session 20):
'Trump administration fires ...' was Trump's action, 'Civil service to shed ...' Civil's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article, Tags
from bot.tagging import RuleTagger
from bot.tagging.governments import government_employers


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(
        Article(title=title, text=text, link="https://example.com/a", published=datetime.now(UTC))
    )


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Trump administration fires 1,300 federal workers", "US federal government"),
        ("Biden administration cuts 500 jobs", "US federal government"),
        ("The Trump administration to lay off thousands of federal employees",
         "US federal government"),
        ("Starmer government to cut 10,000 civil servants", "Civil Service"),
        ("Carney government to cut 40,000 public service jobs", "Government of Canada"),
    ],
)  # fmt: skip
def test_a_government_named_by_its_leader_is_the_employer_not_the_leader(
    title: str, employer: str
) -> None:
    tags = tag(title)
    assert tags.kind.is_action
    assert tags.companies == (employer,)


def test_a_named_body_still_wins_over_the_administration_cutting_it() -> None:
    assert tag("Trump administration lays off 1,000 at IRS").companies == ("IRS",)


def test_an_unlisted_leaders_government_gives_no_person_as_employer() -> None:
    assert government_employers("Milei government fires 5,000", ("Milei",)) == ()


def test_an_administration_acting_on_another_employer_leaves_that_employer() -> None:
    title = "Trump administration cancels $400 million in federal dollars for Columbia University"
    assert government_employers(title, ("Columbia University",)) == ("Columbia University",)
    # a listed employer's name before 'administration' is itself ('Acme' is no leader)
    assert government_employers("Google administration staff cut", ("Google",)) == ("Google",)


@pytest.mark.parametrize(
    "title", ["Civil service to shed 10,000 jobs", "Civil service cuts to hit 10,000 jobs"]
)
def test_a_listed_name_opening_a_sentence_case_headline_is_read_whole(title: str) -> None:
    tags = tag(title)
    assert tags.companies == ("Civil Service",)
    assert tags.headcount == 10000


def test_a_first_word_that_opens_no_listed_name_stays_the_employer() -> None:
    assert government_employers("Acme service to shed 100 jobs", ("Acme",)) == ("Acme",)


def test_a_leader_is_no_company_of_an_item_that_states_no_cut() -> None:
    title = "Trump administration says there are ways U.S. can lift Venezuelan oil output quickly"
    assert government_employers(title, ("Trump",), acting=False) == ()


def test_a_listed_first_word_keeps_its_own_name() -> None:
    title = "PlayStation Studios head confirms projects cancelled in wake of layoffs"
    assert government_employers(title, ("PlayStation",)) == ("PlayStation",)
