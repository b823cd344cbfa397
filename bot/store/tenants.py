"""A workspace the bot was removed from: what it had set up stops, and nothing more is owed.

Slack's `app_uninstalled` / `tokens_revoked` and Discord's guild removal mean nothing can
reach the workspace any more. Its digests, subscriptions and own feeds are paused at once
with the reason, its pending deliveries failed, and the removal's time is kept (a `meta`
row `removed:<tenant>`). A command from the workspace within the retention period (the
bot is back) resumes what the removal paused and forgets the removal. Past the period
(LAYOFFBOT_REMOVED_WORKSPACE_RETENTION_DAYS) the scheduler deletes the workspace's
subscriptions, digest settings, own feeds with their items and stories, and its
deliveries not sent (`purge_removed_workspaces`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, text, update

from bot.serialize import target_from_json
from bot.store.base import StoreBase
from bot.store.rollup import company_names
from bot.store.rows import _ENABLED_AND_DUE
from bot.store.social import FAILED, PENDING
from bot.store.tables import (
    deliveries,
    digests,
    feeds,
    items,
    meta,
    stories,
    story_keys,
    subscriptions,
)
from bot.tenancy import REMOVED_REASON, tenant_key

REMOVED = "removed:"  # meta key prefix: 'removed:<tenant>' -> when the bot was removed


@dataclass(frozen=True)
class Paused:
    """What pausing a workspace stopped."""

    digests: int
    subscriptions: int
    feeds: int
    deliveries: int


@dataclass(frozen=True)
class Purged:
    """What deleting a long-removed workspace's data took away."""

    platform: str
    workspace_id: str
    removed_at: datetime
    subscriptions: int
    digests: int
    feeds: int
    stories: int
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
            key = f"{REMOVED}{tenant}"[:100]
            if conn.execute(select(meta.c.key).where(meta.c.key == key)).first() is None:
                conn.execute(insert(meta).values(key=key, value=now.isoformat()))
            return Paused(int(n_digests), int(n_subs), int(n_feeds), len(owed))

    def removed_workspaces(self) -> dict[str, datetime]:
        """The tenants the bot was removed from (and not back since), with when."""
        with self.tx() as conn:
            rows = conn.execute(
                select(meta.c.key, meta.c.value).where(meta.c.key.like(f"{REMOVED}%"))
            ).all()
        return {key[len(REMOVED) :]: datetime.fromisoformat(value) for key, value in rows}

    def workspace_back(self, platform: str, workspace_id: str) -> bool:
        """The bot is back in a removed workspace: what the removal paused resumes (not
        what was paused for another reason), and the removal is forgotten. False when
        the workspace was not removed."""
        tenant = tenant_key(platform, workspace_id)
        paused = f"{REMOVED_REASON}%"
        with self.tx() as conn:
            gone = conn.execute(delete(meta).where(meta.c.key == f"{REMOVED}{tenant}"[:100]))
            if not gone.rowcount:
                return False
            conn.execute(
                update(digests)
                .where(
                    digests.c.platform == platform,
                    digests.c.workspace_id == workspace_id,
                    digests.c.disabled_reason.like(paused),
                )
                .values(enabled=True, disabled_reason=None)
            )
            conn.execute(
                update(subscriptions)
                .where(
                    subscriptions.c.platform == platform,
                    subscriptions.c.workspace_id == workspace_id,
                    subscriptions.c.disabled_reason.like(paused),
                )
                .values(disabled=False, disabled_reason=None)
            )
            conn.execute(
                update(feeds)
                .where(feeds.c.workspace == tenant, feeds.c.disabled_reason.like(paused))
                .values(**_ENABLED_AND_DUE)
            )
            return True

    def mark_earlier_removals(self, now: datetime) -> int:
        """Workspaces paused by a removal before removals were marked (nothing of theirs
        active, something paused with REMOVED_REASON) get a mark dated `now`: a full
        retention period from the upgrade, resumed by their next command. How many."""
        with self.tx() as conn:
            rows = [
                *conn.execute(
                    select(
                        digests.c.platform,
                        digests.c.workspace_id,
                        ~digests.c.enabled,
                        digests.c.disabled_reason,
                    )
                ),
                *conn.execute(
                    select(
                        subscriptions.c.platform,
                        subscriptions.c.workspace_id,
                        subscriptions.c.disabled,
                        subscriptions.c.disabled_reason,
                    )
                ),
            ]
            for tenant, disabled, reason in conn.execute(
                select(feeds.c.workspace, feeds.c.disabled, feeds.c.disabled_reason).where(
                    feeds.c.workspace != ""
                )
            ):
                platform, _, workspace_id = str(tenant).partition(":")
                rows.append((platform, workspace_id, disabled, reason))
            removed: dict[str, bool] = {}
            for platform, workspace_id, disabled, reason in rows:
                if not workspace_id:
                    continue
                tenant = tenant_key(str(platform), str(workspace_id))
                by_removal = bool(disabled) and str(reason or "").startswith(REMOVED_REASON)
                removed[tenant] = removed.get(tenant, True) and by_removal
            marked = set(
                conn.execute(select(meta.c.key).where(meta.c.key.like(f"{REMOVED}%"))).scalars()
            )
            keys = [f"{REMOVED}{t}"[:100] for t, gone in sorted(removed.items()) if gone]
            new = [k for k in keys if k not in marked]
            for key in new:
                conn.execute(insert(meta).values(key=key, value=now.isoformat()))
            return len(new)

    def purge_removed_workspaces(self, before: datetime) -> list[Purged]:
        """Delete the data of every workspace removed before `before` (one transaction
        each): subscriptions, digest settings, own feeds, their items and stories, and
        deliveries not sent."""
        done = []
        for tenant, removed_at in sorted(self.removed_workspaces().items()):
            platform, _, workspace_id = tenant.partition(":")
            if removed_at <= before and workspace_id:
                with self.tx() as conn:
                    done.append(self._purge(conn, platform, workspace_id, removed_at))
        return done

    def _purge(
        self, conn: Connection, platform: str, workspace_id: str, removed_at: datetime
    ) -> Purged:
        tenant = tenant_key(platform, workspace_id)
        n_subs = conn.execute(
            delete(subscriptions).where(
                subscriptions.c.platform == platform, subscriptions.c.workspace_id == workspace_id
            )
        ).rowcount
        n_digests = conn.execute(
            delete(digests).where(
                digests.c.platform == platform, digests.c.workspace_id == workspace_id
            )
        ).rowcount
        n_stories = self._purge_stories(conn, tenant)
        n_feeds = conn.execute(delete(feeds).where(feeds.c.workspace == tenant)).rowcount
        unsent = conn.execute(
            select(deliveries.c.id, deliveries.c.target).where(
                deliveries.c.platform == platform, deliveries.c.state.in_((PENDING, FAILED))
            )
        ).all()
        owed = [i for i, target in unsent if _workspace(target) == workspace_id]
        for start in range(0, len(owed), 500):
            conn.execute(delete(deliveries).where(deliveries.c.id.in_(owed[start : start + 500])))
        conn.execute(delete(meta).where(meta.c.key == f"{REMOVED}{tenant}"[:100]))
        return Purged(
            platform,
            workspace_id,
            removed_at,
            int(n_subs),
            int(n_digests),
            int(n_feeds),
            n_stories,
            len(owed),
        )

    def _purge_stories(self, conn: Connection, tenant: str) -> int:
        """The tenant's items and stories (the roll-up triggers take their counts out)."""
        ids = [
            int(i)
            for i in conn.execute(select(stories.c.id).where(stories.c.tenant == tenant)).scalars()
        ]
        conn.execute(delete(items).where(items.c.tenant == tenant))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(delete(story_keys).where(story_keys.c.story_id.in_(chunk)))
            if self.is_sqlite:
                for story_id in chunk:
                    conn.execute(_DELETE_FTS, {"id": story_id})
            conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
        conn.execute(delete(company_names).where(company_names.c.tenant == tenant))
        self.held.clear()  # no copy of a deleted story may stand for one filed under its id
        return len(ids)


_DELETE_FTS = text("DELETE FROM stories_fts WHERE rowid = :id")


def _workspace(target: str) -> str | None:
    try:
        return target_from_json(target).workspace_id
    except (ValueError, TypeError, KeyError):
        return None
