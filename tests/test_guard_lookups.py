"""Name lookups per domain (feeds/guard.py): one domain's stuck lookups leave the
resolver threads to every other name."""

from __future__ import annotations

import asyncio

from feeds.guard import _PER_DOMAIN, _DomainSlots


async def test_a_domain_gets_its_slots_and_no_more_and_a_cancelled_wait_frees_nothing() -> None:
    slots = _DomainSlots()
    held = [await slots.acquire(f"h{i}.slow.example") for i in range(_PER_DOMAIN)]
    waiting = asyncio.create_task(slots.acquire("h9.SLOW.example."))
    await asyncio.sleep(0.01)
    assert not waiting.done()  # the domain's slots are all taken
    other = await asyncio.wait_for(slots.acquire("good.example.org"), 1)  # never waits
    waiting.cancel()  # its fetch's deadline passed while it waited
    await asyncio.gather(waiting, return_exceptions=True)
    held.pop()()  # one lookup's thread is done: exactly one slot comes back
    again = await asyncio.wait_for(slots.acquire("h10.slow.example"), 1)
    late = asyncio.create_task(slots.acquire("h11.slow.example"))
    await asyncio.sleep(0.01)
    assert not late.done()
    for release in (*held, again, other):
        release()
    (await asyncio.wait_for(late, 1))()
    assert slots._slots == {}  # nothing kept for domains no lookup uses
