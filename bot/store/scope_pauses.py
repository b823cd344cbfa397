"""Digests and subscriptions paused because the app lacked a platform scope, resumed
once the scope is granted.

A post refused for a missing scope pauses what planned it with the reason Slack gave,
"slack: missing_scope (the app lacks the chat:write scope: ...)". The admin adds the
scope and reinstalls the app, and nothing resumed: the channel stayed paused until a
manager typed `digest on` or followed the company again (platform trial, session 17).
The adapter reads the granted scopes when it connects; what was paused only for a scope
now granted resumes here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Table, select, update

from bot.errors import MISSING_SCOPE
from bot.store.base import StoreBase
from bot.store.tables import digests, subscriptions

_SCOPE = re.compile(re.escape(MISSING_SCOPE) + r"([\w:.\-]+) scope")


@dataclass(frozen=True)
class ScopeResumed:
    """One digest or subscription resumed: where it posts (`channel_id`; "" for a
    subscription's direct messages to `user_id`), and the scope that paused it."""

    what: str  # "digest" or "alerts about <company>"
    channel_id: str
    user_id: str
    scope: str


def paused_scope(reason: str | None) -> str | None:
    """The scope a pause's reason says the app lacked; None for any other pause."""
    found = _SCOPE.search(reason or "")
    return found.group(1) if found else None


class ScopePausesMixin(StoreBase):
    def resume_scope_paused(
        self, platform: str, workspace_id: str, granted: frozenset[str]
    ) -> list[ScopeResumed]:
        """Resume the workspace's digests and subscriptions paused only because the app
        lacked a scope in `granted`, in one transaction; what was resumed."""
        like = f"{platform}: {MISSING_SCOPE}%"
        resumed: list[ScopeResumed] = []
        with self.tx() as conn:
            for row in conn.execute(
                select(digests.c.id, digests.c.channel_id, digests.c.disabled_reason).where(
                    digests.c.platform == platform,
                    digests.c.workspace_id == workspace_id,
                    digests.c.enabled == False,  # noqa: E712
                    digests.c.disabled_reason.like(like),
                )
            ).all():
                scope = paused_scope(row.disabled_reason)
                if scope in granted:
                    _resume(conn, digests, row.id, enabled=True, disabled_reason=None)
                    resumed.append(ScopeResumed("digest", row.channel_id, "", str(scope)))
            for row in conn.execute(
                select(
                    subscriptions.c.id,
                    subscriptions.c.channel_id,
                    subscriptions.c.user_id,
                    subscriptions.c.company,
                    subscriptions.c.disabled_reason,
                ).where(
                    subscriptions.c.platform == platform,
                    subscriptions.c.workspace_id == workspace_id,
                    subscriptions.c.disabled == True,  # noqa: E712
                    subscriptions.c.disabled_reason.like(like),
                )
            ).all():
                scope = paused_scope(row.disabled_reason)
                if scope in granted:
                    _resume(conn, subscriptions, row.id, disabled=False, disabled_reason=None)
                    what = f"alerts about {row.company}"
                    resumed.append(ScopeResumed(what, row.channel_id, row.user_id, str(scope)))
        return resumed


def _resume(conn: Connection, table: Table, row_id: int, **values: object) -> None:
    conn.execute(update(table).where(table.c.id == row_id).values(**values))
