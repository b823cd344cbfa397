"""A command's syntax and example in the form the user gives commands: typed words
(Slack, the console, `layoffbot ask`: `/layoffs digest on 08:30`) or named options
(Discord: `/layoffs digest action:on time:08:30`, the only form Discord lets them type).
Usage errors and the help text both say it this way."""

from __future__ import annotations

from bot.commands.parse import split
from bot.commands.spec import CommandSpec, Usage
from bot.errors import CommandError


def option_syntax(spec: CommandSpec) -> str:
    """`/layoffs digest action:on|off|… [time:…]`: each option, required ones bare."""
    options = []
    for arg in spec.args:
        option = f"{arg.name}:{'|'.join(arg.choices) if arg.choices else '…'}"
        options.append(option if arg.required else f"[{option}]")
    return " ".join([f"/layoffs {spec.name}", *options])


def option_example(spec: CommandSpec) -> str | None:
    """The spec's example as named options, or None when it names none."""
    try:
        raw = split(spec.example.removeprefix("/layoffs").strip()).raw_args()
    except (Usage, CommandError):
        return None
    named = [f"{k}:{v}" for k, v in raw.items() if v is not None]
    return " ".join([f"/layoffs {spec.name}", *named]) if named else None
