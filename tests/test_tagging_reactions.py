"""People's reaction to cuts made is other news, not the round (spec v2: reactions and
follow-ups are `other`), even when the lead retells the cuts with their count.

'Googlers angry about CEO's pay after 12,000 layoffs' was a layoff of 12,000: the lead's
retelling of January's cuts was taken for the news. The rule: an emotion or a stance of
people (angry, furious, outraged, upset, worried, slam, criticize, ...) linked by a
preposition (about, after, over, following, at, against, for) to the cuts named as a noun.
Sentences written for this test (bot/tagging/follow_up.py `_reacts_to`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article, Kind
from bot.story_rounds import names_cuts
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)
LEAD = "Pellworth laid off 4,200 employees in January, about 8% of its workforce."

REACTIONS = [
    "Pellworth employees angry about CEO's bonus after 4,200 layoffs",
    "Pellworth staff furious over 4,200 job cuts",
    "Pellworth engineers outraged after 4,200 layoffs",
    "Pellworth workers upset about the 4,200 layoffs",
    "Remaining Pellworth staff worried following 4,200 job cuts",
    "Pellworth retirees fuming at 4,200 layoffs",
    "Lawmakers slam Pellworth over 4,200 layoffs",
    "Investors criticize Pellworth board for 4,200 job cuts",
    "Angry Pellworth staff confront chief executive over 4,200 layoffs",
    "Union leaders rail against Pellworth's 4,200 redundancies",
    "Pellworth customers disappointed after 4,200 layoffs hit support lines",
]

# The cuts told as news of their own: the reaction is context, the action is the news.
STILL_ACTIONS = [
    ("Pellworth to cut 4,200 jobs, angering staff", 4200),
    ("Pellworth workers angry as company cuts 4,200 jobs", 4200),
    ("Worried about costs, Pellworth announces 4,200 layoffs", 4200),
    ("Pellworth lays off 4,200 after angry investors demand savings", 4200),
    ("Pellworth staff fear 4,200 layoffs", 4200),
]


def _tag(title: str) -> tuple[str, int | None]:
    tags = RuleTagger().tag(Article(title=title, text=LEAD, link="https://x/a", published=NOW))
    return tags.kind.value, tags.headcount


@pytest.mark.parametrize("title", REACTIONS)
def test_a_reaction_to_cuts_made_is_other_news_with_no_headcount(title: str) -> None:
    assert _tag(title) == (Kind.OTHER.value, None)


@pytest.mark.parametrize(("title", "headcount"), STILL_ACTIONS)
def test_cuts_told_as_news_beside_a_reaction_stay_the_action(title: str, headcount: int) -> None:
    assert _tag(title) == (Kind.LAYOFF.value, headcount)


@pytest.mark.parametrize("title", REACTIONS[:6])
def test_the_story_planner_does_not_take_a_reaction_for_news_of_the_cuts(title: str) -> None:
    assert not names_cuts(title)


@pytest.mark.parametrize(
    "title",
    [
        "Anger at 4,200 job cuts at Pellworth plant",
        "Fury over 4,200 job losses at Pellworth",
        "Outrage over 4,200 job cuts at Pellworth",
    ],
)
def test_a_reaction_noun_framing_the_cuts_leaves_them_the_news(title: str) -> None:
    # No one is said to react: the headline reports the cuts, in the words of their reception.
    tags = RuleTagger().tag(
        Article(
            title=title,
            text="Pellworth will cut 4,200 jobs at its Derby plant.",
            link="https://x/a",
            published=NOW,
        )
    )
    assert (tags.kind, tags.headcount) == (Kind.LAYOFF, 4200)
