"""Split the real labelled sets into a tuning part and an untouched part, reproducibly.

    python3 scripts/split_eval.py ../shared/data tests/data/eval
    python3 scripts/split_eval.py --fresh NEW.jsonl tests/data/eval   # NEW.tune / NEW.check

A fresh set is split by the same rule into `tune` and `check` (the held-out half); its joined
file is not kept, so that nobody tunes on the check half by accident.

An item is UNTOUCHED when int(sha1(link).hexdigest(), 16) % 3 == 0 (its `id` when it has no
link): the same rule other work on the project uses, so everyone holds out the same items.
Rules are tuned on the `tune` files only; the `untouched` files are scored, never studied.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

SETS = ("real-dev", "real-headlines")


def untouched(record: dict[str, object]) -> bool:
    key = str(record.get("link") or record.get("id") or "")
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 3 == 0


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in SETS:
        lines = [
            line
            for line in (source / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        parts: dict[str, list[str]] = {"tune": [], "untouched": []}
        for line in lines:
            parts["untouched" if untouched(json.loads(line)) else "tune"].append(line)
        for part, rows in parts.items():
            (target / f"{name}.{part}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
            print(f"{name}.{part}.jsonl: {len(rows)} items")
    shutil.copyfile(source / "dev.jsonl", target / "dev.jsonl")


def split_fresh(joined: Path, target: Path) -> None:
    """NAME.jsonl -> NAME.tune.jsonl and NAME.check.jsonl in target (order kept)."""
    parts: dict[str, list[str]] = {"tune": [], "check": []}
    for line in joined.read_text(encoding="utf-8").splitlines():
        if line.strip():
            parts["check" if untouched(json.loads(line)) else "tune"].append(line)
    for part, rows in parts.items():
        (target / f"{joined.stem}.{part}.jsonl").write_text(
            "\n".join(rows) + "\n", encoding="utf-8"
        )
        print(f"{joined.stem}.{part}.jsonl: {len(rows)} items")


if __name__ == "__main__":
    if sys.argv[1] == "--fresh":
        split_fresh(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
