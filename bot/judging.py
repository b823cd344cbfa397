"""The judgement of one item (clean, tag, summarize) and a process that does it on the
other core.

The rule-based judgement is pure CPU on the item's own text (~1-2 ms an item), so a poll
that brings thousands of new items spends most of one core on it while the other waits.
`JudgePool` runs it in worker processes: the pipeline sends a batch's new items and gets
the judged items back (a few KB of pickles), while its own thread goes on storing the
previous batch. Nothing in a worker touches the store: writes stay in the one writer.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.text import prepare_article
from bot.worker_group import exit_with_parent, own_group_context

if TYPE_CHECKING:
    from bot.filing import Filing
    from bot.models import Article, RawItem, Tags
    from bot.ports import Summarizer, Tagger

log = logging.getLogger(__name__)

EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
# Below this many items a batch is judged in the calling thread: sending it costs more
# than it saves.
MIN_POOL_BATCH = 16
# The worker starts once this many items were judged here: starting it costs ~0.5 s of a
# core, which a command that adds one feed (~50 items, ~0.1 s to judge) never repays.
START_AFTER = 100

Judgement = tuple["Article", str, "Tags"]
# A judgement and what filing the item needs of it alone (bot.filing), worked out here
# too: on a large batch, in the worker, off the pipeline's one writer.
Judged = tuple["Article", str, "Tags", "Filing"]


def judge_item(summarizer: Summarizer, tagger: Tagger, raw: RawItem, now: datetime) -> Judgement:
    """Clean, tag and summarize one item (no I/O); the summary names the tagged employer."""
    article = prepare_article(raw, fetched_at=now)
    if not (EARLIEST <= article.published <= now + FUTURE_SLACK):
        # A date in the future would pin a story atop every list; 1970 means "unknown".
        article = replace(article, published=now)
    tags = tagger.tag(article)
    summary = summarizer.summarize(article, tags)
    return article, summary, tags


# --- in a worker process ---------------------------------------------------------------
_judges: tuple[Summarizer, Tagger] | None = None


def _start_worker() -> None:
    """Load the rules once per worker (the gazetteer and patterns take ~0.3 s).

    The worker runs in a process group of its own (bot.worker_group), out of reach of a
    Ctrl-C at the terminal, which is for the parent: it shuts the pool down. It ends when
    its parent does, and lets a SIGINT sent to it by pid, or a write to the terminal under
    `stty tostop` (SIGTTOU, out of the foreground group), pass."""
    global _judges
    exit_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    _judges = (ExtractiveSummarizer(), RuleTagger())


def judge_and_file(summarizer: Summarizer, tagger: Tagger, raw: RawItem, now: datetime) -> Judged:
    """`judge_item`, and the item's `Filing`."""
    from bot.filing import filing

    article, summary, tags = judge_item(summarizer, tagger, raw, now)
    return article, summary, tags, filing(article, tags)


def _judge_batch(raws: list[RawItem], now: datetime) -> list[Judged | None]:
    """Each item's judgement, None for one that failed (logged; retried next poll)."""
    assert _judges is not None, "initializer did not run"
    summarizer, tagger = _judges
    out: list[Judged | None] = []
    for raw in raws:
        try:
            out.append(judge_and_file(summarizer, tagger, raw, now))
        except Exception:  # one odd item must not cost the feed
            log.exception("event=judge_failed guid=%r", raw.guid[:200])
            out.append(None)
    return out


# --- in the bot's process --------------------------------------------------------------
class JudgePool:
    """Worker processes with the rule-based judges, started on the first large batch.

    Only for the rules: an LLM judge waits on the network, not the CPU, and holds a
    client that cannot be sent to another process. Thread-safe: the poller's threads
    submit batches concurrently and the workers take them in turn.
    """

    def __init__(
        self,
        workers: int | None = None,
        min_batch: int = MIN_POOL_BATCH,
        start_after: int = START_AFTER,
    ) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 1) - 1)
        self.min_batch = min_batch
        self.start_after = start_after
        self._judged_here = 0  # items judged by callers before the worker started
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def judge(self, raws: list[RawItem], now: datetime) -> list[Judged | None] | None:
        """The batch judged in a worker, or None: too small, or the pool is unusable (the
        caller judges it itself)."""
        if len(raws) < self.min_batch:
            return None
        executor = self._ensure_started(len(raws))
        if executor is None:
            return None
        try:
            return executor.submit(_judge_batch, raws, now).result()
        except Exception as exc:  # a dead worker: judge here, start a new pool next time
            log.warning("event=judge_pool_failed error=%r", exc)
            self._drop(executor)
            return None

    def start(self) -> None:
        """Start the worker now, without waiting for it: a poll that knows feeds are due
        overlaps its start (~0.5 s of the other core) with the fetches, and then sends
        every batch, however small, so its own process never loads the rules."""
        with self._lock:
            self.min_batch = 1
            self._judged_here = max(self._judged_here, self.start_after)
        executor = self._ensure_started(0)
        if executor is not None:
            executor.submit(int)  # a process pool starts its workers at the first task

    def _ensure_started(self, items: int) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._closed:
                return None
            if self._executor is None:
                if self._judged_here < self.start_after:
                    self._judged_here += items
                    return None
                # spawn (fork is unsafe in a threaded, asyncio process), in a process
                # group of its own: see _start_worker.
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=own_group_context(), initializer=_start_worker
                )
            return self._executor

    def _drop(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_pool: JudgePool | None = None
_pool_lock = threading.Lock()


def judge_pool() -> JudgePool:
    """The process's pool (one per process, like the parse worker)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = JudgePool()
        return _pool


def shutdown_judge_pool() -> None:
    """Stop the workers (end of a command); a later batch starts a new pool."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()
