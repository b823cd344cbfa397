"""A fake Discord on 127.0.0.1: the REST routes and the gateway the adapter uses.

It speaks Discord's JSON shapes closely enough for discord.py 2.x to log in, connect a
(sharded) gateway, sync commands, receive interactions and post messages, and it records
every call so tests assert on what Discord would have received. See
shared/design/testing-platforms.md for the facts it is built on.

Like Discord, a message post with `nonce` and `enforce_nonce` returns the message already
posted with that nonce in that channel for `nonce_window` seconds (Discord: a few
minutes), and `GET /channels/{id}/messages` returns a channel's messages newest first
(`limit`, `before`, `after`), each with its nonce only while that window lasts (Discord
does not keep nonces). Message ids are snowflakes of `clock` (default: the wall clock).

Lost answers: `lose_answers` (0..1) is the share of message posts that succeed but whose
answer never reaches the bot: the message is stored, then the connection is dropped at
once or after `lose_hang` seconds (seeded by `lose_seed`). `lost` lists their ids.

Also here: `CoreDouble` (a CoreApp with canned replies that records the Commands it got)
and `running_bot()`, which starts the fake and a real `DiscordAdapter` pointed at it and
restores discord.py's process-wide URLs afterwards.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
from aiohttp import BodyPartReader, WSMsgType, web
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.adapter import DiscordAdapter
from bot.models import Command, Message, Section
from tests.lost_answers import LostAnswers

JSON = dict[str, Any]
Handler = Callable[[web.Request, "Call", dict[str, str]], Awaitable[web.Response]]

EPHEMERAL = 1 << 6
DISCORD_EPOCH_MS = 1_420_070_400_000
MANAGE_GUILD = discord.Permissions(manage_guild=True).value
MEMBER = discord.Permissions(view_channel=True, send_messages=True).value


@dataclass
class Upload:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One REST request as the fake received it."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[Upload] = field(default_factory=list)
    status: int = 0


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    code: int
    retry_after: float
    skip: int = 0


@dataclass
class Session:
    ws: web.WebSocketResponse
    shard: tuple[int, int] = (0, 1)
    identify: JSON | None = None
    seq: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py does not parse "...; charset=utf-8" as JSON.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _error(status: int, code: int, message: str) -> web.Response:
    return _json({"code": code, "message": message}, status=status)


class FakeDiscord(LostAnswers):
    """REST + gateway fake. Start with `await fake.start()`; `api_url` is the REST base."""

    def __init__(
        self,
        *,
        gateway_shards: int = 1,
        clock: Callable[[], float] = time.time,
        nonce_window: float = 300.0,
        lose_answers: float = 0.0,
        lose_hang: float = 1.0,
        lose_seed: int = 4321,
    ) -> None:
        self.clock = clock
        self.nonce_window = nonce_window
        self.lose_answers = lose_answers
        self.lose_hang = lose_hang
        self._lose_rng = random.Random(lose_seed)
        self.lost: list[str] = []  # ids of messages posted whose answer was dropped
        self._lose_plan: list[list[int]] = []
        self._hang_next = False
        self._last_id = 0
        self.app_id = "1000000000000000001"
        self.bot_user: JSON = self.user(self.app_id, "layoffbot", bot=True)
        self.guild_id = "1100000000000000001"
        self.channel_id = "1200000000000000001"
        self.gateway_shards = gateway_shards
        # channel id -> (guild id or None for DMs)
        self.channels: dict[str, str | None] = {self.channel_id: self.guild_id}
        self.guilds: dict[str, list[str]] = {self.guild_id: [self.channel_id]}
        self.no_access: set[str] = set()  # channels: 403 50001 on post
        self.no_threads: set[str] = set()  # channels: 403 50013 on thread creation
        self.dm_blocked: set[str] = set()  # users: 403 50007 on DM post
        self.hold_ready = False  # accept IDENTIFY but never answer READY
        self.calls: list[Call] = []
        self.messages: list[JSON] = []  # accepted channel messages (+ "allowed_mentions")
        self.threads: list[JSON] = []
        self.callbacks: list[JSON] = []  # interaction callbacks (type 5 defer, 8 autocomplete...)
        self.callback_delay = 0.0  # seconds an interaction callback waits for its answer
        self.followups: list[Call] = []
        self.synced: dict[str, list[JSON]] = {}  # "global" or guild id -> commands
        self.sessions: list[Session] = []
        self._failures: list[Failure] = []
        self._nonces: dict[tuple[str, str], tuple[JSON, float]] = {}
        self._nonce_of: dict[str, tuple[str, float]] = {}  # message id -> (nonce, when)
        self._dm_by_user: dict[str, str] = {}
        # Users who left (or were removed from) a guild: GET .../members/{user} is 404.
        self.departed: set[tuple[str, str]] = set()
        self._interaction_channels: dict[str, str] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/gateway/bot"), self._gateway_bot),
            ("GET", re.compile(r"/users/@me"), self._me),
            ("GET", re.compile(r"/oauth2/applications/@me"), self._application),
            ("PUT", re.compile(r"/applications/(?P<app>\d+)/commands"), self._put_commands),
            (
                "PUT",
                re.compile(r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands"),
                self._put_commands,
            ),
            ("POST", re.compile(r"/channels/(?P<channel>\d+)/messages"), self._create_message),
            ("GET", re.compile(r"/channels/(?P<channel>\d+)/messages"), self._channel_messages),
            (
                "POST",
                re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)/threads"),
                self._create_thread,
            ),
            ("POST", re.compile(r"/users/@me/channels"), self._create_dm),
            (
                "GET",
                re.compile(r"/guilds/(?P<guild>\d+)/members/(?P<user>\d+)"),
                self._guild_member,
            ),
            (
                "POST",
                re.compile(r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback"),
                self._callback,
            ),
            ("POST", re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"), self._followup),
            (
                "PATCH",
                re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<message>[^/]+)"),
                self._followup,
            ),
        ]

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1:`port` (0: any free port; a fixed one lets a test bring
        Discord "back online" where the adapter has been trying)."""
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert server is not None and getattr(server, "sockets", None)
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def close(self) -> None:
        for session in list(self.sessions):
            await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- test controls -----------------------------------------------------------------

    def next_id(self) -> str:
        """A snowflake of `clock()` (milliseconds since 2015 << 22), strictly increasing."""
        stamp = (int(self.clock() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last_id = max(stamp, self._last_id + 1)
        return str(self._last_id)

    def add_channel(self, guild_id: str | None = None) -> str:
        channel_id = self.next_id()
        guild = guild_id or self.guild_id
        self.channels[channel_id] = guild
        self.guilds.setdefault(guild, []).append(channel_id)
        return channel_id

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        code: int = 0,
        retry_after: float = 0.05,
        skip: int = 0,
    ) -> None:
        """Answer `times` requests matching `method` and the `path` regex, after letting
        `skip` through, with `status` (a 429 carries a Via header and a JSON retry_after,
        as Discord's edge does, so discord.py waits instead of raising)."""
        failure = Failure(method, re.compile(path), status, times, code, retry_after, skip)
        self._failures.append(failure)

    def calls_to(self, method: str, path_regex: str) -> list[Call]:
        pattern = re.compile(path_regex)
        return [c for c in self.calls if c.method == method and pattern.fullmatch(c.path)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("the fake Discord never saw what the test waited for")
            await asyncio.sleep(0.01)

    # -- payload builders --------------------------------------------------------------

    @staticmethod
    def user(user_id: str, name: str, *, bot: bool = False) -> JSON:
        return {
            "id": user_id,
            "username": name,
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

    def channel(self, channel_id: str) -> JSON:
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": self.channels.get(channel_id),
            "name": f"channel-{channel_id[-4:]}",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def guild(self, guild_id: str) -> JSON:
        return {
            "id": guild_id,
            "name": f"guild-{guild_id[-4:]}",
            "unavailable": False,
            "owner_id": "1",
            "member_count": 2,
            "large": False,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [
                {
                    "id": guild_id,
                    "name": "@everyone",
                    "permissions": str(MEMBER),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [self.channel(c) for c in self.guilds.get(guild_id, [])],
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": _now(),
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
        }

    def command_interaction(
        self,
        sub: str,
        options: dict[str, str | int] | None = None,
        *,
        permissions: int = MEMBER,
        user_id: str = "2000000000000000001",
        channel_id: str | None = None,
        guild_id: str | None = None,
        dm: bool = False,
        focused: str | None = None,
        app_permissions: int | None = None,
    ) -> JSON:
        """An INTERACTION_CREATE payload for `/layoffs sub option:value ...`.

        `focused` names the option being typed: the payload is then an autocomplete
        (type 4) instead of a command (type 2). `app_permissions`: the bot's permissions
        in the channel, as Discord resolves them (all, unless given).
        """
        values = []
        for name, value in (options or {}).items():
            option: JSON = {"name": name, "type": 4 if isinstance(value, int) else 3}
            option["value"] = value
            if name == focused:
                option["focused"] = True
            values.append(option)
        interaction_id = self.next_id()
        token = f"tok-{interaction_id}"
        user = self.user(user_id, f"user{user_id[-3:]}")
        data: JSON = {
            "id": "1400000000000000001",
            "name": "layoffs",
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": values}],
        }
        payload: JSON = {
            "id": interaction_id,
            "application_id": self.app_id,
            "type": 4 if focused else 2,
            "token": token,
            "version": 1,
            "attachment_size_limit": 10 * 1024 * 1024,
            "data": data,
            "locale": "en-US",
            "entitlements": [],
            "app_permissions": str(
                discord.Permissions.all().value if app_permissions is None else app_permissions
            ),
        }
        if dm:
            dm_channel = channel_id or self.next_id()
            self.channels.setdefault(dm_channel, None)
            payload.update(
                channel_id=dm_channel,
                channel={"id": dm_channel, "type": 1, "recipients": [user]},
                user=user,
                context=1,
                authorizing_integration_owners={"1": user_id},
            )
            self._interaction_channels[token] = dm_channel
            return payload
        guild = guild_id or self.guild_id
        channel = channel_id or self.channel_id
        if guild_id is not None or self.synced.get(guild) is not None:
            data["guild_id"] = guild
        payload.update(
            guild_id=guild,
            guild={"id": guild, "locale": "en-US", "features": []},
            guild_locale="en-US",
            channel_id=channel,
            channel=self.channel(channel),
            member={
                "user": user,
                "roles": [],
                "joined_at": _now(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "pending": False,
                "nick": None,
                "avatar": None,
                "communication_disabled_until": None,
                "permissions": str(permissions),
            },
            context=0,
            authorizing_integration_owners={"0": guild},
        )
        self._interaction_channels[token] = channel
        return payload

    async def interact(self, payload: JSON) -> None:
        """Dispatch INTERACTION_CREATE on the gateway session of the guild's shard."""
        guild_id = payload.get("guild_id")
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=guild_id)

    async def dispatch(self, event: str, data: JSON, *, guild_id: str | None = None) -> None:
        await self.wait_for(lambda: any(s.identify for s in self.sessions))
        for session in self.sessions:
            if session.identify is None:
                continue
            shard_id, count = session.shard
            if guild_id is None and shard_id != 0:
                continue
            if guild_id is not None and (int(guild_id) >> 22) % count != shard_id:
                continue
            await self._send(session, {"op": 0, "t": event, "d": data})
            return
        raise AssertionError(f"no gateway session serves guild {guild_id}")

    def callbacks_for(self, payload: JSON) -> list[JSON]:
        return [c for c in self.callbacks if c["interaction_id"] == payload["id"]]

    def followups_for(self, payload: JSON) -> list[Call]:
        token = payload["token"]
        return [c for c in self.followups if f"/{token}" in c.path]

    # -- gateway -----------------------------------------------------------------------

    async def _send(self, session: Session, frame: JSON) -> None:
        if frame.get("op") == 0:
            session.seq += 1
            frame["s"] = session.seq
        frame.setdefault("s", None)
        frame.setdefault("t", None)
        await session.ws.send_str(json.dumps(frame))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        session = Session(ws)
        self.sessions.append(session)
        await self._send(session, {"op": 10, "d": {"heartbeat_interval": 41250}})
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                if message["op"] == 1:
                    await self._send(session, {"op": 11})
                elif message["op"] == 2:
                    await self._identify(session, message["d"])
        finally:
            self.sessions.remove(session)
        return ws

    async def _identify(self, session: Session, data: JSON) -> None:
        shard_id, count = data.get("shard") or [0, 1]
        session.shard = (shard_id, count)
        session.identify = data
        if self.hold_ready:
            return
        mine = [g for g in self.guilds if (int(g) >> 22) % count == shard_id]
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": g, "unavailable": True} for g in mine],
            "session_id": f"session-{shard_id}-{self.next_id()}",
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, count],
            "application": {"id": self.app_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._send(session, {"op": 0, "t": "READY", "d": ready})
        for guild_id in mine:
            await self._send(session, {"op": 0, "t": "GUILD_CREATE", "d": self.guild(guild_id)})

    # -- REST --------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: list[Upload] = []
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                elif part.name:
                    data = await part.read()
                    content_type = part.headers.get("Content-Type", "")
                    files.append(Upload(part.name, part.filename or "", content_type, bytes(data)))
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        call = Call(request.method, path, dict(request.query), body, files)
        self.calls.append(call)
        response = self._injected_failure(call) or await self._route(request, call, path)
        call.status = response.status
        return response

    def _injected_failure(self, call: Call) -> web.Response | None:
        for failure in self._failures:
            if failure.times <= 0 or failure.method != call.method:
                continue
            if not failure.pattern.fullmatch(call.path):
                continue
            if failure.skip > 0:
                failure.skip -= 1
                continue
            failure.times -= 1
            if failure.status == 429:
                return _json(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": failure.retry_after,
                        "global": False,
                    },
                    status=429,
                    headers={"Via": "1.1 google", "Retry-After": str(failure.retry_after)},
                )
            return _error(failure.status, failure.code, f"injected {failure.status}")
        return None

    async def _route(self, request: web.Request, call: Call, path: str) -> web.Response:
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match and method == request.method:
                return await handler(request, call, match.groupdict())
        return _error(404, 0, f"404: Not Found ({request.method} {path})")

    async def _gateway_bot(
        self, request: web.Request, call: Call, _: dict[str, str]
    ) -> web.Response:
        return _json(
            {
                "url": self.gateway_url,
                "shards": self.gateway_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _me(self, request: web.Request, call: Call, _: dict[str, str]) -> web.Response:
        if request.headers.get("Authorization") != "Bot fake-token":
            return _error(401, 0, "401: Unauthorized")
        return _json(self.bot_user)

    async def _application(
        self, request: web.Request, call: Call, _: dict[str, str]
    ) -> web.Response:
        return _json(
            {
                "id": self.app_id,
                "name": "layoffbot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.user("1", "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _put_commands(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        scope = params.get("guild") or "global"
        commands = []
        for command in call.json or []:
            commands.append(
                {
                    **command,
                    "id": self.next_id(),
                    "application_id": self.app_id,
                    "version": self.next_id(),
                    **({"guild_id": scope} if scope != "global" else {}),
                }
            )
        self.synced[scope] = commands
        return _json(commands)

    def _message(self, channel_id: str, payload: JSON, files: list[Upload], flags: int = 0) -> JSON:
        return {
            "id": self.next_id(),
            "channel_id": channel_id,
            "author": self.bot_user,
            "content": payload.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": self.next_id(),
                    "filename": f.filename,
                    "size": len(f.data),
                    "url": f"https://cdn.discordapp.com/attachments/{channel_id}/{f.filename}",
                    "proxy_url": f"https://media.discordapp.net/attachments/{channel_id}/{f.filename}",
                    "content_type": f.content_type,
                }
                for f in files
            ],
            "embeds": payload.get("embeds") or [],
            "pinned": False,
            "type": 0,
            "flags": flags,
            "nonce": payload.get("nonce"),
            "components": [],
        }

    async def _create_message(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        channel_id = params["channel"]
        if channel_id not in self.channels:
            return _error(404, 10003, "Unknown Channel")
        if channel_id in self.no_access:
            return _error(403, 50001, "Missing Access")
        user = next((u for u, c in self._dm_by_user.items() if c == channel_id), None)
        if user in self.dm_blocked:
            return _error(403, 50007, "Cannot send messages to this user")
        payload: JSON = call.json or {}
        nonce = payload.get("nonce")
        now = self.clock()
        if nonce and payload.get("enforce_nonce"):
            earlier = self._nonces.get((channel_id, str(nonce)))
            if earlier is not None and now - earlier[1] <= self.nonce_window:
                return _json(earlier[0])
        message = self._message(channel_id, payload, call.files)
        if nonce:
            self._nonces[(channel_id, str(nonce))] = (message, now)
            self._nonce_of[message["id"]] = (str(nonce), now)
        self.messages.append(
            {**message, "allowed_mentions": payload.get("allowed_mentions"), "files": call.files}
        )
        if self._should_lose():
            self.lost.append(message["id"])
            if self._hang_next:
                await asyncio.sleep(self.lose_hang)
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError  # nothing more to write on an aborted connection
        return _json(message)

    async def _channel_messages(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        """GET /channels/{id}/messages: newest first; `after` gives the ones just after."""
        channel_id = params["channel"]
        if channel_id not in self.channels:
            return _error(404, 10003, "Unknown Channel")
        if channel_id in self.no_access:
            return _error(403, 50001, "Missing Access")
        limit = max(1, min(int(call.query.get("limit") or 50), 100))
        before = int(call.query["before"]) if call.query.get("before") else None
        after = int(call.query["after"]) if call.query.get("after") else None
        chosen = [
            m
            for m in self.messages
            if m["channel_id"] == channel_id
            and (before is None or int(m["id"]) < before)
            and (after is None or int(m["id"]) > after)
        ]
        chosen.sort(key=lambda m: int(m["id"]))
        page = chosen[:limit] if after is not None and before is None else chosen[-limit:]
        now = self.clock()
        out = []
        for stored in reversed(page):
            message = {k: v for k, v in stored.items() if k not in ("allowed_mentions", "files")}
            nonce = self._nonce_of.get(message["id"])
            # Discord keeps a nonce only for a while: older messages come back without it.
            message["nonce"] = nonce[0] if nonce and now - nonce[1] <= self.nonce_window else None
            if message["nonce"] is None:
                message.pop("nonce")
            out.append(message)
        return _json(out)

    async def _create_thread(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        channel_id, message_id = params["channel"], params["message"]
        guild_id = self.channels.get(channel_id)
        if channel_id not in self.channels:
            return _error(404, 10003, "Unknown Channel")
        if guild_id is None:
            return _error(400, 50024, "Cannot execute action on this channel type")
        if channel_id in self.no_threads:
            return _error(403, 50013, "Missing Permissions")
        if not any(m["id"] == message_id for m in self.messages):
            return _error(404, 10008, "Unknown Message")
        if any(t["id"] == message_id for t in self.threads):
            return _error(400, 160004, "A thread has already been created for this message")
        name = (call.json or {}).get("name", "")
        if not 1 <= len(name) <= 100:
            return _error(400, 50035, "Invalid Form Body")
        thread = {
            "id": message_id,
            "type": 11,
            "guild_id": guild_id,
            "parent_id": channel_id,
            "name": name,
            "owner_id": self.app_id,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": (call.json or {}).get("auto_archive_duration", 1440),
                "archive_timestamp": _now(),
                "locked": False,
            },
        }
        self.threads.append(thread)
        self.channels[message_id] = guild_id
        return _json(thread, status=201)

    async def _guild_member(
        self, request: web.Request, call: Call, match: dict[str, str]
    ) -> web.Response:
        if (match["guild"], match["user"]) in self.departed:
            return _error(404, 10007, "Unknown Member")
        user = self.user(match["user"], f"user{match['user'][-3:]}")
        return _json({"user": user, "roles": [], "joined_at": "2024-01-01T00:00:00+00:00"})

    async def _create_dm(self, request: web.Request, call: Call, _: dict[str, str]) -> web.Response:
        user_id = str((call.json or {}).get("recipient_id"))
        channel_id = self._dm_by_user.get(user_id) or self.next_id()
        self._dm_by_user[user_id] = channel_id
        self.channels[channel_id] = None
        return _json(
            {
                "id": channel_id,
                "type": 1,
                "last_message_id": None,
                "recipients": [self.user(user_id, f"user{user_id[-3:]}")],
                "flags": 0,
            }
        )

    def dm_channel_of(self, user_id: str) -> str | None:
        return self._dm_by_user.get(user_id)

    async def _callback(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        body: JSON = call.json or {}
        flags = (body.get("data") or {}).get("flags") or 0
        self.callbacks.append({"interaction_id": params["id"], **body})
        await asyncio.sleep(self.callback_delay)
        if "with_response" not in call.query:
            return web.Response(status=204)
        return _json(
            {
                "interaction": {
                    "id": params["id"],
                    "type": 2,
                    "response_message_id": self.next_id(),
                    "response_message_loading": body.get("type") == 5,
                    "response_message_ephemeral": bool(flags & EPHEMERAL),
                }
            }
        )

    async def _followup(
        self, request: web.Request, call: Call, params: dict[str, str]
    ) -> web.Response:
        self.followups.append(call)
        payload: JSON = call.json or {}
        channel_id = self._interaction_channels.get(params["token"], self.channel_id)
        message = self._message(channel_id, payload, call.files, flags=payload.get("flags") or 0)
        message["webhook_id"] = self.app_id
        message["application_id"] = self.app_id
        return _json(message)


class CoreDouble:
    """A CoreApp with canned replies: `replies[first word]` or a plain echo.

    Records every Command; refuses digest/feeds changes unless `is_manager` (as the real
    core does), so the permission path can be driven end to end.
    """

    MANAGED = ("digest on", "digest off", "digest now", "feeds add", "feeds remove")

    def __init__(self, replies: dict[str, Message] | None = None) -> None:
        self.replies = replies or {}
        self.commands: list[Command] = []
        self.prefixes: list[str] = []
        self.tenants: list[str] = []
        self.removed: list[tuple[str, str]] = []
        self.companies = ["TikTok", "Tinder", "Klarna", "IBM", "Salesforce"]
        self.fail_with: Exception | None = None

    async def handle(self, command: Command) -> Message:
        self.commands.append(command)
        if self.fail_with is not None:
            raise self.fail_with
        if command.text.startswith(self.MANAGED) and not command.is_manager:
            return Message(
                title="Only server managers can change this",
                sections=(Section(text="Ask someone with Manage Server."),),
                is_error=True,
            )
        word = command.text.split(" ", 1)[0]
        return self.replies.get(word) or Message(
            title=f"You said: {command.text}", sections=(Section(text="ok"),)
        )

    async def complete_followed(self, command: Command, prefix: str, *, here: bool) -> list[str]:
        self.prefixes.append(prefix)
        return [c for c in self.companies if prefix.lower() in c.lower()]

    async def complete_company(
        self, prefix: str, limit: int = 25, *, tenant: str = "", user: str = ""
    ) -> list[str]:
        self.prefixes.append(prefix)
        self.tenants.append(tenant)
        return [c for c in self.companies if c.lower().startswith(prefix.lower())][:limit]

    async def home(self, command: Command, channels: frozenset[str] | None = None) -> Message:
        return Message(title="home")

    async def workspace_removed(self, platform: str, workspace_id: str) -> None:
        self.removed.append((platform, workspace_id))


@asynccontextmanager
async def running_bot(
    core: CoreDouble | None = None,
    *,
    gateway_shards: int = 1,
    guilds: tuple[str, ...] = (),
    **adapter_options: Any,
) -> AsyncIterator[tuple[FakeDiscord, DiscordAdapter, CoreDouble]]:
    """The fake Discord, a started DiscordAdapter pointed at it, and the core double.

    discord.py's process-wide URLs (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY) are
    restored afterwards, whatever happens.
    """
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    core = core or CoreDouble()
    fake = FakeDiscord(gateway_shards=gateway_shards)
    for guild_id in guilds:
        fake.guilds.setdefault(guild_id, [])
        fake.add_channel(guild_id)
    await fake.start()
    adapter_options.setdefault("guild_ready_timeout", 0.05)
    ready_timeout = adapter_options.pop("ready_timeout", 10.0)
    adapter = DiscordAdapter("fake-token", api_url=fake.api_url, **adapter_options)
    try:
        await adapter.start(core)
        await adapter.wait_until_ready(ready_timeout)
        yield fake, adapter, core
    finally:
        await adapter.stop()
        await fake.close()
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved
