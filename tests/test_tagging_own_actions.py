"""An employer's own action read as commentary (issue 16, "wrong kind, so no employer"): a
closure told in the headline's verb when a later clause carries a commentary cue, and a bank
named by its short name warning of its own cuts, and cuts a company unveils under a headline
with a commentary word ("data"). Headlines are written for the tests; none is
copied from a labelled set.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_offices_shut_ahead_of_layoffs_are_a_layoff_despite_a_later_might() -> None:
    tags = tag(
        "Starbucks Shuts All U.S. Offices Ahead of Layoffs, And It Might Just Change Its Menu",
        "Starbucks has shut all of its offices in the United States so that layoff notices "
        "can be delivered to employees virtually.",
    )
    assert (tags.kind, tags.companies[:1]) == (Kind.LAYOFF, ("Starbucks",))


def test_a_headline_that_only_wonders_about_closing_offices_stays_other() -> None:
    assert tag("Quillon Might Shut Its Offices").kind is Kind.OTHER


def test_goldman_warning_of_its_own_new_job_cuts_is_a_layoff_by_goldman_sachs() -> None:
    tags = tag("Goldman warns of more job cuts as dealmaking slows")
    assert (tags.kind, tags.companies[:1]) == (Kind.LAYOFF, ("Goldman Sachs",))


def test_economists_warning_of_job_cuts_is_no_employer_action() -> None:
    assert not tag("Economists warn of new job cuts as rates rise").kind.is_action


def test_job_cuts_the_company_unveils_are_its_layoff_despite_a_word_like_data() -> None:
    tags = tag("Quillon shares jump after company unveils job cuts, strong sales data")
    assert (tags.kind, tags.companies[:1]) == (Kind.LAYOFF, ("Quillon",))


def test_data_about_job_cuts_that_no_one_announces_in_the_headline_stays_commentary() -> None:
    assert not tag("Data shows Quillon job cuts hurt morale").kind.is_action
