"""Session 17 (platform trial): a leading mention of someone else was looked up as a
company, and a guest's lookup offered `/layoffs subscribe`, which guests may not run."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


@pytest.mark.parametrize("typed", ["<@U999> latest", "<@U999|bob>: latest", "<#C9|news> latest"])
async def test_a_leading_mention_of_someone_else_is_answered_with_a_hint(
    store: Store, typed: str
) -> None:
    reply = await make_app(store).handle(cmd(typed))
    said = to_text(reply)
    assert reply.is_error, said
    assert "starts with a mention" in said and "/layoffs latest" in said, said
    assert "No stories" not in said and "U999" not in said and "C9" not in said, said


async def test_a_mention_later_in_the_text_is_left_to_the_command(store: Store) -> None:
    said = to_text(await make_app(store).handle(cmd("subscribe <@U999>")))
    assert "looks like a mention of a person" in said, said


def _guest(text: str) -> Any:
    return replace(cmd(text, manager=False), guest=True)


async def test_a_guests_lookup_of_an_unknown_company_offers_no_subscribe(store: Store) -> None:
    guest = to_text(await make_app(store).handle(_guest("Zyxcorp")))
    assert "No stories yet about Zyxcorp" in guest and "subscribe" not in guest, guest
    member = to_text(await make_app(store).handle(cmd("Zyxcorp", manager=False)))
    assert "/layoffs subscribe Zyxcorp" in member, member


async def test_a_guests_lookup_of_a_known_company_offers_no_subscribe(
    store: Store, make_story: Any
) -> None:
    make_story("TikTok")
    guest = to_text(await make_app(store).handle(_guest("TikTok")))
    assert "TikTok" in guest and "subscribe" not in guest, guest
    slip = to_text(await make_app(store).handle(_guest("folow tiktok")))
    assert "subscribe" not in slip, slip
    greeting = to_text(await make_app(store).handle(_guest("hi")))
    assert "subscribe" not in greeting and "/layoffs help" in greeting, greeting
