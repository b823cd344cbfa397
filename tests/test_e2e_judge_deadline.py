"""The judging deadline, through the real `layoffbot poll --once`.

Session 11's attack found that feed text crafted to make the rules slow held the judge
for minutes per item, and every feed's poll waited behind it. The quadratic splitter was
fixed; this is the general guard against the next slow pattern: an item past
LAYOFFBOT_JUDGE_TIMEOUT_SECONDS is stopped in the judges' worker, logged with its feed
and link, and judged on its shortened text; the feed's other items and the other feeds
are stored in the same poll. The stall is the worker's test-only hook
(LAYOFFBOT_TEST_JUDGE_STALL: an item holding the marker spins on the CPU for ever, or is
kept off it for a while). The deadline is of the worker's CPU time (session 20): an item
that waited for a core on a busy machine is judged on its full text.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.judging import TEST_STALL_ENV
from tests.e2e import assert_no_traceback, bot_env, cli, news_item, patience, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
MARK = "zqxstall"
# 2 s on a quiet machine: enough for a good item (ms) but, stretched on a busy one, where
# the worker's first items (loading the rules) took longer and timed out too.
DEADLINE = patience(2.0)


def _good(slug: str, company: str) -> dict[str, object]:
    return news_item(
        f"{company} cuts 120 support jobs, citing AI",
        slug,
        f"{company} said AI chatbots now answer most customer questions.",
        NOW,
    )


def _poll(tmp_path: Path, stall: str) -> tuple[str, float, str]:
    """Two feeds added, then polled with A's stalled item first: the poll's output, how
    long it took and A's URL."""
    env = bot_env(
        tmp_path,
        LAYOFFBOT_JUDGE_TIMEOUT_SECONDS=str(DEADLINE),
        **{TEST_STALL_ENV: f"{stall}:{MARK}"},
    )
    # The marker sits past the shortened text (2,000 characters): the retry is quick.
    stalled = news_item(
        "Acme cuts 300 jobs as AI takes over",
        "stalled",
        "Acme said AI now does the work of 300 support agents. " * 60 + MARK,
        NOW,
    )
    with FeedServer() as server:
        server.route("/a.xml", body=rss("A desk", [_good("a-first", "Umbrella")]))
        server.route("/b.xml", body=rss("B desk", [_good("b-first", "Hooli")]))
        for path in ("/a.xml", "/b.xml"):
            added = cli("feeds", "add", server.url(path), tmp_path=tmp_path, env=env)
            assert added.returncode == 0, added.stdout + added.stderr
        # A's next items: the stalled one first, so the deadline must free the rest.
        server.route("/a.xml", body=rss("A desk", [stalled, _good("a-good", "Globex")]))
        server.route("/b.xml", body=rss("B desk", [_good("b-good", "Initech")]))
        started = time.monotonic()
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env, timeout=120)
        took = time.monotonic() - started
        a_url = server.url("/a.xml")
    output = polled.stdout + polled.stderr
    assert polled.returncode == 0, output
    assert_no_traceback(output)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        links = {row[0] for row in db.execute("SELECT link FROM items")}
    assert {f"https://news.example/{s}" for s in ("stalled", "a-good", "b-good")} <= links
    return output, took, a_url


def test_a_stalled_item_costs_the_deadline_and_the_poll_stores_everything_else(
    tmp_path: Path,
) -> None:
    output, took, a_url = _poll(tmp_path, "slow")
    # Without the deadline the stalled item held this poll for an hour. With it: the
    # process start, the worker's, the deadline and a quick retry (all slower when busy).
    assert took < patience(10), (took, output)
    timeouts = [line for line in output.splitlines() if "event=judge_timeout" in line]
    assert len(timeouts) == 1, output
    assert "https://news.example/stalled" in timeouts[0]
    assert a_url in timeouts[0]
    assert "judged on its title and the start of its text" in timeouts[0]


def test_an_item_kept_off_the_cpu_past_the_deadline_is_judged_on_its_full_text(
    tmp_path: Path,
) -> None:
    # The worker sleeps (off the CPU, as one waiting for a core at load 10 on 2 cores)
    # 1.5 deadlines on the item, which then needs milliseconds of CPU: under the clock's
    # deadline it was cut off and judged on its shortened text; now it is judged whole.
    output, _, _ = _poll(tmp_path, f"idle={DEADLINE * 1.5:g}")
    assert "event=judge_timeout" not in output, output
    assert "event=judge_stuck" not in output, output
