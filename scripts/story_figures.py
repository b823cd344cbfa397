"""Whether a story's figure is the one its items agree on, and whether it hangs on their order.

    .venv/bin/python scripts/story_figures.py tests/data/eval/fresh-stories.jsonl [...]

The scorer grades each item's tags, not a story's (issue 16: a story said "61 jobs", the
one local figure that arrived first, where nine items said 4,000). For each set this runs
the real pipeline (rule tagger, extractive summarizer, a fresh SQLite store) twice, in file
order and reversed, and prints per run:

* `majority`: of the predicted stories of 2+ items whose items carry labelled headcounts,
  how many have the stored story headcount the most items carry (any of the tied ones);
* and across the two runs, of the stories made of the same items both times, how many got
  the same story headcount, percent and location (`order-stable`).

Never run it on an untouched set (it reads labels item by item).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot import eval as scoring
from bot.pipeline import Pipeline
from bot.store import Store
from bot.store.tables import stories
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger


def _run(records: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, tuple[Any, ...]]]:
    """Each link's story key, and each story's (headcount, percent, location)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/figures.db")
        pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
        predictions = scoring.predict(pipeline, records)
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(stories.c.key, stories.c.headcount, stories.c.percent, stories.c.tags)
            ).all()
        store.close()
    import json

    figures = {
        key: (headcount, percent, json.loads(tags).get("location"))
        for key, headcount, percent, tags in rows
    }
    return {p["link"]: p["story"] for p in predictions}, figures


def _majority(records: list[dict[str, Any]], story_of: dict[str, str], figures: Any) -> str:
    members: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        members.setdefault(story_of[r["link"]], []).append(r)
    checked = agree = 0
    for key, group in members.items():
        labelled = Counter(r["labels"].get("headcount") for r in group)
        labelled.pop(None, None)
        if len(group) < 2 or not labelled:
            continue
        top = max(labelled.values())
        checked += 1
        agree += figures[key][0] in {v for v, n in labelled.items() if n == top}
    return f"majority {agree}/{checked}"


def main(paths: list[str]) -> None:
    for path in paths:
        records = scoring.load_labels(Path(path))
        forward = _run(records)
        backward = _run(list(reversed(records)))
        lines = [f"{Path(path).name}:"]
        for name, (story_of, figures) in (("file order", forward), ("reversed", backward)):
            lines.append(f"  {name}: {_majority(records, story_of, figures)}")
        same = stable = 0
        for key in forward[1]:
            mine = frozenset(link for link, k in forward[0].items() if k == key)
            other = {backward[0][link] for link in mine}
            if len(mine) < 2 or len(other) != 1:
                continue
            (okey,) = other
            if frozenset(link for link, k in backward[0].items() if k == okey) != mine:
                continue
            same += 1
            stable += forward[1][key] == backward[1][okey]
        lines.append(f"  order-stable {stable}/{same} stories of 2+ items clustered alike")
        print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
