"""Each item's opening kept beside its summary (bot.story_openings, issue 16, session 15):
the rules comparing openings read a stored item's opening, not its extractive summary, so
who was filed first no longer decides; a story kept before openings were shows its
summaries; a shared round percent days apart is no longer one report. Headlines and texts
from real coverage (tests/data/eval/fresh-stories-2.tune.jsonl, November 2023;
tests/data/eval/fresh-commentary.jsonl, May 2023)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, match_story
from bot.story_openings import OPENING_CHARS, opening, openings_of, their_openings
from bot.story_sources import same_report

T0 = datetime(2023, 11, 27, 10, tzinfo=UTC)
BYTEDANCE = Tags(kind=Kind.LAYOFF, ai_cause=False, companies=("ByteDance",))
ANALYSIS = Tags(kind=Kind.ANALYSIS, ai_cause=False)

ENGADGET = (
    "ByteDance's latest layoffs have reportedly gutted the publisher of Marvel Snap",
    "According to Reuters and Bloomberg, TikTok's parent company ByteDance is winding down its "
    'gaming arm, including the Nuverse brand, with "hundreds" of jobs likely to be affected.',
)
# What the extractive summary kept of it (the sentence the other outlet also tells, gone).
ENGADGET_SUMMARY = "This spells yet more trouble for the Chinese tech giant following the layoffs."
GAMESPOT = (
    "Marvel Snap Publisher Suffers Layoffs, Could Shut Down - Report",
    "It looks like TikTok's parent company, ByteDance, will be shutting down several projects "
    "within its Nuverse gaming arm. Nuverse has most notably published Marvel Snap.",
)


def _stored(summary: str, openings: tuple[str, ...]) -> StoryCandidate:
    title = ENGADGET[0]
    return StoryCandidate(1, "s", title, BYTEDANCE, T0, (title,), (summary,), openings=openings)


def test_a_stored_items_opening_not_its_summary_is_compared() -> None:
    take = Article(GAMESPOT[0], GAMESPOT[1], "https://x/gamespot", T0 + timedelta(hours=5))
    with_opening = _stored(ENGADGET_SUMMARY, (opening(ENGADGET[1]),))
    assert match_story(take, ANALYSIS, [with_opening]) == with_opening
    # As before: only the summary kept, the take is a story of its own.
    assert match_story(take, ANALYSIS, [_stored(ENGADGET_SUMMARY, ())]) is None


def test_a_story_kept_before_openings_were_shows_its_summaries() -> None:
    assert openings_of(_stored("kept summary", ())) == ("kept summary",)
    assert openings_of(_stored("kept summary", ("its opening",))) == ("its opening",)
    # Openings not kept for every item (a story grown from one read without): summaries.
    assert their_openings(("a", "b"), ("sa", "sb"), ("oa",)) == ("sa", "sb")
    assert their_openings(("a", "b"), ("sa", "sb"), ("oa", "ob")) == ("oa", "ob")


def test_an_opening_is_the_text_the_rules_read() -> None:
    assert opening("x" * 1000) == "x" * OPENING_CHARS
    assert opening("short") == "short"


BURNOUT = (
    "Nearly 60% of workers believe AI could help prevent burnout",
    "How can we prevent burnout? It's an age-old question in the workplace. This survey says "
    "artificial intelligence could be the answer.",
)
REGULATION = (
    "Almost 60% of people want regulation of AI in UK workplaces, survey finds",
    "Survey shows support for government setting rules around use of technologies such as "
    "ChatGPT to protect workers' jobs Almost 60% of people would like to see the UK government "
    "regulate the use of generative AI technologies such as ChatGPT in the workplace",
)


def test_a_round_percent_and_one_word_days_apart_are_two_surveys() -> None:
    """'60%' and 'workplace': the same days one report's coverage, 13 days apart any two
    surveys'. A report taken up later shares more (its figure and two words beyond it)."""
    later = Article(REGULATION[0], REGULATION[1], "https://x/r", T0 + timedelta(days=13))
    theirs = (ANALYSIS, ANALYSIS, (BURNOUT[0],), (BURNOUT[1],))
    assert same_report(later, *theirs)
    assert not same_report(later, *theirs, late=True)
    retold = (ANALYSIS, ANALYSIS, ("Almost 60% of UK workers want AI regulation",), ("",))
    assert same_report(later, *retold, late=True)
