"""Session 17 (platforms): a digest or a channel's alerts set up where the bot's role
cannot post. A slash command works in a channel the bot cannot see; `digest action:on`
there answered "Daily digest on", the first digest failed, and `digest settings` said
only "paused: Discord 403 (code 50001): Missing Access"."""

from __future__ import annotations

import discord
import pytest

from adapters.discord.translate import classify
from bot.models import Message, Section
from tests.discord.fake_discord import MANAGE_GUILD, CoreDouble, running_bot
from tests.discord.test_interactions import run

SET_UP = Message(title="Daily digest on", sections=(Section(text="Every day."),), posts_here=True)
LOOKUP = Message(title="Acme", sections=(Section(text="News."),))
P = discord.Permissions


def _shown(followup: object) -> str:
    return str(followup.json["embeds"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("permissions", "missing"),
    [
        (P.all_channel().value & ~P(view_channel=True).value, "View Channel"),
        (P(view_channel=True, send_messages=True).value, "Embed Links"),
    ],
    ids=["cannot-see", "no-embeds"],
)
async def test_a_digest_set_up_where_the_bot_cannot_post_names_what_to_allow(
    permissions: int, missing: str
) -> None:
    core = CoreDouble({"digest": SET_UP, "company": LOOKUP})
    async with running_bot(core) as (fake, _, _):
        payload = fake.command_interaction(
            "digest", {"action": "on"}, permissions=MANAGE_GUILD, app_permissions=permissions
        )
        await run(fake, payload)
        lookup = fake.command_interaction("company", {"company": "Acme"}, app_permissions=0x400)
        await run(fake, lookup)
        allowed = fake.command_interaction("digest", {"action": "on"}, permissions=MANAGE_GUILD)
        await run(fake, allowed)
    [refused], [looked_up], [fine] = (fake.followups_for(p) for p in (payload, lookup, allowed))
    assert "Nothing can be posted here yet" in _shown(refused), _shown(refused)
    assert missing in _shown(refused) and "Edit Channel" in _shown(refused)
    assert "Nothing can be posted" not in _shown(looked_up)  # a lookup posts nothing here
    assert "Nothing can be posted" not in _shown(fine)


async def test_a_digest_set_up_where_no_thread_can_be_started_says_stories_get_none() -> None:
    core = CoreDouble({"digest": SET_UP, "subscribe": SET_UP})
    can_post = P(view_channel=True, send_messages=True, embed_links=True).value
    async with running_bot(core) as (fake, _, _):
        payload = fake.command_interaction(
            "digest", {"action": "now"}, permissions=MANAGE_GUILD, app_permissions=can_post
        )
        await run(fake, payload)
        alerts = fake.command_interaction(
            "subscribe",
            {"company": "Acme", "where": "here"},
            permissions=MANAGE_GUILD,
            app_permissions=can_post,
        )
        await run(fake, alerts)
    [reply], [alerts_reply] = fake.followups_for(payload), fake.followups_for(alerts)
    assert "Stories get no threads here" in _shown(reply), _shown(reply)
    assert "Nothing can be posted" not in _shown(reply)
    assert "threads" not in _shown(alerts_reply)  # a channel's alerts start none anyway


def _refusal(code: int, text: str) -> discord.HTTPException:
    response = type("R", (), {"status": 403, "reason": "Forbidden", "headers": {}})()
    return discord.Forbidden(response, {"code": code, "message": text})  # type: ignore[arg-type]


def test_a_paused_channels_reason_says_what_to_allow() -> None:
    assert "allow it View Channel and Send Messages" in str(classify(_refusal(50001, "x")))
    assert "Send Messages and Embed Links" in str(classify(_refusal(50013, "x")))
    assert "allow" not in str(classify(_refusal(50007, "Cannot send messages to this user")))
