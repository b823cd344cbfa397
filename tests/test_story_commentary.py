"""Story clustering of commentary: several outlets' coverage of one report, survey or
employer statement on AI and work, and look-alikes kept apart. Headlines from real 2023
coverage (tests/data/eval/fresh-commentary.jsonl)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.headlines import title_tokens
from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, index_keys, match_story

T0 = datetime(2023, 3, 27, 16, tzinfo=UTC)
ANALYSIS = Tags(kind=Kind.ANALYSIS, ai_cause=True)


def art(title: str, when: datetime = T0) -> Article:
    return Article(title=title, text="", link=f"https://x/{title}", published=when)


def story(title: str, tags: Tags, when: datetime = T0, *more: str) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title, *more))


def named(*companies: str) -> Tags:
    return Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=companies)


def test_a_figure_in_millions_is_one_figure_however_it_is_written() -> None:
    assert {"300", "million"} <= title_tokens("Generative AI set to affect 300mn jobs")
    assert {"40", "million"} <= title_tokens("Start-up raises $40m")
    assert {"5", "billion"} <= title_tokens("£5bn plan")
    assert "5m" in title_tokens("A 5m wall")  # metres, not money: left alone


def test_commentary_naming_a_reports_author_joins_coverage_that_does_not() -> None:
    report = story(
        "Generative AI set to affect 300mn jobs in the US and Europe",
        ANALYSIS,
        T0,
        "Generative AI set to affect 300 million jobs across major economies",
    )
    named_author = art(
        "Goldman Sachs says generative A.I. could impact 300 million jobs — here's which ones",
        T0 + timedelta(hours=22),
    )
    assert "t:300" in index_keys(named_author, named("Goldman Sachs"))
    assert match_story(named_author, named("Goldman Sachs"), [report]) == report
    # Another study the same week, worded on its own figure, stays apart.
    other = art("AI could affect up to 80 percent of US workforce: research", T0)
    assert match_story(other, ANALYSIS, [report]) is None


def test_an_employers_claim_retold_with_its_figure_joins_the_claim_whatever_its_kind() -> None:
    ibm = Tags(kind=Kind.HIRING_FREEZE, ai_cause=True, companies=("IBM",), headcount=7800)
    pause = story(
        "IBM plans to replace 7,800 jobs with AI over time, pauses hiring certain positions",
        ibm,
        T0,
        "IBM could replace 7,800 jobs with artificial intelligence, CEO says",
    )
    days = T0 + timedelta(days=6)
    retold = art("IBM believes 7,800 members of its staff could be replaced by AI", days)
    rounded = art("Artificial Intelligence Is Expected to Cut 8,000 Jobs in IBM: CEO", days)
    assert match_story(retold, named("IBM"), [pause]) == pause
    assert match_story(rounded, named("IBM"), [pause]) == pause
    # The same boss on another subject that week, and another of its figures, stay apart.
    remote = art("IBM CEO says working from home won't get you anywhere", days)
    assert match_story(remote, Tags(kind=Kind.OTHER, companies=("IBM",)), [pause]) is None
    other = art("IBM study: 40% of workers will have to reskill, 1,500 executives say", days)
    assert match_story(other, named("IBM"), [pause]) is None


def test_a_verb_in_the_past_tense_is_the_word_in_the_present() -> None:
    assert "restrict" in title_tokens("Apple may have restricted employee use of ChatGPT")
    assert "restrict" in title_tokens("Apple Restricts Use of ChatGPT")
    apple = Tags(kind=Kind.OTHER, companies=("Apple",))
    restricts = story(
        "Apple Restricts Use of ChatGPT, Joining Other Companies Wary of Leaks",
        Tags(kind=Kind.OTHER),
    )
    told = art(
        "Apple may have restricted employee use of ChatGPT due to privacy concerns",
        T0 + timedelta(hours=8),
    )
    assert match_story(told, apple, [restricts]) == restricts
    # Apple's other news that week, worded apart, stays apart.
    other = art("Apple is working on its own AI model", T0 + timedelta(hours=8))
    assert match_story(other, apple, [restricts]) is None


def test_a_bosss_words_retold_days_later_join_their_story() -> None:
    """One interview of a boss is headlined for days, each outlet on its own quote ('IBM
    CEO says working from home...', three days on 'IBM chief says ... if they work from
    home'): one story when both report the boss's words and share a subject word."""
    said = story("IBM CEO says working from home won't get you anywhere", other("IBM"))
    told = art(
        "IBM chief says employees' careers could suffer and promotions may be harder to "
        "achieve if they work from home",
        T0 + timedelta(days=3),
    )
    assert match_story(told, other("IBM"), [said]) == said
    # Retold beyond TOPIC_SAME_DAYS, it is another occasion's words.
    later = art(told.title, T0 + timedelta(days=5))
    assert match_story(later, other("IBM"), [said]) is None


def other(company: str) -> Tags:
    return Tags(kind=Kind.OTHER, companies=(company,))
