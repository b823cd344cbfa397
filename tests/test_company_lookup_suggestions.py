"""What `/layoffs <company>` offers for a listed company that has no story yet.

Found by trying the bot as a user: `/layoffs subscribe Amazon here` answered 'Did you
mean Porn?' (a name a misread headline had left in the store), in a work channel.
"""

from __future__ import annotations

from typing import Any

from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


async def test_a_listed_company_without_stories_is_offered_only_names_spelled_like_it(
    store: Store, make_story: Any
) -> None:
    make_story("Porn")
    make_story("HPE")
    app = make_app(store)
    amazon = to_text(await app.handle(cmd("Amazon")))
    assert "No stories yet about Amazon" in amazon and "Porn" not in amazon, amazon
    followed = to_text(await app.handle(cmd("subscribe Amazon here")))
    assert "Following Amazon" in followed and "Porn" not in followed, followed
    hp = to_text(await app.handle(cmd("hp")))
    assert "No stories yet about HP" in hp and "Did you mean HPE?" in hp, hp


def test_a_name_is_offered_only_when_it_is_plausibly_what_was_typed() -> None:
    # Trial: 'Did you mean UN?' for '%s%s%n', 'FBI or NBA' for 'ai', X for 'xyz'.
    from bot.companies import CompanyMatcher, MatchResult

    stored = ["UN", "FBI", "NBA", "X", "Amazon", "Atlassian", "HPE", "Meta", "Goldman Sachs"]
    matcher = CompanyMatcher()
    for query in ("%s%s%n", "ai", "AI", "xyz", "unicode"):
        assert matcher.match(query, stored) == MatchResult(None, []), query
    assert matcher.match("Amazn", stored).exact == "Amazon"  # a typo for its length
    assert matcher.match("Atla", stored).exact == "Atlassian"  # a name it begins
    assert matcher.match("Meta AI", stored).exact == "Meta"  # a name it begins with
    assert matcher.match("Sachs", stored).exact == "Goldman Sachs"  # one of its words
    hp = matcher.match("hp", stored)
    assert "HPE" in [hp.exact, *hp.suggestions]


async def test_a_topic_typed_as_a_company_points_to_the_stories_about_it(
    store: Store, make_story: Any
) -> None:
    make_story("FBI")
    make_story("NBA")
    app = make_app(store)
    for query in ("ai", "AI", "automation", "tech jobs"):
        text = to_text(await app.handle(cmd(query)))
        assert "FBI" not in text and "NBA" not in text, text
        assert f"“{query}” is a topic, not a company" in text, text
        assert "/layoffs latest" in text and f"/layoffs search {query}" in text, text
    typo = to_text(await app.handle(cmd("NBAA")))
    assert "NBA (for" in typo, typo  # a typo of a stored name is still found


async def test_a_topic_is_not_followed_as_a_company_and_a_word_named_employer_still_is(
    store: Store,
) -> None:
    app = make_app(store)
    reply = await app.handle(cmd("subscribe ai"))
    assert reply.is_error and "“ai” is a topic, not a company" in to_text(reply), to_text(reply)
    assert not store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id="C1"
    )
    wave = to_text(await app.handle(cmd("Wave")))  # an employer named by a word
    assert "No stories yet about Wave" in wave and "/layoffs subscribe Wave" in wave, wave


async def test_a_parent_is_answered_by_its_own_name_not_a_units(
    store: Store, make_story: Any
) -> None:
    """Trial 14: with stories of LinkedIn (a unit of Microsoft's, filed under it) and of
    Microsoft, `/layoffs microsoft` answered "LinkedIn (for “microsoft”)", and
    `microsft` asked "Did you mean LinkedIn or Microsoft?"."""
    make_story("LinkedIn", title="LinkedIn lays off 716 employees, kills China jobs app")
    make_story("Microsoft", title="Microsoft announces up to 1,500 layoffs, memo blames AI")
    app = make_app(store)
    parent = to_text(await app.handle(cmd("microsoft")))
    assert parent.startswith("== Microsoft: recent job actions"), parent
    typo = to_text(await app.handle(cmd("microsft")))
    assert typo.startswith("== Microsoft (for “microsft”)"), typo
    unit = to_text(await app.handle(cmd("linkedin")))  # both, filed under Microsoft
    assert unit.startswith("== LinkedIn, with Microsoft: recent job actions"), unit
    assert "Company: Microsoft |" in unit and "Company: LinkedIn |" in unit, unit
    assert "Company:" not in parent, parent


async def test_a_typo_of_a_unit_finds_it_or_offers_it(store: Store, make_story: Any) -> None:
    """Polish 15: `/layoffs instagam` answered "No stories yet about Instagam" without a
    word: a unit (filed under its parent, Meta) was matched by its parent's spelling
    only, and no unit was among the listed names offered before any story."""
    app = make_app(store)
    for typo, unit in (("instagam", "Instagram"), ("linkdin", "LinkedIn"), ("whatsap", "WhatsApp")):
        text = to_text(await app.handle(cmd(typo)))
        assert f"Did you mean {unit}?" in text and f"subscribe {unit}" in text, text
    make_story("Instagram", title="Instagram lays off 60 recruiters")
    make_story("Meta", title="Meta cuts 5% of staff")
    found = to_text(await app.handle(cmd("instagam")))
    assert found.startswith("== Instagram (for “instagam”), with Meta"), found
    meta = to_text(await app.handle(cmd("meta")))
    assert meta.startswith("== Meta: recent job actions"), meta


def test_a_unit_is_matched_by_its_own_spelling_and_its_parent_by_its_own() -> None:
    from bot.companies import CompanyMatcher

    stored = ["Instagram", "Meta", "LinkedIn", "Microsoft", "Amazon"]
    matcher = CompanyMatcher()
    assert matcher.match("instagam", stored).exact == "Instagram"
    assert matcher.match("linkdin", stored).exact == "LinkedIn"
    assert matcher.match("microsft", stored).exact == "Microsoft"  # trial 14 still holds
    assert matcher.match("amazn", stored).exact == "Amazon"
