"""Issue 13's low findings, as an attacker or a user meets them: the real `layoffbot`
process (subprocess, real SQLite database in tmp_path, feeds and platform fakes on
127.0.0.1). Each test failed before its fix.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e import bot_env, cli, rss
from tests.feedserver import FeedServer
from tests.test_e2e_slack import STOP_WITHIN, Bot, closed_port

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def bots() -> Iterator[list[Bot]]:
    """`layoffbot run` processes started by a test, killed at its end if still running."""
    started: list[Bot] = []
    yield started
    for bot in started:
        bot.kill()


def _story(title: str, link: str, description: str = "") -> dict[str, object]:
    return {"title": title, "link": link, "description": description, "published": NOW}


def test_a_redirect_to_javascript_is_a_clear_feed_error_every_poll_not_a_crash(
    tmp_path: Path,
) -> None:
    """httpx raises InvalidURL (no HTTPError) while building a redirect to `javascript:`;
    it used to escape as `feed_poll_crashed` with a traceback on every poll."""
    with FeedServer() as server:
        server.route(
            "/feed.xml", body=rss("Desk", [_story("Acme cuts 10 jobs", "https://a.example/1")])
        )
        server.route("/bad.xml", body=rss("Bad", [_story("Initech cuts 5", "https://b.example/1")]))
        env = bot_env(tmp_path)
        for path in ("/feed.xml", "/bad.xml"):
            added = cli("feeds", "add", server.url(path), tmp_path=tmp_path, env=env)
            assert added.returncode == 0, added.stderr
        server.redirect("/feed.xml", "javascript:alert(1)")
        server.redirect("/bad.xml", "http://[::1")
        for _ in range(2):
            polled = cli("poll", "--all", tmp_path=tmp_path, env=env)
            out = polled.stdout + polled.stderr
            assert "Traceback" not in out and "feed_poll_crashed" not in out, out
            assert "unexpected error" not in out, out
            assert "redirected to an invalid URL" in out, out
        assert (
            "redirected to an unusable URL"
            in cli("feeds", "list", tmp_path=tmp_path, env=env).stdout + out
        )


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=\u00e9\u00e9"},
        {"X-Slack-Request-Timestamp": "NOW"},
        {},
    ],
    ids=["timestamp-abc", "timestamp-5000-digits", "non-ascii-signature", "no-signature", "none"],
)
def test_malformed_slack_signature_headers_get_401_and_one_quiet_line(
    tmp_path: Path, bots: list[Bot], headers: dict[str, str]
) -> None:
    """slack_sdk's verifier raised on `int("abc")` and non-ASCII signatures: HTTP 500 and
    an ERROR traceback per unauthenticated request."""
    port = closed_port()
    bot = Bot(
        tmp_path,
        {
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_SIGNING_SECRET": "e2e-signing-secret",
            "LAYOFFBOT_SLACK_PORT": str(port),
            "LAYOFFBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/",
        },
    )
    bots.append(bot)
    bot.wait_for_lines(r"slack: listening on")
    sent = {
        k: (str(int(time.time())) if v == "NOW" else v).encode("utf-8").decode("latin-1")
        for k, v in headers.items()
    }
    body = b"command=%2Flayoffs&text=latest&team_id=T1&channel_id=C1&user_id=U1"
    url = f"http://127.0.0.1:{port}/slack/events"
    sent["Content-Type"] = "application/x-www-form-urlencoded"
    for _ in range(3):
        assert _post(url, body, sent) == 401
    bot.wait_for_lines(r"slack: refused a request", count=3)
    assert bot.stop() < STOP_WITHIN
    assert "Traceback" not in bot.output and "level=ERROR" not in bot.output, bot.output
    refusals = [line for _, line in bot.lines if "refused a request" in line]
    assert len(refusals) == 3 and all("level=INFO" in line for line in refusals), bot.output
