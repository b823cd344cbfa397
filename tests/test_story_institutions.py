"""One institution's news told by outlets in their own words the same days
(bot.story_institutions): items naming one institution in their openings, their headlines
sharing a distinctive word, are one story; the name beside headlines sharing only the
week's subject ('chatbot'), days apart, or beside an action, stays apart. Headlines and
openings from real coverage (tests/data/eval/fresh-commentary.jsonl, May-June 2023)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, index_keys, match_story
from bot.story_institutions import INSTITUTION_KEY, institutions, one_institution

T0 = datetime(2023, 5, 31, 15, tzinfo=UTC)
NEWS = Tags(kind=Kind.OTHER, ai_cause=False)

TAKEN_DOWN = (
    "Eating disorder helpline takes down chatbot after it dispenses dangerous advice",
    "The National Eating Disorder Association (NEDA) was forced to take down its Tessa "
    "chatbot after it “may have given information that was harmful and unrelated to the "
    "program”, according to an official social media post.",
)
WEIGHT_TIPS = (
    "Eating-disorder group’s AI chatbot gave weight loss tips, activist says",
    "The National Eating Disorders Association suspended use of its Tessa chatbot after a "
    "complaint that it suggested taking body measurements and regular weigh-ins.",
)
# The same institution, a headline sharing only the week's subject with TAKEN_DOWN.
CHATBOT_ONLY = (
    "Why every AI chatbot needs a human in the loop",
    "The National Eating Disorders Association suspended use of its Tessa chatbot after a "
    "complaint that it suggested taking body measurements and regular weigh-ins.",
)
# The same headline words, no institution named: the wording alone decides, as before.
UNNAMED = (
    "Eating-disorder group’s AI chatbot gave weight loss tips, activist says",
    "An activist said the bot suggested taking body measurements and regular weigh-ins.",
)


def art(title: str, text: str, when: datetime) -> Article:
    return Article(title=title, text=text, link=f"https://x/{title}", published=when)


def story(title: str, text: str, tags: Tags = NEWS, when: datetime = T0) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title,), (text,), openings=(text,))


def test_an_institution_is_named_in_full_and_by_its_initials() -> None:
    # "Disorder" and "Disorders": the initials agree.
    assert institutions(*TAKEN_DOWN) & institutions(*WEIGHT_TIPS) == {"neda"}
    # Title Case headlines capitalise every word: read for no name.
    assert institutions("Eating Disorder Helpline Association Pulls Chatbot", "") == set()
    assert institutions("", "Researchers from Stanford University and MIT found") == {
        "stanforduniversity"  # ('su': initials of two letters are many names')
    }
    assert institutions("", "The Board said on Monday") == set()  # which board?


def test_items_naming_one_institution_are_filed_under_it() -> None:
    keys = index_keys(art(*WEIGHT_TIPS, T0), NEWS)
    assert INSTITUTION_KEY + "neda" in keys
    layoff = Tags(kind=Kind.LAYOFF, ai_cause=True)
    assert not any(k.startswith(INSTITUTION_KEY) for k in index_keys(art(*WEIGHT_TIPS, T0), layoff))


def test_one_institutions_news_worded_apart_the_next_day_is_one_story() -> None:
    first = story(*TAKEN_DOWN)
    later = art(*WEIGHT_TIPS, T0 + timedelta(hours=20))
    assert match_story(later, NEWS, [first]) == first


def test_without_the_institution_the_same_headlines_stay_apart() -> None:
    first = story(*TAKEN_DOWN)
    assert match_story(art(*UNNAMED, T0 + timedelta(hours=20)), NEWS, [first]) is None


def test_the_institution_beside_only_the_weeks_subject_stays_apart() -> None:
    first = story(*TAKEN_DOWN)
    later = art(*CHATBOT_ONLY, T0 + timedelta(hours=20))
    assert one_institution(later, NEWS, first.titles, first.openings, NEWS) is None
    assert match_story(later, NEWS, [first]) is None


def test_one_institutions_news_days_apart_or_beside_an_action_stays_apart() -> None:
    first = story(*TAKEN_DOWN)
    assert match_story(art(*WEIGHT_TIPS, T0 + timedelta(days=5)), NEWS, [first]) is None
    layoff = Tags(kind=Kind.LAYOFF, ai_cause=True)
    later = art(*WEIGHT_TIPS, T0 + timedelta(hours=20))
    assert one_institution(later, layoff, first.titles, first.openings, NEWS) is None


def test_an_institutions_key_fits_the_stores_column() -> None:
    # (story_keys.key holds 200 characters; a hostile text's name may be any length)
    long_name = "The " + "A" * 250 + " Association said so."
    keys = institutions("", long_name)
    assert keys and all(len(INSTITUTION_KEY + k) <= 200 for k in keys)
