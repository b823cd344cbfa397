"""A workspace the bot was removed from: what it had set up stops, and nothing more is owed.

Slack's `app_uninstalled` / `tokens_revoked` and Discord's guild removal mean nothing can
reach the workspace any more. Before, its own feeds were polled for good and each of its
digests and subscriptions stopped only when a delivery failed there. Now its digests,
subscriptions and own feeds are paused at once with the reason, and its pending
deliveries failed. Nothing is deleted: a re-added bot resumes with `digest on`,
`subscribe` and `feeds enable`, as after any other pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from bot.serialize import target_from_json
from bot.store.base import StoreBase
from bot.store.social import FAILED, PENDING
from bot.store.tables import deliveries, digests, feeds, subscriptions
from bot.tenancy import tenant_key


@dataclass(frozen=True)
class Paused:
    """What pausing a workspace stopped."""

    digests: int
    subscriptions: int
    feeds: int
    deliveries: int


class TenantsMixin(StoreBase):
    """Pausing everything one workspace set up."""

    def pause_workspace(
        self, platform: str, workspace_id: str, *, reason: str, now: datetime
    ) -> Paused:
        """Disable the workspace's digests, subscriptions and own feeds with `reason`,
        and fail its pending deliveries, in one transaction."""
        if not workspace_id:
            raise ValueError("a workspace id is needed")
        why = f"{reason} ({now:%Y-%m-%d %H:%M} UTC)"[:500]
        tenant = tenant_key(platform, workspace_id)
        with self.tx() as conn:
            ours_d = (digests.c.platform == platform) & (digests.c.workspace_id == workspace_id)
            n_digests = conn.execute(
                update(digests)
                .where(ours_d, digests.c.enabled == True)  # noqa: E712
                .values(enabled=False, disabled_reason=why)
            ).rowcount
            ours_s = (subscriptions.c.platform == platform) & (
                subscriptions.c.workspace_id == workspace_id
            )
            n_subs = conn.execute(
                update(subscriptions)
                .where(ours_s, subscriptions.c.disabled == False)  # noqa: E712
                .values(disabled=True, disabled_reason=why)
            ).rowcount
            n_feeds = conn.execute(
                update(feeds)
                .where(feeds.c.workspace == tenant, feeds.c.disabled == False)  # noqa: E712
                .values(disabled=True, disabled_reason=why)
            ).rowcount
            pending = conn.execute(
                select(deliveries.c.id, deliveries.c.target).where(
                    deliveries.c.platform == platform, deliveries.c.state == PENDING
                )
            ).all()
            owed = [i for i, target in pending if _workspace(target) == workspace_id]
            if owed:
                conn.execute(
                    update(deliveries)
                    .where(deliveries.c.id.in_(owed))
                    .values(state=FAILED, last_error=why, claimed_by=None, claimed_until=None)
                )
            return Paused(int(n_digests), int(n_subs), int(n_feeds), len(owed))


def _workspace(target: str) -> str | None:
    try:
        return target_from_json(target).workspace_id
    except (ValueError, TypeError, KeyError):
        return None
