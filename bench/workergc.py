"""The judges' worker's garbage collections, CPU and peak memory over a cold 200 x 25 poll.

    python -m bench.workergc                 # this checkout's worker code
    PYTHONPATH=../other python -m bench.workergc   # another checkout's, for comparison

Runs in this process what a pool worker runs (bot/judging.py `_start_worker`, then
`_judge_batch` per feed of 25 items) over bench.peer's 5,000 items (real headlines, a
unique link each), and prints the collections per generation (gc.callbacks), their CPU and the
CPU of the judging (time.process_time) and the process's peak RSS. Counts are deterministic;
CPU is noise under load, so alternate checkouts.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import time
from datetime import UTC, datetime
from typing import Any

from bench.peer_feeds import headlines


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--feeds", type=int, default=200)
    args.add_argument("--items", type=int, default=25)
    opts = args.parse_args(argv)
    import bot.judging as judging
    from bot.models import RawItem

    judging._start_worker()
    now = datetime.now(UTC).replace(microsecond=0)
    rows = headlines()
    raws = [
        RawItem(
            guid=f"f{f}-{i}",
            title=rows[(f * opts.items + i) % len(rows)]["title"],
            link=f"https://news.example/{f}/{i}",
            summary_html=rows[(f * opts.items + i) % len(rows)]["summary"],
            published=now,
        )
        for f in range(opts.feeds)
        for i in range(opts.items)
    ]
    counts = [0, 0, 0]
    spent = [0.0, 0.0]  # the collections' CPU; when the current one started

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            counts[info["generation"]] += 1
            spent[1] = time.process_time()
        else:
            spent[0] += time.process_time() - spent[1]

    gc.callbacks.append(count)
    cpu = time.process_time()
    for start in range(0, len(raws), opts.items):
        judging._judge_batch(raws[start : start + opts.items], now)
    cpu = time.process_time() - cpu
    gc.callbacks.remove(count)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {"threshold": gc.get_threshold()[0], "collections": counts, "cpu": round(cpu, 2)}
    out["gc_cpu_ms"] = round(spent[0] * 1000, 1)
    print(json.dumps({**out, "peak_rss_mib": round(peak / 1024, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
