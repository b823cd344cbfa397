"""Only the command being run is turned into a Click command.

Typer builds every registered command before dispatching one: it reads each function's
signature and evaluates its annotations (`Annotated[str, typer.Option(...)]`), 13
commands and their groups for a start that runs one. When the first words of the command
line name a command exactly (`ask`, `feeds list`), the others are left out while the
command line is parsed; anything else (`--help`, a group alone, a mistyped name that
Click answers with the list or a suggestion) sees all of them, as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer
    from typer.models import CommandInfo, TyperInfo

    Saved = list[tuple[typer.Typer, list[CommandInfo], list[TyperInfo]]]


@contextmanager
def only_the_command_run(app: typer.Typer, args: Sequence[str]) -> Iterator[None]:
    """Within the block, `app` holds only the command `args` names; all of them again
    after it, whatever happened."""
    saved: Saved = []
    try:
        _keep_only(app, list(args), saved)
        yield
    finally:
        for group, commands, groups in reversed(saved):
            group.registered_commands = commands
            group.registered_groups = groups


def _keep_only(app: typer.Typer, args: list[str], saved: Saved) -> None:
    """Leave in `app` (and in the group it names) the command `args` names. The other
    groups stay, emptied: an app of one command and no group would become that command
    (Typer's single-command mode), with another usage line."""
    commands = _named(app, args)
    groups = [g for g in app.registered_groups if args and g.name == args[0]]
    if not commands and not groups:
        return
    _set(app, commands, app.registered_groups, saved)
    for group in app.registered_groups:
        sub = group.typer_instance
        if sub is None:
            continue
        if group not in groups:
            _set(sub, [], [], saved)
        elif not sub.registered_groups and (chosen := _named(sub, args[1:])):
            _set(sub, chosen, [], saved)  # `feeds list`; `feeds` alone lists them all


def _named(app: typer.Typer, args: list[str]) -> list[CommandInfo]:
    """The command of `app` that `args` starts with (Typer's own naming), if any."""
    from typer.main import get_command_name

    if not args or args[0].startswith("-"):
        return []
    return [
        c
        for c in app.registered_commands
        if (c.name or (c.callback and get_command_name(c.callback.__name__))) == args[0]
    ]


def _set(
    app: typer.Typer, commands: list[CommandInfo], groups: list[TyperInfo], saved: Saved
) -> None:
    saved.append((app, app.registered_commands, app.registered_groups))
    app.registered_commands = commands
    app.registered_groups = groups
