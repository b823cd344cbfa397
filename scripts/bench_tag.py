"""Time `layoffbot tag` on 1,000 items (the labelled sets, repeated with fresh links).

    .venv/bin/python scripts/bench_tag.py [--runs 3] [--python PY] [--root DIR]

Writes the feed once, then runs `python -m bot tag FEED --format jsonl` on a fresh SQLite
database per run and prints the best wall and CPU times (CPU is steadier on a busy machine): the number `make bench`'s tagging figure
should not exceed after a change to the tagger. `--root` runs another checkout's code
(e.g. the previous commit unpacked with `git archive`), for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "data" / "eval"


def items(n: int) -> list[dict[str, str]]:
    records = [
        json.loads(line)
        for path in sorted(CORPORA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out = []
    for i in range(n):
        r = dict(records[i % len(records)])
        r["link"] = f"{r['link']}#copy{i}"
        r["id"] = f"{r['id']}-{i}"
        out.append(r)
    return out


def rss(records: list[dict[str, str]]) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>bench</title>']  # fmt: skip
    for r in records:
        when = format_datetime(datetime.fromisoformat(r["published"].replace("Z", "+00:00")))
        parts.append(
            f"<item><title>{escape(r['title'])}</title><link>{escape(r['link'])}</link>"
            f"<guid>{escape(r['id'])}</guid><pubDate>{when}</pubDate>"
            f"<dc:creator>{escape(r.get('source') or '')}</dc:creator>"
            f"<description>{escape(r.get('summary') or '')}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--root", type=Path, default=ROOT)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.xml"
        feed.write_text(rss(items(a.items)), encoding="utf-8")
        times: list[float] = []
        cpu: list[float] = []
        for run in range(a.runs):
            env = dict(
                os.environ,
                LAYOFFBOT_DATABASE_URL=f"sqlite:///{tmp}/bench{run}.db",
                LAYOFFBOT_ENV_FILE=os.devnull,
                LAYOFFBOT_DEFAULT_FEEDS="false",
                PYTHONPATH=str(a.root),
            )
            start = time.perf_counter()
            cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [a.python, "-m", "bot", "tag", str(feed), "--format", "jsonl"],
                cwd=a.root, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(time.perf_counter() - start)
            cpu.append(
                cpu_after.ru_utime - cpu_before.ru_utime + cpu_after.ru_stime - cpu_before.ru_stime
            )
        print(
            f"layoffbot tag, {a.items} items: best {min(times):.2f} s wall, "
            f"{min(cpu):.2f} s CPU, of {a.runs} runs"
        )


if __name__ == "__main__":
    main()
