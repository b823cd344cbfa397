"""Commands in flight when `run` stops.

A stop (Ctrl-C, SIGTERM) closed the platforms' connections under the commands still
running: a Discord member kept seeing "thinking..." with no answer, and a `feeds add`
still checking its feed was silently not added. Now the stop gives the commands running
a short grace to finish and answer; those still running after it are answered with
CUT_BY_STOP (each adapter sends it as any reply), and commands arriving during the stop
get it at once. The callers (the adapters' tasks that send the replies) are then given a
moment to send before the connections close.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from bot.commands.context import error_message
from bot.commands.spec import clip
from bot.models import Message

# "Stopping", not "restarting": at the console the operator pressed Ctrl-C; nothing restarts.
CUT_BY_STOP = "The bot is stopping; your command did not finish"
# How long the commands running at a stop may take to finish, then to send their answers:
# short, so a stop still takes only a few seconds (a second Ctrl-C ends it at once).
FINISH_SECONDS = 3.0
REPLY_SECONDS = 2.0


def cut_by_stop(text: str) -> Message:
    """CUT_BY_STOP for the command typed as `text`, named: at the console, several are
    answered at once (one running, those typed behind it)."""
    typed = clip(text, 80)
    shown = typed if typed.startswith("/") else f"/layoffs {typed}"
    return error_message(
        f"{CUT_BY_STOP} ({shown}). Please run it again once the bot is back.", title="Stopping"
    )


class CommandsInFlight:
    """Runs each command as a task of its own, so that a stop can answer for it."""

    def __init__(self) -> None:
        # Each command's task, and the future a stop sets to cut it short (one per command,
        # not an Event: an App may serve more than one event loop, as tests run it).
        self._running: dict[asyncio.Task[Message], asyncio.Future[None]] = {}
        self._callers: set[asyncio.Task[Any]] = set()
        self.stopping = False

    async def run(self, work: Coroutine[Any, Any, Message], text: str) -> Message:
        """`work`'s answer, or CUT_BY_STOP if the bot stops before it has one (`text`:
        the command, as typed)."""
        if self.stopping:
            work.close()
            return cut_by_stop(text)
        task = asyncio.ensure_future(work)
        caller = asyncio.current_task()
        if caller is not None:
            self._callers.add(caller)
            caller.add_done_callback(self._callers.discard)
        cut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._running[task] = cut
        try:
            either: set[asyncio.Future[Any]] = {task, cut}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            del self._running[task]
            if not task.done():
                # The stop's grace is over, or the caller was cancelled: whatever the
                # command does as it ends is not anyone's answer any more.
                task.add_done_callback(lambda t: t.cancelled() or t.exception())
                task.cancel()
        if not task.done() or task.cancelled():
            return cut_by_stop(text)
        return task.result()

    async def finish(self, grace: float = FINISH_SECONDS, reply: float = REPLY_SECONDS) -> int:
        """Stop taking commands; give those running `grace` s to finish, answer the rest
        with CUT_BY_STOP, then wait up to `reply` s for their answers to be sent. How many
        were cut short."""
        self.stopping = True
        running = dict(self._running)
        if running:
            await asyncio.wait(running, timeout=grace)
        cut = 0
        for task, stop in running.items():
            if not task.done() and not stop.done():
                stop.set_result(None)
                cut += 1
        me = asyncio.current_task()
        callers = {c for c in self._callers if c is not me and not c.done()}
        if callers:
            await asyncio.wait(callers, timeout=reply)
        return cut
