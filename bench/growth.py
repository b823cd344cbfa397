"""Per-new-item cost of ingest, clustering and alert matching as the store grows.

A few fresh feeds go through the pipeline into a copy of a store of N stories; the
clustering lookup (IngestBatch.candidates + match_story) and alert planning are timed
separately by wrapping them on this instance (no code outside bench/ changes).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import bot.pipeline as pipeline_mod
from bench.corpus import EPOCH_END, feed_corpus
from bot.alerts import plan_alerts
from bot.pipeline import Pipeline
from bot.store import Store
from bot.store.ingest import IngestBatch
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.parse import parse_document

HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def _timed(fn: Callable[..., Any], timings: dict[str, float], name: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings[name] += time.perf_counter() - t

    return wrapper


@contextmanager
def _clustering_timed(timings: dict[str, float]) -> Iterator[None]:
    """Time the pipeline's two clustering steps: the lookup through its ingest batch (the
    store's candidates plus the batch's own stories) and the planner's decision."""
    original_candidates = IngestBatch.candidates
    original_match = pipeline_mod.match_story  # type: ignore[attr-defined]
    IngestBatch.candidates = _timed(original_candidates, timings, "candidates")  # type: ignore[method-assign]
    pipeline_mod.match_story = _timed(original_match, timings, "match")  # type: ignore[attr-defined]
    try:
        yield
    finally:
        pipeline_mod.match_story = original_match  # type: ignore[attr-defined]
        IngestBatch.candidates = original_candidates  # type: ignore[method-assign]


def timed_pipeline(store: Store, timings: dict[str, float], counts: dict[str, int]) -> Pipeline:
    """The production pipeline with alert planning, its judging and alerts timed into
    `timings` and its planned alerts and new stories counted into `counts`."""

    def on_new(new: list[Any]) -> None:
        t = time.perf_counter()
        counts["alerts_planned"] += plan_alerts(store, new, EPOCH_END)
        counts["new_stories"] += len(new)
        timings["alerts"] += time.perf_counter() - t

    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        RuleTagger(),
        on_new_stories=on_new,
        clock=lambda: EPOCH_END,
        announce_max_age=None,
    )
    pipeline.judge = _timed(pipeline.judge, timings, "judge")  # type: ignore[method-assign]
    return pipeline


def run(url: str, n_feeds: int = 4, n_items: int = 50, log: Any = print) -> dict[str, Any]:
    store = Store.open(url)
    timings = {"candidates": 0.0, "match": 0.0, "alerts": 0.0, "judge": 0.0}
    counts = {"alerts_planned": 0, "new_stories": 0}

    pipeline = timed_pipeline(store, timings, counts)
    items = 0
    total = 0.0
    with _clustering_timed(timings):
        for i, doc in enumerate(feed_corpus(n_feeds, n_items, seed=5)):
            feed, _ = store.add_feed(f"https://growth{i}.example/rss", f"Growth {i}")
            store.mark_primed(feed.url)
            parsed = parse_document(doc, HEADERS, feed.url)
            t = time.perf_counter()
            result = pipeline.ingest(parsed.items, feed_id=feed.id, announce=True)
            total += time.perf_counter() - t
            items += result.new_items
    store.close()
    return _report(items, total, timings, counts, log)


def _report(
    items: int,
    total: float,
    timings: dict[str, float],
    counts: dict[str, int],
    log: Any,
) -> dict[str, Any]:
    per = 1000 / max(items, 1)
    out = {
        "items": items,
        "new_stories": counts["new_stories"],
        "alerts_planned": counts["alerts_planned"],
        "ingest_ms_per_item": total * per,
        "judge_ms_per_item": timings["judge"] * per,
        "cluster_ms_per_item": (timings["candidates"] + timings["match"]) * per,
        # Its two halves: the store's lookup (grows with the store unless bounded) and the
        # planner's decision (grows with the candidates a lookup returns).
        "candidates_ms_per_item": timings["candidates"] * per,
        "match_ms_per_item": timings["match"] * per,
        "alerts_ms_per_new_story": timings["alerts"] * 1000 / max(counts["new_stories"], 1),
    }
    log(
        f"  ingest {out['ingest_ms_per_item']:.1f} ms/item (judge {out['judge_ms_per_item']:.1f}, "
        f"clustering {out['cluster_ms_per_item']:.2f} = lookup "
        f"{out['candidates_ms_per_item']:.2f} + match {out['match_ms_per_item']:.2f}), alerts "
        f"{out['alerts_ms_per_new_story']:.2f} ms/new story"
    )
    return out
