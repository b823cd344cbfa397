"""Command latency, in process: App.handle for company, search and trends 1y.

Each trends sample asks one day earlier than the one before: a period of its own and a
chart of its own, as users asking on different days get (the chart of the same data,
titles and dates is cached, so repeating one command would time the cache).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.common import pct
from bench.corpus import EPOCH_END, companies
from bot.app import App
from bot.config import Settings
from bot.models import Command
from bot.store import Store

WORDS = (
    "chatbots",
    "severance",
    "recruiting",
    "translation",
    "automation",
    "memo",
    "marketing",
    "hiring freeze",
    "customer support",
    "artificial intelligence",
    "moderation",
    "retrain",
)


def _command(text: str) -> Command:
    return Command(
        text=text,
        platform="console",
        user_id="u",
        channel_id="c",
        workspace_id="w",
        is_manager=True,
    )


async def _measure(
    app: App,
    texts: list[str],
    warmup: int,
    budget: float = 20.0,
    before: Callable[[int], None] | None = None,
) -> tuple[list[float], int]:
    """Time each command; stop early once `budget` seconds are spent (at least 3 samples).
    `before(i)` runs, untimed, before the i-th command."""
    times: list[float] = []
    errors = 0
    begun = time.perf_counter()
    for i, text in enumerate(texts):
        if len(times) >= 3 and time.perf_counter() - begun > budget:
            break
        if before is not None:
            before(i)
        t = time.perf_counter()
        msg = await app.handle(_command(text))
        dt = time.perf_counter() - t
        if msg.is_error and "Sorry, something went wrong" in str(msg):
            errors += 1
        if i >= warmup:
            times.append(dt)
    return times, errors


def run(url: str, iterations: int, log: Any = print) -> dict:
    store = Store.open(url)
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    now = [EPOCH_END]
    app = App(store, settings, clock=lambda: now[0])
    rng = random.Random(11)
    names = list(companies())
    warm = 3
    cases = {
        "company": [f"/layoffs {rng.choice(names)}" for _ in range(iterations + warm)],
        "search": [f"/layoffs search {rng.choice(WORDS)}" for _ in range(iterations + warm)],
        "trends": ["/layoffs trends 1y"] * (max(5, iterations // 2) + 1),
    }
    out: dict[str, Any] = {}

    def day_earlier(i: int) -> None:
        now[0] = EPOCH_END - timedelta(days=i)

    for name, texts in cases.items():
        times, errors = asyncio.run(
            _measure(
                app,
                texts,
                1 if name == "trends" else warm,
                before=day_earlier if name == "trends" else None,
            )
        )
        out[name] = {
            "n": len(times),
            "p50_ms": pct(times, 50) * 1000,
            "p95_ms": pct(times, 95) * 1000,
            "max_ms": max(times) * 1000,
            "errors": errors,
        }
    store.close()
    log(
        "  "
        + ", ".join(f"{k} p50 {v['p50_ms']:.0f} / p95 {v['p95_ms']:.0f} ms" for k, v in out.items())
    )
    return out
