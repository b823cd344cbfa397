"""The OAuth2 link a server admin opens to add the bot to a server."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

SCOPES = ("bot", "applications.commands")
WHERE_TO_FIND_IT = (
    "copy the Application ID from General Information at "
    "https://discord.com/developers/applications"
)
# A snowflake is an unsigned 64-bit number; every application made since Discord opened
# (2015) has 17 to 20 digits. Shorter numbers are other things pasted by mistake (the
# permissions integer, a guild count...).
_SNOWFLAKE = re.compile(r"[0-9]{17,20}")
# What the bot needs: read and post in channels, start and post in story threads. Bits of
# Discord's permission integer (https://discord.com/developers/docs/topics/permissions),
# written out so that printing the link does not load discord.py (~0.45 s of CPU, four
# times the rest of the command); tests/discord/test_invite.py checks them against
# `discord.Permissions`.
REQUIRED_PERMISSIONS = {
    "view_channel": 1 << 10,
    "send_messages": 1 << 11,
    "embed_links": 1 << 14,
    "attach_files": 1 << 15,
    "read_message_history": 1 << 16,
    "create_public_threads": 1 << 35,
    "send_messages_in_threads": 1 << 38,
}


def parse_application_id(text: str) -> str:
    """The application id in `text` (spaces around allowed), or ValueError saying why not.

    The message is meant for the user: it says what an id looks like and where to find it.
    """
    value = text.strip()
    if not value:
        raise ValueError(f"the application id is empty; {WHERE_TO_FIND_IT}")
    if not _SNOWFLAKE.fullmatch(value) or not 0 < int(value) < 2**64:
        raise ValueError(
            f"{value[:40]!r} is not a Discord application id (a number of 17 to 20 digits); "
            + WHERE_TO_FIND_IT
        )
    return value


def invite_url(client_id: str) -> str:
    """`https://discord.com/oauth2/authorize?...` with scopes `bot applications.commands`."""
    query = urlencode(
        {
            "client_id": parse_application_id(client_id),
            "scope": " ".join(SCOPES),
            "permissions": str(sum(REQUIRED_PERMISSIONS.values())),
        },
        quote_via=quote,
    )
    return f"https://discord.com/oauth2/authorize?{query}"
