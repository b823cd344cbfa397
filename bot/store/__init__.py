"""Storage behind one class: `Store`, on SQLite (default) or PostgreSQL by URL.

The core sees it through the capability Protocols of bot/ports.py (FeedStore,
StoryStore, StoryQueries, Outbox, Subscriptions, Digests, LeaderLocks); each topic's
methods live in their own module (feeds, ingest, news, subscriptions, digest_settings,
deliveries, tenants, leader, unit_of_work).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.store.base import StoreBase, make_engine, refused_data, store_error
from bot.store.deliveries import DeliveriesMixin
from bot.store.digest_settings import DigestSettingsMixin
from bot.store.leader import SqlLeaderLock
from bot.store.liveness import WorkerLiveness, live_worker_id
from bot.store.migrate import upgrade
from bot.store.news import NewsMixin
from bot.store.refusals import RefusalsMixin
from bot.store.rows import NewItem
from bot.store.scope_pauses import ScopePausesMixin
from bot.store.shared_places import SharedPlacesMixin
from bot.store.subscriptions import SubscriptionsMixin
from bot.store.tenants import TenantsMixin
from bot.store.unit_of_work import SqlUnitOfWork


class Store(
    NewsMixin,
    SubscriptionsMixin,
    DigestSettingsMixin,
    DeliveriesMixin,
    TenantsMixin,
    ScopePausesMixin,
    SharedPlacesMixin,
    RefusalsMixin,
    StoreBase,
):
    """Every read and write of the bot's data. Each public method is one transaction;
    `unit_of_work()` groups several. Database failures raise bot.errors.StoreError."""

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open (and by default migrate) the database at `url`. Raises StoreError for a
        URL SQLAlchemy cannot use or a database that refuses the migration."""
        try:
            store = cls(make_engine(url))
            if migrate:
                upgrade(store.engine)
        except SQLAlchemyError as exc:
            raise store_error(exc) from exc
        return store

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        """Several operations in one transaction: committed when the block ends, rolled
        back and raised as StoreError if it fails."""
        with self.tx() as conn:
            yield SqlUnitOfWork(self, conn)

    def leader_lock(self, key: int) -> SqlLeaderLock:
        """The leadership named `key` (any 64-bit integer the processes agree on)."""
        return SqlLeaderLock(self.engine, key)

    def worker_liveness(self, worker_id: str) -> WorkerLiveness | None:
        """PostgreSQL: the lock that tells other processes this `run` (`worker_id`,
        marked and made unique) lives, so its claims come back at once when it dies;
        not taken until `hold()`. None on SQLite (one `run` per file)."""
        if self.is_sqlite:
            return None
        return WorkerLiveness(self.engine, live_worker_id(worker_id))


if TYPE_CHECKING:
    from bot.ports import (
        Digests,
        FeedStore,
        LeaderLocks,
        Outbox,
        StoryQueries,
        StoryStore,
        Subscriptions,
    )

    def _satisfies_the_storage_protocols(store: Store) -> tuple[object, ...]:
        """Never called: mypy --strict checks here that Store meets each contract."""
        feeds: FeedStore = store
        stories: StoryStore = store
        queries: StoryQueries = store
        subscriptions: Subscriptions = store
        digests: Digests = store
        outbox: Outbox = store
        locks: LeaderLocks = store
        return (feeds, stories, queries, subscriptions, digests, outbox, locks)


__all__ = [
    "SqlLeaderLock",
    "NewItem",
    "Store",
    "SqlUnitOfWork",
    "make_engine",
    "refused_data",
]
