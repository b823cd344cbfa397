"""Session 11's new-user trial, second part, on the real `layoffbot` process: Ctrl-C during
the start of the feed parser's and the judges' worker processes."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e import (
    ROOT,
    BotTerminal,
    assert_no_traceback,
    bot_env,
    cli_ok,
    news_item,
    patience,
    rss,
    shown_at,
)
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)

# Loaded at the start of every Python process of the test's bot (on its PYTHONPATH): the
# parser's and the judges' worker processes note their pid and then sleep with Python's
# default SIGINT handling, before a line of their own code runs. A Ctrl-C that reaches one
# then is certain to end it with a KeyboardInterrupt traceback on the terminal.
SLOW_START = """\
import os, sys, time
_argv = " ".join(sys.orig_argv)
_kind = ("parser" if "feeds.parse_child" in _argv
         else "judge" if "--multiprocessing-fork" in _argv else None)
if _kind and os.environ.get("TRIAL_CHILD_MARKS"):
    with open(os.path.join(os.environ["TRIAL_CHILD_MARKS"], f"{_kind}-{os.getpid()}"), "w"):
        pass
    time.sleep(float(os.environ["TRIAL_CHILD_SLEEP"]))
"""


@pytest.fixture
def marks(tmp_path: Path) -> Iterator[Path]:
    """The folder where the workers note their pids; any still running at the end of the
    test (it failed) is killed."""
    folder = tmp_path / "children"
    folder.mkdir()
    yield folder
    for pid in [pid for pids in _children(folder).values() for pid in pids]:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _slow_start_env(tmp_path: Path, marks: Path) -> dict[str, str]:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_START, encoding="utf-8")
    return bot_env(
        tmp_path,
        PYTHONPATH=f"{hook}{os.pathsep}{ROOT}",
        TRIAL_CHILD_MARKS=str(marks),
        TRIAL_CHILD_SLEEP="2",
    )


def _children(marks: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {"parser": [], "judge": []}
    for mark in marks.iterdir():
        kind, pid = mark.name.split("-")
        found[kind].append(int(pid))
    return found


def _wait_for_children(marks: Path, term: BotTerminal) -> list[int]:
    """The pids of a parser and the judges, once both are in their (slowed) start."""
    deadline = time.monotonic() + patience(60)
    while not all(_children(marks).values()):
        assert term.proc.poll() is None, term.output
        assert time.monotonic() < deadline, (_children(marks), term.output)
        time.sleep(0.02)
    return [pid for pids in _children(marks).values() for pid in pids]


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, ended and waiting to be reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _assert_all_ended(pids: list[int], within: float) -> None:
    deadline = time.monotonic() + patience(within)
    while [pid for pid in pids if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)], "worker processes outlived layoffbot"


@pytest.fixture
def terminals() -> Iterator[list[BotTerminal]]:
    opened: list[BotTerminal] = []
    yield opened
    for term in opened:
        term.close()


def _feed_of(count: int, name: str) -> bytes:
    items = [news_item(f"{name} story {i}", f"{name}-{i}", "Words.", NOW) for i in range(count)]
    return rss(name, items)


def _due_feeds(env: dict[str, str], tmp_path: Path, urls: list[str]) -> None:
    cli_ok(env, tmp_path, "db", "upgrade")
    with sqlite3.connect(tmp_path / "bot.db") as db:
        for n, url in enumerate(urls):
            db.execute(
                "INSERT INTO feeds (url, name, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                (url, f"Feed {n}"),
            )


def test_ctrl_c_while_poll_starts_its_workers_shows_no_traceback(
    tmp_path: Path, server: FeedServer, marks: Path, terminals: list[BotTerminal]
) -> None:
    # Trial: Ctrl-C in the first second of `layoffbot poll --all` printed the parser's and
    # the judges' KeyboardInterrupt tracebacks: the terminal signals its whole foreground
    # process group, and the workers were in it until their own code ignored SIGINT.
    server.route("/wire.xml", body=_feed_of(20, "Wire"), delay=1)
    env = _slow_start_env(tmp_path, marks)
    _due_feeds(env, tmp_path, [server.url("/wire.xml")])
    term = BotTerminal("poll", "--all", tmp_path=tmp_path, env=env)
    terminals.append(term)
    pids = _wait_for_children(marks, term)
    term.ctrl_c()
    assert term.wait(30) == 130, term.output
    assert_no_traceback(term.output)
    assert "KeyboardInterrupt" not in term.output, term.output
    _assert_all_ended(pids, within=5)


def test_ctrl_c_while_run_starts_its_workers_shows_no_traceback(
    tmp_path: Path, server: FeedServer, marks: Path, terminals: list[BotTerminal]
) -> None:
    # `run` starts the parser at its first feed, the judges once 100 items were judged
    # in its own process: two feeds of 120 items start both.
    server.route("/a.xml", body=_feed_of(120, "Alpha"))
    server.route("/b.xml", body=_feed_of(120, "Beta"))
    env = _slow_start_env(tmp_path, marks)
    _due_feeds(env, tmp_path, [server.url("/a.xml"), server.url("/b.xml")])
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    terminals.append(term)
    pids = _wait_for_children(marks, term)
    term.ctrl_c()
    assert term.wait(30) == 0, term.output
    assert_no_traceback(term.output)
    assert "KeyboardInterrupt" not in term.output, term.output
    _assert_all_ended(pids, within=5)


def test_workers_end_with_a_killed_poll(
    tmp_path: Path, server: FeedServer, marks: Path, terminals: list[BotTerminal]
) -> None:
    # Out of the terminal's process group, the workers must still not outlive the
    # process that started them, even one killed without a chance to stop them.
    server.route("/wire.xml", body=_feed_of(20, "Wire"), delay=1)
    env = _slow_start_env(tmp_path, marks)
    _due_feeds(env, tmp_path, [server.url("/wire.xml")])
    term = BotTerminal("poll", "--all", tmp_path=tmp_path, env=env)
    terminals.append(term)
    pids = _wait_for_children(marks, term)
    term.signal(signal.SIGKILL)
    term.wait(10)
    _assert_all_ended(pids, within=20)
    time.sleep(0.3)  # what they wrote last is still on its way through the terminal
    assert_no_traceback(term.output)


def test_console_replies_say_what_happens_at_the_console(
    tmp_path: Path, terminals: list[BotTerminal]
) -> None:
    # Trial: at the console, `digest now` spoke of each story's thread and `subscribe` of
    # alerts "by direct message": the terminal has neither, it prints them.
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    terminals.append(term)
    term.expect("Ctrl-C to stop", timeout=60)
    mine = term.reply("/layoffs subscribe Oracle")
    assert "will be printed at the console (the terminal running `layoffbot run`)" in mine, mine
    channel = term.reply("/layoffs subscribe Oracle here")
    assert "printed at the console" in channel, channel
    listing = term.reply("/layoffs subscriptions")
    assert "Yours" in listing and "The console channel's (`here`)" in listing, listing
    assert "Not subscribed to Meta. Subscribed: Oracle." in term.reply("/layoffs unsubscribe Meta")
    digest = term.reply("/layoffs digest now")
    assert "Printing the digest here now." in digest, digest
    assert "== AI layoffs digest" in digest, digest
    shown = mine + channel + listing + digest
    for platform_words in ("direct message", "thread", "In this channel"):
        assert platform_words not in shown, shown
    term.ctrl_c()
    assert term.wait(10) == 0


def _shown_in_terminal(tmp_path: Path, env: dict[str, str], *args: str) -> str:
    term = BotTerminal(*args, tmp_path=tmp_path, env=env)
    try:
        assert term.wait(60) == 0, term.output
        time.sleep(0.2)  # the last lines may still be in the terminal
        return term.output
    finally:
        term.close()


def test_why_names_the_feed_an_item_came_from_when_it_names_no_publisher(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: `/layoffs why` on an item of the feed "Wire" said "unknown publisher".
    plain = news_item("Acme cuts 200 jobs, citing AI", "acme", "Acme cuts 200 jobs.", NOW)
    sourced = news_item("Initech cuts 90 jobs, citing AI", "initech", "Initech cuts.", NOW)
    sourced["source"] = "Reuters"
    server.route("/wire.xml", body=rss("Wire", [plain, sourced]))
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    shown = _shown_in_terminal(tmp_path, env, "ask", "/layoffs why https://news.example/acme")
    day = shown_at(env, NOW, date_only=True)  # the reader's date (bot.timeutil)
    assert f"from the feed “Wire”, {day}" in shown, shown
    assert "unknown publisher" not in shown, shown
    named = _shown_in_terminal(tmp_path, env, "ask", "/layoffs why https://news.example/initech")
    assert f"Reuters, {day}" in named and "from the feed" not in named, named


def test_poll_says_its_alerts_wait_for_the_bot(tmp_path: Path, server: FeedServer) -> None:
    # Trial: `layoffbot poll` with no bot running planned a subscriber's alert and said
    # nothing of it: the user waited for an alert no process was there to deliver.
    old = news_item("Acme opens a new office in Lisbon", "lisbon", "A new office.", NOW)
    server.route("/wire.xml", body=rss("Wire", [old]))
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    cli_ok(env, tmp_path, "ask", "/layoffs subscribe Pinterest")
    quiet = _shown_in_terminal(tmp_path, env, "poll", "--all")
    assert "waiting for the bot" not in quiet, quiet  # nothing new: no alert planned
    pin = news_item("Pinterest to cut 15% of staff as it pivots to AI", "pin", "", NOW)
    server.route("/wire.xml", body=rss("Wire", [pin, old]))
    shown = _shown_in_terminal(tmp_path, env, "poll", "--all")
    assert_no_traceback(shown)
    assert (
        "1 alert is waiting for the bot to deliver it: a running `layoffbot run` sends it "
        "within seconds; if it is not running, start it."
    ) in shown, shown
    # Unchanged otherwise: the alert is still the running bot's to print, once.
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("== New at Pinterest", timeout=60)
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()


def test_a_disabled_feed_at_the_console_says_enable_it_not_a_manager(
    tmp_path: Path, server: FeedServer, terminals: list[BotTerminal]
) -> None:
    # The console's own feed, disabled after failing for days, said "a manager can enable
    # it": the console has no managers, whoever types there can.
    server.route("/own.xml", body=_feed_of(1, "Own"))
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    terminals.append(term)
    term.expect("Ctrl-C to stop", timeout=60)
    added = term.reply(f"/layoffs feeds add {server.url('/own.xml')}")
    assert "Feed added" in added, added
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute("UPDATE feeds SET disabled = 1, disabled_reason = 'failing for 3 days'")
    listed = term.reply("/layoffs feeds")
    assert f"failing for 3 days (enable it: /layoffs feeds enable {server.url('/own.xml')})" in (
        " ".join(listed.split())
    ), listed
    assert "manager" not in listed, listed
    term.ctrl_c()
    assert term.wait(30) == 0, term.output
