"""The acting employer, by kind of miss found on the tune sets (issue 16, session 7).

Headlines are written for the tests in the shapes real coverage takes, with invented
names; none is copied from a labelled set.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_title_case_words_qualifying_the_layoffs_are_no_employer() -> None:
    assert tag("Zentrix Hit With Unexpected, Undue Layoffs").companies[:1] == ("Zentrix",)
    assert tag("Spotify Podcast Layoffs Will Affect Two Studios").companies[:1] == ("Spotify",)
    # A one-word employer before the noun is still the employer.
    assert tag("Chime Layoffs Hit Staff").companies[:1] == ("Chime",)


def test_title_case_descriptor_after_a_listed_employer_describes_it() -> None:
    assert tag("Coinbase Crypto Exchange to Cut Nearly 1,000 Jobs").companies[:1] == ("Coinbase",)
    # The descriptor before a name still introduces it.
    assert tag("Crypto Exchange Quorvex to Cut 30% of Staff").companies[:1] == ("Quorvex",)
