"""A listed public body written in lower case after the country opening a headline is that
body (issue 16, session 20): 'UK civil service to cut 10,000 jobs as AI takes over admin
work' was commentary with no employer while 'UK Civil Service cuts ...' was a layoff."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind
from bot.tagging import RuleTagger
from bot.tagging.country_bodies import listed_case


def _tag(title: str):
    return RuleTagger().tag(
        Article(
            title=title, text="", link="https://x/a", published=datetime(2026, 1, 5, tzinfo=UTC)
        )
    )


def test_a_lower_case_listed_body_after_the_country_is_the_employer_of_the_cut() -> None:
    for title in (
        "UK civil service to cut 10,000 jobs as AI takes over admin work",
        "UK's civil service to cut 10,000 jobs",
        "British civil service to shed 10,000 jobs",
    ):
        tags = _tag(title)
        assert (tags.kind, tags.companies, tags.headcount) == (
            Kind.LAYOFF,
            ("Civil Service",),
            10000,
        ), title
    assert _tag("UK civil service to cut 10,000 jobs as AI takes over admin work").in_digest


def test_words_that_spell_no_listed_name_are_left_as_written() -> None:
    for title in ("UK tech jobs fall 5% in March", "US federal workforce shrinks", "Civil war"):
        assert listed_case(title) == title
    assert listed_case("UK civil service cuts 10,000 jobs") == "UK Civil Service cuts 10,000 jobs"
