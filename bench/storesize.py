"""Cost per new item as the store grows with distinct news (issue 14).

    python -m bench.storesize                    # 50,000 synthetic distinct items
    python -m bench.storesize --sizes 0,2000,10000
    python -m bench.storesize --feeds DIR        # RSS files (sorted) as the stream instead
    PYTHONPATH=../other python bench/storesize.py   # another checkout's `bot`, same items

A real stream is mostly distinct news, not syndicated copies of a few events: ten days of
a real archive carried ~7,000 items a day, none twice (docs/performance.md, session 19).
Items are fed in batches of BATCH (one `layoffbot tag` of a 1,500-item file), oldest first
over ten days, through one `Pipeline` (rules judged in the calling thread) into one fresh
SQLite file, in one process as the running bot keeps its caches. Reported, for the batch
starting at each of `--sizes` stored items: the CPU of the calling thread per item inside
`Pipeline._store` (the writer: storing and filing) and in all of `ingest` (judging too).
The goal: the last size's writer cost within RATIO_GOAL of the first's (an empty store).

The synthetic items are distinct: each headline and description is drawn word by word
from the words of the labelled real news (tests/data/eval/*.tune.jsonl), weighted by how
often they occur there, so common words are shared by many items (as 'Trump' or 'police'
are) and the rest rarely. They cluster less than real news does; `--feeds` measures a
real archive (e.g. rumca-js/RSS-Link-Database-2026 turned into RSS files).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:  # run as a file: not bench/profile.py
    sys.path.pop(0)
EVAL = HERE.parent / "tests" / "data" / "eval"
START = datetime(2026, 1, 1, tzinfo=UTC)
DAYS = 10
BATCH = 1500
SIZES = (0, 10_000, 50_000)
QUICK_SIZES = (0, 2_000, 10_000)
RATIO_GOAL = 1.5  # issue 14: per-item cost within 1.5x


def _vocabulary() -> tuple[list[str], list[int], list[str], list[int]]:
    """The labelled real news' headline words and text words, with their counts."""
    titles: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    word = re.compile(r"[A-Za-z0-9][\w'’.-]*")
    for path in sorted(EVAL.glob("*.tune.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    titles.update(word.findall(r.get("title") or ""))
                    texts.update(word.findall(r.get("summary") or ""))
    t, s = sorted(titles.items()), sorted(texts.items())
    return [w for w, _ in t], [c for _, c in t], [w for w, _ in s], [c for _, c in s]


def synthetic(n: int, seed: int = 14) -> list[dict[str, Any]]:
    """`n` distinct items, oldest first, spread over DAYS days."""
    tw, tc, sw, sc = _vocabulary()
    rng = random.Random(seed)
    seen: set[str] = set()
    items: list[dict[str, Any]] = []
    step = timedelta(days=DAYS) / max(n, 1)
    while len(items) < n:
        title = " ".join(rng.choices(tw, tc, k=rng.randint(6, 12)))
        if title in seen:
            continue
        seen.add(title)
        i = len(items)
        summary = " ".join(rng.choices(sw, sc, k=rng.randint(20, 45))) + "."
        items.append(
            {
                "title": title[0].upper() + title[1:],
                "summary": summary,
                "link": f"https://news{i % 97}.example/{i}/story.html",
                "published": START + step * i,
            }
        )
    return items


def _rss(items: list[dict[str, Any]]) -> bytes:
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>"
        f'<guid isPermaLink="false">{escape(it["link"])}</guid>'
        f"<pubDate>{format_datetime(it['published'])}</pubDate>"
        f"<description>{escape(it['summary'])}</description></item>\n"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>s</title>'
        f"<link>https://example.org/</link><description>d</description>\n{body}</channel></rss>"
    ).encode()


def batches(n: int, feeds: Path | None, batch: int = BATCH) -> list[list[Any]]:
    """The stream's batches of parsed items (RawItem): BATCH synthetic items each, or
    one RSS file of `feeds` each (sorted by name), up to `n` items."""
    from feeds.parse import parse_document

    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    out: list[list[Any]] = []
    if feeds is not None:
        for path in sorted(feeds.glob("*.xml")):
            if sum(map(len, out)) >= n:
                break
            out.append(parse_document(path.read_bytes(), headers, path.as_uri()).items)
        return out
    items = synthetic(n)
    for i in range(0, n, batch):
        url = f"https://stream.example/{i // batch}.xml"
        out.append(parse_document(_rss(items[i : i + batch]), headers, url).items)
    return out


def run(
    sizes: tuple[int, ...],
    workdir: Path,
    feeds: Path | None = None,
    log: Any = print,
    batch: int = BATCH,
) -> dict[str, Any]:
    """Ingest the stream into a fresh store; the writer's and the ingest's CPU per item
    of the batch starting at each size (the first batch at or past it)."""
    from bot.pipeline import Pipeline
    from bot.store import Store
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    stream = batches(max(sizes) + batch, feeds, batch)
    db = workdir / "storesize.db"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{db}")
    now = max(it.published for b in stream for it in b if it.published) + timedelta(hours=1)
    pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), clock=lambda: now)
    spent = [0.0]
    store_batch = pipeline._store

    def timed_store(*args: Any, **kwargs: Any) -> Any:
        t = time.thread_time()
        try:
            return store_batch(*args, **kwargs)
        finally:
            spent[0] += time.thread_time() - t

    pipeline._store = timed_store  # type: ignore[method-assign]
    stored, wanted, points = 0, sorted(sizes), []
    for items in stream:
        if not wanted:
            break
        spent[0] = 0.0
        t = time.thread_time()
        result = pipeline.ingest(items, feed_id=None)
        total = time.thread_time() - t
        if stored >= wanted[0]:
            n = max(result.new_items, 1)
            point = {
                "stored": stored,
                "items": result.new_items,
                "writer_ms_per_item": spent[0] * 1000 / n,
                "ingest_ms_per_item": total * 1000 / n,
            }
            points.append(point)
            log(
                f"  {stored:>7,} stored: writer {point['writer_ms_per_item']:.2f} ms/item, "
                f"ingest {point['ingest_ms_per_item']:.2f} ms/item ({result.new_items} new)"
            )
            while wanted and stored >= wanted[0]:
                wanted.pop(0)
        stored += result.new_items
    store.close()
    first, last = points[0], points[-1]
    ratio = last["writer_ms_per_item"] / max(first["writer_ms_per_item"], 1e-9)
    return {"points": points, "ratio": ratio, "source": str(feeds) if feeds else "synthetic"}


def row(r: dict[str, Any]) -> dict[str, Any]:
    """bench.run's table row: the last size's writer cost per item against the first's."""
    first, last = r["points"][0], r["points"][-1]
    return {
        "measure": f"writer per new item, {last['stored']:,} vs {first['stored']:,} stored "
        f"(distinct news, {r['source']})",
        "value": f"{last['writer_ms_per_item']:.2f} vs {first['writer_ms_per_item']:.2f} ms",
        "target": f"<= {RATIO_GOAL}x",
        "ratio": round(r["ratio"], 2),
        "result": "pass" if r["ratio"] <= RATIO_GOAL else "FAIL",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="stored items to measure at")
    ap.add_argument("--feeds", type=Path, help="a folder of RSS files: the stream, sorted by name")
    args = ap.parse_args(argv)
    import bot

    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(f"bot={Path(bot.__file__).parent.parent} sizes={sizes}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        r = run(sizes, Path(tmp), args.feeds)
    ok = r["ratio"] <= RATIO_GOAL
    print(f"writer cost, last / first: {r['ratio']:.2f}x (goal <= {RATIO_GOAL}x): "
          f"{'pass' if ok else 'FAIL'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
