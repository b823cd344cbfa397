"""The learned judges' trainer: a pure-Python logistic regression over named features.

Used by scripts/train_kind.py (the kind judge, bot/tagging/kind_judge.py), scripts/kind_loso.py
(its leave-one-set-out report) and scripts/train_pairs.py (a story-pair experiment). Pure
Python, so that shipping a judge adds no runtime dependency: the weights ship as JSON and
bot/tagging/linear.py scores them.
"""

from __future__ import annotations

import hashlib
import math
import random


def train(
    rows: list[tuple[list[str], int]], *, epochs: int = 30, rate: float = 0.2, l2: float = 1e-3
) -> dict[str, float]:
    """Weights by stochastic gradient descent on the log loss, with L2 shrinkage."""
    weights: dict[str, float] = {}
    order = list(range(len(rows)))
    rng = random.Random(7)
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch * 0.1)
        for i in order:
            feats, y = rows[i]
            z = sum(weights.get(f, 0.0) for f in feats)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            for f in feats:
                w = weights.get(f, 0.0)
                weights[f] = w - step * (g + l2 * w)
    # Tiny weights change no decision at the judges' thresholds; pruning keeps files small.
    return {f: round(w, 3) for f, w in weights.items() if abs(w) >= 0.05}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _group(record: dict[str, object], name: str) -> str:
    """The event an item belongs to: its story label, else its link's hash (one per item),
    so that two outlets' wording of one event never sit on both sides of a split."""
    labels = record.get("labels")
    story = labels.get("story") if isinstance(labels, dict) else None
    if story:
        return f"{name}:{story}"
    return hashlib.sha1(str(record["link"]).encode("utf-8")).hexdigest()
