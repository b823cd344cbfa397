"""Tag a labelled JSON-lines set the way `layoffbot tag --format jsonl` does.

    .venv/bin/python scripts/predict.py tests/data/eval/dev.jsonl > out.jsonl
    python3 ../shared/tools/score_tags.py tests/data/eval/dev.jsonl --predictions out.jsonl

Items are built as the RSS from jsonl_to_rss.py delivers them (bot.eval.raw_item: the
`source` field is the feed's dc:creator) and go through the real ingest pipeline on a
temporary SQLite store, so the stories printed are the ones the bot would file: there is
no second clustering path to drift from production's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bot.eval import load_labels, raw_item
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger


def predict(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """One row per record, in order: the item's tags, summary and story key."""
    with tempfile.TemporaryDirectory(prefix="layoffbot-predict-") as tmp:
        store = Store.open(f"sqlite:///{tmp}/predict.db")
        try:
            pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
            result = pipeline.ingest(
                [raw_item(r) for r in records], announce=False, report_known=True
            )
        finally:
            store.close()
    out: list[dict[str, object]] = []
    for item in result.items:
        article = item.article
        row: dict[str, object] = {
            "link": article.link,
            "title": article.title,
            "publisher": article.publisher,
            "published": article.published.isoformat(),
            "summary": item.summary,
            "story": item.story_key,
        }
        row.update(item.tags.to_json())
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", type=Path)
    args = parser.parse_args(argv)
    for row in predict(load_labels(args.labels)):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
