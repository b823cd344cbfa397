"""The judgement of one item (clean, tag, summarize) and a process that does it on the
other core.

The rule-based judgement is pure CPU on the item's own text (~1-2 ms an item), so a poll
that brings thousands of new items spends most of one core on it while the other waits.
`JudgePool` runs it in worker processes: the pipeline sends a batch's new items and gets
the judged items back (a few KB of pickles), while its own thread goes on storing the
previous batch. Nothing in a worker touches the store: writes stay in the one writer.

A feed's items are judged under a deadline (`timeout`, LAYOFFBOT_JUDGE_TIMEOUT_SECONDS):
crafted text once made the tagger spend minutes on one item, and with nothing to stop it
one workspace's feed held up every feed's poll. In the worker a timer of its CPU time
(ITIMER_PROF: SIGPROF) stops an item that has run past it, and the worker is replaced after
that batch (CPU time, not the clock's: on a busy machine an item kept waiting for a core
is not cut off, and misjudged on its shortened text, because other processes ran). The
item is judged on its shortened text (title and the first `SHORT_TEXT` characters), so it
is stored once, neither lost nor retried for ever, and logged (event=judge_timeout). A
batch still judging when its budget (of the clock) is spent defers its other items to the
next poll. Should the worker stop answering altogether (a hang the timer cannot reach, or
a worker that does not run), the parent kills it past a backstop of the clock and starts
another; the batch is retried next poll. See docs/reliability.md.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from bot.collector import collect_less_often
from bot.judged_texts import JudgedTexts, raw_text
from bot.text import article_of, cleaned, prepare_article
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
# The time one item may take to judge (the rules take ~1-2 ms an item), and what an item
# that overran it is judged on instead: its title and the start of its text.
DEFAULT_TIMEOUT = 10.0
SHORT_TEXT = 2_000
SHORT_TIMEOUT = 2.0
# A poll's batch of one feed may take this many deadlines; the items not judged by then
# wait for the next poll. Room for a stalled item and its retry, and for the rest of the
# batch (~1-2 ms an item), while bounding a feed of many items each just under the limit.
BATCH_DEADLINES = 3
# How long the parent waits for a worker's first answer beyond the deadline (a fresh
# interpreter loading the rules, slower on a loaded host), and for any later one.
STARTUP_SLACK = 30.0
ANSWER_SLACK = 5.0
# The deadline is of the worker's CPU time; on the clock the parent gives the item in
# flight (and its retry) this many times it, so that an item that spins to its deadline
# on a busy machine (load 10 on 2 cores: ~5x slower) is stopped by its own timer and
# judged on its shortened text, not taken for a stuck worker (the batch then deferred).
WALL_FACTOR = 3.0
# A test-only stall (tests/test_judging.py, tests/test_e2e_judge_deadline.py), read by
# the worker alone: "MODE:MARKER", see _StallingTagger ("hang" is a tagger stuck in C code).
TEST_STALL_ENV = "LAYOFFBOT_TEST_JUDGE_STALL"

Judgement = tuple["Article", str, "Tags"]
# A judgement and what filing the item needs of it alone (bot.filing), worked out here
# too: on a large batch, in the worker, off the pipeline's one writer.
Judged = tuple["Article", str, "Tags", "Filing"]
T = TypeVar("T")


@dataclass(frozen=True)
class Trouble:
    """What went wrong judging one item, reported to the parent, which logs it with the
    feed: `timeout` (past the deadline), `error` (an exception: `detail` names it and
    where), `deferred` (the batch's budget was spent first: judged next poll) or `stuck`
    (the worker stopped answering and was replaced: the batch is judged next poll).
    `retry` is the item judged on its shortened text, None if that failed too (the item
    is then judged again next poll)."""

    reason: Literal["timeout", "error", "deferred", "stuck"]
    detail: str = ""
    retry: Judged | None = None


class JudgeTimeout(BaseException):
    """Raised in the worker by the deadline's timer. A BaseException, so no `except
    Exception` in the tagger swallows it."""


def judge_item(summarizer: Summarizer, tagger: Tagger, raw: RawItem, now: datetime) -> Judgement:
    """Clean, tag and summarize one item (no I/O); the summary names the tagged employer."""
    article = _prepared(raw, now)
    tags = tagger.tag(article)
    summary = summarizer.summarize(article, tags)
    return article, summary, tags


def _prepared(raw: RawItem, now: datetime, kept: JudgedTexts | None = None) -> Article:
    if kept is None:
        article = prepare_article(raw, fetched_at=now)
    else:  # the cleaning of a text cleaned before, kept (bot.judged_texts)
        key, size = raw_text(raw)
        parts = kept.cleaned.get(key)
        if parts is None:
            parts = cleaned(raw)
            kept.cleaned.put(key, parts, size)
        article = article_of(raw, parts, fetched_at=now)
    if not (EARLIEST <= article.published <= now + FUTURE_SLACK):
        # A date in the future would pin a story atop every list; 1970 means "unknown".
        article = replace(article, published=now)
    return article


# --- in a worker process ---------------------------------------------------------------
_judges: tuple[Summarizer, Tagger] | None = None
# The worker's judgements by the text judged (bot.judged_texts); bounded.
_kept = JudgedTexts()


def _start_worker() -> None:
    """Load the rules once per worker (the gazetteer and patterns take ~0.3 s).

    The worker runs in a process group of its own (bot.worker_group), out of reach of a
    Ctrl-C at the terminal, which is for the parent: it shuts the pool down. It ends when
    its parent does, and lets a SIGINT sent to it by pid, or a write to the terminal under
    `stty tostop` (SIGTTOU, out of the foreground group), pass. SIGPROF is the deadline.
    Once the rules are loaded they are frozen and young objects collected less often, as
    in the bot's process (bot/collector.py): each item's judging makes thousands."""
    global _judges
    exit_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    signal.signal(signal.SIGPROF, _on_deadline)
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    tagger: Tagger = RuleTagger()
    stall = os.environ.get(TEST_STALL_ENV, "")
    if ":" in stall:
        tagger = _StallingTagger(tagger, *stall.split(":", 1))
    _judges = (ExtractiveSummarizer(), tagger)
    collect_less_often()


def _on_deadline(_signum: int, _frame: object) -> None:
    raise JudgeTimeout


def _timed(work: Callable[[], T], seconds: float | None) -> T:
    """`work()`, stopped by JudgeTimeout once it has used `seconds` of the process's CPU
    time (None: no limit; main thread of a worker only, where SIGPROF is ours). Time spent
    waiting for a core is not counted."""
    if seconds is None:
        return work()
    signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.001))
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


class _StallingTagger:
    """The test-only stall of TEST_STALL_ENV around the real tagger: an item whose title
    or text holds the marker spins on the CPU ("slow"), sleeps deaf to the timer ("hang"),
    raises ("fail"), or is kept off the CPU for S seconds and then tagged ("idle=S", as
    a worker waiting for a core on a busy machine)."""

    def __init__(self, tagger: Tagger, mode: str, marker: str) -> None:
        self.tagger, self.mode, self.marker = tagger, mode, marker

    def tag(self, article: Article) -> Tags:
        if self.marker and (self.marker in article.title or self.marker in article.text):
            mode, _, seconds = self.mode.partition("=")
            if mode == "fail":
                raise RuntimeError("a test-only failure")
            if mode == "idle":
                time.sleep(float(seconds))
            elif mode == "hang":
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
                time.sleep(3600)
            else:
                while True:  # a slow pattern: the CPU timer stops it
                    pass
        return self.tagger.tag(article)


def judge_and_file(
    summarizer: Summarizer,
    tagger: Tagger,
    raw: RawItem,
    now: datetime,
    kept: JudgedTexts | None = None,
) -> Judged:
    """`judge_item`, and the item's `Filing`. With `kept` (the worker's), an item whose
    cleaned headline, text and publisher an earlier item had takes that one's judgement
    (bot.judged_texts): its tags, summary and what its filing reads of them alone."""
    from bot.filing import filing, of_text

    if kept is None:
        article, summary, tags = judge_item(summarizer, tagger, raw, now)
        return article, summary, tags, filing(article, tags, summary)
    article = _prepared(raw, now, kept)
    key = (article.title, article.text, article.publisher)
    known = kept.judged.get(key)
    if known is None:
        tags = tagger.tag(article)
        summary = summarizer.summarize(article, tags)
        known = (summary, tags, of_text(article, tags, summary))
        kept.judged.put(key, known, len(article.title) + len(article.text))
    summary, tags, text = known
    return article, summary, tags, filing(article, tags, summary, text)


def shortened(raw: RawItem) -> RawItem:
    """The item with the start of its text only: what an item whose judgement failed or
    overran the deadline is judged on (the tagger is quick on short text)."""
    return replace(
        raw, summary_html=raw.summary_html[:SHORT_TEXT], content_html=raw.content_html[:SHORT_TEXT]
    )


def judge_guarded(
    judge: Callable[[RawItem], T], raw: RawItem, timeout: float | None
) -> T | Trouble:
    """`judge(raw)` within `timeout`; on an overrun or an exception, a Trouble with the
    judgement of the shortened item (`retry`, within SHORT_TIMEOUT), or none."""
    trouble: Trouble
    try:
        return _timed(lambda: judge(raw), timeout)
    except JudgeTimeout:
        trouble = Trouble("timeout", f"over {timeout:g} s")
    except Exception as exc:  # one odd item must not cost the feed
        trouble = Trouble("error", _describe(exc))
    short = shortened(raw)
    try:
        retry: T | None = _timed(lambda: judge(short), _short_limit(timeout))
    except (JudgeTimeout, Exception) as exc:
        more = "its shortened text too" if isinstance(exc, JudgeTimeout) else _describe(exc)
        return replace(trouble, detail=f"{trouble.detail}; shortened: {more}")
    return replace(trouble, retry=retry)  # type: ignore[arg-type]


def _short_limit(timeout: float | None) -> float | None:
    return None if timeout is None else min(timeout, SHORT_TIMEOUT)


def _describe(exc: BaseException) -> str:
    """The exception and where it was raised, on one line."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}"[:300] + where


def _judge_batch(
    raws: list[RawItem], now: datetime, timeout: float | None = None, budget: float | None = None
) -> list[Judged | Trouble]:
    """Each item's judgement, or its Trouble. Past `budget` seconds, the items not judged
    yet are deferred; the first item always has its whole `timeout`."""
    assert _judges is not None, "initializer did not run"
    summarizer, tagger = _judges
    end = None if budget is None else time.monotonic() + budget
    out: list[Judged | Trouble] = []
    for raw in raws:
        limit = timeout
        if end is not None and out:
            left = end - time.monotonic()
            if left <= 0:
                out.append(Trouble("deferred"))
                continue
            limit = left if limit is None else min(limit, left)
        judged = judge_guarded(
            lambda r: judge_and_file(summarizer, tagger, r, now, _kept), raw, limit
        )
        if isinstance(judged, Trouble) and judged.reason == "timeout" and limit != timeout:
            judged = Trouble("deferred")  # the budget ran out, not the item's own time
        out.append(judged)
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
        self._slots = threading.BoundedSemaphore(self.workers)
        self._answered = False  # a worker has answered: it is loaded

    def judge(
        self,
        raws: list[RawItem],
        now: datetime,
        *,
        timeout: float | None = None,
        budget: float | None = None,
        force: bool = False,
    ) -> list[Judged | Trouble] | None:
        """The batch judged in a worker (each item within `timeout`, the batch's items
        deferred past `budget`), or None: too small, or the pool is unusable (the caller
        judges it itself). With `force` (items under a deadline), any batch is sent,
        starting the worker if need be, and a worker that fails defers the batch instead
        of returning None."""
        if len(raws) < self.min_batch and not force:
            return None
        # One batch per worker at a time, so a batch's wait is its own judgement, never
        # another's: the one past its backstop is the one the stuck worker holds.
        with self._slots:
            try:
                sent = self._submit(len(raws), force, _judge_batch, raws, now, timeout, budget)
            except RuntimeError as exc:  # these workers cannot take work: new ones next time
                log.warning("event=judge_pool_failed error=%r", exc)
                return [Trouble("stuck")] * len(raws) if force else None
            if sent is None:
                return None
            executor, future = sent
            try:
                out = future.result(timeout=self._backstop(timeout, budget))
            except FutureTimeout:
                log.error(
                    "event=judge_stuck items=%d seconds=%.0f: the judges' worker stopped "
                    "answering; it is replaced and the batch is judged next poll",
                    len(raws),
                    self._backstop(timeout, budget) or 0,
                )
                self._drop(executor, kill=True)
                return [Trouble("stuck")] * len(raws)
            except Exception as exc:  # a dead worker: start a new pool next time
                log.warning("event=judge_pool_failed error=%r", exc)
                self._drop(executor)
                return [Trouble("stuck")] * len(raws) if force else None
        self._answered = True
        if any(isinstance(o, Trouble) and o.reason == "timeout" for o in out):
            # Stopped mid-item, the worker's lazily built state may be half built: the
            # next batch gets a fresh one (~0.5 s of the other core, only after a stall).
            self._drop(executor)
        return out

    def _submit(
        self, items: int, force: bool, *task: Any
    ) -> tuple[ProcessPoolExecutor, Future[list[Judged | Trouble]]] | None:
        """The task sent to the current workers, or None (the caller judges it itself).
        Another thread may have just dropped the workers this one found (after a stall):
        then the task goes to their replacement."""
        for _ in range(2):
            executor = self._ensure_started(items, force)
            if executor is None:
                return None
            try:
                return executor, executor.submit(*task)
            except RuntimeError:  # "cannot schedule new futures after shutdown"
                if self._executor is executor:  # not replaced: these workers are unusable
                    self._drop(executor)
                    raise
        return None

    def _backstop(self, timeout: float | None, budget: float | None) -> float | None:
        """How long a batch may take before its worker is deemed stuck: its budget, an
        item's deadline and its shortened retry (WALL_FACTOR times: of CPU time), and slack
        (more before the first answer)."""
        if timeout is None:
            return None
        slack = ANSWER_SLACK if self._answered else STARTUP_SLACK
        item = (timeout + _short_limit(timeout)) * WALL_FACTOR  # type: ignore[operator]
        return (budget or 0) + item + slack

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

    def _ensure_started(self, items: int, force: bool = False) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._closed:
                return None
            if self._executor is None:
                if self._judged_here < self.start_after and not force:
                    self._judged_here += items
                    return None
                # spawn (fork is unsafe in a threaded, asyncio process), in a process
                # group of its own: see _start_worker.
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=own_group_context(), initializer=_start_worker
                )
                self._answered = False
            return self._executor

    def _drop(self, executor: ProcessPoolExecutor, *, kill: bool = False) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        if kill:  # SIGKILL: a worker deaf to its timer would ignore a polite request
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.kill()
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
