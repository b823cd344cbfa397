"""Settings mistakes a new user makes, seen from the real `layoffbot` process.

Found by trying the bot as a new user after the settings were grouped per adapter
(settings.slack/.discord/.llm): the README promises that a bad value stops the bot at
start with a message naming the variable, and half of an LLM set-up was taken in silence.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import assert_no_traceback, bot_env, cli


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"LAYOFFBOT_LLM_URL": "http://127.0.0.1:11434/v1"}, "LAYOFFBOT_LLM_MODEL"),
        ({"LAYOFFBOT_LLM_MODEL": "llama3.1:8b"}, "LAYOFFBOT_LLM_URL"),
        (
            {"LAYOFFBOT_LLM_URL": "localhost:11434/v1", "LAYOFFBOT_LLM_MODEL": "m"},
            "LAYOFFBOT_LLM_URL",
        ),
    ],
    ids=["url-without-model", "model-without-url", "url-without-scheme"],
)
def test_a_half_or_malformed_llm_setup_stops_the_start_naming_the_variable(
    tmp_path: Path, extra: dict[str, str], named: str
) -> None:
    """Without this, the bot ran on the rules alone and the user believed the model judged."""
    env = bot_env(tmp_path, **extra)
    for args in (("run",), ("ask", "/layoffs latest")):
        done = cli(*args, tmp_path=tmp_path, env=env, timeout=30)
        assert done.returncode != 0, done.stdout + done.stderr
        assert named in done.stderr, done.stderr
        assert_no_traceback(done.stdout + done.stderr)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_APP_TOKEN": "xapp-1",
                "LAYOFFBOT_SLACK_API_URL": "slack.test/api",
            },
            "LAYOFFBOT_SLACK_API_URL",
        ),
        (
            {"DISCORD_TOKEN": "abc", "LAYOFFBOT_DISCORD_API_URL": "nope"},
            "LAYOFFBOT_DISCORD_API_URL",
        ),
    ],
    ids=["slack", "discord"],
)
def test_a_platform_api_url_without_a_scheme_stops_the_start_naming_the_variable(
    tmp_path: Path, extra: dict[str, str], named: str
) -> None:
    """Slack retried forever with 'cannot reach Slack (InvalidUrlClientError: ...): check
    the network', naming no setting."""
    done = cli("run", tmp_path=tmp_path, env=bot_env(tmp_path, **extra), timeout=30)
    assert done.returncode != 0, done.stdout + done.stderr
    assert named in done.stderr, done.stderr
    assert_no_traceback(done.stdout + done.stderr)


def test_a_complete_llm_setup_starts(tmp_path: Path) -> None:
    env = bot_env(
        tmp_path, LAYOFFBOT_LLM_URL="http://127.0.0.1:9/v1", LAYOFFBOT_LLM_MODEL="llama3.1:8b"
    )
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///"])
def test_an_in_memory_sqlite_url_stops_the_start_naming_the_variable(
    tmp_path: Path, url: str
) -> None:
    """Each connection would get its own empty database: it was a traceback ('no such
    table: meta'), after 'created a new, empty database at ./sqlite:'."""
    done = cli(
        "ask",
        "/layoffs latest",
        tmp_path=tmp_path,
        env=bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url),
    )
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode != 0
    assert "LAYOFFBOT_DATABASE_URL" in done.stderr, done.stderr
    assert "created a new" not in done.stderr, done.stderr


def _env_with_dotenv(tmp_path: Path, content: bytes) -> dict[str, str]:
    """A user's `.env` in the directory the bot is started from (bot_env names none)."""
    (tmp_path / ".env").write_bytes(content)
    env = bot_env(tmp_path)
    del env["LAYOFFBOT_ENV_FILE"]
    return env


@pytest.mark.parametrize(
    "content",
    [b"LAYOFFBOT_LOG_LEVEL=d\xe9bug\n", b"\xff\xfeL\x00=\x00x\x00\n\x00"],
    ids=["latin-1", "utf-16"],
)
def test_a_dotenv_file_that_is_not_utf8_stops_the_start_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    """A .env saved as Latin-1 or UTF-16 (Windows editors) was a UnicodeDecodeError traceback."""
    done = cli("db", "upgrade", tmp_path=tmp_path, env=_env_with_dotenv(tmp_path, content))
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert ".env" in done.stderr and "UTF-8" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    "line",
    [
        b'LAYOFFBOT_LOG_LEVEL="debug\n',
        b"LAYOFFBOT_LOG_LEVEL debug\n",
        b"=debug\n",
        b"LAYOFFBOT_LOG_LEVEL\n",
    ],
    ids=["unclosed-quote", "no-equals", "no-name", "a-name-alone"],
)
def test_a_dotenv_line_that_cannot_be_read_stops_the_start_naming_the_line(
    tmp_path: Path, line: bytes
) -> None:
    """python-dotenv warned 'could not parse statement starting at line 2' and the bot
    started without the setting: the user believed it was set."""
    content = b"# my settings\n" + line + b"LAYOFFBOT_DIGEST_TIMEZONE=Europe/Paris\n"
    done = cli("db", "upgrade", tmp_path=tmp_path, env=_env_with_dotenv(tmp_path, content))
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert ".env" in done.stderr and "line 2" in done.stderr, done.stderr
    assert "python-dotenv" not in done.stderr, done.stderr


def test_a_well_formed_dotenv_file_with_comments_quotes_and_export_is_read(
    tmp_path: Path,
) -> None:
    content = (
        b"\xef\xbb\xbf# settings\r\n\r\nexport layoffbot_digest_timezone = 'Europe/Paris'\r\n"
        b'LAYOFFBOT_LOG_LEVEL="bogus"  # a comment\r\nLAYOFFBOT_MANAGERS=\r\n'
    )
    done = cli("db", "upgrade", tmp_path=tmp_path, env=_env_with_dotenv(tmp_path, content))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "LAYOFFBOT_LOG_LEVEL" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_reply_the_terminal_cannot_encode_is_printed_with_replacements(
    tmp_path: Path, encoding: str
) -> None:
    """On a terminal that is not UTF-8, a reply naming a company with an emoji or a
    non-Latin letter was a UnicodeEncodeError traceback, and the error line with it."""
    env = bot_env(tmp_path, PYTHONIOENCODING=encoding)

    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True
        )
        return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)

    code, out, err = run("ask", "/layoffs Zürich 🎉 東京")
    assert_no_traceback(out + err)
    assert code == 0, err
    assert "No stories yet about" in out, out
    assert ("Zürich" if encoding == "latin-1" else "Z?rich") in out, out
    code, out, err = run("feeds", "add", "http://🎉.invalid/")
    assert_no_traceback(out + err)
    assert code != 0 and "layoffbot:" in err, out + err


@pytest.mark.parametrize("args", [("db", "upgrade"), ("ask", "/layoffs help")])
def test_a_command_started_with_stdout_closed_runs_without_a_traceback(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`layoffbot ... >&-` (as some service managers start it): since plain lines no longer
    go through rich, which wrote nowhere, each was an AttributeError traceback on stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=bot_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
        timeout=60,
    )
    assert_no_traceback(done.stderr)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["settings.env", "missing-folder/.env", "."])
def test_an_env_file_named_that_does_not_exist_stops_the_start_naming_the_variable(
    tmp_path: Path, name: str
) -> None:
    """LAYOFFBOT_ENV_FILE with a typo (or naming a folder) was ignored in silence: the bot
    started on its defaults while the user believed their file was read."""
    env = bot_env(tmp_path, LAYOFFBOT_ENV_FILE=name)
    done = cli("db", "upgrade", tmp_path=tmp_path, env=env)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "LAYOFFBOT_ENV_FILE" in done.stderr, done.stderr
    assert not (tmp_path / "bot.db").exists()


def test_the_default_digest_time_and_zone_are_written_as_the_command_takes_them(
    tmp_path: Path,
) -> None:
    """`/layoffs digest on 8am London` worked, LAYOFFBOT_DIGEST_TIME=8am and
    LAYOFFBOT_DIGEST_TIMEZONE=London stopped the start ('unknown time zone')."""
    env = bot_env(tmp_path, LAYOFFBOT_DIGEST_TIME="8am", LAYOFFBOT_DIGEST_TIMEZONE="London")
    done = cli("ask", "/layoffs digest on", tmp_path=tmp_path, env=env, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every day at 08:00 (Europe/London)" in done.stdout, done.stdout
    env |= {"LAYOFFBOT_DIGEST_TIMEZONE": "UTC+2"}
    done = cli("ask", "/layoffs help", tmp_path=tmp_path, env=env, timeout=60)
    assert done.returncode != 0 and "LAYOFFBOT_DIGEST_TIMEZONE" in done.stderr, done.stderr
    assert "fixed offset" in done.stderr, done.stderr
    assert_no_traceback(done.stdout + done.stderr)
