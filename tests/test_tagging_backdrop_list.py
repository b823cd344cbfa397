"""A sentence-opening 'After ...,' backdrop runs on over a list of what came before, each a
phrase of its own -ing verb (bot.tagging.subjects `_LEADING_CLAUSE`, session 17). Once the
Verge's photo credit was cut from the text (bot.feed_boilerplate), the layoff listed third
read as the item's action. Text from real coverage (tests/data/eval/fresh-tags.jsonl)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind
from bot.tagging import RuleTagger

SPOTIFY = (
    "Spotify is going big on video podcasts",
    "After spending more than $1 billion on podcast assets, challenging investor skepticism, "
    "laying off dozens of podcasting employees, and parting ways with its main podcasting chief, "
    "Spotify is establishing its focus for the vertical moving forward: more video, more "
    "consolidation, and more splashy names.",
)


def _kind(title: str, text: str) -> Kind:
    return (
        RuleTagger().tag(Article(title, text, "https://x/a", datetime(2023, 6, 1, tzinfo=UTC))).kind
    )


def test_a_layoff_in_a_listed_backdrop_is_no_action() -> None:
    assert _kind(*SPOTIFY) == Kind.OTHER


def test_a_main_clause_after_the_backdrop_still_acts() -> None:
    # The list runs on over lower-case -ing phrases only: 'Boeing said' is the main clause.
    text = "After the strike ended, Boeing said it would cut 10% of its staff, the company said."
    assert _kind("Boeing to cut 10% of staff", text) == Kind.LAYOFF
