"""Leave-one-set-out for the kind judge: does it, or do the rules, generalize to a set
it never saw?

    .venv/bin/python scripts/kind_loso.py [--sets a,b,c] [--score x,y]

For each readable labelled set in turn, the commentary-versus-other judge
(bot/tagging/kind_judge.py) is trained on the others only and scored on the one left out:
its kind macro-F1 with the rules alone and with the judge allowed to overturn them at
several thresholds and L2 strengths, plus a confusion matrix of the rules. Sets named
with --score (the proxies) are scored, totals only, by a judge trained on every --sets
set. Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_linear import _group, f1, train  # noqa: E402

from bot.eval import load_labels, raw_item  # noqa: E402
from bot.models import Kind  # noqa: E402
from bot.tagging.concurrent import decide  # noqa: E402
from bot.tagging.document import _document  # noqa: E402
from bot.tagging.kind_judge import features, probability  # noqa: E402
from bot.text import prepare_article  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"
READABLE = (
    "dev",
    "real-dev.tune",
    "real-headlines.tune",
    "fresh-tags",
    "fresh-commentary",
    "fresh-stories-2.tune",
    "fresh-stories",
)
KINDS = ("layoff", "hiring_freeze", "analysis", "other")
L2_GRID = (1e-3, 1e-2, 3e-2, 1e-1)
THRESHOLDS = (0.7, 0.8, 0.85, 0.9, 0.95)

# (set, event group, gold kind, rules' kind, judge features or None for an action)
Item = tuple[str, str, str, str, list[str] | None]


def load(names: list[str]) -> list[Item]:
    now = datetime.now(UTC)
    out: list[Item] = []
    for name in names:
        for record in load_labels(EVAL / f"{name}.jsonl"):
            doc = _document(prepare_article(raw_item(record), fetched_at=now))
            rule = decide(doc).kind
            feats = features(doc, rule) if rule in (Kind.ANALYSIS, Kind.OTHER) else None
            gold = str(record["labels"]["kind"])
            out.append((name, _group(record, name), gold, rule.value, feats))
    return out


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    scores = []
    for k in KINDS:
        tp = sum(g == k and p == k for g, p in pairs)
        fp = sum(p == k and g != k for g, p in pairs)
        fn = sum(g == k and p != k for g, p in pairs)
        scores.append(f1(tp, fp, fn)[2])
    return sum(scores) / len(scores)


def judged(items: list[Item], weights: dict[str, float] | None, flip: float) -> list[str]:
    out = []
    for _, _, _, rule, feats in items:
        got = rule
        if weights and feats is not None:
            p = probability(weights, feats)
            if rule == "other" and p > flip:
                got = "analysis"
            elif rule == "analysis" and p < 1 - flip:
                got = "other"
        out.append(got)
    return out


def rows(items: list[Item]) -> list[tuple[list[str], int]]:
    """The judge's training rows: gold and rules both commentary or other news."""
    return [
        (f, int(g == "analysis"))
        for _, _, g, r, f in items
        if f is not None and g in ("analysis", "other")
    ]


def confusion(items: list[Item], got: list[str]) -> list[str]:
    c = Counter((it[2], g) for it, g in zip(items, got, strict=True))
    lines = ["    gold\\got   " + " ".join(f"{k[:6]:>6}" for k in KINDS)]
    lines += [f"    {k[:12]:12} " + " ".join(f"{c[(k, q)]:6}" for q in KINDS) for k in KINDS]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(READABLE))
    parser.add_argument("--score", default="")
    args = parser.parse_args(argv)
    sets = args.sets.split(",")
    proxies = [s for s in args.score.split(",") if s]
    items = load(sets)
    held = load(proxies)
    totals: Counter[tuple[float, float]] = Counter()
    for left in sets:
        test = [it for it in items if it[0] == left]
        rules = [it[3] for it in test]
        pairs = [(it[2], g) for it, g in zip(test, rules, strict=True)]
        print(
            f"== {left} ({len(test)} items) rules alone: kind {macro_f1(pairs):.3f}, "
            f"{sum(g != p for g, p in pairs)} wrong"
        )
        print("\n".join(confusion(test, rules)))
        for l2 in L2_GRID:
            weights = train(rows([it for it in items if it[0] != left]), l2=l2)
            line = []
            for t in THRESHOLDS:
                got = judged(test, weights, t)
                wrong = sum(it[2] != g for it, g in zip(test, got, strict=True))
                score = macro_f1([(it[2], g) for it, g in zip(test, got, strict=True)])
                totals[(l2, t)] += score - macro_f1(pairs)
                line.append(f"p>{t} {score:.3f}/{wrong}")
            print(f"  l2={l2:<6} " + "  ".join(line))
    print("== summed kind macro-F1 gain over the left-out sets, per (l2, threshold)")
    for (l2, t), gain in sorted(totals.items()):
        print(f"  l2={l2:<6} p>{t:<5} {gain:+.3f}")
    for name in proxies:
        test = [it for it in held if it[0] == name]
        base = macro_f1([(it[2], it[3]) for it in test])
        line = []
        for l2 in L2_GRID:
            weights = train(rows(items), l2=l2)
            for t in (0.7, 0.85):
                got = judged(test, weights, t)
                score = macro_f1([(it[2], g) for it, g in zip(test, got, strict=True)])
                line.append(f"l2={l2},p>{t} {score:.3f}")
        print(f"== proxy {name} ({len(test)}): rules {base:.3f}; judge " + "  ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
