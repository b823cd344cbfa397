"""Announcing a story that was filed silently, when another feed brings fresh news of it.

A new feed's first read is stored without announcing it (no flood of what the feed
already held). If that read happens to file today's story first, the same event reported
a moment later by a feed that was already read joins the silent story, and without this
nobody would ever hear of it: no alert, no digest. So a stored story that is grown by an
announcing batch with fresh news from a feed that had no item in it yet, and is itself
not old news, becomes announced: its alerts are pending and it is first seen (for digest
windows) now. The feed that filed it silently does not count: its item published again
(under a new link or guid, after the site moved) is not news. It happens once: an
announced story is never announced again (alert keys are the story's key besides).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import datetime

from sqlalchemy import Connection, false, select, true, update

from bot.store.tables import items, stories


def announce_grown_silent_stories(
    conn: Connection,
    grown: Mapping[int, Set[int | None]],
    *,
    now: datetime,
    since: datetime | None,
) -> list[int]:
    """Of these stored stories (id -> the feeds whose fresh items joined it in an
    announcing batch), announce the ones filed silently whose first item is recent enough
    (published at or after `since`) and that one of those feeds had no item in yet; their
    ids, in order. Call it before the batch's items are stored, in its transaction."""
    if not grown:
        return []
    conditions = [stories.c.id.in_(sorted(grown)), stories.c.announce == false()]
    if since is not None:
        conditions.append(stories.c.published >= since)
    silent = list(conn.execute(select(stories.c.id).where(*conditions)).scalars())
    if not silent:
        return []
    had: dict[int, set[int | None]] = {}
    for story_id, feed_id in conn.execute(
        select(items.c.story_id, items.c.feed_id).where(items.c.story_id.in_(silent)).distinct()
    ):
        had.setdefault(story_id, set()).add(feed_id)
    ids = sorted(i for i in silent if any(f is None or f not in had.get(i, ()) for f in grown[i]))
    if ids:
        conn.execute(
            update(stories)
            .where(stories.c.id.in_(ids), stories.c.announce == false())
            .values(announce=true(), alerts_pending=true(), first_seen=now)
        )
    return ids
