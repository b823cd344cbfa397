"""discord.py, driven for the adapter: the gateway client and the REST sends.

Every request here goes through discord.py's public API. Its rate limiters are not safe to
cancel: a cancellation that lands while a bucket refreshes (`Ratelimit._refresh`) or while
a global 429 is slept out leaves the bucket, or the whole client, waiting for a wake-up
that never comes (found by tests/test_faults_delivery_discord.py). So nothing here cancels
a request in flight: `InFlight` bounds how long a *caller* waits, lets the send finish in
its own task, and hands its result to the next attempt of the same delivery, which never
starts a second send while the first is still going. discord.py bounds each request itself
(aiohttp's timeouts, `max_ratelimit_timeout`, at most 5 tries on 5xx).
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Coroutine, Hashable
from datetime import timedelta
from typing import Any, Literal, TypeVar

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from adapters.discord.translate import (
    attachment_name,
    content_nonce,
    describe_failure,
    key_nonce,
    mark,
    marker,
    markers_in,
    render,
)
from bot.models import Message, Target
from bot.ports import SendAttempt

log = logging.getLogger(__name__)

T = TypeVar("T")

NO_MENTIONS = discord.AllowedMentions.none()
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440
THREAD_ALREADY_CREATED = 160004
# How far before a delivery was planned its posts are looked for (clock skew), and how
# many of a channel's newest messages a look-up reads at most.
HISTORY_SKEW = timedelta(minutes=10)
HISTORY_LIMIT = 500
# Finished sends nobody came back for are forgotten beyond this many.
MAX_UNCLAIMED = 256


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
        on_ready: Callable[[], None] = lambda: None,
        on_removed: Callable[[int], Coroutine[Any, Any, None]] | None = None,
        **options: Any,
    ) -> None:
        # No voice here: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents(), allowed_mentions=NO_MENTIONS, **options)
        self.tree: app_commands.CommandTree[LayoffbotClient] = app_commands.CommandTree(self)
        self._on_ready = on_ready
        self._on_removed = on_removed
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
        self._on_ready()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Kicked or banned from a server, or the server was deleted (discord.py calls
        this only then: an outage is `on_guild_unavailable`)."""
        log.info("discord: removed from guild %s", guild.id)
        if self._on_removed is not None:
            await self._on_removed(guild.id)


class Posted:
    """The first Discord message of a delivery (threads and receipts refer to it)."""

    __slots__ = ("channel_id", "message_id", "guild_id")

    def __init__(self, channel_id: int, message_id: int, guild_id: int | None) -> None:
        self.channel_id = channel_id
        self.message_id = message_id
        self.guild_id = guild_id


async def post_pages(
    client: LayoffbotClient,
    channel: discord.abc.Messageable,
    target: Target,
    message: Message,
    guild_id: int | None,
    attempt: SendAttempt | None,
) -> Posted:
    pages = render(message)
    if attempt is None:
        nonces = [
            content_nonce(target, index, embeds, message) for index, embeds in enumerate(pages)
        ]
        markers: list[str | None] = [None] * len(pages)
    else:
        nonces = [key_nonce(attempt.key, index) for index in range(len(pages))]
        markers = [marker(attempt.key, index) for index in range(len(pages))]
    found: dict[int, discord.Message] = {}
    if attempt is not None and attempt.unsure:
        found = await _find_posted(client, channel, attempt, nonces, markers)
    first: discord.Message | None = None
    for index, embeds in enumerate(pages):
        sent = found.get(index)
        if sent is None:
            content = mark(embeds, markers[index])
            sent = await _send_page(channel, embeds, content, nonces[index], message, index)
        first = first or sent
    assert first is not None  # render() always returns at least one page
    return Posted(first.channel.id, first.id, guild_id)


async def _send_page(
    channel: discord.abc.Messageable,
    embeds: list[discord.Embed],
    content: str | None,
    nonce: str,
    message: Message,
    index: int,
) -> discord.Message:
    if index == 0 and message.image is not None:
        chart = discord.File(
            io.BytesIO(message.image.data),
            filename=attachment_name(message.image),
            description=message.image.alt_text[:1024] or None,
        )
        return await channel.send(
            content, embeds=embeds, file=chart, allowed_mentions=NO_MENTIONS, nonce=nonce
        )
    return await channel.send(content, embeds=embeds, allowed_mentions=NO_MENTIONS, nonce=nonce)


async def _find_posted(
    client: LayoffbotClient,
    channel: discord.abc.Messageable,
    attempt: SendAttempt,
    nonces: list[str],
    markers: list[str | None],
) -> dict[int, discord.Message]:
    """The delivery's parts already in `channel`, by part number.

    Reads the channel's newest messages back to shortly before the delivery was planned
    (at most HISTORY_LIMIT). A part is recognised by its marker, which Discord keeps, or
    by its nonce, which Discord returns only for a while.
    """
    me = client.user.id if client.user is not None else None
    by_nonce = {nonce: index for index, nonce in enumerate(nonces)}
    by_marker = {marker: index for index, marker in enumerate(markers) if marker}
    cutoff = attempt.since - HISTORY_SKEW
    found: dict[int, discord.Message] = {}
    try:
        async for posted in channel.history(limit=HISTORY_LIMIT):
            if posted.created_at < cutoff:
                break
            if me is not None and posted.author.id != me:
                continue
            index = by_nonce.get(str(posted.nonce)) if posted.nonce is not None else None
            if index is None:
                index = next((by_marker[m] for m in markers_in(posted) if m in by_marker), None)
            if index is not None:
                found.setdefault(index, posted)
                if len(found) == len(nonces):
                    break
    except discord.Forbidden as exc:
        # No "Read Message History" here: better a rare repeat than a delivery given up.
        log.warning(
            "delivery %s: cannot read channel %s to check for an earlier post (%s);"
            " posting (grant the bot Read Message History to avoid repeats)",
            attempt.key,
            getattr(channel, "id", "?"),
            exc.text or exc.status,
        )
        return found
    if found:
        log.info(
            "delivery %s: %d of %d part(s) already in channel %s, not posted again",
            attempt.key,
            len(found),
            len(nonces),
            getattr(channel, "id", "?"),
        )
    return found


async def close_client(client: LayoffbotClient) -> None:
    """Close a client that may never have logged in; bounded so that stop stays prompt."""
    if client.is_closed():
        return
    closing = asyncio.ensure_future(client.close())
    done, _ = await asyncio.wait({closing}, timeout=2)
    if not done:
        closing.cancel()
    await asyncio.gather(closing, return_exceptions=True)


# discord.py logs a traceback for every failed gateway (re)connect, and for an autocomplete
# answer cut off by a stop or a dropped connection; these loggers make each one line.
DISCORD_LOGGERS = (
    "discord.client",
    "discord.shard",
    "discord.gateway",
    "discord.http",
    "discord.app_commands.tree",
)
_NETWORK_ERRORS = (
    OSError,
    TimeoutError,
    aiohttp.ClientError,
    discord.ConnectionClosed,
    discord.GatewayNotFound,
    discord.DiscordServerError,
)


class _OneLineNetworkErrors(logging.Filter):
    """Turns discord.py's network-error tracebacks into `message (what went wrong)`.

    Other exceptions keep their traceback: those are bugs someone needs to see.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not isinstance(error, _NETWORK_ERRORS):
            return True
        what, _ = describe_failure(error)
        record.msg = f"{record.getMessage()} ({what})"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


ONE_LINE_NETWORK_ERRORS = _OneLineNetworkErrors()


class InFlight:
    """Sends that outlived their caller's patience, by key (a delivery key, or the target
    and message of a plain send).

    `run(key, start, timeout)` starts `start()` in a task of its own unless a send under
    `key` is still going or finished unclaimed, then waits at most `timeout` for it:
    TimeoutError leaves it running (see the module docstring), and the next `run` with the
    same key waits for that same task and takes its result, so a slow post is neither
    repeated nor lost. A failed send is forgotten: the next attempt starts afresh.
    """

    def __init__(self) -> None:
        self._tasks: dict[Hashable, asyncio.Task[Any]] = {}

    async def run(
        self, key: Hashable, start: Callable[[], Coroutine[Any, Any, T]], timeout: float
    ) -> T:
        running: asyncio.Task[T] | None = self._tasks.get(key)
        mine = running is None or _failed(running)
        if running is None or mine:
            running = asyncio.ensure_future(start())
            self._tasks[key] = running
            running.add_done_callback(lambda done: self._finished(key, done))
        task: asyncio.Task[T] = running
        finished, _ = await asyncio.wait({task}, timeout=timeout)
        if not finished:
            raise TimeoutError(f"no answer from Discord within {timeout:g} s (still trying)")
        if self._tasks.get(key) is task:
            del self._tasks[key]
        if not mine and _failed(task):
            # An earlier attempt's send failed after all: this attempt makes its own.
            return await self.run(key, start, timeout)
        return task.result()

    def _finished(self, key: Hashable, task: asyncio.Task[Any]) -> None:
        if _failed(task) and self._tasks.get(key) is task:
            del self._tasks[key]
        if len(self._tasks) > MAX_UNCLAIMED:
            for old in [k for k, t in self._tasks.items() if t.done()]:
                del self._tasks[old]

    async def cancel_all(self) -> None:
        """At stop: the client is closing, so its limiters no longer matter."""
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _failed(task: asyncio.Task[Any]) -> bool:
    """Done without a result (retrieving the exception, so asyncio does not warn)."""
    return task.done() and (task.cancelled() or task.exception() is not None)


async def start_thread(
    client: LayoffbotClient, posted: Posted, name: str, inflight: InFlight, timeout: float
) -> str | None:
    """Open the story's discussion thread; a refusal leaves the message delivered."""

    def request() -> Coroutine[Any, Any, Any]:
        return client.http.start_thread_with_message(
            posted.channel_id,
            posted.message_id,
            name=name,
            auto_archive_duration=THREAD_ARCHIVE_MINUTES,
        )

    try:
        data = await inflight.run(("thread", posted.message_id), request, timeout)
    except discord.HTTPException as exc:
        if exc.code == THREAD_ALREADY_CREATED:  # by an earlier try whose answer was lost
            return str(posted.message_id)  # a message's thread has the message's id
        log.info("no thread on message %s in %s: %s", posted.message_id, posted.channel_id, exc)
        return None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        log.info("no thread on message %s in %s: %s", posted.message_id, posted.channel_id, exc)
        return None
    return str(data["id"])
