"""The Slack Web API as the adapter uses it: slack_sdk's client with its own retry handlers.

Retries are slack_sdk's built-in handlers (429, connection errors, 5xx) with one policy on
top: a post (`chat.postMessage`, `files.completeUploadExternal`) is repeated in-process only
when Slack cannot have acted on it (a 429, a refused connection), since a repeat after a
lost answer would post twice; the outbox retries those, after looking first. A 429 asking
for a long wait is not slept out here either: it goes back to the outbox as
TransientDeliveryError(retry_after), so no delivery holds a dispatcher slot for minutes.
Every failure leaves this module as TransientDeliveryError or PermanentDeliveryError.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.translate import delivery_error, parts_posted, retry_after
from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.models import Image
from bot.ports import SendAttempt

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
# Web API methods that post: a repeat after a lost answer would post twice.
POSTING_METHODS = ("chat.postMessage", "files.completeUploadExternal")
MAX_INLINE_RETRY_AFTER = 5.0  # longer 429 waits go back to the outbox
# How far before a delivery was planned its posts are looked for (clock skew), and the
# look-up's page size and page count (newest messages first).
HISTORY_SKEW = timedelta(minutes=10)
HISTORY_PAGE = 100
HISTORY_PAGES = 5
MAX_MEMBERSHIP_PAGES = 20  # users.conversations pages (1,000 channels each) for App Home
MANAGER_CACHE_SECONDS = 300.0
# A viewer's channels, for App Home: opening the tab again and again within this long
# costs no more users.conversations calls (Slack allows ~50 a minute per workspace).
MEMBERSHIP_CACHE_SECONDS = 60.0


def _posts(request: HttpRequest) -> bool:
    return request.url.rstrip("/").endswith(tuple("/" + m for m in POSTING_METHODS))


class _ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (it sleeps Retry-After), for short waits only."""

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
        wait = retry_after(response.headers)
        # slack_sdk reads Retry-After as whole seconds: anything else goes to the outbox.
        return wait <= MAX_INLINE_RETRY_AFTER and wait.is_integer()


class _UnsentPostConnectionRetry(AsyncConnectionErrorRetryHandler):
    """slack_sdk's connection-error handler; a post only when it never reached Slack."""

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


class _NoPostServerErrorRetry(AsyncServerErrorRetryHandler):
    """slack_sdk's 5xx handler, except for posts (Slack may have posted before failing)."""

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
    """The Web API client's retry policy (see the module docstring)."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=0.2)
    return [
        _UnsentPostConnectionRetry(max_retry_count=2, interval_calculator=backoff),
        _ShortRateLimitRetry(max_retry_count=5),
        _NoPostServerErrorRetry(max_retry_count=1, interval_calculator=backoff),
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


class SlackClient:
    """The Web API calls the adapter makes, each answering or raising a delivery error.

    Caches what would otherwise cost a call per command or per post: DM channel ids (they
    never change) and a user's standing in a workspace, member and admin (for
    `MANAGER_CACHE_SECONDS`).
    """

    def __init__(self, bot_token: str, api_url: str | None, min_interval_per_channel: float):
        url = api_url or DEFAULT_API_URL
        self.web = AsyncWebClient(
            token=bot_token,
            base_url=url if url.endswith("/") else url + "/",
            retry_handlers=retry_handlers(),
        )
        self.limiter = ChannelLimiter(min_interval_per_channel)
        self._standings: dict[tuple[str | None, str], tuple[float, Standing]] = {}
        self._warned_users_read = False
        self._memberships: dict[str, tuple[float, frozenset[str]]] = {}
        self._dm_channels: dict[str, str] = {}

    async def call(
        self, limit_key: str | None, method: Callable[..., Awaitable[Any]], /, **kwargs: Any
    ) -> Any:
        """Call a Web API method (rate limited per channel `limit_key`) and translate its
        failures into delivery errors."""
        try:
            if limit_key is None:
                return await method(**kwargs)
            async with self.limiter.slot(limit_key):
                return await method(**kwargs)
        except SlackApiError as exc:
            response = exc.response
            raise delivery_error(
                int(getattr(response, "status_code", 0) or 0),
                getattr(response, "data", None),
                getattr(response, "headers", None),
            ) from exc
        except (aiohttp.ClientError, TimeoutError, ConnectionError) as exc:
            raise TransientDeliveryError(f"slack: {type(exc).__name__}: {exc}") from exc
        except SlackClientError as exc:
            raise PermanentDeliveryError(f"slack: {exc}") from exc

    async def post(
        self,
        channel: str,
        thread_ts: str | None,
        text: str,
        blocks: list[dict[str, Any]],
        *,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        """chat.postMessage; the new message's ts."""
        extra: dict[str, Any] = {"metadata": metadata} if metadata is not None else {}
        response = await self.call(
            channel,
            self.web.chat_postMessage,
            channel=channel,
            thread_ts=thread_ts,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            **extra,
        )
        return str(response.get("ts"))

    async def upload(self, image: Image, channel: str, *, thread_ts: str | None) -> None:
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
        await self.call(channel, self.web.files_upload_v2, **kwargs)

    async def can_post(self, channel: str, *, with_file: bool) -> bool:
        """Whether Slack will take a post (and a file) in `channel`, as conversations.info
        tells before posting: yes where the bot is a member; in a public channel without
        it, a message (chat:write.public) but not a file; no in a private channel it is not
        in (Slack does not even show it). True when Slack does not say (no channels:read /
        groups:read scope, an outage): the outbox then finds out."""
        try:
            response = await self.call(None, self.web.conversations_info, channel=channel)
        except PermanentDeliveryError as exc:
            return "missing_scope" in str(exc)
        except TransientDeliveryError:
            return True
        info = response.get("channel") or {}
        if info.get("is_member") or info.get("is_im") or info.get("is_mpim"):
            return True
        return not info.get("is_private") and not with_file

    async def open_dm(self, user_id: str) -> str:
        cached = self._dm_channels.get(user_id)
        if cached is not None:
            return cached
        response = await self.call(None, self.web.conversations_open, users=user_id)
        channel_id = str((response.get("channel") or {}).get("id") or "")
        if not channel_id:
            raise PermanentDeliveryError(f"slack: no DM channel for {user_id}")
        self._dm_channels[user_id] = channel_id
        return channel_id

    async def find_posted(
        self, channel: str, thread_ts: str | None, attempt: SendAttempt, filename: str | None
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
        kwargs: dict[str, Any] = {
            "channel": channel,
            "include_all_metadata": True,
            "oldest": f"{(attempt.since - HISTORY_SKEW).timestamp():.6f}",
            "limit": HISTORY_PAGE,
        }
        method: Callable[..., Awaitable[Any]] = self.web.conversations_history
        if thread_ts:
            method, kwargs["ts"] = self.web.conversations_replies, thread_ts
        for _ in range(HISTORY_PAGES):
            try:
                response = await self.call(None, method, **kwargs)
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
            parts, image = parts_posted(response.get("messages") or [], attempt.key, filename)
            found = {**parts, **found}
            image_found = image_found or image
            cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                break
            kwargs["cursor"] = cursor
        if found or image_found:
            log.info(
                "slack: delivery %s already in %s (%d part(s)%s), not posted again",
                attempt.key,
                channel,
                len(found),
                ", chart" if image_found else "",
            )
        return found, image_found

    async def member_channels(self, user_id: str) -> frozenset[str] | None:
        """The public and private channels `user_id` is a member of (users.conversations;
        private ones only where the bot is a member too, as it is in every digest channel),
        or None when Slack does not say (no `channels:read`/`groups:read` scope, an
        outage): the App Home then lists no digest to a non-manager. Cached for
        MEMBERSHIP_CACHE_SECONDS: one user flipping to the Home tab used up the
        workspace's users.conversations budget (20 pages a time) for everyone."""
        now = time.monotonic()
        cached = self._memberships.get(user_id)
        if cached is not None and now - cached[0] < MEMBERSHIP_CACHE_SECONDS:
            return cached[1]
        channels: set[str] = set()
        cursor: str | None = None
        try:
            for _ in range(MAX_MEMBERSHIP_PAGES):
                response = await self.web.users_conversations(
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
        if len(self._memberships) > 10_000:
            self._memberships.clear()
        self._memberships[user_id] = (now, frozenset(channels))
        return frozenset(channels)

    async def standing(self, user_id: str, team_id: str | None) -> Standing:
        """Whether the user belongs to the workspace `team_id` and administers it, per
        users.info (cached). When Slack fails the user counts as neither: a guest."""
        key = (team_id, user_id)
        now = time.monotonic()
        cached = self._standings.get(key)
        if cached is not None and now - cached[0] < MANAGER_CACHE_SECONDS:
            return cached[1]
        try:
            response = await self.web.users_info(user=user_id)
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            self._standing_failed(user_id, exc)
            return Standing(member=False, admin=False, unsure=True)
        user = response.get("user") or {}
        result = Standing(member=member_of(user, team_id), admin=admin_of(user, team_id))
        if len(self._standings) > 10_000:
            self._standings.clear()
        self._standings[key] = (now, result)
        return result

    def _standing_failed(self, user_id: str, exc: Exception) -> None:
        """One line per failure; a missing users:read scope (an app set up by hand, not
        from the manifest) once, naming the scope: it fails for everyone, every time."""
        if "missing_scope" not in str(exc):
            log.warning(
                "slack: users.info failed for %s (%s); answered as a guest, not a manager",
                user_id,
                exc,
            )
        elif not self._warned_users_read:
            self._warned_users_read = True
            log.warning(
                "slack: users.info refused (missing_scope): add the users:read bot scope "
                "(OAuth & Permissions, docs/slack.md) and reinstall the app; until then "
                "everyone is answered as a guest: lookups only, no manager"
            )


@dataclass(frozen=True)
class Standing:
    """What users.info says of a user for one workspace."""

    member: bool
    admin: bool
    unsure: bool = False  # Slack did not answer: neither member nor admin, for now


def member_of(user: dict[str, Any], team_id: str | None) -> bool:
    """Whether a users.info `user` belongs to the workspace `team_id`.

    In a Slack Connect channel a command can come from a member of another organisation
    while it carries the channel's workspace (`team_id`): users.info's `team_id` is the
    user's own workspace, `enterprise_user.teams` an Enterprise Grid member's workspaces
    (and `enterprise_user.enterprise_id` their organisation), `is_stranger` marks a user
    Slack shares no workspace with. No `team_id` to check: a member.
    """
    if user.get("is_stranger"):
        return False
    if team_id is None:
        return True
    grid = user.get("enterprise_user") or {}
    if not isinstance(grid, dict):
        grid = {}
    teams = grid.get("teams")
    return (
        user.get("team_id") == team_id
        or (isinstance(teams, list) and team_id in teams)
        or grid.get("enterprise_id") == team_id
    )


def admin_of(user: dict[str, Any], team_id: str | None) -> bool:
    """Whether a users.info `user` administers the workspace `team_id`.

    In a Slack Connect channel the members of the other organisation are admins or owners
    of *their* workspace, and users.info says so: that made them managers of this
    workspace's digests and feeds. An admin counts only for a workspace they belong to
    (`member_of`).
    """
    if not (user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")):
        return False
    return member_of(user, team_id)
