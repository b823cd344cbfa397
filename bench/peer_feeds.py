"""The peer benchmark's feeds: real headlines cycled over N feeds of M items (bench.peer)."""

from __future__ import annotations

import email.utils
import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

EVAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval"
BASE_LM = 1_750_000_000  # Last-Modified of generation 0 (seconds since the epoch)
CHANGING = 0.7  # share of feeds that publish one new item for the warm poll
# Set by bench.peer --distinct; an environment variable so that the feed server's process sees it.
DISTINCT_ENV = "BENCH_PEER_DISTINCT"


def headlines() -> list[dict[str, str]]:
    """Real headlines with a description each (records without one borrow the next's)."""
    rows: list[dict[str, Any]] = []
    for path in sorted(EVAL.glob("real-*.tune.jsonl")):
        with path.open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    summaries = [r["summary"] for r in rows if r.get("summary")]
    out = []
    for i, r in enumerate(rows):
        summary = r.get("summary") or summaries[i % len(summaries)]
        out.append({"title": r["title"], "summary": summary, "source": r.get("source") or ""})
    return out


def companies() -> list[str]:
    names: set[str] = set()
    for path in sorted(EVAL.glob("real-*.tune.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    names.update(json.loads(line).get("labels", {}).get("companies") or [])
    return sorted(names)


def changes(feed_no: int) -> bool:
    """Whether this feed publishes a new item for the warm poll (70% of feeds)."""
    return feed_no % 10 >= round(10 * (1 - CHANGING))


class Feeds:
    """Every feed's document at generation 0 (cold) and 1 (warm), built before timing."""

    def __init__(self, n_feeds: int, n_items: int, now: datetime) -> None:
        self.n_feeds = n_feeds
        self.n_items = n_items
        self.pool = headlines()
        self.distinct = os.environ.get(DISTINCT_ENV) == "1"
        self.distinct_parts = (
            sorted({h["title"] for h in self.pool}),
            sorted({h["summary"] for h in self.pool}),
        )
        self.now = now
        self.gen = 0
        self.bodies = {(f, 0): self.document(f, 0) for f in range(n_feeds)}
        self.bodies.update({(f, 1): self.document(f, 1) for f in range(n_feeds) if changes(f)})

    def item(self, feed_no: int, k: int) -> str:
        h = self.pool[(feed_no * 97 + k * 13) % len(self.pool)]
        if self.distinct:
            # (i mod n, i div n) differs for every item while i < n * n (~180,000 items).
            titles, texts = self.distinct_parts
            i = feed_no * (self.n_items + 1) + k
            title = titles[i % len(titles)]
            h = {"title": title, "summary": texts[(i // len(titles) + i) % len(texts)]}
        published = self.now - timedelta(minutes=(self.n_items + 1 - k) * 60 * 72 // 60)
        link = f"https://news{feed_no % 40}.example/{feed_no}/{k}/story.html"
        return (
            f"<item><title>{escape(h['title'])}</title><link>{link}</link>"
            f'<guid isPermaLink="false">bench-{feed_no}-{k}</guid>'
            f"<description>{escape(h['summary'])}</description>"
            f"<pubDate>{email.utils.format_datetime(published)}</pubDate></item>\n"
        )

    def document(self, feed_no: int, gen: int) -> bytes:
        # Items k = gen .. gen + n_items - 1, newest (highest k) first.
        items = "".join(self.item(feed_no, k) for k in range(gen + self.n_items - 1, gen - 1, -1))
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Bench news {feed_no}</title><link>https://news{feed_no % 40}.example/</link>"
            f"<description>Feed {feed_no}</description>\n{items}</channel></rss>\n"
        ).encode()

    def current(self, feed_no: int) -> tuple[bytes, int]:
        gen = self.gen if changes(feed_no) else 0
        return self.bodies[(feed_no, gen)], BASE_LM + 3600 * gen

    def cold_documents(self) -> list[bytes]:
        return [self.bodies[(f, 0)] for f in range(self.n_feeds)]
