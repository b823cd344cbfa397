"""Poll cycle: Poller.poll_due over N local feeds against a bare httpx client.

The database is the 100k-story one plus N feeds whose current items are already stored
(a warm bot); the server publishes one new item on each changing feed (70%) and answers
304 on the static ones (30%), so a cycle fetches, parses and ingests like a real one.

Two poller cycles are timed, each on a fresh copy of the database:
- "poller" (the ratio): a running bot's cycle. An untimed cycle first polls every feed as
  the database has it (nothing new), then the server publishes and the timed cycle runs:
  the poller remembers what it parsed last time (feeds.parse.parse_changes), as it does
  from its second cycle on. A fresh Fetcher is used for the timed cycle (connections kept
  alive from 15 minutes earlier would be gone).
- "poller_cold": the first cycle after a restart, when the poller remembers nothing and
  parses every changed feed whole.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from bench.corpus import EPOCH_END
from bench.dbgen import CACHE, copy_db, schema_tag
from bench.feedserver import Feeds, Server, etag_of, is_static
from bot.alerts import plan_alerts
from bot.links import canonical_link
from bot.pipeline import Pipeline
from bot.store import Store
from bot.store.tables import feeds as feeds_table
from bot.store.tables import items as items_table
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from bot.timeutil import utcnow
from feeds import parse as feed_parse
from feeds.fetch import Fetcher
from feeds.poller import Poller

PORT_PLACEHOLDER = "127.0.0.1:65535"


def template(base: Path, n_feeds: int, n_items: int, log: Any = print) -> Path:
    """`base` plus N feeds (URLs on a placeholder port) and their generation-0 items."""
    path = CACHE / f"poll-{base.stem}-{n_feeds}x{n_items}-{schema_tag()}.db"
    if path.exists():
        return path
    t = time.perf_counter()
    tmp = copy_db(base, path.with_suffix(".tmp"))
    store = Store.open(f"sqlite:///{tmp}")
    generated = Feeds(n_feeds, n_items, seed=1, prebuild=False)
    tags = json.dumps({"kind": "other", "ai_cause": False, "companies": []})
    with store.tx() as conn:
        conn.execute(
            insert(feeds_table),
            [
                {
                    "id": 100_000 + f,
                    "url": f"http://{PORT_PLACEHOLDER}/feed/{f}",
                    "name": f"Newsroom {f}",
                    "workspace": "",
                    "etag": etag_of(f) if is_static(f) else None,
                    "primed": True,
                    "created_at": EPOCH_END - timedelta(days=30),
                }
                for f in range(n_feeds)
            ],
        )
        rows = []
        for f in range(n_feeds):
            for it in generated.window(f, 0):
                rows.append(
                    {
                        "feed_id": 100_000 + f,
                        "guid": it["guid"],
                        "link": it["link"],
                        "canonical_link": canonical_link(it["link"]),
                        "title": it["title"],
                        "publisher": it["publisher"],
                        "published": it["published"],
                        "summary": it["description"],
                        "tags": tags,
                        "story_id": None,
                        "fetched_at": EPOCH_END,
                    }
                )
        conn.execute(insert(items_table), rows)
    store.close()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    tmp.rename(path)
    log(f"  built {path.name} in {time.perf_counter() - t:.0f} s")
    return path


def instance(tpl: Path, dst: Path, port: int) -> Path:
    """A fresh copy of the template with the feeds pointing at the running server."""
    copy_db(tpl, dst)
    con = sqlite3.connect(dst)
    con.execute(
        "UPDATE feeds SET url = replace(url, ?, ?)", (PORT_PLACEHOLDER, f"127.0.0.1:{port}")
    )
    con.commit()
    con.close()
    return dst


async def bare_cycle(server: Server, n_feeds: int, concurrency: int) -> dict:
    """Fetch every feed once with a plain httpx client, the same validators, same concurrency."""
    sem = asyncio.Semaphore(concurrency)
    statuses: dict[int, int] = {}
    nbytes = 0

    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=concurrency)) as c:

        async def one(f: int) -> None:
            nonlocal nbytes
            headers = {"If-None-Match": etag_of(f)} if is_static(f) else {}
            async with sem:
                r = await c.get(server.url(f), headers=headers)
                nbytes += len(r.content)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

        t = time.perf_counter()
        await asyncio.gather(*(one(f) for f in range(n_feeds)))
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "statuses": statuses, "bytes": nbytes}


async def poller_cycle(
    db: Path, concurrency: int, publish: Callable[[], None] | None = None
) -> dict:
    """One timed Poller.poll_due; with `publish`, after an untimed cycle (see above)."""
    store = Store.open(f"sqlite:///{db}", migrate=False)
    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        RuleTagger(),
        on_new_stories=lambda stories: plan_alerts(store, stories, utcnow()),
        announce_max_age=None,  # the corpus is dated in the past: announce it all, as before
    )
    feed_parse.close()
    feed_parse._worker().start()  # the bot starts it once at boot: not part of a cycle
    poller = Poller(store, pipeline, None)  # type: ignore[arg-type]
    warmup: dict[str, Any] = {}
    if publish is not None:
        async with Fetcher(allow_private_addresses=True, concurrency=concurrency) as fetcher:
            poller.fetcher = fetcher
            t = time.perf_counter()
            previous = await poller.poll_due()
            warmup = {
                "seconds": time.perf_counter() - t,
                "new_items": sum(o.new_items for o in previous),
            }
        await asyncio.to_thread(publish)
        await asyncio.to_thread(store.force_all_due)
    async with Fetcher(allow_private_addresses=True, concurrency=concurrency) as fetcher:
        poller.fetcher = fetcher
        t = time.perf_counter()
        outcomes = await poller.poll_due()
        seconds = time.perf_counter() - t
    feed_parse.close()
    store.close()
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    errors = [o.error for o in outcomes if o.error][:3]
    result = {
        "seconds": seconds,
        "outcomes": counts,
        "new_items": sum(o.new_items for o in outcomes),
        "errors": errors,
    }
    if warmup:
        result["warmup"] = warmup
    return result


def run(
    base: Path,
    n_feeds: int,
    n_items: int,
    latency: float,
    concurrencies: tuple[int, ...],
    workdir: Path,
    log: Any = print,
) -> dict:
    tpl = template(base, n_feeds, n_items, log)
    out: dict[str, Any] = {"feeds": n_feeds, "latency_s": latency, "runs": {}}
    with Server(n_feeds, n_items, latency) as server:
        for c in concurrencies:
            server.post("/_reset?gen=1")  # one new item on each changing feed
            bare = asyncio.run(bare_cycle(server, n_feeds, c))
            db = instance(tpl, workdir / "poll.db", server.port)
            cold = asyncio.run(poller_cycle(db, c))
            server.post("/_reset?gen=0")  # what the database holds; published by the warm-up
            db = instance(tpl, workdir / "poll.db", server.port)
            polled = asyncio.run(poller_cycle(db, c, publish=lambda: server.post("/_advance")))
            out["runs"][str(c)] = {
                "bare": bare,
                "poller": polled,
                "ratio": polled["seconds"] / bare["seconds"],
                "poller_cold": cold,
                "ratio_cold": cold["seconds"] / bare["seconds"],
            }
            log(
                f"  concurrency {c}: bare {bare['seconds']:.2f} s, poller "
                f"{polled['seconds']:.2f} s ({polled['outcomes']}, {polled['new_items']} new), "
                f"after a restart {cold['seconds']:.2f} s"
            )
    return out
