"""Issue 16, session 17: other news dated by the day's cuts ('... The Same Day It Does Mass
Layoffs') is not the cut (v2: follow-ups are other); cuts dated by other news stay the cut.
Headlines written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_other_news_dated_by_the_same_days_cuts_is_not_the_cut() -> None:
    t = tag("Zentrix Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs")
    assert (t.kind, t.ai_cause) == (Kind.OTHER, False)


def test_cuts_made_the_same_day_as_other_news_stay_the_cut() -> None:
    t = tag("Zentrix lays off 300 workers the same day it unveils an AI assistant")
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, False)
