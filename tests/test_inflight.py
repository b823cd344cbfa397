"""bot.inflight: commands running when `run` stops get a short grace, then CUT_BY_STOP."""

from __future__ import annotations

import asyncio
import time

from bot.inflight import CUT_BY_STOP, CommandsInFlight
from bot.models import Message


async def _answer(after: float, title: str = "done") -> Message:
    await asyncio.sleep(after)
    return Message(title=title)


def _text(message: Message) -> str:
    return " ".join(s.text or "" for s in message.sections)


async def test_a_command_finishing_within_the_grace_gets_its_own_answer() -> None:
    commands = CommandsInFlight()
    running = asyncio.create_task(commands.run(_answer(0.1), "latest"))
    await asyncio.sleep(0.01)
    assert await commands.finish(grace=2.0, reply=1.0) == 0
    assert (await running).title == "done"


async def test_a_command_past_the_grace_is_answered_naming_it_and_the_stop_is_bounded() -> None:
    commands = CommandsInFlight()
    cancelled = asyncio.Event()

    async def slow() -> Message:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return Message(title="too late")

    running = asyncio.create_task(commands.run(slow(), "feeds add https://x.example/f"))
    await asyncio.sleep(0.01)
    started = time.monotonic()
    assert await commands.finish(grace=0.2, reply=1.0) == 1
    assert time.monotonic() - started < 1.5
    reply = await running
    assert reply.is_error and reply.title == "Stopping"
    assert _text(reply).startswith(f"{CUT_BY_STOP} (/layoffs feeds add https://x.example/f)")
    await asyncio.wait_for(cancelled.wait(), 1.0)  # the command does not run on


async def test_a_command_arriving_during_the_stop_is_not_run() -> None:
    commands = CommandsInFlight()
    await commands.finish(grace=0.1, reply=0.1)
    ran = False

    async def work() -> Message:
        nonlocal ran
        ran = True
        return Message(title="ran")

    reply = await commands.run(work(), "/layoffs subscribe Oracle")
    assert not ran
    assert f"{CUT_BY_STOP} (/layoffs subscribe Oracle)" in _text(reply)


async def test_the_stop_waits_briefly_for_the_callers_to_send_their_answers() -> None:
    commands = CommandsInFlight()
    sent: list[str] = []

    async def adapter_side() -> None:  # as an adapter: ask the core, then send the reply
        reply = await commands.run(_answer(30), "latest")
        await asyncio.sleep(0.2)  # the platform's API call
        sent.append(reply.title or "")

    caller = asyncio.create_task(adapter_side())
    await asyncio.sleep(0.01)
    await commands.finish(grace=0.1, reply=2.0)
    assert sent == ["Stopping"]
    await caller


async def test_a_caller_that_never_ends_delays_the_stop_only_by_the_reply_bound() -> None:
    commands = CommandsInFlight()

    async def stuck() -> None:
        await commands.run(_answer(0), "help")
        await asyncio.sleep(30)

    caller = asyncio.create_task(stuck())
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await commands.finish(grace=0.1, reply=0.3)
    assert time.monotonic() - started < 1.0
    caller.cancel()


async def test_a_cancelled_caller_cancels_its_command() -> None:
    commands = CommandsInFlight()
    cancelled = asyncio.Event()

    async def slow() -> Message:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return Message(title="never")

    caller = asyncio.create_task(commands.run(slow(), "latest"))
    await asyncio.sleep(0.01)
    caller.cancel()
    await asyncio.wait_for(cancelled.wait(), 1.0)
    assert caller.cancelled() or caller.done()
