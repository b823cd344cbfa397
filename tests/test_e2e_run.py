"""`layoffbot run` in a terminal: it starts, answers, and stops when the user says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import ROOT, BotTerminal, bot_env, rss
from tests.feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    now = datetime.now(UTC)
    body = rss(
        "Local news",
        [
            {
                "title": "Klarna to cut 700 customer service jobs as AI assistant takes over",
                "link": "https://news.example/klarna-700",
                "description": "Klarna said its AI assistant now does the work of 700 agents.",
                "published": now - timedelta(hours=2),
            }
        ],
    )
    with FeedServer() as server:
        server.route("/feed.xml", body=body)
        yield server


def _start(tmp_path: Path, server: FeedServer) -> BotTerminal:
    from tests.e2e import cli

    env = bot_env(tmp_path)
    added = cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stdout + added.stderr
    polled = cli("poll", "--once", tmp_path=tmp_path, env=env)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    term.expect("Ctrl-C to stop", timeout=60)
    return term


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_run_in_a_terminal_stops_within_5_s_when_asked(
    tmp_path: Path, feed_server: FeedServer, how: str
) -> None:
    term = _start(tmp_path, feed_server)
    try:
        term.command("/layoffs latest", until="Klarna", timeout=60)
        asked = time.monotonic()
        if how == "ctrl-c":
            term.ctrl_c()
        else:
            term.signal(signal.SIGTERM)
        code = term.wait(timeout=5)
        assert time.monotonic() - asked < 5
        assert code == 0, term.output[-2000:]
        assert "layoffbot stopped." in term.output
        assert "Traceback" not in term.output
    finally:
        term.close()


def test_one_stop_delivered_twice_at_once_still_stops_cleanly(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # `timeout` and supervisors that signal a process and its group deliver one SIGTERM
    # twice within milliseconds: that is one request, not "stop now, without waiting".
    term = _start(tmp_path, feed_server)
    try:
        term.proc.send_signal(signal.SIGTERM)
        time.sleep(0.02)  # delivered apart (two pending SIGTERMs would merge into one)
        term.proc.send_signal(signal.SIGTERM)
        assert term.wait(timeout=5) == 0, term.output[-2000:]
        assert "layoffbot stopped." in term.output
        assert "without waiting" not in term.output
    finally:
        term.close()


def test_ctrl_c_while_a_command_runs_lets_it_finish_and_stops(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    term = _start(tmp_path, feed_server)
    try:
        start = len(term.output)
        term.type("/layoffs trends 1y")  # draws a chart: the slowest command
        term.ctrl_c()
        assert term.wait(timeout=5) == 0, term.output[-2000:]
        assert "Traceback" not in term.output[start:], term.output[start:]
    finally:
        term.close()


def test_a_stop_delivered_twice_as_the_loop_closes_does_not_kill_the_rest_of_the_stop() -> None:
    # The second of two SIGTERMs 20 ms apart can arrive after the event loop closed (a
    # quick clean stop): the loop's handlers are gone then, and the default action ended
    # the process before the parse worker and the database were closed (exit -15).
    program = textwrap.dedent(
        """
        import os, signal, time
        from bot.cli.run import StopSignals
        signals = StopSignals()
        signals._installed = True  # as after the loop's handlers (main thread)
        signals.outlive_loop()
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
        print("stopping cleanly:", signals.stop.is_set())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "stopping cleanly: True" in done.stdout


@pytest.mark.parametrize(("signum", "ends_now"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_a_second_ctrl_c_a_moment_later_ends_the_process_now_a_second_sigterm_does_not(
    signum: int, ends_now: bool
) -> None:
    # For a clean stop that hangs (a database or platform that does not answer): a person's
    # second Ctrl-C ends the process at once, while a second SIGTERM within a second is
    # taken for the first delivered twice (a loaded machine hands it to the loop late).
    program = textwrap.dedent(
        f"""
        import os, time
        from bot.cli.run import StopSignals
        signals = StopSignals()
        signals._installed = True
        signals.outlive_loop()
        os.kill(os.getpid(), {int(signum)})
        time.sleep(0.3)
        os.kill(os.getpid(), {int(signum)})
        time.sleep(0.3)
        print("stopping cleanly:", signals.stop.is_set())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    if ends_now:
        assert done.returncode == 128 + signum, (done.stdout, done.stderr)
        assert "stopping now, without waiting" in done.stderr
        assert "stopping cleanly" not in done.stdout
    else:
        assert done.returncode == 0, done.stderr
        assert "stopping cleanly: True" in done.stdout


def test_ctrl_d_at_the_prompt_says_commands_are_no_longer_read_and_quit_ignores_case(
    tmp_path: Path,
) -> None:
    """Ctrl-D stopped the reading silently (later commands vanished), and `Quit` was
    looked up as a company (it found 'Vista Equity': e-QUIT-y)."""
    env = bot_env(tmp_path)
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        os.write(term.master, b"\x04")
        term.expect("End of input: commands are no longer read. Ctrl-C stops.")
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        term.type("Quit")
        assert term.wait(10) == 0, term.output
        assert "No stories" not in term.output, term.output
    finally:
        term.close()


def test_ctrl_d_on_a_half_typed_line_does_not_run_it(tmp_path: Path) -> None:
    """'/layoffs subscr' then Ctrl-D twice ran the half-typed line as a company lookup
    ('No stories yet about Subscr'): the terminal hands over a line cut off by Ctrl-D."""
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        os.write(term.master, b"/layoffs subscr\x04")
        time.sleep(0.3)
        os.write(term.master, b"\x04")
        term.expect("End of input: commands are no longer read. Ctrl-C stops.")
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()
    assert "Not run (no Enter before Ctrl-D): /layoffs subscr" in term.output, term.output
    assert "Subscr ==" not in term.output, term.output


def test_the_database_gone_just_after_start_is_said_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # PostgreSQL trial: the database dropping in `run`'s first second ended it with a
    # StoreError traceback from the "layoffbot running" line's feed count.
    from bot.cli.run import _say_running
    from bot.config import Settings
    from bot.errors import DatabaseUnavailable

    class GoneStore:
        def list_feeds(self) -> list[object]:
            raise DatabaseUnavailable("database error (OperationalError): connection refused")

    _say_running(Settings(), GoneStore(), [], leading=True)  # type: ignore[arg-type]
    said = capsys.readouterr().out
    assert "the database is not answering yet: polling every 15 min once it does" in said, said
