"""The judges' CPU per item on the peer's cold items (issue 14): what the pool's worker
spends in `bot.judging.judge_and_file`, alone, in one process.

    python -m bench.judgecpu                         # 200 x 25 peer items, CPU per item
    python -m bench.judgecpu --items 1000 --profile 30   # cProfile, top 30 both ways
    python -m bench.judgecpu --items 0               # start-up only (callgrind's baseline)
    python -m bench.judgecpu --repeats FILE.jsonl    # how many items repeat a judged text
    python -m bench.judgecpu --identity --plain      # mostly distinct texts, item by item

The peer's documents (bench/peer.py) are parsed before the clock, the rules loaded by
judging one item of another text, then the first `--items` items are judged in feed order
as the worker judges them (a feed's batch at a time by `bot.judging._judge_batch`, its
collector as `_start_worker` leaves it). Under callgrind,
`--items N` minus `--items 0` is the judging of N items in instructions, whatever the load.

`--repeats` counts, in a labelled set or a feed's items, the items whose judged text
(cleaned headline, text and publisher: all the tagger and the summary read) equals an
earlier item's.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.writer import NOW, _feeds, _peer


def peer_items(n_feeds: int, n_items: int) -> list[list[Any]]:
    """The peer's cold items, parsed as a poll parses them: a batch per feed."""
    from feeds.parse import parse_document

    peer = _peer()
    feeds = _feeds(peer, n_feeds, n_items, unique=False)
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    return [
        parse_document(doc, headers, f"http://127.0.0.1:9/feed/{f}").items
        for f, doc in enumerate(feeds.cold_documents())
    ]


def identity_items() -> list[list[Any]]:
    """scripts/judge_identity.py's corpus (the tune sets and synthetic feeds, ~5,000 items of
    mostly distinct texts), in batches of 25."""
    spec = importlib.util.spec_from_file_location(
        "judge_identity", Path(__file__).resolve().parents[1] / "scripts" / "judge_identity.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    raws = mod.corpus()
    return [raws[i : i + 25] for i in range(0, len(raws), 25)]


def _first(batches: list[list[Any]], n: int) -> list[list[Any]]:
    out = []
    for batch in batches:
        if n <= 0:
            break
        out.append(batch[:n])
        n -= len(out[-1])
    return out


def judge(batches: list[list[Any]], prof: Any = None, plain: bool = False) -> float:
    """CPU seconds judging `batches` after the rules are loaded (one item of another text):
    batch by batch as the judges' worker does (`_judge_batch`), or with `plain`, item by
    item by `judge_and_file` alone (nothing kept between items but the rules' caches)."""
    from bot import judging
    from bot.collector import collect_less_often
    from bot.models import RawItem
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    judges = (ExtractiveSummarizer(), RuleTagger())
    judging._judges = judges  # as the worker's initializer sets them
    warm = RawItem(guid="w", title="Acme Corp cuts 10 jobs", link="https://w.example/1")
    judging.judge_and_file(*judges, warm, NOW)
    collect_less_often()
    if prof is not None:
        prof.enable()
    t = time.process_time()
    for batch in batches:
        if plain:
            for raw in batch:
                judging.judge_and_file(*judges, raw, NOW)
        else:
            judging._judge_batch(batch, NOW)
    spent = time.process_time() - t
    if prof is not None:
        prof.disable()
    return spent


def repeats(raws: list[Any]) -> dict[str, int]:
    """Items, distinct judged texts, and items whose judged text an earlier item had."""
    from bot.text import prepare_article

    seen: set[tuple[str, str, str | None]] = set()
    titles: set[str] = set()
    for raw in raws:
        a = prepare_article(raw, fetched_at=NOW)
        seen.add((a.title, a.text, a.publisher))
        titles.add(a.title)
    return {
        "items": len(raws),
        "distinct_texts": len(seen),
        "repeats": len(raws) - len(seen),
        "distinct_titles": len(titles),
    }


def _labelled(path: Path) -> list[Any]:
    from bot.eval import raw_item

    lines = path.read_text(encoding="utf-8").splitlines()
    return [raw_item(json.loads(line)) for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--per-feed", type=int, default=25)
    ap.add_argument("--items", type=int, default=-1, help="judge the first N (default all)")
    ap.add_argument("--profile", type=int, default=0, help="cProfile: top N")
    ap.add_argument("--repeats", type=Path, help="count repeated texts in this jsonl set")
    ap.add_argument("--plain", action="store_true", help="judge_and_file item by item")
    ap.add_argument("--identity", action="store_true", help="judge_identity's corpus")
    args = ap.parse_args(argv)
    if args.repeats:
        print(json.dumps(repeats(_labelled(args.repeats))))
        return 0
    batches = identity_items() if args.identity else peer_items(args.feeds, args.per_feed)
    if args.items >= 0:
        batches = _first(batches, args.items)
    raws = [raw for batch in batches for raw in batch]
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
    gc.collect()
    spent = judge(batches, prof, args.plain)
    if prof is not None:
        import pstats

        prof.dump_stats("/tmp/bench-judgecpu.pstats")
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
    n = max(1, len(raws))
    print(f"items={len(raws)} judge={spent:.3f}s ({1000 * spent / n:.3f} ms/item)")
    if raws:
        print(json.dumps(repeats(raws)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
