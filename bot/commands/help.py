"""`/layoffs help`: the help text, generated from the command table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.spec import Args, CommandSpec
from bot.commands.surface import in_own_words, named_options
from bot.models import Command, Message, Section

if TYPE_CHECKING:
    from bot.commands.context import Context


def help_command(ctx: Context, command: Command, args: Args) -> Message:
    """Every listed command: its syntax as heading, what it does and an example; in the
    form the user gives commands (Discord's named options: `/layoffs Amazon` cannot be
    typed there, `/layoffs company company:Amazon` can)."""
    from bot.commands.forms import option_example, option_syntax

    def section(spec: CommandSpec) -> Section:
        said = in_own_words(command, spec.help)
        if not named_options(command):
            return Section(heading=spec.syntax, text=f"{said}\ne.g. {spec.example}")
        example = option_example(spec) or f"/layoffs {spec.name}"
        return Section(heading=option_syntax(spec), text=f"{said}\ne.g. {example}")

    return Message(
        title="/layoffs: AI-driven layoffs, as reported",
        sections=tuple(section(spec) for spec in ctx.specs if spec.listed),
        footer="Stories are grouped from many outlets; 'AI cited' means a source ties the "
        "cuts to AI, quoted so you can check.",
    )
