"""The OAuth2 link a server admin opens to add the bot to a server."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import discord

SCOPES = ("bot", "applications.commands")


def required_permissions() -> discord.Permissions:
    """What the bot needs: read and post in channels, start and post in story threads."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )


def invite_url(client_id: str) -> str:
    """`https://discord.com/oauth2/authorize?...` with scopes `bot applications.commands`."""
    if not client_id.strip().isdigit():
        raise ValueError(f"not a Discord application id: {client_id!r}")
    query = urlencode(
        {
            "client_id": client_id.strip(),
            "scope": " ".join(SCOPES),
            "permissions": str(required_permissions().value),
        },
        quote_via=quote,
    )
    return f"https://discord.com/oauth2/authorize?{query}"
