"""The exit statuses are named once (bot/cli/status.py), not written as numbers."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.cli.status as status

CLI = Path(status.__file__).parent
EXITS = {"Exit", "SystemExit", "_exit", "exit"}
NAMED = (status.CTRL_C_STATUS, status.CLOSED_PIPE_STATUS)


def _literal_exits(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        first = node.args[0] if node.args else None
        if name in EXITS and isinstance(first, ast.Constant) and first.value in NAMED:
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_the_statuses_are_the_shells() -> None:
    assert status.CTRL_C_STATUS == 128 + 2  # SIGINT
    assert status.CLOSED_PIPE_STATUS == 128 + 13  # SIGPIPE


def test_no_cli_module_writes_them_as_numbers() -> None:
    assert [f for p in sorted(CLI.glob("*.py")) for f in _literal_exits(p)] == []


def test_status_imports_nothing_of_the_bot() -> None:
    tree = ast.parse(Path(status.__file__).read_text())
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in imports)


def test_nothing_slow_loads_before_the_ctrl_c_guard() -> None:
    """`bot.cli` catches a Ctrl-C pressed while its modules load (session 18); what it
    imported before that guard was outside it: `typing` (~40 ms) there made a Ctrl-C just
    after `make run` started `layoffbot run` end in a traceback (session 20). Before the
    guard: modules built into the interpreter and bot.cli.status, nothing else."""
    import subprocess
    import sys

    tree = ast.parse((CLI / "__init__.py").read_text())
    before = []
    for node in tree.body:
        if isinstance(node, ast.Try):
            break
        if isinstance(node, ast.Import):
            before += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            before.append(node.module or "")
    started = subprocess.run(
        [sys.executable, "-c", "import sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()  # what the interpreter loaded before any of our code ran
    loaded = {*started, *sys.builtin_module_names, "bot.cli.status"}
    assert before and [m for m in before if m not in loaded] == [], before


def test_a_ctrl_c_before_the_command_handles_it_ends_quietly_with_130() -> None:
    """A Ctrl-C while Typer builds the command (before the command's own handling) printed
    Typer's traceback; it ends the process as a shell's Ctrl-C does."""
    import subprocess
    import sys

    code = (
        "import bot.cli as cli\n"
        "def pressed():\n"
        "    raise KeyboardInterrupt\n"
        "cli.main = pressed\n"
        "cli.command()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == status.CTRL_C_STATUS, done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
