"""Employer names in forms the tune sets had few of (issue 16, session 12): outlets a
lead cites before its subject, a studio named by its first word, plain brands."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article, Tags
from bot.tagging import RuleTagger


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(
        Article(title=title, text=text, link="https://example.com/a", published=datetime.now(UTC))
    )


@pytest.mark.parametrize(
    "lead",
    [
        "According to a memo seen by Reuters, Intel will lay off 15% of its workforce.",
        "According to Bloomberg, Intel will lay off 15% of its workforce.",
        "In a memo obtained by Business Insider, Intel said it would cut 500 jobs.",
        "As reported by The Verge, Intel is laying off 1,000 people.",
    ],
)
def test_an_outlet_a_lead_cites_before_its_subject_is_not_the_employer(lead: str) -> None:
    """v2: publishers are never employers; the clause after the citation names the one
    acting (the outlet used to come first)."""
    assert tag("Another round of tech cuts", lead).companies == ("Intel",)


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Tim Sweeney on Layoffs at Epic", "Epic Games"),
        ("Layoffs At Riot", "Riot Games"),
        ("Layoffs at Epic hit Fortnite team", "Epic Games"),
    ],
)
def test_a_studio_named_by_its_first_word_after_layoffs_at_is_that_studio(
    title: str, employer: str
) -> None:
    """'Epic' is an English word, so it is never searched for; after 'layoffs at', where
    an employer is expected, the one known studio it begins is meant."""
    assert tag(title).companies[:1] == (employer,)


def test_a_first_word_no_known_studio_begins_stays_unread() -> None:
    assert tag("Layoffs at Target").companies == ("Target",)
    assert tag("Layoffs at Epic Records").companies == ("Epic Records",)


def test_a_listed_carmaker_is_named_by_its_plain_brand() -> None:
    """The spec's canonical names are plain brands: 'Nissan', not the listing's 'Nissan
    Motor' (labels and headlines say 'Nissan')."""
    assert tag("Nissan To Cut 20,000 Jobs").companies == ("Nissan",)
    assert tag("Honda Motor to cut 2,000 jobs").companies == ("Honda",)


def test_a_bare_group_name_is_not_one_of_its_companies() -> None:
    """'Tata' is Tata Motors, Tata Steel and more: it never stands for the carmaker."""
    assert "Tata Motors" not in tag("Tata to cut 3,000 jobs in Wales").companies
    assert tag("Tata Steel to cut 3,000 jobs").companies == ("Tata Steel",)


def test_an_owned_unit_named_with_dictionary_words_comes_before_its_owner() -> None:
    """v2: units before parents. "Reality Labs" is two dictionary words, each ending a run
    by itself; after "Meta's" they are the unit's name (the item used to name no one)."""
    assert tag("Meta's Reality Labs To Cut Hundreds Of Jobs").companies == (
        "Reality Labs",
        "Meta",
    )
    # A descriptor after the owner is no unit's name: the owner's own cut.
    assert tag("Microsoft's Gaming Division To Cut 1,900 Jobs").companies == ("Microsoft",)
    assert tag("Meta's Big Layoffs").companies == ("Meta",)
