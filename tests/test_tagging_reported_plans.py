"""An employer readying its own cuts (issue 16, v2 "Reported plans count"): 'X is preparing
for layoffs', 'X braces for a layoff bloodbath' are X's reported plan, a layoff of X, not a
threat over someone else's jobs; and a report of the preparation is a plan when stories are
joined. Headlines written for the tests in the shapes real coverage takes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, match_story
from bot.tagging import RuleTagger

NOW = datetime(2024, 3, 1, tzinfo=UTC)


def tag(title: str) -> Tags:
    return RuleTagger().tag(Article(title=title, text="", link="https://x/a", published=NOW))


def test_an_employer_preparing_for_layoffs_is_its_reported_layoff() -> None:
    for title in (
        "Intel Said to Be Preparing For Mass Layoffs",
        "Intel is preparing for layoffs next month",
        "Intel braces for a layoff bloodbath this week",
    ):
        t = tag(title)
        assert (t.kind, t.companies[:1]) == (Kind.LAYOFF, ("Intel",)), title


def test_a_title_case_back_reference_names_the_headlines_employer() -> None:
    # 'as Chain Prepares for Layoffs': Title Case drops the 'the' of 'the chain'.
    t = tag("Starbucks Closes Offices as Chain Prepares for Layoffs")
    assert (t.kind, t.companies[:1]) == (Kind.LAYOFF, ("Starbucks",))


def test_places_bracing_for_layoffs_are_no_employer_action() -> None:
    t = tag("India, China brace for mass layoffs as world looks beyond coal")
    assert t.kind is not Kind.LAYOFF and t.companies == ()


def test_a_reported_preparation_is_a_plan_not_the_confirmation_of_an_older_report() -> None:
    older = Tags(kind=Kind.LAYOFF, companies=("Intel",))
    title = "Intel reportedly laying off thousands of employees"
    story = StoryCandidate(1, "intel", title, older, NOW, (title,))
    later = Article(
        title="Intel Said to Be Preparing For Mass Layoffs",
        text="",
        link="https://x/b",
        published=NOW + timedelta(days=31),
    )
    assert match_story(later, tag(later.title), [story]) is None
