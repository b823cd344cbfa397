"""The learned judge (bot/tagging/judge.py): a conservative veto over the rules' digest."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger, judge


def _article(title: str, text: str = "") -> Article:
    return Article(title=title, text=text, link="https://x.example/a", published=datetime.now(UTC))


def test_judge_weights_ship_with_the_package_and_are_small() -> None:
    weights = judge._weights()
    assert 500 < len(weights) < 10_000


def test_judge_never_vetoes_items_the_rules_keep_out_of_the_digest() -> None:
    article = _article("Opinion: AI will not take your job")
    assert not judge.vetoes_digest(article, Tags(kind=Kind.ANALYSIS, ai_cause=True))
    assert not judge.vetoes_digest(article, Tags(kind=Kind.LAYOFF, ai_cause=False))


def test_clear_ai_layoffs_stay_in_the_digest() -> None:
    tags = RuleTagger().tag(
        _article(
            "Klarna to cut 700 customer service jobs as AI assistant takes over their work",
            "Klarna said its AI assistant now does the work of 700 agents, replacing them.",
        )
    )
    assert tags.kind is Kind.LAYOFF and tags.ai_cause


def test_a_veto_only_clears_the_ai_cause() -> None:
    tagger = RuleTagger()
    article = _article("Acme to cut 300 jobs to focus on AI")
    original = judge._weights
    try:
        judge._weights = lambda: {"bias": -50.0}  # type: ignore[assignment]
        tags = tagger.tag(article)
    finally:
        judge._weights = original  # type: ignore[method-assign]
    assert tags.kind is Kind.LAYOFF and not tags.ai_cause and tags.ai_evidence is None
    assert tags.companies == ("Acme",) and tags.headcount == 300


def test_the_judge_never_overrules_evidence_that_ai_took_the_work() -> None:
    article = _article("Acme to cut 300 jobs as AI replaces support staff")
    original = judge._weights
    try:
        judge._weights = lambda: {"bias": -50.0}  # type: ignore[assignment]
        tags = RuleTagger().tag(article)
    finally:
        judge._weights = original  # type: ignore[method-assign]
    assert tags.kind is Kind.LAYOFF and tags.ai_cause
