"""The items the database refused, remembered across restarts (a `meta` row each).

An item the database refuses is set apart and logged once (bot/pipeline.py). Remembered
in the process alone, it was judged, refused and logged again by every new process: at
each restart of `run`, and at every `layoffbot poll --once` run from cron, for as long as
the feed carried it. Each is kept REMEMBERED_FOR (then tried again: an upgrade may have
made it storable), keyed by its feed and a hash of its guid (any text, of any length).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from bot.store.base import StoreBase
from bot.store.tables import meta

REFUSED = "refused:"  # meta key prefix: 'refused:<feed id>:<guid hash>' -> when
REMEMBERED_FOR = timedelta(days=7)


def refusal_key(feed_id: int | None, guid: str) -> str:
    digest = hashlib.sha256(guid.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{REFUSED}{feed_id or 0}:{digest}"


class RefusalsMixin(StoreBase):
    def remember_refusal(self, key: str, now: datetime) -> None:
        """Keep `key` (`refusal_key`) as refused at `now`."""
        with self.tx() as conn:
            if conn.execute(select(meta.c.key).where(meta.c.key == key)).first() is None:
                conn.execute(insert(meta).values(key=key, value=now.isoformat()))
            else:
                conn.execute(update(meta).where(meta.c.key == key).values(value=now.isoformat()))

    def remembered_refusals(self, now: datetime) -> set[str]:
        """The keys refused within REMEMBERED_FOR of `now`; older ones are forgotten."""
        since = (now - REMEMBERED_FOR).isoformat()
        with self.tx() as conn:
            rows = conn.execute(
                select(meta.c.key, meta.c.value).where(meta.c.key.like(f"{REFUSED}%"))
            ).all()
            old = [row.key for row in rows if row.value < since]
            for start in range(0, len(old), 500):
                conn.execute(delete(meta).where(meta.c.key.in_(old[start : start + 500])))
        return {row.key for row in rows if row.value >= since}
