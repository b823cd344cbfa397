"""The Slack adapter: slack-bolt AsyncApp over Socket Mode or HTTP, and outbound delivery.

A thin translator. Inbound: `/layoffs ...` slash commands, the "Share to channel" button,
the App Home tab and its "Unsubscribe" buttons become `Command`s for the core; the core's
`Message`s are rendered by `adapters.slack.blocks`. Outbound: `send()` posts rendered
messages for the outbox dispatcher and maps Slack's failures onto
`TransientDeliveryError` / `PermanentDeliveryError`.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import logging
import random
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from datetime import timedelta
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import (
    SHARE_ACTION_ID,
    UNSUBSCRIBE_ACTION_ID,
    escape,
    fallback_text,
    render_home,
    render_messages,
    share_button,
)
from adapters.slack.socket import SocketModeConnection
from bot.errors import AdapterStartError, PermanentDeliveryError, TransientDeliveryError
from bot.models import ArgValue, Command, DeliveryReceipt, Image, Message, Target
from bot.ports import CoreApp, SendAttempt

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"
APOLOGY = "Sorry, something went wrong on my side. Please try again in a minute."
# Message metadata marking a post as (part of) an outbox delivery; see send_once.
DELIVERY_EVENT = "layoffbot_delivery"
# How far before a delivery was planned its posts are looked for (clock skew), and the
# look-up's page size and page count (newest messages first).
HISTORY_SKEW = timedelta(minutes=10)
HISTORY_PAGE = 100
HISTORY_PAGES = 5
# Web API methods that post: a repeat after a lost answer would post twice, so slack_sdk
# must not repeat them on its own (the outbox retries them, after looking first).
POSTING_METHODS = ("chat.postMessage", "files.completeUploadExternal")
MAX_MEMBERSHIP_PAGES = 20  # users.conversations pages (1,000 channels each) for App Home
CHART_ON_SHARE = (
    "Only you can see this reply, so its chart is not posted here: Share to channel posts both."
)

# Slack error codes after which a retry can never succeed.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "user_not_found",
        "users_not_found",
        "cannot_dm_bot",
        "user_disabled",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "ekm_access_denied",
        "missing_scope",
        "no_permission",
        "team_access_not_granted",
        "channel_is_archived",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "message_limit_exceeded",
        "thread_not_found",
        "invalid_arguments",
        "app_uninstalled",
        "org_login_required",
        "enterprise_is_restricted",
        "two_factor_setup_required",
    }
)
# Slack error codes (with HTTP 200) that are worth retrying.
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "service_unavailable",
        "fatal_error",
        "internal_error",
        "request_timeout",
        "team_added_to_org",
    }
)


class _RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler that only waits in-process for short Retry-After values.

    A long wait is better left to the outbox (TransientDeliveryError with retry_after), so
    a delivery never holds a dispatcher slot for minutes. The jitter scales with the wait.
    """

    def __init__(self, max_retry_count: int = 5, max_inline_wait: float = 5.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_inline_wait = max_inline_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return _retry_after(response.headers) <= self.max_inline_wait

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        wait = _retry_after(response.headers if response is not None else {})
        state.next_attempt_requested = True
        await asyncio.sleep(wait + random.uniform(0, min(1.0, 0.05 + wait * 0.25)))
        state.increment_current_attempt()


def _retry_after(headers: Any) -> float:
    """Retry-After from any header mapping (slack_sdk gives lists or multidicts)."""
    value: Any = None
    try:
        for key in headers:
            if str(key).lower() == "retry-after":
                value = headers[key]
                break
    except TypeError:
        return 1.0
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0


class _ProportionalJitter(Jitter):
    """Up to +50% of the interval (slack_sdk's default adds up to a whole second)."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)


def _posts(request: HttpRequest) -> bool:
    return request.url.rstrip("/").endswith(tuple("/" + m for m in POSTING_METHODS))


class _ConnectionErrorRetry(AsyncConnectionErrorRetryHandler):
    """Retries connection errors, but a post only when it never reached Slack.

    A connection reset or a server disconnect after a post was sent may come after Slack
    posted it; repeating it here would post it twice. The outbox retries those instead,
    after looking for the post in the channel (SlackAdapter.send_once).
    """

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if _posts(request) and not isinstance(error, aiohttp.ClientConnectorError):
            return False
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


class _ServerErrorRetry(AsyncServerErrorRetryHandler):
    """Retries a 5xx once, except for posts (Slack may have posted before failing)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if _posts(request):
            return False
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


def retry_handlers() -> list[AsyncRetryHandler]:
    """The Web API client's retry policy: short 429 waits, one 5xx retry, connection
    resets; posts are repeated in-process only after a 429 or a refused connection."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=0.2, jitter=_ProportionalJitter())
    return [
        _ConnectionErrorRetry(max_retry_count=2, interval_calculator=backoff),
        _RateLimitRetry(),
        _ServerErrorRetry(max_retry_count=1, interval_calculator=backoff),
    ]


class ChannelLimiter:
    """At most one message per `interval` seconds per channel (Slack's posting limit)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, channel: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            loop = asyncio.get_running_loop()
            wait = self._last.get(channel, float("-inf")) + self.interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._last[channel] = loop.time()
        if len(self._locks) > 10_000:  # forget idle channels now and then
            self._forget_idle()

    def _forget_idle(self) -> None:
        now = asyncio.get_running_loop().time()
        for channel in [c for c, t in self._last.items() if now - t > self.interval]:
            lock = self._locks.get(channel)
            if lock is not None and not lock.locked():
                del self._locks[channel]
                del self._last[channel]


class SlackAdapter:
    """ChatAdapter for Slack. Socket Mode when `app_token` is given, else HTTP mode on
    `host:port` at `/slack/events` (requests verified with `signing_secret`).

    `managers`: Slack user ids always treated as managers; workspace admins and owners
    (users.info) are managers too. `api_url` points the Web API elsewhere (tests, proxies).
    `reconnect_delays`: the first and the largest wait between Socket Mode connect attempts.
    Direct messages to the bot are answered like `/layoffs` commands.
    """

    name = "slack"

    def __init__(
        self,
        bot_token: str,
        *,
        app_token: str | None = None,
        signing_secret: str | None = None,
        port: int = 3000,
        host: str = "0.0.0.0",
        api_url: str | None = None,
        managers: frozenset[str] = frozenset(),
        min_interval_per_channel: float = 1.0,
        reconnect_delays: tuple[float, float] = (2.0, 120.0),
    ) -> None:
        if not bot_token:
            raise ValueError("SLACK_BOT_TOKEN is required")
        if not app_token and not signing_secret:
            raise ValueError("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET")
        self.bot_token = bot_token
        self.app_token = app_token or None
        self.signing_secret = signing_secret or None
        self.host = host
        self.port = port
        self.api_url = _with_slash(api_url or DEFAULT_API_URL)
        self.managers = frozenset(managers)
        self.limiter = ChannelLimiter(min_interval_per_channel)
        self.reconnect_delays = reconnect_delays
        self.manager_cache_seconds = 300.0
        self._core: CoreApp | None = None
        self._client: AsyncWebClient | None = None
        self._bolt: AsyncApp | None = None
        self._socket: SocketModeConnection | None = None
        self._runner: web.AppRunner | None = None
        self._manager_cache: dict[tuple[str | None, str], tuple[float, bool]] = {}
        self._dm_channels: dict[str, str] = {}
        # Parts of split messages already posted, so a retried send() does not repeat them.
        self._progress: OrderedDict[tuple[Target, Message], list[str]] = OrderedDict()

    # --- lifecycle -------------------------------------------------------------------

    @property
    def client(self) -> AsyncWebClient:
        if self._client is None:
            self._client = AsyncWebClient(
                token=self.bot_token, base_url=self.api_url, retry_handlers=retry_handlers()
            )
        return self._client

    @property
    def bolt_app(self) -> AsyncApp:
        if self._bolt is None:
            raise RuntimeError("SlackAdapter.start() has not been called")
        return self._bolt

    @property
    def bound_port(self) -> int | None:
        """The HTTP port actually listened on (useful with port=0)."""
        if self._runner is None:
            return None
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                return int(address[1])
        return None

    async def start(self, app: CoreApp) -> None:
        """Register the listeners and start receiving; returns at once in Socket Mode.

        Socket Mode connects in the background (with backoff, one log line per failed
        attempt), so a Slack outage or a wrong app token never holds up the bot's start or
        its shutdown. HTTP mode fails here with a AdapterStartError when the port is taken.
        """
        if self._bolt is not None:
            return
        self._core = app
        socket_mode = self.app_token is not None
        bolt_logger = logging.getLogger("adapters.slack.bolt")
        if not any(isinstance(f, _BoltNoise) for f in bolt_logger.filters):
            bolt_logger.addFilter(_BoltNoise())
        bolt = AsyncApp(
            client=self.client,
            signing_secret=self.signing_secret or "",
            request_verification_enabled=not socket_mode,
            process_before_response=False,
            logger=bolt_logger,
        )
        bolt.command("/layoffs")(self._on_command)
        bolt.action(SHARE_ACTION_ID)(self._on_share)
        bolt.action(UNSUBSCRIBE_ACTION_ID)(self._on_unsubscribe)
        bolt.event("app_home_opened")(self._on_home_opened)
        bolt.event("message")(self._on_message)
        if socket_mode:
            assert self.app_token is not None
            self._socket = SocketModeConnection(
                bolt,
                self.app_token,
                self.client,
                first_delay=self.reconnect_delays[0],
                max_delay=self.reconnect_delays[1],
            )
            self._socket.start()
            self._bolt = bolt
            return
        web_app = web.Application()
        web_app.router.add_post(EVENTS_PATH, self._on_http)
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as exc:
            await runner.cleanup()
            raise AdapterStartError(_listen_error(self.host, self.port, exc)) from None
        self._runner = runner
        self._bolt = bolt
        log.info("slack: listening on %s:%s%s", self.host, self.bound_port, EVENTS_PATH)

    @property
    def connected(self) -> asyncio.Event | None:
        """Set while the Socket Mode connection is open (None in HTTP mode)."""
        return self._socket.connected if self._socket is not None else None

    async def stop(self) -> None:
        """Prompt: stops reconnecting and closes the connection or the HTTP listener."""
        socket, runner = self._socket, self._runner
        self._socket = self._runner = None
        self._bolt = None
        if socket is not None:
            await socket.close()
        if runner is not None:
            await runner.cleanup()

    async def _on_http(self, request: web.Request) -> web.Response:
        """Refuse malformed signature headers before bolt sees them.

        slack_sdk's verifier calls `int()` on the timestamp and `hmac.compare_digest` on
        the signature, so `X-Slack-Request-Timestamp: abc` or a non-ASCII signature raised
        inside bolt: HTTP 500 and an ERROR traceback per unauthenticated request (a
        log-flood lever). Such a request cannot be Slack's: 401 and one INFO line.
        """
        problem = malformed_signature_headers(request.headers)
        if problem is None:
            body = await request.read()
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                problem = "a body that is not UTF-8"
        if problem is not None:
            log.info("slack: refused a request from %s with %s (401)", request.remote, problem)
            return web.Response(status=401, text="invalid request signature")
        bolt_response = await self.bolt_app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    def _core_app(self) -> CoreApp:
        if self._core is None:
            raise RuntimeError("SlackAdapter.start() has not been called")
        return self._core

    # --- inbound: slash command, buttons, App Home ------------------------------------

    async def _on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        try:
            cmd = await self._to_command(
                text=str(command.get("text") or ""),
                user_id=str(command.get("user_id") or ""),
                channel_id=command.get("channel_id"),
                team_id=command.get("team_id"),
                channel_name=command.get("channel_name"),
            )
            message = await self._core_app().handle(cmd)
            if message.image is not None:
                # The reply is ephemeral and Slack cannot attach a file to an ephemeral
                # message: uploading the chart into the channel showed it to everyone.
                # It goes out with the reply when the user shares it.
                footer = f"{message.footer}\n{CHART_ON_SHARE}" if message.footer else CHART_ON_SHARE
                message = replace(message, image=None, footer=footer)
            await self._respond(respond, message, share_text=cmd.text)
        except Exception:
            log.exception("slack: /layoffs failed")
            await _safe_respond(respond, APOLOGY)

    async def _on_share(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        try:
            action = (body.get("actions") or [{}])[0]
            channel_id = _channel_of(body)
            if channel_id is None:
                await _safe_respond(respond, "I can only share into a channel.")
                return
            cmd = await self._to_command(
                text=str(action.get("value") or ""),
                user_id=str((body.get("user") or {}).get("id") or ""),
                channel_id=channel_id,
                team_id=_team_of(body),
            )
            message = await self._core_app().handle(cmd)
            text_only = replace(message, image=None, ephemeral=False)
            try:
                await self.send(Target(platform=self.name, channel_id=channel_id), text_only)
            except PermanentDeliveryError:
                await _safe_respond(
                    respond, "I can't post in this channel. Invite me first: `/invite @layoffbot`."
                )
                return
            except TransientDeliveryError:
                await _safe_respond(respond, "Slack is busy right now; please try again shortly.")
                return
            note = await self._upload_reply_image(message.image, channel_id)
            if note is not None:
                await _safe_respond(respond, note)
            else:
                await respond(delete_original=True)
        except Exception:
            log.exception("slack: share failed")
            await _safe_respond(respond, APOLOGY)

    async def _on_home_opened(
        self, ack: AsyncAck, event: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user") or "")
        try:
            await self._publish_home(user_id, _team_of(body))
        except Exception:
            log.exception("slack: publishing the App Home failed")

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A direct message to the bot (the Messages tab) is answered like `/layoffs TEXT`.

        The answer is posted in the DM (in the thread, when the message was in one). Edits,
        bots' messages (the bot's own answers included) and channel messages are ignored.
        """
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        channel_id = str(event.get("channel") or "")
        user_id = str(event.get("user") or "")
        if not channel_id or not user_id:
            return
        target = Target(
            platform=self.name,
            channel_id=channel_id,
            thread_id=str(event["thread_ts"]) if event.get("thread_ts") else None,
        )
        try:
            cmd = await self._to_command(
                text=dm_text(str(event.get("text") or "")),
                user_id=user_id,
                channel_id=channel_id,
                team_id=_team_of(body) or event.get("team"),
                channel_name="directmessage",
            )
            message = await self._core_app().handle(cmd)
        except Exception:
            log.exception("slack: direct message failed")
            message = Message(title=APOLOGY, is_error=True)
        try:
            await self.send(target, replace(message, ephemeral=False))
        except (PermanentDeliveryError, TransientDeliveryError) as exc:
            log.warning("slack: could not answer the direct message in %s: %s", channel_id, exc)

    async def _on_unsubscribe(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str((body.get("user") or {}).get("id") or "")
        team_id = _team_of(body)
        company = str(((body.get("actions") or [{}])[0]).get("value") or "")
        try:
            # Typed, not text: a company whose name ends in "here" stays that company.
            cmd = await self._home_command(
                f"unsubscribe {company}",
                user_id,
                team_id,
                name="unsubscribe",
                args={"company": company},
            )
            result = await self._core_app().handle(cmd)
            await self._publish_home(user_id, team_id, notice=result)
        except Exception:
            log.exception("slack: unsubscribe from the App Home failed")

    async def _publish_home(
        self, user_id: str, team_id: str | None, *, notice: Message | None = None
    ) -> None:
        cmd = await self._home_command("home", user_id, team_id)
        channels = None if cmd.is_manager else await self._member_channels(user_id)
        home = await self._core_app().home(cmd, channels)
        view = {"type": "home", "blocks": render_home(home, notice=notice)}
        await self.client.views_publish(user_id=user_id, view=view)

    async def _member_channels(self, user_id: str) -> frozenset[str] | None:
        """The public and private channels `user_id` is a member of (users.conversations;
        private ones only where the bot is a member too, as it is in every digest channel),
        or None when Slack does not say (no `channels:read`/`groups:read` scope, an
        outage): the App Home then lists no digest to a non-manager."""
        channels: set[str] = set()
        cursor: str | None = None
        try:
            for _ in range(MAX_MEMBERSHIP_PAGES):
                response = await self.client.users_conversations(
                    user=user_id,
                    types="public_channel,private_channel",
                    exclude_archived=True,
                    limit=1000,
                    cursor=cursor,
                )
                channels.update(str(c.get("id")) for c in response.get("channels") or [])
                cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: users.conversations failed for %s (%s)", user_id, exc)
            return None
        return frozenset(channels)

    async def _home_command(
        self,
        text: str,
        user_id: str,
        team_id: str | None,
        *,
        name: str | None = None,
        args: dict[str, ArgValue] | None = None,
    ) -> Command:
        """Commands from the App Home: no channel; private to the user like a DM. A
        button's command is typed (`name`, `args` per bot.commands.table)."""
        return Command(
            text=text,
            name=name,
            args=args or {},
            platform=self.name,
            user_id=user_id,
            channel_id=None,
            workspace_id=team_id,
            is_manager=await self.is_manager(user_id, team_id),
            is_direct=True,
        )

    async def _to_command(
        self,
        *,
        text: str,
        user_id: str,
        channel_id: Any,
        team_id: Any,
        channel_name: Any = None,
    ) -> Command:
        channel = str(channel_id) if channel_id else None
        team = str(team_id) if team_id else None
        is_direct = channel_name == "directmessage" or (channel or "").startswith("D")
        return Command(
            text=text.strip(),
            platform=self.name,
            user_id=user_id,
            channel_id=channel,
            workspace_id=team,
            is_manager=await self.is_manager(user_id, team),
            is_direct=is_direct,
        )

    async def is_manager(self, user_id: str, team_id: str | None = None) -> bool:
        """Configured managers, or workspace admins/owners per users.info (cached)."""
        if user_id in self.managers:
            return True
        if not user_id:
            return False
        key = (team_id, user_id)
        now = time.monotonic()
        cached = self._manager_cache.get(key)
        if cached is not None and now - cached[0] < self.manager_cache_seconds:
            return cached[1]
        try:
            response = await self.client.users_info(user=user_id)
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: users.info failed for %s (%s); not a manager", user_id, exc)
            return False
        user = response.get("user") or {}
        result = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        self._manager_cache[key] = (now, result)
        return result

    async def _respond(
        self,
        respond: AsyncRespond,
        message: Message,
        *,
        share_text: str | None = None,
    ) -> None:
        """Ephemeral reply through response_url (Slack allows 5 posts: keep one spare)."""
        chunks = render_messages(message)[:4]
        last = chunks[-1]
        if share_text and message.shareable and not message.is_error:
            button = share_button(share_text)
            if button is not None and len(last) < 50:
                last.append(button)
        text = fallback_text(message) or "layoffbot"
        for blocks in chunks:
            await respond(
                text=text,
                blocks=blocks,
                response_type="ephemeral",
                replace_original=False,
                unfurl_links=False,
                unfurl_media=False,
            )

    async def _upload_reply_image(self, image: Image | None, channel_id: str | None) -> str | None:
        """Upload a reply's chart into the channel; a note for the reply when it failed."""
        if image is None:
            return None
        if channel_id is None:
            return "The chart could not be posted here."
        try:
            await self._upload(image, channel_id, thread_ts=None)
        except (PermanentDeliveryError, TransientDeliveryError) as exc:
            log.info("slack: chart upload to %s failed: %s", channel_id, exc)
            return (
                "I couldn't post the chart in this channel"
                " (invite me with `/invite @layoffbot`, or try again)."
            )
        return None

    # --- outbound ----------------------------------------------------------------------

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        """Post `message` to a channel, a thread (`thread_id` = parent ts) or a user's DM.

        Long messages go out as several messages in order; the first ts is the receipt's
        message_id. A retried send() of the same (target, message) skips parts already
        posted. Raises TransientDeliveryError / PermanentDeliveryError.
        """
        channel = await self._channel_of(target)
        key = (target, message)
        posted = self._progress.pop(key, [])
        chunks = render_messages(message)
        text = fallback_text(message) or "layoffbot"
        try:
            for index, blocks in enumerate(chunks):
                if index < len(posted):
                    continue
                response = await self._post(channel, target, text, blocks, index, len(chunks))
                posted.append(str(response.get("ts")))
            if message.image is not None and len(posted) == len(chunks):
                await self._upload(message.image, channel, thread_ts=target.thread_id)
        except TransientDeliveryError:
            if posted:
                self._remember(key, posted)
            raise
        thread_ids = (target.thread_id,) if target.thread_id else ()
        return DeliveryReceipt(message_id=posted[0], thread_ids=thread_ids)

    async def send_once(
        self, target: Target, message: Message, attempt: SendAttempt
    ) -> DeliveryReceipt:
        """Post an outbox delivery at most once (bot.ports.IdempotentChatAdapter).

        Every part carries message metadata (`layoffbot_delivery`: the delivery key, the
        part and the number of parts). When `attempt.unsure`, the channel's (or thread's)
        messages since shortly before the delivery was planned are read first, with their
        metadata: parts found there are not posted again, and the first part's ts is the
        receipt either way. A chart goes up under a file name made from the key, found
        the same way.
        """
        channel = await self._channel_of(target)
        chunks = render_messages(message)
        text = fallback_text(message) or "layoffbot"
        image = message.image
        if image is not None:
            image = replace(image, filename=_keyed_filename(image.filename, attempt.key))
        found: dict[int, str] = {}
        image_found = False
        if attempt.unsure:
            found, image_found = await self._find_posted(
                channel, target.thread_id, attempt, image.filename if image else None
            )
        posted: list[str] = []
        for index, blocks in enumerate(chunks):
            ts = found.get(index)
            if ts is None:
                metadata = {
                    "event_type": DELIVERY_EVENT,
                    "event_payload": {"key": attempt.key, "part": index, "parts": len(chunks)},
                }
                response = await self._post(
                    channel, target, text, blocks, index, len(chunks), metadata=metadata
                )
                ts = str(response.get("ts"))
            posted.append(ts)
        if image is not None and not image_found:
            await self._upload(image, channel, thread_ts=target.thread_id)
        thread_ids = (target.thread_id,) if target.thread_id else ()
        return DeliveryReceipt(message_id=posted[0], thread_ids=thread_ids)

    async def _channel_of(self, target: Target) -> str:
        if target.channel_id is not None:
            return target.channel_id
        if target.user_id is None:
            raise PermanentDeliveryError("slack: target has neither channel nor user")
        return await self._open_dm(target.user_id)

    async def _post(
        self,
        channel: str,
        target: Target,
        text: str,
        blocks: list[dict[str, Any]],
        index: int,
        parts: int,
        *,
        metadata: dict[str, Any] | None = None,
    ) -> Any:
        part_text = text if index == 0 else f"{text} (part {index + 1}/{parts})"
        extra: dict[str, Any] = {"metadata": metadata} if metadata is not None else {}
        return await self._api(
            channel,
            self.client.chat_postMessage,
            channel=channel,
            thread_ts=target.thread_id,
            text=part_text,
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            **extra,
        )

    async def _find_posted(
        self,
        channel: str,
        thread_ts: str | None,
        attempt: SendAttempt,
        filename: str | None,
    ) -> tuple[dict[int, str], bool]:
        """The delivery's parts already posted (part -> ts), and whether its chart is.

        Reads conversations.history (conversations.replies for a thread) with
        `include_all_metadata`, newest first, from shortly before the delivery was
        planned, at most HISTORY_PAGES pages. A failed read raises (the outbox retries
        later): posting blind could double the message. Only a token without the history
        scopes is let through, with a warning, so an older install keeps delivering.
        """
        found: dict[int, str] = {}
        image_found = False
        oldest = f"{(attempt.since - HISTORY_SKEW).timestamp():.6f}"
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            kwargs: dict[str, Any] = {
                "channel": channel,
                "include_all_metadata": True,
                "oldest": oldest,
                "limit": HISTORY_PAGE,
            }
            if cursor:
                kwargs["cursor"] = cursor
            try:
                if thread_ts:
                    response = await self._api(
                        None, self.client.conversations_replies, ts=thread_ts, **kwargs
                    )
                else:
                    response = await self._api(None, self.client.conversations_history, **kwargs)
            except PermanentDeliveryError as exc:
                if "missing_scope" not in str(exc):
                    raise
                log.warning(
                    "slack: cannot read %s to check for an earlier post of %s (missing_scope);"
                    " posting. Add the history scopes (docs/slack.md) and reinstall the app",
                    channel,
                    attempt.key,
                )
                return found, image_found
            for item in response.get("messages") or []:
                meta = item.get("metadata") or {}
                payload = meta.get("event_payload") or {}
                if meta.get("event_type") == DELIVERY_EVENT and payload.get("key") == attempt.key:
                    with suppress(TypeError, ValueError, KeyError):
                        found.setdefault(int(payload.get("part", 0)), str(item["ts"]))
                if filename and any(
                    f.get("name") == filename
                    for f in item.get("files") or []
                    if isinstance(f, dict)
                ):
                    image_found = True
            cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                break
        if found or image_found:
            log.info(
                "slack: delivery %s already in %s (%d part(s)%s), not posted again",
                attempt.key,
                channel,
                len(found),
                ", chart" if image_found else "",
            )
        return found, image_found

    def _remember(self, key: tuple[Target, Message], posted: list[str]) -> None:
        self._progress[key] = posted
        while len(self._progress) > 256:
            self._progress.popitem(last=False)

    async def _open_dm(self, user_id: str) -> str:
        cached = self._dm_channels.get(user_id)
        if cached is not None:
            return cached
        response = await self._api(None, self.client.conversations_open, users=user_id)
        channel_id = str((response.get("channel") or {}).get("id") or "")
        if not channel_id:
            raise PermanentDeliveryError(f"slack: no DM channel for {user_id}")
        self._dm_channels[user_id] = channel_id
        return channel_id

    async def _upload(self, image: Image, channel: str, *, thread_ts: str | None) -> None:
        """Files upload v2 (getUploadURLExternal, POST, completeUploadExternal)."""
        kwargs: dict[str, Any] = {
            "channel": channel,
            "file": image.data,
            "filename": image.filename,
            "title": image.alt_text,
            "alt_txt": image.alt_text,
        }
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        await self._api(channel, self.client.files_upload_v2, **kwargs)

    async def _api(
        self,
        limit_key: str | None,
        method: Callable[..., Awaitable[Any]],
        /,
        **kwargs: Any,
    ) -> Any:
        """Call a Web API method (rate limited per channel `limit_key`) and translate its
        failures into delivery errors."""
        try:
            if limit_key is None:
                return await method(**kwargs)
            async with self.limiter.slot(limit_key):
                return await method(**kwargs)
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc
        except (aiohttp.ClientError, TimeoutError, ConnectionError) as exc:
            raise TransientDeliveryError(f"slack: {type(exc).__name__}: {exc}") from exc
        except SlackClientError as exc:
            raise PermanentDeliveryError(f"slack: {exc}") from exc


def _delivery_error(exc: SlackApiError) -> PermanentDeliveryError | TransientDeliveryError:
    response = exc.response
    status = int(getattr(response, "status_code", 0) or 0)
    data = getattr(response, "data", None)
    error = str(data.get("error") or "") if isinstance(data, dict) else ""
    headers = getattr(response, "headers", None) or {}
    if status == 429 or error in ("ratelimited", "rate_limited"):
        return TransientDeliveryError(
            f"slack: rate limited ({error or status})", retry_after=_retry_after(headers)
        )
    if status >= 500 or error in TRANSIENT_ERRORS:
        return TransientDeliveryError(f"slack: {error or 'server error'} (HTTP {status})")
    if error in PERMANENT_ERRORS:
        return PermanentDeliveryError(f"slack: {error}")
    # Unknown errors are deterministic in practice (bad arguments): retrying cannot help.
    return PermanentDeliveryError(f"slack: {error or f'HTTP {status}'}")


class _BoltNoise(logging.Filter):
    """Drops bolt's "`token` will be unused" warning, logged at every start.

    bolt reads SLACK_BOT_TOKEN from the environment by itself and warns when a client is
    passed too; ours carries that same token (plus our base URL and retry policy).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _listen_error(host: str, port: int, exc: OSError) -> str:
    """One line for a Slack HTTP-mode port that cannot be listened on."""
    if exc.errno == errno.EADDRINUSE:
        return (
            f"cannot listen for Slack events on {host}:{port}: the port is already in use"
            " (another layoffbot?). Stop the program using it, or set LAYOFFBOT_SLACK_PORT"
            " to a free port"
        )
    if exc.errno == errno.EACCES:
        return (
            f"cannot listen for Slack events on {host}:{port}: permission denied (ports below"
            " 1024 need privileges). Set LAYOFFBOT_SLACK_PORT to a port above 1024"
        )
    reason = (exc.strerror or str(exc)).lower()
    return f"cannot listen for Slack events on {host}:{port} ({reason}). Check LAYOFFBOT_SLACK_PORT"


_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def malformed_signature_headers(headers: Any) -> str | None:
    """What is wrong with a request's Slack signature headers by their shape alone, or
    None when they could be Slack's (bolt then checks the signature itself)."""
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    if timestamp is None or signature is None:
        return "no signature headers"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "a malformed X-Slack-Request-Timestamp"
    if not _SIGNATURE.fullmatch(signature):
        return "a malformed X-Slack-Signature"
    return None


_SLACK_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def dm_text(text: str) -> str:
    """A direct message's text as the user typed it.

    Slack sends `<https://x|x>` for links, `<@U1>` for mentions and escapes &, < and >;
    commands like `why <link>` need the plain URL back.
    """

    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("http://", "https://")):
            return target
        return label or target.removeprefix("mailto:")

    text = _SLACK_MARKUP.sub(plain, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _keyed_filename(filename: str, key: str) -> str:
    """`chart.png` -> `chart-<8 hex of the key>.png`: finds a delivery's chart again."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    tag = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{stem}-{tag}.{ext}" if ext else f"{stem}-{tag}"


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _channel_of(body: dict[str, Any]) -> str | None:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return str(channel) if channel else None


def _team_of(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    if not team:
        team = (body.get("user") or {}).get("team_id")
    return str(team) if team else None


async def _safe_respond(respond: AsyncRespond, text: str) -> None:
    try:
        await respond(text=escape(text), response_type="ephemeral", replace_original=False)
    except Exception:  # noqa: BLE001 - nothing more to tell the user
        log.exception("slack: could not reply to the user")
