"""Only the command being run is built into a Click command (bot.cli.chosen): Typer's
reading of the other commands' signatures was ~1.5-6% of a start. What a person sees must
not change: help screens, usage errors and suggestions come out the same."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.chosen import only_the_command_run


def _commands(group: object) -> dict[str, object]:
    return dict(getattr(group, "commands", {}))


def _shape() -> dict[str, list[str]]:
    built = typer.main.get_command(app)
    return {name: sorted(_commands(cmd)) for name, cmd in _commands(built).items()}


def test_a_command_named_in_full_is_the_only_one_built_and_all_come_back() -> None:
    """`ask latest` builds `ask` (and the groups, empty, so the app stays a group);
    afterwards the app holds every command again."""
    before = _shape()
    with only_the_command_run(app, ["ask", "latest"]):
        assert _shape() == {"ask": [], "feeds": [], "db": [], "discord": []}
    assert _shape() == before
    assert len(before) > 5


def test_a_group_keeps_only_the_command_named_in_it() -> None:
    with only_the_command_run(app, ["feeds", "list"]):
        shape = _shape()
    assert shape["feeds"] == ["list"]
    assert not shape["db"]
    assert "ask" not in shape


def test_the_app_is_whole_again_after_the_command_fails() -> None:
    before = _shape()
    with pytest.raises(SystemExit), only_the_command_run(app, ["db", "upgrade"]):
        raise SystemExit(2)
    assert _shape() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["ask", "--help"],
        ["ask"],
        ["feeds"],
        ["feeds", "--help"],
        ["feeds", "lst"],
        ["feeds", "list", "--help"],
        ["feeds", "list", "extra"],
        ["db"],
        ["db", "upgrade", "--help"],
        ["discord", "invite"],
        ["ak", "latest"],
        ["ASK", "latest"],
        ["poll", "--bogus"],
        ["run", "--help"],
        ["--", "ask"],
    ],
)
def test_help_and_usage_errors_read_as_with_every_command_built(args: list[str]) -> None:
    """Compared in process with the whole app: same output, same exit status."""
    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="layoffbot")
    with only_the_command_run(app, args):
        chosen = runner.invoke(app, args, prog_name="layoffbot")
    assert (chosen.exit_code, chosen.output) == (whole.exit_code, whole.output)
