"""Public employers (issue #16, session 19): a public body's name is one span, 'of' and
'and' inside it included, and the gazetteer knows the US federal agencies (Federal
Register list) by their names and short forms; a title, a verb or another employer is no
part of such a name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.companies import known
from bot.models import Article, Tags
from bot.tagging import RuleTagger
from bot.tagging.public_bodies import body_spans


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(
        Article(title=title, text=text, link="https://example.com/a", published=datetime.now(UTC))
    )


# Made-up bodies: the structure alone keeps the name whole.
MADE_UP = [
    ("Department of Lunar Affairs to cut 300 jobs", "Department of Lunar Affairs"),
    ("Ministry of Coastal Works to cut 1,200 jobs", "Ministry of Coastal Works"),
    (
        "National Glacier and Tundra Administration to lay off 200 workers",
        "National Glacier and Tundra Administration",
    ),
    ("Federal Bridge Safety Agency lays off 80 staff", "Federal Bridge Safety Agency"),
]


@pytest.mark.parametrize(("title", "employer"), MADE_UP)
def test_a_made_up_body_keeps_its_whole_name(title: str, employer: str) -> None:
    assert tag(title).companies[:1] == (employer,)


# Real agencies: the whole name, then the gazetteer's canonical form.
REAL = [
    ("Department of Veterans Affairs to cut 30,000 jobs", "Veterans Affairs Department"),
    ("Department Of Veterans Affairs To Cut 30,000 Jobs", "Veterans Affairs Department"),
    ("Veterans Affairs to cut 30,000 jobs", "Veterans Affairs Department"),
    ("Department of Health and Human Services to cut 10,000 jobs", "HHS"),
    ("National Oceanic and Atmospheric Administration to lay off 1,000 workers", "NOAA"),
    ("Internal Revenue Service to lay off 6,000 workers", "IRS"),
    ("Federal Aviation Administration fires 400 workers", "FAA"),
    ("Bureau of Labor Statistics cuts 100 jobs", "BLS"),
    ("National Park Service to cut 1,000 jobs", "NPS"),
    ("Education Dept. to lay off 1,300 workers", "Education Department"),
    ("USAID lays off 1,600 staff", "USAID"),
    ("FEMA fires 200 employees", "FEMA"),
    ("UK Ministry of Justice to cut 2,000 jobs", "Ministry of Justice"),
]


@pytest.mark.parametrize(("title", "employer"), REAL)
def test_a_real_agency_is_named_by_its_canonical_name(title: str, employer: str) -> None:
    assert tag(title).companies[:1] == (employer,)


DECOYS = [
    ("Office of the CEO cuts 50 jobs at Acme", "Acme"),  # a title's office
    ("Acme cuts 500 jobs, Department of Labor says", "Acme"),  # the agency reports it
    ("Acme lays off 300 workers after Department of Labor probe", "Acme"),
    ("Acme cuts 400 jobs as Federal Trade Commission blocks merger", "Acme"),
    ("Acme, a former Department of Defense contractor, cuts 200 jobs", "Acme"),
    ("Amazon Customer Service workers face layoffs", "Amazon"),  # no 'National', not listed
]


@pytest.mark.parametrize(("title", "employer"), DECOYS)
def test_an_agency_named_beside_the_employer_is_not_it(title: str, employer: str) -> None:
    assert tag(title).companies[:1] == (employer,)


def test_spans_stop_at_titles_verbs_other_employers_and_weekdays() -> None:
    assert body_spans("Office of the CEO") == []
    assert [s[2] for s in body_spans("Department of Labor and Microsoft partner")] == [
        "Labor Department"
    ]
    assert [s[2] for s in body_spans("Department of Education Cuts 1,300 Jobs")] == [
        "Education Department"
    ]
    assert [s[2] for s in body_spans("Centers for Disease Control and Prevention to")] == ["CDC"]
    text = "a filing to the Securities and Exchange Commission on Thursday"
    assert [s[2] for s in body_spans(text)] == ["Securities and Exchange Commission"]


def test_the_gazetteer_knows_agencies_and_their_short_forms() -> None:
    assert known("Department of Health and Human Services") == "HHS"
    assert known("Health and Human Services") == "HHS"
    assert known("Consumer Financial Protection Bureau") == "CFPB"
    assert known("Substance Abuse and Mental Health Services Administration") == "SAMHSA"
    assert known("Department of Education") == "Education Department"
    assert known("DOJ") == "Justice Department"
    assert known("USSS") == "Secret Service"


def test_a_company_keeps_a_short_name_an_agency_shares() -> None:
    """'APA' is APA Corporation; the Alaska Power Administration keeps its own name."""
    assert known("APA") == "APA"
    assert known("Alaska Power Administration") == "Alaska Power Administration"


def test_the_owner_of_the_jobs_an_unlisted_subject_cuts_comes_first() -> None:
    assert tag("Musk cuts 1,000 Twitter jobs").companies[:1] == ("Twitter",)
    assert tag("Hegseth cuts 5,000 Defense Department jobs").companies[:1] == (
        "Defense Department",
    )
    assert tag("Amazon cuts 14,000 corporate jobs").companies == ("Amazon",)


def test_a_regulator_a_filing_goes_to_leaves_the_share_to_the_employer() -> None:
    tags = tag(
        "Roku to cut another 200 jobs",
        "The digital media company Roku plans to cut an additional 200 jobs. The company "
        "said in a filing to the Securities and Exchange Commission on Thursday that it "
        "will cut about 6 percent of its workforce.",
    )
    assert tags.companies[:1] == ("Roku",)
    assert tags.percent == 6.0
