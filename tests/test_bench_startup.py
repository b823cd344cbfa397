"""bench.startup times every command a person starts (issue 14: each within 0.3 s)."""

from __future__ import annotations

import pytest

from bench.startup import COMMANDS, _chosen
from bot.cli import app


def test_every_command_of_the_help_is_timed() -> None:
    import typer.main

    group = typer.main.get_command(app)
    listed = set(getattr(group, "commands", {}))
    timed = {c[0] for c in COMMANDS if not c[0].startswith("-")}
    assert listed <= timed, sorted(listed - timed)


def test_only_picks_commands_by_their_printed_name() -> None:
    assert _chosen("ask latest, poll --once") == (("ask", "latest"), ("poll", "--once"))
    assert _chosen(None) == COMMANDS
    with pytest.raises(SystemExit, match="ask nothing"):
        _chosen("ask nothing")
