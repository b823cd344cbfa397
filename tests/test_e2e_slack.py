"""`layoffbot run` with Slack, as a user runs it: a real process, real signals, a real
SQLite database, and Slack's endpoints on 127.0.0.1 (a fake Slack, or a closed port).

Socket Mode gets its WebSocket URL from `apps.connections.open` on the Web API, so
LAYOFFBOT_SLACK_API_URL alone points the whole connection at the fake.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack.fake_slack import FakeSlack, FakeSlackThread

STOP_WITHIN = 10.0


class Bot:
    """A running `layoffbot run`; its output (stdout and stderr) read line by line."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        for name in list(full_env):
            if name.startswith(("SLACK_", "DISCORD_", "LAYOFFBOT_")):
                del full_env[name]
        full_env |= {
            "LAYOFFBOT_DATABASE_URL": f"sqlite:///{tmp_path}/e2e.db",
            "LAYOFFBOT_ENV_FILE": os.devnull,
            "LAYOFFBOT_DEFAULT_FEEDS": "false",
            "LAYOFFBOT_LOG_LEVEL": "INFO",
            "COLUMNS": "200",
        }
        full_env.update(env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def wait_for_lines(self, pattern: str, count: int = 1, timeout: float = 15.0) -> list[float]:
        """Wait until `count` lines match `pattern`; the times they were read."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                hits = [t for t, line in self.lines if regex.search(line)]
                if len(hits) >= count:
                    return hits[:count]
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(
                        f"wanted {count} line(s) matching {pattern!r}; output:\n{self.output}"
                    )
                self._changed.wait(min(left, 0.2))

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """Send `sig`; the seconds until the process exited (it is killed after 10 s)."""
        started = time.monotonic()
        self.proc.send_signal(sig)
        try:
            self.proc.wait(STOP_WITHIN)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._reader.join(5)
            raise AssertionError(
                f"layoffbot did not stop within {STOP_WITHIN} s of {sig!r}; output:\n{self.output}"
            ) from None
        self._reader.join(5)
        return time.monotonic() - started

    def wait(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._reader.join(5)
            raise AssertionError(f"layoffbot kept running; output:\n{self.output}") from None
        self._reader.join(5)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(5)


@pytest.fixture
def bots() -> Iterator[list[Bot]]:
    started: list[Bot] = []
    yield started
    for bot in started:
        bot.kill()


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_no_traceback(bot: Bot) -> None:
    assert "Traceback" not in bot.output, bot.output
    assert 'File "' not in bot.output, bot.output


RETRY_LINE = r"slack: .*; retrying in (\d+(?:\.\d)?) s"


def retry_delays(bot: Bot) -> list[float]:
    return [float(m.group(1)) for m in re.finditer(RETRY_LINE, bot.output)]


# --- bug 2: Socket Mode unreachable -------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_socket_mode_with_slack_unreachable_retries_with_backoff_and_stops_on_signal(
    tmp_path: Path, bots: list[Bot], sig: int
) -> None:
    port = closed_port()
    bot = Bot(
        tmp_path,
        {
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_APP_TOKEN": "xapp-e2e",
            "LAYOFFBOT_SLACK_API_URL": f"http://127.0.0.1:{port}/api/",
        },
    )
    bots.append(bot)
    bot.wait_for_lines(r"layoffbot running \(slack\)", timeout=15)
    times = bot.wait_for_lines(RETRY_LINE, count=2, timeout=15)
    delays = retry_delays(bot)
    assert delays[1] > delays[0], bot.output  # the delay grows
    assert times[1] - times[0] >= delays[0] - 0.5, bot.output  # and is honoured
    attempts = [line for _, line in bot.lines if "slack:" in line and "retrying in" in line]
    assert all("cannot reach Slack" in line for line in attempts), bot.output
    assert all("connection refused" in line for line in attempts), bot.output
    assert all("check the network" in line for line in attempts), bot.output
    assert bot.stop(sig) < STOP_WITHIN
    assert bot.proc.returncode == 0, bot.output
    assert "layoffbot stopped." in bot.output
    assert_no_traceback(bot)
    assert "level=ERROR" not in bot.output, bot.output


def test_socket_mode_with_a_rejected_app_token_says_so_once_per_attempt_and_stops(
    tmp_path: Path, bots: list[Bot]
) -> None:
    with FakeSlackThread() as slack:
        slack.fake.fail("apps.connections.open", times=1000, error="invalid_auth")
        bot = Bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_APP_TOKEN": "xapp-wrong",
                "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
            },
        )
        bots.append(bot)
        bot.wait_for_lines(RETRY_LINE, count=2, timeout=15)
        attempts = [line for _, line in bot.lines if "retrying in" in line]
        for line in attempts:
            assert "Slack rejected SLACK_APP_TOKEN (invalid_auth)" in line, bot.output
            assert "connections:write" in line, bot.output
        assert (
            len(slack.fake.calls_to("apps.connections.open")) == len(attempts)
            or len(slack.fake.calls_to("apps.connections.open")) == len(attempts) + 1
        )
        assert retry_delays(bot)[1] > retry_delays(bot)[0]
        assert bot.stop(signal.SIGTERM) < STOP_WITHIN
        assert bot.proc.returncode == 0, bot.output
        assert_no_traceback(bot)


# --- bug 9 and settings: one clear line, non-zero exit ---------------------------------------


def test_slack_http_port_in_use_fails_with_one_line_naming_the_setting(
    tmp_path: Path, bots: list[Bot]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        bot = Bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_SIGNING_SECRET": "secret",
                "LAYOFFBOT_SLACK_PORT": str(port),
                "LAYOFFBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/",
            },
        )
        bots.append(bot)
        code = bot.wait(15)
    assert code != 0, bot.output
    assert_no_traceback(bot)
    problem = [line for _, line in bot.lines if "LAYOFFBOT_SLACK_PORT" in line]
    assert len(problem) == 1, bot.output
    assert "already in use" in problem[0]
    assert str(port) in problem[0]


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-e2e"}, ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")),
        ({"SLACK_APP_TOKEN": "xapp-e2e"}, ("SLACK_BOT_TOKEN",)),
    ],
    ids=["bot-token-only", "app-token-only"],
)
def test_half_configured_slack_fails_at_start_naming_the_missing_variable(
    tmp_path: Path, bots: list[Bot], env: dict[str, str], missing: tuple[str, ...]
) -> None:
    bot = Bot(tmp_path, env)
    bots.append(bot)
    code = bot.wait(15)
    assert code != 0, bot.output
    assert "layoffbot running" not in bot.output  # no silent fall-back to the console
    assert_no_traceback(bot)
    for name in missing:
        assert name in bot.output
    assert len(bot.lines) <= 2, bot.output


# --- a working Socket Mode connection (the fake) ------------------------------------------


def slash_payload(fake: FakeSlack, text: str, *, channel: str = "C1") -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": "T1",
        "team_domain": "fake",
        "channel_id": channel,
        "channel_name": "news",
        "user_id": "U1",
        "user_name": "ana",
        "command": "/layoffs",
        "text": text,
        "api_app_id": "A1",
        "is_enterprise_install": "false",
        "response_url": fake.response_url("digest"),
        "trigger_id": "1.2.3",
    }


def connected_bot(tmp_path: Path, slack: FakeSlackThread) -> Bot:
    bot = Bot(
        tmp_path,
        {
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_APP_TOKEN": "xapp-e2e",
            "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
            "LAYOFFBOT_MANAGERS": "U1",
        },
    )
    bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=15)
    return bot


def test_digest_now_in_a_channel_posts_the_digest_and_says_so(
    tmp_path: Path, bots: list[Bot]
) -> None:
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, "digest now"))
        fake = slack.fake
        slack.wait_for(lambda: fake.responses and any(p.channel == "C1" for p in fake.posted))
        reply = str(fake.responses[0])
        assert "Sorry" not in reply, reply
        assert "on its way" in reply.lower() or "posting" in reply.lower(), reply
        assert bot.stop() < STOP_WITHIN
    assert_no_traceback(bot)


def test_start_against_slack_logs_no_library_warnings(tmp_path: Path, bots: list[Bot]) -> None:
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, "help"))
        slack.wait_for(lambda: slack.fake.responses)
        assert bot.stop() < STOP_WITHIN
    warnings = [line for _, line in bot.lines if "level=WARNING" in line or "Warning" in line]
    assert warnings == [], bot.output
    assert "will be unused" not in bot.output


def test_direct_message_is_answered_like_the_command(tmp_path: Path, bots: list[Bot]) -> None:
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for ts, text in (("1.0", "subscribe IBM"), ("2.0", "/layoffs subscriptions")):
            event = {
                "type": "message",
                "channel": "D1",
                "channel_type": "im",
                "user": "U1",
                "text": text,
                "ts": ts,
                "event_ts": ts,
            }
            slack.send_envelope(
                "events_api",
                {
                    "token": "legacy",
                    "team_id": "T1",
                    "api_app_id": "A1",
                    "event": event,
                    "type": "event_callback",
                    "event_id": f"Ev{ts}",
                    "event_time": 1700000001,
                },
            )
            slack.wait_for(lambda: any(p.channel == "D1" for p in slack.fake.posted))
            answer = slack.fake.posted.pop()
            assert answer.channel == "D1"
            assert "IBM" in answer.text + str(answer.blocks), answer
            assert "Sorry" not in answer.text, answer
        assert bot.stop() < STOP_WITHIN
    assert_no_traceback(bot)
