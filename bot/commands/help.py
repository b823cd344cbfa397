"""`/layoffs help`: the help text, generated from the command table, for its asker: the
commands they may run (bot.commands.permits), in the forms they may run them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.permits import form_text, managers_change, runnable_forms
from bot.commands.spec import Args, CommandSpec
from bot.commands.surface import in_own_words, named_options
from bot.models import Command, Message, Section

if TYPE_CHECKING:
    from bot.commands.context import Context

FOOTER = (
    "Stories are grouped from many outlets; 'AI cited' means a source ties the "
    "cuts to AI, quoted so you can check."
)


def help_command(ctx: Context, command: Command, args: Args) -> Message:
    """Every listed command its asker may run: its syntax as heading, what it does and an
    example; in the form the user gives commands (Discord's named options: `/layoffs
    Amazon` cannot be typed there, `/layoffs company company:Amazon` can). A member who is
    no manager sees `digest settings`, not `digest on ...` (trial 17: the help offered
    commands the router refused them), and who may change the rest."""
    from bot.commands.forms import option_example, option_syntax

    def section(spec: CommandSpec, forms: list[dict[str, str]]) -> Section:
        said = in_own_words(command, spec.help)
        if forms != [{}]:  # only some forms: each, as the user gives it
            shown = [form_text(command, spec, form) for form in forms]
            return Section(heading=" | ".join(shown), text=f"{said}\ne.g. {shown[0]}")
        if not named_options(command):
            return Section(heading=spec.syntax, text=f"{said}\ne.g. {spec.example}")
        example = option_example(spec) or f"/layoffs {spec.name}"
        return Section(heading=option_syntax(spec), text=f"{said}\ne.g. {example}")

    sections = []
    for spec in ctx.specs:
        forms = runnable_forms(ctx, command, spec) if spec.listed else []
        if forms:
            sections.append(section(spec, forms))
    others = managers_change(ctx, command)
    return Message(
        title="/layoffs: AI-driven layoffs, as reported",
        sections=tuple(sections),
        footer=f"{in_own_words(command, others)} {FOOTER}" if others else FOOTER,
    )
