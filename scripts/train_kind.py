"""Train (and cross-validate) the small linear judge of commentary versus other news.

    .venv/bin/python scripts/train_kind.py [--folds 5] [--write]

The judge (bot/tagging/kind_judge.py) reads the items the rules judge to be no employer
action and says whether each is `analysis` or `other`. It is trained only on
tests/data/eval/dev.jsonl, the *tune* files and the fresh tuning sets (never the untouched
or check ones), on the items whose label and rules' kind are both analysis or other, in
pure Python (scripts/train_linear.py).

The script reports, by k-fold cross-validation with folds grouped by event (the label's
`story`, so two outlets' wording of one event never sit on both sides of a split), how
many of those items the rules get right alone and with the judge allowed to overturn them
at several confidence thresholds, for several L2 strengths. `--write` trains on all the
items with the L2 of the best cross-validated count at the shipped threshold and saves
bot/data/kind_judge.json; do that only when the judge beats the rules out of fold.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_linear import _group, train  # noqa: E402

from bot.eval import load_labels, raw_item  # noqa: E402
from bot.models import Kind  # noqa: E402
from bot.tagging.concurrent import decide  # noqa: E402
from bot.tagging.document import _document  # noqa: E402
from bot.tagging.kind_judge import FLIP_ABOVE, features, probability  # noqa: E402
from bot.text import prepare_article  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"
TRAIN_FILES = (
    "dev.jsonl",
    "real-dev.tune.jsonl",
    "real-headlines.tune.jsonl",
    "fresh-2022.tune.jsonl",
    "fresh-2024.tune.jsonl",
    "fresh-2025.tune.jsonl",
    "fresh-tags.jsonl",
    "fresh-tags-2.jsonl",
    "fresh-commentary.jsonl",
)
NON_ACTION = {"analysis", "other"}
L2_GRID = (1e-3, 1e-2, 3e-2, 1e-1)
THRESHOLDS = (0.7, 0.8, FLIP_ABOVE, 0.9, 0.95)

# (file, features, gold is analysis, rules said analysis, event group)
Item = tuple[str, list[str], int, bool, str]


def load() -> list[Item]:
    now = datetime.now(UTC)
    out = []
    for name in TRAIN_FILES:
        for record in load_labels(EVAL / name):
            gold = record["labels"]["kind"]
            doc = _document(prepare_article(raw_item(record), fetched_at=now))
            rule = decide(doc).kind
            if gold not in NON_ACTION or rule not in (Kind.ANALYSIS, Kind.OTHER):
                continue
            group = _group(record, name)
            out.append(
                (name, features(doc, rule), int(gold == "analysis"), rule is Kind.ANALYSIS, group)
            )
    return out


def out_of_fold(items: list[Item], folds: int, seed: int, l2: float) -> dict[int, float]:
    groups = sorted({item[4] for item in items})
    random.Random(seed).shuffle(groups)
    fold_of_group = {g: n % folds for n, g in enumerate(groups)}
    fold_of = [fold_of_group[item[4]] for item in items]
    p_out: dict[int, float] = {}
    for k in range(folds):
        weights = train([(it[1], it[2]) for i, it in enumerate(items) if fold_of[i] != k], l2=l2)
        for i, it in enumerate(items):
            if fold_of[i] == k:
                p_out[i] = probability(weights, it[1])
    return p_out


def wrong(
    items: list[Item], chosen: list[int], p_out: dict[int, float], flip: float | None
) -> tuple[int, int, int]:
    """(errors, errors fixed, errors made) over the chosen items."""
    errors = fixed = made = 0
    for i in chosen:
        _, _, gold, rule, _ = items[i]
        got = rule
        if flip is not None and (p_out[i] > flip if not rule else p_out[i] < 1 - flip):
            got = not rule
        errors += got != bool(gold)
        fixed += got == bool(gold) and rule != bool(gold)
        made += got != bool(gold) and rule == bool(gold)
    return errors, fixed, made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    items = load()
    everything = list(range(len(items)))
    best: tuple[int, float] | None = None
    for l2 in L2_GRID:
        p_out = out_of_fold(items, args.folds, args.seed, l2)
        print(f"#### l2={l2} ({args.folds} folds grouped by event, out-of-fold)")
        for subset in ("all", *TRAIN_FILES):
            chosen = [i for i in everything if subset == "all" or items[i][0] == subset]
            print(
                f"== {subset} ({len(chosen)} items) rules alone: {wrong(items, chosen, p_out, None)[0]} wrong"
            )
            for t in THRESHOLDS:
                e, f, m = wrong(items, chosen, p_out, t)
                print(f"  flip p>{t:<5} {e} wrong (fixed {f}, made {m})")
        errors = wrong(items, everything, p_out, FLIP_ABOVE)[0]
        if best is None or errors <= best[0]:
            best = (errors, l2)
    assert best is not None
    print(f"chosen l2={best[1]} ({best[0]} wrong out of fold at p>{FLIP_ABOVE})")
    if args.write:
        weights = train([(f, g) for _, f, g, _, _ in items], l2=best[1])
        path = ROOT / "bot" / "data" / "kind_judge.json"
        path.write_text(json.dumps({"weights": weights}, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
