"""Does incremental parsing (feeds.incremental) pay for itself? `python -m bench.incremental`.

The warm poll cycle of bench/poll.py (a running bot: an untimed cycle first, then the server
publishes one item on 70% of the feeds) timed with the poller's `incremental` on and off,
alternating, each on a fresh copy of the database. Wall time is noisy on a shared machine,
so the CPU seconds of the bot process and of the parse worker are reported beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench import poll
from bench.dbgen import CACHE, cached_sqlite
from bench.feedserver import Server
from bot.alerts import plan_alerts
from bot.models import Story
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from bot.timeutil import utcnow
from feeds import parse as feed_parse
from feeds.fetch import Fetcher
from feeds.poller import Poller

_TICK = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def warm_cycle(
    db: Path, incremental: bool, publish: Callable[[], None]
) -> tuple[float, float, float]:
    """(wall, bot CPU, worker CPU) seconds of the cycle after `publish`."""
    store = Store.open(f"sqlite:///{db}", migrate=False)

    def alert(stories: list[Story]) -> None:
        plan_alerts(store, stories, utcnow())

    pipeline = Pipeline(
        store, ExtractiveSummarizer(), RuleTagger(), on_new_stories=alert, announce_max_age=None
    )
    feed_parse.close()
    worker = feed_parse._worker()
    worker.start()
    poller = Poller(store, pipeline, None, incremental=incremental)  # type: ignore[arg-type]
    async with Fetcher(allow_private_addresses=True, concurrency=10) as fetcher:
        poller.fetcher = fetcher
        await poller.poll_due()
    await asyncio.to_thread(publish)
    await asyncio.to_thread(store.force_all_due)
    async with Fetcher(allow_private_addresses=True, concurrency=10) as fetcher:
        poller.fetcher = fetcher
        pid = worker.pid
        assert pid is not None
        worker_0, own_0, wall_0 = _process_cpu(pid), _own_cpu(), time.perf_counter()
        await poller.poll_due()
        wall = time.perf_counter() - wall_0
        result = (wall, _own_cpu() - own_0, _process_cpu(pid) - worker_0)
    feed_parse.close()
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    template = poll.template(cached_sqlite(10_000, print), args.feeds, args.items, print)
    work = CACHE / "work-incremental"
    work.mkdir(parents=True, exist_ok=True)
    runs: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
    with Server(args.feeds, args.items, 0.03) as server:
        for n in range(args.rounds):
            for incremental in (True, False) if n % 2 == 0 else (False, True):
                server.post("/_reset?gen=0")
                db = poll.instance(template, work / "poll.db", server.port)
                run = asyncio.run(warm_cycle(db, incremental, lambda: server.post("/_advance")))
                runs[incremental].append(run)
                print(
                    f"round {n} incremental={incremental}: wall {run[0]:.2f} s, "
                    f"CPU bot {run[1]:.2f} s + parse worker {run[2]:.2f} s",
                    flush=True,
                )
    for incremental, measured in runs.items():
        wall, bot, worker = (statistics.median(m[i] for m in measured) for i in range(3))
        print(
            f"incremental={incremental}: median wall {wall:.2f} s, "
            f"CPU bot {bot:.2f} s + parse worker {worker:.2f} s"
        )


if __name__ == "__main__":
    main()
