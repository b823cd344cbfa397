"""Issue 16: what is and is not an AI cause (shared/spec/tagging.md, 'Juxtaposition is not
cause'), one behaviour per test. Headlines are written for the tests, in the shapes real
coverage takes; none is copied from a labelled set."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = ""):
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_cuts_at_an_ai_or_robotics_subsidiary_are_not_ai_caused() -> None:
    for title in (
        "Zentrix robotics subsidiary Corvo lays off 20% of staff",
        "Zentrix AI spinoff Corvo cuts 40 jobs",
    ):
        t = tag(title)
        assert t.kind == Kind.LAYOFF and not t.ai_cause, title


def test_machines_laid_off_are_no_ai_cause() -> None:
    t = tag("Zentrix reportedly lays off robots that cleaned its offices")
    assert not t.ai_cause


def test_a_leading_after_clause_naming_ai_is_a_time_not_a_cause() -> None:
    t = tag("After chatbot disruption, Zentrix lays off 28 percent of staff")
    assert t.kind == Kind.LAYOFF and not t.ai_cause


def test_a_leading_clause_saying_ai_took_the_work_is_still_the_cause() -> None:
    assert tag("After replacing support agents with AI, Zentrix lays off 300 staff").ai_cause
