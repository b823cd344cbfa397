"""A descriptor read as its owner names the employer, never the item's kind away (session 16).

'Company Behind ChatGPT Is Training A System To Make Coding Jobs Obsolete' is commentary
about AI and work (spec v2: an employer's statement about AI and its workforce with no action
is analysis, that employer in companies): the product's name is what says AI, so reading the
headline as 'OpenAI Is Training ...' alone had made it other news. Headlines written for this
test. Spec: shared/spec/tagging.md ('analysis', 'companies').
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article, Kind
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _tags(title: str, summary: str = "") -> tuple[Kind, bool, tuple[str, ...]]:
    article = Article(title=title, text=summary, link="https://example.com/a", published=NOW)
    tags = RuleTagger().tag(article)
    return tags.kind, tags.ai_cause, tuple(tags.companies)


@pytest.mark.parametrize(
    "title",
    [
        "Company Behind ChatGPT Is Training A System To Make Coding Jobs Obsolete",
        "The company behind Claude is building AI that could replace junior lawyers",
    ],
)
def test_a_descriptor_keeps_commentary_about_ai_and_names_its_owner(title: str) -> None:
    kind, ai_cause, companies = _tags(title)
    assert kind is Kind.ANALYSIS
    assert ai_cause
    assert companies[:1] in (("OpenAI",), ("Anthropic",))


def test_a_descriptor_that_names_the_action_still_reads_it_as_the_owners_layoff() -> None:
    kind, _, companies = _tags("Bud Light Brewer Lays Off Hundreds of U.S. Workers")
    assert kind is Kind.LAYOFF
    assert companies[:1] == ("Anheuser-Busch",)


@pytest.mark.parametrize(
    "title",
    [
        "Google is building AI to make call-centre jobs obsolete",
        "New AI agents could make entry-level analyst roles obsolete, bank says",
    ],
)
def test_jobs_made_obsolete_by_ai_is_commentary_about_ai_and_work(title: str) -> None:
    kind, ai_cause, _ = _tags(title)
    assert kind is Kind.ANALYSIS
    assert ai_cause
