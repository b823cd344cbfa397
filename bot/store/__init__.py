"""Storage behind one class: `Store`, on SQLite (default) or PostgreSQL by URL."""

from __future__ import annotations

from bot.store.base import StoreBase, make_engine
from bot.store.migrate import upgrade
from bot.store.news import NewsMixin
from bot.store.rows import NewItem
from bot.store.social import SocialMixin


class Store(NewsMixin, SocialMixin, StoreBase):
    """Every read and write of the bot's data. Each public method is one transaction."""

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open (and by default migrate) the database at `url`."""
        store = cls(make_engine(url))
        if migrate:
            upgrade(store.engine)
        return store


__all__ = ["NewItem", "Store", "make_engine"]
