"""Operator mistakes and hostile environments, seen from the real `layoffbot` process:
each gives one clear line naming the cause, and loses nothing already stored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import assert_no_traceback, bot_env, cli


@pytest.mark.parametrize(
    "args",
    [("feeds", "list"), ("feeds", "export"), ("ask", "/layoffs help"), ("run",)],
    ids=["table", "opml", "line", "run"],
)
def test_a_command_whose_stdout_is_full_says_so_in_one_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`layoffbot feeds list > /dev/full` was an OSError traceback (ENOSPC)."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env=bot_env(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert_no_traceback(done.stderr)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "layoffbot: cannot write the output to stdout: No space left on device"
    ), done.stderr
    assert "Exception ignored" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:x.db",
        "sqlite://x.db",
        "sqlitex:///x.db",
        "postgresql+psycopg2://bob:s3cretpw@127.0.0.1/db",
        "postgresql+psycopg://bob:s3cretpw@127.0.0.1:notaport/db",
    ],
)
def test_a_database_url_sqlalchemy_cannot_open_stops_the_start_naming_the_variable(
    tmp_path: Path, url: str
) -> None:
    """These passed the settings check, then failed at the first use of the database
    ('cannot open the database (StoreError): ... Could not parse SQLAlchemy URL'), or
    made a database named after the URL."""
    done = cli(
        "ask",
        "/layoffs latest",
        tmp_path=tmp_path,
        env=bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url),
    )
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "invalid setting: LAYOFFBOT_DATABASE_URL" in done.stderr, done.stderr
    assert "s3cretpw" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    ["sqlite:///{tmp}/bot.db?timeout=5", "sqlite+pysqlite:///{tmp}/bot.db"],
)
def test_a_sqlite_url_with_a_driver_or_options_still_opens(tmp_path: Path, url: str) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url.format(tmp=tmp_path))
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "bot.db").exists()


@pytest.mark.parametrize(
    "url", ["http://", "http:///v1", "http://:11434/v1", "http://host:port/v1"]
)
def test_an_llm_url_without_a_host_stops_the_start_naming_the_variable(
    tmp_path: Path, url: str
) -> None:
    """`LAYOFFBOT_LLM_URL=http://` was taken: each summary then failed at its call."""
    env = bot_env(tmp_path, LAYOFFBOT_LLM_URL=url, LAYOFFBOT_LLM_MODEL="llama3.1:8b")
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "invalid setting: LAYOFFBOT_LLM_URL" in done.stderr, done.stderr


def _limit_memory() -> None:  # in the child: a regression fails with MemoryError, not OOM
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1500 * 1024 * 1024, 1500 * 1024 * 1024))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("feeds", "import", "/dev/zero"), "/dev/zero: invalid OPML: larger than 5 MiB"),
        (("tag", "/dev/zero"), "layoffbot: /dev/zero: larger than 15 MiB"),
    ],
    ids=["import", "tag"],
)
def test_a_file_that_never_ends_is_read_only_as_far_as_the_size_limit(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    """`layoffbot feeds import /dev/zero` (or a pipe that never ends) read until memory ran
    out: a MemoryError traceback, or the machine's OOM killer."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=bot_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        timeout=60,
    )
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 1, done.stderr
    assert said in done.stderr, done.stderr


def test_a_sqlite_url_naming_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    """It was 'cannot open the database (StoreError): database error (OperationalError):
    unable to open database file'."""
    (tmp_path / "data").mkdir()
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=f"sqlite:///{tmp_path}/data")
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip() == (
        f"layoffbot: the database {tmp_path}/data is a folder: LAYOFFBOT_DATABASE_URL names"
        f" the database file, e.g. sqlite:///{tmp_path}/data/layoffbot.db"
    ), done.stderr


def test_an_env_file_given_as_a_pipe_is_read(tmp_path: Path) -> None:
    """`LAYOFFBOT_ENV_FILE=<(pass show layoffbot)` names a pipe: it was not a regular
    file, so its settings were ignored in silence (and the bot ran without them)."""
    import os
    import threading

    fifo = tmp_path / "secrets.env"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as pipe:  # blocks until the bot opens it
            pipe.write("LAYOFFBOT_LOG_LEVEL=chatty\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    env = bot_env(tmp_path, LAYOFFBOT_ENV_FILE=str(fifo))
    done = cli("db", "upgrade", tmp_path=tmp_path, env=env, timeout=30)
    if writer.is_alive():  # never read: let the writer go
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "LAYOFFBOT_LOG_LEVEL" in done.stderr, done.stderr


def test_an_env_file_that_never_ends_is_refused_naming_it(tmp_path: Path) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_ENV_FILE="/dev/zero")
    done = cli("db", "upgrade", tmp_path=tmp_path, env=env, timeout=30)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip() == "layoffbot: invalid setting file /dev/zero: larger than 1 MiB"


def test_a_database_a_newer_layoffbot_upgraded_says_so_and_is_left_as_it_is(
    tmp_path: Path,
) -> None:
    """Started on a database a newer version had migrated (a roll-back after an upgrade),
    it said 'cannot open the database (CommandError): Can't locate revision identified
    by ...', which left the operator to guess."""
    import sqlite3

    assert cli("db", "upgrade", tmp_path=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0999'")
    for args in (("ask", "/layoffs latest"), ("db", "upgrade")):
        done = cli(*args, tmp_path=tmp_path)
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "revision 0999, which this layoffbot does not know" in done.stderr, done.stderr
        assert "a newer layoffbot upgraded it" in done.stderr, done.stderr
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0999",)]
