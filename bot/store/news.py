"""Feeds, items and stories: what the pipeline writes and the commands read."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    CursorResult,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from bot.models import Feed, Item, Kind, Story, StoryLink, Tags
from bot.store.base import StoreBase
from bot.store.tables import feeds, items, meta, stories, story_keys
from bot.stories import StoryCandidate
from bot.timeutil import as_utc, utcnow

MAX_LINKS_PER_STORY = 10


@dataclass(frozen=True)
class NewItem:
    """An item ready to store: cleaned, summarized, tagged; its story decided by the caller."""

    feed_id: int | None
    guid: str
    link: str
    canonical_link: str
    title: str
    publisher: str | None
    published: datetime
    summary: str
    tags: Tags
    weight: int


def _opt_dt(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def feed_from_row(row: Any) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        name=row.name,
        workspace=row.workspace or None,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled=_opt_dt(row.last_polled),
        last_success=_opt_dt(row.last_success),
        next_poll=_opt_dt(row.next_poll),
        error_count=row.error_count,
        last_error=row.last_error,
        disabled=bool(row.disabled),
        disabled_reason=row.disabled_reason,
    )


def item_from_row(row: Any) -> Item:
    return Item(
        id=row.id,
        feed_id=row.feed_id,
        guid=row.guid,
        link=row.link,
        title=row.title,
        publisher=row.publisher,
        published=as_utc(row.published),
        summary=row.summary,
        tags=Tags.from_json(json.loads(row.tags)),
        story_id=row.story_id,
        fetched_at=as_utc(row.fetched_at),
    )


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


class NewsMixin(StoreBase):
    """Feeds, items and stories."""

    # ------------------------------------------------------------------ meta
    def claim_once(self, name: str) -> bool:
        """True the first time `name` is claimed in this database (one-time set-up steps)."""
        with self.tx() as conn:
            if conn.execute(select(meta.c.key).where(meta.c.key == name)).first() is not None:
                return False
            conn.execute(insert(meta).values(key=name, value=utcnow().isoformat()))
            return True

    # ----------------------------------------------------------------- feeds
    def add_feed(self, url: str, name: str, workspace: str = "") -> tuple[Feed, bool]:
        """Add a feed to a workspace's list ("" is the global list). Returns (feed, created)."""
        with self.tx() as conn:
            row = conn.execute(
                select(feeds).where(feeds.c.url == url, feeds.c.workspace == workspace)
            ).first()
            if row is not None:
                if row.disabled:
                    conn.execute(
                        update(feeds)
                        .where(feeds.c.id == row.id)
                        .values(disabled=False, disabled_reason=None, error_count=0, next_poll=None)
                    )
                    row = conn.execute(select(feeds).where(feeds.c.id == row.id)).one()
                return feed_from_row(row), False
            feed_id = _new_id(
                conn.execute(
                    insert(feeds).values(
                        url=url, name=name or url, workspace=workspace, created_at=utcnow()
                    )
                )
            )
            row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).one()
            return feed_from_row(row), True

    def remove_feed(self, url: str, workspace: str = "") -> bool:
        with self.tx() as conn:
            result = conn.execute(
                delete(feeds).where(feeds.c.url == url, feeds.c.workspace == workspace)
            )
            return bool(result.rowcount)

    def list_feeds(self, workspace: str | None = None) -> list[Feed]:
        """All feeds (None), the global list (""), or the global list plus a workspace's own."""
        query = select(feeds).order_by(feeds.c.workspace, feeds.c.name)
        if workspace is not None:
            query = query.where(feeds.c.workspace.in_(["", workspace]))
        with self.tx() as conn:
            return [feed_from_row(r) for r in conn.execute(query)]

    def get_feed(self, feed_id: int) -> Feed | None:
        with self.tx() as conn:
            row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).first()
            return feed_from_row(row) if row else None

    def feed_is_primed(self, feed_id: int) -> bool:
        with self.tx() as conn:
            return bool(conn.execute(select(feeds.c.primed).where(feeds.c.id == feed_id)).scalar())

    def due_feeds(self, now: datetime) -> list[Feed]:
        """Enabled feeds whose next poll time has come, oldest poll first."""
        query = (
            select(feeds)
            .where(
                feeds.c.disabled == False,  # noqa: E712
                or_(feeds.c.next_poll.is_(None), feeds.c.next_poll <= now),
            )
            .order_by(feeds.c.last_polled.is_not(None), feeds.c.last_polled)
        )
        with self.tx() as conn:
            seen: set[str] = set()
            out = []
            for row in conn.execute(query):
                if row.url in seen:  # the same URL in several workspaces is fetched once
                    continue
                seen.add(row.url)
                out.append(feed_from_row(row))
            return out

    def force_all_due(self) -> None:
        """Make every enabled feed due now (`layoffbot poll --all`)."""
        with self.tx() as conn:
            conn.execute(update(feeds).values(next_poll=None))

    def feeds_with_url(self, url: str) -> list[Feed]:
        with self.tx() as conn:
            return [feed_from_row(r) for r in conn.execute(select(feeds).where(feeds.c.url == url))]

    def record_poll(
        self,
        url: str,
        *,
        now: datetime,
        next_poll: datetime,
        ok: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        disable_reason: str | None = None,
        forget_validators: bool = False,
    ) -> Feed | None:
        """Record the outcome of polling `url` (on every workspace's copy of it).

        Returns the feed as it now stands (the global copy if any), so the poller can
        report a failure once and a disabled feed with its reason.
        """
        with self.tx() as conn:
            if ok:
                values: dict[str, Any] = dict(
                    last_polled=now,
                    last_success=now,
                    next_poll=next_poll,
                    error_count=0,
                    last_error=None,
                    error_reported=False,
                )
                if etag is not None or last_modified is not None or forget_validators:
                    values.update(etag=etag, last_modified=last_modified)
            else:
                values = dict(
                    last_polled=now,
                    next_poll=next_poll,
                    error_count=feeds.c.error_count + 1,
                    last_error=error,
                )
                if disable_reason:
                    values.update(disabled=True, disabled_reason=disable_reason)
            conn.execute(update(feeds).where(feeds.c.url == url).values(**values))
            row = conn.execute(
                select(feeds).where(feeds.c.url == url).order_by(feeds.c.workspace)
            ).first()
            return feed_from_row(row) if row else None

    def claim_error_report(self, url: str) -> bool:
        """True once per run of failures: the poller reports a failing feed only once."""
        with self.tx() as conn:
            result = conn.execute(
                update(feeds)
                .where(feeds.c.url == url, feeds.c.error_reported == False)  # noqa: E712
                .values(error_reported=True)
            )
            return bool(result.rowcount)

    def reset_error_reports(self) -> None:
        """Report each failing feed once more (called when the bot starts)."""
        with self.tx() as conn:
            conn.execute(update(feeds).values(error_reported=False))

    def mark_primed(self, url: str) -> None:
        with self.tx() as conn:
            conn.execute(update(feeds).where(feeds.c.url == url).values(primed=True))

    # ----------------------------------------------------------------- items
    def known_items(
        self, conn: Connection, feed_id: int | None, guids: Sequence[str], links: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        """Which of these guids (for this feed) and canonical links are stored already."""
        known_guids: set[str] = set()
        known_links: set[str] = set()
        for chunk in _chunks(list(guids), 500):
            known_guids.update(
                conn.execute(
                    select(items.c.guid).where(
                        items.c.feed_id.is_(None)
                        if feed_id is None
                        else items.c.feed_id == feed_id,
                        items.c.guid.in_(chunk),
                    )
                ).scalars()
            )
        for chunk in _chunks(list(links), 500):
            known_links.update(
                conn.execute(
                    select(items.c.canonical_link).where(items.c.canonical_link.in_(chunk))
                ).scalars()
            )
        return known_guids, known_links

    def story_candidates(
        self, conn: Connection, keys: Sequence[str], since: datetime, until: datetime
    ) -> list[StoryCandidate]:
        """Stories filed under any of `keys` and published within [since, until]."""
        if not keys:
            return []
        ids = list(
            conn.execute(
                select(story_keys.c.story_id)
                .where(
                    story_keys.c.key.in_(list(keys)),
                    story_keys.c.published >= since,
                    story_keys.c.published <= until,
                )
                .distinct()
                .limit(200)
            ).scalars()
        )
        if not ids:
            return []
        titles: dict[int, list[str]] = defaultdict(list)
        for sid, title in conn.execute(
            select(items.c.story_id, items.c.title).where(items.c.story_id.in_(ids))
        ):
            titles[sid].append(title)
        rows = conn.execute(select(stories).where(stories.c.id.in_(ids)))
        return [
            StoryCandidate(
                id=r.id,
                key=r.key,
                headline=r.headline,
                tags=Tags.from_json(json.loads(r.tags)),
                published=as_utc(r.published),
                titles=tuple(titles.get(r.id, ())),
            )
            for r in rows
        ]

    def create_story(
        self,
        conn: Connection,
        *,
        key: str,
        item: NewItem,
        index_keys: Iterable[str],
        announce: bool,
        now: datetime,
    ) -> int:
        """Insert a story for its first item. The key gets a suffix if already taken."""
        key = key[:180]  # the column holds 200; leave room for a "-N" suffix
        base, n = key, 1
        while conn.execute(select(stories.c.id).where(stories.c.key == key)).first() is not None:
            n += 1
            key = f"{base}-{n}"
        tags = item.tags
        story_id = _new_id(
            conn.execute(
                insert(stories).values(
                    key=key,
                    headline=item.title,
                    summary=item.summary,
                    tags=json.dumps(tags.to_json()),
                    kind=tags.kind.value,
                    ai_cause=tags.ai_cause,
                    company=tags.companies[0] if tags.companies else None,
                    company_key=_company_key(tags),
                    headcount=tags.headcount,
                    percent=tags.percent,
                    published=item.published,
                    first_seen=now,
                    updated=now,
                    item_count=1,
                    announce=announce,
                    alerts_pending=announce,
                    search_text=_search_text(item.title, item.summary),
                    summary_weight=item.weight,
                )
            )
        )
        self._file_keys(conn, story_id, index_keys, item.published)
        self._index_fts(conn, story_id)
        return story_id

    def update_story(
        self,
        conn: Connection,
        story_id: int,
        *,
        item: NewItem,
        merged: Tags,
        index_keys: Iterable[str],
        now: datetime,
    ) -> None:
        """Add an item to a story: merged tags, a better summary when the item has more text."""
        row = conn.execute(select(stories).where(stories.c.id == story_id)).one()
        values: dict[str, Any] = dict(
            tags=json.dumps(merged.to_json()),
            kind=merged.kind.value,
            ai_cause=merged.ai_cause,
            company=merged.companies[0] if merged.companies else None,
            company_key=_company_key(merged),
            headcount=merged.headcount,
            percent=merged.percent,
            updated=now,
            item_count=row.item_count + 1,
            search_text=(row.search_text + "\n" + item.title)[:20000],
        )
        if as_utc(item.published) < as_utc(row.published):
            values["published"] = item.published
        if item.weight > row.summary_weight:
            values.update(
                summary=item.summary,
                headline=item.title,
                summary_weight=item.weight,
                search_text=(_search_text(item.title, item.summary) + "\n" + row.search_text)[
                    :20000
                ],
            )
        conn.execute(update(stories).where(stories.c.id == story_id).values(**values))
        self._file_keys(conn, story_id, index_keys, item.published)
        self._index_fts(conn, story_id)

    def insert_item(self, conn: Connection, item: NewItem, story_id: int, now: datetime) -> int:
        return _new_id(
            conn.execute(
                insert(items).values(
                    feed_id=item.feed_id,
                    guid=item.guid,
                    link=item.link,
                    canonical_link=item.canonical_link,
                    title=item.title,
                    publisher=item.publisher,
                    published=item.published,
                    summary=item.summary,
                    tags=json.dumps(item.tags.to_json()),
                    story_id=story_id,
                    fetched_at=now,
                )
            )
        )

    def _file_keys(
        self, conn: Connection, story_id: int, keys: Iterable[str], published: datetime
    ) -> None:
        existing = set(
            conn.execute(
                select(story_keys.c.key).where(story_keys.c.story_id == story_id)
            ).scalars()
        )
        new = [k for k in dict.fromkeys(keys) if k not in existing]
        if new:
            conn.execute(
                insert(story_keys),
                [{"story_id": story_id, "key": k[:200], "published": published} for k in new],
            )
        # Keep the time index moving with the story, so later items still find it.
        conn.execute(
            update(story_keys)
            .where(story_keys.c.story_id == story_id, story_keys.c.published < published)
            .values(published=published)
        )

    def _index_fts(self, conn: Connection, story_id: int) -> None:
        if not self.is_sqlite:
            return  # PostgreSQL indexes stories.search_text itself
        search_text = conn.execute(
            select(stories.c.search_text).where(stories.c.id == story_id)
        ).scalar_one()
        conn.execute(text("DELETE FROM stories_fts WHERE rowid = :id"), {"id": story_id})
        conn.execute(
            text("INSERT INTO stories_fts (rowid, search_text) VALUES (:id, :t)"),
            {"id": story_id, "t": search_text},
        )

    def story_key_for_link(self, conn: Connection, link: str) -> str | None:
        """The story of the item stored under this canonical link, if any."""
        key = conn.execute(
            select(stories.c.key)
            .join(items, items.c.story_id == stories.c.id)
            .where(items.c.canonical_link == link)
            .limit(1)
        ).scalar()
        return None if key is None else str(key)

    def story_key(self, conn: Connection, story_id: int) -> str:
        return str(conn.execute(select(stories.c.key).where(stories.c.id == story_id)).scalar_one())

    # --------------------------------------------------------------- queries
    def get_story(self, story_id: int) -> Story | None:
        with self.tx() as conn:
            found = self._stories(conn, select(stories).where(stories.c.id == story_id))
            return found[0] if found else None

    def story_by_key(self, key: str) -> Story | None:
        with self.tx() as conn:
            found = self._stories(conn, select(stories).where(stories.c.key == key))
            return found[0] if found else None

    def story_items(self, story_id: int) -> list[Item]:
        with self.tx() as conn:
            rows = conn.execute(
                select(items).where(items.c.story_id == story_id).order_by(items.c.published)
            )
            return [item_from_row(r) for r in rows]

    def item_by_link(self, link: str) -> Item | None:
        from bot.links import canonical_link

        with self.tx() as conn:
            row = conn.execute(
                select(items)
                .where(or_(items.c.link == link, items.c.canonical_link == canonical_link(link)))
                .limit(1)
            ).first()
            return item_from_row(row) if row else None

    def known_companies(self) -> list[str]:
        with self.tx() as conn:
            return sorted(
                c
                for c in conn.execute(
                    select(stories.c.company).where(stories.c.company.is_not(None)).distinct()
                ).scalars()
                if c
            )

    def stories_for_company(self, company_key: str, limit: int | None = 10) -> list[Story]:
        """A company's stories, newest first: those it leads and those it is part of."""
        with self.tx() as conn:
            ids = select(story_keys.c.story_id).where(story_keys.c.key == f"co:{company_key}")
            query = (
                select(stories)
                .where(or_(stories.c.company_key == company_key, stories.c.id.in_(ids)))
                .order_by(stories.c.published.desc(), stories.c.id.desc())
            )
            if limit is not None:
                query = query.limit(limit)
            return self._stories(conn, query)

    def latest_stories(self, limit: int, *, digest_only: bool = False) -> list[Story]:
        query = select(stories).order_by(stories.c.published.desc(), stories.c.id.desc())
        if digest_only:
            query = query.where(
                stories.c.kind.in_([Kind.LAYOFF.value, Kind.HIRING_FREEZE.value]),
                stories.c.ai_cause == True,  # noqa: E712
            )
        with self.tx() as conn:
            return self._stories(conn, query.limit(limit))

    def search_stories(self, query: str, limit: int = 10) -> list[Story]:
        """Full-text search over headlines, titles and summaries; any user text is safe."""
        words = _FTS_WORD.findall(query.lower())[:12]
        if not words:
            return []
        with self.tx() as conn:
            if self.is_sqlite:
                match = " ".join('"' + w.replace('"', "") + '"' for w in words)
                ids = [
                    r[0]
                    for r in conn.execute(
                        text(
                            "SELECT rowid FROM stories_fts WHERE stories_fts MATCH :q "
                            "ORDER BY rank LIMIT :n"
                        ),
                        {"q": match, "n": limit * 3},
                    )
                ]
                if not ids:
                    return []
                found = {
                    s.id: s
                    for s in self._stories(conn, select(stories).where(stories.c.id.in_(ids)))
                }
                ranked = [found[i] for i in ids if i in found]
            else:
                tsq = func.plainto_tsquery("english", " ".join(words))
                vec = func.to_tsvector("english", stories.c.search_text)
                ranked = self._stories(
                    conn,
                    select(stories)
                    .where(vec.op("@@")(tsq))
                    .order_by(func.ts_rank(vec, tsq).desc(), stories.c.published.desc())
                    .limit(limit * 3),
                )
            ranked.sort(key=lambda s: s.published, reverse=True)
            return ranked[:limit]

    def stories_published_between(self, start: datetime, end: datetime) -> list[Story]:
        with self.tx() as conn:
            return self._stories(
                conn,
                select(stories)
                .where(stories.c.published >= start, stories.c.published < end)
                .order_by(stories.c.published),
                with_links=False,
            )

    def stories_first_seen_between(
        self, start: datetime | None, end: datetime, *, announce_only: bool = True
    ) -> list[Story]:
        conditions = [stories.c.first_seen < end]
        if start is not None:
            conditions.append(stories.c.first_seen >= start)
        if announce_only:
            conditions.append(stories.c.announce == True)  # noqa: E712
        with self.tx() as conn:
            return self._stories(
                conn, select(stories).where(and_(*conditions)).order_by(stories.c.first_seen)
            )

    def stories_with_pending_alerts(self) -> list[Story]:
        with self.tx() as conn:
            return self._stories(
                conn,
                select(stories).where(stories.c.alerts_pending == True).order_by(stories.c.id),  # noqa: E712
            )

    def clear_pending_alerts(self, story_ids: list[int]) -> None:
        with self.tx() as conn:
            for chunk in _chunks(story_ids, 500):
                conn.execute(
                    update(stories).where(stories.c.id.in_(chunk)).values(alerts_pending=False)
                )

    def count_stories(self) -> int:
        with self.tx() as conn:
            return int(conn.execute(select(func.count()).select_from(stories)).scalar_one())

    def count_items(self) -> int:
        with self.tx() as conn:
            return int(conn.execute(select(func.count()).select_from(items)).scalar_one())

    def _stories(self, conn: Connection, query: Any, *, with_links: bool = True) -> list[Story]:
        rows = list(conn.execute(query))
        links: dict[int, list[StoryLink]] = defaultdict(list)
        if with_links and rows:
            ids = [r.id for r in rows]
            for chunk in _chunks(ids, 500):
                for r in conn.execute(
                    select(items.c.story_id, items.c.title, items.c.link, items.c.publisher)
                    .where(items.c.story_id.in_(chunk))
                    .order_by(items.c.published, items.c.id)
                ):
                    bucket = links[r.story_id]
                    if len(bucket) < MAX_LINKS_PER_STORY and all(b.url != r.link for b in bucket):
                        bucket.append(StoryLink(title=r.title, url=r.link, publisher=r.publisher))
        return [
            Story(
                id=r.id,
                key=r.key,
                headline=r.headline,
                summary=r.summary,
                tags=Tags.from_json(json.loads(r.tags)),
                published=as_utc(r.published),
                first_seen=as_utc(r.first_seen),
                updated=as_utc(r.updated),
                links=tuple(links.get(r.id, ())),
                item_count=r.item_count,
            )
            for r in rows
        ]


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _company_key(tags: Tags) -> str | None:
    if not tags.companies:
        return None
    from bot.companies import company_key

    return company_key(tags.companies[0])[:200]


def _search_text(title: str, summary: str) -> str:
    return f"{title}\n{summary}"


def _chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]
