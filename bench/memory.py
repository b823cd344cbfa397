"""Peak RSS of `layoffbot run --no-console` over one poll cycle of the local feeds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import children, rss_kib
from bench.feedserver import Server
from bench.poll import instance


def _watch(
    proc: subprocess.Popen[bytes], db: Path, started: float
) -> tuple[int, int, int, float | None]:
    """Peak RSS (KiB) of the bot, of its parse worker and of both, sampled every 0.1 s until
    every feed was polled once (or 10 minutes), and when that happened."""
    peak_main = peak_worker = peak_total = 0
    polled_at = None
    con = None
    try:
        while proc.poll() is None:
            rss, hwm = rss_kib(proc.pid)
            peak_main = max(peak_main, hwm)
            total = rss
            for child in children(proc.pid):
                c_rss, c_hwm = rss_kib(child)
                peak_worker = max(peak_worker, c_hwm)
                total += c_rss
            peak_total = max(peak_total, total)
            try:
                if con is None:
                    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                left = con.execute(
                    "SELECT count(*) FROM feeds WHERE last_polled IS NULL"
                ).fetchone()[0]
                if left == 0:
                    polled_at = time.perf_counter() - started
                    break
            except sqlite3.Error:
                pass
            if time.perf_counter() - started > 600:
                break
            time.sleep(0.1)
    finally:
        if con is not None:
            con.close()
    peak_main = max(peak_main, rss_kib(proc.pid)[1])
    return peak_main, peak_worker, peak_total, polled_at


def run(
    tpl: Path, n_feeds: int, n_items: int, latency: float, workdir: Path, log: Any = print
) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAYOFFBOT_")}
    with Server(n_feeds, n_items, latency) as server:
        server.post("/_advance")
        db = instance(tpl, workdir / "memory.db", server.port)
        env.update(
            LAYOFFBOT_DATABASE_URL=f"sqlite:///{db}",
            LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES="true",
            LAYOFFBOT_DEFAULT_FEEDS="false",
            LAYOFFBOT_LOG_LEVEL="WARNING",
            LAYOFFBOT_ENV_FILE=os.devnull,
        )
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--no-console"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "memory-run.log", "w"),  # noqa: SIM115
            cwd=Path(__file__).resolve().parent.parent,
        )
        try:
            peak_main, peak_worker, peak_total, polled_at = _watch(proc, db, started)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    out = {
        "peak_rss_main_mb": peak_main / 1024,
        "peak_rss_parse_worker_mb": peak_worker / 1024,
        "peak_rss_total_mb": peak_total / 1024,
        "cycle_done_after_s": polled_at,
        "exit_code": proc.returncode,
    }
    log(
        f"  peak RSS main {out['peak_rss_main_mb']:.0f} MB, parse worker "
        f"{out['peak_rss_parse_worker_mb']:.0f} MB; cycle done after "
        f"{polled_at if polled_at is None else round(polled_at, 1)} s"
    )
    return out
