"""A local feed server for the poll benchmarks: aiohttp on 127.0.0.1, in its own process.

    python -m bench.feedserver --feeds 1000 --latency 0.03

Feed f is at /feed/f. 30% of feeds (f % 10 < 3) are static: they send an ETag and answer
304 to a matching If-None-Match. The others send no validators and always answer 200;
POST /_advance publishes one new item at the top of each of them (a generation), so a
poll after it finds 1 new item per changing feed, as a real 15-minute cycle would.
Every request waits `latency` seconds before answering (a far server's round trip).
Prints "PORT <n>" when ready.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
from aiohttp import web

from bench.corpus import event_pool, feed_items, rss_bytes

MAX_GEN = 4


def is_static(feed_no: int) -> bool:
    return feed_no % 10 < 3


def etag_of(feed_no: int) -> str:
    return f'"f{feed_no}-v0"'


class Feeds:
    def __init__(self, n_feeds: int, n_items: int, seed: int, *, prebuild: bool = True) -> None:
        self.n_items = n_items
        self.gen = 0
        events = event_pool(seed, max(50, n_feeds * n_items // 8))
        self.items = [feed_items(f, n_items + MAX_GEN, events, seed=seed) for f in range(n_feeds)]
        self.bodies: dict[tuple[int, int], bytes] = {}
        for f in range(n_feeds if prebuild else 0):  # gens 0 and 1 ready before the clock starts
            self.body(f, 0)
            if not is_static(f):
                self.body(f, 1)

    def window(self, feed_no: int, gen: int) -> list[dict]:
        start = MAX_GEN - gen
        return self.items[feed_no][start : start + self.n_items]

    def body(self, feed_no: int, gen: int) -> bytes:
        key = (feed_no, gen)
        data = self.bodies.get(key)
        if data is None:
            data = self.bodies[key] = rss_bytes(feed_no, self.window(feed_no, gen))
        return data


def make_app(feeds: Feeds, latency: float) -> web.Application:
    async def feed(request: web.Request) -> web.Response:
        f = int(request.match_info["n"])
        if latency:
            await asyncio.sleep(latency)
        if not 0 <= f < len(feeds.items):
            return web.Response(status=404)
        if is_static(f):
            tag = etag_of(f)
            if request.headers.get("If-None-Match") == tag:
                return web.Response(status=304, headers={"ETag": tag})
            return web.Response(
                body=feeds.body(f, 0),
                content_type="application/rss+xml",
                charset="utf-8",
                headers={"ETag": tag},
            )
        return web.Response(
            body=feeds.body(f, feeds.gen), content_type="application/rss+xml", charset="utf-8"
        )

    async def advance(_request: web.Request) -> web.Response:
        feeds.gen = min(feeds.gen + 1, MAX_GEN)
        return web.Response(text=str(feeds.gen))

    async def reset(request: web.Request) -> web.Response:
        feeds.gen = int(request.query.get("gen", "0"))
        return web.Response(text=str(feeds.gen))

    app = web.Application()
    app.router.add_get("/feed/{n}", feed)
    app.router.add_post("/_advance", advance)
    app.router.add_post("/_reset", reset)
    return app


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    feeds = Feeds(args.feeds, args.items, args.seed)
    runner = web.AppRunner(make_app(feeds, args.latency), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=2048)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"PORT {port}", flush=True)
    # Serve until the parent closes our stdin (read in a thread: the loop keeps serving).
    await asyncio.to_thread(lambda: list(iter(sys.stdin.readline, "")))
    await runner.cleanup()


class Server:
    """The feed server as a subprocess of the benchmark: `with Server(...) as s: s.url(3)`."""

    def __init__(self, feeds: int, items: int = 50, latency: float = 0.03) -> None:
        self.args = ["--feeds", str(feeds), "--items", str(items), "--latency", str(latency)]
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.feedserver", *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"feed server did not start: {line!r}")
        self.port = int(line.split()[1])
        return self

    def url(self, feed_no: int) -> str:
        return f"http://127.0.0.1:{self.port}/feed/{feed_no}"

    def post(self, path: str) -> None:
        httpx.post(f"http://127.0.0.1:{self.port}{path}", timeout=10)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


if __name__ == "__main__":
    asyncio.run(main())
