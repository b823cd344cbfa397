"""Deterministic work counts per item of a burst, in windows of 1,000 items (issue 14).

A burst's wall and CPU times swing 1.5x from run to run on a shared machine, so whether
the cost per item grows with the burst is shown here by what the pipeline does, counted:
candidates scored, index entries and story rows read, bytes of a story's row and search
index written again, tallies decoded and decided. The same burst counts the same every
run, the read-ahead thread's reads included: a request the writer takes is read once, by
the thread or by the writer (runs at load 1 and 6 counted the same).
`python -m bench.burst --counts 1000 25000` prints a table of them; the wrappers only
count, the pipeline runs as is.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import bot.store.batch as batch_mod
import bot.store.candidates as candidates_mod
import bot.stories as stories_mod
import bot.story_wording as wording_mod
from bot.pipeline import Pipeline
from bot.store.batch import IngestBatch, StoryDraft

WINDOW_ITEMS = 1000

# What is counted, as the table shows it (per item of the window).
COUNTS = (
    ("candidates", "candidates scored (`_score`)"),
    ("titles", "candidate titles in `_best_overlap` (digest's, up to 24)"),
    ("overlaps", "wordings compared (`overlap`: distinct titles and leads)"),
    ("walks", "index keys walked (`_walks`)"),
    ("entries", "index entries read by the walks"),
    ("rows", "story rows read (`_story_rows`)"),
    ("row_kb", "story row bytes read, KB"),
    ("loads", "stored stories loaded to grow (`_load`)"),
    ("load_keys", "their index keys read"),
    ("file_keys", "keys walked by `_file` (story's keys per item filed)"),
    ("tallies", "tallies decoded (`load_tally` miss or hit)"),
    ("decided", "tags decided (`story_tags` / `grown_tags`)"),
    ("votes", "votes those decisions are of (`votes` given)"),
    ("written", "story rows written (new + grown)"),
    ("text_kb", "search text written in story rows, KB"),
    ("digest_kb", "digest written, KB"),
    ("tally_kb", "tally written, KB"),
    ("fts", "FTS rows rewritten (delete + insert)"),
    ("fts_kb", "FTS text indexed, KB"),
    ("key_moves", "story_keys rows moved (`_MOVE_KEYS` changes)"),
    ("key_inserts", "story_keys rows inserted"),
    ("gc_full", "full collections (`gc` generation 2; any thread)"),
    ("gc_kobjects", "objects the collector walked, thousands (every generation)"),
    ("cpu_ms", "writer thread CPU, ms (not a count: varies with load, counting included)"),
)
_KB = {"row_kb", "text_kb", "digest_kb", "tally_kb", "fts_kb"}
# Not the same every run: the collector runs when allocations (both threads') reach its
# thresholds, so these follow the interleaving of the read-ahead thread, and time follows load.
# Story rows too: the read-ahead reads a row once per batch it prepares (perf-cold-11), and
# which items share a batch depends on how far ahead of the writer it is.
INEXACT = frozenset({"gc_full", "gc_kobjects", "cpu_ms", "rows", "row_kb"})


class WorkCounts:
    """Counts per window of WINDOW_ITEMS items; `window` is set per batch (`at`).
    Added to from the writer and the read-ahead thread, hence the lock."""

    def __init__(self, window_items: int = WINDOW_ITEMS) -> None:
        self.window_items = window_items
        self.windows: list[Counter[str]] = []
        self.items: list[int] = []
        self.window = 0
        self._lock = threading.RLock()  # the collector's callback may add inside `add`

    def at(self, n_items: int) -> None:
        """The next batch (`Pipeline.ingest`) has `n_items` items: its window."""
        self.window = sum(self.items) // self.window_items
        while len(self.windows) <= self.window:
            self.windows.append(Counter())
            self.items.append(0)
        self.items[self.window] += n_items

    def add(self, name: str, n: float) -> None:
        with self._lock:
            self.windows[self.window][name] += n

    def per_item(self, window: int) -> dict[str, float]:
        c, n = self.windows[window], max(self.items[window], 1)
        return {k: c[k] / (1024 if k in _KB else 1) / n for k, _ in COUNTS}


def _wrap(
    owner: Any, name: str, count: Callable[[tuple[Any, ...], Any], None], stack: ExitStack
) -> None:
    """Replace `owner.name` by a function that runs it, then `count(args, result)`."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        count(args, result)
        return result

    setattr(owner, name, wrapper)
    stack.callback(setattr, owner, name, original)


def _row_bytes(rows: Mapping[int, Sequence[Any]]) -> int:
    return sum(len(v) for r in rows.values() for v in r if isinstance(v, str | bytes))


@contextmanager
def counting(wc: WorkCounts) -> Iterator[WorkCounts]:
    """Count the pipeline's work into `wc` while the block runs (SQLite store)."""
    add = wc.add
    with ExitStack() as stack:
        ingest = Pipeline.ingest

        def windowed(self: Pipeline, items: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
            wc.at(len(items))
            cpu = time.thread_time()
            try:
                return ingest(self, items, *args, **kwargs)
            finally:
                wc.add("cpu_ms", (time.thread_time() - cpu) * 1000)

        Pipeline.ingest = windowed  # type: ignore[method-assign]
        stack.callback(setattr, Pipeline, "ingest", ingest)
        _wrap(stories_mod, "_score", lambda a, r: add("candidates", 1), stack)
        _wrap(stories_mod, "_best_overlap", lambda a, r: add("titles", len(a[1].titles)), stack)
        _wrap(wording_mod, "overlap", lambda a, r: add("overlaps", 1), stack)
        _wrap(candidates_mod, "_walks", lambda a, r: _walked(add, a[1], r), stack)
        _wrap(candidates_mod, "_story_rows", lambda a, r: _rows(add, a[1], r[0]), stack)
        _wrap(IngestBatch, "_load", lambda a, r: _loaded(add, r), stack)
        _wrap(IngestBatch, "_file", lambda a, r: add("file_keys", len(a[1].keys)), stack)
        _wrap(batch_mod, "load_tally", lambda a, r: add("tallies", 1), stack)
        _wrap(batch_mod, "story_tags", lambda a, r: _decided(add, a[0]), stack)
        _wrap(batch_mod, "grown_tags", lambda a, r: _decided(add, a[1]), stack)
        _wrap(batch_mod, "story_values", lambda a, r: _written(add, r), stack)
        _count_statements(wc, stack)
        _count_collections(wc, stack)
        yield wc


def _walked(add: Callable[[str, float], None], keys: list[str], walks: list[list[int]]) -> None:
    add("walks", len(keys))
    add("entries", sum(len(w) for w in walks))


def _rows(add: Callable[[str, float], None], ids: list[int], rows: Any) -> None:
    add("rows", len(ids))
    add("row_kb", _row_bytes(rows))


def _loaded(add: Callable[[str, float], None], draft: StoryDraft) -> None:
    add("loads", 1)
    add("load_keys", len(draft.keys))


def _decided(add: Callable[[str, float], None], votes: Sequence[Any]) -> None:
    add("decided", 1)
    add("votes", len(votes))


def _written(add: Callable[[str, float], None], values: dict[str, Any]) -> None:
    add("written", 1)
    add("text_kb", len(values["search_text"]))
    add("digest_kb", len(values["digest"]))
    add("tally_kb", len(values["tally"]))


def _count_statements(wc: WorkCounts, stack: ExitStack) -> None:
    """The flush's executemany statements: FTS rows and bytes, and the index keys'
    rows changed (SQLite's own count of the rows a statement changed)."""
    original = batch_mod.execute_many
    names = {
        id(batch_mod._REPLACE_FTS): "fts",
        id(batch_mod._MOVE_KEYS): "key_moves",
        id(batch_mod._INSERT_KEYS): "key_inserts",
    }

    def counted(conn: Any, statement: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        dbapi = conn.connection.dbapi_connection
        before = dbapi.total_changes
        original(conn, statement, rows)
        name = names.get(id(statement))
        if name == "key_moves":  # which rows moved: SQLite's count (no trigger on the table)
            wc.add(name, dbapi.total_changes - before)
        elif name is not None:
            wc.add(name, len(rows))
        if statement is batch_mod._REPLACE_FTS:
            wc.add("fts_kb", sum(len(r["t"]) for r in rows))

    batch_mod.execute_many = counted  # type: ignore[assignment]
    stack.callback(setattr, batch_mod, "execute_many", original)


def _count_collections(wc: WorkCounts, stack: ExitStack) -> None:
    """The collector's work: a collection walks every tracked object of the generations
    it collects (those younger included), so that number is its cost, whatever the load.
    A full collection walks the whole heap: the bot's caches, the batch's objects, and
    in this process the bench's parsed burst too (not the objects frozen before it)."""

    def collected(phase: str, info: dict[str, Any]) -> None:
        if phase != "start":
            return
        generation = info["generation"]
        if generation == 2:
            wc.add("gc_full", 1)
        walked = sum(len(gc.get_objects(generation=g)) for g in range(generation + 1))
        wc.add("gc_kobjects", walked / 1000)

    gc.callbacks.append(collected)
    stack.callback(gc.callbacks.remove, collected)


def table(runs: Sequence[tuple[str, WorkCounts]], every: int = 5) -> str:
    """Markdown: a row per count, a column per window shown (each run's first, every
    `every`-th and last window), per item."""
    columns: list[tuple[str, dict[str, float]]] = []
    for label, wc in runs:
        n = len(wc.windows)
        shown = sorted({0, n - 1, *range(every - 1, n, every)})
        for w in shown:
            head = f"{label}: {(w + 1) * wc.window_items:,}" if n > 1 else label
            columns.append((head, wc.per_item(w)))
    lines = [
        "| per item | " + " | ".join(h for h, _ in columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for key, what in COUNTS:
        cells = " | ".join(_fmt(c[key]) for _, c in columns)
        lines.append(f"| {what} | {cells} |")
    return "\n".join(lines)


def _fmt(v: float) -> str:
    return f"{v:.3g}" if v < 100 else f"{v:,.0f}"
