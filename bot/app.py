"""`App`: the core as adapters see it (bot.ports.CoreApp).

Adapters call `handle` for each `/layoffs` command, `complete_company` for autocomplete
and `home` for Slack's App Home. A user's mistake is a Message with `is_error` set; a
bug is logged with its stack trace and answered with a short apology, never shown.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from math import ceil
from typing import TYPE_CHECKING

from bot.commands import Commands, clip, digest_section, error_message, subscription_section
from bot.commands.index import typed_first
from bot.config import Settings
from bot.errors import CommandError, DatabaseUnavailable, PermissionDenied
from bot.flood import CommandLimiter
from bot.inflight import CommandsInFlight
from bot.logs import log_failure
from bot.models import Command, Message, Section, Target
from bot.outbox import enqueue_message
from bot.tenancy import REMOVED_REASON, tenant_key
from bot.timeutil import utcnow

if TYPE_CHECKING:
    from bot.ports import FeedService
    from bot.store import Store

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
UNAVAILABLE = (
    "Sorry, I cannot reach my database right now, so I cannot answer that. Nothing you "
    "set up is lost; please try again in a few minutes."
)
REMOVED_READ_SECONDS = 60.0
# Autocomplete runs on every keystroke and was not limited like commands: one member
# holding a key down (or a client replaying them) kept the worker threads busy matching
# names. Each user gets a burst of suggestions, then 5 a second (typing stays served),
# and at most MAX_COMPLETING are worked out at once; past either, no suggestions.
COMPLETE_BURST, COMPLETE_EVERY, MAX_COMPLETING = 40, 0.2, 4
# Slack's App Home is read from the database each time the tab is opened: a burst of 10.
HOME_BURST, HOME_EVERY = 10, 2.0


def purge_removed_workspaces(
    store: Store, retention_days: int, now: datetime, *, mark_earlier: bool = False
) -> int:
    """Delete the data of workspaces removed more than `retention_days` ago (the
    scheduler's job, leader only); one log line per workspace. How many were purged.
    `mark_earlier`: first give workspaces paused by a removal before removals were
    marked their retention period (bot.store.tenants.mark_earlier_removals)."""
    if mark_earlier:
        marked = store.mark_earlier_removals(now)
        if marked:
            log.info("event=earlier_removals_marked workspaces=%d", marked)
    purged = store.purge_removed_workspaces(now - timedelta(days=retention_days))
    for p in purged:
        log.info(
            "event=removed_workspace_deleted platform=%s workspace=%s removed_at=%s"
            " subscriptions=%d digests=%d feeds=%d stories=%d deliveries=%d",
            p.platform,
            p.workspace_id,
            p.removed_at.isoformat(timespec="minutes"),
            p.subscriptions,
            p.digests,
            p.feeds,
            p.stories,
            p.deliveries,
        )
    return len(purged)


class RemovedWorkspacePurge:
    """The scheduler's purge job: `purge_removed_workspaces`, marking earlier removals
    on its first run in this process only (it reads every digest, subscription and feed)."""

    def __init__(self, store: Store, retention_days: int) -> None:
        self.store, self.retention_days = store, retention_days
        self._marked = False

    def __call__(self, now: datetime) -> int:
        first, self._marked = not self._marked, True
        return purge_removed_workspaces(self.store, self.retention_days, now, mark_earlier=first)


class App:
    """The core application: commands, autocomplete, home.

    Each chat user may run a burst of commands, then one every few seconds
    (bot.flood.CommandLimiter, `limiter`): one user's flood cannot starve the others.

    `kick_outbox` (optional) is called when a command enqueued deliveries (`digest now`),
    so the composition root can run a dispatcher sweep at once rather than at the next tick.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        feed_service: FeedService | None = None,
        clock: Callable[[], datetime] = utcnow,
        *,
        kick_outbox: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.feed_service = feed_service
        self.clock = clock
        self.commands = Commands(store, settings, feed_service, clock, kick_outbox=kick_outbox)
        self.kick_outbox = kick_outbox
        # The app's one clock, so a test's (or a replay's) time is the limiter's too.
        self.limiter = CommandLimiter(clock=lambda: self.clock().timestamp())
        self.completions = CommandLimiter(
            COMPLETE_BURST, COMPLETE_EVERY, clock=lambda: self.clock().timestamp()
        )
        self.homes = CommandLimiter(HOME_BURST, HOME_EVERY, clock=lambda: self.clock().timestamp())
        self._completing = 0
        # Tenants the bot was removed from, read again every REMOVED_READ_SECONDS: a
        # command from one means the bot is back (bot.store.tenants.workspace_back).
        self._removed: frozenset[str] = frozenset()
        self._removed_read = float("-inf")
        self.in_flight = CommandsInFlight()

    async def handle(self, command: Command) -> Message:
        """The answer to `command`; during a stop, CUT_BY_STOP for one that cannot finish
        in time (bot.inflight, `finish_commands`)."""
        return await self.in_flight.run(self._handle(command), command.text)

    async def finish_commands(self) -> int:
        """At a stop, before the adapters close: the commands running get a short grace,
        then an answer (bot.inflight). How many were cut short."""
        return await self.in_flight.finish()

    async def _handle(self, command: Command) -> Message:
        if command.workspace_id and not command.guest:
            await self._maybe_back(command.platform, command.workspace_id)
        if command.platform != "console":  # the operator's own terminal is not limited
            wait, repeat = self.limiter.check(
                command.platform, command.workspace_id or "", command.user_id
            )
            if wait > 0:
                slow = error_message(
                    f"That is a lot of commands at once. Try again in {ceil(wait)} s.",
                    title="Slow down",
                )
                return replace(slow, quiet=repeat)
        try:
            return await self.commands.run(command)
        except CommandError as exc:
            return error_message(str(exc), title="That command needs a fix")
        except PermissionDenied as exc:
            return error_message(str(exc), title="Not allowed")
        except DatabaseUnavailable as exc:
            log_failure(log, exc, "event=command_failed platform=%s", command.platform)
            return error_message(UNAVAILABLE, title="Database not answering")
        except Exception:
            log.exception(
                "event=command_failed platform=%s user=%s text=%r",
                command.platform,
                command.user_id,
                clip(command.text, 200),
            )
            return error_message(APOLOGY)

    async def complete_company(
        self, prefix: str, limit: int = 25, *, tenant: str = "", user: str = ""
    ) -> list[str]:
        """Companies `tenant` may see (bot.tenancy) holding the prefix, those starting
        with it first (`typed_first`), then close matches; none past `user`'s share
        (COMPLETE_BURST)."""
        if not self._may_complete(tenant, user):
            return []
        try:
            self._completing += 1
            companies = await asyncio.to_thread(self.commands.ctx.companies.current, tenant)
            prefix = clip(prefix, 100).strip()
            out = typed_first(companies.names, prefix)
            if prefix and len(out) < limit:
                result = companies.match(prefix, self.commands.ctx.matcher)
                for name in ([result.exact] if result.exact else []) + list(result.suggestions):
                    if name not in out:
                        out.append(name)
            return out[:limit]
        except Exception as exc:
            log_failure(log, exc, "event=complete_company_failed")
            return []
        finally:
            self._completing -= 1

    def _may_complete(self, workspace: str, user: str) -> bool:
        """Whether an autocomplete may be worked out now (counted if so)."""
        if self._completing >= MAX_COMPLETING:
            return False
        return self.completions.wait("complete", workspace, user) == 0

    async def complete_followed(self, command: Command, prefix: str, *, here: bool) -> list[str]:
        """Companies the user (`here`: the channel) follows containing the prefix, those
        starting with it first: what `unsubscribe` can stop, stories or not."""
        from bot.commands.subscriptions import followed

        if not self._may_complete(command.workspace_id or "", command.user_id):
            return []
        try:
            self._completing += 1
            subs = await asyncio.to_thread(followed, self.commands.ctx, command, here)
        except Exception as exc:
            log_failure(log, exc, "event=complete_followed_failed")
            return []
        finally:
            self._completing -= 1
        return typed_first(dict.fromkeys(s.company for s in subs), clip(prefix, 100))

    async def deliver(self, target: Target, message: Message, *, key: str) -> None:
        """Enqueue a shared answer (source `share`) and kick the dispatcher."""
        await asyncio.to_thread(
            enqueue_message,
            self.store,
            key=key,
            target=target,
            message=message,
            source="share",
            now=self.clock(),
        )
        if self.kick_outbox is not None:
            self.kick_outbox()

    async def scopes_granted(
        self, platform: str, workspace_id: str, scopes: frozenset[str]
    ) -> None:
        """The platform says which scopes the app holds (at connect): what was paused
        only for a scope among them resumes, logged, and its channel (or user) is told
        once (bot.store.scope_pauses). Never raises."""
        from bot.scope_resume import resumed_messages

        try:
            resumed = await asyncio.to_thread(
                self.store.resume_scope_paused, platform, workspace_id, scopes
            )
            now = self.clock().isoformat()
            for target, message, key in resumed_messages(platform, workspace_id, resumed, now):
                await self.deliver(target, message, key=f"scope-resumed:{platform}:{key}")
        except Exception as exc:
            log_failure(log, exc, "event=scope_resume_failed platform=%s", platform)
            return
        for one in resumed:
            log.info(
                "event=scope_resumed platform=%s workspace=%s channel=%s user=%s what=%r scope=%s",
                platform,
                workspace_id,
                one.channel_id or "-",
                one.user_id or "-",
                one.what,
                one.scope,
            )

    async def _maybe_back(self, platform: str, workspace_id: str) -> None:
        """A command from a workspace the bot was removed from: it is back, so what the
        removal paused resumes. Never raises."""
        now = time.monotonic()
        try:
            if now - self._removed_read > REMOVED_READ_SECONDS:
                removed = await asyncio.to_thread(self.store.removed_workspaces)
                self._removed, self._removed_read = frozenset(removed), now
            tenant = tenant_key(platform, workspace_id)
            if tenant not in self._removed:
                return
            self._removed = self._removed - {tenant}
            if await asyncio.to_thread(self.store.workspace_back, platform, workspace_id):
                log.info("event=workspace_back platform=%s workspace=%s", platform, workspace_id)
        except Exception as exc:
            log_failure(log, exc, "event=workspace_back_failed platform=%s", platform)

    async def workspace_removed(self, platform: str, workspace_id: str) -> None:
        """The bot was removed from a workspace (uninstalled, its token revoked, kicked
        from a server): pause what it set up (bot.store.tenants). Never raises."""
        try:
            paused = await asyncio.to_thread(
                self.store.pause_workspace,
                platform,
                workspace_id,
                reason=REMOVED_REASON,
                now=self.clock(),
            )
        except Exception as exc:
            log_failure(log, exc, "event=workspace_removed_failed platform=%s", platform)
            return
        self._removed = self._removed | {tenant_key(platform, workspace_id)}
        log.info(
            "event=workspace_removed platform=%s workspace=%s digests=%d subscriptions=%d"
            " feeds=%d deliveries=%d",
            platform,
            workspace_id,
            paused.digests,
            paused.subscriptions,
            paused.feeds,
            paused.deliveries,
        )

    async def home(self, command: Command, channels: frozenset[str] | None = None) -> Message:
        """The user's subscriptions and the digests they may see (Slack App Home): all of
        the workspace's to a manager, else those of channels in `channels` (the viewer's
        memberships, as the adapter found them). Past HOME_BURST opens, a quiet message:
        the adapter keeps the Home it showed last."""
        if self.homes.wait(command.platform, command.workspace_id or "", command.user_id):
            return Message(title="Slow down", quiet=True)
        try:
            return await asyncio.to_thread(self._home, command, channels)
        except DatabaseUnavailable as exc:
            log_failure(log, exc, "event=home_failed user=%s", command.user_id)
            return error_message(UNAVAILABLE, title="Database not answering")
        except Exception as exc:
            log_failure(log, exc, "event=home_failed user=%s", command.user_id)
            return error_message(APOLOGY)

    def _home(self, command: Command, channels: frozenset[str] | None = None) -> Message:
        subs = self.store.subscriptions_of(
            platform=command.platform,
            workspace_id=command.workspace_id or "",
            user_id=command.user_id,
            channel_id=None,
        )
        sections: list[Section] = [subscription_section(s) for s in subs]
        if not subs:
            sections.append(
                Section(text="You follow no companies yet. Try /layoffs subscribe <company>.")
            )
        now = self.clock()
        manager = self.commands.ctx.is_manager(command)
        rows = self.store.digests_of_workspace(command.platform, command.workspace_id or "")
        visible = [
            r for r in rows if manager or (channels is not None and r.channel_id in channels)
        ]
        for row in visible:
            section = digest_section(row, now, self.store, manages=manager)
            sections.append(
                Section(
                    heading=f"{section.heading} (channel {row.channel_id})",
                    fields=section.fields,
                    context=section.context,
                )
            )
        return Message(
            title="Your layoff alerts",
            sections=tuple(sections),
            footer="/layoffs help lists every command.",
        )
