"""The Discord adapter: an `AutoShardedClient` with the `/layoffs` command tree.

Inbound: interactions -> `LayoffsCog` -> `CoreApp.handle`. Outbound: the outbox calls
`send(target, message)`, which posts over REST and returns once Discord confirmed.

Target conventions (ids are Discord snowflakes as strings):
- `channel_id`: post in that channel. `workspace_id` is the guild id.
- `user_id` without `channel_id`: a DM (the DM channel is opened first).
- `discussion=True`: post in `channel_id`, then start a public thread on the posted message,
  named after the story heading; if Discord refuses the thread (channel type, permissions),
  the message still counts as delivered. `thread_id` (the digest parent's message id) is
  not needed for that: each story is its own message with its own thread.
- `thread_id` without `discussion`: post inside the thread started on that message (a
  thread started from a message has the message's id); if there is none, in `channel_id`.

Each Discord message is sent with a nonce derived from its content and target and
`enforce_nonce`, so a retry after a timeout or a partly delivered multi-part message does
not post a duplicate (Discord deduplicates nonces for a few minutes).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import logging
from typing import Any, Literal

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.cog import LayoffsCog
from adapters.discord.embeds import attachment_name, render, thread_name
from adapters.discord.ratelimit import protect
from bot.errors import ConfigError, PermanentDeliveryError, TransientDeliveryError
from bot.models import DeliveryReceipt, Message, Target
from bot.ports import CoreApp

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440
UNKNOWN_CHANNEL = 10003


def intents() -> discord.Intents:
    """Guilds only: no privileged intents (no members, presences or message content)."""
    value = discord.Intents.none()
    value.guilds = True
    return value


class LayoffbotClient(discord.AutoShardedClient):
    """The gateway client; syncs `/layoffs` once logged in."""

    def __init__(
        self,
        *,
        guild_ids: list[int],
        sync_commands: bool,
        gateway_from_api: bool,
        **options: Any,
    ) -> None:
        # No voice here: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents(), allowed_mentions=NO_MENTIONS, **options)
        # Sends are bounded by wait_for: keep a cancelled request from wedging discord.py's
        # rate limiters (adapters/discord/ratelimit.py).
        protect(self.http)
        self.tree: app_commands.CommandTree[LayoffbotClient] = app_commands.CommandTree(self)
        self.ready_event = asyncio.Event()
        self._guild_ids = guild_ids
        self._sync_commands = sync_commands
        self._gateway_from_api = gateway_from_api

    async def setup_hook(self) -> None:
        if self._gateway_from_api:
            # With a REST override, the gateway must come from that server too, even when
            # discord.py would otherwise use its built-in URL (fixed shard_count, re-identify).
            _, url, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        if self._sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Globally (may take up to an hour to show), or to each guild id (at once)."""
        try:
            if not self._guild_ids:
                synced = await self.tree.sync()
                log.info("synced %d global command(s)", len(synced))
                return
            for guild_id in self._guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d command(s) to guild %s", len(synced), guild_id)
        except discord.HTTPException as exc:
            log.error("could not sync commands: %s", exc)

    async def on_ready(self) -> None:
        log.info("discord ready as %s in %d guild(s)", self.user, len(self.guilds))
        self.ready_event.set()


class DiscordAdapter:
    """ChatAdapter for Discord. `start` returns once the gateway is ready.

    - `token`: DISCORD_TOKEN. `api_url`: REST base override (LAYOFFBOT_DISCORD_API_URL),
      e.g. a local fake; the gateway URL then comes from its `GET /gateway/bot`.
    - `guild_ids`: DISCORD_GUILD_IDS; sync `/layoffs` to these guilds (instant) instead of
      globally (up to an hour to propagate).
    - `shard_count` / `shard_ids`: DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS for running the
      gateway over several processes; see `owns_guild`. Only the process running shard 0
      (or the only process) syncs commands.
    - `ready_timeout`: how long `start` waits for READY on every shard.
    - `guild_ready_timeout`: discord.py's wait for GUILD_CREATEs after READY.
    - `send_timeout`: per delivery; `max_ratelimit_timeout`: 429 waits longer than this
      (discord.py's minimum is 30 s) are handed back as TransientDeliveryError(retry_after).
    """

    name = "discord"

    def __init__(
        self,
        token: str,
        *,
        api_url: str | None = None,
        guild_ids: list[int] | None = None,
        shard_count: int | None = None,
        shard_ids: list[int] | None = None,
        ready_timeout: float = 120.0,
        guild_ready_timeout: float = 2.0,
        send_timeout: float = 60.0,
        max_ratelimit_timeout: float = 30.0,
    ) -> None:
        if shard_ids and shard_count is None:
            raise ConfigError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT")
        if shard_count is not None and shard_count < 1:
            raise ConfigError("DISCORD_SHARD_COUNT must be at least 1")
        if shard_count is not None and any(not 0 <= s < shard_count for s in shard_ids or []):
            raise ConfigError("DISCORD_SHARD_IDS must be between 0 and DISCORD_SHARD_COUNT - 1")
        self._token = token
        self._api_url = api_url.rstrip("/") if api_url else None
        self._guild_ids = list(guild_ids or [])
        self._shard_count = shard_count
        self._shard_ids = list(shard_ids) if shard_ids else None
        self._ready_timeout = ready_timeout
        self._guild_ready_timeout = guild_ready_timeout
        self._send_timeout = send_timeout
        self._max_ratelimit_timeout = max_ratelimit_timeout
        self._client: LayoffbotClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._saved: tuple[str, yarl.URL] | None = None

    # -- sharding ----------------------------------------------------------------------

    def owns_guild(self, guild_id: int | str) -> bool:
        """Whether this process's shards serve the guild: `(guild_id >> 22) % count in ids`.

        Without DISCORD_SHARD_IDS one process runs every shard and owns every guild.
        """
        if self._shard_ids is None or self._shard_count is None:
            return True
        return (int(guild_id) >> 22) % self._shard_count in self._shard_ids

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, app: CoreApp) -> None:
        """Log in, sync commands, connect in a background task; return once ready."""
        if self._client is not None:
            return
        if self._api_url is not None:
            self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
            Route.BASE = self._api_url
        client = LayoffbotClient(
            guild_ids=self._guild_ids,
            sync_commands=self._shard_ids is None or 0 in self._shard_ids,
            gateway_from_api=self._api_url is not None,
            shard_count=self._shard_count,
            shard_ids=self._shard_ids,
            guild_ready_timeout=self._guild_ready_timeout,
            max_ratelimit_timeout=self._max_ratelimit_timeout,
        )
        client.tree.add_command(LayoffsCog(app))
        self._client = client
        self._task = task = asyncio.create_task(client.start(self._token), name="discord-client")
        ready = asyncio.create_task(client.ready_event.wait(), name="discord-ready")
        try:
            done, _ = await asyncio.wait(
                {task, ready}, timeout=self._ready_timeout, return_when=asyncio.FIRST_COMPLETED
            )
        except BaseException:  # cancelled while connecting: leave nothing running
            ready.cancel()
            await self.stop()
            raise
        if ready in done:
            task.add_done_callback(_log_exit)
            return
        ready.cancel()
        error = task.exception() if task in done and not task.cancelled() else None
        await self.stop()
        if isinstance(error, discord.LoginFailure):
            raise ConfigError("DISCORD_TOKEN was refused by Discord") from error
        if error is not None:
            raise error
        raise TimeoutError(f"Discord was not ready within {self._ready_timeout:g} s")

    async def stop(self) -> None:
        """Close the gateway and HTTP session. Safe to call twice or before start."""
        client, task, saved = self._client, self._task, self._saved
        self._client = self._task = self._saved = None
        if client is not None and not client.is_closed():
            with contextlib.suppress(Exception):
                await client.close()
        if task is not None:
            done, _ = await asyncio.wait({task}, timeout=10)
            if not done:
                task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if saved is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved

    # -- outbound ----------------------------------------------------------------------

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        """Post `message`; see the module docstring for how `target` is read."""
        client = self._client
        if client is None or client.is_closed():
            raise TransientDeliveryError("the Discord adapter is not running")
        try:
            posted = await asyncio.wait_for(
                self._post(client, target, message), timeout=self._send_timeout
            )
        except discord.RateLimited as exc:
            raise TransientDeliveryError(str(exc), retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise classify(exc) from exc
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise TransientDeliveryError(f"Discord unreachable: {exc!r}") from exc
        thread_ids: tuple[str, ...] = ()
        if message.discussion and posted.guild_id is not None:
            thread_id = await self._start_thread(client, posted, thread_name(message))
            thread_ids = (thread_id,) if thread_id else ()
        return DeliveryReceipt(message_id=str(posted.message_id), thread_ids=thread_ids)

    async def _post(self, client: LayoffbotClient, target: Target, message: Message) -> _Posted:
        guild_id = _snowflake(target.workspace_id, "workspace_id") if target.workspace_id else None
        if target.channel_id:
            channel_id = _snowflake(target.channel_id, "channel_id")
            if target.thread_id and not message.discussion:
                thread = client.get_partial_messageable(
                    _snowflake(target.thread_id, "thread_id"), guild_id=guild_id
                )
                try:
                    return await _post_pages(thread, target, message, guild_id)
                except discord.NotFound as exc:
                    if exc.code != UNKNOWN_CHANNEL:
                        raise
            channel: discord.abc.Messageable = client.get_partial_messageable(
                channel_id, guild_id=guild_id
            )
        elif target.user_id:
            channel = await client.create_dm(
                discord.Object(id=_snowflake(target.user_id, "user_id"))
            )
            guild_id = None
        else:
            raise PermanentDeliveryError("a Discord target needs a channel_id or a user_id")
        return await _post_pages(channel, target, message, guild_id)

    async def _start_thread(
        self, client: LayoffbotClient, posted: _Posted, name: str
    ) -> str | None:
        """Open the story's discussion thread; a refusal leaves the message delivered."""
        try:
            data = await asyncio.wait_for(
                client.http.start_thread_with_message(
                    posted.channel_id,
                    posted.message_id,
                    name=name,
                    auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                ),
                timeout=self._send_timeout,
            )
        except (discord.HTTPException, TimeoutError, aiohttp.ClientError, OSError) as exc:
            log.info("no thread on message %s in %s: %s", posted.message_id, posted.channel_id, exc)
            return None
        return str(data["id"])


class _Posted:
    """The first Discord message of a delivery (threads and receipts refer to it)."""

    __slots__ = ("channel_id", "message_id", "guild_id")

    def __init__(self, channel_id: int, message_id: int, guild_id: int | None) -> None:
        self.channel_id = channel_id
        self.message_id = message_id
        self.guild_id = guild_id


async def _post_pages(
    channel: discord.abc.Messageable, target: Target, message: Message, guild_id: int | None
) -> _Posted:
    first: discord.Message | None = None
    for index, embeds in enumerate(render(message)):
        nonce = _nonce(target, index, embeds, message)
        if index == 0 and message.image is not None:
            chart = discord.File(
                io.BytesIO(message.image.data),
                filename=attachment_name(message.image),
                description=message.image.alt_text[:1024] or None,
            )
            sent = await channel.send(
                embeds=embeds, file=chart, allowed_mentions=NO_MENTIONS, nonce=nonce
            )
        else:
            sent = await channel.send(embeds=embeds, allowed_mentions=NO_MENTIONS, nonce=nonce)
        first = first or sent
    assert first is not None  # render() always returns at least one page
    return _Posted(first.channel.id, first.id, guild_id)


def _nonce(target: Target, index: int, embeds: list[discord.Embed], message: Message) -> str:
    """Same target, part and content -> same nonce (at most 25 characters)."""
    payload = {
        "to": [target.channel_id, target.thread_id, target.user_id],
        "part": index,
        "embeds": [e.to_dict() for e in embeds],
        "image": hashlib.sha256(message.image.data).hexdigest() if message.image else None,
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:25]


def _snowflake(value: str, what: str) -> int:
    if not value.isdigit():
        raise PermanentDeliveryError(f"{what} {value!r} is not a Discord id")
    return int(value)


def classify(exc: discord.HTTPException) -> TransientDeliveryError | PermanentDeliveryError:
    """Map Discord's answer to the outbox's retry decision.

    5xx, 429 (once discord.py gave up waiting) and 401 (token being rotated) are transient;
    403/404 (missing access 50001, missing permissions 50013, cannot DM 50007, unknown
    channel 10003) and other 4xx (a request Discord will never accept) are permanent.
    """
    detail = f"Discord {exc.status} (code {exc.code}): {exc.text or 'no detail'}"
    if exc.status == 429:
        retry = exc.response.headers.get("Retry-After") if exc.response is not None else None
        return TransientDeliveryError(detail, retry_after=_float(retry))
    if exc.status >= 500 or exc.status == 401:
        return TransientDeliveryError(detail)
    return PermanentDeliveryError(detail)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _log_exit(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        log.error("the Discord connection stopped: %r", error, exc_info=error)
