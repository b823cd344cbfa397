"""Story clustering: the planner's decisions (`match_story` on candidates) and the one
filing path (the pipeline's ingest batch on a real store) that tests and scripts share."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.headlines import topic_keys
from bot.models import Article, Kind, RawItem, Tags
from bot.pipeline import Pipeline
from bot.store import Store
from bot.stories import (
    FOLLOW_UP,
    LEAD_KEYS,
    REPORT_PERIOD,
    SAME_PERIOD,
    WINDOW,
    StoryCandidate,
    index_keys,
    match_story,
    new_story_key,
    unique_key,
)
from bot.summarize import ExtractiveSummarizer
from tests.e2e import cli, rss

T0 = datetime(2024, 10, 11, 6, tzinfo=UTC)
TIKTOK = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("TikTok",), headcount_text="hundreds")
_links = itertools.count(1)


def art(title: str, when: datetime = T0) -> Article:
    return Article(title=title, text="", link=f"https://x/{next(_links)}", published=when)


@dataclass
class ScriptedTagger:
    """Tags each item as the test says (by link): the clustering is under test, not tagging."""

    tags: dict[str, Tags] = field(default_factory=dict)

    def tag(self, article: Article) -> Tags:
        return self.tags[article.link]


@dataclass(frozen=True)
class Filed:
    """Where the pipeline filed an item: its story's key and the story's tags now."""

    key: str
    tags: Tags


@pytest.fixture
def file_item(store: Store) -> Callable[[Article, Tags], Filed]:
    """Files one item through the real pipeline (one ingest batch) into the test's store."""
    tagger = ScriptedTagger()
    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        tagger,
        clock=lambda: datetime(2030, 1, 1, tzinfo=UTC),
        announce_max_age=None,
    )

    def file(article: Article, tags: Tags) -> Filed:
        tagger.tags[article.link] = tags
        raw = RawItem(
            guid=article.link,
            title=article.title,
            link=article.link,
            summary_html=article.text,
            published=article.published,
        )
        (item,) = pipeline.ingest([raw], announce=False).items
        assert item.story_key is not None
        stories = [s for s in store.latest_stories(limit=1000) if s.key == item.story_key]
        return Filed(item.story_key, stories[0].tags)

    return file


FileItem = Callable[[Article, Tags], Filed]


def test_keys_and_names() -> None:
    assert index_keys(art("x"), TIKTOK) == ["co:tiktok"]
    assert new_story_key(art("x"), TIKTOK) == "tiktok-2024-10"
    assert all(k.startswith("t:") for k in index_keys(art("Storm cuts power to homes"), Tags()))
    assert unique_key("a-2024-10", {"a-2024-10", "a-2024-10-2"}) == "a-2024-10-3"


def test_an_item_naming_an_employer_is_also_filed_under_its_openings_rarest_word() -> None:
    """Outlets word one event apart and the tagger may name its employer otherwise
    ('Robotaxi' for Cruise): the opening text's rarest word finds the other outlet's item
    (issue 16). One word for an item naming an employer (its employer keys find the rest),
    LEAD_KEYS for one naming none."""
    text = "During a somber all-hands meeting, Cruise executives discussed damage control."
    item = Article(
        title="Robotaxi CEO confirms layoffs", text=text, link="https://x/c", published=T0
    )
    named = index_keys(item, Tags(kind=Kind.LAYOFF, companies=("Robotaxi",)))
    (opening,) = [k for k in topic_keys(text) if k in named and k not in topic_keys(item.title)]
    assert opening == topic_keys(text)[0]
    unnamed = index_keys(item, Tags(kind=Kind.LAYOFF))
    assert set(topic_keys(text)[:LEAD_KEYS]) <= set(unnamed)


def test_same_event_across_outlets_joins_even_with_different_words(file_item: FileItem) -> None:
    first = file_item(art("TikTok lays off hundreds in Malaysia"), TIKTOK)
    second = file_item(
        art("Moderators let go as platform turns to automated review", T0 + timedelta(hours=20)),
        replace(TIKTOK, functions=("content_moderation",)),
    )
    assert second.key == first.key and second.key == "tiktok-2024-10"
    assert second.tags.functions == ("content_moderation",)


def test_different_events_of_one_company_stay_apart(file_item: FileItem) -> None:
    layoff = file_item(art("TikTok cuts hundreds of jobs"), TIKTOK)
    product = file_item(
        art("TikTok launches a new shopping feature", T0 + timedelta(days=1)),
        Tags(kind=Kind.OTHER, companies=("TikTok",)),
    )
    later = file_item(art("TikTok cuts hundreds more jobs", T0 + timedelta(days=30)), TIKTOK)
    assert len({layoff.key, product.key, later.key}) == 3
    assert later.key == "tiktok-2024-11"


def test_items_without_employer_cluster_by_close_wording_only(file_item: FileItem) -> None:
    a = file_item(
        art("AI will affect almost 40% of jobs worldwide, IMF chief says"),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    b = file_item(
        art("IMF says AI will affect almost 40% of jobs worldwide", T0 + timedelta(hours=4)),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    c = file_item(
        art("Stanford study finds fewer jobs for young workers in AI-exposed occupations"),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    assert a.key == b.key != c.key


def test_match_story_respects_window_and_kind() -> None:
    cand = StoryCandidate(
        1, "tiktok-2024-10", "TikTok cuts jobs", TIKTOK, T0, ("TikTok cuts jobs",)
    )
    assert match_story(art("TikTok job cuts", T0 + timedelta(days=2)), TIKTOK, [cand]) == cand
    late = T0 + FOLLOW_UP + timedelta(days=1)
    assert match_story(art("TikTok job cuts", late), TIKTOK, [cand]) is None
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("TikTok",))
    assert match_story(art("How TikTok automation changes work"), analysis, [cand]) is None


def test_follow_up_coverage_weeks_later_joins_when_figures_agree(file_item: FileItem) -> None:
    amazon = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Amazon",), headcount=14000)
    first = file_item(art("Amazon cuts 14K jobs in AI-fueled reorganization"), amazon)
    later = T0 + timedelta(days=8)
    same = file_item(art("Amazon Cuts 14,000 Corporate Jobs", later), amazon)
    vague = file_item(
        art("Amazon staff describe the mood after the cuts", T0 + timedelta(days=12)),
        replace(amazon, headcount=None),
    )
    assert first.key == same.key == vague.key
    assert WINDOW >= FOLLOW_UP > SAME_PERIOD


def test_another_round_weeks_later_stays_apart(file_item: FileItem) -> None:
    amazon = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Amazon",), headcount=14000)
    first = file_item(art("Amazon cuts 14,000 jobs"), amazon)
    other = file_item(
        art("Amazon axes 16,000 more jobs", T0 + timedelta(days=10)),
        replace(amazon, headcount=16000),
    )
    assert first.key != other.key


def test_commentary_does_not_join_beyond_a_week(file_item: FileItem) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    a = file_item(art("AI job cuts hit Britain hardest, bank says"), analysis)
    b = file_item(
        art("AI job cuts hit Britain hardest, bank says", T0 + SAME_PERIOD + timedelta(days=2)),
        analysis,
    )
    assert a.key != b.key


def test_plan_and_smaller_confirmation_weeks_later_are_one_story(file_item: FileItem) -> None:
    ford = Tags(kind=Kind.LAYOFF, companies=("Ford",), headcount=3200)
    plan = file_item(art("Ford plans 3,200 job cuts in Europe"), ford)
    part = file_item(
        art("Ford to cut 1,300 UK jobs to slash costs", T0 + timedelta(days=16)),
        replace(ford, headcount=1300),
    )
    assert plan.key == part.key


def test_a_headline_that_says_another_round_stays_apart_even_within_days(
    file_item: FileItem,
) -> None:
    amazon = Tags(kind=Kind.LAYOFF, companies=("Amazon",), headcount=18000)
    first = file_item(art("Amazon to cut 18,000 jobs"), amazon)
    again = file_item(
        art("Amazon to cut another 9,000 jobs in new round", T0 + timedelta(days=5)),
        replace(amazon, headcount=9000),
    )
    assert first.key != again.key


def test_the_boss_or_an_alias_named_in_the_headline_is_the_same_employer(
    file_item: FileItem,
) -> None:
    x = Tags(kind=Kind.LAYOFF, companies=("X",), headcount=200)
    first = file_item(art("Twitter is said to lay off at least 200 employees"), x)
    boss = file_item(
        art("Elon Musk fires additional 200 people at Twitter", T0 + timedelta(hours=3)),
        replace(x, companies=("Elon Musk",)),
    )
    assert boss.key == first.key


def test_commentary_beside_an_action_joins_when_figures_and_words_agree(
    file_item: FileItem,
) -> None:
    zomato = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Zomato",), headcount=600)
    action = file_item(art("Zomato lays off 600 customer support staff"), zomato)
    view = file_item(
        art("Zomato's AI push leads to 600 job cuts in customer support", T0 + timedelta(hours=5)),
        Tags(kind=Kind.ANALYSIS, ai_cause=True),
    )
    unrelated = file_item(
        art("Zomato launches a new grocery app", T0 + timedelta(hours=6)),
        Tags(kind=Kind.OTHER, companies=("Zomato",)),
    )
    assert view.key == action.key != unrelated.key


def test_one_report_worded_differently_by_outlets_is_one_story(file_item: FileItem) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    a = file_item(art("AI will take more jobs from women than men by 2030, report says"), analysis)
    b = file_item(
        art("AI could take more jobs from women than men in next decade", T0 + timedelta(hours=8)),
        analysis,
    )
    other = file_item(
        art("Jack Dorsey just fired the starting gun on AI layoffs", T0 + timedelta(hours=9)),
        analysis,
    )
    publisher = file_item(
        art("AI is starting to show up in layoff announcements - Forbes", T0 + timedelta(hours=9)),
        analysis,
    )
    assert a.key == b.key
    assert len({a.key, other.key, publisher.key}) == 3


# ---------------------------------------------------------------- planner decisions
def _story(title: str, tags: Tags, when: datetime = T0, *more: str) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title, *more))


def test_planner_joins_one_employers_action_worded_differently_within_three_weeks() -> None:
    meta = Tags(kind=Kind.LAYOFF, companies=("Meta",), headcount=3600)
    story = _story("Meta to cut 5% of staff it calls low performers", meta)
    item = art("Zuckerberg memo: performance-based exits begin", T0 + timedelta(days=18))
    assert match_story(item, replace(meta, headcount=None), [story]) == story


def test_planner_keeps_two_rounds_months_apart_as_two_stories() -> None:
    meta = Tags(kind=Kind.LAYOFF, companies=("Meta",), headcount=11000)
    story = _story("Meta lays off 11,000 employees", meta)
    item = art("Meta lays off 10,000 employees", T0 + timedelta(days=120))
    assert match_story(item, replace(meta, headcount=10000), [story]) is None


def test_planner_joins_a_reported_plan_and_its_confirmation() -> None:
    plan = Tags(kind=Kind.LAYOFF, companies=("Google",), headcount=12000)
    story = _story("Google could cut as many as 12,000 jobs, report says", plan)
    item = art("Alphabet confirms 12,000 job cuts in memo to staff", T0 + timedelta(days=12))
    assert match_story(item, replace(plan, companies=("Alphabet", "Google")), [story]) == story


def test_planner_splits_a_larger_figure_weeks_later() -> None:
    amazon = Tags(kind=Kind.LAYOFF, companies=("Amazon",), headcount=14000)
    story = _story("Amazon cuts 14,000 jobs", amazon)
    item = art("Amazon cuts 30,000 corporate jobs", T0 + timedelta(days=15))
    assert match_story(item, replace(amazon, headcount=30000), [story]) is None


def test_a_new_round_after_news_without_a_figure_is_its_own_story() -> None:
    amazon = Tags(kind=Kind.LAYOFF, companies=("Amazon",))
    story = _story("Amazon pauses construction of second HQ amid job cuts", amazon)
    item = art("Amazon to cut another 9,000 jobs in new round", T0 + timedelta(days=17))
    assert match_story(item, replace(amazon, headcount=9000), [story]) is None
    soon = art("Amazon to cut another 9,000 jobs in new round", T0 + timedelta(days=2))
    assert match_story(soon, replace(amazon, headcount=9000), [story]) == story


def test_outlets_quoting_one_reports_figure_are_one_story(file_item: FileItem) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    a = file_item(art("$335,000 pay for 'AI whisperer' jobs appears in red-hot market"), analysis)
    b = file_item(
        art("AI 'prompt engineer' jobs can pay up to $335,000 a year", T0 + timedelta(days=1)),
        analysis,
    )
    other = file_item(
        art("AI engineers in demand as salaries climb to $200,000", T0 + timedelta(days=1)),
        analysis,
    )
    assert a.key == b.key != other.key


def test_a_confirmation_weeks_after_a_reported_plan_joins_it() -> None:
    ford = Tags(kind=Kind.LAYOFF, companies=("Ford",), headcount=3200)
    story = _story("Ford plans 3,200 job cuts in Europe", ford)
    part = art("Ford to cut 1,300 UK jobs to slash costs", T0 + timedelta(days=23))
    assert match_story(part, replace(ford, headcount=1300), [story]) == story
    made = _story("Ford cuts 3,200 jobs in Europe", ford)
    assert match_story(part, replace(ford, headcount=1300), [made]) is None


def lead(title: str, text: str, when: datetime = T0) -> Article:
    return replace(art(title, when), text=text)


def test_one_survey_headlined_apart_joins_by_its_opening_text(file_item: FileItem) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    survey = (
        "Women hold more low-paying jobs than men and are over-represented in the "
        "occupations generative AI will shrink, according to the McKinsey Global Institute."
    )
    a = file_item(lead("AI will take more jobs from women than men, report says", survey), analysis)
    b = file_item(
        lead(
            "Women could be hit hardest by AI job replacement",
            "Automation could take more jobs from women than men in the next decade, "
            "according to the McKinsey Global Institute.",
            T0 + timedelta(hours=6),
        ),
        analysis,
    )
    other = file_item(
        lead(
            "AI is coming for entry-level jobs",
            "Graduates face a shrinking market for junior roles as firms automate routine "
            "work, recruiters say.",
            T0 + timedelta(hours=7),
        ),
        analysis,
    )
    assert a.key == b.key != other.key


def test_layoffbot_tag_files_a_plan_and_its_confirmation_and_one_survey_as_stories(
    tmp_path: Path,
) -> None:
    """The real process: `layoffbot tag` on a feed, as a user runs it."""
    day = timedelta(days=1)
    survey = (
        "Women hold more low-paying jobs than men and are over-represented in the occupations "
        "generative AI will shrink, according to the McKinsey Global Institute."
    )
    items: list[dict[str, object]] = [
        {"title": "Ford plans 3,200 job cuts in Europe", "published": T0},
        {"title": "Ford to cut 1,300 UK jobs to slash costs", "published": T0 + 23 * day},
        {"title": "Ford cuts 1,000 jobs in Germany", "published": T0 + 120 * day},
        {"title": "AI will take more jobs from women than men, report says", "description": survey},
        {
            "title": "Women could be hit hardest by AI job replacement",
            "description": "Automation could take more jobs from women than men in the next "
            "decade, according to the McKinsey Global Institute.",
            "published": T0 + day / 4,
        },
    ]
    for n, item in enumerate(items):
        item.setdefault("published", T0)
        item["link"] = f"https://news.example/{n}"
    feed = tmp_path / "feed.rss"
    feed.write_bytes(rss("News", items))
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    story = {r["link"]: r["story"] for r in map(json.loads, proc.stdout.splitlines())}
    plan, confirmed, later, a, b = (story[f"https://news.example/{n}"] for n in range(5))
    assert plan == confirmed != later
    assert a == b


def test_cuts_starting_six_weeks_after_they_were_announced_confirm_them(
    file_item: FileItem,
) -> None:
    amazon = Tags(kind=Kind.LAYOFF, companies=("Amazon",), headcount=9000)
    plan = file_item(art("Amazon to cut another 9,000 jobs in new round of layoffs"), amazon)
    starts = file_item(
        art("Amazon starts layoffs in HR and cloud units", T0 + timedelta(days=37)),
        replace(amazon, headcount=None),
    )
    assert plan.key == starts.key


def test_one_employers_news_and_commentary_on_it_share_a_subject_word(
    file_item: FileItem,
) -> None:
    google = Tags(kind=Kind.OTHER, companies=("Google",))
    launch = file_item(art("Google is opening up access to its Bard AI chatbot today"), google)
    review = file_item(
        art("Bard: how Google's chatbot gave me a comedy of errors", T0 + timedelta(days=1)),
        replace(google, kind=Kind.ANALYSIS),
    )
    other = file_item(
        art("Google fined by EU regulators over ad tech", T0 + timedelta(days=2)), google
    )
    assert launch.key == review.key != other.key


def test_news_named_in_one_headline_only_joins_on_its_wording(file_item: FileItem) -> None:
    first = file_item(
        art("Oil prices surge 8% after OPEC's surprise output cuts"), Tags(kind=Kind.OTHER)
    )
    named = file_item(
        art("OPEC+ announces surprise oil output cuts", T0 + timedelta(hours=2)),
        Tags(kind=Kind.OTHER, companies=("OPEC",)),
    )
    soar = file_item(
        art("Oil Prices Soar After OPEC’s Shock Production Cut", T0 + timedelta(hours=5)),
        Tags(kind=Kind.OTHER),
    )
    assert first.key == named.key == soar.key


def test_a_units_cuts_as_part_of_its_parents_join_the_parents_story(file_item: FileItem) -> None:
    disney = file_item(
        art("Disney begins second, larger round of layoffs"),
        Tags(kind=Kind.LAYOFF, companies=("Disney",)),
    )
    espn = file_item(
        art("ESPN announces layoffs as part of Disney's moves to cut costs", T0 + timedelta(1)),
        Tags(kind=Kind.LAYOFF, companies=("ESPN",)),
    )
    assert disney.key == espn.key


def test_commentary_on_one_named_report_within_two_weeks_is_one_story(
    file_item: FileItem,
) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    paper = file_item(art("AI threatens wages, not jobs - so far, ECB paper finds"), analysis)
    bank = file_item(
        art("European Central Bank says AI creating, not killing jobs", T0 + timedelta(10)),
        analysis,
    )
    other = file_item(
        art("IMF paper finds AI will affect 40% of jobs", T0 + timedelta(days=1)), analysis
    )
    late = file_item(
        art("ECB paper: AI is creating jobs", T0 + REPORT_PERIOD + timedelta(days=1)), analysis
    )
    assert paper.key == bank.key
    assert other.key != paper.key and late.key != paper.key


def test_a_reports_author_named_deep_in_the_opening_text_files_the_story(
    file_item: FileItem,
) -> None:
    analysis = Tags(kind=Kind.ANALYSIS)
    lead = (
        "Layoffs among employers based in the United States increased nearly 400% between "
        "the first three months of last year and this year. Economic turmoil and a desire "
        "for cost efficiency are primary causes, according to a Thursday report from "
        "executive outplacement firm Challenger, Gray & Christmas."
    )
    first = file_item(
        replace(
            art("Layoffs Increase Nearly 400% As Employers Battle Volatile Economy"), text=lead
        ),
        analysis,
    )
    second = file_item(
        art("AI Will Replace Nearly Five Million Jobs: Challenger Gray Report", T0 + timedelta(1)),
        analysis,
    )
    assert first.key == second.key


def test_headlines_sharing_one_outlets_phrase_the_same_day_are_one_story(
    file_item: FileItem,
) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    a = file_item(art("AI Restructuring Is Showing Up In Layoff Plans"), analysis)
    b = file_item(art("AI Is Starting To Show Up In Layoff Announcements"), analysis)
    c = file_item(art("New study finds fewer jobs for young workers"), analysis)
    d = file_item(art("New study finds AI boosts productivity"), analysis)
    assert a.key == b.key and c.key != d.key


def test_one_tally_rounded_by_one_outlet_is_one_figure(file_item: FileItem) -> None:
    analysis = Tags(kind=Kind.ANALYSIS)
    a = file_item(art("Over 100K job cuts announced in January: analysis"), analysis)
    b = file_item(art("US employers cut 102,000 jobs in January - a 440% jump"), analysis)
    c = file_item(art("Employers announced 120,000 cuts in March"), analysis)
    assert a.key == b.key != c.key


def test_one_employers_claim_taken_up_two_weeks_later_joins_on_its_figure(
    file_item: FileItem,
) -> None:
    klarna = Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("Klarna",))
    first = file_item(art("Klarna's AI does the work of 700 people. What's that mean?"), klarna)
    later = file_item(
        art("Klarna's New AI Tool Does The Work Of 700 Customer Service Reps", T0 + timedelta(13)),
        klarna,
    )
    other = file_item(
        art("Klarna's CEO says AI will shrink its staff by half", T0 + timedelta(days=12)), klarna
    )
    assert first.key == later.key != other.key


def test_one_employers_two_news_items_sharing_a_word_stay_apart(file_item: FileItem) -> None:
    tesla = Tags(kind=Kind.OTHER, companies=("Tesla",))
    china = file_item(art("Tesla cuts Model Y prices in China"), tesla)
    us = file_item(
        art("Tesla opens a Gigafactory near Shanghai as China sales slow", T0 + timedelta(5)),
        tesla,
    )
    assert china.key != us.key


def test_a_person_or_an_outlet_quoted_is_not_a_reports_author(file_item: FileItem) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    a = file_item(art("AI will shorten the working week to three days, Jamie Dimon says"), analysis)
    b = file_item(
        art("Jamie Dimon says banks must retrain staff", T0 + timedelta(days=5)), analysis
    )
    c = file_item(
        art("Office jobs are vanishing, according to Bloomberg", T0 + timedelta(1)), analysis
    )
    d = file_item(
        art("Coders face a hiring drought, a Bloomberg report finds", T0 + timedelta(2)), analysis
    )
    assert a.key != b.key and c.key != d.key


def test_overlap_counts_a_rounded_tally_when_no_word_is_shared() -> None:
    """'62,000' and '62,075' are one tally rounded by one outlet (NEAR_FIGURE), also when
    the headlines share no word: the figure alone is one distinctive word in common."""
    from bot.headlines import NO_OVERLAP, overlap

    near = overlap("Layoffs reach 62,000", "Employers shed 62,075")
    assert (near.distinctive, near.figure, near.rare_figure) == (1, True, True)
    assert 0 < near.score <= 1.0
    assert overlap("Layoffs reach 62,000", "Employers shed 81,000") == NO_OVERLAP
    # Leaving out an employer's name leaves out its figures too ('1-800-Flowers').
    assert overlap("1800 Flowers cuts", "1810 jobs gone").figure
    assert overlap("1800 Flowers cuts", "1810 jobs gone", frozenset({"1800"})) == NO_OVERLAP


def test_unnamed_stories_are_not_compared_once_one_matches_an_unnamed_item_fully(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two items of which neither names an employer (or one names one it does not act for
    nor the other names) are judged by their wording alone, which scores 1.0 at most: once
    a candidate scored that, later ones cannot win (a tie keeps the first), so they are
    not compared (#14: at 1M stories most of an item's candidates are such stories)."""
    import bot.stories as stories_mod

    commentary = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    title = "Economists warn AI automation threatens office finance jobs"
    first = StoryCandidate(1, "a", title, commentary, T0, (title,))
    others = [
        StoryCandidate(i, f"s{i}", title, commentary, T0 + timedelta(hours=i), (title,))
        for i in range(2, 6)
    ]
    news = Tags(kind=Kind.OTHER, companies=("Acme",))  # its news, not an action
    unnamed_acme = StoryCandidate(8, "o", title, news, T0, (title,))
    named = StoryCandidate(9, "n", title, TIKTOK, T0, (title,))
    scored: list[int] = []
    score = stories_mod._score

    def counted(article: Article, tags: Tags, candidate: StoryCandidate) -> float | None:
        scored.append(candidate.id)
        return score(article, tags, candidate)

    monkeypatch.setattr(stories_mod, "_score", counted)
    found = match_story(art(title), commentary, [first, *others, unnamed_acme, named])
    assert found == first
    assert scored == [1, 9]  # an employer's action is still compared: it may score more


def test_a_stored_storys_newest_item_dates_its_coverage(file_item: FileItem) -> None:
    """The store gives a candidate its newest item's date, not only its first: a plan
    reported 20 days before its cuts, an outlet naming the cut part its own way the day of
    the cuts joins that day's coverage (fresh-stories' Unity/Weta case)."""
    unity = Tags(kind=Kind.LAYOFF, companies=("Unity",), headcount=265)
    plan = file_item(art("Unity is probably going to do layoffs"), replace(unity, headcount=None))
    day = T0 + timedelta(days=20)
    cuts = file_item(art("Unity To Lay Off 265 Employees At Weta Digital", day), unity)
    told = "Unity is terminating its agreement with Peter Jackson's former VFX studio"
    other = file_item(art(told, day + timedelta(hours=9)), unity)
    assert plan.key == cuts.key == other.key
