"""End-to-end tests of SlackAdapter through slack-bolt and slack-sdk against a fake Slack."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from adapters.slack import SlackAdapter
from bot.app import App
from bot.errors import AdapterStartError, PermanentDeliveryError, TransientDeliveryError
from bot.flood import CommandLimiter
from bot.models import Image, Kind, Message, Section, StoryLink, Target
from bot.ports import ChatAdapter, SendAttempt
from bot.store import Store
from tests.conftest_social import settings
from tests.slack.fake_slack import FakeCore, FakeSlack, dm_event, share_click, texts_in

SECRET = "test-signing-secret"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(users={"UADMIN": {"is_admin": True}})
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def core() -> FakeCore:
    return FakeCore()


@pytest.fixture
async def http_adapter(fake: FakeSlack, core: FakeCore) -> AsyncIterator[SlackAdapter]:
    adapter = SlackAdapter(
        "xoxb-test",
        signing_secret=SECRET,
        host="127.0.0.1",
        port=0,
        api_url=fake.api_url,
        managers=frozenset({"UBOSS"}),
        min_interval_per_channel=0.0,
    )
    core.outbox = outbox_of(adapter)
    await adapter.start(core)
    yield adapter
    await adapter.stop()


async def started_on_app(
    fake: FakeSlack, store: Store, *, secret: str = SECRET, still_clock: bool = True
) -> SlackAdapter:
    """The adapter over HTTP, started with the real App on `store` (the caller stops it).
    With `still_clock`, flood limits are counted on a still clock: a loaded machine's slow
    commands refill none."""
    adapter = SlackAdapter(
        "xoxb-test",
        signing_secret=secret,
        host="127.0.0.1",
        port=0,
        api_url=fake.api_url,
        min_interval_per_channel=0.0,
    )
    app = App(store, settings())
    if still_clock:
        app.limiter = CommandLimiter(clock=lambda: 0.0)
    await adapter.start(app)
    return adapter


def outbox_of(adapter: SlackAdapter) -> Callable[[str, Target, Message], Awaitable[object]]:
    """The dispatcher's first attempt at a delivery, at once."""

    async def send(key: str, target: Target, message: Message) -> object:
        return await adapter.send_once(target, message, SendAttempt(key, datetime.now(UTC)))

    return send


@pytest.fixture
async def socket_adapter(fake: FakeSlack, core: FakeCore) -> AsyncIterator[SlackAdapter]:
    adapter = SlackAdapter(
        "xoxb-test",
        app_token="xapp-test",
        api_url=fake.api_url,
        min_interval_per_channel=0.0,
        reconnect_delays=(0.05, 1.0),
    )
    await adapter.start(core)
    yield adapter
    await adapter.stop()


# --- helpers ----------------------------------------------------------------------------


def command_form(fake: FakeSlack, text: str, **overrides: str) -> dict[str, str]:
    form = {
        "token": "legacy",
        "team_id": "T1",
        "team_domain": "fake",
        "channel_id": "C1",
        "channel_name": "news",
        "user_id": "U1",
        "user_name": "ana",
        "command": "/layoffs",
        "text": text,
        "api_app_id": "A1",
        "is_enterprise_install": "false",
        "response_url": fake.response_url(),
        "trigger_id": "1.2.3",
    }
    form.update(overrides)
    return form


def sign(body: str, timestamp: int, secret: str = SECRET) -> dict[str, str]:
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


async def post_signed(
    adapter: SlackAdapter,
    body: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    secret: str = SECRET,
) -> int:
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {"Content-Type": content_type, **sign(body, ts, secret)}
    url = f"http://127.0.0.1:{adapter.bound_port}/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        return r.status


async def slash(adapter: SlackAdapter, fake: FakeSlack, text: str, **kw: Any) -> int:
    body = urlencode(command_form(fake, text))
    return await post_signed(adapter, body, "application/x-www-form-urlencoded", **kw)


async def slash_reply(
    adapter: SlackAdapter, fake: FakeSlack, text: str, *, secret: str = SECRET, **form: str
) -> dict[str, Any]:
    """A signed `/layoffs TEXT` (`form` over command_form's fields), answered: the last
    reply it produced."""
    before = len(fake.responses)
    body = urlencode(command_form(fake, text, **form))
    assert (
        await post_signed(adapter, body, "application/x-www-form-urlencoded", secret=secret) == 200
    )
    await fake.wait_for(lambda: len(fake.responses) > before, timeout=10)
    return fake.responses[-1]


async def interact(adapter: SlackAdapter, payload: dict[str, Any]) -> int:
    body = urlencode({"payload": json.dumps(payload)})
    return await post_signed(adapter, body, "application/x-www-form-urlencoded")


def block_texts(blocks: list[dict[str, Any]]) -> str:
    """Every text string in the blocks, joined: what a user would read."""
    return "\n".join(texts_in(blocks))


# --- inbound: slash commands --------------------------------------------------------------


def test_adapter_satisfies_the_protocol() -> None:
    adapter = SlackAdapter("xoxb-x", signing_secret="s")
    assert isinstance(adapter, ChatAdapter)
    assert adapter.name == "slack"
    with pytest.raises(ValueError):
        SlackAdapter("xoxb-x")


async def test_slash_command_over_http_replies_ephemeral_with_share_button(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    assert await slash(http_adapter, fake, "latest") == 200
    await fake.wait_for(lambda: fake.responses)
    (cmd,) = core.commands
    assert (cmd.text, cmd.platform, cmd.user_id, cmd.channel_id, cmd.workspace_id) == (
        "latest",
        "slack",
        "U1",
        "C1",
        "T1",
    )
    assert not cmd.is_manager and not cmd.is_direct
    reply = fake.responses[0]
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Result for latest", "emoji": True},
    }
    assert "*<https://news.example/acme|Acme cuts 100 support jobs>*" in block_texts(
        reply["blocks"]
    )
    actions = [b for b in reply["blocks"] if b["type"] == "actions"]
    assert actions[0]["elements"][0]["action_id"] == "layoffs_share"
    assert actions[0]["elements"][0]["value"] == "latest"
    assert reply["text"]  # plain-text fallback


async def test_errors_get_no_share_button_and_managers_are_recognised(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    body = urlencode(command_form(fake, "bogus", user_id="UADMIN", channel_id="D42"))
    await post_signed(http_adapter, body, "application/x-www-form-urlencoded")
    body = urlencode(command_form(fake, "help", user_id="UBOSS", channel_name="directmessage"))
    await post_signed(http_adapter, body, "application/x-www-form-urlencoded")
    await fake.wait_for(lambda: len(fake.responses) == 2)
    admin, boss = sorted(core.commands, key=lambda c: c.user_id)
    assert admin.is_manager and admin.is_direct  # users.info says is_admin
    assert boss.is_manager and boss.is_direct  # configured manager
    assert len(fake.calls_to("users.info")) == 1  # UBOSS needs no lookup
    for reply in fake.responses:
        assert not [b for b in reply["blocks"] if b["type"] == "actions"]


async def test_wrong_signature_and_stale_timestamp_are_refused(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    assert await slash(http_adapter, fake, "latest", secret="wrong") == 401
    assert await slash(http_adapter, fake, "latest", timestamp=int(time.time()) - 600) == 401
    await asyncio.sleep(0.1)
    assert core.commands == []
    assert fake.responses == []


async def test_unexpected_exception_gives_a_short_apology(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    core.fail_with = RuntimeError("database is on fire at /srv/secret.py line 3")
    await slash(http_adapter, fake, "latest")
    await fake.wait_for(lambda: fake.responses)
    reply = fake.responses[0]
    assert reply["response_type"] == "ephemeral"
    assert "Sorry" in reply["text"]
    assert "fire" not in json.dumps(reply) and "Traceback" not in json.dumps(reply)


async def test_slash_command_over_socket_mode(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    envelope = await fake.send_envelope("slash_commands", command_form(fake, "latest"))
    await fake.wait_for(lambda: any(a.get("envelope_id") == envelope for a in fake.acks))
    await fake.wait_for(lambda: fake.responses)
    assert core.commands[0].text == "latest"
    assert fake.responses[0]["response_type"] == "ephemeral"
    (connections_open,) = fake.calls_to("apps.connections.open")  # one URL, asked once
    assert connections_open.headers["Authorization"] == "Bearer xapp-test"


async def test_ack_comes_before_a_slow_core(
    http_adapter: SlackAdapter, socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    core.delay = 0.6
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await slash(http_adapter, fake, "latest") == 200
    assert loop.time() - started < 0.4  # HTTP 200 (the ack) did not wait for the core
    envelope = await fake.send_envelope("slash_commands", command_form(fake, "latest"))
    await fake.wait_for(lambda: any(a.get("envelope_id") == envelope for a in fake.acks))
    assert fake.responses == []  # acknowledged while the core is still working
    await fake.wait_for(lambda: len(fake.responses) == 2)


def retry_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "retrying in" in r.getMessage()]


async def test_socket_mode_with_a_refused_app_token_starts_and_retries_with_one_line_each(
    fake: FakeSlack, core: FakeCore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake.fail("apps.connections.open", times=2, error="invalid_auth")
    adapter = SlackAdapter(
        "xoxb-test", app_token="xapp-bad", api_url=fake.api_url, reconnect_delays=(0.05, 1.0)
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    await adapter.start(core)
    assert loop.time() - started < 0.5  # start() does not wait for Slack
    assert adapter.connected is not None
    await asyncio.wait_for(adapter.connected.wait(), 5)  # the token was fixed meanwhile
    lines = retry_lines(caplog)
    assert len(lines) == 2
    for record in lines:
        assert record.levelno == logging.ERROR
        assert record.exc_info is None  # one line, no traceback
        assert "Slack rejected SLACK_APP_TOKEN (invalid_auth)" in record.getMessage()
        assert "connections:write" in record.getMessage()
    assert len(fake.calls_to("apps.connections.open")) == 3
    envelope = await fake.send_envelope("slash_commands", command_form(fake, "latest"))
    await fake.wait_for(lambda: any(a.get("envelope_id") == envelope for a in fake.acks))
    await adapter.stop()


async def test_socket_mode_with_slack_unreachable_backs_off_and_stops_at_once(
    core: FakeCore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    adapter = SlackAdapter(
        "xoxb-test",
        app_token="xapp-test",
        api_url=f"http://127.0.0.1:{port}/api/",
        reconnect_delays=(0.1, 0.4),
    )
    await adapter.start(core)
    for _ in range(200):
        if len(retry_lines(caplog)) >= 3:
            break
        await asyncio.sleep(0.05)
    lines = [r.getMessage() for r in retry_lines(caplog)]
    assert len(lines) >= 3
    delays = [float(re.search(r"retrying in ([\d.]+) s", line).group(1)) for line in lines]  # type: ignore[union-attr]
    assert delays[0] < delays[1] < delays[2]  # grows (0.1, 0.2, 0.4 plus jitter)...
    assert max(delays) <= 0.4 * 1.2 + 0.05  # ...up to the cap
    assert all("cannot reach Slack at 127.0.0.1" in line for line in lines)
    assert all("connection refused" in line for line in lines)
    assert not any(r.exc_info for r in caplog.records)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await adapter.stop()
    assert loop.time() - started < 1.0


async def test_socket_mode_reconnects_after_the_connection_drops(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.wait_for(lambda: fake.socket_connections == 1)
    await fake.drop_connection()
    await fake.wait_for(lambda: fake.socket_connections == 2, timeout=10)
    assert len(fake.calls_to("apps.connections.open")) == 2  # a fresh URL each time
    envelope = await fake.send_envelope("slash_commands", command_form(fake, "latest"))
    await fake.wait_for(lambda: any(a.get("envelope_id") == envelope for a in fake.acks))
    await fake.wait_for(lambda: fake.responses)


async def test_socket_mode_follows_slacks_disconnect_request(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.wait_for(lambda: fake.socket_connections == 1)
    await fake.send_raw({"type": "disconnect", "reason": "refresh_requested"})
    await fake.wait_for(lambda: fake.socket_connections == 2, timeout=10)
    assert len(fake.calls_to("apps.connections.open")) == 2
    envelope = await fake.send_envelope("slash_commands", command_form(fake, "latest"))
    await fake.wait_for(lambda: any(a.get("envelope_id") == envelope for a in fake.acks))


async def test_http_port_in_use_is_a_start_error_naming_the_setting(
    fake: FakeSlack, core: FakeCore
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        adapter = SlackAdapter(
            "xoxb-test", signing_secret=SECRET, host="127.0.0.1", port=port, api_url=fake.api_url
        )
        with pytest.raises(AdapterStartError, match="LAYOFFBOT_SLACK_PORT") as error:
            await adapter.start(core)
    assert "already in use" in str(error.value)
    await adapter.stop()


async def test_start_logs_no_bolt_token_warning(
    fake: FakeSlack,
    core: FakeCore,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")  # bolt reads it by itself
    caplog.set_level(logging.DEBUG)
    adapter = SlackAdapter("xoxb-test", app_token="xapp-test", api_url=fake.api_url)
    await adapter.start(core)
    assert adapter.connected is not None
    await asyncio.wait_for(adapter.connected.wait(), 5)
    await adapter.stop()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


# --- direct messages --------------------------------------------------------------------


async def test_direct_message_is_answered_in_the_dm_like_the_command(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.send_envelope("events_api", dm_event("latest"))
    await fake.wait_for(lambda: fake.posted)
    (answer,) = fake.posted
    assert answer.channel == "D1" and answer.thread_ts is None
    assert "Result for latest" in answer.text
    (cmd,) = core.commands
    assert cmd.is_direct and cmd.channel_id == "D1" and cmd.user_id == "U1"
    assert cmd.workspace_id == "T1"
    assert fake.responses == []  # not an ephemeral reply: there is no response_url


async def test_direct_message_over_http_mode(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    body = json.dumps(dm_event("subscribe IBM"))
    assert await post_signed(http_adapter, body, "application/json") == 200
    await fake.wait_for(lambda: fake.posted)
    assert fake.posted[0].channel == "D1"
    assert core.commands[0].text == "subscribe IBM"


async def test_direct_message_links_and_escapes_reach_the_core_as_typed(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.send_envelope(
        "events_api", dm_event("why <https://news.example/a?b=1&amp;c=2|news.example/a>")
    )
    await fake.send_envelope("events_api", dm_event("search AT&amp;T &lt;support&gt;", ts="2.0"))
    await fake.wait_for(lambda: len(core.commands) == 2)
    assert sorted(c.text for c in core.commands) == [
        "search AT&T <support>",
        "why https://news.example/a?b=1&c=2",
    ]


async def test_direct_message_in_a_thread_is_answered_in_the_thread(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.send_envelope("events_api", dm_event("latest", thread_ts="1699999999.000100"))
    await fake.wait_for(lambda: fake.posted)
    assert fake.posted[0].thread_ts == "1699999999.000100"


async def test_bot_messages_edits_and_channel_messages_are_ignored(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    ignored = [
        dm_event("latest", bot_id="B1"),  # the bot's own answer, echoed back
        dm_event("latest", subtype="message_changed"),
        dm_event("latest", channel="C1", channel_type="channel"),
    ]
    for payload in ignored:
        envelope = await fake.send_envelope("events_api", payload)
        await fake.wait_for(lambda e=envelope: any(a.get("envelope_id") == e for a in fake.acks))
    await fake.send_envelope("events_api", dm_event("help", ts="9.0"))
    await fake.wait_for(lambda: fake.posted)
    assert [c.text for c in core.commands] == ["help"]


async def test_direct_message_failure_gets_a_short_apology(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    core.fail_with = RuntimeError("database on fire")
    await fake.send_envelope("events_api", dm_event("latest"))
    await fake.wait_for(lambda: fake.posted)
    assert "Sorry" in fake.posted[0].text
    assert "fire" not in json.dumps(fake.posted[0].blocks)


async def test_share_button_reruns_the_command_and_posts_publicly(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    payload = share_click(fake.response_url("share"), "trends 90d")
    assert await interact(http_adapter, payload) == 200
    await fake.wait_for(lambda: fake.posted and fake.responses)
    assert core.commands[0].text == "trends 90d"
    (post,) = fake.posted
    assert post.channel == "C1" and post.thread_ts is None
    assert "Result for trends 90d" in block_texts(post.blocks)
    assert not [b for b in post.blocks if b["type"] == "actions"]
    assert fake.responses[0].get("delete_original") is True


async def test_share_into_a_channel_without_the_bot_says_so(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    fake.not_in_channels.add("C9")
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C9"},
        "response_url": fake.response_url("share"),
        "actions": [{"type": "button", "action_id": "layoffs_share", "value": "latest"}],
    }
    await interact(http_adapter, payload)
    await fake.wait_for(lambda: fake.responses)
    assert "/invite @layoffbot" in fake.responses[0]["text"]
    assert fake.posted == []


async def test_an_ephemeral_reply_never_uploads_its_chart_into_the_channel(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    """Issue 13: the chart of an ephemeral `/layoffs trends` was uploaded into the channel
    for everyone; Slack cannot attach a file to an ephemeral message, so the chart waits
    for Share to channel."""
    core.replies["trends"] = Message(
        title="Trends", image=Image(PNG, "trends.png", "AI layoffs per month"), shareable=True
    )
    await slash(http_adapter, fake, "trends")
    await fake.wait_for(lambda: fake.responses)
    await asyncio.sleep(0.3)  # an upload would have started by now
    assert [c.method for c in fake.calls if c.method.startswith("files.")] == []
    assert fake.uploads == [] and fake.posted == []
    (reply,) = fake.responses
    assert reply["response_type"] == "ephemeral"
    shown = json.dumps(reply)
    assert "its chart is not posted here" in shown and "layoffs_share" in shown


def _share(fake: FakeSlack, value: str, channel: str = "C1") -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": channel},
        "response_url": fake.response_url("share"),
        "actions": [{"type": "button", "action_id": "layoffs_share", "value": value}],
    }


async def test_a_shared_reply_uploads_its_chart_with_files_v2(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    core.replies["trends"] = Message(
        title="Trends", image=Image(PNG, "trends.png", "AI layoffs per month"), shareable=True
    )
    await interact(http_adapter, _share(fake, "trends"))
    await fake.wait_for(lambda: fake.calls_to("files.completeUploadExternal"))
    methods = [c.method for c in fake.calls if c.method.startswith("files.")]
    assert methods == ["files.getUploadURLExternal", "files.completeUploadExternal"]
    assert fake.uploads == [PNG]
    complete = fake.calls_to("files.completeUploadExternal")[0]
    assert complete.args["channel_id"] == "C1"


async def test_sharing_a_chart_where_the_bot_cannot_post_asks_to_invite_it_first(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    """Asked before anything is planned: a delivery failing later in the outbox would
    leave the user with no answer (it used to post the text and then say the chart
    failed)."""
    core.replies["trends"] = Message(
        title="Trends", image=Image(PNG, "t.png", "chart"), shareable=True
    )
    fake.not_in_channels.add("C9")
    await interact(http_adapter, _share(fake, "trends", channel="C9"))
    await fake.wait_for(lambda: fake.responses)
    assert "/invite @layoffbot" in fake.responses[0]["text"]
    assert fake.responses[0]["response_type"] == "ephemeral"
    assert core.deliveries == [] and fake.posted == [] and fake.uploads == []


async def test_a_share_goes_through_the_outbox_once_per_click(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    payload = _share(fake, "latest")
    payload["actions"][0]["action_ts"] = "1700000000.5"
    for _ in range(2):  # Slack sends the same click again when our ack was slow
        await interact(http_adapter, payload)
    await fake.wait_for(lambda: len(core.deliveries) == 2 and len(fake.responses) == 2)
    keys = {key for key, _, _ in core.deliveries}
    assert keys == {"share:C1:1700000000.5"}  # the outbox plans one delivery for both
    _, target, message = core.deliveries[0]
    assert target == Target("slack", channel_id="C1", workspace_id="T1")
    assert not message.ephemeral


# --- App Home ---------------------------------------------------------------------------


def _home_event(user: str) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"Ev-{user}",
            "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"},
        }
    )


async def test_app_home_gets_the_viewers_channels_all_pages_or_none_when_slack_will_not_say(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    fake.memberships = {"U2": ["C1", "G2", "C3", "C4", "C5"]}  # three pages of two
    assert await post_signed(http_adapter, _home_event("U2"), "application/json") == 200
    await fake.wait_for(lambda: fake.views)
    assert core.home_channels == [frozenset({"C1", "G2", "C3", "C4", "C5"})]
    fake.fail("users.conversations", error="missing_scope")
    assert await post_signed(http_adapter, _home_event("U3"), "application/json") == 200
    await fake.wait_for(lambda: len(fake.views) == 2)
    assert core.home_channels[-1] is None  # the core then lists digests to managers only


async def test_app_home_opened_again_and_again_asks_slack_for_the_channels_once(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    """Before: every opening read every page of users.conversations again (three here),
    so one user flipping tabs spent the workspace's Tier 3 budget for everyone."""
    fake.memberships = {"U2": ["C1", "G2", "C3", "C4", "C5"]}
    for n in range(1, 6):
        assert await post_signed(http_adapter, _home_event("U2"), "application/json") == 200
        await fake.wait_for(lambda n=n: len(fake.views) == n)
    assert len(fake.calls_to("users.conversations")) == 3
    assert core.home_channels == [frozenset({"C1", "G2", "C3", "C4", "C5"})] * 5


async def test_app_home_is_published_and_unsubscribe_works(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    event: dict[str, Any] = {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": "Ev1",
        "event_time": int(time.time()),
        "event": {
            "type": "app_home_opened",
            "user": "U1",
            "channel": "D1",
            "tab": "home",
            "event_ts": "1700000000.2",
        },
    }
    messages_tab = {**event, "event_id": "Ev0", "event": {**event["event"], "tab": "messages"}}
    assert await post_signed(http_adapter, json.dumps(messages_tab), "application/json") == 200
    assert await post_signed(http_adapter, json.dumps(event), "application/json") == 200
    await fake.wait_for(lambda: fake.views)
    assert len(core.home_commands) == 1  # the Messages tab publishes nothing
    assert core.home_commands[0].text == "home" and core.home_commands[0].user_id == "U1"
    view = fake.views[0]
    assert view["user_id"] == "U1" and view["view"]["type"] == "home"
    buttons = [
        b["accessory"]
        for b in view["view"]["blocks"]
        if b.get("accessory", {}).get("action_id") == "layoffs_unsubscribe"
    ]
    assert [b["value"] for b in buttons] == ["Acme", "Globex Corp"]  # not the digest section

    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1", "team_id": "T1"},
        "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "type": "home"},
        "actions": [{"type": "button", "action_id": "layoffs_unsubscribe", "value": "Globex Corp"}],
    }
    assert await interact(http_adapter, payload) == 200
    await fake.wait_for(lambda: len(fake.views) == 2)
    assert core.commands[-1].text == "unsubscribe Globex Corp"
    assert core.commands[-1].is_direct and core.commands[-1].channel_id is None
    texts = block_texts(fake.views[1]["view"]["blocks"])
    assert "Unsubscribed from Globex Corp" in texts
    assert "Globex Corp*" not in texts and "*Acme*" in texts


# --- outbound: send() ---------------------------------------------------------------------


async def test_digest_parent_and_threaded_replies(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    target = Target(platform="slack", channel_id="C1")
    parent = await http_adapter.send(target, Message(title="AI layoffs digest", ephemeral=False))
    stories = [
        Message(sections=(Section(heading=f"Story {i}", text="..."),), discussion=True)
        for i in range(3)
    ]
    receipts = []
    for story in stories:
        thread = Target(platform="slack", channel_id="C1", thread_id=parent.message_id)
        receipts.append(await http_adapter.send(thread, story))
    assert fake.posted[0].ts == parent.message_id and fake.posted[0].thread_ts is None
    assert [p.thread_ts for p in fake.posted[1:]] == [parent.message_id] * 3
    assert [r.message_id for r in receipts] == [p.ts for p in fake.posted[1:]]
    assert receipts[0].thread_ids == (parent.message_id,)
    assert fake.calls_to("chat.postMessage")[0].headers["Authorization"] == "Bearer xoxb-test"


async def test_alert_to_channel_and_dm_alert(http_adapter: SlackAdapter, fake: FakeSlack) -> None:
    alert = Message(
        title="New: Acme",
        sections=(Section(heading="Acme cuts 100", url="https://e.example/a", kind=Kind.LAYOFF),),
    )
    channel_receipt = await http_adapter.send(Target("slack", channel_id="C7"), alert)
    dm_receipt = await http_adapter.send(Target("slack", user_id="U5"), alert)
    await http_adapter.send(Target("slack", user_id="U5"), alert)
    assert [p.channel for p in fake.posted] == ["C7", "D5", "D5"]
    assert (channel_receipt.message_id, dm_receipt.message_id) == (
        fake.posted[0].ts,
        fake.posted[1].ts,
    )
    assert len(fake.calls_to("conversations.open")) == 1  # the DM channel is cached
    assert fake.calls_to("conversations.open")[0].args["users"] == "U5"


async def test_send_with_chart_uploads_into_the_thread(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    message = Message(title="Trends", image=Image(PNG, "t.png", "chart"))
    await http_adapter.send(Target("slack", channel_id="C1", thread_id="1.5"), message)
    complete = fake.calls_to("files.completeUploadExternal")[0]
    assert complete.args["thread_ts"] == "1.5" and complete.args["channel_id"] == "C1"
    assert fake.uploads == [PNG]


async def test_429_storm_loses_and_doubles_nothing(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", times=5, status=429, retry_after=0)
    target = Target("slack", channel_id="C1")
    receipts = [
        await http_adapter.send(target, Message(title=f"alert {i}", ephemeral=False))
        for i in range(3)
    ]
    assert [p.text for p in fake.posted] == ["alert 0", "alert 1", "alert 2"]
    assert len(fake.calls_to("chat.postMessage")) == 8
    assert len({r.message_id for r in receipts}) == 3


async def test_long_retry_after_becomes_transient_error(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", times=1, status=429, retry_after=30)
    with pytest.raises(TransientDeliveryError) as info:
        await http_adapter.send(Target("slack", channel_id="C1"), Message(title="x"))
    assert info.value.retry_after == 30
    assert fake.posted == []


async def test_a_server_error_on_a_post_is_not_repeated_in_process_but_other_calls_are(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    """Slack may have posted before answering 500: repeating the post at once could post it
    twice, so it goes back to the outbox (which looks first). Reads retry once inline."""
    fake.fail("chat.postMessage", times=1, status=500)
    with pytest.raises(TransientDeliveryError):
        await http_adapter.send(Target("slack", channel_id="C1"), Message(title="once"))
    assert len(fake.calls_to("chat.postMessage")) == 1

    fake.fail("conversations.open", times=1, status=500)
    await http_adapter.send(Target("slack", user_id="U7"), Message(title="dm"))
    assert len(fake.calls_to("conversations.open")) == 2
    assert [p.text for p in fake.posted] == ["dm"]


@pytest.mark.parametrize(
    "error", ["channel_not_found", "not_in_channel", "is_archived", "invalid_auth"]
)
async def test_permanent_errors(http_adapter: SlackAdapter, fake: FakeSlack, error: str) -> None:
    fake.fail("chat.postMessage", error=error)
    with pytest.raises(PermanentDeliveryError, match=error):
        await http_adapter.send(Target("slack", channel_id="C1"), Message(title="x"))


async def test_dm_to_the_bot_is_permanent(http_adapter: SlackAdapter, fake: FakeSlack) -> None:
    with pytest.raises(PermanentDeliveryError, match="cannot_dm_bot"):
        await http_adapter.send(Target("slack", user_id="UBOT"), Message(title="x"))


async def test_connection_refused_is_transient(fake: FakeSlack, core: FakeCore) -> None:
    adapter = SlackAdapter(
        "xoxb-test", signing_secret=SECRET, port=0, api_url="http://127.0.0.1:9/api/"
    )
    with pytest.raises(TransientDeliveryError):
        await adapter.send(Target("slack", channel_id="C1"), Message(title="x"))
    await adapter.stop()


async def test_feed_text_cannot_ping_or_forge_links(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    evil = "<!channel> @here <@U123> <http://evil|x> <!subteam^S1> & @everyone"
    message = Message(
        title=f"Alert {evil}",
        sections=(
            Section(
                heading=f"Head {evil}",
                url="https://ok.example/a|<!channel>",
                text=f"Text {evil}",
                context=f"ctx {evil}",
                links=(StoryLink(title=f"link {evil}", url="javascript:alert(1)", publisher=evil),),
            ),
        ),
        footer=evil,
    )
    await http_adapter.send(Target("slack", channel_id="C1"), message)
    (post,) = fake.posted
    received = block_texts(post.blocks) + "\n" + post.text
    for needle in ("<!channel>", "<!here>", "<@U123>", "<http://evil", "<!subteam", "javascript:"):
        assert needle not in received
    assert "@here" not in received and "@everyone" not in received
    assert "&lt;!channel&gt;" in received and "&amp;" in received
    assert "<https://ok.example/a%7C%3C!channel%3E|Head" in received
    # Every `<` that reaches Slack opens one of our own links.
    assert received.count("<") == received.count("<https://")


async def test_long_message_is_split_in_order(http_adapter: SlackAdapter, fake: FakeSlack) -> None:
    sections = tuple(
        Section(heading=f"Story {i:02d}", text="word " * 100, context=f"c{i}") for i in range(40)
    )
    receipt = await http_adapter.send(
        Target("slack", channel_id="C1"), Message(title="Big digest", sections=sections)
    )
    assert len(fake.posted) > 1
    assert receipt.message_id == fake.posted[0].ts
    assert all(len(p.blocks) <= 50 for p in fake.posted)
    headings = [
        line
        for p in fake.posted
        for line in block_texts(p.blocks).splitlines()
        if line.startswith("*Story")
    ]
    assert headings == [f"*Story {i:02d}*" for i in range(40)]


async def test_retried_split_message_does_not_repeat_parts(
    http_adapter: SlackAdapter, fake: FakeSlack
) -> None:
    """Which parts are posted is recorded on Slack (message metadata), not in the
    adapter's memory: a new adapter (a restarted bot) finds them too."""
    sections = tuple(Section(heading=f"S{i:02d}", text="x " * 200) for i in range(60))
    message = Message(title="Big", sections=sections)
    target = Target("slack", channel_id="C1")
    since = datetime.now(UTC) - timedelta(seconds=5)
    # The second part is refused with a long Retry-After: left to the outbox.
    fake.fail("chat.postMessage", after=1, times=1, status=429, retry_after=30)
    with pytest.raises(TransientDeliveryError):
        await http_adapter.send_once(target, message, SendAttempt("d1", since))
    assert len(fake.posted) == 1
    restarted = SlackAdapter("xoxb-test", signing_secret=SECRET, api_url=fake.api_url)
    retry = SendAttempt("d1", since, unsure=True)  # the outbox retries
    receipt = await restarted.send_once(target, message, retry)
    assert receipt.message_id == fake.posted[0].ts
    headings = [
        line for p in fake.posted for line in block_texts(p.blocks).splitlines() if line[:2] == "*S"
    ]
    assert headings == [f"*S{i:02d}*" for i in range(60)]  # each once, in order
    # Another delivery of the same message is posted again.
    before = len(fake.posted)
    await restarted.send_once(target, message, SendAttempt("d2", since))
    assert len(fake.posted) == 2 * before
    await restarted.stop()


async def test_per_channel_limiter(fake: FakeSlack, core: FakeCore) -> None:
    adapter = SlackAdapter(
        "xoxb-test", signing_secret=SECRET, api_url=fake.api_url, min_interval_per_channel=0.2
    )
    await asyncio.gather(
        *(adapter.send(Target("slack", channel_id="C1"), Message(title=f"{i}")) for i in range(3)),
        adapter.send(Target("slack", channel_id="C2"), Message(title="other")),
    )
    c1 = [p.at for p in fake.posted if p.channel == "C1"]
    assert len(c1) == 3
    assert all(b - a >= 0.18 for a, b in zip(c1, c1[1:], strict=False))
    c2 = next(p.at for p in fake.posted if p.channel == "C2")
    assert c2 - c1[0] < 0.15  # other channels are not held up
    await adapter.stop()


async def test_stop_is_idempotent(http_adapter: SlackAdapter) -> None:
    await http_adapter.stop()
    await http_adapter.stop()
