"""What the ingest pipeline asks of the store: known items, the stories a new item may
join (bot/store/candidates.py) and `IngestBatch` (bot/store/batch.py), the one way stories
and items are written (one transaction per batch)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Integer, Select, String, Text, bindparam, select

from bot.store.base import StoreBase
from bot.store.rows import _chunks
from bot.store.tables import items, stories

if TYPE_CHECKING:
    from bot.store.batch import IngestBatch, StoryDraft
    from bot.stories import CandidateScope, StoryCandidate

__all__ = ["IngestBatch", "IngestMixin", "StoryDraft"]


def __getattr__(name: str) -> Any:
    """`IngestBatch` and `StoryDraft` on first use: they bring bot.stories, bot.companies
    and bot.text (their module-level tables and regexes), which a command that files
    nothing (`ask`, `poll --once` with nothing new) must not pay for at start-up (#14)."""
    if name in ("IngestBatch", "StoryDraft"):
        from bot.store import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class IngestMixin(StoreBase):
    """What the ingest pipeline asks of the store."""

    # ----------------------------------------------------------------- items
    def known_items(
        self,
        conn: Connection,
        feed_id: int | None,
        guids: Sequence[str],
        links: Sequence[str],
        tenant: str = "",
    ) -> tuple[set[str], set[str]]:
        """Which of these guids (for this feed) and canonical links (in this tenant's
        items) are stored already. Links are per tenant: a workspace's feed must not keep
        the operator's feeds (or another workspace's) from storing the same article."""
        # Twice per batch (before judging, then in the writer): one statement per shape,
        # the values padded to a power of two (repeating the last: the same IN list), so
        # SQLAlchemy finds it compiled; an expanding IN was rebuilt at every call (#14).
        by_feed = feed_id is not None
        fixed: dict[str, Any] = {"feed_id": feed_id} if by_feed else {}
        known_guids = _members(conn, partial(_guids_query, by_feed), list(guids), fixed)
        known_links = _members(conn, _links_query, list(links), {"tenant": tenant})
        return known_guids, known_links

    def story_candidates(
        self,
        conn: Connection,
        keys: Sequence[str],
        since: datetime,
        until: datetime,
        scope: CandidateScope | None = None,
        tenant: str | None = "",
    ) -> list[StoryCandidate]:
        """Stories filed under any of `keys` at a time within [since, until], by id.

        Only the `tenant`'s stories ('' the operator's); None: any workspace's but the
        operator's (to find the workspace stories a new global story duplicates).

        Per key, the index is read KEY_ENTRIES_READ entries away from the item's date
        (`scope.near`) in each direction and at most CANDIDATES_PER_KEY stories are kept on
        each side (bot.stories): the work per item does not grow with the store.
        With a `scope` (bot.stories.candidate_scope) only the stories it admits count;
        without one, per key the latest stories of the window. Two statements: the key
        walks on the index alone, then the stories they reach (bot/store/candidates.py).
        """
        from bot.store.candidates import story_candidates

        return story_candidates(conn, keys, since, until, scope, tenant)

    def ingest_batch(
        self,
        conn: Connection,
        *,
        now: datetime,
        announce: bool,
        announce_since: datetime | None = None,
        tenant: str = "",
    ) -> IngestBatch:
        """The stories and items of one ingest, written together by `IngestBatch.flush`.

        New stories are announced (alerts, digests) when `announce` is set and, with
        `announce_since`, only if their first item was published at or after it: old
        news found today is stored and searchable, never announced as new.
        """
        from bot.store.batch import IngestBatch

        return IngestBatch(
            self, conn, now=now, announce=announce, announce_since=announce_since, tenant=tenant
        )

    def story_keys_for_links(self, conn: Connection, links: Sequence[str]) -> dict[str, str]:
        """The story key of the (first) item stored under each canonical link, if any."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(links)), 500):
            for link, key in conn.execute(
                select(items.c.canonical_link, stories.c.key)
                .join(stories, items.c.story_id == stories.c.id)
                .where(items.c.canonical_link.in_(chunk))
                .order_by(items.c.id)
            ):
                out.setdefault(link, key)
        return out


def _members(
    conn: Connection, query: Callable[[int], Select[Any]], values: list[str], fixed: dict[str, Any]
) -> set[str]:
    """The values the query (of so many values v0, v1, ...) finds, 512 at a time."""
    found: set[str] = set()
    for chunk in _chunks(values, 512):
        size = 1 << (len(chunk) - 1).bit_length()
        padded = chunk + [chunk[-1]] * (size - len(chunk))
        params = {**fixed, **{f"v{i}": v for i, v in enumerate(padded)}}
        found.update(conn.execute(query(size), params).scalars())
    return found


@lru_cache(maxsize=32)
def _guids_query(by_feed: bool, size: int) -> Select[Any]:
    """Which of `size` guids (v0, v1, ...) the feed (`feed_id`; or no feed) has stored."""
    return select(items.c.guid).where(
        items.c.feed_id == bindparam("feed_id", type_=Integer)
        if by_feed
        else items.c.feed_id.is_(None),
        items.c.guid.in_([bindparam(f"v{i}", type_=Text) for i in range(size)]),
    )


@lru_cache(maxsize=16)
def _links_query(size: int) -> Select[Any]:
    """Which of `size` canonical links (v0, v1, ...) the `tenant`'s items have."""
    return select(items.c.canonical_link).where(
        items.c.tenant == bindparam("tenant", type_=String),
        items.c.canonical_link.in_([bindparam(f"v{i}", type_=Text) for i in range(size)]),
    )
