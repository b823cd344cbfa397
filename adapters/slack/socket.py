"""Socket Mode: one supervisor task keeps the WebSocket open, with backoff.

Why not slack_sdk's own loop: its `SocketModeClient.connect()` retries forever inside the
call, every few seconds, logging a full traceback each time, and keeps retrying a WebSocket
URL that has long expired. Awaited from `SlackAdapter.start()`, that meant a bot that never
finished starting (and so could not be stopped) whenever Slack was unreachable or the app
token was wrong. Here one background task owns (re)connecting: it asks
`apps.connections.open` for a fresh URL, opens the WebSocket once, and on failure logs ONE
line that says what is wrong and what to check, then waits a growing, capped delay. The SDK
still does everything else (pings, receiving, acknowledging envelopes, bolt dispatch).
"""

from __future__ import annotations

import asyncio
import errno
import logging
import random
import socket
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

import aiohttp
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.translate import retry_after as header_retry_after

log = logging.getLogger("adapters.slack.adapter")

# Errors of apps.connections.open that mean the app token itself is wrong.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
        "missing_scope",
        "app_uninstalled",
        "team_access_not_granted",
    }
)


class ConnectFailed(Exception):
    """One failed connect attempt: a message for the log and how serious it is."""

    def __init__(self, message: str, *, level: int = logging.WARNING, retry_after: float = 0.0):
        super().__init__(message)
        self.level = level
        self.retry_after = retry_after


class _OneShotClient(SocketModeClient):
    """SocketModeClient whose `connect()` makes exactly one attempt and raises on failure.

    Its own reconnect paths are switched off (`auto_reconnect_enabled=False`); Slack's
    `disconnect` envelope (sent before Slack recycles a connection) calls
    `connect_to_new_endpoint`, which here only tells the supervisor to reconnect.
    """

    def __init__(self, *, on_reconnect_request: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(auto_reconnect_enabled=False, **kwargs)
        self._on_reconnect_request = on_reconnect_request

    async def connect(self) -> None:
        """Open the WebSocket at `wss_uri` once (the SDK's connect, minus its retry loop)."""
        old = self.current_session
        if old is not None and not old.closed:
            with suppress(Exception):  # a broken old session may fail to close
                await old.close()
        if self.aiohttp_client_session.closed:
            self.aiohttp_client_session = aiohttp.ClientSession()
        if not self.wss_uri:
            raise ConnectFailed("no Socket Mode URL to connect to")
        session = await self.aiohttp_client_session.ws_connect(
            self.wss_uri,
            autoping=False,
            heartbeat=self.ping_interval,
            proxy=self.proxy,
            ssl=self.web_client.ssl if self.web_client.ssl is not None else True,
        )
        self.current_session = session
        self.stale = False
        self.last_ping_pong_time = None
        await session.ping(f"sdk-ping-pong:{time.time()}".encode())
        if self.current_session_monitor is not None:
            self.current_session_monitor.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        if self.message_receiver is not None:
            self.message_receiver.cancel()
        self.message_receiver = asyncio.ensure_future(self.receive_messages())

    async def connect_to_new_endpoint(self, force: bool = False) -> None:
        self._on_reconnect_request()

    async def disconnect(self) -> None:
        """The SDK's disconnect without its log line (the adapter says what happens)."""
        session = self.current_session
        if session is not None and not session.closed:
            await session.close()


class _Handler(AsyncSocketModeHandler):
    """bolt's Socket Mode handler (its `handle` dispatches envelopes) on our client."""

    def __init__(self, app: AsyncApp, app_token: str, client: SocketModeClient) -> None:
        # Not super().__init__: that builds a stock SocketModeClient. This is all it does besides.
        self.app = app
        self.app_token = app_token
        self.client = client
        # Envelopes being answered: close() lets them send their ack first (a stop right
        # after a reply otherwise wrote the ack to a closing socket and logged a warning).
        self.in_flight: set[asyncio.Task[Any]] = set()
        client.socket_mode_request_listeners.append(self._handle_tracked)  # type: ignore[arg-type]

    async def _handle_tracked(self, client: SocketModeClient, req: Any) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.in_flight.add(task)
        try:
            await self.handle(client, req)
        finally:
            if task is not None:
                self.in_flight.discard(task)


class SocketModeConnection:
    """Keeps a Socket Mode connection for `bolt` open until `close()`.

    Delays between failed attempts start at `first_delay` and double up to `max_delay`
    (with up to 20% jitter); a connection that lasted `stable_after` seconds resets them.
    `connected` is set while a connection is open.
    """

    def __init__(
        self,
        bolt: AsyncApp,
        app_token: str,
        web_client: AsyncWebClient,
        *,
        first_delay: float = 2.0,
        max_delay: float = 120.0,
        connect_timeout: float = 30.0,
        check_interval: float = 1.0,
        stable_after: float = 30.0,
        ping_interval: float = 10.0,
        on_connected: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.app_token = app_token
        self.web_client = web_client
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.connect_timeout = connect_timeout
        self.check_interval = check_interval
        self.stable_after = stable_after
        self.connected = asyncio.Event()
        # Run (in the background) at each connect: the app's scopes may have changed.
        self.on_connected = on_connected
        self._hooks: set[asyncio.Task[None]] = set()
        self.attempts = 0
        self._refresh = asyncio.Event()
        self.client = _OneShotClient(
            app_token=app_token,
            logger=logging.getLogger("adapters.slack.socket"),
            web_client=web_client,
            ping_interval=ping_interval,
            on_reconnect_request=self._refresh.set,
        )
        self.handler = _Handler(bolt, app_token, self.client)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._supervise(), name="slack-socket-mode"
            )

    async def close(self, timeout: float = 5.0) -> None:
        """Stop reconnecting and close the connection; never takes much over `timeout`."""
        answering = [t for t in self.handler.in_flight if not t.done()]
        if answering:
            await asyncio.wait(answering, timeout=min(2.0, timeout))
        for hook in self._hooks:
            hook.cancel()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await task
        self.connected.clear()
        try:
            await asyncio.wait_for(self.handler.close_async(), timeout)  # type: ignore[no-untyped-call]
        except Exception as exc:  # noqa: BLE001 - closing must not fail shutdown
            log.warning("slack: closing the Socket Mode connection failed (%s)", _describe(exc))
        finally:
            if not self.client.aiohttp_client_session.closed:
                await self.client.aiohttp_client_session.close()

    async def _supervise(self) -> None:
        delay = self.first_delay
        while True:
            self.attempts += 1
            try:
                await asyncio.wait_for(self._connect_once(), self.connect_timeout)
            except Exception as exc:  # noqa: BLE001 - every failure is logged and retried
                failure = exc if isinstance(exc, ConnectFailed) else _classify(exc)
                if not isinstance(exc, ConnectFailed | SlackApiError | aiohttp.ClientError):
                    log.debug("slack: Socket Mode connect attempt failed", exc_info=exc)
                wait = max(delay * random.uniform(1.0, 1.2), failure.retry_after)
                log.log(failure.level, "slack: %s; retrying in %s", failure, _seconds(wait))
                await asyncio.sleep(wait)
                delay = min(delay * 2, self.max_delay)
                continue
            opened = time.monotonic()
            self.connected.set()
            log.info("slack: connected over Socket Mode")
            if self.on_connected is not None:
                hook = asyncio.ensure_future(self.on_connected())
                self._hooks.add(hook)
                hook.add_done_callback(self._hooks.discard)
            refresh = await self._wait_until_lost()
            self.connected.clear()
            if refresh:
                log.info("slack: Slack asked to reconnect; opening a new Socket Mode connection")
                delay = self.first_delay
            elif time.monotonic() - opened >= self.stable_after:
                log.warning("slack: Socket Mode connection lost; reconnecting")
                delay = self.first_delay
            else:
                wait = delay * random.uniform(1.0, 1.2)
                log.warning(
                    "slack: Socket Mode connection closed soon after opening; retrying in %s",
                    _seconds(wait),
                )
                await asyncio.sleep(wait)
                delay = min(delay * 2, self.max_delay)

    async def _connect_once(self) -> None:
        self._refresh.clear()
        try:
            response = await self.web_client.apps_connections_open(app_token=self.app_token)
        except SlackApiError as exc:
            raise _api_failure(exc) from exc
        url = response.get("url")
        if not url:
            raise ConnectFailed("Slack's apps.connections.open gave no URL")
        self.client.wss_uri = str(url)
        try:
            await self.client.connect()
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise ConnectFailed(
                f"cannot open the Socket Mode WebSocket ({_describe(exc)}): check the network,"
                " firewall or HTTPS_PROXY (outbound wss:// to Slack must be allowed)"
            ) from exc

    async def _wait_until_lost(self) -> bool:
        """Wait until the connection drops (False) or Slack asks for a new one (True)."""
        while True:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._refresh.wait(), self.check_interval)
            if self._refresh.is_set():
                return True
            if not await self.client.is_connected():
                return False


def _api_failure(exc: SlackApiError) -> ConnectFailed:
    response = exc.response
    data = getattr(response, "data", None)
    error = str(data.get("error") or "") if isinstance(data, dict) else ""
    status = int(getattr(response, "status_code", 0) or 0)
    if error == "not_allowed_token_type":
        return ConnectFailed(
            "Slack rejected SLACK_APP_TOKEN (not_allowed_token_type): it must be the"
            " app-level token (xapp-...) with connections:write, not the bot token (xoxb-...)",
            level=logging.ERROR,
        )
    if error in TOKEN_ERRORS:
        return ConnectFailed(
            f"Slack rejected SLACK_APP_TOKEN ({error}): check the app-level token (xapp-...)"
            " and that it has the connections:write scope (Basic Information > App-Level Tokens)",
            level=logging.ERROR,
        )
    if status == 429 or error in ("ratelimited", "rate_limited"):
        return ConnectFailed(
            "Slack is rate limiting apps.connections.open",
            retry_after=header_retry_after(getattr(response, "headers", None) or {}),
        )
    return ConnectFailed(
        f"Slack answered apps.connections.open with {error or 'an error'} (HTTP {status})"
    )


def _classify(exc: BaseException) -> ConnectFailed:
    if isinstance(exc, SlackApiError):
        return _api_failure(exc)
    if isinstance(exc, aiohttp.ClientConnectorError | OSError | TimeoutError):
        where = (
            f" at {exc.host}:{exc.port}" if isinstance(exc, aiohttp.ClientConnectorError) else ""
        )
        return ConnectFailed(
            f"cannot reach Slack{where} ({_describe(exc)}): check the network, DNS, firewall"
            " or HTTPS_PROXY"
        )
    if isinstance(exc, aiohttp.ClientError | SlackClientError):
        return ConnectFailed(f"cannot reach Slack ({_describe(exc)}): check the network")
    return ConnectFailed(f"Socket Mode connect failed ({type(exc).__name__}: {exc})")


def _describe(exc: BaseException) -> str:
    """A few words for a connection failure: "connection refused", "timed out"..."""
    if isinstance(exc, aiohttp.WSServerHandshakeError):
        return f"HTTP {exc.status} on the WebSocket handshake"
    if isinstance(exc, aiohttp.ClientConnectorError):
        exc = exc.os_error
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return "cannot resolve the host name"
    if isinstance(exc, ConnectionRefusedError) or getattr(exc, "errno", None) == errno.ECONNREFUSED:
        return "connection refused"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 1.5 else f"{value:.1f} s"


class BoltNoise(logging.Filter):
    """Drops bolt's "`token` will be unused" warning, logged at every start.

    bolt reads SLACK_BOT_TOKEN from the environment by itself and warns when a client is
    passed too; ours carries that same token (plus our base URL and retry policy).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()
