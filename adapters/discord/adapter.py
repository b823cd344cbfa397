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
import logging
from collections.abc import Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.client import (
    DISCORD_LOGGERS,
    ONE_LINE_NETWORK_ERRORS,
    InFlight,
    LayoffbotClient,
    Posted,
    close_client,
    post_pages,
    start_thread,
)
from adapters.discord.cog import PLATFORM, LayoffsCog
from adapters.discord.translate import (
    classify,
    describe_failure,
    rejection,
    seconds,
    snowflake,
    thread_name,
)
from bot.config import DiscordSettings
from bot.errors import (
    AdapterStartError,
    ConfigError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from bot.models import DeliveryReceipt, Message, Target
from bot.ports import CoreApp, SendAttempt

log = logging.getLogger(__name__)

UNKNOWN_CHANNEL = 10003


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
    - `send_timeout`: how long a delivery is waited for; a slower one goes on in the
      background and its next attempt takes its result (adapters/discord/client.py, InFlight);
      `max_ratelimit_timeout`: 429 waits longer than this
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
        self._inflight = InFlight()
        self._task: asyncio.Task[None] | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self._ready = asyncio.Event()
        self._gave_up: ConfigError | None = None
        self._last_problem = "Discord is not connected yet"

    @classmethod
    def from_settings(cls, settings: DiscordSettings, **options: Any) -> DiscordAdapter:
        """The adapter for the DISCORD_* settings group; `options` as for the constructor."""
        return cls(
            settings.token,
            api_url=settings.api_url,
            guild_ids=list(settings.guild_ids) or None,
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
            **options,
        )

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
        for name in DISCORD_LOGGERS:
            logging.getLogger(name).addFilter(ONE_LINE_NETWORK_ERRORS)
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
        await self._inflight.cancel_all()
        client, self._client = self._client, None
        if client is not None:
            await close_client(client)
        self._ready.clear()
        for name in DISCORD_LOGGERS:
            logging.getLogger(name).removeFilter(ONE_LINE_NETWORK_ERRORS)
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
            await close_client(client)
            if became_ready:
                delay, failures = self._retry_initial, 0
            failures += 1
            rejected = rejection(error)
            if rejected is not None:
                self._gave_up = ConfigError(rejected)
                self._last_problem = rejected
                log.error("%s", rejected)
                return
            problem = self._describe(error, was_connected=became_ready)
            self._last_problem = problem
            log.warning("%s Retrying in %s (attempt %d failed).", problem, seconds(delay), failures)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._retry_max)

    def _new_client(self, app: CoreApp, on_ready: Callable[[], None]) -> LayoffbotClient:
        client = LayoffbotClient(
            guild_ids=self._guild_ids,
            sync_commands=self._shard_ids is None or 0 in self._shard_ids,
            gateway_from_api=self._api_url is not None,
            on_ready=on_ready,
            on_removed=lambda guild_id: app.workspace_removed(PLATFORM, str(guild_id)),
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
        key: Any = attempt.key if attempt is not None else (target, message)
        try:
            posted = await self._inflight.run(
                key, lambda: self._post(client, target, message, attempt), self._send_timeout
            )
        except discord.RateLimited as exc:
            raise TransientDeliveryError(str(exc), retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise classify(exc) from exc
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise TransientDeliveryError(f"Discord unreachable: {exc!r}") from exc
        thread_ids: tuple[str, ...] = ()
        if message.discussion and posted.guild_id is not None:
            thread_id = await start_thread(
                client, posted, thread_name(message), self._inflight, self._send_timeout
            )
            thread_ids = (thread_id,) if thread_id else ()
        return DeliveryReceipt(message_id=str(posted.message_id), thread_ids=thread_ids)

    async def _post(
        self,
        client: LayoffbotClient,
        target: Target,
        message: Message,
        attempt: SendAttempt | None,
    ) -> Posted:
        guild_id = snowflake(target.workspace_id, "workspace_id") if target.workspace_id else None
        if target.channel_id:
            channel_id = snowflake(target.channel_id, "channel_id")
            if target.thread_id and not message.discussion:
                thread = client.get_partial_messageable(
                    snowflake(target.thread_id, "thread_id"), guild_id=guild_id
                )
                try:
                    return await post_pages(client, thread, target, message, guild_id, attempt)
                except discord.NotFound as exc:
                    if exc.code != UNKNOWN_CHANNEL:
                        raise
            channel: discord.abc.Messageable = client.get_partial_messageable(
                channel_id, guild_id=guild_id
            )
        elif target.user_id:
            user_id = snowflake(target.user_id, "user_id")
            if guild_id is not None:
                await _require_member(client, guild_id, user_id)
            channel = await client.create_dm(discord.Object(id=user_id))
            guild_id = None
        else:
            raise PermanentDeliveryError("a Discord target needs a channel_id or a user_id")
        return await post_pages(client, channel, target, message, guild_id, attempt)


async def _require_member(client: LayoffbotClient, guild_id: int, user_id: int) -> None:
    """A direct message planned for a server (an alert its member subscribed to there)
    goes only to a member still: a user who left or was removed kept receiving the
    server's own feeds' stories by DM (session 11 attack). One REST lookup; no
    privileged intent needed."""
    try:
        await client.http.get_member(guild_id, user_id)
    except discord.NotFound:
        raise PermanentDeliveryError(
            f"user {user_id} is no longer a member of server {guild_id}: "
            "what they followed there is not sent to them"
        ) from None


def _log_crash(task: asyncio.Task[None]) -> None:
    """The connect loop handles every failure it expects; anything else is a bug: say so."""
    if task.cancelled() or task.exception() is None:
        return
    error = task.exception()
    log.error("the Discord connection loop stopped on a bug: %r", error, exc_info=error)
