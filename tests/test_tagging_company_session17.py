"""Employer rules of issue 16, session 17 (session 7's are in test_tagging_company_kinds.py):
brand facts beyond the first table, a descriptor's list of products, a boss headline's
employer, the plain brand, a university's formal order, a name with a '+', an organisation
spelled out in the lead, a descriptor's owner as the subject of any kind. Headlines written
for this test, not taken from any labelled set; each rule with the decoys it must not take.
Spec: shared/spec/tagging.md, companies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _companies(title: str, text: str = "") -> tuple[str, ...]:
    article = Article(title=title, text=text, link="https://example.test/a", published=NOW)
    return RuleTagger().tag(article).companies


@pytest.mark.parametrize(
    ("title", "owner"),
    [
        ("Company behind Gemini to cut 200 jobs", "Google"),
        ("Company Behind Gemini Lays Off 200 Workers", "Google"),
        ("Marvel Snap publisher to lay off 300 staff", "Nuverse"),
        ("Star Citizen maker cuts 100 jobs", "Cloud Imperium Games"),
        ("Dragon Age developer lays off 50 staff", "BioWare"),
        ("Mr Kipling maker to cut 200 jobs", "Premier Foods"),
        ("Fall Guys developer lays off 100 people", "Mediatonic"),
    ],
)
def test_brand_facts_name_the_owner(title: str, owner: str) -> None:
    assert _companies(title)[:1] == (owner,)


def test_brand_fact_decoys() -> None:
    # a plain '<Brand> cuts jobs' stays the brand (a unit before its parent); a word brand
    # ('Bard') is read only after 'of', 'behind' or 'the'
    assert _companies("Gemini cuts 10% of staff")[:1] == ("Gemini",)
    assert "Google" not in _companies("Bard maker Jane Smith lays off 20 musicians")


def test_a_listed_product_and_an_unlisted_one_share_their_maker() -> None:
    # 'Dreams And LittleBigPlanet Developer': one maker of both, not 'Dreams' sharing a verb
    title = "Dreams And LittleBigPlanet Developer Media Molecule Reportedly Suffers Layoffs"
    assert _companies(title) == ("Media Molecule",)
    assert _companies("Dreams and LittleBigPlanet developer cuts 20 jobs") == ("Media Molecule",)
    # decoy: a listed employer before the 'and' is an employer of its own
    assert _companies("Amazon and Fortnite maker Epic Games are cutting jobs") == (
        "Amazon",
        "Epic Games",
    )


_BOSS_TITLE = "CEO fires 90% of support staff and replaces them with an AI chatbot"


@pytest.mark.parametrize(
    ("lead", "employer"),
    [
        ("Jane Roe is the founder and CEO of Pune e-commerce company Quillmart.", "Quillmart"),
        ("Jane Roe, chief executive of Quillmart, said the cuts were necessary.", "Quillmart"),
        ("The co-founder of the fintech startup Zentrix said the bot was cheaper.", "Zentrix"),
    ],
)
def test_a_boss_headline_names_the_employer_the_lead_says_the_boss_heads(
    lead: str, employer: str
) -> None:
    assert _companies(_BOSS_TITLE, lead) == (employer,)


@pytest.mark.parametrize(
    "lead",
    [
        "Jane Roe, founder of an e-commerce website, defended the decision.",
        "Jane Roe, the CEO of India, said so.",  # a place, not an employer
        "The founder of Jane Roe Consulting said she would step down.",  # not 'of' + name only
        "Customers were unimpressed by the chatbot.",
    ],
)
def test_a_boss_headline_decoys_name_no_employer(lead: str) -> None:
    assert _companies(_BOSS_TITLE, lead) == ()


def test_the_plain_brand_the_lead_calls_the_employer_by() -> None:
    # the headline adds what the firm sells; the lead calls it by the brand alone
    lead = "Quillon once planned to cover 40 million homes and now has 90,000 users."
    assert _companies("Quillon Internet cuts 500 jobs, half its workforce", lead) == ("Quillon",)
    lead = "The layoffs come as Zentrix wound down its lending desk."
    assert _companies("Zentrix Trading lays off 100 more staff", lead) == ("Zentrix",)


@pytest.mark.parametrize(
    ("title", "lead", "employer"),
    [
        # the lead repeats the full name
        ("Quillon Orbit to lay off 85% of staff", "Quillon Orbit will cease operations.", "Quillon Orbit"),
        # a word that makes a name ('Freight', 'Games') stays
        ("Quillon Freight to shed 240 jobs", "Quillon plans to shed 240 roles.", "Quillon Freight"),
        # the head only inside a longer name
        ("Zentrix Helpline to lay off its staff", "The National Zentrix Association said so.", "Zentrix Helpline"),
        # the lead names something longer than the head ('Quillon Labs'), not the head alone
        ("Quillon Internet cuts 50 jobs", "Quillon Labs said the cuts were needed.", "Quillon Internet"),
    ],
)  # fmt: skip
def test_the_plain_brand_decoys(title: str, lead: str, employer: str) -> None:
    assert _companies(title, lead)[:1] == (employer,)


def test_a_university_the_item_also_names_in_the_formal_order() -> None:
    lead = "The University of Quillford said the posts would go by the summer."
    assert _companies("Quillford University to cut 200 jobs", lead) == ("University of Quillford",)
    # decoys: a university never written 'University of X' keeps its name
    lead = "Quillford University said the posts would go by the summer."
    assert _companies("Quillford University to cut 200 jobs", lead) == ("Quillford University",)
    lead = "The University of Zentrix Studies said nothing."  # another name
    assert _companies("Quillford University to cut 200 jobs", lead)[:1] == ("Quillford University",)


def test_an_unlisted_name_written_with_a_plus_keeps_it() -> None:
    lead = "OXEC+ said on Sunday it would cut output by a million barrels a day."
    assert _companies("OXEC+ announces surprise oil output cuts", lead) == ("OXEC+",)
    # decoys: a listed employer's service is its employer; a sum is no name
    assert _companies("Disney+ to cut 200 jobs")[:1] == ("Disney",)
    assert _companies("Zentrix to cut 200 jobs", "Zentrix said 2+2 makes four.") == ("Zentrix",)


_HELPLINE = "Food Allergy Helpline to Replace Human Staff With AI Chatbot"


def test_a_described_organisation_spelled_out_in_the_lead() -> None:
    lead = (
        "The National Food Allergy Association has closed its helpline. NFAA has fired"
        " the small group of staff that ran it."
    )
    assert _companies(_HELPLINE, lead) == ("NFAA",)  # the short form the lead uses
    lead = "The National Food Allergy Association has closed its helpline for good."
    assert _companies(_HELPLINE, lead) == ("National Food Allergy Association",)


@pytest.mark.parametrize(
    ("title", "lead", "employer"),
    [
        # the lead names the same description, no organisation
        (_HELPLINE, "The Food Allergy Helpline said its volunteers will go.", "Food Allergy Helpline"),
        # a longer lead name that is no organisation
        (_HELPLINE, "The Food Allergy Research Network Fund will stay.", "Food Allergy Helpline"),
        # a longer name that is another body (the lead has no mill of its own)
        ("Sugar Creek Mill to Cut 200 Jobs", "The Sugar Creek Farmers Association said so.", "Sugar Creek Mill"),
        # the lead never speaks of the helpline: the association is another body
        (_HELPLINE, "The National Food Allergy Association said its phone line will stay.", "Food Allergy Helpline"),
        # a listed employer stays
        ("Goldman Sachs To Cut 3,000 Jobs", "The Goldman Sachs Foundation said nothing.", "Goldman Sachs"),
    ],
)  # fmt: skip
def test_a_described_organisation_decoys(title: str, lead: str, employer: str) -> None:
    assert _companies(title, lead)[:1] == (employer,)


def test_the_owner_a_headline_descriptor_stands_for_is_the_subject_of_any_kind() -> None:
    # commentary by its words ('Could', 'Report'), its subject the descriptor's owner, whom
    # the gazetteer only recognises (never searched for in the rewritten headline)
    title = "Fall Guys Developer Suffers Layoffs, Could Shut Down - Report"
    assert _companies(title) == ("Mediatonic",)
    # decoys: a product's owner is its buyer; no descriptor, no owner
    assert "iRobot" not in _companies("Roomba owners say the robots got worse")
    assert _companies("Game studio suffers layoffs, could shut down - report") == ()


def test_a_unit_of_a_parent_is_named_as_the_unit() -> None:
    # Nuverse is ByteDance's games unit (companies.json 'units'): named as written
    assert _companies("Layoffs hit Marvel Snap publisher Nuverse")[:1] == ("Nuverse",)
