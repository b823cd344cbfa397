"""The ingest's executemany on the driver (bot/store/bulk.py, #14): the rows SQLAlchemy's
own executemany would write, and a failure still the store's one exception."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select, text, update

from bot.errors import StoreError
from bot.store import Store
from bot.store.bulk import execute_many
from bot.store.tables import feeds

NOW = datetime(2026, 6, 1, 12, 30, 15, 123456, tzinfo=UTC)
_INSERT = insert(feeds)
_RENAME = update(feeds).where(feeds.c.id == bindparam("b_id"))


def _rows(n: int, base: int) -> list[dict[str, Any]]:
    return [
        {
            "url": f"https://example.com/{base + i}",
            "name": f"Feed '{i}' é",
            "created_at": NOW,
            "last_polled": None if i % 2 else NOW,
            "disabled": bool(i % 3),
            "item_fingerprint": b"\x00\x01" if i % 2 else None,
        }
        for i in range(n)
    ]


def test_bulk_writes_store_what_sqlalchemy_executemany_stores(store: Store) -> None:
    with store.tx() as conn:
        conn.execute(_INSERT, _rows(5, 0))  # SQLAlchemy's own
        execute_many(conn, _INSERT, _rows(5, 100))  # the same values, on the driver
        conn.execute(_RENAME, [{"name": "renamed", "last_polled": NOW, "b_id": 2}])
        execute_many(conn, _RENAME, [{"name": "renamed", "last_polled": NOW, "b_id": 7}])
    with store.tx() as conn:
        rows = [r._asdict() for r in conn.execute(select(feeds).order_by(feeds.c.id))]
    for row in rows:
        del row["id"], row["url"]
    assert rows[:5] == rows[5:]
    assert rows[1]["name"] == "renamed"


def test_a_driver_error_in_a_bulk_write_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="feeds"), store.tx() as conn:
        execute_many(conn, _INSERT, _rows(2, 0))
        conn.execute(text("DROP TABLE feeds"))
        execute_many(conn, _INSERT, _rows(2, 10))
    with store.tx() as conn:  # rolled back: the table is there, empty
        assert conn.execute(select(feeds.c.id)).all() == []
