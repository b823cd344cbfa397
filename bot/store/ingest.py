"""Filing new items into stories: the candidates a new item may join, and `IngestBatch`,
the one way stories and items are written (one transaction per batch)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    insert,
    or_,
    select,
    text,
    union_all,
    update,
)

from bot.models import Tags
from bot.store.base import StoreBase
from bot.store.rows import NewItem, _chunks, _company_key, _search_text
from bot.store.tables import items, stories, story_keys
from bot.stories import (
    CANDIDATES_PER_KEY,
    KEY_ENTRIES_READ,
    CandidateScope,
    StoryCandidate,
)
from bot.timeutil import as_utc


class IngestMixin(StoreBase):
    """What the ingest pipeline asks of the store."""

    # ----------------------------------------------------------------- items
    def known_items(
        self,
        conn: Connection,
        feed_id: int | None,
        guids: Sequence[str],
        links: Sequence[str],
        tenant: str = "",
    ) -> tuple[set[str], set[str]]:
        """Which of these guids (for this feed) and canonical links (in this tenant's
        items) are stored already. Links are per tenant: a workspace's feed must not keep
        the operator's feeds (or another workspace's) from storing the same article."""
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
                    select(items.c.canonical_link).where(
                        items.c.tenant == tenant, items.c.canonical_link.in_(chunk)
                    )
                ).scalars()
            )
        return known_guids, known_links

    def story_candidates(
        self,
        conn: Connection,
        keys: Sequence[str],
        since: datetime,
        until: datetime,
        scope: CandidateScope | None = None,
        tenant: str | None = "",
    ) -> list[StoryCandidate]:
        """Stories filed under any of `keys` at a time within [since, until], by id.

        Only the `tenant`'s stories ('' the operator's); None: any workspace's but the
        operator's (to find the workspace stories a new global story duplicates).

        Per key, the index is read KEY_ENTRIES_READ entries away from the item's date
        (`scope.near`) in each direction and at most CANDIDATES_PER_KEY stories are kept on
        each side (bot.stories): the work per item does not grow with the store.
        With a `scope` (bot.stories.candidate_scope) only the stories it admits count;
        without one, per key the latest stories of the window. One statement.
        """
        keys = _index_keys(keys)
        if not keys:
            return []
        params: dict[str, Any] = {"since": since, "until": until}
        for i, key in enumerate(keys):
            params[f"k{i}"] = key
        if scope is not None:
            params.update(
                near=scope.near,
                since=max(since, scope.since),  # a key's time is never before its story's
                story_since=scope.since,
                story_until=scope.until,
            )
            params["employer"] = _EMPLOYER_MODE[scope.employer]
            for i, kind in enumerate(scope.kinds):
                params[f"kind{i}"] = kind
        params["tenant"] = tenant or ""
        params["any_workspace"] = 1 if tenant is None else 0
        query = _candidate_query(len(keys), 0 if scope is None else len(scope.kinds))
        rows: dict[int, tuple[Any, list[str]]] = {}
        for r in conn.execute(query, params).all():  # (id, key, headline, tags, published, title)
            found = rows.get(r[0])
            if found is None:
                found = rows[r[0]] = (r, [])
            if r[5] is not None:
                found[1].append(r[5])
        return [
            StoryCandidate(r[0], r[1], r[2], _tags(r[3]), as_utc(r[4]), tuple(titles))
            for r, titles in rows.values()
        ]

    def ingest_batch(
        self,
        conn: Connection,
        *,
        now: datetime,
        announce: bool,
        announce_since: datetime | None = None,
        tenant: str = "",
    ) -> IngestBatch:
        """The stories and items of one ingest, written together by `IngestBatch.flush`.

        New stories are announced (alerts, digests) when `announce` is set and, with
        `announce_since`, only if their first item was published at or after it: old
        news found today is stored and searchable, never announced as new.
        """
        return IngestBatch(
            self, conn, now=now, announce=announce, announce_since=announce_since, tenant=tenant
        )

    def story_keys_for_links(self, conn: Connection, links: Sequence[str]) -> dict[str, str]:
        """The story key of the (first) item stored under each canonical link, if any."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(links)), 500):
            for link, key in conn.execute(
                select(items.c.canonical_link, stories.c.key)
                .join(stories, items.c.story_id == stories.c.id)
                .where(items.c.canonical_link.in_(chunk))
                .order_by(items.c.id)
            ):
                out.setdefault(link, key)
        return out


@dataclass(eq=False)
class StoryDraft:
    """A story as the ingest batch leaves it: created by the batch, or stored and grown.

    `id` is None for a story the batch creates until `IngestBatch.flush` writes it; `key`
    is then the wanted key, made unique by the flush. `keys` is every index key of the
    story with the time the index holds for it.
    """

    id: int | None
    seq: int
    key: str
    headline: str
    summary: str
    tags: Tags
    published: datetime
    item_count: int
    search_text: str
    summary_weight: int
    titles: list[str]
    keys: dict[str, datetime]
    stored_keys: frozenset[str] = frozenset()
    latest: datetime | None = None  # the newest item this batch added to a stored story
    announce: bool = False  # a new story: may it be announced (alerts, digests)?
    same_as: int | None = None  # a new workspace story: the global story of its event
    duplicates: list[int] = field(default_factory=list)  # a new global story: those stories

    @property
    def candidate_id(self) -> int:
        """Its id among candidates: a new story's is negative (its creation order)."""
        if self.seq:
            return -self.seq
        assert self.id is not None
        return self.id

    def candidate(self) -> StoryCandidate:
        return StoryCandidate(
            id=self.candidate_id,
            key=self.key,
            headline=self.headline,
            tags=self.tags,
            published=self.published,
            titles=tuple(self.titles),
        )


@dataclass
class IngestBatch:
    """One ingest transaction's stories and items, written together by `flush`.

    Items are clustered one after the other and each must see what the items before it
    did (a story created or grown by the same feed poll). Rather than writing and
    re-reading the store for every item, the batch keeps the stories it touched in memory,
    merges them into what `story_candidates` returns (`candidates`), and `flush` writes
    each story, its index keys, its search text and the items once, in a few statements.
    It is the one way stories are written (the pipeline and the test fixtures use it);
    it all happens in the caller's transaction, so a crash keeps all or
    nothing.
    """

    store: IngestMixin
    conn: Connection
    now: datetime
    announce: bool
    announce_since: datetime | None = None
    tenant: str = ""  # every story and item of a batch has its feed's tenant
    _workspace_stories: bool | None = None  # does any workspace have stories of its own?
    _touched: dict[int, StoryDraft] = field(default_factory=dict)  # by candidate id
    _by_key: dict[str, list[StoryDraft]] = field(default_factory=dict)
    _created: list[StoryDraft] = field(default_factory=list)
    _items: list[tuple[NewItem, StoryDraft]] = field(default_factory=list)
    _by_link: dict[str, StoryDraft] = field(default_factory=dict)

    def candidates(
        self, keys: Sequence[str], since: datetime, until: datetime, scope: CandidateScope
    ) -> list[StoryCandidate]:
        """`story_candidates` with the batch's own stories as they now stand."""
        keys = _index_keys(keys)
        found = [
            c
            for c in self.store.story_candidates(
                self.conn, keys, since, until, scope, tenant=self.tenant
            )
            if c.id not in self._touched  # a stale copy: the batch changed that story
        ]
        seen: set[int] = set()
        for key in keys:
            for draft in self._by_key.get(key, ()):
                cid = draft.candidate_id
                if cid in seen:
                    continue
                seen.add(cid)
                if scope.admits(draft.tags, draft.published) and any(
                    since <= t <= until for k in keys if (t := draft.keys.get(k)) is not None
                ):
                    found.append(draft.candidate())
        # Stored stories by id, then the batch's new ones as created (their ids to come).
        found.sort(key=lambda c: (c.id < 0, abs(c.id)))
        return found

    def same_event_elsewhere(
        self, keys: Sequence[str], since: datetime, until: datetime, scope: CandidateScope
    ) -> dict[str, list[StoryCandidate]]:
        """Stored stories of the other side of the tenant line that may be the same event,
        by tenant: the global ones for a workspace's batch, every workspace's for a global
        batch. Read only: each side's stories stay its own; `link_same_event` records it."""
        if not self.tenant:
            if self._workspace_stories is None:  # most installs have none: skip the lookups
                self._workspace_stories = (
                    self.conn.execute(
                        select(stories.c.id).where(stories.c.tenant > "").limit(1)
                    ).first()
                    is not None
                )
            if not self._workspace_stories:
                return {}
        keys = _index_keys(keys)
        found = self.store.story_candidates(
            self.conn, keys, since, until, scope, tenant=None if not self.tenant else ""
        )
        if not self.tenant and found:
            tenants: dict[int, str] = {
                int(r[0]): str(r[1])
                for r in self.conn.execute(
                    select(stories.c.id, stories.c.tenant).where(
                        stories.c.id.in_([c.id for c in found]), stories.c.same_as.is_(None)
                    )
                )
            }
        else:
            tenants = {c.id: "" for c in found}
        by_tenant: dict[str, list[StoryCandidate]] = {}
        for c in found:
            if c.id in tenants:
                by_tenant.setdefault(tenants[c.id], []).append(c)
        return by_tenant

    def link_same_event(self, draft: StoryDraft, other: StoryCandidate) -> None:
        """A new story and another tenant's story are one event (see stories.same_as)."""
        if self.tenant:
            draft.same_as = other.id
        else:
            draft.duplicates.append(other.id)

    def story_for_link(self, link: str) -> StoryDraft | None:
        """The story an item of this batch with that canonical link went to."""
        return self._by_link.get(link)

    def add_to_story(
        self, match: StoryCandidate, item: NewItem, merged: Tags, index_keys: Iterable[str]
    ) -> StoryDraft:
        """File the item under a matched story."""
        draft = self._touched.get(match.id)
        if draft is None:
            draft = self._load(match)
        base = draft.search_text
        draft.search_text = (base + "\n" + item.title)[:MAX_SEARCH_TEXT]
        published = as_utc(item.published)
        if published < draft.published:
            draft.published = published
        if item.weight > draft.summary_weight:
            draft.summary = item.summary
            draft.headline = item.title
            draft.summary_weight = item.weight
            draft.search_text = (_search_text(item.title, item.summary) + "\n" + base)[
                :MAX_SEARCH_TEXT
            ]
        draft.tags = merged
        draft.item_count += 1
        draft.titles.append(item.title)
        if draft.id is not None and (draft.latest is None or published > draft.latest):
            draft.latest = published
        self._file(draft, index_keys, published)
        self._add_item(item, draft)
        return draft

    def new_story(self, key: str, item: NewItem, index_keys: Iterable[str]) -> StoryDraft:
        """Open a story for its first item; its key is settled by `flush`."""
        draft = StoryDraft(
            id=None,
            seq=len(self._created) + 1,
            key=key[:180],  # the column holds 200; leave room for a "-N" suffix
            headline=item.title,
            summary=item.summary,
            tags=item.tags,
            published=as_utc(item.published),
            item_count=1,
            search_text=_search_text(item.title, item.summary),
            summary_weight=item.weight,
            titles=[item.title],
            keys={},
        )
        draft.announce = self.announce and (
            self.announce_since is None or draft.published >= self.announce_since
        )
        self._created.append(draft)
        self._touched[draft.candidate_id] = draft
        self._file(draft, index_keys, draft.published)
        self._add_item(item, draft)
        return draft

    def flush(self) -> list[int]:
        """Write everything; returns the ids of the new stories to announce, in order."""
        conn, now = self.conn, self.now
        self._settle_keys()
        if self._created:
            # One executemany (RETURNING would cost a statement per row on SQLite); the
            # keys are unique, so they give the ids back.
            conn.execute(
                insert(stories),
                [
                    {
                        **_story_values(d, now),
                        "key": d.key,
                        "first_seen": now,
                        "announce": d.announce,
                        "alerts_pending": d.announce,
                        "tenant": self.tenant,
                        "same_as": d.same_as,
                    }
                    for d in self._created
                ],
            )
            by_key = {d.key: d for d in self._created}
            for chunk in _chunks(list(by_key), 500):
                for story_id, key in conn.execute(
                    select(stories.c.id, stories.c.key).where(stories.c.key.in_(chunk))
                ):
                    by_key[key].id = story_id
            shadowed = [
                {"b_id": other, "b_global": d.id} for d in self._created for other in d.duplicates
            ]
            if shadowed:
                conn.execute(
                    update(stories)
                    .where(stories.c.id == bindparam("b_id"), stories.c.same_as.is_(None))
                    .values(same_as=bindparam("b_global")),
                    shadowed,
                )
        grown = [d for d in self._touched.values() if not d.seq]
        if grown:
            conn.execute(
                update(stories).where(stories.c.id == bindparam("b_id")),
                [{**_story_values(d, now), "b_id": d.id} for d in grown],
            )
            # Keep the time index moving with the story, so later items still find it.
            conn.execute(
                update(story_keys)
                .where(
                    story_keys.c.story_id == bindparam("b_id"),
                    story_keys.c.published < bindparam("b_latest"),
                )
                .values(published=bindparam("b_latest")),
                [{"b_id": d.id, "b_latest": d.latest} for d in grown],
            )
        new_keys = [
            {"story_id": d.id, "key": k, "published": t}
            for d in self._touched.values()
            for k, t in d.keys.items()
            if k not in d.stored_keys
        ]
        if new_keys:
            conn.execute(insert(story_keys), new_keys)
        if self._items:
            conn.execute(
                insert(items),
                [
                    {**_item_values(item, draft.id, now), "tenant": self.tenant}
                    for item, draft in self._items
                ],
            )
        if self.store.is_sqlite and self._touched:
            ordered = sorted(self._touched.values(), key=lambda d: d.id or 0)
            conn.execute(
                text("DELETE FROM stories_fts WHERE rowid = :id"), [{"id": d.id} for d in ordered]
            )
            conn.execute(
                text("INSERT INTO stories_fts (rowid, search_text) VALUES (:id, :t)"),
                [{"id": d.id, "t": d.search_text} for d in ordered],
            )
        return [d.id for d in self._created if d.id is not None and d.announce]

    # ------------------------------------------------------------------ helpers
    def _load(self, match: StoryCandidate) -> StoryDraft:
        """A stored story the batch grows: its state and its index keys."""
        rows = self.conn.execute(_STORY_STATE, {"b_id": match.id}).all()
        row = rows[0]
        keys = {r.index_key: as_utc(r.key_time) for r in rows if r.index_key is not None}
        draft = StoryDraft(
            id=match.id,
            seq=0,
            key=match.key,
            headline=row.headline,
            summary=row.summary,
            tags=match.tags,
            published=as_utc(row.published),
            item_count=row.item_count,
            search_text=row.search_text,
            summary_weight=row.summary_weight,
            titles=list(match.titles),
            keys=keys,
            stored_keys=frozenset(keys),
        )
        self._touched[match.id] = draft
        for key in keys:
            self._by_key.setdefault(key, []).append(draft)
        return draft

    def _file(self, draft: StoryDraft, index_keys: Iterable[str], published: datetime) -> None:
        """File index keys in memory: new keys at the item's time, then every key moved up."""
        for key in _index_keys(index_keys):
            if key not in draft.keys:
                draft.keys[key] = published
                self._by_key.setdefault(key, []).append(draft)
        for key, t in draft.keys.items():
            if t < published:
                draft.keys[key] = published

    def _add_item(self, item: NewItem, draft: StoryDraft) -> None:
        self._items.append((item, draft))
        self._by_link.setdefault(item.canonical_link, draft)

    def _settle_keys(self) -> None:
        """Unique keys for the new stories: a "-N" suffix where a key is taken."""
        if not self._created:
            return
        probe = 8
        asked = list(
            dict.fromkeys(
                k
                for d in self._created
                for k in (d.key, *(f"{d.key}-{n}" for n in range(2, 2 + probe)))
            )
        )
        taken: set[str] = set()
        for chunk in _chunks(asked, 500):
            taken.update(
                self.conn.execute(select(stories.c.key).where(stories.c.key.in_(chunk))).scalars()
            )
        checked = set(asked)

        def is_taken(key: str) -> bool:
            if key not in checked:
                checked.add(key)
                row = self.conn.execute(select(stories.c.id).where(stories.c.key == key)).first()
                if row is not None:
                    taken.add(key)
            return key in taken

        for draft in self._created:
            base, key, n = draft.key, draft.key, 1
            while is_taken(key):
                n += 1
                key = f"{base}-{n}"
            taken.add(key)
            draft.key = key


# A stored story as the batch reads it to grow it, one row per index key (with its time).
_STORY_STATE = (
    select(
        stories.c.headline,
        stories.c.summary,
        stories.c.published,
        stories.c.item_count,
        stories.c.search_text,
        stories.c.summary_weight,
        story_keys.c.key.label("index_key"),
        story_keys.c.published.label("key_time"),
    )
    .select_from(stories.outerjoin(story_keys, story_keys.c.story_id == stories.c.id))
    .where(stories.c.id == bindparam("b_id"))
)


def _story_values(draft: StoryDraft, now: datetime) -> dict[str, Any]:
    """The columns of a story that its items decide."""
    tags = draft.tags
    return {
        "headline": draft.headline,
        "summary": draft.summary,
        "tags": json.dumps(tags.to_json()),
        "kind": tags.kind.value,
        "ai_cause": tags.ai_cause,
        "company": tags.companies[0] if tags.companies else None,
        "company_key": _company_key(tags),
        "headcount": tags.headcount,
        "percent": tags.percent,
        "published": draft.published,
        "updated": now,
        "item_count": draft.item_count,
        "search_text": draft.search_text,
        "summary_weight": draft.summary_weight,
    }


def _item_values(item: NewItem, story_id: int | None, now: datetime) -> dict[str, Any]:
    return {
        "feed_id": item.feed_id,
        "guid": item.guid,
        "link": item.link,
        "canonical_link": item.canonical_link,
        "title": item.title,
        "publisher": item.publisher,
        "published": item.published,
        "summary": item.summary,
        "tags": json.dumps(item.tags.to_json()),
        "story_id": story_id,
        "fetched_at": now,
    }


MAX_KEY = 200  # story_keys.key holds 200 characters
MAX_SEARCH_TEXT = 20000


def _index_keys(keys: Iterable[str]) -> list[str]:
    """Keys as the index holds them: bounded to the column, once each, in order."""
    return list(dict.fromkeys(k[:MAX_KEY] for k in keys))


@lru_cache(maxsize=8192)
def _tags(raw: str) -> Tags:
    """A stored story's tags; Tags are immutable, so one parse serves every lookup."""
    return Tags.from_json(json.loads(raw))


_CANDIDATE_QUERIES: dict[tuple[int, int], Select[Any]] = {}


# How a scope's employer condition is passed: any story, one naming an employer, or none.
_EMPLOYER_MODE = {None: 0, True: 1, False: 2}


def _candidate_query(n_keys: int, n_kinds: int) -> Select[Any]:
    """The story_candidates statement for `n_keys` keys, built once per shape.

    Per key, a LIMIT on the (key, published) index walked away from the item's date in
    each direction, joined to stories for the scope's conditions; then the candidates'
    rows and their items' titles, by story id. Statements are reused so that SQLAlchemy
    neither rebuilds them nor recomputes their cache key on every item.
    """
    shape = (n_keys, n_kinds)
    scoped = n_kinds > 0  # no scope: no conditions on the stories
    query = _CANDIDATE_QUERIES.get(shape)
    if query is not None:
        return query
    published = story_keys.c.published
    mode = bindparam("employer", type_=Integer)
    any_workspace = bindparam("any_workspace", type_=Integer)
    conditions: list[Any] = [
        or_(
            and_(any_workspace == 0, stories.c.tenant == bindparam("tenant")),
            and_(any_workspace == 1, stories.c.tenant != ""),
        )
    ]
    if scoped:
        conditions += [
            # One parameter per kind, not an "expanding" IN: that would make SQLAlchemy
            # rewrite this long statement's SQL on every execution.
            stories.c.kind.in_([bindparam(f"kind{i}") for i in range(n_kinds)]),
            stories.c.published >= bindparam("story_since"),
            stories.c.published <= bindparam("story_until"),
            or_(
                mode == 0,
                and_(mode == 1, stories.c.company.is_not(None)),
                and_(mode == 2, stories.c.company.is_(None)),
            ),
        ]
    parts = []
    for i in range(n_keys):
        key = story_keys.c.key == bindparam(f"k{i}")
        if not scoped:
            parts.append(
                select(story_keys.c.story_id)
                .where(key, published >= bindparam("since"), published <= bindparam("until"))
                .order_by(published.desc())
                .limit(CANDIDATES_PER_KEY)
                .subquery()
            )
            continue
        sides = (
            (published >= bindparam("since"), published <= bindparam("near"), True),
            (published > bindparam("near"), published <= bindparam("until"), False),
        )
        for low, high, backwards in sides:
            # The index entries nearest the item's date (a bounded walk), then those of
            # them the scope admits: a scope that admits few stories must not turn the walk
            # into a scan of the whole period.
            nearest = (
                select(story_keys.c.story_id, published)
                .where(key, low, high)
                .order_by(published.desc() if backwards else published)
                .limit(KEY_ENTRIES_READ)
                .subquery()
            )
            parts.append(
                select(nearest.c.story_id)
                .join(stories, stories.c.id == nearest.c.story_id)
                .where(*conditions)
                .order_by(nearest.c.published.desc() if backwards else nearest.c.published)
                .limit(CANDIDATES_PER_KEY)
                .subquery()
            )
    ids = union_all(*(select(part.c.story_id) for part in parts))
    query = (
        select(
            stories.c.id,
            stories.c.key,
            stories.c.headline,
            stories.c.tags,
            stories.c.published,
            items.c.title,
        )
        .select_from(stories.outerjoin(items, items.c.story_id == stories.c.id))
        .where(stories.c.id.in_(ids), conditions[0])  # the tenant, also when unscoped
        .order_by(stories.c.id)  # the order of a story's titles does not matter
    )
    _CANDIDATE_QUERIES[shape] = query
    return query
