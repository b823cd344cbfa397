"""The stored candidates of a batch's items, read ahead on a second SQLite connection.

The one writer files a batch's items one after the other: for each, the stories it may
join (one statement, `story_candidates`), then the scoring in Python. The statement's
own work runs in SQLite without the GIL, so a thread reading the next items' candidates
on its own connection overlaps it with the writer's scoring, on the core the judges'
worker leaves idle half of a cold poll (#14). The writer holds the write lock (BEGIN
IMMEDIATE) and writes nothing before its flush, so a read transaction begun inside the
writer's sees exactly what the writer's own reads would: the same stories, the same rows.

Only on a SQLite file (an in-memory database is one per connection) and for batches of
at least MIN_ITEMS items; whatever was not read ahead yet, or failed, the writer reads
itself: it waits only for a read under way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine

if TYPE_CHECKING:
    from bot.stories import CandidateScope, StoryCandidate

log = logging.getLogger(__name__)

MIN_ITEMS = 8
# A request: the bounded keys, the window and the scope, as `story_candidates` takes them.
Request = tuple[tuple[str, ...], datetime, datetime, "CandidateScope"]


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _readers() -> ThreadPoolExecutor:
    """The process's read-ahead threads (one batch is written at a time; two in case
    two stores of one process write at once)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(2, thread_name_prefix="candidate-prefetch")
        return _pool


def can_prefetch(url: URL) -> bool:
    """A SQLite database in a file: a second connection sees the same data."""
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


class CandidatePrefetch:
    """Reads `story_candidates` for each request in order, in a thread; `take` gives one
    read already. `close` stops the thread and gives its connection back (before the flush).

    The connection is taken and its (deferred) transaction begun here, in the writer's
    thread: a pool with none to spare fails here, and the writer reads for itself."""

    def __init__(self, engine: Engine, requests: Sequence[Request], tenant: str) -> None:
        self._tenant = tenant
        self._requests = list(dict.fromkeys(requests))
        self._futures: list[Future[list[StoryCandidate]]] = [Future() for _ in self._requests]
        self._results = dict(zip(self._requests, self._futures, strict=True))
        self._index = {r: i for i, r in enumerate(self._requests)}
        self._passed = 0  # requests before this one the writer has taken (or read itself)
        self._reading = -1  # the request the thread reads now
        self._stop = threading.Event()
        self._conn = engine.connect()
        try:
            # bot.store.base: a deferred BEGIN, the snapshot taken at the first read.
            self._conn.execution_options(sqlite_read_only=True)
            self._tx = self._conn.begin()
        except BaseException:
            self._conn.close()
            raise
        # A thread kept for the process: starting one per batch waited for it to run,
        # a scheduling delay on the writer's path on a loaded machine (~14 ms at load 6).
        self._job = _readers().submit(self._run)

    def take(self, request: Request) -> list[StoryCandidate] | None:
        """The request's stored candidates if they are read or being read, else None: not
        asked ahead, failed, or the thread has not come to it (it skips what the writer
        passed). The writer waits only for a read under way: for the thread to catch up
        it would wait for a core, which a loaded machine gives late."""
        future = self._results.pop(request, None)
        if future is None:
            return None
        index = self._index[request]
        self._passed = max(self._passed, index + 1)
        if not future.done() and self._reading != index:
            return None
        return None if future.exception() is not None else future.result()

    def close(self) -> None:
        self._stop.set()
        wait([self._job])
        try:
            self._tx.rollback()  # it only read
        finally:
            self._conn.close()

    def _run(self) -> None:
        from bot.store.candidates import story_candidates

        # The story rows this snapshot has given, by id: a story read for one item is the
        # same row for the next (the writer writes nothing before its flush).
        rows_read: dict[int, Sequence[Any]] = {}
        try:
            for i, ((keys, since, until, scope), future) in enumerate(
                zip(self._requests, self._futures, strict=True)
            ):
                if self._stop.is_set():
                    break
                self._reading = i
                if i < self._passed:  # the writer reads it itself (or waits for this)
                    future.set_exception(RuntimeError("passed"))
                    continue
                try:
                    future.set_result(
                        story_candidates(
                            self._conn, keys, since, until, scope, self._tenant, rows_read
                        )
                    )
                except Exception as exc:
                    future.set_exception(exc)
        finally:
            for future in self._futures:
                if not future.done():
                    future.set_exception(RuntimeError("not read ahead"))
