"""A future possibility of automation taking the work, with no cut decided, is no job
action (spec v2: an employer's own statement about AI and its workforce with no action,
'AI could replace our journalists', is `analysis` with that employer in `companies`; a
reported plan to cut, 'could cut as many as 30,000', stays a `layoff`; a plan to replace
roles over time while pausing hiring is a `hiring_freeze`). Sentences written for this test.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _tag(title: str, text: str = "") -> tuple[str, int | None, tuple[str, ...]]:
    tags = RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))
    return tags.kind.value, tags.headcount, tags.companies


@pytest.mark.parametrize(
    "title",
    [
        "Amazon plans robots that could replace 600,000 workers",
        "Google may replace these ad sales jobs with AI",
        "Pellworth could replace 4,000 jobs with AI, CEO says",
        "Walmart's warehouse robots might one day replace 10,000 pickers",
        "Pellworth says chatbots could eventually replace 1,500 support agents",
    ],
)
def test_what_automation_could_replace_is_no_cut(title: str) -> None:
    kind, headcount, _ = _tag(title)
    assert kind in ("analysis", "other") and headcount is None


def test_the_employer_stays_named_on_its_statement() -> None:
    assert _tag("Pellworth could replace 4,000 jobs with AI, CEO says") == (
        "analysis",
        None,
        ("Pellworth",),
    )


@pytest.mark.parametrize(
    ("title", "text", "kind", "headcount"),
    [
        ("Pellworth could cut as many as 4,000 jobs", "", "layoff", 4000),
        ("Pellworth to replace 4,000 customer service workers with AI", "", "layoff", 4000),
        ("Pellworth replaces 400 support staff with chatbots", "", "layoff", 400),
        ("Pellworth will replace 400 agents with AI next month", "", "layoff", 400),
        (
            "Pellworth could replace 4,000 jobs with AI, CEO says",
            "Pellworth will pause hiring for back-office roles that AI could do, its chief "
            "executive said.",
            "hiring_freeze",
            4000,
        ),
    ],
)
def test_replacement_decided_or_a_plan_to_cut_stays_an_action(
    title: str, text: str, kind: str, headcount: int
) -> None:
    assert _tag(title, text)[:2] == (kind, headcount)
