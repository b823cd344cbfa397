"""Stored-story databases for the command and growth benchmarks, bulk-loaded.

Running 1M items through the pipeline would take hours, so rows are written directly
with SQLAlchemy Core executemany, in the shape bot/store/ingest.py (IngestBatch) writes them
(stories, their story_keys and items, plus stories_fts on SQLite). SQLite files are
cached under bench/.cache/, keyed by the schema's source so a schema change rebuilds them.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.corpus import EPOCH_END, companies, story_rows
from bot.companies import company_key
from bot.headlines import topic_keys as _topic_keys
from bot.store import Store
from bot.store.candidates import story_digest
from bot.store.tables import items as items_table
from bot.store.tables import stories, story_keys, subscriptions

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache"
CHUNK = 20_000
N_SUBSCRIPTIONS = 2_000
# Part of the cache key: bump it when `_rows_at` or `add_subscriptions` change the rows.
# (Changes to how rows are written do not invalidate cached databases.)
ROWS_VERSION = "1"


def schema_tag() -> str:
    """A short hash of the schema and of the generated rows: the cache key."""
    h = hashlib.sha256()
    repo = ROOT.parent
    for path in sorted(
        [
            repo / "bot/store/tables.py",
            repo / "bot/store/rollup.py",
            *(repo / "bot/store/migrations/versions").glob("*.py"),
            ROOT / "corpus.py",
        ]
    ):
        h.update(path.read_bytes())
    h.update(ROWS_VERSION.encode())
    return h.hexdigest()[:10]


def cached_sqlite(n: int, log: Any = print) -> Path:
    """The path of a SQLite database holding `n` generated stories (built if missing)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"stories-{n}-{schema_tag()}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store.open(f"sqlite:///{tmp}")
    load(store, n)
    store.close()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    tmp.rename(path)
    log(f"  built {path.name} ({n:,} stories) in {time.perf_counter() - started:.0f} s")
    return path


def copy_db(src: Path, dst: Path) -> Path:
    for p in (dst, Path(str(dst) + "-wal"), Path(str(dst) + "-shm")):
        p.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    return dst


_KEY_CACHE: dict[str, str] = {}
_TOPIC_CACHE: dict[str, list[str]] = {}


def _co(name: str) -> str:
    key = _KEY_CACHE.get(name)
    if key is None:
        key = _KEY_CACHE[name] = company_key(name)
    return key


def _rows(n: int, first_id: int) -> Iterator[tuple[list[dict], list[dict], list[dict], list[dict]]]:
    """(stories, items, story_keys, fts) rows, CHUNK stories at a time."""
    for start in range(0, n, CHUNK):
        yield from _rows_at(start, min(CHUNK, n - start), first_id + start)


def _rows_at(
    start: int, count: int, first_id: int
) -> Iterator[tuple[list[dict], list[dict], list[dict], list[dict]]]:
    """The chunk of `count` stories at corpus offset `start`, with ids from `first_id`."""
    sid = first_id
    st, it, ks, fts = [], [], [], []
    for r in story_rows(count, seed=7 + start):
        titles = [r["title"]]
        for j in range(1, r["n_items"]):
            titles.append(f"{r['title']} ({r['publishers'][j]})")
        search = "\n".join([f"{r['title']}\n{r['summary']}", *titles[1:]])
        st.append(_story_row(r, sid, search))
        st[-1]["digest"] = story_digest(titles, [r["summary"]] * len(titles))
        fts.append({"id": sid, "t": search})
        it.extend(_item_rows(r, sid, titles))
        ks.extend(_key_rows(r, sid))
        sid += 1
    yield st, it, ks, fts


def _story_row(r: dict, sid: int, search: str) -> dict:
    tags = r["tags"]
    when = r["when"]
    comp = tags["companies"][0] if tags["companies"] else None
    ckey = _co(comp) if comp else None
    return {
        "id": sid,
        "key": f"{ckey or 'news'}-{when:%Y-%m}-{sid}",
        "headline": r["title"],
        "summary": r["summary"],
        "tags": r["tags_json"],
        "kind": tags["kind"],
        "ai_cause": tags["ai_cause"],
        "company": comp,
        "company_key": ckey,
        "headcount": tags["headcount"],
        "percent": None,
        "published": when,
        "first_seen": when + timedelta(minutes=5),
        "updated": when + timedelta(hours=r["n_items"]),
        "item_count": r["n_items"],
        "announce": True,
        "search_text": search,
        "summary_weight": len(r["summary"]),
    }


def _item_rows(r: dict, sid: int, titles: list[str]) -> list[dict]:
    when = r["when"]
    rows = []
    for j, title in enumerate(titles):
        pub = r["publishers"][j]
        host = pub.lower().replace(" ", "")
        link = f"https://{host}.example/{when:%Y/%m/%d}/s{sid}-{j}"
        rows.append(
            {
                "feed_id": None,
                "guid": link,
                "link": link + "?utm_source=rss",
                "canonical_link": link,
                "title": title,
                "publisher": pub,
                "published": when + timedelta(hours=j),
                "summary": r["summary"],
                "tags": r["tags_json"],
                "story_id": sid,
                "fetched_at": when + timedelta(hours=j, minutes=5),
            }
        )
    return rows


def _key_rows(r: dict, sid: int) -> list[dict]:
    tags = r["tags"]
    keys = [f"co:{_co(c)}" for c in tags["companies"][:3]]
    if tags["kind"] not in ("layoff", "hiring_freeze") or not keys:
        topic = _TOPIC_CACHE.get(r["title"])
        if topic is None:
            topic = _TOPIC_CACHE[r["title"]] = _topic_keys(r["title"])
            if len(_TOPIC_CACHE) > 200_000:
                _TOPIC_CACHE.clear()
        keys += topic
    last = r["when"] + timedelta(hours=r["n_items"] - 1)
    return [{"story_id": sid, "key": k[:200], "published": last} for k in dict.fromkeys(keys)]


Rows = tuple[list[dict], list[dict], list[dict], list[dict]]
# (table name, INSERT statement, parameter tuples) for each table of a chunk.
SqliteBatch = list[tuple[str, list[tuple[Any, ...]]]]


def _chunk(args: tuple[int, int, int, bool]) -> Rows | SqliteBatch:
    """One chunk: `count` stories from corpus offset `start`, ids from `first_id`; as
    ready-to-run SQLite statements when `sqlite` (so workers also do the conversions)."""
    start, count, first_id, sqlite = args
    rows = next(_rows_at(start, count, first_id))
    return _sqlite_batch(rows) if sqlite else rows


def _chunks(n: int, first: int, *, sqlite: bool) -> Iterator[Any]:
    """Every chunk of `_rows(n, first)`, generated in worker processes when that pays.

    Generating rows is pure Python and costs as much as inserting them, so on a
    multi-core machine workers generate while the main process writes. The rows are the
    same as the sequential generator's (each chunk is seeded by its offset).
    """
    jobs = [(start, min(CHUNK, n - start), first + start, sqlite) for start in range(0, n, CHUNK)]
    if len(jobs) < 4 or (os.cpu_count() or 1) < 2:
        yield from map(_chunk, jobs)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ctx.Pool(max(1, (os.cpu_count() or 2) - 1)) as pool:
        yield from pool.imap(_chunk, jobs)


def _sqlite_ts(value: datetime) -> str:
    """A timestamp as SQLAlchemy's SQLite dialect stores it (naive, microseconds)."""
    return value.isoformat(sep=" ", timespec="microseconds")[:26]


def _sqlite_batch(rows: Rows) -> SqliteBatch:
    """The chunk's rows as INSERT statements and parameter tuples for a raw sqlite3
    connection: SQLAlchemy's per-row statement overhead is half of a 1M-story build."""
    out: SqliteBatch = []
    st, it, ks, fts = rows
    for table, table_rows in ((stories, st), (items_table, it), (story_keys, ks)):
        if not table_rows:
            continue
        cols = tuple(table_rows[0])
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        params = [
            tuple(
                _sqlite_ts(v) if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v
                for v in r.values()
            )
            for r in table_rows
        ]
        out.append((sql, params))
    out.append(
        (
            "INSERT INTO stories_fts (rowid, search_text) VALUES (?, ?)",
            [(r["id"], r["t"]) for r in fts],
        )
    )
    return out


def _load_sqlite(store: Store, n: int, first: int) -> None:
    from bot.store import rollup

    raw = store.engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA cache_size=-262144")
        # Indexes are dropped during the load and rebuilt after it: one sort per index
        # instead of a million random B-tree inserts.
        tables = (stories.name, items_table.name, story_keys.name)
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' for _ in tables)})",
            tables,
        ).fetchall()
        for name, _sql in indexes:
            con.execute(f'DROP INDEX "{name}"')
        # The triggers of the derived tables too (bot/store/rollup.py): filled once after.
        for sql in rollup.SQLITE_DROP:
            con.execute(sql)
        for batch in _chunks(n, first, sqlite=True):
            con.execute("BEGIN")
            for sql, params in batch:
                con.executemany(sql, params)
            con.execute("COMMIT")
        con.execute("BEGIN")
        for _name, sql in indexes:
            con.execute(sql)
        for sql in (*rollup.CLEAR, *rollup.backfill_sql(sqlite=True), *rollup.sqlite_triggers()):
            con.execute(sql)
        con.execute("COMMIT")
        con.execute("PRAGMA synchronous=NORMAL")
    finally:
        raw.close()


def _load_postgres(store: Store, n: int, first: int) -> None:
    """COPY instead of INSERT: 100k stories load in seconds instead of minutes."""
    from bot.store import rollup

    raw = store.engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        # The derived tables (bot/store/rollup.py) are filled once after, not per row.
        con.execute("ALTER TABLE stories DISABLE TRIGGER USER")
        for st, it, ks, _fts in _chunks(n, first, sqlite=False):
            with con.cursor() as cur:
                for table, rows in ((stories, st), (items_table, it), (story_keys, ks)):
                    if not rows:
                        continue
                    cols = ", ".join(rows[0])
                    with cur.copy(f"COPY {table.name} ({cols}) FROM STDIN") as copy:
                        for r in rows:
                            copy.write_row(tuple(r.values()))
            con.commit()
        for sql in (*rollup.CLEAR, *rollup.backfill_sql(sqlite=False)):
            con.execute(sql)
        con.execute("ALTER TABLE stories ENABLE TRIGGER USER")
        con.commit()
    finally:
        raw.close()


def load(store: Store, n: int, *, subscriptions_too: bool = True) -> None:
    """Bulk-insert `n` generated stories (and their items and keys) into `store`."""
    with store.tx() as conn:
        first = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM stories")).scalar_one()) + 1
    if store.is_sqlite:
        _load_sqlite(store, n, first)
    else:
        _load_postgres(store, n, first)
    if subscriptions_too:
        add_subscriptions(store)
    if not store.is_sqlite:
        with store.engine.connect() as conn:
            # Explicit ids do not move PostgreSQL's sequence: move it past them.
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('stories', 'id'), "
                    "(SELECT MAX(id) FROM stories))"
                )
            )
            conn.execute(text("ANALYZE"))
            conn.commit()
        # A running bot's tables are vacuumed by autovacuum; a bulk load is not yet (it
        # comes round a minute or more later). Until then the visibility map is empty and
        # every index-only scan (`trends`, ix_stories_trends) reads the table too.
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM stories, items, story_keys"))
    else:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")


def add_subscriptions(store: Store, n: int = N_SUBSCRIPTIONS) -> None:
    """Users following companies, so alert planning has subscriptions to match."""
    names = companies()
    rows = []
    for i in range(n):
        c = names[(i * 7919) % len(names)]
        rows.append(
            {
                "platform": "slack",
                "workspace_id": "T0BENCH",
                "company": c,
                "company_key": _co(c),
                "user_id": f"U{i:06d}",
                "channel_id": "" if i % 3 else f"C{i % 50:04d}",
                "created_at": EPOCH_END,
                "disabled": False,
            }
        )
    with store.tx() as conn:
        conn.execute(insert(subscriptions), rows)
