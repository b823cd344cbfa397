"""Another event a headline dates by the cuts (bot.story_rounds `reaction_apart`): 'Xbox
Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs' is news of the
roundtable, not coverage of the round, even when the tagger takes it for a layoff; a
headline whose own news is the cuts, dated by something else, stays coverage. Headlines
from real coverage (tests/data/eval/fresh-2025.tune.jsonl, July 2025) and one written for
the test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, match_story
from bot.story_rounds import reaction_apart

T0 = datetime(2025, 7, 2, 13, 20, tzinfo=UTC)
ROUND = "Microsoft Cutting 9,100 Jobs As Latest Mass Layoff Hits Xbox Beginning With Candy Crush Maker King"
ROUNDTABLE = "Xbox Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs"
# The cuts are the news, the same day dates them.
CUTS_DATED = "Microsoft lays off 9,100 the same day it reports record cloud sales"


def test_an_event_dated_by_the_cuts_is_news_apart_from_the_round() -> None:
    assert reaction_apart((ROUNDTABLE,), (ROUND,))
    assert not reaction_apart((CUTS_DATED,), (ROUND,))


def test_the_roundtable_taken_for_a_layoff_stays_out_of_the_rounds_story() -> None:
    layoff = Tags(kind=Kind.LAYOFF, ai_cause=False, companies=("Microsoft",), headcount=9100)
    xbox = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Xbox",))
    first = StoryCandidate(1, "s", ROUND, layoff, T0, (ROUND,), ("",))
    later = T0 + timedelta(days=1, hours=4)
    item = Article(title=ROUNDTABLE, text="", link="https://x/a", published=later)
    assert match_story(item, xbox, [first]) is None
    dated = Article(title=CUTS_DATED, text="", link="https://x/b", published=later)
    assert match_story(dated, layoff, [first]) == first
