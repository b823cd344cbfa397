from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from adapters.discord.invite import invite_url, parse_application_id

APP_ID = "1000000000000000001"


def test_invite_asks_for_exactly_what_the_bot_needs() -> None:
    url = urlsplit(invite_url(APP_ID))
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == [APP_ID]
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    expected = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )
    assert granted == expected
    assert not (granted.administrator or granted.mention_everyone or granted.manage_messages)


def test_an_application_id_may_have_spaces_around_it() -> None:
    assert parse_application_id(f"  {APP_ID}\n") == APP_ID
    assert parse_application_id("18446744073709551615") == "18446744073709551615"  # 2**64 - 1


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "   ",
        "-1000000000000000001",
        "0",
        "123",  # too short: something else pasted by mistake
        "309237763072",  # the permissions integer
        "18446744073709551616",  # 2**64
        "99999999999999999999999",
        "１０００００００００００００００００１",  # full-width digits
        "1000000000000000001.5",
    ],
)
def test_anything_but_an_application_id_is_refused_with_where_to_find_it(text: str) -> None:
    with pytest.raises(ValueError, match="Application ID from General Information"):
        parse_application_id(text)
    with pytest.raises(ValueError):
        invite_url(text)


def test_each_permission_bit_is_the_one_discord_py_names() -> None:
    """The link is built without discord.py (start-up): its bits are written out by name."""
    from adapters.discord.invite import REQUIRED_PERMISSIONS

    for name, bit in REQUIRED_PERMISSIONS.items():
        assert discord.Permissions(**{name: True}).value == bit, name
