"""One of several bot processes sharing a PostgreSQL database, for the scale-out test.

    python -m tests.faults.scaleout_worker DB_URL RECORD

Runs the real Scheduler (advisory-lock leader: polling and digest planning) with the
real Poller, Pipeline, alert planning and a Dispatcher whose adapter records to RECORD:
    LEADER pid / FOLLOWER pid         when this process's leadership changes
    POLL-START pid / POLL-END pid     around each poll job this process runs
    SEND pid channel hash             before a send returns its receipt (fsync)
    CONFIRMED pid key                 after the delivery is marked sent
Runs until killed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from datetime import timedelta

from bot.models import DeliveryReceipt, Message, Target
from bot.serialize import message_to_json
from feeds.fetch import Fetcher
from feeds.poller import Poller
from feeds.scheduler import Scheduler
from tests.faults import crash_worker
from tests.faults.crash_worker import append, wired


def message_hash(message_json: str) -> str:
    return hashlib.sha256(message_json.encode()).hexdigest()[:16]


class RecordingAdapter(crash_worker.RecordingAdapter):
    def __init__(self, record: str) -> None:
        super().__init__(record)
        self.pid = os.getpid()

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        digest = message_hash(message_to_json(message))
        await asyncio.sleep(0.01)
        append(self.record, f"SEND {self.pid} {target.channel_id} {digest}")
        return DeliveryReceipt(message_id=f"{self.pid}-{digest}")


async def main(url: str, record: str) -> None:
    pid = os.getpid()
    store, pipeline, dispatcher = wired(
        url,
        RecordingAdapter(record),
        f"scale-{pid}",
        batch_size=3,
        on_sent=lambda delivery, receipt: append(record, f"CONFIRMED {pid} {delivery.key}"),
    )
    async with Fetcher(allow_private_addresses=True, timeout=5.0) as fetcher:
        poller = Poller(store, pipeline, fetcher, interval=timedelta(seconds=0.3))

        async def poll() -> None:
            append(record, f"POLL-START {pid}")
            try:
                await poller.poll_due()
            finally:
                append(record, f"POLL-END {pid}")

        scheduler = Scheduler(
            store,
            poll=poll,
            dispatcher=dispatcher,
            poll_seconds=0.3,
            digest_seconds=0.3,
            sweep_seconds=0.2,
            leader_seconds=0.3,
        )
        await scheduler.start()
        leader: bool | None = None
        while True:
            if scheduler.is_leader != leader:
                leader = scheduler.is_leader
                append(record, f"{'LEADER' if leader else 'FOLLOWER'} {pid}")
            await asyncio.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
