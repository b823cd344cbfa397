"""Raise tests/data/eval/floors.json to today's scores (after an improvement).

    .venv/bin/python scripts/eval_floors.py            # raise floors, add missing sets
    .venv/bin/python scripts/eval_floors.py --reset    # rewrite them, lower ones too
    .venv/bin/python scripts/eval_floors.py --only fresh-2022.tune   # raise these sets only

Each metric's floor is its score rounded down to two decimals, less 0.01 (a little room
for a harmless change to move one item); headcount_invented gets a ceiling at its count.
F1 scores are floored, not their precision and recall: a change may trade one for the other.
Without --reset a floor only rises and a ceiling only falls: a score that dropped is a
regression to explain, not a new floor to write down.
The fresh check sets are floored only on what their labels were made for (see
tests/data/eval/README.md): story pairs for fresh-stories and fresh-commentary, the tags
for fresh-tags and fresh-tags-2.
"""

from __future__ import annotations

import argparse
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
        "real-headlines.untouched", "fresh-stories", "fresh-commentary", "fresh-tags",
        "fresh-tags-2", "fresh-2024.tune", "fresh-2024.check", "fresh-2025.tune",
        "fresh-2025.check", "fresh-2022.tune", "fresh-2022.check",
        "fresh-companies-2025.tune", "fresh-stories-2.tune", "fresh-2026.tune",
        "fresh-2025b.tune", "stream-2026.tune", "public-2026.tune", "stream-kind-2026.tune",
        "stream-analysis-2026.tune")  # fmt: skip
_TAGS = ("digest_f1", "kind_macro_f1", "ai_cause_f1", "company_accuracy", "headcount_accuracy",
         "percent_accuracy")  # fmt: skip
ONLY: dict[str, tuple[str, ...]] = {
    "fresh-stories": ("story_pair_f1",),
    "fresh-commentary": ("story_pair_f1",),
    "fresh-tags": _TAGS,
    "fresh-tags-2": _TAGS,
    # 2024-25 news: the tags and story pairs of multi-outlet coverage
    "fresh-2024.tune": (*_TAGS, "story_pair_f1"),
    "fresh-2024.check": (*_TAGS, "story_pair_f1"),
    # 2025 news: multi-outlet rounds, AI-attributed cuts, closures and hard negatives
    "fresh-2025.tune": (*_TAGS, "story_pair_f1"),
    "fresh-2025.check": (*_TAGS, "story_pair_f1"),
    # 2022 news: multi-outlet rounds (Twitter, Meta, Amazon), freezes, reactions, negatives
    "fresh-2022.tune": (*_TAGS, "story_pair_f1"),
    "fresh-2022.check": (*_TAGS, "story_pair_f1"),
    # 2025 news, one item per outlet and event (session 12): the tags; its check half is
    # scored once per session, not floored (a floor would score it on every run)
    "fresh-companies-2025.tune": _TAGS,
    # 2023 multi-outlet coverage of one employer's action, worded differently over days and
    # weeks (session 13): story pairs first, the tags too; its check half is scored once per
    # session, not floored
    "fresh-stories-2.tune": (*_TAGS, "story_pair_f1"),
    # January 2026 news (session 19): layoffs, AI-and-work commentary, labour figures and hard
    # negatives, several outlets per event; its check half is scored once per session, not
    # floored
    "fresh-2026.tune": (*_TAGS, "story_pair_f1"),
    # March 2025 news (session 19b): federal agencies' cuts and their coverage, AI-and-work
    # commentary, labour figures and hard negatives; its check half is scored once per
    # session, not floored
    "fresh-2025b.tune": (*_TAGS, "story_pair_f1"),
    # items a real stream's digest carried or missed (session 19, stream-19): the tags
    "stream-2026.tune": _TAGS,
    # session 20, tags only; their check halves are scored once per session, not floored:
    # public employers' cuts (public-20), a stream's misread cuts (misread-20), a stream's
    # AI commentary (analysis-20)
    "public-2026.tune": _TAGS,
    "stream-kind-2026.tune": _TAGS,
    "stream-analysis-2026.tune": _TAGS,
}


def floors_for(name: str, tmp: str) -> dict[str, dict[str, float]]:
    store = Store.open(f"sqlite:///{tmp}/{name}.db")
    try:
        records = scoring.load_labels(CORPORA / f"{name}.jsonl")
        pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
        metrics, _ = scoring.score(records, scoring.predict(pipeline, records))
    finally:
        store.close()
    floored = ONLY.get(name, FLOORED)
    low = {
        k: max(0.0, math.floor(float(v) * 100) / 100 - 0.01)
        for k, v in metrics.items()
        if k in floored
    }
    ceiling = {} if name in ("fresh-stories", "fresh-commentary") else {
        "headcount_invented": float(metrics["headcount_invented"])}  # fmt: skip
    return {"min": {k: round(v, 2) for k, v in low.items()}, "max": ceiling}


def raised(
    old: dict[str, dict[str, float]], new: dict[str, dict[str, float]]
) -> dict[str, dict[str, float]]:
    """New floors that never fall below the old ones, ceilings that never rise above."""
    return {
        "min": {k: max(v, old.get("min", {}).get(k, v)) for k, v in new["min"].items()},
        "max": {k: min(v, old.get("max", {}).get(k, v)) for k, v in new["max"].items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Raise tests/data/eval/floors.json to today's scores (scores every set "
        "named, held-out ones included: each run counts as a scoring of them)."
    )
    parser.add_argument("--reset", action="store_true", help="rewrite the floors, lower ones too")
    parser.add_argument("--only", nargs="+", metavar="SET", choices=SETS, help="these sets only")
    args = parser.parse_args()
    path = CORPORA / "floors.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    only = args.only or SETS
    with tempfile.TemporaryDirectory() as tmp:
        floors = {
            name: (
                floors_for(name, tmp)
                if args.reset
                else raised(old.get(name, {}), floors_for(name, tmp))
            )
            if name in only
            else old[name]
            for name in SETS
        }
    path.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
