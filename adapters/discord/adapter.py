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

Each Discord message is sent with a nonce and `enforce_nonce`, so a retry within a few
minutes (Discord's window) returns the message already posted instead of a duplicate. For
an outbox delivery (`send_once`) the nonce comes from the delivery key and part number,
and each part also carries a short marker (`ref <hash>` in its footer) that Discord keeps
for good: a retry whose earlier try may have been posted (its answer was lost) first reads
the channel's recent messages and skips the parts already there, however long ago.

Connecting happens in the background (`start` does not wait for Discord unless asked to):
offline, or with Discord down, the adapter retries with capped exponential backoff and logs
one line per failed attempt (what is wrong, what to check, when it retries), so the rest of
the bot keeps polling and serving the other adapters. A token Discord rejects is not
retried: it cannot become valid without a restart, and repeated 401s get an IP banned.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.cog import LayoffsCog
from adapters.discord.embeds import MAX_FOOTER, MAX_TOTAL, attachment_name, render, thread_name
from adapters.discord.ratelimit import protect
from bot.errors import (
    AdapterStartError,
    ConfigError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from bot.models import DeliveryReceipt, Message, Target
from bot.ports import CoreApp, SendAttempt

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440
UNKNOWN_CHANNEL = 10003
THREAD_ALREADY_CREATED = 160004
# How far before a delivery was planned its posts are looked for (clock skew), and how
# many of a channel's newest messages a look-up reads at most.
HISTORY_SKEW = timedelta(minutes=10)
HISTORY_LIMIT = 500


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
        **options: Any,
    ) -> None:
        # No voice here: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents(), allowed_mentions=NO_MENTIONS, **options)
        # Sends are bounded by wait_for: keep a cancelled request from wedging discord.py's
        # rate limiters (adapters/discord/ratelimit.py).
        protect(self.http)
        self.tree: app_commands.CommandTree[LayoffbotClient] = app_commands.CommandTree(self)
        self._on_ready = on_ready
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


class DiscordAdapter:
    """ChatAdapter for Discord. `start` connects in the background; see the module docstring.

    - `token`: DISCORD_TOKEN. `api_url`: REST base override (LAYOFFBOT_DISCORD_API_URL),
      e.g. a local fake; the gateway URL then comes from its `GET /gateway/bot`.
    - `guild_ids`: DISCORD_GUILD_IDS; sync `/layoffs` to these guilds (instant) instead of
      globally (up to an hour to propagate).
    - `shard_count` / `shard_ids`: DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS for running the
      gateway over several processes; see `owns_guild`. Only the process running shard 0
      (or the only process) syncs commands.
    - `ready_timeout`: how long `start` waits for the first READY before returning; the
      connection goes on in the background either way (0: return at once, as the bot does,
      so that polling and the other adapters never wait for Discord).
    - `retry_initial` / `retry_max`: the backoff between failed connection attempts
      (doubling from `retry_initial`, capped at `retry_max`, back to `retry_initial` once a
      connection was ready). `login_timeout` bounds one login (REST plus command sync).
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
        ready_timeout: float = 0.0,
        retry_initial: float = 1.0,
        retry_max: float = 120.0,
        login_timeout: float = 60.0,
        guild_ready_timeout: float = 2.0,
        send_timeout: float = 60.0,
        max_ratelimit_timeout: float = 30.0,
    ) -> None:
        # AdapterStartError: `layoffbot run` prints these as one line and exits 2.
        if shard_ids and shard_count is None:
            raise AdapterStartError(
                "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total number of shards, "
                "the same in every process); see docs/discord.md, Running several processes"
            )
        if shard_count is not None and shard_count < 1:
            raise AdapterStartError("DISCORD_SHARD_COUNT must be at least 1")
        if shard_count is not None and any(not 0 <= s < shard_count for s in shard_ids or []):
            raise AdapterStartError(
                f"DISCORD_SHARD_IDS must be between 0 and DISCORD_SHARD_COUNT - 1 "
                f"({shard_count - 1}); got {','.join(map(str, shard_ids or []))}"
            )
        self._token = token
        self._api_url = api_url.rstrip("/") if api_url else None
        self._guild_ids = list(guild_ids or [])
        self._shard_count = shard_count
        self._shard_ids = list(shard_ids) if shard_ids else None
        self._ready_timeout = ready_timeout
        self._retry_initial = retry_initial
        self._retry_max = max(retry_max, retry_initial)
        self._login_timeout = login_timeout
        self._guild_ready_timeout = guild_ready_timeout
        self._send_timeout = send_timeout
        self._max_ratelimit_timeout = max_ratelimit_timeout
        self._client: LayoffbotClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self._ready = asyncio.Event()
        self._gave_up: ConfigError | None = None
        self._last_problem = "Discord is not connected yet"

    # -- sharding ----------------------------------------------------------------------

    def owns_target(self, target: Target) -> bool:
        """Whether this process delivers to the target: its server's shard runs here (a
        direct message, outside any server, is delivered by any process)."""
        if target.platform != "discord" or not target.workspace_id:
            return True
        return self.owns_guild(target.workspace_id)

    def owns_guild(self, guild_id: int | str) -> bool:
        """Whether this process's shards serve the guild: `(guild_id >> 22) % count in ids`.

        Without DISCORD_SHARD_IDS one process runs every shard and owns every guild.
        """
        if self._shard_ids is None or self._shard_count is None:
            return True
        return (int(guild_id) >> 22) % self._shard_count in self._shard_ids

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, app: CoreApp) -> None:
        """Start connecting in the background; wait at most `ready_timeout` for READY.

        Never raises for an unreachable Discord or a rejected token: both are logged (one
        line each) by the background task, which retries the former and gives up on the
        latter. Cancelled while waiting, it leaves nothing running.
        """
        if self._task is not None:
            return
        if self._api_url is not None:
            self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
            Route.BASE = self._api_url
        for name in _DISCORD_LOGGERS:
            logging.getLogger(name).addFilter(_ONE_LINE_NETWORK_ERRORS)
        self._ready.clear()
        self._gave_up = None
        self._task = asyncio.create_task(self._keep_connected(app), name="discord-connect")
        self._task.add_done_callback(_log_crash)
        if self._ready_timeout <= 0:
            return
        try:
            await self.wait_until_ready(self._ready_timeout)
        except (TimeoutError, ConfigError):
            return  # logged by the background task; it goes on (or has given up)
        except BaseException:  # cancelled while connecting: leave nothing running
            await self.stop()
            raise

    async def wait_until_ready(self, timeout: float) -> None:
        """Return once a connection is ready; ConfigError if the adapter gave up (rejected
        token), TimeoutError if not ready within `timeout` seconds."""
        task = self._task
        if task is None:
            raise RuntimeError("the Discord adapter was not started")
        ready = asyncio.ensure_future(self._ready.wait())
        try:
            await asyncio.wait({ready, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            ready.cancel()
        if self._ready.is_set():
            return
        if self._gave_up is not None:
            raise self._gave_up
        raise TimeoutError(f"Discord was not ready within {timeout:g} s: {self._last_problem}")

    @property
    def gave_up(self) -> ConfigError | None:
        """Why the adapter stopped trying (a rejected token), or None."""
        return self._gave_up

    async def stop(self) -> None:
        """Close the gateway and HTTP session promptly. Safe to call twice or before start."""
        task, saved = self._task, self._saved
        self._task = self._saved = None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        client, self._client = self._client, None
        if client is not None:
            await _close(client)
        self._ready.clear()
        for name in _DISCORD_LOGGERS:
            logging.getLogger(name).removeFilter(_ONE_LINE_NETWORK_ERRORS)
        if saved is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved

    async def _keep_connected(self, app: CoreApp) -> None:
        """Log in and connect; on failure log one line, wait (backoff) and try again."""
        delay = self._retry_initial
        failures = 0
        while True:
            became_ready = False

            def on_ready() -> None:
                nonlocal became_ready
                became_ready = True
                self._ready.set()
                self._last_problem = ""

            client = self._new_client(app, on_ready)
            self._client = client
            try:
                try:
                    await asyncio.wait_for(client.login(self._token), self._login_timeout)
                except TimeoutError as exc:
                    raise TimeoutError(f"no login within {self._login_timeout:g} s") from exc
                await client.connect(reconnect=True)
                error: BaseException = ConnectionError("Discord closed the connection")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                error = exc
            self._ready.clear()
            self._client = None
            await _close(client)
            if became_ready:
                delay, failures = self._retry_initial, 0
            failures += 1
            rejected = _rejection(error)
            if rejected is not None:
                self._gave_up = ConfigError(rejected)
                self._last_problem = rejected
                log.error("%s", rejected)
                return
            problem = self._describe(error, was_connected=became_ready)
            self._last_problem = problem
            log.warning(
                "%s Retrying in %s (attempt %d failed).", problem, _seconds(delay), failures
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._retry_max)

    def _new_client(self, app: CoreApp, on_ready: Callable[[], None]) -> LayoffbotClient:
        client = LayoffbotClient(
            guild_ids=self._guild_ids,
            sync_commands=self._shard_ids is None or 0 in self._shard_ids,
            gateway_from_api=self._api_url is not None,
            on_ready=on_ready,
            shard_count=self._shard_count,
            shard_ids=self._shard_ids,
            guild_ready_timeout=self._guild_ready_timeout,
            max_ratelimit_timeout=self._max_ratelimit_timeout,
        )
        client.tree.add_command(LayoffsCog(app))
        return client

    def _describe(self, error: BaseException, *, was_connected: bool) -> str:
        """One sentence on what went wrong and one on what to check."""
        what, where = describe_failure(error)
        lead = "Lost the Discord connection" if was_connected else "Cannot connect to Discord"
        if where == "network" and self._api_url is not None:
            check = (
                f"Check that LAYOFFBOT_DISCORD_API_URL ({self._api_url}) is right and its "
                "server is up."
            )
        elif where == "network":
            check = (
                "Check this machine's network connection, DNS and firewall (the bot needs "
                "outbound HTTPS to discord.com and gateway.discord.gg)."
            )
        elif where == "discord":
            check = "Discord may be having trouble: see https://discordstatus.com."
        else:
            check = "If this goes on, run with LAYOFFBOT_LOG_LEVEL=DEBUG and report it."
        return f"{lead}: {what}. {check}"

    def _not_connected_reason(self) -> str:
        if self._gave_up is not None:
            return f"the Discord adapter stopped: {self._gave_up}"
        if self._task is None:
            return "the Discord adapter is not running"
        return f"Discord is not connected yet ({self._last_problem or 'connecting'})"

    # -- outbound ----------------------------------------------------------------------

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        """Post `message`; see the module docstring for how `target` is read."""
        return await self._send(target, message, None)

    async def send_once(
        self, target: Target, message: Message, attempt: SendAttempt
    ) -> DeliveryReceipt:
        """Post an outbox delivery at most once (bot.ports.IdempotentChatAdapter).

        Each part carries a nonce and a footer marker made from `attempt.key`; when
        `attempt.unsure`, the parts already in the channel (read back from its newest
        messages) are not posted again and the first one is the receipt.
        """
        return await self._send(target, message, attempt)

    async def _send(
        self, target: Target, message: Message, attempt: SendAttempt | None
    ) -> DeliveryReceipt:
        client = self._client
        if client is None or client.is_closed() or client.user is None:
            raise TransientDeliveryError(self._not_connected_reason())
        try:
            posted = await asyncio.wait_for(
                self._post(client, target, message, attempt), timeout=self._send_timeout
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

    async def _post(
        self,
        client: LayoffbotClient,
        target: Target,
        message: Message,
        attempt: SendAttempt | None,
    ) -> _Posted:
        guild_id = _snowflake(target.workspace_id, "workspace_id") if target.workspace_id else None
        if target.channel_id:
            channel_id = _snowflake(target.channel_id, "channel_id")
            if target.thread_id and not message.discussion:
                thread = client.get_partial_messageable(
                    _snowflake(target.thread_id, "thread_id"), guild_id=guild_id
                )
                try:
                    return await _post_pages(client, thread, target, message, guild_id, attempt)
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
        return await _post_pages(client, channel, target, message, guild_id, attempt)

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
        except discord.HTTPException as exc:
            if exc.code == THREAD_ALREADY_CREATED:  # by an earlier try whose answer was lost
                return str(posted.message_id)  # a message's thread has the message's id
            log.info("no thread on message %s in %s: %s", posted.message_id, posted.channel_id, exc)
            return None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
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
    client: LayoffbotClient,
    channel: discord.abc.Messageable,
    target: Target,
    message: Message,
    guild_id: int | None,
    attempt: SendAttempt | None,
) -> _Posted:
    pages = render(message)
    if attempt is None:
        nonces = [_nonce(target, index, embeds, message) for index, embeds in enumerate(pages)]
        markers: list[str | None] = [None] * len(pages)
    else:
        nonces = [_key_nonce(attempt.key, index) for index in range(len(pages))]
        markers = [_marker(attempt.key, index) for index in range(len(pages))]
    found: dict[int, discord.Message] = {}
    if attempt is not None and attempt.unsure:
        found = await _find_posted(client, channel, attempt, nonces, markers)
    first: discord.Message | None = None
    for index, embeds in enumerate(pages):
        sent = found.get(index)
        if sent is None:
            content = _mark(embeds, markers[index])
            sent = await _send_page(channel, embeds, content, nonces[index], message, index)
        first = first or sent
    assert first is not None  # render() always returns at least one page
    return _Posted(first.channel.id, first.id, guild_id)


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
                index = next((by_marker[m] for m in _markers_in(posted) if m in by_marker), None)
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


_MARKER = re.compile(r"\bref ([0-9a-f]{12}(?:-\d+)?)\b")


def _marker(key: str, index: int) -> str:
    """The visible mark of a delivery's part: `ref <12 hex>` (then `-2`, `-3`... for the
    later parts of a split message). Support can find the delivery from it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"ref {digest}" if index == 0 else f"ref {digest}-{index + 1}"


def _markers_in(posted: discord.Message) -> list[str]:
    texts = [posted.content or ""] + [e.footer.text or "" for e in posted.embeds]
    return ["ref " + m for text in texts for m in _MARKER.findall(text)]


def _mark(embeds: list[discord.Embed], marker: str | None) -> str | None:
    """Put `marker` at the end of the page's last footer; the message content when the
    page has no room left (embed limits). Returns the content to send."""
    if marker is None:
        return None
    last = embeds[-1]
    existing = last.footer.text or ""
    footer = f"{existing}\n{marker}" if existing else marker
    total = sum(len(e) for e in embeds)
    if len(footer) <= MAX_FOOTER and total - len(existing) + len(footer) <= MAX_TOTAL:
        last.set_footer(text=footer, icon_url=last.footer.icon_url)
        return None
    return marker


def _key_nonce(key: str, index: int) -> str:
    """An outbox delivery's part -> its nonce (at most 25 characters)."""
    return hashlib.sha256(f"{key}\x00{index}".encode()).hexdigest()[:25]


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


REJECTED_TOKEN = (
    "DISCORD_TOKEN was rejected by Discord: it is wrong, incomplete or "
    "was reset. Copy a new one (Bot > Reset Token) from "
    "https://discord.com/developers/applications, set DISCORD_TOKEN and restart layoffbot. "
    "Discord stays off until then; everything else keeps running."
)
# Gateway close codes that no retry can fix (https://discord.com/developers/docs/topics/
# opcodes-and-status-codes#gateway-gateway-close-event-codes).
FATAL_CLOSE_CODES = {
    4004: REJECTED_TOKEN,
    4010: "Discord refused the shard settings (4010 invalid shard): check DISCORD_SHARD_COUNT "
    "and DISCORD_SHARD_IDS, then restart layoffbot. Discord stays off until then.",
    4011: "Discord requires more shards for this bot (4011 sharding required): unset "
    "DISCORD_SHARD_COUNT or raise it, then restart layoffbot. Discord stays off until then.",
    4013: "Discord refused the bot's gateway intents (4013): please report this.",
    4014: "Discord refused the bot's gateway intents (4014 disallowed intents): please report "
    "this.",
}


def _rejection(error: BaseException) -> str | None:
    """The message for a failure that retrying cannot fix, or None."""
    if isinstance(error, discord.LoginFailure):
        return REJECTED_TOKEN
    if isinstance(error, discord.HTTPException) and error.status == 401:
        return REJECTED_TOKEN
    if isinstance(error, discord.ConnectionClosed):
        return FATAL_CLOSE_CODES.get(error.code)
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return FATAL_CLOSE_CODES[4014]
    return None


def describe_failure(error: BaseException) -> tuple[str, Literal["network", "discord", "other"]]:
    """What went wrong, in a few words, and whose side it is on (for the advice)."""
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return f"cannot resolve {error.host} (no DNS answer)", "network"
    if isinstance(error, aiohttp.ClientConnectorError):
        os_error = error.os_error
        reason = os.strerror(os_error.errno) if os_error.errno else str(os_error)
        return f"cannot reach {error.host}:{error.port} ({reason.lower()})", "network"
    if isinstance(error, discord.RateLimited):
        return f"Discord rate-limits this bot for {error.retry_after:.0f} s", "discord"
    if isinstance(error, discord.DiscordServerError):
        return f"Discord answered {error.status} {_reason(error)}", "discord"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}: {error.text or _reason(error)}", "other"
    if isinstance(error, discord.GatewayNotFound):
        cause = error.__cause__
        if isinstance(cause, discord.HTTPException):
            what = f"{cause.status} {_reason(cause)}".strip()
            return f"Discord's gateway lookup failed ({what})", "discord"
        return "Discord did not say where its gateway is", "discord"
    if isinstance(error, discord.ConnectionClosed):
        return f"the gateway closed the connection (code {error.code})", "discord"
    if isinstance(error, TimeoutError):
        return str(error) or "no answer in time", "network"
    if isinstance(error, aiohttp.WSServerHandshakeError):
        return f"the gateway refused the WebSocket ({error.status} {error.message})", "network"
    if isinstance(error, (aiohttp.ClientError, OSError, ConnectionError)):
        return str(error) or type(error).__name__, "network"
    return f"{type(error).__name__}: {error}", "other"


def _reason(error: discord.HTTPException) -> str:
    return str(getattr(error.response, "reason", "") or "")


def _seconds(value: float) -> str:
    return f"{round(value, 2):g} s"


async def _close(client: LayoffbotClient) -> None:
    """Close a client that may never have logged in; bounded so that stop stays prompt."""
    if client.is_closed():
        return
    closing = asyncio.ensure_future(client.close())
    done, _ = await asyncio.wait({closing}, timeout=2)
    if not done:
        closing.cancel()
    await asyncio.gather(closing, return_exceptions=True)


def _log_crash(task: asyncio.Task[None]) -> None:
    """The connect loop handles every failure it expects; anything else is a bug: say so."""
    if task.cancelled() or task.exception() is None:
        return
    error = task.exception()
    log.error("the Discord connection loop stopped on a bug: %r", error, exc_info=error)


# discord.py logs a traceback for every failed gateway (re)connect; these make it one line.
_DISCORD_LOGGERS = ("discord.client", "discord.shard", "discord.gateway", "discord.http")
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


_ONE_LINE_NETWORK_ERRORS = _OneLineNetworkErrors()
