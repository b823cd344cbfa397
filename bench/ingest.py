"""Ingest throughput: the whole pipeline against feedparser alone, on the same bytes."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import feedparser

from bench.corpus import feed_corpus
from bench.dbgen import add_subscriptions
from bot.alerts import plan_alerts
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from bot.timeutil import utcnow
from feeds import parse as feed_parse

HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def feedparser_alone(doc: bytes) -> int:
    parsed = feedparser.parse(
        io.BytesIO(doc),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    return len(parsed.entries)


def _pipeline_on(
    sample: list[bytes], sample_idx: list[int], workdir: Path
) -> tuple[float, float, int, int]:
    """Bytes to committed rows, in process: parse seconds, ingest seconds, new items, stories."""
    db = workdir / "ingest.db"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{db}")
    add_subscriptions(store)
    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        RuleTagger(),
        on_new_stories=lambda stories: plan_alerts(store, stories, utcnow()),
        announce_max_age=None,  # the corpus is dated in the past: announce it all, as before
    )
    feed_ids = []
    for i in sample_idx:
        feed, _ = store.add_feed(f"https://news{i}.example/rss", f"Newsroom {i}")
        store.mark_primed(feed.url)
        feed_ids.append(feed.id)
    parse_s = ingest_s = 0.0
    new_items = 0
    for feed_id, doc, i in zip(feed_ids, sample, sample_idx, strict=True):
        t0 = time.perf_counter()
        parsed = feed_parse.parse_document(doc, HEADERS, f"https://news{i}.example/rss")
        t1 = time.perf_counter()
        result = pipeline.ingest(parsed.items, feed_id=feed_id, announce=True)
        t2 = time.perf_counter()
        parse_s += t1 - t0
        ingest_s += t2 - t1
        new_items += result.new_items
    stories = store.count_stories()
    store.close()
    return parse_s, ingest_s, new_items, stories


def _worker_parse(sample: list[bytes], sample_idx: list[int]) -> float:
    """The same bytes through the parse worker process (what the poller uses)."""
    worker = feed_parse.ParseWorker()
    worker.start()
    t = time.perf_counter()
    for doc, i in zip(sample, sample_idx, strict=True):
        worker.parse(doc, HEADERS, f"https://news{i}.example/rss")
    elapsed = time.perf_counter() - t
    worker.close()
    return elapsed


def run(n_feeds: int, n_items: int, sample_every: int, workdir: Path, log: Any = print) -> dict:
    docs = feed_corpus(n_feeds, n_items)
    per_doc = []
    entries = 0
    for doc in docs:
        t = time.perf_counter()
        entries += feedparser_alone(doc)
        per_doc.append(time.perf_counter() - t)
    fp_all = sum(per_doc)
    sample_idx = list(range(0, n_feeds, sample_every))
    sample = [docs[i] for i in sample_idx]
    fp_sample = sum(per_doc[i] for i in sample_idx)
    log(
        f"  feedparser alone: {entries:,} entries of {n_feeds} feeds in {fp_all:.1f} s; "
        f"pipeline on {len(sample)} feeds"
    )
    parse_s, ingest_s, new_items, stories = _pipeline_on(sample, sample_idx, workdir)
    worker_parse_s = _worker_parse(sample, sample_idx)
    pipeline_s = parse_s + ingest_s
    n_sample_items = len(sample) * n_items
    return {
        "feeds": n_feeds,
        "items_per_feed": n_items,
        "feedparser_all_s": fp_all,
        "feedparser_items_per_s": entries / fp_all,
        "sample_feeds": len(sample),
        "sample_items": n_sample_items,
        "new_items": new_items,
        "stories": stories,
        "feedparser_sample_s": fp_sample,
        "parse_document_s": parse_s,
        "ingest_s": ingest_s,
        "pipeline_s": pipeline_s,
        "pipeline_items_per_s": n_sample_items / pipeline_s,
        "ratio": pipeline_s / fp_sample,
        "worker_parse_s": worker_parse_s,
        "pipeline_worker_s": worker_parse_s + ingest_s,
        "ratio_worker": (worker_parse_s + ingest_s) / fp_sample,
    }
