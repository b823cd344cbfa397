"""Story clustering on real coverage (issue 16, session 20): what aggregators add around an
item is not its words, and one event's coverage reworded by outlets. Each rule is checked
on both sides: what it joins, and what it still keeps apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.headlines import title_tokens
from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, candidate_scope, index_keys, match_story
from bot.story_employers import employer_relation
from bot.story_names import headline_speaker
from bot.story_openings import opening
from bot.story_reworded import retold
from bot.text import clean_text

T0 = datetime(2026, 1, 8, 12, tzinfo=UTC)
REDDIT = (
    "submitted by /u/{}<br/> <span><a href='https://x'>[link]</a></span> <span>[comments]</span>"
)


def art(title: str, text: str = "", when: datetime = T0) -> Article:
    return Article(title=title, text=text, link=f"https://x/{title}", published=when)


def story(article: Article, tags: Tags) -> StoryCandidate:
    return StoryCandidate(
        1, "s", article.title, tags, article.published, (article.title,), ("",),
        frozenset(), None, 1, (opening(article.text),),
    )  # fmt: skip


def test_reddits_footer_is_not_a_posts_words() -> None:
    assert clean_text(REDDIT.format("dheber")) == ""
    text = clean_text("Yes, I will take some fries.<br/><br/>" + REDDIT.format("NotAnOwl_"))
    assert text == "Yes, I will take some fries."
    # Cut short by the feed: the submitter's name in part.
    assert clean_text("Search and compare.\n\nsubmitted by /u/Buildw") == "Search and compare."
    # The words in a sentence stay.
    kept = "The post was submitted by /u/someone to the forum and got [comments] quickly."
    assert clean_text(kept) == kept


def test_two_reddit_posts_of_the_same_days_sharing_only_the_footer_are_two_stories() -> None:
    analysis, other = Tags(kind=Kind.ANALYSIS), Tags(kind=Kind.OTHER)
    ice = art(
        "ICE agent was not in the vehicle's path when he fired at driver, video shows",
        clean_text(REDDIT.format("dheber")),
    )
    agents = art(
        "The simplest way to build AI agents in 2026",
        clean_text(REDDIT.format("Minute-Conference-33")),
        T0 + timedelta(days=1),
    )
    assert match_story(agents, analysis, [story(ice, other)]) is None


GATES_1 = "Bill Gates: AI Won't Take Over THESE Jobs"
GATES_1_TEXT = (
    "Bill Gates breaks down the real impact of AI on jobs—which fields will thrive, which will "
    "transform, and why human skills still dominate in the age of automation."
)
GATES_2 = "Bill Gates: Within 10 years, AI will replace many doctors and teachers"
GATES_2_TEXT = (
    "Over the next decade, advances in artificial intelligence will mean that humans will no "
    "longer be needed for most things in the world, says Bill Gates."
)


def test_a_statement_headlined_on_its_speaker_is_filed_under_the_speaker() -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    one = index_keys(art(GATES_1, GATES_1_TEXT), analysis)
    two = index_keys(art(GATES_2, GATES_2_TEXT), analysis)
    assert "sp:billgates" in set(one) & set(two)
    assert headline_speaker("Sam Altman says AI will take jobs") == "samaltman"
    # A company's statement, a name not opening on a given name, no colon or 'says': none.
    assert headline_speaker("Microsoft: AI will not replace our engineers") is None
    assert headline_speaker("Bill gates recent comments and UBI") is None
    assert headline_speaker("Bill Gates Foundation grants $5m to AI tutors") is None
    # An action is filed under its employer, not its speaker.
    layoff = Tags(kind=Kind.LAYOFF)
    assert not any(k.startswith("sp:") for k in index_keys(art(GATES_2, GATES_2_TEXT), layoff))


def test_two_lines_of_one_interview_headlined_on_the_speaker_are_one_story() -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    first = art(GATES_1, GATES_1_TEXT)
    later = art(GATES_2, GATES_2_TEXT, T0 + timedelta(hours=3))
    assert match_story(later, analysis, [story(first, analysis)]) is not None


SAASTR = "'Godfather of SaaS' Says He Replaced Most of His Sales Team With AI Agents"
SAASTR_AGAIN = (
    "The 'Godfather of SaaS' says he replaced most of his sales team with AI agents: "
    "'We're done with hiring humans'"
)


def test_a_headline_told_again_is_one_story_whoever_the_tagger_named() -> None:
    named, unnamed = Tags(kind=Kind.LAYOFF, companies=("SaaStr",)), Tags(kind=Kind.LAYOFF)
    first = art(SAASTR)
    again = art(SAASTR_AGAIN, when=T0 + timedelta(hours=6))
    assert retold(SAASTR_AGAIN, (SAASTR,), timedelta(hours=6))
    assert match_story(again, unnamed, [story(first, named)]) is not None
    # Told again a week on: another outlet's take on it, judged by the usual rules.
    assert not retold(SAASTR_AGAIN, (SAASTR,), timedelta(days=7))


def test_an_employers_cuts_and_unnamed_cuts_sharing_a_phrase_stay_apart() -> None:
    named, unnamed = Tags(kind=Kind.LAYOFF, companies=("Amazon",)), Tags(kind=Kind.LAYOFF)
    first = art("Amazon to cut 14,000 corporate jobs as AI spending grows")
    other = art("Retailer to cut 14,000 corporate jobs in restructuring", when=T0)
    assert not retold(other.title, (first.title,), timedelta(0))
    assert match_story(other, unnamed, [story(first, named)]) is None


def test_a_body_shut_down_in_one_headline_and_its_dept_closed_in_another_are_one_story() -> None:
    news = Tags(kind=Kind.OTHER)
    order = art("Trump Ordered the Shutdown of the Education Department")
    loans = art("What Happens to Student Loans if the Education Dept. Closes?", when=T0)
    assert match_story(loans, news, [story(order, news)]) is not None
    assert title_tokens(loans.title) >= {"education", "department", "clos"}
    assert title_tokens("Ubisoft shutters Halifax studio") == title_tokens(
        "Ubisoft closes Halifax studio"
    )
    assert title_tokens("vaccine for children") == title_tokens("childhood vaccine")
    # Another body closing the same days, or the same body's other news, stays apart.
    other = art("What Happens to Student Loans if the Labor Dept. Closes?", when=T0)
    assert match_story(other, news, [story(order, news)]) is None
    grants = art("Education Department cancels $600m in teacher-training grants", when=T0)
    assert match_story(grants, news, [story(order, news)]) is None


NEDA_TEXT = "The National Eating Disorders Association shut down the bot after it recommended cutting calories."
NEDA_LATER_TEXT = (
    "The National Eating Disorders Association took down a controversial chatbot, after users "
    "showed how it could dispense harmful advice about dieting."
)


def test_an_institutions_event_followed_up_a_week_on_is_one_story() -> None:
    news = Tags(kind=Kind.OTHER)
    first = art(
        "A Chatbot Was Designed to Help Prevent Eating Disorders. Then It Gave Dieting Tips.",
        NEDA_TEXT,
    )
    later = art(
        "An eating disorders chatbot offered dieting advice, raising fears about AI in health",
        NEDA_LATER_TEXT,
        T0 + timedelta(days=9),
    )
    scope = candidate_scope(later, news)
    assert scope.since <= first.published
    assert match_story(later, news, [story(first, news)]) is not None


def test_an_institutions_next_event_weeks_on_is_another_story() -> None:
    news = Tags(kind=Kind.OTHER)
    first = art(
        "A Chatbot Was Designed to Help Prevent Eating Disorders. Then It Gave Dieting Tips.",
        NEDA_TEXT,
    )
    # Its name and the subject of the week, not the same thing told.
    later = art(
        "Eating disorder charity names new chief executive",
        "The National Eating Disorders Association named a new chief executive on Monday.",
        T0 + timedelta(days=9),
    )
    assert match_story(later, news, [story(first, news)]) is None
    # The same thing told, by an action of the institution: the employer rules judge it.
    layoff = Tags(kind=Kind.LAYOFF)
    assert match_story(later, layoff, [story(first, news)]) is None


def test_cuts_at_two_units_of_one_parent_days_apart_are_the_parents_round() -> None:
    twitch = art("Bloomberg reports Twitch to cut 35% of staff, laying off 500 workers")
    twitch_tags = Tags(kind=Kind.LAYOFF, companies=("Twitch",), headcount=500, percent=35.0)
    audible = art("Audible reportedly lays off over 100 employees", when=T0 + timedelta(days=2))
    audible_tags = Tags(kind=Kind.LAYOFF, companies=("Audible",), headcount=100, percent=5.0)
    assert employer_relation(("Audible",), audible.title, ("Twitch",), (twitch.title,)) == "same"
    assert match_story(audible, audible_tags, [story(twitch, twitch_tags)]) is not None
    # A unit's own news beside its parent's the same day: one employer.
    studios = art("PlayStation Studios head confirms projects cancelled in wake of layoffs")
    sony = art("Sony Reportedly Cancels Twisted Metal Live-Service Game as Part of Mass Layoffs")
    news = Tags(kind=Kind.OTHER, companies=("PlayStation Studios",))
    assert set(index_keys(studios, news)) & set(
        index_keys(sony, Tags(kind=Kind.OTHER, companies=("Sony",)))
    )
    # Another parent's unit stays another employer.
    assert (
        employer_relation(("Audible",), audible.title, ("Xbox",), ("Xbox cuts 1,900",))
        == "different"
    )
