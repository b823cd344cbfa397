"""Announcing a story that was filed silently, when fresh news of it arrives.

A new feed's first read is stored without announcing it (no flood of what the feed
already held). If that read happens to file today's story first, the same event reported
a moment later by a feed that was already read joins the silent story, and without this
nobody would ever hear of it: no alert, no digest. So a stored story that is grown by an
announcing batch with fresh news, and is itself not old news, becomes announced: its
alerts are pending and it is first seen (for digest windows) now. It happens once: an
announced story is never announced again (alert keys are the story's key besides).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Connection, false, select, true, update

from bot.store.tables import stories


def announce_grown_silent_stories(
    conn: Connection, story_ids: Collection[int], *, now: datetime, since: datetime | None
) -> list[int]:
    """Of these stored stories (grown with fresh news by an announcing batch), announce
    those filed silently whose first item is recent enough (published at or after
    `since`); their ids, in order. In the caller's transaction."""
    if not story_ids:
        return []
    conditions = [stories.c.id.in_(sorted(story_ids)), stories.c.announce == false()]
    if since is not None:
        conditions.append(stories.c.published >= since)
    ids = list(
        conn.execute(select(stories.c.id).where(*conditions).order_by(stories.c.id)).scalars()
    )
    if ids:
        conn.execute(
            update(stories)
            .where(stories.c.id.in_(ids), stories.c.announce == false())
            .values(announce=true(), alerts_pending=true(), first_seen=now)
        )
    return ids
