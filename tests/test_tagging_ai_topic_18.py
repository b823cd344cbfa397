"""Issue 16, session 18: commentary whose only AI is money, markets or crime has no AI cause
(shared/spec/tagging.md v2: analysis with no AI-and-jobs angle has ai_cause false). Each rule
with the decoys it must not take; headlines written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger
from bot.tagging.ai_topic import without_money_or_crime

NOW = datetime(2025, 3, 1, tzinfo=UTC)
COSTS = "Why tech giants are watching their costs this year"
SCAMS = "Job scams are getting smarter: how to protect yourself"


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_commentary_naming_ai_only_as_spending_has_no_ai_cause() -> None:
    t = tag(
        COSTS,
        "Job cuts at Zentrix and Norvale open a year that will bring record AI spending "
        "but little new revenue.",
    )
    assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, False)


def test_commentary_where_ai_does_the_work_keeps_its_ai_cause() -> None:
    t = tag(
        COSTS,
        "Job cuts at Zentrix and Norvale open a year in which AI tools will do more of the "
        "work those employees did.",
    )
    assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True)


def test_commentary_naming_ai_only_as_a_scammers_tool_has_no_ai_cause() -> None:
    t = tag(
        SCAMS,
        "As layoffs push people to look for work, scammers are using AI chatbots to write "
        "fake job ads to steal money and data.",
    )
    assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, False)


def test_ai_used_at_work_beside_a_scam_headline_keeps_its_ai_cause() -> None:
    t = tag(
        SCAMS,
        "As layoffs push people to look for work, recruiters are using AI chatbots to screen "
        "applicants.",
    )
    assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True)


def test_a_crime_clause_where_ai_takes_the_work_keeps_its_ai_cause() -> None:
    t = tag("Job scams powered by AI chatbots could replace recruiters, report warns")
    assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True)


def test_ai_spending_set_against_jobs_in_the_headline_is_a_shift_toward_ai() -> None:
    # v2: a shift of money toward AI is a cause; the headline weighs it against the jobs.
    for title in (
        "Record AI spending coincides with deepening job cuts, analysts say",
        "Companies are spending to get their workforce ready for AI, survey finds",
    ):
        t = tag(title)
        assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True), title


def test_money_ai_is_set_aside_but_ai_elsewhere_in_the_sentence_stays() -> None:
    headline = "What Big Tech budgets say about the year ahead"
    spent = without_money_or_crime(
        "Cloud providers will invest $80 billion to expand data centers to support AI.", headline
    )
    assert "AI" not in spent
    kept = without_money_or_crime(
        "Providers invest in data centers, and AI now writes half their support replies.",
        headline,
    )
    assert "AI now writes" in kept


def test_an_action_item_still_counts_a_shift_of_money_toward_ai() -> None:
    # The rule is for commentary only: an employer cutting jobs to invest in AI cites AI.
    t = tag("Zentrix cuts 300 jobs to invest in AI data centers")
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, True)
