"""The learned judge's scoring: a logistic regression over named features.

The kind judge (`kind_judge`: commentary versus other news) is a dot product of weights
with the features an item has; its weights ship as JSON in bot/data, rebuilt by
scripts/train_kind.py (trainer: scripts/train_linear.py). A missing file means no judge,
never an error.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from itertools import repeat


def probability(weights: dict[str, float], feats: list[str]) -> float:
    # The weights added in the features' order, as a loop in C (a generator's resume per
    # feature was ~2% of the judgement).
    z = sum(map(weights.get, feats, repeat(0.0)))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def load_weights(name: str) -> dict[str, float]:
    """The weights in bot/data/`name`, read once per process; {} when it is absent."""
    path = resources.files("bot").joinpath(f"data/{name}")
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    weights: dict[str, float] = raw["weights"]
    return weights
