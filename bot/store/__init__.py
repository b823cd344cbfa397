"""Storage behind one class: `Store`, on SQLite (default) or PostgreSQL by URL.

The core sees it through the capability Protocols of bot/ports.py (FeedStore,
StoryStore, StoryQueries, Outbox, Subscriptions, Digests, LeaderLocks); each topic's
methods live in their own module (feeds, ingest, news, subscriptions, digest_settings,
deliveries, leader, unit_of_work).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.store.base import StoreBase, make_engine
from bot.store.deliveries import DeliveriesMixin
from bot.store.digest_settings import DigestSettingsMixin
from bot.store.leader import LeaderLock
from bot.store.migrate import upgrade
from bot.store.news import NewsMixin
from bot.store.rows import NewItem
from bot.store.subscriptions import SubscriptionsMixin
from bot.store.unit_of_work import UnitOfWork


class Store(NewsMixin, SubscriptionsMixin, DigestSettingsMixin, DeliveriesMixin, StoreBase):
    """Every read and write of the bot's data. Each public method is one transaction;
    `unit_of_work()` groups several. Database failures raise bot.errors.StoreError."""

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open (and by default migrate) the database at `url`."""
        store = cls(make_engine(url))
        if migrate:
            upgrade(store.engine)
        return store

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """Several operations in one transaction: committed when the block ends, rolled
        back and raised as StoreError if it fails."""
        with self.tx() as conn:
            yield UnitOfWork(self, conn)

    def leader_lock(self, key: int) -> LeaderLock:
        """The leadership named `key` (any 64-bit integer the processes agree on)."""
        return LeaderLock(self.engine, key)


__all__ = ["LeaderLock", "NewItem", "Store", "UnitOfWork", "make_engine"]
