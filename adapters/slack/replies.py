"""An ephemeral reply's messages, within what Slack's `response_url` takes.

A slash command's `response_url` takes 5 posts in 30 minutes; the adapter keeps one
spare (an apology after a failure), so a reply is at most `MAX_REPLY_MESSAGES` messages.
A reply that needs more (`latest 25` of stories with long headlines and several sources
needed 5) lost its last messages without a word: its header still said "Latest 25
stories" over 20. Here it keeps the stories that fit and says how many are left out.
"""

from __future__ import annotations

from dataclasses import replace

from adapters.slack.translate import MAX_BLOCKS, Block, render_messages
from bot.models import Message

MAX_REPLY_MESSAGES = 4
_BLOCKS = MAX_BLOCKS - 1  # a block kept for the Share to channel button


def _left_out_note(message: Message, kept: int) -> str:
    left = message.sections[kept:]
    stories = all(s.kind is not None for s in left)
    noun = ("story" if len(left) == 1 else "stories") if stories else "more"
    count = f"{len(left)} more {noun}" if stories else f"{len(left)} {noun}"
    note = f"…and {count} not shown: a reply here holds {MAX_REPLY_MESSAGES} messages."
    if message.shareable and not message.is_error:
        note += " Share to channel posts them all."
    return note


def reply_messages(message: Message, *, limit: int = MAX_REPLY_MESSAGES) -> list[list[Block]]:
    """The blocks of each message of an ephemeral reply, at most `limit` messages: the
    first sections that fit and a line naming how many were left out, when all do not."""
    chunks = render_messages(message, max_blocks=_BLOCKS)
    if len(chunks) <= limit:
        return chunks
    for kept in range(len(message.sections) - 1, 0, -1):
        note = _left_out_note(message, kept)
        footer = f"{message.footer}\n{note}" if message.footer else note
        shorter = replace(message, sections=message.sections[:kept], footer=footer)
        chunks = render_messages(shorter, max_blocks=_BLOCKS)
        if len(chunks) <= limit:
            return chunks
    return chunks[:limit]
