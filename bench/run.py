"""Run every benchmark and print one table: `python -m bench.run [--quick]`.

Writes bench/results/latest.json. See docs/performance.md for what is measured and why.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import time
from typing import Any

from bench.common import CACHE, RESULTS, pg_available, pg_schema, pg_version

FULL = {
    "ingest_feeds": 1000,
    "items": 50,
    "ingest_sample_every": 50,
    "poll_feeds": 1000,
    "latency": 0.03,
    "concurrency": (10,),
    "sqlite_sizes": (10_000, 100_000, 1_000_000),
    "pg_sizes": (10_000, 100_000),
    "memory_size": 100_000,
    "iterations": 30,
    "growth_feeds": 4,
    "burst_sizes": (1_000, 25_000),
    "store_sizes": (0, 10_000, 50_000),
}
QUICK = {
    "ingest_feeds": 100,
    "items": 50,
    "ingest_sample_every": 20,
    "poll_feeds": 100,
    "latency": 0.03,
    "concurrency": (10,),
    "sqlite_sizes": (2_000, 10_000),
    "pg_sizes": (2_000,),
    "memory_size": 10_000,
    "iterations": 10,
    "growth_feeds": 2,
    "burst_sizes": (200, 2_000),
    "store_sizes": (0, 2_000, 10_000),
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version(),
        "os": platform.platform(),
    }


def size_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def _config(argv: list[str] | None) -> tuple[argparse.Namespace, dict[str, Any], set[str]]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument(
        "--sizes",
        help="comma-separated SQLite store sizes instead of the default 10k,100k,1M "
        "(e.g. 10000,100000)",
    )
    parser.add_argument(
        "--only",
        default="ingest,poll,memory,commands,burst,storesize",
        help="comma-separated parts to run",
    )
    args = parser.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.sizes:
        cfg["sqlite_sizes"] = tuple(int(x) for x in args.sizes.split(","))
        if cfg["memory_size"] not in cfg["sqlite_sizes"]:
            cfg["sqlite_sizes"] = (*cfg["sqlite_sizes"], cfg["memory_size"])
    return args, cfg, set(args.only.split(","))


class _Run:
    """One `bench.run`: its configuration, results and the time each phase took."""

    def __init__(self, args: argparse.Namespace, cfg: dict[str, Any], parts: set[str]) -> None:
        self.args, self.cfg, self.parts = args, cfg, parts
        self.started = time.perf_counter()
        self.work = CACHE / "work"
        self.work.mkdir(parents=True, exist_ok=True)
        self.results: dict[str, Any] = {"machine": machine(), "config": cfg, "quick": args.quick}
        self.timings: dict[str, float] = {}
        log(f"machine: {self.results['machine']}")

    def phase(self, name: str) -> float:
        log(f"[{time.perf_counter() - self.started:5.0f} s] {name}")
        return time.perf_counter()

    def empty_store_parts(self) -> None:
        """Ingest, burst and store size start from empty stores."""
        from bench import burst, ingest, storesize

        cfg = self.cfg
        if "ingest" in self.parts:
            t = self.phase("ingest throughput")
            self.results["ingest"] = ingest.run(
                cfg["ingest_feeds"], cfg["items"], cfg["ingest_sample_every"], self.work, log
            )
            self.timings["ingest"] = time.perf_counter() - t
        if "burst" in self.parts:
            t = self.phase(f"burst ({cfg['burst_sizes'][1]:,} vs {cfg['burst_sizes'][0]:,} items)")
            self.results["burst"] = burst.run(cfg["burst_sizes"], self.work, log)
            self.timings["burst"] = time.perf_counter() - t
        if "storesize" in self.parts:
            sizes = cfg["store_sizes"]
            t = self.phase(f"writer per item at {', '.join(f'{n:,}' for n in sizes)} stored")
            self.results["storesize"] = storesize.run(sizes, self.work, log=log)
            self.timings["storesize"] = time.perf_counter() - t

    def stored_parts(self) -> None:
        """Poll, memory and commands run against stored-story databases (cached)."""
        from bench import memory, poll
        from bench.dbgen import cached_sqlite

        cfg, parts = self.cfg, self.parts
        if not parts & {"poll", "memory", "commands"}:
            return
        t = self.phase("stored-story databases")
        dbs = {n: cached_sqlite(n, log) for n in cfg["sqlite_sizes"]}
        self.timings["databases"] = time.perf_counter() - t
        base = dbs[cfg["memory_size"]]
        if "poll" in parts or "memory" in parts:
            tpl = poll.template(base, cfg["poll_feeds"], cfg["items"], log)
        if "poll" in parts:
            t = self.phase(f"poll cycle ({cfg['poll_feeds']} feeds)")
            self.results["poll"] = poll.run(
                base, cfg["poll_feeds"], cfg["items"], cfg["latency"], cfg["concurrency"],
                self.work, log,
            )  # fmt: skip
            self.timings["poll"] = time.perf_counter() - t
        if "memory" in parts:
            t = self.phase("memory of layoffbot run")
            self.results["memory"] = memory.run(
                tpl, cfg["poll_feeds"], cfg["items"], cfg["latency"], self.work, log
            )
            self.results["memory"]["stories"] = cfg["memory_size"]
            self.timings["memory"] = time.perf_counter() - t
        if "commands" in parts:
            self.results["commands"], self.results["growth"] = {}, {}
            self.commands_on_sqlite(dbs)
            self.commands_on_postgresql()

    def commands_on_sqlite(self, dbs: dict[int, Any]) -> None:
        from bench import commands, growth
        from bench.dbgen import copy_db

        for n, path in dbs.items():
            label = f"sqlite/{size_label(n)}"
            t = self.phase(f"commands and growth, {label}")
            self.results["commands"][label] = commands.run(
                f"sqlite:///{path}", self.cfg["iterations"], log
            )
            copy = copy_db(path, self.work / "growth.db")
            self.results["growth"][label] = growth.run(
                f"sqlite:///{copy}", self.cfg["growth_feeds"], self.cfg["items"], log
            )
            copy.unlink()
            self.timings[label] = time.perf_counter() - t

    def commands_on_postgresql(self) -> None:
        from bench import commands, growth
        from bench.dbgen import load
        from bot.store import Store

        if self.args.no_pg:
            return
        if not pg_available():
            log("PostgreSQL is not reachable: skipped")
            return
        for n in self.cfg["pg_sizes"]:
            label = f"postgresql/{size_label(n)}"
            t = self.phase(f"commands and growth, {label}")
            with pg_schema(size_label(n)) as url:
                store = Store.open(url)
                load(store, n)
                store.close()
                log(f"  loaded {n:,} stories in {time.perf_counter() - t:.0f} s")
                self.results["commands"][label] = commands.run(url, self.cfg["iterations"], log)
                self.results["growth"][label] = growth.run(
                    url, self.cfg["growth_feeds"], self.cfg["items"], log
                )
            self.timings[label] = time.perf_counter() - t

    def finish(self) -> None:
        for leftover in self.work.glob("*.db*"):
            leftover.unlink(missing_ok=True)
        results = self.results
        results["timings_s"] = self.timings
        results["total_s"] = time.perf_counter() - self.started
        rows = table_rows(results)
        results["table"] = rows
        print(render(rows, results))
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str))
        log(f"wrote {RESULTS / 'latest.json'} in {results['total_s']:.0f} s total")
        shutil.rmtree(self.work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    run = _Run(*_config(argv))
    run.empty_store_parts()
    run.stored_parts()
    run.finish()
    return 0


def _row(measure: str, value: str, target: str, ratio: float | None, ok: bool | None) -> dict:
    return {
        "measure": measure,
        "value": value,
        "target": target,
        "ratio": None if ratio is None else round(ratio, 2),
        "result": "-" if ok is None else ("pass" if ok else "FAIL"),
    }


def table_rows(r: dict[str, Any]) -> list[dict]:
    rows = _ingest_rows(r["ingest"]) if "ingest" in r else []
    if "burst" in r:
        rows.append(burst_row(r["burst"]))
    if "storesize" in r:
        from bench.storesize import row

        rows.append(row(r["storesize"]))
    if "poll" in r:
        p = r["poll"]
        for c, run in p["runs"].items():
            rows.append(
                _row(
                    f"poll cycle, {p['feeds']} feeds, concurrency {c}: poller vs bare httpx",
                    f"{run['poller']['seconds']:.1f} vs {run['bare']['seconds']:.1f} s",
                    "<= 1.3x",
                    run["ratio"],
                    run["ratio"] <= 1.3,
                )
            )
    if "memory" in r:
        m = r["memory"]
        rows.append(
            _row(
                f"peak RSS, layoffbot run, 1 cycle, {size_label(m['stories'])} stories",
                f"{m['peak_rss_main_mb']:.0f} MB (+ parse worker "
                f"{m['peak_rss_parse_worker_mb']:.0f} MB)",
                "< 250 MB",
                m["peak_rss_main_mb"] / 250,
                m["peak_rss_main_mb"] < 250 and m["cycle_done_after_s"] is not None,
            )
        )
    return rows + _command_rows(r.get("commands", {})) + _growth_rows(r.get("growth", {}))


def _ingest_rows(i: dict[str, Any]) -> list[dict]:
    return [
        _row(
            f"ingest: pipeline vs feedparser ({i['sample_items']:,} items)",
            f"{i['pipeline_items_per_s']:.0f} vs "
            f"{i['sample_items'] / i['feedparser_sample_s']:.0f} items/s",
            "<= 1.5x",
            i["ratio"],
            i["ratio"] <= 1.5,
        ),
        _row(
            "ingest: same, parse in the worker process",
            f"{i['sample_items'] / i['pipeline_worker_s']:.0f} items/s",
            "<= 1.5x",
            i["ratio_worker"],
            i["ratio_worker"] <= 1.5,
        ),
        _row(
            f"feedparser alone ({i['feeds']} x {i['items_per_feed']} items)",
            f"{i['feedparser_all_s']:.1f} s, {i['feedparser_items_per_s']:.0f} items/s",
            "-",
            None,
            None,
        ),
    ]


def _command_rows(commands: dict[str, Any]) -> list[dict]:
    limits = {"company": 50.0, "search": 50.0, "trends": 300.0}
    rows = []
    for label, res in commands.items():
        for name, v in res.items():
            limit = limits[name]
            rows.append(
                _row(
                    f"{name} ({label})",
                    f"p50 {v['p50_ms']:.1f} / p95 {v['p95_ms']:.1f} ms",
                    f"p95 < {limit:.0f} ms",
                    v["p95_ms"] / limit,
                    v["p95_ms"] < limit and not v["errors"],
                )
            )
    return rows


def _growth_rows(growth: dict[str, Any]) -> list[dict]:
    rows = []
    for backend in ("sqlite", "postgresql"):
        labels = [k for k in growth if k.startswith(backend + "/")]
        if not labels:
            continue
        first = growth[labels[0]]
        for label in labels:
            g = growth[label]
            ratio = g["cluster_ms_per_item"] / max(first["cluster_ms_per_item"], 1e-9)
            rows.append(
                _row(
                    f"clustering per new item ({label})",
                    f"{g['cluster_ms_per_item']:.2f} ms (ingest {g['ingest_ms_per_item']:.1f} ms)",
                    f"flat vs {labels[0].split('/')[1]}",
                    ratio,
                    ratio < 2.0,
                )
            )
            ratio = g["alerts_ms_per_new_story"] / max(first["alerts_ms_per_new_story"], 1e-9)
            rows.append(
                _row(
                    f"alert matching per new story ({label})",
                    f"{g['alerts_ms_per_new_story']:.2f} ms",
                    f"flat vs {labels[0].split('/')[1]}",
                    ratio,
                    ratio < 2.0,
                )
            )
    return rows


def burst_row(b: dict[str, Any]) -> dict[str, Any]:
    """Issue 14: per-item cost of a burst within 1.5x of a small one's."""
    small, large = b[str(b["small"])], b[str(b["large"])]
    return _row(
        f"burst: per new item, {b['large']:,} vs {b['small']:,} items in 3 days",
        f"{large['ms_per_item']:.2f} vs {small['ms_per_item']:.2f} ms "
        f"(last {large['tail_items']:,}: {large['tail_ms_per_item']:.2f} ms)",
        "<= 1.5x",
        b["ratio"],
        b["ratio"] <= 1.5,
    )


def render(rows: list[dict], r: dict[str, Any]) -> str:
    headers = ("measure", "value", "target", "ratio", "result")
    cells = [[str(row[h]) if row[h] is not None else "-" for h in headers] for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    m = r["machine"]
    lines = [
        f"layoffbot benchmarks ({'quick' if r['quick'] else 'full'}): {m['cpus']} cores, "
        f"{m['memory']}, Python {m['python']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m['postgresql']}; {r['total_s']:.0f} s",
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for c in cells:
        lines.append("| " + " | ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
