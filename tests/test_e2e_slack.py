"""`layoffbot run` with Slack, as a user runs it: a real process, real signals, a real
SQLite database, and Slack's endpoints on 127.0.0.1 (a fake Slack, or a closed port).

Socket Mode gets its WebSocket URL from `apps.connections.open` on the Web API, so
LAYOFFBOT_SLACK_API_URL alone points the whole connection at the fake.
"""

from __future__ import annotations

import itertools
import json
import re
import signal
import socket
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import (
    STOP_WITHIN,
    BotProcess,
    assert_no_traceback,
    bots,
    closed_port,
    start_bot,
)
from tests.slack.fake_slack import FakeSlack, FakeSlackThread, dm_event, share_click

__all__ = ["bots"]  # a fixture, used by name


RETRY_LINE = r"slack: .*; retrying in (\d+(?:\.\d)?) s"


def retry_delays(bot: BotProcess) -> list[float]:
    return [float(m.group(1)) for m in re.finditer(RETRY_LINE, bot.output)]


# --- bug 2: Socket Mode unreachable -------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_socket_mode_with_slack_unreachable_retries_with_backoff_and_stops_on_signal(
    tmp_path: Path, bots: list[BotProcess], sig: int
) -> None:
    port = closed_port()
    bot = start_bot(
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
    assert_no_traceback(bot.output)
    assert "level=ERROR" not in bot.output, bot.output


def test_socket_mode_with_a_rejected_app_token_says_so_once_per_attempt_and_stops(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    with FakeSlackThread() as slack:
        slack.fake.fail("apps.connections.open", times=1000, error="invalid_auth")
        bot = start_bot(
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
        assert_no_traceback(bot.output)


# --- bug 9 and settings: one clear line, non-zero exit ---------------------------------------


def test_slack_http_port_in_use_fails_with_one_line_naming_the_setting(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        bot = start_bot(
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
    assert_no_traceback(bot.output)
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
    tmp_path: Path, bots: list[BotProcess], env: dict[str, str], missing: tuple[str, ...]
) -> None:
    bot = start_bot(tmp_path, env)
    bots.append(bot)
    code = bot.wait(15)
    assert code != 0, bot.output
    assert "layoffbot running" not in bot.output  # no silent fall-back to the console
    assert_no_traceback(bot.output)
    for name in missing:
        assert name in bot.output
    assert len(bot.lines) <= 2, bot.output


def test_slack_tokens_pasted_into_each_others_variables_stop_the_start_saying_which(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """The two tokens swapped (an easy slip: both are copied from the app's pages) started
    the bot, which then logged only 'invalid_auth' (or, offline, 'cannot reach Slack') on
    every retry; a new user learnt neither that nor which token went where."""
    bot = start_bot(tmp_path, {"SLACK_BOT_TOKEN": "xapp-1-A", "SLACK_APP_TOKEN": "xoxb-1-B"})
    bots.append(bot)
    assert bot.wait(15) != 0, bot.output
    assert "layoffbot running" not in bot.output
    assert_no_traceback(bot.output)
    assert "SLACK_BOT_TOKEN holds an app-level token (xapp-...)" in bot.output, bot.output
    assert "xoxb-1-B" not in bot.output and "xapp-1-A" not in bot.output, bot.output


# --- a working Socket Mode connection (the fake) ------------------------------------------


def slash_payload(
    fake: FakeSlack,
    text: str,
    *,
    channel: str = "C1",
    user: str = "U1",
    team: str = "T1",
    response: str = "digest",
) -> dict[str, str]:
    """Slack's payload of `/layoffs TEXT` typed by `user` in `channel` of workspace
    `team`; the bot answers at the fake's response URL named `response`."""
    return {
        "token": "legacy",
        "team_id": team,
        "team_domain": "fake",
        "channel_id": channel,
        "channel_name": "news",
        "user_id": user,
        "user_name": "ana" if user == "U1" else user.lower(),
        "command": "/layoffs",
        "text": text,
        "api_app_id": "A1",
        "is_enterprise_install": "false",
        "response_url": fake.response_url(response),
        "trigger_id": "1.2.3",
    }


def slash(
    slack: FakeSlackThread,
    text: str,
    *,
    timeout: float = 10.0,
    extra: dict[str, str] | None = None,
    **where: str,
) -> list[dict[str, Any]]:
    """Type `/layoffs TEXT` in Slack (channel C1, manager U1, unless `channel=`/`user=`
    say; `extra` fields over the payload's) and wait for the bot's answer: the responses it
    made since, in order."""
    fake = slack.fake
    seen = len(fake.responses)
    slack.send_envelope("slash_commands", slash_payload(fake, text, **where) | (extra or {}))
    slack.wait_for(lambda: len(fake.responses) > seen, timeout)
    return fake.responses[seen:]


def says(slack: FakeSlackThread, text: str) -> str:
    """What the bot answered `/layoffs TEXT` typed in Slack's channel C1 by a manager."""
    return json.dumps(slash(slack, text), ensure_ascii=False)


_TS = itertools.count(1)


def send_dm(slack: FakeSlackThread, text: str, user: str = "U1") -> str:
    """`text` sent to the bot in the user's DM (the fake opens `D<n>` for `U<n>`); the
    DM's channel."""
    channel = "D" + user.removeprefix("U")
    ts = f"{next(_TS)}.0"
    event = {"channel": channel, "user": user, "ts": ts, "event_ts": ts}
    slack.send_envelope("events_api", dm_event(text, **event))
    return channel


def direct_message(slack: FakeSlackThread, text: str, user: str = "U1") -> str:
    """`send_dm`, and the bot's answer there."""
    channel = "D" + user.removeprefix("U")
    seen = len([p for p in slack.fake.posted if p.channel == channel])
    send_dm(slack, text, user)
    slack.wait_for(lambda: len([p for p in slack.fake.posted if p.channel == channel]) > seen)
    answer = [p for p in slack.fake.posted if p.channel == channel][seen]
    return answer.text + str(answer.blocks)


def connected_bot(
    tmp_path: Path,
    slack: FakeSlackThread,
    *,
    managers: str = "U1",
    timeout: float = 15.0,
    **extra: str,
) -> BotProcess:
    """`layoffbot run` connected over Socket Mode to the fake Slack (within `timeout`
    seconds; killed if not), `managers` its LAYOFFBOT_MANAGERS, `extra` more environment."""
    bot = start_bot(
        tmp_path,
        {
            **extra,
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_APP_TOKEN": "xapp-e2e",
            "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
            "LAYOFFBOT_MANAGERS": managers,
        },
    )
    try:
        bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=timeout)
    except BaseException:
        bot.kill()
        raise
    return bot


def test_digest_now_in_a_channel_posts_the_digest_and_says_so(
    tmp_path: Path, bots: list[BotProcess]
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
    assert_no_traceback(bot.output)


def test_a_user_in_layoffbot_managers_sets_a_channels_alerts_and_a_member_may_not(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    # README said LAYOFFBOT_MANAGERS covers "digests and feeds"; it covers a channel's
    # alerts too. U1 is listed there, Slack says both are plain members (not admins).
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        fake = slack.fake
        for user in ("U2", "U1"):
            slack.send_envelope(
                "slash_commands", slash_payload(fake, "subscribe Klarna here", user=user)
            )
            slack.wait_for(lambda user=user: len(fake.responses) == 1 + (user == "U1"))
        refused, allowed = (str(r) for r in fake.responses)
        assert "Only channel managers" in refused and "LAYOFFBOT_MANAGERS" in refused, refused
        assert (
            "Subscribed: each new layoff or hiring freeze at Klarna, AI-cited or not, will be posted in this channel"
            in allowed
        )
        assert bot.stop() < STOP_WITHIN
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT user_id, channel_id FROM subscriptions").fetchall()
    assert rows == [("U1", "C1")], rows
    assert_no_traceback(bot.output)


def test_start_against_slack_logs_no_library_warnings(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slash(slack, "help")
        assert bot.stop() < STOP_WITHIN
    warnings = [line for _, line in bot.lines if "level=WARNING" in line or "Warning" in line]
    assert warnings == [], bot.output
    assert "will be unused" not in bot.output


def test_direct_message_is_answered_like_the_command(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for ts, text in (("1.0", "subscribe IBM"), ("2.0", "/layoffs subscriptions")):
            slack.send_envelope("events_api", dm_event(text, ts=ts, event_ts=ts))
            slack.wait_for(lambda: any(p.channel == "D1" for p in slack.fake.posted))
            answer = slack.fake.posted.pop()
            assert answer.channel == "D1"
            assert "IBM" in answer.text + str(answer.blocks), answer
            assert "Sorry" not in answer.text, answer
        assert bot.stop() < STOP_WITHIN
    assert_no_traceback(bot.output)


def test_share_to_channel_posts_the_reply_once_through_the_outbox(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """The Share button's post is an outbox delivery: recorded, posted at once with the
    delivery's metadata, and a repeated click event (same action_ts) posts nothing more."""
    with FakeSlackThread() as slack:
        fake = slack.fake
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        # only lookups run from Share (not `help`)
        click = share_click(fake.response_url("share"), "trends 7d")
        for _ in range(2):
            slack.send_envelope("interactive", click)
            slack.wait_for(lambda: fake.posted and fake.responses)
        slack.wait_for(lambda: len(fake.responses) == 2)
        time.sleep(1.0)  # a second post would have come by now
        assert bot.stop() < STOP_WITHIN
    (post,) = fake.posted
    assert post.channel == "C1" and "AI-attributed job cuts" in post.text + str(post.blocks)
    assert post.metadata is not None
    assert post.metadata["event_payload"]["key"] == "share:C1:1700000000.1"
    assert all(r.get("delete_original") is True for r in fake.responses), fake.responses
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT key, source, state FROM deliveries").fetchall()
    assert rows == [("share:C1:1700000000.1", "share", "sent")]
    assert_no_traceback(bot.output)


def test_a_slash_command_is_read_as_typed_not_as_slack_escapes_it(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """Slack sends `&`, `<` and `>` in a command's text as `&amp;`, `&lt;` and `&gt;`: the
    direct messages were decoded, the slash command was not, so `/layoffs subscribe AT&T`
    followed a company named 'AT&amp;T' (no story ever matches it: no alert, ever)."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for text in ("subscribe AT&amp;T", "subscriptions"):
            slash(slack, text)
        assert bot.stop() < STOP_WITHIN
    replies = [str(r) for r in slack.fake.responses]
    assert all("Sorry" not in r for r in replies), replies
    # Shown escaped once, as Slack wants it: AT&T on screen.
    assert "AT&amp;T" in replies[1] and "AT&amp;amp;T" not in " ".join(replies), replies
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT company FROM subscriptions").fetchall() == [("AT&T",)]
