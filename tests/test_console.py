"""The console adapter's prompt (adapters/console.py), with a stand-in core."""

from __future__ import annotations

import asyncio
import io
import os
from typing import Any

import pytest

from adapters import console as console_module
from adapters.console import ConsoleAdapter
from bot.models import Command, Message


class SlowCore:
    """Answers `slow` after a pause, anything else at once."""

    async def handle(self, command: Command) -> Message:
        if "slow" in command.text:
            await asyncio.sleep(0.5)
        return Message(title=f"Reply to {command.text}")


async def _session(typed: str) -> str:
    out = io.StringIO()
    adapter = ConsoleAdapter(output=out, input_stream=io.StringIO(typed), interactive=True)
    core: Any = SlowCore()
    await adapter.start(core)
    await asyncio.wait_for(adapter.closed.wait(), timeout=10)
    await adapter.stop()
    return out.getvalue()


async def _stopped_while_slow(then_wait: float = 0) -> str:
    """The prompt stopped 0.2 s after `/layoffs slow` was typed (before STILL_WORKING,
    while the command runs), then `then_wait` seconds more: what it printed."""
    out = io.StringIO()
    reader, writer = os.pipe()
    with open(reader, encoding="utf-8") as typed, open(writer, "w", encoding="utf-8") as keys:
        adapter = ConsoleAdapter(output=out, input_stream=typed, interactive=True)
        core: Any = SlowCore()
        await adapter.start(core)
        keys.write("/layoffs slow\n")
        keys.flush()
        await asyncio.sleep(0.2)
        await adapter.stop()
        await asyncio.sleep(then_wait)
    return out.getvalue()


async def test_a_typed_command_still_running_says_so_once_and_a_quick_one_says_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `feeds add` of a slow feed left the terminal silent for up to the fetch limit.
    monkeypatch.setattr(console_module, "STILL_WORKING", 0.1)
    shown = await _session("/layoffs slow\n/layoffs quick\nquit\n")
    working = "Working on it: /layoffs slow (commands typed now run after it)"
    assert shown.count("Working on it") == 1, shown
    assert shown.index(working) < shown.index("== Reply to /layoffs slow ==")
    assert shown.index("== Reply to /layoffs slow ==") < shown.index("== Reply to /layoffs quick")


async def test_a_typed_command_cut_short_by_the_stop_is_named() -> None:
    # Ctrl-C during `feeds add` of a slow feed stopped it without a word.
    shown = await _stopped_while_slow()
    assert "Stopped before it finished: /layoffs slow (run it again" in shown, shown
    quiet = await _session("/layoffs quick\nquit\n")  # nothing running at the stop
    assert "Stopped before" not in quiet, quiet


async def test_a_typed_command_cut_short_by_the_stop_in_its_first_seconds_is_cancelled() -> None:
    # Stopped while `Working on it` had not been said yet, the command ran on by itself:
    # its reply came after "Stopped before it finished", with the bot shutting down.
    shown = await _stopped_while_slow(then_wait=0.6)  # longer than the command would take
    assert "Stopped before it finished: /layoffs slow" in shown, shown
    assert "Reply to /layoffs slow" not in shown, shown
