"""`@layoffbot latest` in a channel: the text after the mention runs as `/layoffs latest`,
answered in the thread of the mention, as people expect of Slack bots (no reply came:
the app had no `app_mention` event, platform trial session 17).

The command is built as a slash command's is (`SlackAdapter._to_command`): the same
permission and tenancy checks (users.info: managers, members, guests of a Slack Connect
channel), for the workspace the event came to.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from adapters.slack.translate import bot_user_of, dm_text, team_of
from bot.commands.parse import waiting_note
from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.models import Message, Target

if TYPE_CHECKING:
    from adapters.slack.adapter import SlackAdapter

log = logging.getLogger(__name__)


def mention_listener(
    adapter: SlackAdapter,
) -> Callable[[dict[str, Any], dict[str, Any]], Awaitable[None]]:
    """The `app_mention` listener for bolt (bolt passes arguments by name)."""

    async def on_app_mention(event: dict[str, Any], body: dict[str, Any]) -> None:
        await answer_mention(adapter, event, body)

    return on_app_mention


async def answer_mention(
    adapter: SlackAdapter, event: dict[str, Any], body: dict[str, Any]
) -> None:
    """Answer a channel message that mentions the bot, in its thread. Edits, bots'
    messages and direct messages (answered as `message.im`) are left alone."""
    channel_id = str(event.get("channel") or "")
    user_id = str(event.get("user") or "")
    if event.get("subtype") or event.get("bot_id") or not channel_id or not user_id:
        return
    if channel_id.startswith("D"):
        return
    thread = event.get("thread_ts") or event.get("ts")
    target = Target(
        platform=adapter.name,
        channel_id=channel_id,
        thread_id=str(thread) if thread else None,
        workspace_id=team_of(body) or event.get("team"),
    )
    text = dm_text(str(event.get("text") or ""), bot_user_of(body))
    await answer_typed(
        adapter, target, text=text, user_id=user_id, team_id=target.workspace_id, what="mention"
    )


async def answer_typed(
    adapter: SlackAdapter,
    target: Target,
    *,
    text: str,
    user_id: str,
    team_id: Any,
    what: str,
    channel_name: str | None = None,
) -> None:
    """Answer text typed to the bot outside a slash command (a mention in a channel, a
    direct message) as `/layoffs TEXT`, posted for all to see where it was typed."""
    try:
        cmd = await adapter._to_command(
            text=text,
            user_id=user_id,
            channel_id=target.channel_id,
            team_id=team_id,
            channel_name=channel_name,
        )
        message = await adapter._noting_a_wait(cmd, target, waiting_note(text))
    except Exception:
        from adapters.slack.adapter import APOLOGY

        log.exception("slack: answering a %s failed", what)
        message = Message(title=APOLOGY, is_error=True)
    if message.quiet:  # a flood's repeated "slow down": one answer said it
        return
    try:
        await adapter.send(target, replace(message, ephemeral=False))
    except (PermanentDeliveryError, TransientDeliveryError) as exc:
        log.warning("slack: could not answer the %s in %s: %s", what, target.channel_id, exc)
