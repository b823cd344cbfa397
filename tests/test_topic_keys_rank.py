"""`topic_keys` ranks each word once (`headlines._topic_rank`, cached): the same keys as
sorting the headline's words by the rank worked out anew, on real headlines and texts."""

import json
from pathlib import Path

from bot.headlines import (
    _NOT_KEYS,
    MAX_TOPIC_KEYS,
    _weight,
    significant_figure,
    title_tokens,
    topic_keys,
)
from bot.language import english_words

EVAL = Path(__file__).parent / "data" / "eval"


def _sorted_keys(title: str, limit: int) -> list[str]:
    """What topic_keys did before the cached rank."""
    tokens = title_tokens(title)
    vocabulary = english_words()
    words = sorted(
        (w for w in tokens if len(w) > 2 and not w.isdigit() and not _NOT_KEYS.search(w)),
        key=lambda w: (_weight(w) < 1.0, w in vocabulary, -len(w), w),
    )
    figures = sorted((w for w in tokens if significant_figure(w)), key=lambda w: (-int(w), w))
    return [f"t:{w}" for w in (*words[:limit], *figures[:1])]


def test_same_keys_as_sorting_anew():
    texts = []
    for name in ("dev.jsonl", "real-headlines.tune.jsonl", "fresh-tags.jsonl"):
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts += [record.get("title", ""), (record.get("summary") or "")[:300]]
    texts += [
        "",
        "2024 2025",
        "Acme cuts 1,200 jobs, 15% of staff, after $3bn loss",
        "4K 4,000 4000 300mn",
    ]
    assert len(texts) > 500
    for text in texts:
        for limit in (1, 2, MAX_TOPIC_KEYS, 50):
            assert topic_keys(text, limit=limit) == _sorted_keys(text, limit), (text, limit)
