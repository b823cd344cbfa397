"""Rewrite tests/data/eval/floors.json from today's scores (after an improvement).

    .venv/bin/python scripts/eval_floors.py

Each metric's floor is its score rounded down to two decimals, less 0.01 (a little room
for a harmless change to move one item); headcount_invented gets a ceiling at its count.
F1 scores are floored, not their precision and recall: a change may trade one for the other.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from bot import eval as scoring
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger

CORPORA = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
FLOORED = (
    "digest_f1", "kind_macro_f1", "ai_cause_f1", "company_accuracy", "headcount_accuracy",
    "percent_accuracy", "functions_f1", "story_pair_f1", "summary_clean",
)  # fmt: skip
SETS = ("dev", "real-dev.tune", "real-dev.untouched", "real-headlines.tune",
        "real-headlines.untouched")  # fmt: skip


def floors_for(name: str, tmp: str) -> dict[str, dict[str, float]]:
    store = Store.open(f"sqlite:///{tmp}/{name}.db")
    try:
        records = scoring.load_labels(CORPORA / f"{name}.jsonl")
        pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
        metrics, _ = scoring.score(records, scoring.predict(pipeline, records))
    finally:
        store.close()
    low = {
        k: max(0.0, math.floor(float(v) * 100) / 100 - 0.01)
        for k, v in metrics.items()
        if k in FLOORED
    }
    return {"min": {k: round(v, 2) for k, v in low.items()},
            "max": {"headcount_invented": float(metrics["headcount_invented"])}}  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        floors = {name: floors_for(name, tmp) for name in SETS}
    path = CORPORA / "floors.json"
    path.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
