"""Tag a labelled JSON-lines set the way `layoffbot tag --format jsonl` does.

    .venv/bin/python scripts/predict.py ../shared/data/dev.jsonl > out.jsonl
    python3 ../shared/tools/score_tags.py ../shared/data/dev.jsonl --predictions out.jsonl

Items are built as the RSS from jsonl_to_rss.py delivers them: the `source` field is the
feed's dc:creator, which the feed parser reports as the item's author. They are then
cleaned, summarized, tagged and clustered with the same functions the pipeline uses.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.models import Article, RawItem, Tags
from bot.stories import InMemoryStoryIndex, file_item
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from bot.text import prepare_article


def raw_item(record: dict[str, object]) -> RawItem:
    published = record.get("published")
    when = (
        datetime.fromisoformat(str(published).replace("Z", "+00:00")).astimezone(UTC)
        if published
        else None
    )
    source = record.get("source")
    return RawItem(
        guid=str(record.get("id", record.get("link", ""))),
        title=str(record.get("title", "")),
        link=str(record["link"]) if record.get("link") else None,
        summary_html=str(record.get("summary") or ""),
        content_html=str(record.get("content") or ""),
        published=when,
        author=str(source) if source else None,
    )


def predict(records: list[dict[str, object]], *, now: datetime) -> list[dict[str, object]]:
    summarizer, tagger = ExtractiveSummarizer(), RuleTagger()
    prepared: list[tuple[Article, str, Tags]] = []
    for record in records:
        article = prepare_article(raw_item(record), fetched_at=now)
        tags = tagger.tag(article)
        prepared.append((article, summarizer.summarize(article, tags), tags))
    index = InMemoryStoryIndex()
    stories: dict[int, str] = {}
    order = sorted(range(len(prepared)), key=lambda i: (prepared[i][0].published, i))
    for i in order:
        article, _, tags = prepared[i]
        stories[i] = file_item(index, article, tags).key
    out: list[dict[str, object]] = []
    for i, (article, summary, tags) in enumerate(prepared):
        row: dict[str, object] = {
            "link": article.link,
            "title": article.title,
            "publisher": article.publisher,
            "published": article.published.isoformat(),
            "summary": summary,
            "story": stories[i],
        }
        row.update(tags.to_json())
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", type=Path)
    args = parser.parse_args(argv)
    records = [
        json.loads(line)
        for line in args.labels.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for row in predict(records, now=datetime.now(UTC)):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
