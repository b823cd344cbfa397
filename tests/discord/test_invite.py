from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from adapters.discord.invite import invite_url


def test_invite_asks_for_exactly_what_the_bot_needs() -> None:
    url = urlsplit(invite_url("1234567890"))
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == ["1234567890"]
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


def test_invite_refuses_a_non_numeric_id() -> None:
    with pytest.raises(ValueError):
        invite_url("abc")
