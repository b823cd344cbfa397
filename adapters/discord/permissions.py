"""Whether the bot can post where a member set up posts (a digest, a channel's alerts).

An interaction carries the bot's resolved permissions in its channel (`app_permissions`):
a slash command works in a channel the bot's role cannot see or post in, so `digest
action:on` there answered "Daily digest on", and the first digest failed ("paused: Discord
403 (code 50001): Missing Access" in `digest settings`, and nobody told). Slack's twin is
adapters.slack's NOT_IN_CHANNEL.
"""

from __future__ import annotations

from dataclasses import replace

import discord

from bot.models import Message

_THREADS = (
    discord.ChannelType.public_thread,
    discord.ChannelType.private_thread,
    discord.ChannelType.news_thread,
)


def missing_to_post(interaction: discord.Interaction) -> list[str]:
    """The permissions (Discord's names) the bot lacks to post embeds in the channel of
    `interaction`; none in a DM, or when Discord sent no permissions to go by."""
    perms = interaction.app_permissions
    if interaction.guild_id is None or perms.value == 0 or perms.administrator:
        return []
    in_thread = getattr(interaction.channel, "type", None) in _THREADS
    needed = (
        ("view_channel", "View Channel"),
        ("send_messages_in_threads", "Send Messages in Threads")
        if in_thread
        else ("send_messages", "Send Messages"),
        ("embed_links", "Embed Links"),
    )
    return [name for attr, name in needed if not getattr(perms, attr)]


def with_permission_note(
    reply: Message, interaction: discord.Interaction, *, threads: bool = False
) -> Message:
    """`reply`, with a note naming what to allow when it set up posts the bot cannot make
    (`threads`: posts that start a thread each, a digest's, which cannot here)."""
    if not reply.posts_here:
        return reply
    missing = missing_to_post(interaction)
    if missing:
        note = (
            f"Nothing can be posted here yet: my role lacks {', '.join(missing)} in this "
            "channel. A member who may manage roles can allow them (Edit Channel → "
            "Permissions)."
        )
    elif threads and _no_threads(interaction):
        # The digest's reply says each story gets its own thread; here none can.
        note = "Stories get no threads here: my role lacks Create Public Threads in this channel."
    else:
        return reply
    return replace(reply, footer=f"{reply.footer}\n{note}" if reply.footer else note)


def _no_threads(interaction: discord.Interaction) -> bool:
    perms = interaction.app_permissions
    if interaction.guild_id is None or perms.value == 0 or perms.administrator:
        return False
    in_thread = getattr(interaction.channel, "type", None) in _THREADS
    return not in_thread and not perms.create_public_threads
