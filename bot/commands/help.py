"""`/layoffs help`: the help text, generated from the command table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.spec import Args
from bot.models import Command, Message, Section

if TYPE_CHECKING:
    from bot.commands.context import Context


def help_command(ctx: Context, command: Command, args: Args) -> Message:
    """Every listed command: its syntax as heading, what it does and an example."""
    return Message(
        title="/layoffs: AI-driven layoffs, as reported",
        sections=tuple(
            Section(heading=spec.syntax, text=f"{spec.help}\ne.g. {spec.example}")
            for spec in ctx.specs
            if spec.listed
        ),
        footer="Stories are grouped from many outlets; 'AI cited' means a source ties the "
        "cuts to AI, quoted so you can check.",
    )
