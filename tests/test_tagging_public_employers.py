"""Public employers in real news (issue #16, session 20): the UK's and Canada's public
bodies are known by the names headlines use, the public service's own words for a cut
('reduction in force', 'RIF', 'FTEs', 'civil servants') are a cut, a furlough is not, and
an official or an unlisted actor cutting a named body's staff gives the body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.companies import known
from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(
        Article(title=title, text=text, link="https://example.com/a", published=datetime.now(UTC))
    )


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Home Office", "Home Office"),
        ("Cabinet Office", "Cabinet Office"),
        ("Department for Work and Pensions", "DWP"),
        ("HM Revenue & Customs", "HMRC"),
        ("NHS England", "NHS England"),
        ("Civil Service", "Civil Service"),
        ("Canada Revenue Agency", "CRA"),
        ("Employment and Social Development Canada", "ESDC"),
        ("Statistics Canada", "Statistics Canada"),
    ],
)
def test_the_uk_and_canadian_public_bodies_are_known(name: str, canonical: str) -> None:
    assert known(name) == canonical


def test_a_short_public_alias_is_never_a_word_or_two_letters() -> None:
    """'MOD' (a word), 'VA' (Virginia), 'TC' are no aliases; 'Education Department' stays
    the US one, the UK's is 'Department for Education'."""
    assert known("MOD") is None
    assert known("VA") is None
    assert known("TC") is None
    # short names news uses for something else: an offering, automation, a union
    assert known("IPO") is None
    assert known("RPA") is None
    assert known("CWA") is None
    assert known("Intellectual Property Office") == "Intellectual Property Office"
    assert known("Education Department") == "Education Department"
    assert known("Department for Education") == "Department for Education"


@pytest.mark.parametrize(
    ("title", "employer", "headcount"),
    [
        ("Home Office to cut 2,000 jobs amid AI push", "Home Office", 2000),
        ("Cabinet Office to cut 2,100 jobs", "Cabinet Office", 2100),
        ("Canada Revenue Agency to cut 3,000 jobs", "CRA", 3000),
    ],
)
def test_a_uk_or_canadian_body_cutting_jobs_is_the_employer(
    title: str, employer: str, headcount: int
) -> None:
    tags = tag(title)
    assert tags.kind is Kind.LAYOFF
    assert tags.companies[:1] == (employer,)
    assert tags.headcount == headcount


@pytest.mark.parametrize(
    ("title", "employer", "headcount"),
    [
        ("Veterans Bureau plans reduction in force of 8,000 employees", None, 8000),
        ("IRS begins reduction in force of 6,000 workers", "IRS", 6000),
        ("Education Department RIF notices sent to 1,300 employees", "Education Department", 1300),
        ("Interior Department issues RIFs to 2,000 staff", "Interior Department", 2000),
        ("Probationary employees fired at USDA", "Agriculture Department", None),
        ("CRA to cut 3,300 full-time equivalent positions", "CRA", 3300),
        ("Government to cut 10,000 civil servants", None, 10000),
    ],
)
def test_the_public_services_words_for_a_cut_are_a_layoff(
    title: str, employer: str | None, headcount: int | None
) -> None:
    tags = tag(title)
    assert tags.kind is Kind.LAYOFF
    if employer:
        assert tags.companies[:1] == (employer,)
    assert tags.headcount == headcount


@pytest.mark.parametrize(
    "title",
    [
        "Army plans reduction in force structure",  # the military's size, no staff cut
        "The Rif mountains draw tourists",
        "Workers fired at by police during protest",
        "Employees fired up about new office",
        "Employees' lawsuit dismissed",
        # the figures the government reported are no employer's cut
        "Jobless claims edge up as the government had initially reported fewer layoffs",
    ],
)
def test_decoys_of_the_public_words_are_no_layoff(title: str) -> None:
    assert tag(title).kind is not Kind.LAYOFF


@pytest.mark.parametrize(
    "title",
    [
        "Federal workers furloughed as shutdown begins",
        "Agency to furlough 500 employees",
        "Thousands of federal workers furloughed",
    ],
)
def test_a_furlough_is_no_cut(title: str) -> None:
    """Unpaid leave while funding lapses: the jobs stay (not a layoff, not a freeze)."""
    assert tag(title).kind is Kind.OTHER


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("DOGE fires 1,000 probationary employees at the IRS", "IRS"),
        ("Reeves confirms cuts to Civil Service jobs", "Civil Service"),
        ("Noem cuts 1,000 FEMA jobs", "FEMA"),
        ("Musk cuts 1,000 Twitter jobs", "Twitter"),
    ],
)
def test_an_official_cutting_a_named_bodys_staff_gives_the_body(title: str, employer: str) -> None:
    """The employer acting is the body whose staff go, not the official or the office
    directing the cut (v2)."""
    assert tag(title).companies == (employer,)


def test_a_listed_body_must_open_the_phrase_after_to() -> None:
    """'cuts 200 jobs To Focus On AI': a purpose, no body; 'nearly HALF its workforce' is
    no employer's name."""
    assert tag("Musk Cuts 200 Jobs To Focus On AI").companies != ("Focus On",)
    assert tag("Soros Foundation cuts nearly HALF its workforce").companies == ("Soros Foundation",)


@pytest.mark.parametrize(
    ("title", "headcount"),
    [
        ("Nearly 2,000 federal jobs slashed across five agencies", 2000),
        ("Thousands of government jobs to go", None),
        ("Almost 2,000 FTEs will be cut across five departments and agencies", 2000),
    ],
)
def test_public_staff_cut_with_no_employer_named_is_a_layoff_of_none(
    title: str, headcount: int | None
) -> None:
    """The spec: an item that names no employer has none, and the cut is still a layoff."""
    tags = tag(title)
    assert (tags.kind, tags.companies, tags.headcount) == (Kind.LAYOFF, (), headcount)


@pytest.mark.parametrize(
    "title",
    ["Federal jobs report shows 50,000 jobs added", "How many federal jobs were cut? A tracker"],
)
def test_public_jobs_news_with_no_cut_is_no_layoff(title: str) -> None:
    assert tag(title).kind is not Kind.LAYOFF
