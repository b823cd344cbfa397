"""Dump or time the rule-based judgement (`bot.judging.judge_and_file`) on a fixed corpus.

    .venv/bin/python scripts/judge_identity.py dump OUT.jsonl   # every output field
    .venv/bin/python scripts/judge_identity.py time [--runs 5] [--root DIR]
    .venv/bin/python scripts/judge_identity.py check --root DIR    # same outputs as DIR's?

The corpus: every record of tests/data/eval/dev.jsonl, *.tune.jsonl and fresh-*.jsonl
(never the *.check / *.untouched sets), then items of the bench's synthetic feeds
(bench/corpus.py, seed 1), ~5,000 items in all. `dump` judges each one the way the
pipeline does (`judge_and_file` with the rule-based judges) and writes one JSON line per
item: the cleaned article, the summary, every tag and the filing. A change to the
judgement's speed must leave the dump byte-identical (try PYTHONHASHSEED=1 and 3).

`check` judges the corpus and every other set in tests/data/eval (the held-out
*.check / *.untouched ones too, read by the judges alone: only a digest of each output
leaves the judging process, never an item) here and in DIR's checkout, at PYTHONHASHSEED
1 and 3, and prints per set whether every output is identical, or how many differ.

`time` judges the corpus in a fresh process per run and prints the CPU time of the
judging loop alone (time.process_time, after one warm-up item loads the rules), per item:
the median of the runs. `--root` times another checkout's code (e.g. a worktree of main),
the runs alternating with this one's for a before/after comparison.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import hashlib
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "eval"
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
SYNTHETIC_FEEDS = 70
SYNTHETIC_ITEMS = 50


def eval_paths() -> list[Path]:
    paths = [EVAL / "dev.jsonl", *sorted(EVAL.glob("*.tune.jsonl"))]
    paths += [p for p in sorted(EVAL.glob("fresh-*.jsonl")) if ".check." not in p.name]
    keep = [p for p in paths if ".untouched." not in p.name and ".check." not in p.name]
    return list(dict.fromkeys(keep))


def corpus() -> list[Any]:
    """The RawItems, in a fixed order."""
    sys.path.insert(0, str(ROOT))
    from bench.corpus import event_pool, feed_items
    from bot.eval import raw_item
    from bot.models import RawItem

    raws = []
    for path in eval_paths():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raws.append(raw_item(json.loads(line)))
    events = event_pool(1, max(50, SYNTHETIC_FEEDS * SYNTHETIC_ITEMS // 8))
    for feed in range(SYNTHETIC_FEEDS):
        for item in feed_items(feed, SYNTHETIC_ITEMS, events, seed=1):
            raws.append(
                RawItem(
                    guid=item["guid"],
                    title=item["title"],
                    link=item["link"],
                    summary_html=item["description"],
                    content_html=item["content"],
                    published=item["published"],
                    author=item["publisher"],
                )
            )
    return raws


def plain(value: Any) -> Any:
    """`value` as JSON data, the same whatever the hash seed (sets sorted)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return repr(value)
    return value


def judges() -> tuple[Any, Any]:
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    return ExtractiveSummarizer(), RuleTagger()


def judged_row(summarizer: Any, tagger: Any, raw: Any) -> str:
    """Every output field of one item's judgement, as one JSON line."""
    from bot.judging import judge_and_file

    article, summary, tags, filing = judge_and_file(summarizer, tagger, raw, NOW)
    row = {"article": plain(article), "summary": summary}
    row |= {"tags": plain(tags), "filing": plain(filing)}
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def dump(out: Path) -> None:
    summarizer, tagger = judges()
    with out.open("w", encoding="utf-8") as fh:
        for raw in corpus():
            fh.write(judged_row(summarizer, tagger, raw) + "\n")


def digests() -> None:
    """Prints {set: [digest of each item's judged_row]}: the corpus and every eval set."""
    from bot.eval import raw_item

    summarizer, tagger = judges()
    sets = {"corpus": corpus()}
    for path in sorted(EVAL.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        sets[path.name] = [raw_item(json.loads(line)) for line in lines if line.strip()]
    out = {}
    for name, raws in sets.items():
        rows = (judged_row(summarizer, tagger, raw).encode() for raw in raws)
        out[name] = [hashlib.sha256(row).hexdigest()[:16] for row in rows]
    print(json.dumps(out))


def check(other: Path) -> None:
    """Whether this checkout judges every set as `other` does (digests only, see above)."""
    runs = {}
    for name, root, seed in (("this", ROOT, "1"), ("this", ROOT, "3"), ("other", other, "1")):
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "digests"],
            cwd=root, env={"PYTHONPATH": str(root), "PYTHONHASHSEED": seed},
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        runs[(name, seed)] = json.loads(done.stdout.strip().splitlines()[-1])
    base = runs[("other", "1")]
    for key, found in runs.items():
        if key == ("other", "1"):
            continue
        for name, expected in base.items():
            differ = sum(a != b for a, b in zip(found.get(name, []), expected, strict=False))
            differ += abs(len(found.get(name, [])) - len(expected))
            verdict = "identical" if not differ else f"{differ} of {len(expected)} DIFFER"
            print(f"{key[0]} (PYTHONHASHSEED={key[1]}) vs {other}: {name}: {verdict}")


def time_once() -> None:
    """One timed pass in this process: prints items and CPU seconds."""
    from bot.judging import judge_and_file

    summarizer, tagger = judges()
    raws = corpus()
    judge_and_file(summarizer, tagger, raws[0], NOW)  # load the rules
    raws = [dataclasses.replace(r, guid=r.guid + "#t", link=(r.link or "") + "#t") for r in raws]
    start = time.process_time()
    for raw in raws:
        judge_and_file(summarizer, tagger, raw, NOW)
    print(json.dumps({"items": len(raws), "cpu": time.process_time() - start}))


def time_runs(runs: int, other: Path | None) -> None:
    roots = [("this", ROOT)] + ([("other", other)] if other else [])
    per_item: dict[str, list[float]] = {name: [] for name, _ in roots}
    for _ in range(runs):
        for name, root in roots:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "time-once"],
                cwd=root, env={"PYTHONPATH": str(root), "PYTHONHASHSEED": "0"},
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            result = json.loads(done.stdout.strip().splitlines()[-1])
            per_item[name].append(1000 * result["cpu"] / result["items"])
    for name, root in roots:
        values = ", ".join(f"{v:.3f}" for v in per_item[name])
        print(
            f"{name} ({root}): median {statistics.median(per_item[name]):.3f} ms CPU/item "
            f"of {runs} runs ({values}), {result['items']} items"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dump").add_argument("out", type=Path)
    timing = sub.add_parser("time")
    timing.add_argument("--runs", type=int, default=5)
    timing.add_argument("--root", type=Path, default=None)
    sub.add_parser("time-once")
    sub.add_parser("digests")
    sub.add_parser("check").add_argument("--root", type=Path, required=True)
    a = ap.parse_args()
    if a.cmd == "dump":
        dump(a.out)
    elif a.cmd == "time":
        time_runs(a.runs, a.root)
    elif a.cmd == "digests":
        digests()
    elif a.cmd == "check":
        check(a.root)
    else:
        time_once()


if __name__ == "__main__":
    main()
