"""cProfile of the hot paths, to name what limits a missed target.

    python -m bench.profile [ingest|poll|commands] [--size 100000]

Prints the top functions by cumulative and by own time (file:function).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
from pathlib import Path

from bench.common import CACHE


def _report(prof: cProfile.Profile, n: int = 25) -> None:
    stats = pstats.Stats(prof, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(n)
    stats.sort_stats("tottime").print_stats(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("ingest", "poll", "commands"))
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args(argv)
    work = CACHE / "profile"
    work.mkdir(parents=True, exist_ok=True)
    prof = cProfile.Profile()
    if args.what == "ingest":
        from bench import ingest

        prof.enable()
        ingest.run(20, 50, 2, work)
        prof.disable()
    elif args.what == "poll":
        from bench import poll
        from bench.dbgen import cached_sqlite
        from bench.feedserver import Server

        tpl = poll.template(cached_sqlite(args.size), 200, 50)
        with Server(200, 50, 0.03) as server:
            server.post("/_advance")
            db = poll.instance(tpl, work / "poll.db", server.port)
            prof.enable()
            asyncio.run(poll.poller_cycle(db, 10))
            prof.disable()
    else:
        from bench import commands
        from bench.dbgen import cached_sqlite

        path: Path = cached_sqlite(args.size)
        prof.enable()
        commands.run(f"sqlite:///{path}", 10)
        prof.disable()
    _report(prof)
    return 0


if __name__ == "__main__":
    sys.exit(main())
