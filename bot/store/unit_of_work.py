"""One transaction spanning several store operations, without handing out a Connection.

Ingesting a batch (read what is known, file the new items, read back the stories made)
and planning a digest (compare-and-set its window, enqueue its deliveries) must each be
atomic. The core gets a `SqlUnitOfWork` from `Store.unit_of_work()`: typed operations that
all run in the one transaction, committed when the block ends and rolled back (and
raised as StoreError) if it fails. The Connection stays inside bot/store/.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from bot.models import Story
from bot.store.deliveries import insert_deliveries
from bot.store.digest_settings import mark_digest_planned_in
from bot.store.social import PlannedDelivery

STORY_FILING_LOCK = 0x6C6F_6666_6C6E  # 'loffln': any constant all processes share

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.ingest import IngestBatch


class SqlUnitOfWork:
    """Store operations that share one open transaction (see the module docstring)."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self._store = store
        self._conn = conn

    def hold_story_filing(self) -> None:
        """Wait for, then hold until commit, the right to file stories or plan digests.

        A digest covers stories first seen before its `now`. A story stamped before that
        `now` but committed after the digest read its window would be in no digest ever.
        Filing (stamp + write) and planning (read + move the window) therefore happen
        one at a time. SQLite: every transaction is BEGIN IMMEDIATE, so it already is.
        PostgreSQL: a transaction-level advisory lock, released at commit or rollback.
        """
        if self._conn.dialect.name == "postgresql":
            self._conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({STORY_FILING_LOCK})")

    def feed_tenant(self, feed_id: int | None) -> str:
        """The tenant of a feed's items: '' for the operator's, its workspace otherwise."""
        return self._store.feed_tenant(self._conn, feed_id)

    def known_items(
        self, feed_id: int | None, guids: Sequence[str], links: Sequence[str], tenant: str = ""
    ) -> tuple[set[str], set[str]]:
        """Which guids (of this feed) and canonical links (of this tenant) are stored."""
        return self._store.known_items(self._conn, feed_id, guids, links, tenant)

    def ingest_batch(
        self,
        *,
        now: datetime,
        announce: bool,
        announce_since: datetime | None = None,
        tenant: str = "",
    ) -> IngestBatch:
        """A batch of stories and items written in this transaction by its `flush`."""
        return self._store.ingest_batch(
            self._conn, now=now, announce=announce, announce_since=announce_since, tenant=tenant
        )

    def story_keys_for_links(self, links: Sequence[str]) -> dict[str, str]:
        """The story key of the (first) item stored under each canonical link."""
        return self._store.story_keys_for_links(self._conn, links)

    def stories_by_id(self, story_ids: Sequence[int]) -> list[Story]:
        """These stories as this transaction sees them, in the order given."""
        return self._store.stories_by_id(self._conn, story_ids)

    def mark_digest_planned(
        self,
        digest_id: int,
        *,
        expected_sent_date: str | None,
        sent_date: str | None,
        covered: datetime,
    ) -> bool:
        """Move a digest's window forward unless someone else did since it was read
        (compare-and-set on last_sent_date). False: someone did; plan nothing."""
        return mark_digest_planned_in(
            self._conn,
            digest_id,
            expected_sent_date=expected_sent_date,
            sent_date=sent_date,
            covered=covered,
        )

    def enqueue_many(self, planned: Sequence[PlannedDelivery], *, now: datetime) -> int:
        """Plan deliveries (insert-if-absent by key); how many were new."""
        return insert_deliveries(self._conn, planned, now=now)
