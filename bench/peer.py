"""layoffbot beside a plain feed reader (lemon24/reader) on the same local feeds.

    python -m bench.peer                      # 200 x 25 and 1,000 x 50, cold and warm
    python -m bench.peer --sizes 200x25 --repeat 3
    python -m bench.peer profile 200x25       # cProfile of layoffbot's cold work, stage by stage

Why this peer: reader fetches, parses with feedparser and stores into SQLite, which is
everything layoffbot does minus the judgement (clean, summarize, tag, cluster, plan
alerts). Both run as processes (`layoffbot poll --once --all` and a script calling
`update_feeds(workers=10, scheduled=False)`) against a threaded HTTP server on 127.0.0.1
in a third process; each one's start-up (the same process with nothing to do) is
measured in the same run and subtracted, and the ratios compare the remainders.

The feeds: titles and descriptions from real headlines (the tune parts, eval/real-*.tune.jsonl),
cycled over the feeds with a unique link and GUID per item, published within the last
three days; every feed sends Last-Modified and answers 304 to an If-Modified-Since that
is not older. "cold": every item is new (the databases know the feeds but no items).
"warm": after the cold poll, 70% of the feeds publish one new item; the rest answer 304.
The ~420 headlines repeat over the 5,000 items of 200 x 25, as wire stories do across
outlets; `--distinct` pairs each item's title with another headline's description so that
no two items carry the same text (nothing judged can be reused from an earlier item).

layoffbot's feeds are added straight into the store (Store.add_feed + mark_primed), not
with `layoffbot feeds import`: import fetches and stores every item of each feed to check
it, which would make the measured poll a warm one. Marking them primed makes the cold
poll announce, so every item is judged, clustered, stored *and* alert-planned (2,000
subscriptions to companies of the headlines), the work the bot does for a burst of news.

Also measured, for the record (`--floor`): the physical floor of the cold case, the same
bytes through feedparser alone and the same rows through raw sqlite3 `executemany`.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import email.utils
import io
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.peer_feeds import DISTINCT_ENV, Feeds, changes, companies

ROOT = Path(__file__).resolve().parent.parent
# The layoffbot checkout under test (`--bot-root`, e.g. main beside a branch): its `bot`
# runs the polls and sets up its database; the feeds, the peer and the floor stay ours.
BOT_ROOT = ROOT
SIZES = ((200, 25), (1000, 50))
N_SUBSCRIPTIONS = 2000
TARGET = 1.0
STARTUP_TARGET = 0.3  # seconds, any `layoffbot` command (issue 14)
Row = tuple[str, str, str, float, bool]  # measure, value, target, ratio, pass


def serve(feeds: Feeds) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            try:
                feed_no = int(self.path.rsplit("/", 1)[1])
                body, modified = feeds.current(feed_no)
            except (ValueError, KeyError, IndexError):
                self.send_error(404)
                return
            since = self.headers.get("If-Modified-Since")
            if since:
                with contextlib.suppress(TypeError, ValueError):
                    if email.utils.parsedate_to_datetime(since).timestamp() >= modified:
                        self.send_response(304)
                        self.end_headers()
                        return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            feeds.gen = 1 if self.path == "/_advance" else 0
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server


def server_main(n_feeds: int, n_items: int, now: str) -> None:
    server = serve(Feeds(n_feeds, n_items, datetime.fromisoformat(now)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    server.shutdown()


@contextlib.contextmanager
def feed_server(n_feeds: int, n_items: int, now: datetime) -> Iterator[int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.peer", "serve", str(n_feeds), str(n_items), now.isoformat()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        raise RuntimeError(f"feed server did not start: {line!r}")
    try:
        yield int(line.split()[1])
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def post(port: int, path: str) -> None:
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="POST"))


# ------------------------------------------------------------------ the peer
def reader_main(db: str, action: str, urls_file: str | None = None) -> None:
    """The peer as a process: `add` (set-up), `update` (measured), `startup` (subtracted)."""
    from reader import make_reader

    r = make_reader(db)
    if action == "add" and urls_file:
        for url in Path(urls_file).read_text().split():
            r.add_feed(url)
    elif action == "update":
        r.update_feeds(workers=10, scheduled=False)
    elif action == "count":
        print(r.get_entry_counts().total)
    r.close()


# ------------------------------------------------------------------ layoffbot
def bot_env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env = {k: v for k, v in env.items() if not k.startswith(("LAYOFFBOT_", "SLACK_", "DISCORD_"))}
    env |= {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{db}",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
        "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true",
        "LAYOFFBOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BOT_ROOT),
    }
    return env


def setup_bot(db: Path, urls: list[str]) -> None:
    """A migrated database that knows the feeds (primed) and 2,000 subscriptions, made by
    the layoffbot under test (BOT_ROOT: its own schema and store code)."""
    run([sys.executable, "-m", "bot", "db", "upgrade"], bot_env(db), cwd=BOT_ROOT)
    urls_file = db.with_suffix(".urls")
    urls_file.write_text("\n".join(urls))
    # This checkout's bench beside the other checkout's bot (whose bench may be older).
    feeds = str(Path(__file__).resolve().with_name("peer_feeds.py"))
    loader = (
        "import importlib.util as u, sys; "
        f"f = u.spec_from_file_location('bench.peer_feeds', {feeds!r}); "
        "sys.modules[f.name] = mf = u.module_from_spec(f); f.loader.exec_module(mf); "
        f"s = u.spec_from_file_location('peer', {str(Path(__file__).resolve())!r}); "
        "m = u.module_from_spec(s); s.loader.exec_module(m); "
        "m.setup_here(sys.argv[1], sys.argv[2])"
    )
    run([sys.executable, "-c", loader, str(db), str(urls_file)], bot_env(db), cwd=BOT_ROOT)


def setup_here(db: str, urls_file: str) -> None:
    """setup_bot's work, in a process whose `bot` is the one under test."""
    from sqlalchemy import insert

    from bot.companies import company_key
    from bot.store import Store
    from bot.store.tables import subscriptions

    store = Store.open(f"sqlite:///{db}")
    for url in Path(urls_file).read_text().split():
        store.add_feed(url, url.rsplit("/", 1)[1])
        store.mark_primed(url)
    names = companies()
    now = datetime.now(UTC)
    rows = [
        {
            "platform": "slack",
            "workspace_id": "T0BENCH",
            "company": names[(i * 7919) % len(names)],
            "company_key": company_key(names[(i * 7919) % len(names)]),
            "user_id": f"U{i:06d}",
            "channel_id": "" if i % 3 else f"C{i % 50:04d}",
            "created_at": now,
            "disabled": False,
        }
        for i in range(N_SUBSCRIPTIONS)
    ]
    with store.tx() as conn:
        conn.execute(insert(subscriptions), rows)
    store.close()


def count_bot_items(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])


# ------------------------------------------------------------------ running
def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> float:
    """Wall time of a process; its failure stops the benchmark with its output."""
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
        )
    return seconds


def startup(cmd: list[str], env: dict[str, str] | None, times: int = 3, cwd: Path = ROOT) -> float:
    return min(run(cmd, env, cwd) for _ in range(times))


def one_round(n_feeds: int, n_items: int, work: Path, log: Any, first: str) -> dict[str, Any]:
    """Cold then warm, both tools, in the given order; fresh databases."""
    now = datetime.now(UTC).replace(microsecond=0)
    bot_db, reader_db, idle_db = work / "bot.db", work / "reader.sqlite", work / "idle.db"
    for p in work.glob("*"):
        p.unlink()
    py = sys.executable
    bot_poll = [py, "-m", "bot", "poll", "--once", "--all"]
    reader_cmd = [py, "-m", "bench.peer", "reader", str(reader_db)]
    out: dict[str, Any] = {}
    with feed_server(n_feeds, n_items, now) as port:
        urls = [f"http://127.0.0.1:{port}/feed/{f}" for f in range(n_feeds)]
        setup_bot(bot_db, urls)
        urls_file = work / "urls.txt"
        urls_file.write_text("\n".join(urls))
        run([*reader_cmd, "add", str(urls_file)])
        # Start-up: the same commands with nothing to do (no feed due / no feed).
        run([py, "-m", "bot", "db", "upgrade"], bot_env(idle_db), cwd=BOT_ROOT)
        idle = bot_env(idle_db)  # `ask` is not subtracted: the wait at a prompt
        out["startup"] = {
            "layoffbot": startup([py, "-m", "bot", "poll", "--once"], idle, cwd=BOT_ROOT),
            "layoffbot ask": startup([py, "-m", "bot", "ask", "latest"], idle, cwd=BOT_ROOT),
            "reader": startup(
                [py, "-m", "bench.peer", "reader", str(work / "idle.sqlite"), "update"], None
            ),
        }
        order = ["layoffbot", "reader"] if first == "layoffbot" else ["reader", "layoffbot"]
        for case in ("cold", "warm"):
            if case == "warm":
                post(port, "/_advance")
            times = {}
            for tool in order:
                if tool == "layoffbot":
                    times[tool] = run(bot_poll, bot_env(bot_db), cwd=BOT_ROOT)
                else:
                    times[tool] = run([*reader_cmd, "update"])
            out[case] = times
            log(f"    {case}: layoffbot {times['layoffbot']:.2f} s, reader {times['reader']:.2f} s")
        post(port, "/_reset")
    expected = n_feeds * n_items + sum(changes(f) for f in range(n_feeds))
    got_bot = count_bot_items(bot_db)
    got_reader = int(
        subprocess.run([*reader_cmd, "count"], capture_output=True, text=True, cwd=ROOT).stdout
    )
    out["items"] = {"expected": expected, "layoffbot": got_bot, "reader": got_reader}
    if got_bot != expected or got_reader != expected:
        log(f"    WARNING: items stored: {out['items']}")
    return out


def floor(n_feeds: int, n_items: int) -> dict[str, float]:
    """The cold case's physical floor: feedparser alone on the same bytes, raw executemany
    of the same rows; and layoffbot's own parse (feeds.parse.parse_document) beside it."""
    import feedparser

    from feeds.parse import parse_document

    docs = Feeds(n_feeds, n_items, datetime.now(UTC)).cold_documents()
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    t = time.perf_counter()
    parsed = [
        feedparser.parse(
            io.BytesIO(d),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
        for d in docs
    ]
    fp = time.perf_counter() - t
    t = time.perf_counter()
    for i, d in enumerate(docs):
        parse_document(d, headers, f"http://127.0.0.1/feed/{i}")
    ours = time.perf_counter() - t
    rows = [
        (f, e.get("id"), e.get("link"), e.get("title"), e.get("summary"), e.get("published"))
        for f, p in enumerate(parsed)
        for e in p.entries
    ]
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "floor.db")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, feed INTEGER, guid TEXT, link TEXT, "
            "title TEXT, summary TEXT, published TEXT, UNIQUE (feed, guid))"
        )
        t = time.perf_counter()
        for f in range(n_feeds):  # one transaction per feed, as both tools commit
            with conn:
                conn.executemany(
                    "INSERT INTO items (feed, guid, link, title, summary, published) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [r for r in rows[f * n_items : (f + 1) * n_items]],
                )
        store = time.perf_counter() - t
        conn.close()
    return {"feedparser": fp, "parse_document": ours, "executemany": store, "items": len(rows)}


def stages(n_feeds: int, n_items: int, *, top: int = 0) -> dict[str, float]:
    """layoffbot's cold work in one process and one thread, stage by stage, on the same
    documents: parse (feeds.parse.parse_document), judge + cluster + store
    (Pipeline.ingest) and alert planning (plan_alerts, 2,000 subscriptions). With `top`,
    under cProfile, printing the top entries (the poll itself runs ingest in worker
    threads and parsing in the parse worker process, which cProfile does not follow)."""
    import cProfile
    import pstats

    from bot.alerts import plan_alerts
    from bot.pipeline import Pipeline
    from bot.store import Store
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger
    from bot.timeutil import utcnow
    from feeds.parse import parse_document

    docs = Feeds(n_feeds, n_items, datetime.now(UTC)).cold_documents()
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    times = {"parse_document": 0.0, "ingest": 0.0, "alerts": 0.0}
    prof = cProfile.Profile() if top else None
    with tempfile.TemporaryDirectory(prefix="peer-stages-") as tmp:
        db = Path(tmp) / "bot.db"
        setup_bot(db, [f"http://127.0.0.1:9/feed/{f}" for f in range(n_feeds)])
        store = Store.open(f"sqlite:///{db}")

        def announce(stories: list[Any]) -> None:
            t = time.perf_counter()
            plan_alerts(store, stories, utcnow())
            times["alerts"] += time.perf_counter() - t

        pipeline = Pipeline(
            store,
            ExtractiveSummarizer(),
            RuleTagger(),
            on_new_stories=announce,
            announce_max_age=timedelta(days=14),
        )
        feeds = sorted(store.list_feeds(), key=lambda f: int(f.url.rsplit("/", 1)[1]))
        if prof is not None:
            prof.enable()
        for feed, doc in zip(feeds, docs, strict=True):
            t0 = time.perf_counter()
            parsed = parse_document(doc, headers, feed.url)
            t1 = time.perf_counter()
            pipeline.ingest(parsed.items, feed_id=feed.id, announce=True)
            times["parse_document"] += t1 - t0
            times["ingest"] += time.perf_counter() - t1
        if prof is not None:
            prof.disable()
        store.close()
    times["ingest"] -= times["alerts"]
    if prof is not None:
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
    return times


def _summary(n_feeds: int, n_items: int, rounds: list[Any], rows: list[Row]) -> dict[str, Any]:
    """A size's median ratios (start-ups subtracted) and start-ups; adds their table rows."""
    entry: dict[str, Any] = {"rounds": rounds}
    for case in ("cold", "warm"):
        nets = [
            (
                r[case]["layoffbot"] - r["startup"]["layoffbot"],
                r[case]["reader"] - r["startup"]["reader"],
            )
            for r in rounds
        ]
        ratio = statistics.median(bot / peer for bot, peer in nets)
        bot_net = statistics.median(n[0] for n in nets)
        peer_net = statistics.median(n[1] for n in nets)
        entry[case] = {"ratio": ratio, "layoffbot": bot_net, "reader": peer_net}
        value = f"layoffbot {bot_net:.2f} s vs reader {peer_net:.2f} s"
        rows.append(
            (f"{case}: {n_feeds} x {n_items}", value, f"<= {TARGET}x", ratio, ratio <= TARGET)
        )
    entry["startup"] = {
        tool: statistics.median(r["startup"][tool] for r in rounds)
        for tool in ("layoffbot", "layoffbot ask", "reader")
    }
    for command, tool in (("poll --once", "layoffbot"), ("ask latest", "layoffbot ask")):
        t, g = entry["startup"][tool], STARTUP_TARGET
        rows.append((f"start-up: {command}", f"{t:.2f} s", f"<= {g}s", t / g, t <= g))
    return entry


def _floor_rows(n_feeds: int, n_items: int, entry: dict[str, Any]) -> list[Row]:
    """The floor and each stage of the cold case (in this process), for the record."""
    fl, st = floor(n_feeds, n_items), stages(n_feeds, n_items)
    entry["floor"], entry["stages"] = fl, st
    cold, floor_s = entry["cold"], fl["feedparser"] + fl["executemany"]
    entry["floor_ratio"] = {tool: cold[tool] / floor_s for tool in ("layoffbot", "reader")}
    ex = fl["executemany"]
    specs = [
        (
            f"floor: {n_feeds} x {n_items}",
            f"feedparser {fl['feedparser']:.2f} s + executemany {ex:.3f} s",
            cold["layoffbot"] / floor_s,
        ),
        (
            "  stage: parse",
            f"parse_document {st['parse_document']:.2f} s vs feedparser",
            st["parse_document"] / fl["feedparser"],
        ),
        (
            "  stage: judge+store",
            f"Pipeline.ingest {st['ingest']:.2f} s vs executemany",
            st["ingest"] / ex,
        ),
        ("  stage: alerts", f"plan_alerts {st['alerts']:.2f} s vs executemany", st["alerts"] / ex),
    ]
    return [(label, value, "-", ratio, True) for label, value, ratio in specs]


def _print_table(rows: list[Row], results: dict[str, Any]) -> None:
    print(f"\n{'measure':<22} {'value':<62} {'target':<8} {'ratio':>6}  result")
    for label, value, target, ratio, ok in rows:
        result = "-" if target == "-" else ("pass" if ok else "FAIL")
        print(f"{label:<22} {value:<62} {target:<8} {ratio:6.2f}  {result}")
    for size, entry in results.items():
        s = entry["startup"]
        line = f"start-up ({size}): layoffbot {s['layoffbot']:.2f} s, reader {s['reader']:.2f} s"
        if fr := entry.get("floor_ratio"):
            line += f"; cold vs floor: layoffbot {fr['layoffbot']:.1f}x, reader {fr['reader']:.1f}x"
        print(line)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "profile":
        n_feeds, n_items = (int(x) for x in (argv[1] if len(argv) > 1 else "200x25").split("x"))
        print(stages(n_feeds, n_items, top=int(argv[2]) if len(argv) > 2 else 30))
        return 0
    if argv and argv[0] == "serve":
        server_main(int(argv[1]), int(argv[2]), argv[3])
        return 0
    if argv and argv[0] == "reader":
        reader_main(argv[1], argv[2], argv[3] if len(argv) > 3 else None)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(f"{f}x{i}" for f, i in SIZES))
    parser.add_argument("--repeat", type=int, default=1, help="rounds per size (median ratio)")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--distinct", action="store_true", help="no two items share a text")
    parser.add_argument(
        "--bot-root", type=Path, help="measure the layoffbot of another checkout (e.g. main)"
    )
    args = parser.parse_args(argv)
    if args.distinct:
        os.environ[DISTINCT_ENV] = "1"
    if args.bot_root:
        global BOT_ROOT
        BOT_ROOT = args.bot_root.resolve()
        args.no_floor = True  # the stages run this checkout's pipeline in process
    # Start-up as installed: bytecode cached, also under PYTHONDONTWRITEBYTECODE (~0.1 s).
    for package in ("bot", "feeds", "adapters"):
        compileall.compile_dir(BOT_ROOT / package, quiet=1)
    try:
        import reader  # noqa: F401
    except ImportError:
        print("bench.peer needs the peer: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    results: dict[str, Any] = {}
    rows: list[Row] = []
    for size in args.sizes.split(","):
        n_feeds, n_items = (int(x) for x in size.split("x"))
        rounds = []
        for i in range(args.repeat):
            log(f"{n_feeds} feeds x {n_items} items, round {i + 1}/{args.repeat}")
            with tempfile.TemporaryDirectory(prefix="peer-") as tmp:
                first = "layoffbot" if i % 2 == 0 else "reader"
                rounds.append(one_round(n_feeds, n_items, Path(tmp), log, first))
        entry = _summary(n_feeds, n_items, rounds, rows)
        if not args.no_floor:
            rows += _floor_rows(n_feeds, n_items, entry)
        results[size] = entry
    _print_table(rows, results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
