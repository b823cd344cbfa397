"""The one writer's CPU in a cold ingest, and the stored result to compare (issue 14).

    python -m bench.writer                    # 200 x 25 peer feeds, in process, one thread
    python -m bench.writer --dump out.txt     # and every table dumped row by row + FTS queries
    PYTHONPATH=../other python bench/writer.py   # another checkout's `bot` on the same feeds

The peer's cold documents (bench/peer.py, 200 feeds x 25 items by default) are parsed
before the clock and ingested one feed after the other with `Pipeline.ingest` (judging in
the calling thread, alert planning with 2,000 subscriptions), at a fixed clock, into a
fresh SQLite file. Reported: the CPU time of the calling thread inside `Pipeline._store`
and the alert planning (the writer: in a poll, the thread holding the pipeline's lock),
judging's CPU beside it as a control, and the process's CPU. The candidate read-ahead
(bot/store/prefetch.py) runs in its own threads and is not in the writer's figure. The
collector runs as the checkout's `layoffbot` runs it once its store is loaded (its start
frozen, bot/cli/terminal.py `collect_again`'s thresholds); `gc=` counts the collections of
each generation during the ingest, `gc_cpu=` the CPU they took (any thread).

`--apart` judges every item in a child process before the clock (`bot.judging._judge_batch`
a feed at a time, as the judges' pool does in a poll) and hands the judged items to the pipeline: the writer then
works with none of the judgement's per-headline caches warm, as in a poll, where the judges
run in another process (#14). `judge=` is then the child's CPU, `unpickle=` what reading its
answers back cost this process (in a poll, a thread of the bot's, beside the writer).

`--dump` writes every table (but `feeds.created_at`, the wall clock) row by row in
primary-key order and the answers of a few FTS queries: with `PYTHONHASHSEED` fixed, two
checkouts that store the same thing write the same file.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:  # run as a file: not bench/profile.py
    sys.path.pop(0)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
FTS_QUERIES = ("layoffs", "hiring freeze", '"cuts jobs"', "ai OR automation", "tesla*")


def _peer() -> Any:
    """bench/peer.py beside this file (its feeds), whatever `bot` is on the path."""
    spec = importlib.util.spec_from_file_location("bench_peer_feeds", HERE / "peer.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _setup(db: Path, n_feeds: int, peer: Any) -> Any:
    from sqlalchemy import insert

    from bot.companies import company_key
    from bot.store import Store
    from bot.store.tables import subscriptions

    store = Store.open(f"sqlite:///{db}")
    for f in range(n_feeds):
        u = f"http://127.0.0.1:9/feed/{f}"
        store.add_feed(u, str(f))
        store.mark_primed(u)
    names = peer.companies()
    rows = [
        {
            "platform": "slack",
            "workspace_id": "T0BENCH",
            "company": names[(i * 7919) % len(names)],
            "company_key": company_key(names[(i * 7919) % len(names)]),
            "user_id": f"U{i:06d}",
            "channel_id": "" if i % 3 else f"C{i % 50:04d}",
            "created_at": NOW,
            "disabled": False,
        }
        for i in range(peer.N_SUBSCRIPTIONS)
    ]
    with store.tx() as conn:
        conn.execute(insert(subscriptions), rows)
    return store


def _feeds(peer: Any, n_feeds: int, n_items: int, unique: bool) -> Any:
    feeds = peer.Feeds(n_feeds, n_items, NOW)
    if unique:  # every title and summary its own: a nonsense word per item
        pool = feeds.pool
        feeds.pool = [
            {**h, "title": f"{h['title']} zq{i}x", "summary": f"{h['summary']} vw{i}k"}
            for i, h in enumerate(pool)
        ]
        feeds.bodies = {(f, 0): feeds.document(f, 0) for f in range(n_feeds)}
    return feeds


def _judged_apart(parsed: list[list[Any]]) -> tuple[list[list[Any]], float, float]:
    """Every feed's items judged in one child process (the pool's `judge_and_file`): the
    answers, the child's CPU, and this process's CPU reading them back."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:  # as the pool's
        blobs = list(pool.map(_judge_feed, parsed))
    # Read back with the collector paused: a poll reads one batch at a time, its collector
    # running rarely (bot/collector.py); all 5,000 at once under the default thresholds
    # counted mostly full collections of what was read before.
    gc.disable()
    t = time.process_time()
    answers = [pickle.loads(blob) for blob, _ in blobs]
    spent = time.process_time() - t
    gc.enable()
    return answers, sum(cpu for _, cpu in blobs), spent


def _judge_feed(items: list[Any]) -> tuple[bytes, float]:
    import pickle

    from bot import judging
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    if judging._judges is None:  # as the worker's initializer sets them
        judging._judges = (ExtractiveSummarizer(), RuleTagger())
    t = time.process_time()
    judged = judging._judge_batch(items, NOW)  # a feed's batch, as the worker judges it
    blob = pickle.dumps(judged, protocol=pickle.HIGHEST_PROTOCOL)
    return blob, time.process_time() - t


def _hand_over(pipeline: Any, parsed: list[list[Any]], answers: list[list[Any]]) -> None:
    """The pipeline's judging replaced by the answers judged apart, item by item."""
    judged = {
        id(raw): (raw, *j)
        for items, a in zip(parsed, answers, strict=True)
        for raw, j in zip(items, a, strict=True)
    }

    def judge_all(raw_items: list[Any], *_args: Any) -> tuple[list[Any], int]:
        return [judged[id(raw)] for raw in raw_items], _args[-1]

    pipeline._judge_all = judge_all


def _timer(times: dict[str, float], prof: Any) -> Callable[..., Callable[..., Any]]:
    """`timed(name, fn)`: `fn` with its thread's CPU added to `times[name]` (the writer's
    under the profiler, if any)."""

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if prof is not None and name == "writer":
                prof.enable()
            t = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] += time.thread_time() - t
                if prof is not None and name == "writer":
                    prof.disable()

        return run

    return timed


def ingest(
    n_feeds: int,
    n_items: int,
    db: Path,
    *,
    unique: bool = False,
    prof: Any = None,
    apart: bool = False,
) -> dict[str, float]:
    from bot.alerts import plan_alerts
    from bot.pipeline import Pipeline
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger
    from feeds.parse import parse_document

    peer = _peer()
    feeds = _feeds(peer, n_feeds, n_items, unique)
    store = _setup(db, n_feeds, peer)
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    ordered = sorted(store.list_feeds(), key=lambda f: int(f.url.rsplit("/", 1)[1]))
    parsed = [
        parse_document(doc, headers, feed.url).items
        for feed, doc in zip(ordered, feeds.cold_documents(), strict=True)
    ]
    times = {"writer": 0.0, "alerts": 0.0, "judge": 0.0, "unpickle": 0.0}
    answers = None
    if apart:
        answers, times["judge"], times["unpickle"] = _judged_apart(parsed)

    timed = _timer(times, prof)

    def announce(stories: list[Any]) -> None:
        plan_alerts(store, stories, NOW)

    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        RuleTagger(),
        on_new_stories=timed("alerts", announce),
        clock=lambda: NOW,
        announce_max_age=timedelta(days=14),
    )
    pipeline._store = timed("writer", pipeline._store)  # type: ignore[method-assign]
    if answers is not None:
        _hand_over(pipeline, parsed, answers)
    else:
        pipeline._judge_all = timed("judge", pipeline._judge_all)  # type: ignore[method-assign]
    with _collections(times):
        p0, t0 = time.process_time(), time.perf_counter()
        for feed, items in zip(ordered, parsed, strict=True):
            pipeline.ingest(items, feed_id=feed.id, announce=True)
        times["process"] = time.process_time() - p0
        times["wall"] = time.perf_counter() - t0
    store.close()
    times["writer"] += times["alerts"]
    times["items"] = n_feeds * n_items
    return times


@contextmanager
def _collections(times: dict[str, float]) -> Iterator[None]:
    """The collector as `layoffbot` runs it once its store is loaded (the checkout's
    bot/cli/terminal.py `collect_again`: what exists frozen, its thresholds), so the bench
    counts what a poll's collections cost: `gc0`-`gc2` collections of each generation,
    `gc_cpu` the CPU they took."""
    from bot.cli import terminal

    thresholds = gc.get_threshold()
    gc.collect()
    gc.disable()
    terminal.collect_again()
    gc.enable()  # a checkout whose collect_again leaves it alone
    before = [g["collections"] for g in gc.get_stats()]
    in_gc = [0.0, 0.0]  # the collecting thread's CPU at the start, the sum

    def collecting(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            in_gc[0] = time.thread_time()
        else:  # a collection holds the GIL: start and stop are in the same thread
            in_gc[1] += time.thread_time() - in_gc[0]

    gc.callbacks.append(collecting)
    try:
        yield
    finally:
        gc.callbacks.remove(collecting)
        for g, stats in enumerate(gc.get_stats()):
            times[f"gc{g}"] = stats["collections"] - before[g]
        times["gc_cpu"] = in_gc[1]
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def dump(db: Path, out: Path) -> None:
    """Every table row by row (but feeds.created_at), then the FTS queries' answers."""
    conn = sqlite3.connect(db)
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'stories_fts_%' ORDER BY name"
        )
    ]
    with out.open("w", encoding="utf-8") as fh:
        for name in names:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            if name == "feeds":
                cols = [c for c in cols if c != "created_at"]
            if name == "stories_fts":
                cols = ["rowid", "search_text"]
            order = "rowid" if name == "stories_fts" or "id" not in cols else "id"
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {name} ORDER BY {order}, 1")
            n = 0
            for row in rows:
                fh.write(f"{name}\t{row!r}\n")
                n += 1
            fh.write(f"# {name}: {n} rows\n")
        for q in FTS_QUERIES:
            hits = conn.execute(
                "SELECT rowid, round(bm25(stories_fts), 9) FROM stories_fts "
                "WHERE stories_fts MATCH ? ORDER BY bm25(stories_fts), rowid",
                (q,),
            ).fetchall()
            fh.write(f"fts {q!r}\t{hits!r}\n")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=25)
    ap.add_argument("--unique", action="store_true", help="a nonsense word in every text")
    ap.add_argument("--dump", type=Path, help="write the stored tables to this file")
    ap.add_argument("--keep", type=Path, help="write the store to this file (kept)")
    ap.add_argument("--profile", type=int, default=0, help="cProfile of the writer: top N")
    ap.add_argument("--apart", action="store_true", help="judged in a child process first")
    args = ap.parse_args(argv)
    import cProfile
    import pstats

    import bot

    prof = cProfile.Profile(time.thread_time) if args.profile else None

    with tempfile.TemporaryDirectory(prefix="bench-writer-") as tmp:
        db = args.keep or Path(tmp) / "bot.db"
        t = ingest(args.feeds, args.items, db, unique=args.unique, prof=prof, apart=args.apart)
        if args.dump:
            dump(db, args.dump)
    if prof is not None:
        prof.dump_stats(str(Path(tempfile.gettempdir()) / "bench-writer.pstats"))
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
    n = t["items"]
    print(
        f"bot={Path(bot.__file__).parent.parent} items={n:.0f} "
        f"writer={t['writer']:.2f}s ({1000 * t['writer'] / n:.3f} ms/item) "
        f"alerts={t['alerts']:.2f}s judge={t['judge']:.2f}s "
        + (f"unpickle={t['unpickle']:.2f}s " if args.apart else "")
        + f"process={t['process']:.2f}s wall={t['wall']:.1f}s "
        f"gc={t['gc0']:.0f}/{t['gc1']:.0f}/{t['gc2']:.0f} gc_cpu={t['gc_cpu']:.3f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
