"""One employer called by two names in two outlets' items is one employer to the story
layer (issue 16): one key to file and look stories up by (`employer_index_keys`), one for
same-employer comparisons (`story_key`), exactly where the company data says the names
are one employer (its aliases, brand owners' short forms, a listing named as a listed name
and legal-form words). A unit and its parent stay two employers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import bot.companies as companies
from bot.companies import canonical, company_key, known
from bot.models import Article
from bot.story_employers import EmployerFilter, employer_relation, same_employer, story_key
from bot.story_keys import employer_index_keys
from bot.tagging.tagger import RuleTagger

ONE_EMPLOYER = [
    ("CDPR", "CD Projekt Red"),
    ("CD Projekt", "CD Projekt Red"),
    ("CDPR", "CD Projekt"),
    ("AB InBev", "Anheuser-Busch InBev"),
    ("P&G", "Procter & Gamble"),
    ("Procter and Gamble", "Procter & Gamble"),
    ("T-Mobile", "T-Mobile US"),
    ("TMUS", "T-Mobile"),
    ("Coinbase", "Coinbase Global"),
    ("Mondelez", "Mondelez International"),
    ("Verizon", "Verizon Communications"),
    ("Embracer", "Embracer Group"),
]

# Brand-table units beside their parents (bot/data/brands.json 'parents'), and listings
# the data does not say are one employer ('Titan', Forbes's Indian jeweller, is not 'Titan
# International', a tyre maker; 'Rogers' is not 'Rogers Communications').
APART = [
    ("Anheuser-Busch", "Anheuser-Busch InBev"),
    ("Naughty Dog", "Sony"),
    ("King", "Activision Blizzard"),
    ("Rovio", "Sega"),
    ("DMG Media", "DMGT"),
    ("Titan", "Titan International"),
    ("Rogers", "Rogers Communications"),
]


@pytest.mark.parametrize(("one", "other"), ONE_EMPLOYER)
def test_two_names_of_one_employer_are_one_key(one: str, other: str) -> None:
    assert story_key(one) == story_key(other)
    assert same_employer((one,), (other,))
    assert set(employer_index_keys([one])) & set(employer_index_keys([other]))


@pytest.mark.parametrize(("one", "other"), ONE_EMPLOYER)
def test_a_story_under_one_name_is_kept_for_an_item_under_the_other(one: str, other: str) -> None:
    title = f"{other} cuts 30 jobs"
    relation = employer_relation((one,), f"{one} lays off 30", (other,), (title,))
    assert relation == "same"
    keeps = EmployerFilter((one,), f"{one} lays off 30", True).keeps
    assert keeps((other,), title)


@pytest.mark.parametrize(("unit", "parent"), APART)
def test_a_unit_and_its_parent_stay_two_employers(unit: str, parent: str) -> None:
    assert story_key(unit) != story_key(parent)
    assert not same_employer((unit,), (parent,))
    assert not set(employer_index_keys([unit])) & set(employer_index_keys([parent]))
    # neither headline names the other: two employers, left out before any scoring
    relation = employer_relation((unit,), "Layoffs hit 30 staff", (parent,), ("Cuts hit 900",))
    assert relation == "different"


def test_a_listing_named_as_a_listed_name_and_its_legal_form_is_that_name() -> None:
    # The tagger names the plain brand (spec), as text naming it already reads it
    assert known("T-Mobile US") == canonical("T-Mobile US") == "T-Mobile"
    assert known("Coinbase Global") == "Coinbase"
    assert company_key("Robinhood Markets") == company_key("Robinhood") == "robinhood"


def test_a_group_name_is_filed_under_its_plain_key_too() -> None:
    assert employer_index_keys(["Embracer Group"]) == ["co:embracer-group", "co:embracer"]
    assert employer_index_keys(["Embracer"]) == ["co:embracer"]
    assert employer_index_keys(["CDPR"]) == employer_index_keys(["CD Projekt Red"])


def test_a_units_legal_form_is_never_folded_to_its_parent(monkeypatch: Any) -> None:
    """A listing named as a hand-listed unit ('Instagram' of Meta) and legal-form words
    is left alone: the unit is not its parent, and its own name is not the parent's."""
    raw = {"companies": {"Meta": ["Instagram"], "Acme": []}, "units": {"Instagram": []}}
    listed = {"Instagram Global": [], "Acme Technologies": ["ACMT"]}
    monkeypatch.setattr(companies, "_generated_employers", lambda: listed)
    monkeypatch.setattr(companies, "brand_table", lambda: {})
    by_alias = {"meta": "Meta", "instagram": "Meta", "acme": "Acme"}
    by_alias |= {"instagramglobal": "Instagram Global", "acmetechnologies": "Acme Technologies"}
    by_alias["acmt"] = "Acme Technologies"
    companies._legal_forms_to_owned(by_alias, raw, {"instagram": "Instagram"})
    assert by_alias["instagramglobal"] == "Instagram Global"
    assert by_alias["acmetechnologies"] == by_alias["acmt"] == "Acme"


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Procter and Gamble to cut 7,000 jobs", ("Procter & Gamble",)),
        ("Marks and Spencer to cut 400 jobs", ("Marks & Spencer",)),
        ("Google and Microsoft cut jobs", ("Google", "Microsoft")),  # two listed names
    ],
)
def test_a_listed_ampersand_name_written_with_and_is_one_employer(
    title: str, want: tuple[str, ...]
) -> None:
    article = Article(
        title=title, text="", link="https://example.com/a", published=datetime.now(UTC)
    )
    assert RuleTagger().tag(article).companies[: len(want)] == want
