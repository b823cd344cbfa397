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
from bot.story_rounds import dated_apart, reaction_apart

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


# The employer's other news of that day (fresh-2025.tune, both items' real openings).
CANCELLED = "Xbox Execs Reportedly Raved About ‘Blade Runner Meets Destiny 2’ Loot Shooter Before Canceling It"
CANCELLED_TEXT = (
    "There was a lot of carnage this week at Xbox after Microsoft laid off over 9000 employees "
    "across its many divisions. People lost their jobs and some of Xbox Game Studios’ upcoming "
    "projects have been canned. This included high-profile games like the Perfect Dark reboot "
    "and Rare’s new action-adventure game Everwild, but…"
)
ROUNDTABLE_TEXT = (
    "Yesterday was awful for people who work at Microsoft and the gaming industry in general. "
    "Thousands at the company either saw colleagues laid off or were laid off themselves, while "
    "outside observers watched as more game developers and projects were put on the chopping "
    "block. Microsoft’s $80 billion bet on AI was reporte…"
)


def test_the_roundtable_read_as_other_news_stays_apart_from_the_employers_other_news() -> None:
    # Read as other news (the cuts only date it), it is not joined to the employer's other
    # news of the day either; two headlines both dated by the cuts may still be one.
    other = Tags(kind=Kind.OTHER, ai_cause=False, companies=("Xbox",))
    first = StoryCandidate(
        1,
        "s",
        ROUNDTABLE,
        other,
        T0,
        (ROUNDTABLE,),
        (ROUNDTABLE_TEXT,),
        openings=(ROUNDTABLE_TEXT,),
    )
    later = Article(
        title=CANCELLED, text=CANCELLED_TEXT, link="https://x/b", published=T0 + timedelta(hours=2)
    )
    assert match_story(later, other, [first]) is None
    assert dated_apart(ROUNDTABLE, (CANCELLED,))
    assert not dated_apart(ROUNDTABLE, (ROUNDTABLE.replace("Invites", "Asks"),))
    assert not dated_apart(CANCELLED, ())
