"""Why `layoffbot eval` missed or wrongly made story pairs on a labelled set.

    python scripts/story_misses.py tests/data/eval/real-dev.tune.jsonl

Runs the eval with the planner's lookup instrumented: for every item, the candidate stories
the store returned (`IngestBatch.candidates`) and `_score` of each. For each labelled pair
filed apart it says whether the earlier item's story was never a candidate of the later one
(the index keys, the scope or the per-key limit left it out) or was one and scored None (the
rules refused it) or lost to a better-scored story. Wrongly joined pairs are listed with the
score that joined them. Reads the set given; never run it on an untouched set.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import bot.pipeline as pipeline_module
from bot import stories
from bot.cli import app

_LOG: dict[str, dict[str, Any]] = {}
_match = pipeline_module.match_story


def _spy(article: Any, tags: Any, candidates: Any) -> Any:
    cands = list(candidates)
    chosen = _match(article, tags, cands)
    _LOG[article.link] = {
        "scores": {c.key: stories._score(article, tags, c) for c in cands},
        "chosen": chosen.key if chosen else None,
        "tags": tags,
    }
    return chosen


def _story_of_link(predictions: list[dict[str, Any]]) -> dict[str, str]:
    return {p["link"]: p["story"] for p in predictions}


def _explain(records: list[dict[str, Any]], story: dict[str, str]) -> None:
    order = {r["link"]: i for i, r in enumerate(records)}
    counts: Counter[str] = Counter()
    by_gold: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_gold.setdefault(r["labels"]["story"], []).append(r)
    for gold, items in by_gold.items():
        pred_groups = {story[r["link"]] for r in items}
        if len(pred_groups) < 2:
            continue
        first = {}
        for r in sorted(items, key=lambda r: order[r["link"]]):
            first.setdefault(story[r["link"]], r)
        print(f"== {gold}: {sorted(pred_groups)}")
        for key, r in first.items():
            log = _LOG.get(r["link"], {})
            t = log.get("tags")
            # The parts filed before this one: the stories it could have joined.
            others = [k for k in first if k != key and order[first[k]["link"]] < order[r["link"]]]
            why = []
            for k in others:
                if k not in log.get("scores", {}):
                    why.append(f"{k}: never a candidate")
                    counts["never a candidate"] += 1
                elif log["scores"][k] is None:
                    why.append(f"{k}: scored None")
                    counts["scored None"] += 1
                else:
                    why.append(f"{k}: {log['scores'][k]:.2f} lost to {log['chosen']}")
                    counts["lost"] += 1
            desc = (
                f"{t.kind.value} {list(t.companies)} hc={t.headcount} pct={t.percent}" if t else ""
            )
            print(f"  [{key}] {r['published'][:10]} {desc} {r['title'][:70]!r}")
            print("     " + "; ".join(why))
    print("missed, first item of each predicted part vs the other parts:", dict(counts))


def _wrong(records: list[dict[str, Any]], story: dict[str, str]) -> None:
    by_pred: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_pred.setdefault(story[r["link"]], []).append(r)
    for key, items in by_pred.items():
        golds = {r["labels"]["story"] for r in items}
        if len(golds) < 2:
            continue
        print(f"== wrongly one story {key}: {sorted(golds)}")
        for r in items:
            log = _LOG.get(r["link"], {})
            t = log.get("tags")
            sc = log.get("scores", {}).get(key)
            desc = f"{t.kind.value} {list(t.companies)} hc={t.headcount}" if t else ""
            print(
                f"  {r['labels']['story']:<28} {r['published'][:10]} score={sc} {desc} {r['title'][:60]!r}"
            )


def run(path: Path) -> None:
    import bot.eval as scoring

    predictions: list[dict[str, Any]] = []
    predict = scoring.predict

    def keep(pipeline: Any, records: Any) -> Any:
        out = predict(pipeline, records)
        predictions.extend(out)
        return out

    pipeline_module.match_story = _spy  # type: ignore[assignment]
    scoring.predict = keep  # type: ignore[assignment]
    try:
        app(["eval", str(path)], standalone_mode=False)
    finally:
        pipeline_module.match_story = _match
        scoring.predict = predict
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    story = _story_of_link(predictions)
    _explain(records, story)
    _wrong(records, story)


if __name__ == "__main__":
    if "untouched" in sys.argv[1]:
        sys.exit("untouched sets are scored only (layoffbot eval), never read item by item")
    run(Path(sys.argv[1]))
