"""Commentary on one employer's action that quotes the action's headcount (issue 16,
session 18b): the commentator words it their own way ('IBM believes 7,800 members of its
staff could be replaced by AI' beside 'Job cuts may intensify as IBM plans to use AI to
replace 30% of back office jobs', whose text gives the 7,800), but the figure is the
employer's. Checked on both sides: what it joins, and what it still keeps apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, match_story
from bot.story_takes import quotes_action_figure

T0 = datetime(2023, 5, 2, 10, tzinfo=UTC)
PLAN = "Job cuts may intensify as IBM plans to use AI to replace 30% of back office jobs"
PLAN_TEXT = "IBM plans to use artificial intelligence to replace 7,800 jobs over five years."


def art(title: str, text: str = "", when: datetime = T0 + timedelta(days=5)) -> Article:
    return Article(title=title, text=text, link=f"https://x/{title}", published=when)


def tags(kind: Kind, headcount: int | None = None, company: str = "IBM") -> Tags:
    return Tags(kind=kind, companies=(company,), headcount=headcount)


def plan_story(headcount: int | None = 7800) -> StoryCandidate:
    freeze = tags(Kind.HIRING_FREEZE, headcount)
    return StoryCandidate(1, "s", PLAN, freeze, T0, (PLAN,), openings=(PLAN_TEXT,))


def test_commentary_quoting_the_actions_headcount_in_its_headline_quotes_the_action() -> None:
    take = art("IBM believes 7,800 members of its staff could be replaced by AI")
    assert quotes_action_figure(
        take, tags(Kind.ANALYSIS), (PLAN,), (PLAN_TEXT,), tags(Kind.HIRING_FREEZE, 7800)
    )


def test_the_actions_headcount_in_the_commentarys_opening_counts_too() -> None:
    take = art("IBM's AI plan: what it means for office workers", "It says 7,800 roles could go.")
    assert quotes_action_figure(
        take, tags(Kind.ANALYSIS), (PLAN,), (PLAN_TEXT,), tags(Kind.LAYOFF, 7800)
    )


def test_either_side_may_be_the_commentary() -> None:
    action = art("IBM to pause hiring for back-office roles", "About 7,800 jobs could be replaced.")
    take_title = "IBM believes 7,800 members of its staff could be replaced by AI"
    assert quotes_action_figure(
        action, tags(Kind.HIRING_FREEZE, 7800), (take_title,), ("",), tags(Kind.ANALYSIS)
    )


def test_another_figure_a_small_headcount_or_plain_news_does_not_quote_the_action() -> None:
    take = art("IBM believes 300 members of its staff could be replaced by AI")
    freeze = tags(Kind.HIRING_FREEZE, 7800)
    assert not quotes_action_figure(take, tags(Kind.ANALYSIS), (PLAN,), (PLAN_TEXT,), freeze)
    # A headcount under three digits is any team's.
    small = art("Startup's 40 staff could be replaced by AI, its founder believes")
    assert not quotes_action_figure(
        small, tags(Kind.ANALYSIS), ("x",), ("",), tags(Kind.LAYOFF, 40)
    )
    # Plain news quoting the figure may be the employer's next step: its wording decides.
    walkout = art("IBM staff plan walkout over 7,800 jobs to be replaced by AI")
    assert not quotes_action_figure(walkout, tags(Kind.OTHER), (PLAN,), (PLAN_TEXT,), freeze)
    # Two actions: the round rules' to judge.
    assert not quotes_action_figure(walkout, tags(Kind.LAYOFF, 7800), (PLAN,), (PLAN_TEXT,), freeze)


def test_someone_elses_take_hooked_on_the_actions_figure_does_not_quote_the_action() -> None:
    take = art("Economist downplays fears of mass unemployment after IBM cuts 7,800 jobs")
    freeze = tags(Kind.HIRING_FREEZE, 7800)
    assert not quotes_action_figure(take, tags(Kind.ANALYSIS), (PLAN,), (PLAN_TEXT,), freeze)


def test_commentary_quoting_the_actions_headcount_joins_its_story_within_the_week() -> None:
    take = art("IBM believes 7,800 members of its staff could be replaced by AI")
    assert match_story(take, tags(Kind.ANALYSIS), [plan_story()]) is not None


def test_commentary_on_the_employer_with_no_figure_of_the_action_stays_apart() -> None:
    take = art("IBM believes 300 members of its staff could be replaced by AI")
    assert match_story(take, tags(Kind.ANALYSIS), [plan_story()]) is None
    # The action giving no headcount: nothing to quote.
    take = art("IBM believes 7,800 members of its staff could be replaced by AI")
    assert match_story(take, tags(Kind.ANALYSIS), [plan_story(None)]) is None
    # Another employer's commentary quoting the same figure: another employer's story.
    other = art("Accenture believes 7,800 members of its staff could be replaced by AI")
    assert match_story(other, tags(Kind.ANALYSIS, company="Accenture"), [plan_story()]) is None


def test_commentary_beyond_the_week_stays_apart() -> None:
    take = art(
        "IBM believes 7,800 members of its staff could be replaced by AI",
        when=T0 + timedelta(days=9),
    )
    assert match_story(take, tags(Kind.ANALYSIS), [plan_story()]) is None
