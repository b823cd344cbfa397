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
