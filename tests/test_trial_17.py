"""Session 17's trial, unit level: `feeds add URL words` said it takes one address (it
takes up to 5), `subscribe Amazon here here` followed "Amazon here", and `subscribe
Amazon Google` followed one of them (or neither, as "Amazon Google"). Each is driven
through the real process too (tests/test_e2e_trial_17.py)."""

from __future__ import annotations

import pytest

from bot.commands.parse import split
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


async def test_feeds_add_with_words_after_the_address_names_them_and_the_five_it_takes(
    store: Store,
) -> None:
    reply = await make_app(store).handle(cmd("feeds add https://a.example/rss my feed"))
    shown = to_text(reply)
    assert reply.is_error and "“my”, “feed” are not feed addresses" in shown, shown
    assert "up to 5" in shown and "takes one feed address" not in shown, shown
    one = to_text(await make_app(store).handle(cmd("feeds remove Labor https://a.example/rss")))
    assert "“Labor” is not a feed address: `feeds remove`" in one, one


@pytest.mark.parametrize(
    ("typed", "company"),
    [
        ("subscribe Amazon here here", "Amazon"),
        ("subscribe Amazon here Here", "Amazon"),
        ("unsubscribe Amazon here here", "Amazon"),
        ("subscribe HERE here", "HERE"),  # a company named HERE, followed in the channel
        ("subscribe Amazon here", "Amazon"),
    ],
)
def test_here_typed_twice_is_this_channel_not_part_of_the_name(typed: str, company: str) -> None:
    raw = split(typed).raw_args()
    assert raw == {"company": company, "where": "here"}, raw
