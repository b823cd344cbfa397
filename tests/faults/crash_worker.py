"""A bot process for the crash test: the real poller, pipeline, alerts and dispatcher.

    python -m tests.faults.crash_worker DB_URL RECORD [--finish]
    python -m tests.faults.crash_worker --zygote

Loops: poll due feeds (FeedServer on 127.0.0.1), plan alerts, sweep the outbox through a
recording adapter. The adapter appends `SEND <identity>` to RECORD (fsync) before it
returns the receipt; `on_sent` appends `CONFIRMED <key>` once the delivery is marked sent.
`<identity>` is a hash of the target and message JSON, so the test can map sends back to
deliveries. With --finish it polls every feed once more, drains the outbox, writes DONE
and exits 0; without it, it runs until it is killed.

With --zygote it imports all that once, then forks a worker (`main`, without --finish)
for each `DB_URL RECORD` line it reads, each in a session of its own (so killing its
process group takes its parse worker too), and answers each line with the worker's pid.
A killed worker is the same process as one started afresh, minus the interpreter's
start-up and imports (~0.7 s of CPU each time).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sys
import traceback
from collections.abc import Callable
from datetime import timedelta

from bot.alerts import plan_alerts
from bot.models import DeliveryReceipt, Message, Story, Target
from bot.outbox import Dispatcher
from bot.pipeline import Pipeline
from bot.serialize import message_to_json, target_to_json
from bot.store import Store
from bot.store.social import Delivery
from bot.timeutil import utcnow
from feeds.fetch import Fetcher
from feeds.poller import Poller
from tests.ingest import rule_pipeline


def identity(target_json: str, message_json: str) -> str:
    return hashlib.sha256(f"{target_json}\n{message_json}".encode()).hexdigest()[:16]


def append(path: str, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


class RecordingAdapter:
    name = "slack"

    def __init__(self, record: str) -> None:
        self.record = record

    async def start(self, app: object) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        ident = identity(target_to_json(target), message_to_json(message))
        await asyncio.sleep(0.005)  # the platform takes a moment
        append(self.record, f"SEND {ident}")
        await asyncio.sleep(0.005)  # ... and so does its confirmation
        return DeliveryReceipt(message_id=ident)


def wired(
    url: str,
    adapter: RecordingAdapter,
    worker: str,
    *,
    batch_size: int,
    on_sent: Callable[[Delivery, DeliveryReceipt], None],
) -> tuple[Store, Pipeline, Dispatcher]:
    """The store, the pipeline (planning alerts for its new stories) and a dispatcher
    sending through `adapter` as `worker`, wired as a bot process wires them (this test's
    workers and scaleout_worker's)."""
    store = Store.open(url, migrate=False)

    def on_new_stories(stories: list[Story]) -> None:
        plan_alerts(store, stories, utcnow())

    pipeline = rule_pipeline(store, on_new_stories)
    dispatcher = Dispatcher(
        store,
        {"slack": adapter},
        worker,
        lease=timedelta(seconds=3),
        send_timeout=2.0,
        batch_size=batch_size,
        on_sent=on_sent,
    )
    return store, pipeline, dispatcher


async def main(url: str, record: str, finish: bool) -> None:
    store, pipeline, dispatcher = wired(
        url,
        RecordingAdapter(record),
        f"crash-{os.getpid()}",
        batch_size=5,
        on_sent=lambda delivery, receipt: append(record, f"CONFIRMED {delivery.key}"),
    )
    async with Fetcher(allow_private_addresses=True, timeout=5.0) as fetcher:
        poller = Poller(store, pipeline, fetcher, interval=timedelta(seconds=0.3))
        append(record, f"START {os.getpid()}")
        if finish:
            for feed in store.list_feeds():
                outcome = await poller.poll_feed(feed)
                assert outcome.status in ("new", "not_modified"), outcome
            while store.list_deliveries("pending"):
                await dispatcher.run_once()
                await asyncio.sleep(0.05)
            append(record, "DONE")
            return
        while True:
            await poller.poll_due()
            await dispatcher.run_once()
            await asyncio.sleep(0.02)


def _forked(url: str, record: str) -> None:
    """A forked worker: runs until killed (or a failure: exit 1, its traceback on stderr)."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # it waits for its parse worker
    os.setsid()
    code = 1
    try:
        asyncio.run(main(url, record, False))
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def zygote() -> None:
    """Fork a worker per `DB_URL RECORD` line on stdin; print each one's pid. Ends with
    stdin. No thread or event loop runs here, so forking is safe."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the workers are reaped as they die
    for line in sys.stdin:
        url, record = line.split()
        pid = os.fork()
        if pid == 0:
            _forked(url, record)
        print(pid, flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--zygote"]:
        zygote()
    else:
        asyncio.run(main(sys.argv[1], sys.argv[2], "--finish" in sys.argv[3:]))
