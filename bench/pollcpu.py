"""CPU of a cold and a warm `layoffbot poll --once --all` beside reader's, per process and
per thread, on bench.peer's feeds (its `feed_server`, `setup_bot`, `bot_env`, `run`).

    python -m bench.pollcpu --sizes 200x25 --rounds 3
    python -m bench.pollcpu --sizes 200x25 --rounds 3 --bot-root ../main   # alternating

The machine is shared, so CPU time, not wall time: the bot runs under a small wrapper
that, at exit, writes its own CPU (`RUSAGE_SELF`), its workers' (`RUSAGE_CHILDREN`: the
parse worker and the judges' pool, reaped before exit) and each thread's (by name, the
number in a pool's name dropped: a thread's time when its `run` ends, or read from
/proc for one still alive). reader's CPU is its process's (`wait4`). With `--bot-root`,
each round polls with this checkout and the other one in turn (fresh databases, same
feeds), the order alternating between rounds; every store is checked to hold every item.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import peer

# Run by the bot's interpreter (`python -c`): records CPU at exit, then runs `python -m bot`.
_WRAPPER = r"""
import atexit, json, os, re, resource, sys, threading, time
out, cpu = os.environ.pop("LAYOFFBOT_BENCH_CPU"), {}
def _name(t): return re.sub(r"[_-]?\d+(_\d+)?$", "", t.name)
_run = threading.Thread.run
def run(self):
    try:
        _run(self)
    finally:
        k = _name(self); cpu[k] = cpu.get(k, 0.0) + time.thread_time()
threading.Thread.run = run
def dump():
    tick = os.sysconf("SC_CLK_TCK")
    for t in threading.enumerate():
        try:
            stat = open(f"/proc/self/task/{t.native_id}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        k = "main" if t is threading.main_thread() else _name(t)
        cpu[k] = cpu.get(k, 0.0) + (int(stat[11]) + int(stat[12])) / tick
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as fh:
        json.dump({"self": me.ru_utime + me.ru_stime, "children": kids.ru_utime + kids.ru_stime,
                   "threads": cpu}, fh)
atexit.register(dump)
sys.argv[0] = "layoffbot"
import runpy; runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def cpu_run(cmd: list[str], env: dict[str, str] | None, cwd: Path) -> dict[str, float]:
    """Wall and CPU time of a process with the workers it reaped; a failure stops the
    bench with its output. (The CPU is ours for reaped children, taken around the run.)"""
    before, t = os.times(), time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall, after = time.perf_counter() - t, os.times()
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
        )
    cpu = after.children_user + after.children_system
    if done.stderr.strip():
        print(f"    stderr of {' '.join(cmd[-3:])}:\n{done.stderr[-3000:]}", file=sys.stderr)
    return {"wall": wall, "total": cpu - before.children_user - before.children_system}


def bot_poll(db: Path, root: Path, args: list[str]) -> dict[str, Any]:
    """One `layoffbot` command under the wrapper: wall, the process's CPU, its workers'
    CPU and each thread's."""
    report = db.with_suffix(".cpu.json")
    env = peer.bot_env(db) | {"PYTHONPATH": str(root), "LAYOFFBOT_BENCH_CPU": str(report)}
    venv = root / ".venv" / "bin" / "python"  # the checkout's own dependencies, if it has them
    python = str(venv) if venv.exists() else sys.executable
    measured = cpu_run([python, "-c", _WRAPPER, *args], env, root)
    figures: dict[str, Any] = json.loads(report.read_text())
    return figures | measured


def reader_update(db: Path) -> dict[str, Any]:
    return cpu_run(
        [sys.executable, "-m", "bench.peer", "reader", str(db), "update"], None, peer.ROOT
    )


def _set_up(work: Path, port: int, n_feeds: int, roots: dict[str, Path]) -> list[str]:
    urls = [f"http://127.0.0.1:{port}/feed/{f}" for f in range(n_feeds)]
    for label, root in roots.items():
        peer.BOT_ROOT = root
        peer.setup_bot(work / f"{label}.db", urls)
        idle = work / f"{label}-idle.db"
        peer.run([sys.executable, "-m", "bot", "db", "upgrade"], peer.bot_env(idle), cwd=root)
    urls_file = work / "urls.txt"
    urls_file.write_text("\n".join(urls))
    reader_cmd = [sys.executable, "-m", "bench.peer", "reader"]
    peer.run([*reader_cmd, str(work / "reader.sqlite"), "add", str(urls_file)])
    return urls


def one_round(
    sizes: tuple[int, int],
    work: Path,
    roots: dict[str, Path],
    order: list[str],
    log: Callable[[str], None],
) -> dict[str, Any]:
    n_feeds, n_items = sizes
    now = datetime.now(UTC).replace(microsecond=0)
    out: dict[str, Any] = {"order": order, "load": os.getloadavg()[0]}
    with peer.feed_server(n_feeds, n_items, now) as port:
        _set_up(work, port, n_feeds, roots)
        out["startup"] = {
            label: min(
                bot_poll(work / f"{label}-idle.db", root, ["poll", "--once"])["total"]
                for _ in range(3)
            )
            for label, root in roots.items()
        }
        idle_reader = work / "idle.sqlite"
        out["startup"]["reader"] = min(reader_update(idle_reader)["total"] for _ in range(3))
        for case in ("cold", "warm"):
            if case == "warm":
                peer.post(port, "/_advance")
            figures = {}
            for tool in order:
                if tool == "reader":
                    figures[tool] = reader_update(work / "reader.sqlite")
                else:
                    figures[tool] = bot_poll(
                        work / f"{tool}.db", roots[tool], ["poll", "--once", "--all"]
                    )
                log(f"    {case} {tool}: {_brief(figures[tool])}")
            out[case] = figures
        peer.post(port, "/_reset")
    expected = n_feeds * n_items + sum(peer.changes(f) for f in range(n_feeds))
    out["items"] = {label: peer.count_bot_items(work / f"{label}.db") for label in roots}
    for label, got in out["items"].items():
        if got != expected:
            log(f"    WARNING: {label} stored {got} of {expected} items")
    return out


def _brief(f: dict[str, Any]) -> str:
    text = f"CPU {f['total']:.2f} s (wall {f['wall']:.2f})"
    if "self" in f:
        threads = ", ".join(
            f"{k} {v:.2f}"
            for k, v in sorted(f["threads"].items(), key=lambda kv: -kv[1])
            if v >= 0.05
        )
        text += f"; process {f['self']:.2f}, workers {f['children']:.2f}; threads: {threads}"
    return text


def summary(rounds: list[dict[str, Any]], labels: list[str]) -> None:
    for case in ("cold", "warm"):
        reader = [r[case]["reader"]["total"] - r["startup"]["reader"] for r in rounds]
        print(
            f"{case}: reader CPU {statistics.median(reader):.2f} s  {[round(x, 2) for x in reader]}"
        )
        for label in labels:
            bot = [r[case][label]["total"] - r["startup"][label] for r in rounds]
            proc = [r[case][label]["self"] for r in rounds]
            kids = [r[case][label]["children"] for r in rounds]
            ratios = [b / r for b, r in zip(bot, reader, strict=True)]
            print(
                f"  {label}: CPU-ratio {statistics.median(ratios):.2f}x {[round(x, 2) for x in ratios]}"
                f"; net CPU {statistics.median(bot):.2f}; process {statistics.median(proc):.2f}"
                f" {[round(x, 2) for x in proc]}; workers {statistics.median(kids):.2f}"
            )
    for label in labels:
        print(
            f"start-up CPU {label}: {statistics.median(r['startup'][label] for r in rounds):.2f} s"
        )
    print("load averages:", [round(r["load"], 1) for r in rounds])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200x25")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bot-root", type=Path, help="also poll with this checkout (e.g. main)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    roots = {"branch": peer.ROOT}
    if args.bot_root:
        roots["other"] = args.bot_root.resolve()
    n_feeds, n_items = (int(x) for x in args.sizes.split("x"))
    for root in roots.values():  # as installed: bytecode cached (PYTHONDONTWRITEBYTECODE)
        for package in ("bot", "feeds", "adapters"):
            compileall.compile_dir(root / package, quiet=1)
    rounds = []
    for i in range(args.rounds):
        tools = [*roots, "reader"]
        order = tools[i % len(tools) :] + tools[: i % len(tools)]
        print(f"round {i + 1}/{args.rounds}: {' '.join(order)}", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="pollcpu-") as tmp:
            rounds.append(
                one_round(
                    (n_feeds, n_items),
                    Path(tmp),
                    roots,
                    order,
                    lambda m: print(m, file=sys.stderr, flush=True),
                )
            )
    summary(rounds, list(roots))
    if args.json:
        args.json.write_text(json.dumps(rounds, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
