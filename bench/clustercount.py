"""Load-independent counts of the clustering work per new item (perf-1m, #14).

The growth benchmark's items (bench/growth.py: the same feeds, the same store) go
through the production pipeline while the lookup and the planner are counted, not
timed: per `story_candidates` call the keys asked, the index entries each key's walks
return, the story rows read and the candidates returned; per `match_story` call the
candidates scored and the story chosen. The decisions are written out (--decisions) so
two checkouts can be compared: an exact change leaves them the same.

    python -m bench.clustercount sqlite:///copy-of-a-store.db [--decisions out.json]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import pstats
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import bot.pipeline as pipeline_mod
import bot.store.candidates as candidates_mod
import bot.stories as stories_mod
from bench.corpus import EPOCH_END, feed_corpus
from bench.growth import HEADERS
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.parse import parse_document

_current = threading.local()


class Counts:
    """What one run counted, summed over its lookups and its decisions."""

    def __init__(self) -> None:
        self.lookups = 0
        self.keys = 0
        self.entries = 0  # index entries the key walks returned
        self.rows = 0  # distinct story rows read by id
        self.returned = 0  # stored candidates returned
        self.by_key: Counter[str] = Counter()  # entries per key kind ("co", "t", ...)
        self.top_keys: Counter[str] = Counter()  # entries per key
        self.full_walks = 0  # walks that returned as many entries as they may read
        self.walks = 0
        self.matches = 0
        self.scored = 0  # candidates given to match_story
        self.score_calls = 0  # of them, scored in full (`_score`)
        self.warm = False
        self.warm_cpu = 0.0
        self.match_cpu = 0.0  # the main thread's CPU seconds in match_story
        self.distinct: set[int] = set()  # stored stories scored at least once
        self.decisions: list[dict[str, Any]] = []
        self.inputs: list[tuple[Any, Any, list[Any]]] | None = None  # match_story's, kept


def _kind(key: str) -> str:
    return key.split(":", 1)[0] if ":" in key[:6] else "word"


def _counting_run(counts: Counts, original: Callable[..., Any]) -> Callable[..., Any]:
    def run(self: Any, conn: Any, params: dict[str, Any]) -> Sequence[Any]:
        rows = original(self, conn, params)
        if getattr(_current, "on", False):
            if "k0" in params and "id0" not in params:  # the key walks
                per_walk = Counter(r[0] for r in rows)
                limit = candidates_mod.KEY_ENTRIES_READ if "near" in params else 8
                n_walks = 2 if "near" in params else 1
                for walk, n in per_walk.items():
                    key = params[f"k{walk // n_walks}"]
                    counts.by_key[_kind(key)] += n
                    counts.top_keys[key] += n
                    counts.full_walks += n >= limit
                counts.walks += n_walks * sum(1 for k in params if k.startswith("k"))
                counts.entries += len(rows)
            elif "id0" in params and "k0" not in params:  # the stories' rows
                counts.rows += len({v for k, v in params.items() if k.startswith("id")})
        return rows

    return run


def _counting_lookup(counts: Counts, original: Callable[..., Any]) -> Callable[..., Any]:
    def lookup(conn: Any, keys: Sequence[str], *args: Any, **kwargs: Any) -> Any:
        _current.on = True
        try:
            found = original(conn, keys, *args, **kwargs)
        finally:
            _current.on = False
        counts.lookups += 1
        counts.keys += len(candidates_mod.bounded_keys(keys))
        counts.returned += len(found)
        return found

    return lookup


def _recording_match(counts: Counts, original: Callable[..., Any]) -> Callable[..., Any]:
    def match(article: Any, tags: Any, candidates: Sequence[Any]) -> Any:
        if counts.inputs is not None:
            counts.inputs.append((article, tags, list(candidates)))
        t = time.thread_time()
        found = original(article, tags, candidates)
        counts.match_cpu += time.thread_time() - t
        if counts.warm:  # the same decision again, every cache warm: the repeat cost
            t = time.thread_time()
            original(article, tags, candidates)
            counts.warm_cpu += time.thread_time() - t
        counts.matches += 1
        counts.distinct.update(c.id for c in candidates if c.id > 0)
        counts.scored += len(candidates)
        counts.decisions.append(
            {
                "link": article.link,
                "candidates": len(candidates),
                "match": None if found is None else [found.id, found.key],
            }
        )
        return found

    return match


def run(
    url: str,
    n_feeds: int = 4,
    n_items: int = 50,
    profile: str = "",
    warm: bool = False,
    record: bool = False,
) -> Counts:
    """The growth benchmark's ingest, counted; `profile`: a cProfile of match_story;
    `warm`: each decision made twice, the second's CPU time counted apart."""
    counts = Counts()
    counts.warm = warm
    counts.inputs = [] if record else None
    store = Store.open(url)
    pipeline = Pipeline(
        store, ExtractiveSummarizer(), RuleTagger(), clock=lambda: EPOCH_END, announce_max_age=None
    )
    saved = (
        candidates_mod.DriverStatement.run,
        candidates_mod.story_candidates,
        pipeline_mod.match_story,  # type: ignore[attr-defined]
    )
    match = _recording_match(counts, saved[2])
    prof = cProfile.Profile() if profile else None
    if prof is not None:
        inner = match

        def match(*args: Any) -> Any:
            return prof.runcall(inner, *args)

    score = stories_mod._score

    def counted_score(*args: Any) -> Any:
        counts.score_calls += 1
        return score(*args)

    stories_mod._score = counted_score
    candidates_mod.DriverStatement.run = _counting_run(counts, saved[0])  # type: ignore[method-assign]
    candidates_mod.story_candidates = _counting_lookup(counts, saved[1])
    pipeline_mod.match_story = match  # type: ignore[attr-defined]
    try:
        for i, doc in enumerate(feed_corpus(n_feeds, n_items, seed=5)):
            feed, _ = store.add_feed(f"https://growth{i}.example/rss", f"Growth {i}")
            store.mark_primed(feed.url)
            parsed = parse_document(doc, HEADERS, feed.url)
            pipeline.ingest(parsed.items, feed_id=feed.id, announce=True)
    finally:
        candidates_mod.DriverStatement.run = saved[0]  # type: ignore[method-assign]
        stories_mod._score = score
        candidates_mod.story_candidates = saved[1]
        pipeline_mod.match_story = saved[2]  # type: ignore[attr-defined]
        store.close()
    if prof is not None:
        prof.dump_stats(profile)
    return counts


def report(counts: Counts) -> dict[str, Any]:
    per = 1 / max(counts.lookups, 1)
    return {
        "lookups": counts.lookups,
        "keys_per_lookup": counts.keys * per,
        "entries_per_lookup": counts.entries * per,
        "entries_per_key": counts.entries / max(counts.keys, 1),
        "walks_at_limit": f"{counts.full_walks}/{counts.walks}",
        "rows_read_per_lookup": counts.rows * per,
        "stored_candidates_per_lookup": counts.returned * per,
        "scored_per_match": counts.scored / max(counts.matches, 1),
        "scored_in_full_per_match": counts.score_calls / max(counts.matches, 1),
        "distinct_stored_scored": len(counts.distinct),
        "match_cpu_ms_per_item": 1000 * counts.match_cpu / max(counts.matches, 1),
        "warm_match_cpu_ms_per_item": 1000 * counts.warm_cpu / max(counts.matches, 1),
        "matched": sum(d["match"] is not None for d in counts.decisions),
        "entries_by_key_kind": {k: round(v * per, 1) for k, v in counts.by_key.most_common()},
        "top_keys": counts.top_keys.most_common(8),
    }


def replay(path: str, decisions: str = "") -> None:
    """match_story on recorded inputs, caches cold as in the run that recorded them, for
    instruction counts of the decisions alone (`valgrind --tool=callgrind`): the same
    inputs on two checkouts. REPLAY_NONE=1 loads them and decides nothing (the baseline)."""
    with open(path, "rb") as fh:
        inputs = pickle.load(fh)
    if os.environ.get("REPLAY_NONE"):
        return
    t = time.thread_time()
    found = [stories_mod.match_story(*args) for args in inputs]
    cpu = time.thread_time() - t
    if decisions:
        with open(decisions, "w") as fh:
            json.dump([None if f is None else f.id for f in found], fh)
    print(
        json.dumps(
            {
                "items": len(inputs),
                "match_cpu_ms_per_item": 1000 * cpu / max(len(inputs), 1),
                "matched": sum(f is not None for f in found),
            }
        )
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("--decisions", default="", help="write match_story's decisions here")
    ap.add_argument("--profile", default="", help="cProfile match_story into this file")
    ap.add_argument("--warm", action="store_true", help="time each decision again, warm")
    ap.add_argument("--record", default="", help="pickle match_story's inputs into this file")
    args = ap.parse_args(argv)
    if args.url.startswith("replay:"):
        replay(args.url.removeprefix("replay:"), args.decisions)
        return
    counts = run(args.url, profile=args.profile, warm=args.warm, record=bool(args.record))
    if args.record:
        with open(args.record, "wb") as fh:
            pickle.dump(counts.inputs, fh)
    json.dump(report(counts), sys.stdout, indent=1)
    print()
    if args.decisions:
        with open(args.decisions, "w") as fh:
            json.dump(counts.decisions, fh, indent=0)
    if args.profile:
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
