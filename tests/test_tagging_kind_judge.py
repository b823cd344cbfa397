"""The learned analysis/other judge (bot/tagging/kind_judge.py) only ever swaps commentary
and other news, and only when confident: an employer action is never its to overturn, and
`RuleTagger(judge=False)` (what scripts/train_kind.py trains on) is the rules alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article, Kind
from bot.tagging import RuleTagger, kind_judge
from bot.tagging.document import _document
from bot.tagging.kind_judge import _weights, features, overturned

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def article(title: str, text: str = "") -> Article:
    return Article(title=title, text=text, link="https://x/a", published=NOW)


def test_the_shipped_weights_load() -> None:
    assert len(_weights()) > 1000


def test_an_action_is_never_overturned() -> None:
    doc = _document(article("AI note takers outnumber humans in workplace video calls"))
    for kind in (Kind.LAYOFF, Kind.HIRING_FREEZE):
        assert overturned(doc, kind) is None


def test_the_features_carry_the_rules_choice() -> None:
    doc = _document(article("Laid-off tech workers quickly find new jobs"))
    assert "rule:other" in features(doc, Kind.OTHER)
    assert "rule:analysis" in features(doc, Kind.ANALYSIS)


def test_a_confident_judge_swaps_other_news_for_commentary_and_the_rules_stand_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Weights sure of commentary turn the rules' choice into analysis, weights sure of
    other news into other; judge=False is the rules alone."""
    a = article("Workers training AI demand protections from Congress")
    rules = RuleTagger(judge=False).tag(a).kind
    monkeypatch.setattr(kind_judge, "_weights", lambda: {"bias": 30.0})
    judged = RuleTagger().tag(a)
    assert rules is Kind.OTHER or rules is Kind.ANALYSIS
    assert judged.kind is Kind.ANALYSIS
    monkeypatch.setattr(kind_judge, "_weights", lambda: {"bias": -30.0})
    assert RuleTagger().tag(a).kind is Kind.OTHER
