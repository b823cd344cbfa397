"""The judges' worker processes (bot.judging): Ctrl-C, and the judging deadline.

The deadline's stalls are the worker's test-only hook (LAYOFFBOT_TEST_JUDGE_STALL, read
by the spawned worker from its environment): an item holding the marker spins (the
worker's CPU timer stops it), sleeps deaf to the timer (the parent kills the worker),
raises, or sleeps a while off the CPU (not stopped: the deadline is of CPU time).
"""

from __future__ import annotations

import gc
import logging
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import pytest

import bot.judging
from bot.collector import YOUNG_THRESHOLD
from bot.judging import TEST_STALL_ENV, JudgePool, Trouble, _start_worker
from bot.models import RawItem
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger

NOW = datetime.now(UTC).replace(microsecond=0)
MARK = "zqxstall"


def _sigint_handler() -> str:
    return str(signal.getsignal(signal.SIGINT))


def test_the_judges_worker_leaves_ctrl_c_to_the_parent() -> None:
    # Ctrl-C in a terminal reaches the worker too: it printed a KeyboardInterrupt traceback.
    spawn = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=_start_worker) as pool:
        assert pool.submit(_sigint_handler).result(timeout=120) == str(signal.SIG_IGN)


def _collector_state() -> tuple[int, bool]:
    return gc.get_threshold()[0], gc.get_freeze_count() > 0


def test_a_judges_worker_freezes_its_rules_and_collects_young_objects_less_often() -> None:
    """Like the bot's process (#14), a worker started by the pool freezes what loading the
    rules made and collects young objects every YOUNG_THRESHOLD allocations, not CPython's
    700: each item's judging makes thousands of short-lived objects."""
    pool = JudgePool(workers=1)
    try:
        executor = pool._ensure_started(1, True)
        assert executor is not None
        state = executor.submit(_collector_state).result(timeout=120)
    finally:
        pool.close()
    assert state == (YOUNG_THRESHOLD, True)


def _item(slug: str, *, title_mark: bool = False, tail_mark: bool = False) -> RawItem:
    text = "Acme said AI now does the work of 300 support agents. " * 50
    return RawItem(
        guid=slug,
        link=f"https://news.example/{slug}",
        title=f"Acme cuts 300 jobs as AI takes over {MARK if title_mark else ''}".strip(),
        summary_html=text + (MARK if tail_mark else ""),  # past the shortened text
        published=NOW,
    )


def _pool(monkeypatch: pytest.MonkeyPatch, mode: str) -> Iterator[JudgePool]:
    monkeypatch.setenv(TEST_STALL_ENV, f"{mode}:{MARK}")
    pool = JudgePool(workers=1)
    try:
        # Loaded, so the deadlines below measure the judgement, not the worker's start.
        assert pool.judge([_item("warm")], NOW, timeout=60, force=True) is not None
        yield pool
    finally:
        pool.close()


@pytest.fixture
def slow_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[JudgePool]:
    yield from _pool(monkeypatch, "slow")


def test_an_item_past_the_deadline_is_judged_on_its_shortened_text_and_the_batch_goes_on(
    slow_pool: JudgePool,
) -> None:
    started = time.monotonic()
    items = [_item("a"), _item("stall", tail_mark=True), _item("b")]
    out = slow_pool.judge(items, NOW, timeout=1.0, force=True)
    assert time.monotonic() - started < 6
    assert out is not None
    first, stalled, last = out
    assert not isinstance(first, Trouble) and not isinstance(last, Trouble)
    assert isinstance(stalled, Trouble) and stalled.reason == "timeout"
    assert stalled.retry is not None  # the marker is past the shortened text
    assert stalled.retry[0].title == items[1].title
    assert slow_pool._executor is None  # stopped mid-item: the next batch gets a new worker
    again = slow_pool.judge([_item("c")], NOW, timeout=60, force=True)
    assert again is not None and not isinstance(again[0], Trouble)


def test_a_batch_sent_as_another_feed_stall_replaces_the_workers_goes_to_the_new_ones(
    slow_pool: JudgePool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Two feeds judged at once: feed B had found the workers that feed A's stall then
    dropped, and its batch failed ("cannot schedule new futures after shutdown"), logged
    as the judges being stuck, and was left for the next poll."""
    found = slow_pool._ensure_started(1, True)
    assert found is not None
    slow_pool._drop(found)  # feed A's stalled item, between B's lookup and B's send
    monkeypatch.setattr(slow_pool, "_ensure_started", _once(found, slow_pool._ensure_started))
    with caplog.at_level(logging.WARNING, logger="bot.judging"):
        out = slow_pool.judge([_item("b")], NOW, timeout=60, force=True)
    assert out is not None and not isinstance(out[0], Trouble)
    assert "judge_pool_failed" not in caplog.text


def _once(first: object, then: Callable[..., object]) -> Callable[..., object]:
    calls = iter([lambda *args: first])
    return lambda *args: next(calls, then)(*args)


def test_an_item_whose_shortened_text_stalls_too_is_left_for_a_later_poll(
    slow_pool: JudgePool,
) -> None:
    out = slow_pool.judge(
        [_item("stall", title_mark=True), _item("b")], NOW, timeout=0.5, force=True
    )
    assert out is not None
    assert isinstance(out[0], Trouble) and out[0].reason == "timeout" and out[0].retry is None
    assert not isinstance(out[1], Trouble)


def test_a_batch_past_its_budget_defers_the_items_not_judged_yet(slow_pool: JudgePool) -> None:
    started = time.monotonic()
    items = [_item("stall", title_mark=True), _item("b"), _item("c")]
    out = slow_pool.judge(items, NOW, timeout=1.0, budget=1.0, force=True)
    assert time.monotonic() - started < 6
    assert out is not None
    assert [o.reason if isinstance(o, Trouble) else "judged" for o in out] == [
        "timeout",
        "deferred",
        "deferred",
    ]


def test_a_worker_deaf_to_its_timer_is_killed_and_replaced(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for pool in _pool(monkeypatch, "hang"):
        monkeypatch.setattr(bot.judging, "ANSWER_SLACK", 1.0)
        monkeypatch.setattr(bot.judging, "STARTUP_SLACK", 60.0)
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="bot.judging"):
            out = pool.judge(
                [_item("hang", title_mark=True), _item("b")], NOW, timeout=0.5, force=True
            )
        assert time.monotonic() - started < 8  # backstop: (0.5 + 0.5) x 3 + 1 s
        assert out == [Trouble("stuck"), Trouble("stuck")]
        assert "event=judge_stuck" in caplog.text
        again = pool.judge([_item("b")], NOW, timeout=30, force=True)  # a new worker
        assert again is not None and not isinstance(again[0], Trouble)


def test_an_exception_in_the_worker_is_reported_with_a_judgement_of_the_shortened_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for pool in _pool(monkeypatch, "fail"):
        out = pool.judge([_item("fail", tail_mark=True)], NOW, timeout=5, force=True)
        assert out is not None and isinstance(out[0], Trouble)
        assert out[0].reason == "error" and "RuntimeError" in out[0].detail
        assert out[0].retry is not None


class _FailingTagger(RuleTagger):
    def tag(self, article):  # type: ignore[no-untyped-def]
        if MARK in article.title or MARK in article.text:
            raise ValueError("boom")
        return super().tag(article)


def test_a_tagger_failure_here_is_logged_with_the_feed_and_link_never_silently_other(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Without a pool (judged in the pipeline's thread): the same report and retry."""
    store = Store.open(f"sqlite:///{tmp_path}/t.db")
    try:
        store.add_feed("https://feeds.example/desk.xml", "desk")
        feed_id = store.list_feeds()[0].id
        pipeline = Pipeline(store, ExtractiveSummarizer(), _FailingTagger(), announce_max_age=None)
        items = [_item("tail", tail_mark=True), _item("title", title_mark=True), _item("ok")]
        with caplog.at_level(logging.WARNING, logger="bot.pipeline"):
            result = pipeline.ingest(
                items, feed_id=feed_id, source="https://feeds.example/desk.xml"
            )
    finally:
        store.close()
    lines = [r.getMessage() for r in caplog.records if "event=judge_failed" in r.getMessage()]
    assert len(lines) == 2, lines
    assert all("desk.xml" in line and "ValueError: boom" in line for line in lines)
    assert "https://news.example/tail" in lines[0] and "stored, judged on its title" in lines[0]
    assert "https://news.example/title" in lines[1] and "not stored" in lines[1]
    assert result.new_items == 2  # the shortened one and the good one; the other waits
