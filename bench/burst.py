"""Per-item cost of a burst of coverage: N items published within three days (issue 14).

A news event brings a burst: many outlets report the same layoffs within days, and every
item meets the items stored just before it in the clustering window. The goal is that the
cost per new item stays flat in the size of the burst, so N items are fed, one feed's
worth (50) per `Pipeline.ingest` call as a poll would, into a fresh SQLite store with
2,000 subscriptions and alert planning, and the per-item cost of a large burst is compared
with a small one's (and the last 1,000 items of the large one, where growth shows most).

Parsing is done before the clock starts: the measure is the pipeline, not feedparser.
`python -m bench.burst [N ...]` runs it alone; `python -m bench.burst --profile N` prints a
cProfile of the last 1,000 items of an N-item burst; `--counts N ...` the work done per
item (candidates scored, rows read, bytes written) in windows of 1,000 items, which does
not depend on the machine's load (bench.burstcounts).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.burstcounts import WorkCounts, counting, table
from bench.corpus import EPOCH_END, event_pool, feed_items, rss_bytes
from bench.dbgen import add_subscriptions
from bench.growth import _clustering_timed, timed_pipeline
from bot.models import RawItem
from bot.store import Store
from feeds.parse import parse_document

HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}
BATCH = 50  # one feed's items per ingest call
WINDOW = timedelta(days=3)
TAIL = 1000  # the last items of a burst, reported on their own
PARTS = ("judge", "candidates", "match", "alerts")


def burst_batches(n: int, *, seed: int = 14) -> list[list[RawItem]]:
    """`n` items in batches of BATCH, all published within WINDOW before EPOCH_END.

    The corpus's events (several outlets per event, ~1,400 companies, one event per 8
    items as bench.corpus does) happen within the window; the analysis and unrelated
    items it spreads over 30 days are folded into the window too.
    """
    end = EPOCH_END - timedelta(hours=10)  # reports come up to 10 h after an event
    events = event_pool(seed, max(50, n // 8), end=end, days=WINDOW.days)
    batches = []
    for f in range((n + BATCH - 1) // BATCH):
        items = feed_items(f, min(BATCH, n - f * BATCH), events, seed=seed)
        for it in items:
            age = EPOCH_END - it["published"]
            if age > WINDOW:
                it["published"] = EPOCH_END - age % WINDOW
        url = f"https://burst{f}.example/rss"
        batches.append(parse_document(rss_bytes(f, items), HEADERS, url).items)
    return batches


def ingest_burst(
    n: int,
    workdir: Path,
    profile_tail: cProfile.Profile | None = None,
    work: WorkCounts | None = None,
    freeze: bool = True,
) -> dict[str, Any]:
    """Ingest an n-item burst into a fresh store; totals for all items and the last TAIL.
    `work`: the pipeline's work counted per window of items (bench.burstcounts).

    `freeze`: what exists before the clock starts (the modules, the store, the N parsed
    items) is moved out of the collector's generations (`gc.freeze()`) for the burst, as
    `layoffbot` does with its start's objects (bot/cli/terminal.py `collect_again`): a
    poll holds one feed's items, not the whole burst, and a full collection walks every
    tracked object, so without it the larger burst's collections walked its 25,000 parsed
    items and the smaller's did not."""
    batches = burst_batches(n)
    db = workdir / f"burst-{n}.db"
    store = _fresh_store(db)
    timings = dict.fromkeys(PARTS, 0.0)
    counts = {"alerts_planned": 0, "new_stories": 0, "new_items": 0}
    pipeline = timed_pipeline(store, timings, counts)
    feed_ids = [_primed_feed(store, f) for f in range(len(batches))]
    tail_from = max(0, len(batches) - TAIL // BATCH)
    total = tail = cpu = cpu_tail = 0.0  # wall and CPU (this thread: the pipeline's) seconds
    tail_items = 0
    tail_parts = dict(timings)
    with (
        _frozen(freeze),
        _clustering_timed(timings),
        counting(work) if work is not None else nullcontext(),
    ):
        for i, (feed_id, items) in enumerate(zip(feed_ids, batches, strict=True)):
            if i == tail_from:
                tail_parts = dict(timings)
                if profile_tail is not None:
                    profile_tail.enable()
            t, c = time.perf_counter(), time.thread_time()
            result = pipeline.ingest(items, feed_id=feed_id, announce=True)
            dt, dc = time.perf_counter() - t, time.thread_time() - c
            total += dt
            cpu += dc
            counts["new_items"] += result.new_items
            if i >= tail_from:
                tail += dt
                cpu_tail += dc
                tail_items += len(items)
    if profile_tail is not None:
        profile_tail.disable()
    stories = store.count_stories()
    store.close()
    _remove(db)
    return _results(
        n, counts, stories, (total, cpu), (tail, cpu_tail, tail_items), timings, tail_parts
    )


def _results(
    n: int,
    counts: dict[str, int],
    stories: int,
    whole: tuple[float, float],
    last: tuple[float, float, int],
    timings: dict[str, float],
    tail_parts: dict[str, float],
) -> dict[str, Any]:
    """The burst's figures: wall and CPU seconds for all items (`whole`) and the last
    TAIL (`last`, with their number)."""
    total, cpu = whole
    tail, cpu_tail, tail_items = last
    return {
        "items": n,
        "new_items": counts["new_items"],
        "stories": stories,
        "new_stories": counts["new_stories"],
        "alerts_planned": counts["alerts_planned"],
        "seconds": total,
        "ms_per_item": total * 1000 / max(n, 1),
        "tail_items": tail_items,
        "tail_ms_per_item": tail * 1000 / max(tail_items, 1),
        # CPU time: steadier than wall time on a machine shared with other work.
        "cpu_ms_per_item": cpu * 1000 / max(n, 1),
        "tail_cpu_ms_per_item": cpu_tail * 1000 / max(tail_items, 1),
        # Where each item's time goes, whole burst and last TAIL items: which part grows.
        "parts_ms_per_item": {k: timings[k] * 1000 / max(n, 1) for k in PARTS},
        "tail_parts_ms_per_item": {
            k: (timings[k] - tail_parts[k]) * 1000 / max(tail_items, 1) for k in PARTS
        },
    }


@contextmanager
def _frozen(freeze: bool) -> Iterator[None]:
    """What exists now out of the collector's generations until the end (see ingest_burst),
    and the collector's thresholds as the checkout's `layoffbot` sets them there."""
    thresholds = gc.get_threshold()
    if freeze:
        from bot.cli import terminal

        gc.collect()
        gc.disable()
        terminal.collect_again()  # freezes; a checkout's thresholds, if it sets any
        gc.enable()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
            gc.set_threshold(*thresholds)


def _fresh_store(db: Path) -> Store:
    _remove(db)
    store = Store.open(f"sqlite:///{db}")
    add_subscriptions(store)
    return store


def _primed_feed(store: Store, f: int) -> int:
    feed, _ = store.add_feed(f"https://burst{f}.example/rss", f"Burst {f}")
    store.mark_primed(feed.url)
    return feed.id


def _remove(db: Path) -> None:
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)


def run(
    sizes: tuple[int, int], workdir: Path, log: Any = print, freeze: bool = True
) -> dict[str, Any]:
    small, large = sizes
    out: dict[str, Any] = {}
    for n in (small, large):
        r = ingest_burst(n, workdir, freeze=freeze)
        parts = ", ".join(f"{k} {v:.2f}" for k, v in r["tail_parts_ms_per_item"].items())
        log(
            f"  burst {n:,} items: {r['ms_per_item']:.2f} ms/item ({r['seconds']:.1f} s, "
            f"{r['stories']:,} stories, {r['alerts_planned']:,} alerts); last "
            f"{r['tail_items']:,}: {r['tail_ms_per_item']:.2f} ms/item ({parts}); CPU "
            f"{r['cpu_ms_per_item']:.2f} ms/item, last {r['tail_cpu_ms_per_item']:.2f}"
        )
        out[str(n)] = r
    base = out[str(small)]["ms_per_item"]
    out["small"], out["large"] = small, large
    out["ratio"] = out[str(large)]["ms_per_item"] / max(base, 1e-9)
    out["tail_ratio"] = out[str(large)]["tail_ms_per_item"] / max(base, 1e-9)
    out["cpu_ratio"] = out[str(large)]["cpu_ms_per_item"] / max(
        out[str(small)]["cpu_ms_per_item"], 1e-9
    )
    return out


def counts_table(sizes: list[int], workdir: Path, freeze: bool = True) -> str:
    """`--counts`: each burst's work per item, in windows of 1,000 items, as a table."""
    runs = []
    for n in sizes:
        work = WorkCounts()
        r = ingest_burst(n, workdir, work=work, freeze=freeze)
        print(f"  burst {n:,}: {r['stories']:,} stories, {r['alerts_planned']:,} alerts")
        runs.append((f"{n:,}", work))
    return table(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 25_000])
    parser.add_argument("--profile", action="store_true", help="cProfile the last items")
    parser.add_argument(
        "--counts", action="store_true", help="work counts per item, per 1,000 items"
    )
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="leave what exists before the clock in the collector's generations (as before)",
    )
    args = parser.parse_args(argv)
    freeze = not args.no_freeze
    with tempfile.TemporaryDirectory() as tmp:
        if args.counts:
            print(counts_table(args.sizes, Path(tmp), freeze))
            return 0
        if args.profile:
            prof = cProfile.Profile()
            r = ingest_burst(args.sizes[-1], Path(tmp), prof, freeze=freeze)
            print(f"last {r['tail_items']} items: {r['tail_ms_per_item']:.2f} ms/item")
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
            print(buf.getvalue())
            return 0
        small, large = (args.sizes + args.sizes)[:2]
        r = run((small, large), Path(tmp), freeze=freeze)
        print(
            f"ratio {r['ratio']:.2f} (last {TAIL}: {r['tail_ratio']:.2f}; CPU time: "
            f"{r['cpu_ratio']:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
