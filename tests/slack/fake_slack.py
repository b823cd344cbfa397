"""A fake Slack for end-to-end tests: Web API, response_url, files upload and Socket Mode.

An aiohttp server on 127.0.0.1 (port 0). Every Web API call is recorded with its method,
its arguments (form or JSON) and headers, and answered with Slack-shaped JSON. Failures
are injected per method: `fail("chat.postMessage", times=5, status=429, retry_after=0)`
or `fail("chat.postMessage", error="channel_not_found")`. The Socket Mode endpoint sends
`hello`, then whatever envelopes a test pushes, and records the app's acknowledgements.

History as Slack keeps it: chat.postMessage stores a message's `metadata`;
conversations.history (top-level messages) and conversations.replies (a thread) return
messages newest first (replies: oldest first), filtered by `oldest`/`latest`, paged with
`limit` and `cursor`, and carry `metadata` only when asked with `include_all_metadata`.
A shared chart (files.completeUploadExternal) appears as a message with `files`.
Timestamps follow `clock` (default: the wall clock), strictly increasing.

Lost answers: `lose_answers` (0..1) is the share of *successful* chat.postMessage calls
whose answer never reaches the app: the message is stored, then the connection is
dropped at once ("drop") or after `lose_hang` seconds ("hang"), chosen at random
(seeded by `lose_seed`). `lost` lists the ts of each such message.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import WSMsgType, web

from bot.models import Command, Kind, Message, Section, SectionRole, Target
from tests.e2e import patience
from tests.lost_answers import LostAnswers


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class Failure:
    times: int
    after: int = 0
    status: int = 200
    error: str | None = None
    retry_after: float | None = None


@dataclass
class Posted:
    """A message the fake accepted (chat.postMessage)."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None
    at: float
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)


# The scope Slack names (`needed`) when a method is called without it.
NEEDED_SCOPES = {
    "chat.postMessage": "chat:write",
    "conversations.open": "im:write",
    "users.info": "users:read",
    "files.getUploadURLExternal": "files:write",
    "conversations.history": "channels:history",
}


MANIFEST_SCOPES = [
    "commands",
    "app_mentions:read",
    "chat:write",
    "chat:write.public",
    "im:write",
    "im:history",
    "channels:history",
    "groups:history",
    "mpim:history",
    "files:write",
    "users:read",
    "channels:read",
    "groups:read",
]


@dataclass
class FakeSlack(LostAnswers):
    team_id: str = "T1"
    bot_user_id: str = "UBOT"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    posted: list[Posted] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[bytes] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    # users.conversations: the channels each user is a member of.
    memberships: dict[str, list[str]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    not_in_channels: set[str] = field(default_factory=set)
    # Direct messages between people (a slash command may come from one): the bot is no
    # member, and Slack answers channel_not_found for them.
    others_dms: set[str] = field(default_factory=set)
    # Channels whose chat.postMessage is always answered 429 with this Retry-After.
    throttled: dict[str, int] = field(default_factory=dict)
    shared_files: list[Posted] = field(default_factory=list)  # file-share messages
    clock: Callable[[], datetime] | None = None
    lose_answers: float = 0.0
    lose_hang: float = 1.5
    lose_seed: int = 4321
    lost: list[str] = field(default_factory=list)
    # The bot token's scopes: Slack lists them in every Web API answer's x-oauth-scopes
    # header (auth.test's included). The manifest's by default.
    scopes: list[str] = field(default_factory=lambda: list(MANIFEST_SCOPES))

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._last_ts = 0
        self._file_ids = itertools.count(1)
        self._file_names: dict[str, str] = {}
        self._lose_rng = random.Random(self.lose_seed)
        self._lose_plan: list[list[int]] = []
        self._hang_next = False
        self._ws: web.WebSocketResponse | None = None
        self._ws_ready = asyncio.Event()
        self._envelopes = itertools.count(1)
        self._changed = asyncio.Condition()
        self._socket_connections = 0

    # --- control --------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/response/{name}"

    def fail(
        self,
        method: str,
        *,
        times: int = 1,
        after: int = 0,
        status: int = 200,
        error: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer `times` calls to `method` with this failure, once `after` calls passed."""
        if status == 429 and error is None:
            error = "ratelimited"
        self.failures.setdefault(method, []).append(
            Failure(times=times, after=after, status=status, error=error, retry_after=retry_after)
        )

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> None:
        """Wait until `predicate()` is true (checked whenever the fake records something)."""

        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        await asyncio.wait_for(waiter(), timeout)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1:`port` (0: any free port; a stopped fake's port: Slack back)."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        # shutdown_timeout: stop() does not wait for a client's idle connection (after a
        # files upload aiohttp waited 30 s for one to close).
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- Socket Mode -------------------------------------------------------------------

    async def send_envelope(
        self, type_: str, payload: dict[str, Any], *, connect_timeout: float = 5.0
    ) -> str:
        """Push an envelope over the websocket once the app is connected; its id."""
        await asyncio.wait_for(self._ws_ready.wait(), connect_timeout)
        assert self._ws is not None
        envelope_id = f"env-{next(self._envelopes)}"
        await self._ws.send_str(
            json.dumps(
                {
                    "envelope_id": envelope_id,
                    "type": type_,
                    "accepts_response_payload": type_ != "events_api",
                    "payload": payload,
                }
            )
        )
        return envelope_id

    async def send_raw(self, message: dict[str, Any]) -> None:
        """Send a message that is not an envelope (e.g. `{"type": "disconnect"}`)."""
        await asyncio.wait_for(self._ws_ready.wait(), 5)
        assert self._ws is not None
        await self._ws.send_str(json.dumps(message))

    async def drop_connection(self) -> None:
        """Close the app's WebSocket from Slack's side, as a network failure would."""
        ws, self._ws = self._ws, None
        self._ws_ready.clear()
        if ws is not None:
            await ws.close()

    @property
    def socket_connections(self) -> int:
        return self._socket_connections

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws = ws
        self._socket_connections += 1
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self._ws_ready.set()
        await self._notify()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.acks.append(json.loads(msg.data))
                await self._notify()
            elif msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                break
        return ws

    # --- HTTP endpoints -----------------------------------------------------------------

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        body["_url"] = request.match_info["name"]
        self.responses.append(body)
        await self._notify()
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads.append(data)
        await self._notify()
        return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _args(request)
        loop = asyncio.get_running_loop()
        self.calls.append(Call(method, args, dict(request.headers), loop.time()))
        try:
            channel = str(args.get("channel") or "")
            if method == "chat.postMessage" and channel in self.throttled:
                body = {"ok": False, "error": "ratelimited"}
                wait = {"Retry-After": str(self.throttled[channel])}
                return web.json_response(body, status=429, headers=wait)
            pending = self.failures.get(method)
            if pending and pending[0].after > 0:
                pending[0].after -= 1
            elif pending:
                failure = pending[0]
                failure.times -= 1
                if failure.times <= 0:
                    pending.pop(0)
                headers = {}
                if failure.retry_after is not None:
                    headers["Retry-After"] = str(int(failure.retry_after))
                body = {"ok": False, "error": failure.error or "internal_error"}
                if failure.error == "missing_scope":  # as Slack answers it
                    body |= {"needed": NEEDED_SCOPES.get(method, "?"), "provided": "commands"}
                return web.json_response(body, status=failure.status, headers=headers)
            handler = getattr(self, "_m_" + method.replace(".", "_"), None)
            if handler is None:
                return web.json_response({"ok": False, "error": "unknown_method"})
            try:
                result = handler(args)
            except _SlackError as exc:
                return web.json_response({"ok": False, "error": str(exc)})
            if method == "chat.postMessage" and self._should_lose():
                await self._lose_answer(request, str(result["ts"]))
            granted = {"x-oauth-scopes": ",".join(self.scopes)}
            return web.json_response({"ok": True, **result}, headers=granted)
        finally:
            await self._notify()

    async def _lose_answer(self, request: web.Request, ts: str) -> None:
        """The message is posted; its answer never leaves (connection dropped)."""
        self.lost.append(ts)
        if self._hang_next:
            await self._notify()
            await asyncio.sleep(self.lose_hang)
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError  # nothing more to write on an aborted connection

    def _now(self) -> float:
        return self.clock().timestamp() if self.clock is not None else time.time()

    def _next_ts(self) -> str:
        """Slack's ts: seconds.microseconds of the post, unique and increasing."""
        micros = max(int(self._now() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "layoffbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": "B1",
        }

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args["channel"])
        if channel in self.not_in_channels:
            raise _SlackError("not_in_channel")
        blocks = args.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if len(blocks) > 50:
            raise _SlackError("invalid_blocks")
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if metadata is not None and not (
            isinstance(metadata, dict)
            and isinstance(metadata.get("event_type"), str)
            and isinstance(metadata.get("event_payload"), dict)
        ):
            raise _SlackError("invalid_metadata_format")
        ts = self._next_ts()
        thread_ts = args.get("thread_ts")
        self.posted.append(
            Posted(
                channel=channel,
                ts=ts,
                text=str(args.get("text") or ""),
                blocks=blocks,
                thread_ts=str(thread_ts) if thread_ts else None,
                at=asyncio.get_running_loop().time(),
                metadata=metadata,
            )
        )
        return {"channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def _history_item(self, post: Posted, with_metadata: bool) -> dict[str, Any]:
        item: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": "B1",
            "text": post.text,
            "ts": post.ts,
        }
        if post.blocks:
            item["blocks"] = post.blocks
        if post.thread_ts:
            item["thread_ts"] = post.thread_ts
        if post.files:
            item["files"] = post.files
        if with_metadata and post.metadata is not None:
            item["metadata"] = post.metadata
        return item

    def _page(
        self, args: dict[str, Any], posts: list[Posted], *, newest_first: bool
    ) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if channel in self.not_in_channels:
            raise _SlackError("not_in_channel")
        oldest = float(args.get("oldest") or 0)
        latest = float(args["latest"]) if args.get("latest") else float("inf")
        chosen = [p for p in posts if p.channel == channel and oldest < float(p.ts) <= latest]
        chosen.sort(key=lambda p: float(p.ts), reverse=newest_first)
        limit = max(1, min(int(args.get("limit") or 100), 999))
        start = int(args.get("cursor") or 0)
        page = chosen[start : start + limit]
        more = start + limit < len(chosen)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        return {
            "messages": [self._history_item(p, with_metadata) for p in page],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        posts = [p for p in [*self.posted, *self.shared_files] if p.thread_ts in (None, p.ts)]
        return self._page(args, posts, newest_first=True)

    def _m_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        parent = str(args.get("ts") or "")
        posts = [
            p for p in [*self.posted, *self.shared_files] if p.ts == parent or p.thread_ts == parent
        ]
        if not any(p.ts == parent for p in posts):
            raise _SlackError("thread_not_found")
        return self._page(args, posts, newest_first=False)

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._next_ts()}

    def _m_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """The channels in `not_in_channels` are private ones the bot is not in (it cannot
        post there); every other channel has the bot as a member."""
        channel = str(args.get("channel") or "")
        if channel in self.others_dms:
            raise _SlackError("channel_not_found")
        outside = channel in self.not_in_channels
        return {"channel": {"id": channel, "is_member": not outside, "is_private": outside}}

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("users") or "")
        if user == self.bot_user_id:
            raise _SlackError("cannot_dm_bot")
        return {"channel": {"id": "D" + user.removeprefix("U")}}

    def _m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args["view"]
        if isinstance(view, str):
            view = json.loads(view)
        self.views.append({"user_id": args.get("user_id"), "view": view})
        return {"view": {"id": "V1", **view}}

    def _m_users_conversations(self, args: dict[str, Any]) -> dict[str, Any]:
        """The channels in `memberships[user]`, two a page (so paging is exercised)."""
        user = str(args.get("user") or "")
        channels = self.memberships.get(user, [])
        start = int(args.get("cursor") or 0)
        page = channels[start : start + 2]
        more = start + 2 < len(channels)
        return {
            "channels": [{"id": c, "is_member": True} for c in page],
            "response_metadata": {"next_cursor": str(start + 2) if more else ""},
        }

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """`users[user]` over a plain member of `team_id`; a Slack Connect member of
        another organisation has their own `team_id` there (as Slack answers)."""
        user = str(args.get("user") or "")
        known = {"id": user, "team_id": self.team_id, "is_admin": False}
        return {"user": {**known, **self.users.get(user, {})}}

    def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/socket"}

    def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._file_ids)}"
        self._file_names[file_id] = str(args.get("filename") or "")
        return {"upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel_id") or "")
        if channel in self.not_in_channels:
            raise _SlackError("not_in_channel")
        files = args.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        shared = [
            {"id": f["id"], "name": self._file_names.get(f["id"], ""), "title": f.get("title")}
            for f in files or []
        ]
        if channel:
            thread_ts = args.get("thread_ts")
            self.shared_files.append(
                Posted(
                    channel=channel,
                    ts=self._next_ts(),
                    text="",
                    blocks=[],
                    thread_ts=str(thread_ts) if thread_ts else None,
                    at=asyncio.get_running_loop().time(),
                    files=shared,
                )
            )
        return {"files": [{"id": f["id"], "title": f["title"]} for f in shared]}


class FakeSlackThread:
    """A FakeSlack on its own event loop in a thread, for tests that drive a real
    `layoffbot` process (which talks to it over 127.0.0.1) from synchronous test code.

        with FakeSlackThread() as slack:
            env["LAYOFFBOT_SLACK_API_URL"] = slack.fake.api_url
            ...
            slack.wait_for(lambda: slack.fake.posted, timeout=10)
    """

    def __init__(self, fake: FakeSlack | None = None) -> None:
        self.fake = fake or FakeSlack()
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> FakeSlackThread:
        self._thread.start()
        self.run(self.fake.start)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.run(self.fake.stop)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
            self.loop.close()

    def run(self, fn: Callable[[], Awaitable[Any]], timeout: float = 10.0) -> Any:
        """Run `fn()` on the fake's loop and return its result."""

        async def call() -> Any:
            return await fn()

        return asyncio.run_coroutine_threadsafe(call(), self.loop).result(patience(timeout))

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> None:
        """Wait until `predicate()` is true; TimeoutError after `timeout` seconds on a quiet
        machine (`tests.e2e.patience`: the process it waits on may be slowed by load)."""
        self.run(lambda: self.fake.wait_for(predicate, patience(timeout)), timeout + 1)

    def send_envelope(
        self, type_: str, payload: dict[str, Any], *, connect_timeout: float = 15.0
    ) -> str:
        """Push an envelope once the process connected over Socket Mode; its id."""
        return str(
            self.run(
                lambda: self.fake.send_envelope(
                    type_, payload, connect_timeout=patience(connect_timeout)
                ),
                connect_timeout + 5,
            )
        )


class _SlackError(Exception):
    pass


async def _args(request: web.Request) -> dict[str, Any]:
    if request.method == "GET":
        return dict(request.query)
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    form = await request.post()
    args: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    args.update(request.query)
    return args


class FakeCore:
    """A CoreApp test double: canned Messages by command text, records every Command.

    `deliver` records (key, target, message) and, when `outbox` is set (a test's stand-in
    for the dispatcher, e.g. the adapter's send_once), hands the delivery to it at once.
    """

    def __init__(self) -> None:
        self.deliveries: list[tuple[str, Target, Message]] = []
        self.removed: list[tuple[str, str]] = []
        self.granted: list[tuple[str, str, frozenset[str]]] = []
        self.outbox: Callable[[str, Target, Message], Awaitable[object]] | None = None
        self.commands: list[Command] = []
        self.home_commands: list[Command] = []
        self.home_channels: list[frozenset[str] | None] = []
        self.replies: dict[str, Message] = {}
        self.subscriptions: list[str] = ["Acme", "Globex Corp"]
        self.fail_with: Exception | None = None
        self.delay = 0.0

    async def handle(self, command: Command) -> Message:
        self.commands.append(command)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            raise self.fail_with
        if command.text in self.replies:
            return self.replies[command.text]
        if command.text.startswith("unsubscribe "):
            company = command.text.removeprefix("unsubscribe ")
            if company in self.subscriptions:
                self.subscriptions.remove(company)
                return Message(title=f"Unsubscribed from {company}")
            return Message(title=f"You are not subscribed to {company}", is_error=True)
        if command.text in ("", "help") or command.text.startswith("bogus"):
            return Message(
                title="Usage",
                sections=(Section(text="/layoffs help | latest | trends"),),
                is_error=True,
            )
        return Message(
            title=f"Result for {command.text}",
            sections=(
                Section(
                    heading="Acme cuts 100 support jobs",
                    url="https://news.example/acme",
                    text="Acme replaced support staff with an AI assistant.",
                    context="2025-05-01 · Example News · 100 jobs · AI cited",
                    kind=Kind.LAYOFF,
                ),
            ),
            shareable=True,
        )

    async def workspace_removed(self, platform: str, workspace_id: str) -> None:
        self.removed.append((platform, workspace_id))

    async def scopes_granted(self, platform: str, workspace: str, scopes: frozenset[str]) -> None:
        self.granted.append((platform, workspace, scopes))

    async def deliver(self, target: Target, message: Message, *, key: str) -> None:
        self.deliveries.append((key, target, message))
        if self.outbox is not None:
            await self.outbox(key, target, message)

    async def complete_followed(self, command: Command, prefix: str, *, here: bool) -> list[str]:
        return [c for c in self.subscriptions if prefix.lower() in c.lower()]

    async def complete_company(self, prefix: str, limit: int = 25) -> list[str]:
        return [c for c in self.subscriptions if c.lower().startswith(prefix.lower())][:limit]

    async def home(self, command: Command, channels: frozenset[str] | None = None) -> Message:
        self.home_commands.append(command)
        self.home_channels.append(channels)
        sections = tuple(
            Section(heading=company, context="alerts in DM", role=SectionRole.SUBSCRIPTION)
            for company in self.subscriptions
        )
        digest = Section(heading="Digest", text="Daily at 09:00 Europe/Berlin in #news")
        return Message(title="Your layoff alerts", sections=(*sections, digest))


def texts_in(blocks: Any) -> list[str]:
    """Every `text` string in Block Kit JSON, in order: what a user would read."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


def dm_event(text: str, **overrides: Any) -> dict[str, Any]:
    """The Events API body of U1's direct message `text` to the bot in D1 (`overrides`
    over the event's fields)."""
    event = {
        "type": "message",
        "channel": "D1",
        "channel_type": "im",
        "user": "U1",
        "text": text,
        "ts": "1700000001.000100",
        "event_ts": "1700000001.000100",
    }
    event.update(overrides)
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{abs(hash(json.dumps(event, sort_keys=True)))}",
        "event_time": 1700000001,
    }


def share_click(response_url: str, value: str) -> dict[str, Any]:
    """The interactive payload of U1's click on Share to channel under the ephemeral answer
    to `/layoffs VALUE` in channel C1 (answered at `response_url`)."""
    return {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "fake"},
        "user": {"id": "U1", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "message", "channel_id": "C1", "is_ephemeral": True},
        "channel": {"id": "C1", "name": "news"},
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": "layoffs_share",
                "block_id": "layoffs_share_actions",
                "value": value,
                "action_ts": "1700000000.1",
            }
        ],
    }


def connect_dm_event(
    installed: str, user: str, user_team: str, text: str, ts: str
) -> dict[str, Any]:
    """The Events API body Slack sends for a direct message from a member of another
    organisation (Slack Connect): the outer `team_id` and `authorizations` name the
    installing workspace, the event's `team` / `user_team` the user's own."""
    return {
        "token": "legacy",
        "team_id": installed,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": f"Ev{ts}",
        "event_time": int(float(ts)),
        "is_ext_shared_channel": True,
        "authorizations": [
            {"team_id": installed, "user_id": "UBOT", "is_bot": True, "enterprise_id": None}
        ],
        "event": {
            "type": "message",
            "channel": f"D{user}",
            "channel_type": "im",
            "user": user,
            "team": user_team,
            "user_team": user_team,
            "source_team": user_team,
            "text": text,
            "ts": ts,
            "event_ts": ts,
        },
    }


def app_mention_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    ts: str = "1700000002.000200",
    thread_ts: str | None = None,
    installed: str = "T1",
    user_team: str | None = None,
    bot_user: str = "UBOT",
) -> dict[str, Any]:
    """The Events API body Slack sends for a channel message that mentions the bot
    (`app_mention`, bot event; app_mention carries no `channel_type`, and a reply in a
    thread has `thread_ts`). `text` as Slack sends it: the mention is `<@UBOT>`. A member
    of another organisation (Slack Connect) has `user_team` and `team` of their own; the
    outer `team_id` and `authorizations` name the installation."""
    team = user_team or installed
    event: dict[str, Any] = {
        "type": "app_mention",
        "client_msg_id": f"m-{ts}",
        "user": user,
        "text": text,
        "ts": ts,
        "team": team,
        "channel": channel,
        "event_ts": ts,
    }
    if user_team:
        event["user_team"] = event["source_team"] = user_team
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {
        "token": "legacy",
        "team_id": installed,
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{channel}{ts}",
        "event_time": int(float(ts)),
        "authorizations": [
            {"team_id": installed, "user_id": bot_user, "is_bot": True, "enterprise_id": None}
        ],
        "is_ext_shared_channel": bool(user_team),
    }
