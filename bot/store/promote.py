"""Announcing a story that was filed silently, when fresh news of it comes in.

A new feed's first read is stored without announcing it (no flood of what the feed
already held). If that read happens to file today's story first, the same event reported
a moment later by a feed that was already read joins the silent story, and without this
nobody would ever hear of it: no alert, no digest. So a stored story that is grown by an
announcing batch with fresh news, and is itself not old news, becomes announced: its
alerts are pending and it is first seen (for digest windows) now. Fresh news is an item
of a feed that had no item in the story yet, or one published after the story was first
seen: the feed that filed it silently reporting more of it later (a search feed such as
Google News carries many outlets' coverage of one event) is news, but its item published
again (under a new link or guid, after the site moved, with its old date) is not. It
happens once: an announced story is never announced again (alert keys are the story's
key besides).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, false, select, true, update

from bot.store.tables import items, stories
from bot.timeutil import as_utc


def announce_grown_silent_stories(
    conn: Connection,
    grown: Mapping[int, Mapping[int | None, datetime]],
    *,
    now: datetime,
    since: datetime | None,
) -> list[int]:
    """Of these stored stories (id -> the feeds whose fresh items joined it in an
    announcing batch -> the newest one's publication time), announce the ones filed
    silently whose first item is recent enough (published at or after `since`) and that
    one of those feeds had no item in yet, or brought an item published after the story
    was first seen; their ids, in order. Call it before the batch's items are stored, in
    its transaction."""
    if not grown:
        return []
    conditions = [stories.c.id.in_(sorted(grown)), stories.c.announce == false()]
    if since is not None:
        conditions.append(stories.c.published >= since)
    first_seen = {
        story_id: as_utc(seen)
        for story_id, seen in conn.execute(
            select(stories.c.id, stories.c.first_seen).where(*conditions)
        )
    }
    silent = sorted(first_seen)
    if not silent:
        return []
    had: dict[int, set[int | None]] = {}
    for story_id, feed_id in conn.execute(
        select(items.c.story_id, items.c.feed_id).where(items.c.story_id.in_(silent)).distinct()
    ):
        had.setdefault(story_id, set()).add(feed_id)
    ids = [
        i
        for i in silent
        if any(
            f is None or f not in had.get(i, ()) or as_utc(published) > first_seen[i]
            for f, published in grown[i].items()
        )
    ]
    if ids:
        conn.execute(
            update(stories)
            .where(stories.c.id.in_(ids), stories.c.announce == false())
            .values(announce=true(), alerts_pending=true(), first_seen=now)
        )
    return ids
