"""The operator's trial of session 13, through the real `layoffbot` process: a database
that fails under a poll (a full disk; PostgreSQL gone), a SQLite file deleted or replaced
under the running bot, SIGHUP, and a misspelled setting.

A full disk is the file size limit (RLIMIT_FSIZE) of the `layoffbot` process: its writes
past the limit fail (EFBIG) as on a full disk, and Python ignores SIGXFSZ."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import BACKENDS
from tests.e2e import (
    assert_no_traceback,
    bot_env,
    bot_process,
    cli,
    cli_ok,
    news_item,
    patience,
    rss,
)
from tests.feedserver import FeedServer, RecordedRequest, Route

# Room for the bot to open the database and record small things (its WAL starts empty),
# not for a poll's batch of 30 long items (~100 KB of WAL).
SMALL_DISK = 48 * 1024


def feed(batch: int, items: int = 30) -> bytes:
    now = datetime.now(UTC)
    text = "Acme said it would cut jobs as AI tools take over its support desk. " * 30
    return rss(
        f"Desk {batch}",
        [news_item(f"Acme cuts {i} jobs", f"b{batch}-{i}", text, now) for i in range(items)],
    )


def cli_on_a_small_disk(
    *args: str, tmp_path: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`layoffbot ARGS` whose files cannot grow past SMALL_DISK."""

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (SMALL_DISK, SMALL_DISK))

    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_disk,
    )


@contextmanager
def failing_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, server: FeedServer
) -> Iterator[tuple[dict[str, str], Callable[..., subprocess.CompletedProcess[str]]]]:
    """The bot's environment, and how to run `layoffbot` so that its database fails once
    the feed is fetched: on SQLite the disk is full, on PostgreSQL the server is cut off
    (a TCP proxy closed by the feed server as it answers)."""
    if backend == "sqlite":
        yield bot_env(tmp_path), cli_on_a_small_disk
        return
    from urllib.parse import urlsplit

    from tests.faults.tcp_proxy import TcpProxy

    url = request.getfixturevalue("pg_schema")
    parts = urlsplit(url)
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    proxy.restore()
    env = bot_env(
        tmp_path,
        LAYOFFBOT_DATABASE_URL=url.replace(
            parts.netloc, f"{parts.username}@127.0.0.1:{proxy.port}"
        ),
    )

    def cut_as_the_feed_is_fetched(
        *args: str, tmp_path: Path, env: dict[str, str]
    ) -> subprocess.CompletedProcess[str]:
        body = feed(2)

        def answer(_request: RecordedRequest) -> Route:
            proxy.cut()
            return Route(body=body)

        server.route("/desk.xml", handler=answer)
        try:
            return cli(*args, tmp_path=tmp_path, env=env)
        finally:
            proxy.restore()

    try:
        yield env, cut_as_the_feed_is_fetched
    finally:
        proxy.cut()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_poll_the_database_fails_under_says_so_once_and_charges_no_feed(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest, server: FeedServer
) -> None:
    """On a full disk `layoffbot poll` printed "error: unexpected error: database error"
    for every feed, logged a 6 KB traceback per feed, counted the failure against each
    feed (backoff; the running bot reported every feed to its channel as failing) and
    exited 0; `feeds add` ended in a traceback."""
    server.route("/desk.xml", body=feed(1))
    url = server.url("/desk.xml")
    with failing_database(backend, tmp_path, request, server) as (env, failing):
        cli_ok(env, tmp_path, "feeds", "add", url)
        server.route("/desk.xml", body=feed(2))
        done = failing("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Desk 1: not stored, the database failed: database error" in done.stdout
        [said] = [line for line in done.stderr.splitlines() if line.startswith("layoffbot:")]
        assert said.startswith("layoffbot: 1 of 1 feed(s) polled but not stored"), said
        assert "feed_poll_crashed" not in done.stderr and "unexpected error" not in done.stdout
        # The feed is not charged for the database's failure (it read "error: unexpected
        # error" in `feeds list`, and was polled again only after its backoff) ...
        listed = cli_ok(env, tmp_path, "feeds", "list")
        assert "│ ok " in listed and "error" not in listed, listed
        # ... and once the database takes writes again, the next poll stores it all.
        server.route("/desk.xml", body=feed(2))
        assert "Desk 1: 30 new items" in cli_ok(env, tmp_path, "poll", "--once")


def test_feeds_add_on_a_full_disk_is_one_line_not_a_traceback(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "db", "upgrade")
    server.route("/desk.xml", body=feed(1))
    done = cli_on_a_small_disk("feeds", "add", server.url("/desk.xml"), tmp_path=tmp_path, env=env)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("layoffbot: database error ("), (
        done.stderr
    )
    assert "free space on the disk that holds the database" in done.stderr


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_the_running_bot_stops_when_its_sqlite_file_is_deleted_or_replaced(
    tmp_path: Path, how: str
) -> None:
    """`rm data/layoffbot.db` (or a backup moved over it) under `layoffbot run`: the bot
    went on polling and storing into the file it held open, which no one could open
    again, and said nothing; `ask` beside it answered from a new, empty one."""
    env = bot_env(tmp_path)
    database = tmp_path / "bot.db"
    with bot_process(tmp_path, env, "run", "--no-console") as bot:
        bot.wait_for_lines("layoffbot running")
        if how == "replaced":  # a restore done without stopping the bot first
            backup = tmp_path / "backup.db"
            with sqlite3.connect(database) as live, sqlite3.connect(backup) as copy:
                live.backup(copy)
            backup.rename(database)
        else:
            for name in ("bot.db", "bot.db-wal", "bot.db-shm"):
                (tmp_path / name).unlink(missing_ok=True)
        code = bot.wait(timeout=20)
    assert code == 1, bot.output
    assert_no_traceback(bot.output)
    assert f"event=database_file_lost reason='the database file {database} was {how}" in bot.stderr
    assert bot.stderr.splitlines()[-1].startswith(
        f"layoffbot: the database file {database} was {how}"
    ), bot.stderr
    assert "Put the database back from a backup" in bot.stderr
    assert "layoffbot stopped." not in bot.stdout


def test_sighup_stops_the_running_bot_cleanly(tmp_path: Path) -> None:
    """SIGHUP (the terminal closed, an ssh session dropped, `kill -HUP`) ended the run
    at once by the default action (exit -1), in the middle of whatever it was doing."""
    if signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
        pytest.skip("SIGHUP is ignored here (nohup): the bot inherits that, as it should")
    with bot_process(tmp_path, bot_env(tmp_path), "run", "--no-console") as bot:
        bot.wait_for_lines("event=scheduler_started")
        assert bot.stop(signal.SIGHUP) < patience(10)
    assert bot.proc.returncode == 0, bot.output
    assert "layoffbot stopped." in bot.stdout


def test_a_misspelled_setting_is_named_with_the_one_it_likely_meant(tmp_path: Path) -> None:
    """`LAYOFFBOT_POLL_INTERVAL_MINUTE=5` was ignored in silence: the bot polled every
    15 minutes and said nothing."""
    (tmp_path / "team.env").write_text("LAYOFBOT_DIGEST_TIME=08:00\nOTHER_TOOL=1\n")
    env = bot_env(
        tmp_path,
        LAYOFFBOT_POLL_INTERVAL_MINUTE="5",
        LAYOFFBOT_ENV_FILE=str(tmp_path / "team.env"),
    )
    done = cli("ask", "/layoffs help", tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[:2] == [
        f"layoffbot: LAYOFBOT_DIGEST_TIME, set in {tmp_path / 'team.env'}, is not a setting:"
        " ignored (did you mean LAYOFFBOT_DIGEST_TIME?).",
        "layoffbot: LAYOFFBOT_POLL_INTERVAL_MINUTE, set in the environment, is not a"
        " setting: ignored (did you mean LAYOFFBOT_POLL_INTERVAL_MINUTES?).",
    ], done.stderr
    assert "OTHER_TOOL" not in done.stderr  # another program's variable in a shared file


@pytest.mark.parametrize("backend", BACKENDS)
def test_feeds_polled_while_the_clock_was_ahead_are_polled_once_it_is_set_back(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest, server: FeedServer
) -> None:
    """A machine that booted a day ahead, set right by NTP later: `layoffbot poll` said
    "No feed is due" (and the running bot polled nothing) until that time came again."""
    from datetime import timedelta

    from sqlalchemy import create_engine, text

    url = request.getfixturevalue("pg_schema") if backend == "postgresql" else None
    env = bot_env(tmp_path, **({"LAYOFFBOT_DATABASE_URL": url} if url else {}))
    server.route("/desk.xml", body=feed(1, items=2))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/desk.xml"))
    ahead = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    engine = create_engine(env["LAYOFFBOT_DATABASE_URL"])
    with engine.begin() as conn:  # as a poll under the clock a day ahead left it
        conn.execute(
            text("UPDATE feeds SET last_polled = :at, next_poll = :next"),
            {"at": ahead, "next": ahead + timedelta(minutes=15)},
        )
    engine.dispose()
    server.route("/desk.xml", body=feed(2, items=2))
    assert "Desk 1: 2 new items" in cli_ok(env, tmp_path, "poll", "--once")


def test_discord_settings_without_the_token_stop_the_start_naming_it(tmp_path: Path) -> None:
    """DISCORD_BOT_TOKEN (misspelled) beside DISCORD_GUILD_IDS: `layoffbot run` started
    with the console and no Discord, saying nothing of it."""
    env = bot_env(tmp_path, DISCORD_BOT_TOKEN="abc", DISCORD_GUILD_IDS="123")
    done = cli("run", "--no-console", tmp_path=tmp_path, env=env, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip() == (
        "layoffbot: DISCORD_GUILD_IDS is set, but DISCORD_TOKEN (the bot token) is missing;"
        " see docs/discord.md"
    )
    assert not (tmp_path / "bot.db").exists()


def test_a_database_in_a_read_only_folder_is_named_as_the_reason_it_cannot_open(
    tmp_path: Path,
) -> None:
    """A data folder left read-only (a read-only mount, a restore as another user):
    "cannot open the database ... unable to open database file", and no more."""
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes whatever the modes say (tests/test_run_stops.py checks the hint)")
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=f"sqlite:///{tmp_path}/data/bot.db")
    (tmp_path / "data").mkdir()
    cli_ok(env, tmp_path, "db", "upgrade")
    for name in ("bot.db-wal", "bot.db-shm"):
        (tmp_path / "data" / name).unlink(missing_ok=True)
    (tmp_path / "data").chmod(0o555)
    try:
        done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    finally:
        (tmp_path / "data").chmod(0o755)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"its folder {tmp_path / 'data'} is read-only here" in done.stderr, done.stderr


def test_poll_loop_says_no_feed_is_due_once_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
) -> None:
    """`layoffbot poll --loop` died by SIGTERM's default action (exit 143, no clean stop,
    unlike `run`), and printed "No feed is due" every cycle. With no feed at all it says
    how to add one (session 19), once."""
    with bot_process(tmp_path, bot_env(tmp_path), "poll", "--loop") as poller:
        poller.wait_for_lines("No feeds to poll yet")
        assert poller.stop(signal.SIGTERM) < patience(10)
    assert poller.proc.returncode == 0, poller.output
    assert_no_traceback(poller.output)
    assert poller.stdout.count("No feeds to poll yet") == 1, poller.stdout
    assert poller.stdout.splitlines()[-1] == "layoffbot poll stopped."


def test_poll_loop_stops_on_sigterm_in_the_middle_of_a_poll(
    tmp_path: Path, server: FeedServer
) -> None:
    """A feed that does not answer: the stop does not wait for it."""
    import threading

    env = bot_env(tmp_path)
    server.route("/desk.xml", body=feed(1, items=2))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/desk.xml"))
    answer = threading.Event()
    server.route("/desk.xml", body=feed(2, items=2), until=answer)
    try:
        with bot_process(tmp_path, env, "poll", "--loop", "--all") as poller:
            poller.wait_for("the poll's request", lambda: len(server.requests_for("/desk.xml")) > 1)
            assert poller.stop(signal.SIGTERM) < patience(10)
    finally:
        answer.set()
    assert poller.proc.returncode == 0, poller.output
    assert_no_traceback(poller.output)
    assert "layoffbot poll stopped." in poller.stdout


def test_feeds_are_listed_in_natural_order_by_the_cli_and_in_chat(tmp_path: Path) -> None:
    """`feeds list` sorted names as text: "feed 1", "feed 10", "feed 100", "feed 2"."""
    from bot.store import Store

    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "db", "upgrade")
    store = Store.open(env["LAYOFFBOT_DATABASE_URL"])
    for name in ["feed 10", "Feed 2", "feed 100", "feed 1"]:
        store.add_feed(f"https://n{name[5:]}.example/feed", name)
    store.close()
    wanted = ["feed 1", "Feed 2", "feed 10", "feed 100"]

    def order(text: str) -> list[str]:
        return sorted(wanted, key=text.index)

    assert order(cli_ok(env, tmp_path, "feeds", "list")) == wanted
    assert order(cli_ok(env, tmp_path, "ask", "/layoffs feeds list")) == wanted


def test_an_llm_key_without_its_url_is_said_at_start(tmp_path: Path) -> None:
    """LAYOFFBOT_LLM_API_KEY without LAYOFFBOT_LLM_URL was ignored in silence."""
    env = bot_env(tmp_path, LAYOFFBOT_LLM_API_KEY="sk-test")
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    [said] = [line for line in done.stderr.splitlines() if "LLM" in line]
    assert said.startswith(
        "layoffbot: LAYOFFBOT_LLM_API_KEY is set, but LAYOFFBOT_LLM_URL is not"
    ), done.stderr
    assert "sk-test" not in done.stderr


def test_an_unwritable_chart_folder_is_said_at_start_and_the_bot_runs(tmp_path: Path) -> None:
    """An unwritable LAYOFFBOT_CHART_DIR was found only when someone asked for a chart."""
    (tmp_path / "file.txt").write_text("")
    charts = tmp_path / "file.txt" / "charts"
    env = bot_env(tmp_path, LAYOFFBOT_CHART_DIR=str(charts))
    with bot_process(tmp_path, env, "run", "--no-console") as bot:
        bot.wait_for_lines("layoffbot running")
        assert bot.stop(signal.SIGTERM) < patience(10)
    assert bot.proc.returncode == 0, bot.output
    [said] = [line for line in bot.stderr.splitlines() if "LAYOFFBOT_CHART_DIR" in line]
    assert said.startswith(
        f"layoffbot: LAYOFFBOT_CHART_DIR: trend charts cannot be saved in {charts}"
    ), bot.stderr
    assert "layoffbot stopped." in bot.stdout


def test_a_feed_whose_add_failed_on_the_database_is_not_left_in_the_list(
    tmp_path: Path, server: FeedServer
) -> None:
    """`feeds add` on a full disk: its row was written, its items were not, and the feed
    stayed in `feeds list` though the add said it failed."""
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "db", "upgrade")
    server.route("/desk.xml", body=feed(1))
    done = cli_on_a_small_disk("feeds", "add", server.url("/desk.xml"), tmp_path=tmp_path, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "layoffbot: database error (" in done.stderr
    assert "No feeds yet" in cli_ok(env, tmp_path, "feeds", "list")
    # ... and adding it again, with room on the disk, works as a first add does.
    assert "Added Desk 1" in cli_ok(env, tmp_path, "feeds", "add", server.url("/desk.xml"))
