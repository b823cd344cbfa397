"""Does the employer survive a Title Case headline? A probe on the readable sets only.

    .venv/bin/python scripts/title_case_probe.py [-v]

Takes every labelled action item of the readable sets (tests/data/eval/*.jsonl but the
held-out files: *.untouched*, *.check*, and the proxy sets a session scores by totals
only) whose employer the tagger names right, rewrites its headline in Title Case (every
word capitalised but short function words) and tags it again. Prints how many lose their
employer (-v: each one). The rewritten headlines are forms of no labelled set, so the
misses say how the rules read Title Case, not how they fit an item (issue 16, session 14).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.eval import norm
from bot.html_text import html_to_text
from bot.models import Article
from bot.tagging import RuleTagger

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
HELD_OUT = ("untouched", "check", "fresh-tags-2", "fresh-2024.tune", "fresh-2025.tune")
HELD_OUT += ("fresh-companies-2025.tune",)
SMALL = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "as", "with", "from"]
)


def title_case(title: str) -> str:
    words = title.split(" ")
    return " ".join(
        w[:1].upper() + w[1:] if i == 0 or w.lower() not in SMALL else w
        for i, w in enumerate(words)
    )


def right(labels: dict, companies: tuple[str, ...]) -> bool:
    want = labels["companies"][0]
    accept = {norm(want)} | {norm(a) for a in labels.get("aliases", {}).get(want, [])}
    return bool(companies) and norm(companies[0]) in accept


def main(verbose: bool) -> None:
    tagger, seen, tried, lost = RuleTagger(), set(), 0, 0
    for path in sorted(EVAL.glob("*.jsonl")):
        if any(h in path.name for h in HELD_OUT) or path.name == "dev.jsonl":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            labels, title = record["labels"], record["title"]
            if labels["kind"] not in ("layoff", "hiring_freeze") or not labels["companies"]:
                continue
            text = html_to_text(record.get("content") or record.get("summary") or "")
            when = datetime.now(UTC)

            def employers(headline: str, text: str = text, when: datetime = when) -> tuple:
                article = Article(title=headline, text=text, link="https://x/", published=when)
                return tagger.tag(article).companies

            if title in seen or title_case(title) == title or not right(labels, employers(title)):
                continue
            seen.add(title)
            tried += 1
            got = employers(title_case(title))
            if not right(labels, got):
                lost += 1
                if verbose:
                    print(
                        f"want {labels['companies'][0]!r} got {list(got)[:2]} | {title_case(title)}"
                    )
    print(f"{lost} of {tried} headlines lose their employer in Title Case")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
