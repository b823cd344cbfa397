"""Operator mistakes and hostile environments, seen from the real `layoffbot` process:
each gives one clear line naming the cause, and loses nothing already stored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import assert_no_traceback, bot_env


@pytest.mark.parametrize(
    "args",
    [("feeds", "list"), ("feeds", "export"), ("ask", "/layoffs help"), ("run",)],
    ids=["table", "opml", "line", "run"],
)
def test_a_command_whose_stdout_is_full_says_so_in_one_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`layoffbot feeds list > /dev/full` was an OSError traceback (ENOSPC)."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env=bot_env(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert_no_traceback(done.stderr)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "layoffbot: cannot write the output to stdout: No space left on device"
    ), done.stderr
    assert "Exception ignored" not in done.stderr, done.stderr
