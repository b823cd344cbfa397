"""The operator's notes of session 13, through the real `layoffbot` process: the terminal
closed under `run`, the run lock deleted under it, a deleted database never made again
empty, and several feeds removed, enabled or disabled at once."""

from __future__ import annotations

import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e import (
    STOP_WITHIN,
    BotTerminal,
    assert_no_traceback,
    bot_env,
    bot_process,
    cli,
    cli_ok,
    news_item,
    patience,
    rss,
)
from tests.feedserver import FeedServer


@pytest.mark.parametrize("stderr", ["terminal", "file"])
def test_closing_the_terminal_under_run_stops_it_as_sighup_does(
    tmp_path: Path, stderr: str
) -> None:
    """The terminal's window closed (an ssh session dropped) under `layoffbot run`: it
    exited 1 with "cannot write the output to stdout: Input/output error"."""
    log = tmp_path / "stderr.log" if stderr == "file" else None
    terminal = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path), stderr=log)
    try:
        terminal.expect("Ctrl-C to stop")
        terminal.hang_up()
        code = terminal.wait(STOP_WITHIN)
    finally:
        terminal.close()
    assert code == 0  # as a SIGHUP's clean stop (tests/test_e2e_operator_13.py)
    if log is not None:
        said = log.read_text()
        assert_no_traceback(said)
        assert "Input/output error" not in said and "cannot write" not in said, said
    # Stopped cleanly: nothing left claimed, the database whole and free for the next run.
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        claimed = db.execute("SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL")
        assert claimed.fetchone() == (0,)
    db.close()


def test_a_second_run_is_refused_though_the_run_lock_file_was_deleted(tmp_path: Path) -> None:
    """`rm data/*.lock` (a tidy-up) under `layoffbot run`: a second `run` started on the
    same database, and both schedulers sent every alert."""
    env = bot_env(tmp_path)
    lock_file = tmp_path / "bot.db.run.lock"
    with bot_process(tmp_path, env, "run", "--no-console") as first:
        first.wait_for_lines("Ctrl-C to stop")
        lock_file.unlink()
        second = cli("run", "--no-console", tmp_path=tmp_path, env=env, timeout=60)
        assert second.returncode == 2, second.stdout + second.stderr
        assert second.stderr.strip().splitlines()[-1] == (
            f"layoffbot: another `layoffbot run` (pid {first.proc.pid}) is using"
            f" {tmp_path / 'bot.db'}; stop it first (several processes on one database"
            " need PostgreSQL)"
        ), second.stderr
        assert "Ctrl-C to stop" not in second.stdout
        # The first goes on, and puts its lock file back.
        first.wait_for(
            "the lock file back",
            lambda: lock_file.exists() and lock_file.read_text() == str(first.proc.pid),
        )
        assert first.proc.poll() is None
        assert first.stop(signal.SIGTERM) < patience(10)
    assert first.proc.returncode == 0, first.output
    assert_no_traceback(first.output + second.stderr)


def test_a_database_deleted_under_run_is_said_deleted_and_never_made_again_empty(
    tmp_path: Path,
) -> None:
    """`rm bot.db` under a busy `layoffbot run`: a connection the bot opened after it made
    a new, empty database at the path, which the next command then used as the bot's."""
    import subprocess

    from tests.e2e import BotProcess

    env = bot_env(tmp_path)
    database = tmp_path / "bot.db"
    bot = BotProcess("run", tmp_path=tmp_path, env=env, stdin=subprocess.PIPE)
    try:
        bot.wait_for_lines("Ctrl-C to stop")
        for name in ("bot.db", "bot.db-wal", "bot.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        for _ in range(3):  # the bot at work meanwhile: its store opens connections
            bot.type("/layoffs feeds list")
        code = bot.wait(timeout=20)
    finally:
        bot.kill()
    assert code == 1, bot.output
    assert_no_traceback(bot.output)
    assert bot.stderr.splitlines()[-1].startswith(
        f"layoffbot: the database file {database} was deleted while the bot ran"
    ), bot.stderr
    assert not database.exists()  # not made again, empty, by the bot


def test_a_settings_file_read_once_from_a_pipe_still_names_a_misspelled_setting(
    tmp_path: Path,
) -> None:
    """`env LAYOFFBOT_ENV_FILE=<(pass show layoffbot) layoffbot ...`: the settings file was
    read and parsed twice per start (the settings, then the check for misspelled names);
    a pipe gives its text once, so a misspelled name in it was never said."""
    import shlex
    import subprocess
    import sys

    settings = "LAYOFFBOT_POLL_INTERVAL_MINUTES=5\\nLAYOFBOT_DIGEST_TIME=08:00\\n"
    command = (
        f"env LAYOFFBOT_ENV_FILE=<(printf '{settings}') {shlex.quote(sys.executable)}"
        " -m bot ask '/layoffs help'"
    )
    env = {k: v for k, v in bot_env(tmp_path).items() if k != "LAYOFFBOT_ENV_FILE"}
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert_no_traceback(done.stdout + done.stderr)
    [said] = [line for line in done.stderr.splitlines() if "LAYOFBOT_DIGEST_TIME" in line]
    assert said.startswith("layoffbot: LAYOFBOT_DIGEST_TIME, set in /dev/fd/"), said
    assert said.endswith("is not a setting: ignored (did you mean LAYOFFBOT_DIGEST_TIME?).")


def test_feeds_remove_and_enable_take_several_feeds_as_add_does(
    tmp_path: Path, server: FeedServer
) -> None:
    """`layoffbot feeds remove URL1 URL2` (and `enable`, and `/layoffs feeds remove` in
    chat) were refused ("Got unexpected extra argument", "takes one feed address at a
    time") while `/layoffs feeds add` took up to 5."""
    env = bot_env(tmp_path)
    urls = []
    for name in ("a", "b", "c"):
        item = news_item(f"Acme cuts {name}", name, "Acme cut 40 jobs.", datetime.now(UTC))
        server.route(f"/{name}.xml", body=rss(f"Desk {name}", [item]))
        urls.append(server.url(f"/{name}.xml"))
        cli_ok(env, tmp_path, "feeds", "add", urls[-1])
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute(
            "UPDATE feeds SET disabled = 1, disabled_reason = 'gone' WHERE url = ?", urls[:1]
        )
    db.close()
    enabled = cli("feeds", "enable", urls[0], urls[1], tmp_path=tmp_path, env=env)
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr  # one was enabled already
    assert enabled.stdout == (
        f"Enabled Desk a ({urls[0]}); it is polled at the next cycle.\n"
        f"Desk b ({urls[1]}) is already enabled; nothing to do.\n"
    )
    removed = cli(
        "feeds", "remove", urls[0], urls[1], "https://nope.example/rss", tmp_path=tmp_path, env=env
    )
    assert removed.returncode == 1, removed.stdout + removed.stderr
    assert removed.stdout == f"Removed {urls[0]}\nRemoved {urls[1]}\n"
    assert removed.stderr.endswith("No such feed in the global list: https://nope.example/rss\n")
    many = cli(
        "feeds",
        "remove",
        *[f"https://{n}.example/rss" for n in "abcdef"],
        tmp_path=tmp_path,
        env=env,
    )
    assert many.returncode == 2 and "at most 5 feeds at a time; got 6" in many.stderr
    listed = cli_ok(env, tmp_path, "feeds", "list")
    assert "Desk c" in listed and "Desk a" not in listed and "Desk b" not in listed, listed
    assert_no_traceback(enabled.stderr + removed.stderr + many.stderr)


def test_an_alert_a_crashed_bot_claimed_under_a_clock_since_set_back_is_shown_at_start(
    tmp_path: Path,
) -> None:
    """The clock a day ahead (a boot before NTP), the bot killed in the middle of a send,
    the clock set right: the restarted bot left the alert claimed by the dead one for the
    day the clock had been ahead."""
    from datetime import timedelta

    from adapters.console import CONSOLE_CHANNEL, CONSOLE_WORKSPACE
    from bot.models import Message, Section, Target
    from bot.outbox import enqueue_message
    from bot.store import Store

    env = bot_env(tmp_path)
    assert cli("db", "upgrade", tmp_path=tmp_path, env=env).returncode == 0
    store = Store.open(env["LAYOFFBOT_DATABASE_URL"])
    ahead = datetime.now(UTC) + timedelta(days=1)
    console = Target("console", channel_id=CONSOLE_CHANNEL, workspace_id=CONSOLE_WORKSPACE)
    alert = Message(title="Acme cuts 40 jobs", sections=(Section(text="Owed since the crash"),))
    enqueue_message(store, key="alert:1", target=console, message=alert, source="test", now=ahead)
    store.claim_deliveries(worker_id="dead:1", now=ahead, lease=timedelta(minutes=2))
    store.close()
    with bot_process(tmp_path, env, "run") as bot:
        bot.wait_for_lines("Owed since the crash", timeout=30)
        assert bot.stop(signal.SIGTERM) < patience(10)
    assert_no_traceback(bot.output)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT state FROM deliveries").fetchall() == [("sent",)]
    db.close()
