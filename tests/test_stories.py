from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import (
    FOLLOW_UP,
    SAME_PERIOD,
    WINDOW,
    InMemoryStoryIndex,
    StoryCandidate,
    file_item,
    index_keys,
    match_story,
    merge_tags,
    new_story_key,
    unique_key,
)

T0 = datetime(2024, 10, 11, 6, tzinfo=UTC)
TIKTOK = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("TikTok",), headcount_text="hundreds")


def art(title: str, when: datetime = T0) -> Article:
    return Article(title=title, text="", link=f"https://x/{hash(title)}", published=when)


def test_keys_and_names():
    assert index_keys(art("x"), TIKTOK) == ["co:tiktok"]
    assert new_story_key(art("x"), TIKTOK) == "tiktok-2024-10"
    assert all(k.startswith("t:") for k in index_keys(art("Storm cuts power to homes"), Tags()))
    assert unique_key("a-2024-10", {"a-2024-10", "a-2024-10-2"}) == "a-2024-10-3"


def test_same_event_across_outlets_joins_even_with_different_words():
    index = InMemoryStoryIndex()
    first = file_item(index, art("TikTok lays off hundreds in Malaysia"), TIKTOK)
    second = file_item(
        index,
        art("Moderators let go as platform turns to automated review", T0 + timedelta(hours=20)),
        replace(TIKTOK, functions=("content_moderation",)),
    )
    assert second.id == first.id and second.key == "tiktok-2024-10"
    assert second.tags.functions == ("content_moderation",)


def test_different_events_of_one_company_stay_apart():
    index = InMemoryStoryIndex()
    layoff = file_item(index, art("TikTok cuts hundreds of jobs"), TIKTOK)
    product = file_item(
        index,
        art("TikTok launches a new shopping feature", T0 + timedelta(days=1)),
        Tags(kind=Kind.OTHER, companies=("TikTok",)),
    )
    later = file_item(index, art("TikTok cuts hundreds more jobs", T0 + timedelta(days=30)), TIKTOK)
    assert len({layoff.id, product.id, later.id}) == 3
    assert later.key == "tiktok-2024-11"


def test_items_without_employer_cluster_by_close_wording_only():
    index = InMemoryStoryIndex()
    a = file_item(
        index,
        art("AI will affect almost 40% of jobs worldwide, IMF chief says"),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    b = file_item(
        index,
        art("IMF says AI will affect almost 40% of jobs worldwide", T0 + timedelta(hours=4)),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    c = file_item(
        index,
        art("Stanford study finds fewer jobs for young workers in AI-exposed occupations"),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    assert a.id == b.id != c.id


def test_match_story_respects_window_and_kind():
    cand = StoryCandidate(
        1, "tiktok-2024-10", "TikTok cuts jobs", TIKTOK, T0, ("TikTok cuts jobs",)
    )
    assert match_story(art("TikTok job cuts", T0 + timedelta(days=2)), TIKTOK, [cand]) == cand
    late = T0 + FOLLOW_UP + timedelta(days=1)
    assert match_story(art("TikTok job cuts", late), TIKTOK, [cand]) is None
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("TikTok",))
    assert match_story(art("How TikTok automation changes work"), analysis, [cand]) is None


def test_merge_tags_completes_without_contradicting():
    merged = merge_tags(
        Tags(kind=Kind.ANALYSIS, companies=("TikTok",)),
        Tags(
            kind=Kind.LAYOFF,
            ai_cause=True,
            ai_evidence="e",
            companies=("TikTok", "ByteDance"),
            headcount=300,
            functions=("content_moderation",),
            location="Malaysia",
        ),
    )
    assert merged.kind == Kind.LAYOFF and merged.ai_cause and merged.ai_evidence == "e"
    assert merged.companies == ("TikTok", "ByteDance") and merged.headcount == 300
    assert merge_tags(merged, Tags(kind=Kind.LAYOFF, headcount=500)).headcount == 300


def test_index_candidates_are_windowed():
    index = InMemoryStoryIndex()
    story = file_item(index, art("TikTok cuts jobs"), TIKTOK)
    assert index.candidates(["co:tiktok"], T0 - WINDOW, T0 + WINDOW) == [story]
    assert index.candidates(["co:tiktok"], T0 + timedelta(days=1), T0 + WINDOW) == []
    assert index.candidates(["co:other"], T0 - WINDOW, T0 + WINDOW) == []


def test_follow_up_coverage_weeks_later_joins_when_figures_agree():
    amazon = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Amazon",), headcount=14000)
    index = InMemoryStoryIndex()
    first = file_item(index, art("Amazon cuts 14K jobs in AI-fueled reorganization"), amazon)
    later = T0 + timedelta(days=8)
    same = file_item(index, art("Amazon Cuts 14,000 Corporate Jobs", later), amazon)
    vague = file_item(
        index,
        art("Amazon staff describe the mood after the cuts", T0 + timedelta(days=12)),
        replace(amazon, headcount=None),
    )
    assert first.id == same.id == vague.id
    assert WINDOW >= FOLLOW_UP > SAME_PERIOD


def test_another_round_weeks_later_stays_apart():
    amazon = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Amazon",), headcount=14000)
    index = InMemoryStoryIndex()
    first = file_item(index, art("Amazon cuts 14,000 jobs"), amazon)
    other = file_item(
        index,
        art("Amazon axes 16,000 more jobs", T0 + timedelta(days=10)),
        replace(amazon, headcount=16000),
    )
    assert first.id != other.id


def test_commentary_does_not_join_beyond_a_week():
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    index = InMemoryStoryIndex()
    a = file_item(index, art("AI job cuts hit Britain hardest, bank says"), analysis)
    b = file_item(
        index,
        art("AI job cuts hit Britain hardest, bank says", T0 + SAME_PERIOD + timedelta(days=2)),
        analysis,
    )
    assert a.id != b.id


def test_plan_and_smaller_confirmation_weeks_later_are_one_story():
    ford = Tags(kind=Kind.LAYOFF, companies=("Ford",), headcount=3200)
    index = InMemoryStoryIndex()
    plan = file_item(index, art("Ford plans 3,200 job cuts in Europe"), ford)
    part = file_item(
        index,
        art("Ford to cut 1,300 UK jobs to slash costs", T0 + timedelta(days=16)),
        replace(ford, headcount=1300),
    )
    assert plan.id == part.id


def test_a_headline_that_says_another_round_stays_apart_even_within_days():
    amazon = Tags(kind=Kind.LAYOFF, companies=("Amazon",), headcount=18000)
    index = InMemoryStoryIndex()
    first = file_item(index, art("Amazon to cut 18,000 jobs"), amazon)
    again = file_item(
        index,
        art("Amazon to cut another 9,000 jobs in new round", T0 + timedelta(days=5)),
        replace(amazon, headcount=9000),
    )
    assert first.id != again.id


def test_the_boss_or_an_alias_named_in_the_headline_is_the_same_employer():
    index = InMemoryStoryIndex()
    x = Tags(kind=Kind.LAYOFF, companies=("X",), headcount=200)
    first = file_item(index, art("Twitter is said to lay off at least 200 employees"), x)
    boss = file_item(
        index,
        art("Elon Musk fires additional 200 people at Twitter", T0 + timedelta(hours=3)),
        replace(x, companies=("Elon Musk",)),
    )
    assert boss.id == first.id


def test_commentary_beside_an_action_joins_when_figures_and_words_agree():
    zomato = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Zomato",), headcount=600)
    index = InMemoryStoryIndex()
    action = file_item(index, art("Zomato lays off 600 customer support staff"), zomato)
    view = file_item(
        index,
        art("Zomato's AI push leads to 600 job cuts in customer support", T0 + timedelta(hours=5)),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    unrelated = file_item(
        index,
        art("Zomato launches a new grocery app", T0 + timedelta(hours=6)),
        Tags(kind=Kind.OTHER, companies=("Zomato",)),
    )
    assert view.id == action.id != unrelated.id


def test_one_report_worded_differently_by_outlets_is_one_story():
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    index = InMemoryStoryIndex()
    a = file_item(
        index, art("AI will take more jobs from women than men by 2030, report says"), analysis
    )
    b = file_item(
        index,
        art("AI could take more jobs from women than men in next decade", T0 + timedelta(hours=8)),
        analysis,
    )
    other = file_item(
        index,
        art("Jack Dorsey just fired the starting gun on AI layoffs", T0 + timedelta(hours=9)),
        analysis,
    )
    publisher = file_item(
        index,
        art("AI is starting to show up in layoff announcements - Forbes", T0 + timedelta(hours=9)),
        analysis,
    )
    assert a.id == b.id
    assert len({a.id, other.id, publisher.id}) == 3
