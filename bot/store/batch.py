"""`IngestBatch`: the one way stories and items are written, one transaction per batch.

The pipeline plans each item with bot.stories (candidates in, a decision out) and the
batch applies the decision (`add_to_story` / `new_story`); `flush` writes it all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, insert, select, text, update

from bot.models import Kind, Tags
from bot.store.bulk import execute_many
from bot.store.candidates import _published as stored_time
from bot.store.candidates import bounded_keys, driver_statement
from bot.store.grown import SETTLED, held_stories, story_values, update_groups
from bot.store.headline import Best, show_item, stored_best
from bot.store.prefetch import MIN_ITEMS, CandidatePrefetch, can_prefetch
from bot.store.promote import announce_grown_silent_stories
from bot.store.rows import NewItem, _chunks, _search_text, item_values, searchable
from bot.store.tables import items, stories, story_keys
from bot.stories import SOURCE_KEY, CandidateScope, StoryCandidate
from bot.story_openings import opening, their_openings
from bot.story_tags import (
    Vote,
    earliest,
    grown_tags,
    load_tally,
    story_tags,
    vote,
    with_vote,
)
from bot.timeutil import as_utc

if TYPE_CHECKING:
    from bot.store.ingest import IngestMixin

log = logging.getLogger(__name__)

MAX_SEARCH_TEXT = 20000


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
    summaries: list[str]  # its items' summaries, beside `titles`
    openings: list[str]  # and their openings (bot.story_openings)
    keys: dict[str, datetime]
    votes: list[Vote]  # one per item: what `tags` is decided from (bot.story_tags)
    tally: str | None = None  # a stored story's votes as stored (replaced at the flush)
    votes_changed: bool = True  # has the batch changed `votes` since `tally` was read?
    stored_text: str | None = None  # a stored story's search text as stored (and indexed)
    silent: bool = False  # a stored story filed silently, never announced (promote.py)
    stored_keys: frozenset[str] = frozenset()
    # A stored story's columns of grown.SETTLED as stored (driver values): the flush
    # writes again only those that changed (bot/store/grown.py).
    settled: tuple[Any, ...] = ()
    latest: datetime | None = None  # the newest item this batch added to a stored story
    announce: bool = False  # a new story: may it be announced (alerts, digests)?
    same_as: int | None = None  # a new workspace story: the global story of its event
    duplicates: list[int] = field(default_factory=list)  # a new global story: those stories
    # Its best item of each kind (bot/store/headline.py), and that as stored (None: changed).
    best: dict[Kind, Best] = field(default_factory=dict)
    best_text: str | None = None
    # Its candidate as it now stands, built at most once per growth (`candidate`).
    as_candidate: StoryCandidate | None = field(default=None, repr=False)

    @property
    def candidate_id(self) -> int:
        """Its id among candidates: a new story's is negative (its creation order)."""
        if self.seq:
            return -self.seq
        assert self.id is not None
        return self.id

    def candidate(self) -> StoryCandidate:
        """The story as the batch's next items meet it, kept until it `changed`: building
        one walks all its index keys, by the hundred for a busy story in a burst (#14)."""
        if self.as_candidate is None:
            self.as_candidate = self._build_candidate()
        return self.as_candidate

    def changed(self) -> None:
        self.as_candidate = None

    def _build_candidate(self) -> StoryCandidate:
        return StoryCandidate(
            id=self.candidate_id,
            key=self.key,
            headline=self.headline,
            tags=self.tags,
            published=self.published,
            titles=tuple(self.titles),
            summaries=tuple(self.summaries),
            openings=tuple(self.openings),
            sources=frozenset(k[len(SOURCE_KEY) :] for k in self.keys if k.startswith(SOURCE_KEY)),
            latest=max(self.keys.values(), default=None),
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
    _ahead: CandidatePrefetch | None = None
    # Stored stories grown with fresh news: their ids, the feeds that brought it and the
    # newest such item's publication time per feed (promote.py).
    _fresh_growth: dict[int, dict[int | None, datetime]] = field(default_factory=dict)
    _written: list[tuple[StoryDraft, dict[str, Any]]] = field(default_factory=list)

    def read_ahead(
        self, requests: Sequence[tuple[Sequence[str], datetime, datetime, CandidateScope]]
    ) -> None:
        """The stored candidates of the items to come (`candidates`' arguments, in filing
        order), read in a thread on a second connection while the batch files the first
        ones (bot/store/prefetch.py). Ended by `flush` or `end_read_ahead`."""
        if len(requests) < MIN_ITEMS or self._ahead is not None:
            return
        if not can_prefetch(self.conn.engine.url):
            return
        asked = [
            (tuple(bounded_keys(k)), since, until, scope) for k, since, until, scope in requests
        ]
        try:
            self._ahead = CandidatePrefetch(self.conn.engine, asked, self.tenant)
        except Exception as exc:  # no connection to spare: the batch reads for itself
            log.warning("event=candidate_prefetch_unavailable error=%r", exc)

    def end_read_ahead(self) -> None:
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead.close()

    def candidates(
        self, keys: Sequence[str], since: datetime, until: datetime, scope: CandidateScope
    ) -> list[StoryCandidate]:
        """`story_candidates` with the batch's own stories as they now stand."""
        keys = bounded_keys(keys)
        stored = self._ahead.take((tuple(keys), since, until, scope)) if self._ahead else None
        if stored is None:
            stored = self.store.story_candidates(
                self.conn, keys, since, until, scope, tenant=self.tenant
            )
        # A stale copy of a story the batch changed is left out.
        found = [c for c in stored if c.id not in self._touched]
        seen: set[int] = set()
        for i, key in enumerate(keys):
            for draft in self._by_key.get(key, ()):
                cid = draft.candidate_id
                if cid in seen:
                    continue
                seen.add(cid)
                # Met first under this key, so filed under none before it: its time here,
                # then under the keys after it (not every key of the item, #14).
                if scope.admits(draft.tags, draft.published) and (
                    since <= draft.keys[key] <= until
                    or any(
                        since <= t <= until
                        for k in keys[i + 1 :]
                        if (t := draft.keys.get(k)) is not None
                    )
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
        keys = bounded_keys(keys)
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
        self, match: StoryCandidate, item: NewItem, merged: Tags | None, index_keys: Iterable[str]
    ) -> StoryDraft:
        """File the item under a matched story. Its tags are decided from all its items'
        (`merged` None: bot.story_tags), whatever their order; tests may impose them."""
        draft = self._touched.get(match.id)
        if draft is None:
            draft = self._load(match)
        draft.changed()
        before = tuple(draft.votes)
        new = _vote(item)
        changed = with_vote(draft.votes, new)
        draft.votes_changed = draft.votes_changed or changed
        base = draft.search_text
        draft.search_text = (base + "\n" + searchable(item.title))[:MAX_SEARCH_TEXT]
        published = as_utc(item.published)
        if published < draft.published:
            draft.published = published
        if merged is not None:
            draft.tags = merged
        elif changed:  # decided from the tally of `before`, one vote more (or less)
            draft.tags = grown_tags(before, draft.votes)
        if show_item(draft, item, new.published):  # the best of its kind (headline.py)
            draft.search_text = (_search_text(item.title, item.summary) + "\n" + base)[
                :MAX_SEARCH_TEXT
            ]
        draft.item_count += 1
        draft.titles.append(item.title)
        draft.summaries.append(item.summary)
        draft.openings.append(item.opening or opening(item.summary))
        if draft.id is not None and (draft.latest is None or published > draft.latest):
            draft.latest = published
        # Only a silent story can be announced by its growth: the others need no lookup.
        if draft.id is not None and draft.silent and self.announce and self._fresh(published):
            feeds = self._fresh_growth.setdefault(draft.id, {})
            feeds[item.feed_id] = max(published, feeds.get(item.feed_id, published))
        self._file(draft, index_keys, published)
        self._add_item(item, draft)
        return draft

    def new_story(self, key: str, item: NewItem, index_keys: Iterable[str]) -> StoryDraft:
        """Open a story for its first item; its key is settled by `flush`."""
        votes = [_vote(item)]
        draft = StoryDraft(
            id=None,
            seq=len(self._created) + 1,
            key=key[:180],  # the column holds 200; leave room for a "-N" suffix
            headline=item.title,
            summary=item.summary,
            tags=story_tags(votes),
            published=as_utc(item.published),
            item_count=1,
            search_text=_search_text(item.title, item.summary),
            summary_weight=item.weight,
            titles=[item.title],
            summaries=[item.summary],
            openings=[item.opening or opening(item.summary)],
            keys={},
            votes=votes,
            best={item.tags.kind: (item.weight, votes[0].published, item.title, item.summary)},
        )
        draft.announce = self.announce and self._fresh(draft.published)
        self._created.append(draft)
        self._touched[draft.candidate_id] = draft
        self._file(draft, index_keys, draft.published)
        self._add_item(item, draft)
        return draft

    def flush(self) -> list[int]:
        """Write everything; returns the ids of the stories to announce, in order: the new
        ones, then stored ones filed silently that fresh news announces now (promote.py)."""
        self.end_read_ahead()
        self._settle_keys()
        self._insert_created()
        self._update_grown()
        new_keys = [
            {"story_id": d.id, "key": k, "published": t}
            for d in self._touched.values()
            for k, t in d.keys.items()
            if k not in d.stored_keys
        ]
        execute_many(self.conn, _INSERT_KEYS, new_keys)
        # Before this batch's items are stored: which feeds the stories had (promote.py).
        grown = announce_grown_silent_stories(
            self.conn, self._fresh_growth, now=self.now, since=self.announce_since
        )
        execute_many(
            self.conn,
            _INSERT_ITEMS,
            [
                {**item_values(item, draft.id, self.now), "tenant": self.tenant}
                for item, draft in self._items
            ],
        )
        if self.store.is_sqlite and self._touched:
            # A grown story's text indexed again only if it changed: once it reaches
            # MAX_SEARCH_TEXT a later title is cut off (a busy story in a burst, #14), and
            # the index of the same text is the same index. One REPLACE per story, not a
            # DELETE then an INSERT: the same index, ~17% less of its CPU (#14).
            ordered = sorted(
                (d for d in self._touched.values() if d.search_text != d.stored_text),
                key=lambda d: d.id or 0,
            )
            execute_many(
                self.conn, _REPLACE_FTS, [{"id": d.id, "t": d.search_text} for d in ordered]
            )
        # This process's copy of what it wrote, for the next batch (held.py), once committed.
        held = held_stories(self.conn.dialect, self._written)
        self.store.after_commit(lambda: self.store.held.put(held))
        return [d.id for d in self._created if d.id is not None and d.announce] + grown

    def _fresh(self, published: datetime) -> bool:
        """News recent enough to announce (not old news found today)."""
        return self.announce_since is None or published >= self.announce_since

    def _insert_created(self) -> None:
        """The new stories, their ids read back, and the stories they are the same event as."""
        if not self._created:
            return
        conn, now = self.conn, self.now
        # One executemany (RETURNING would cost a statement per row on SQLite); the keys
        # are unique, so they give the ids back.
        self._written.extend((d, story_values(d, now)) for d in self._created)
        execute_many(
            conn,
            _INSERT_STORIES,
            [
                {
                    **values,
                    "key": d.key,
                    "first_seen": now,
                    "announce": d.announce,
                    "alerts_pending": d.announce,
                    "tenant": self.tenant,
                    "same_as": d.same_as,
                }
                for d, values in self._written
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
        execute_many(conn, _SHADOW_STORIES, shadowed)

    def _update_grown(self) -> None:
        """Stored stories the batch grew: their columns, and their index keys' time."""
        grown = [d for d in self._touched.values() if not d.seq]
        if not grown:
            return
        written = [(d, story_values(d, self.now)) for d in grown]
        self._written.extend(written)
        rows = [({**values, "b_id": d.id}, d.settled) for d, values in written]
        for group in update_groups(self.conn.dialect, rows):
            execute_many(self.conn, _UPDATE_STORIES, group)
        # Keep the time index moving with the story, so later items still find it.
        execute_many(self.conn, _MOVE_KEYS, [{"b_id": d.id, "b_latest": d.latest} for d in grown])

    # ------------------------------------------------------------------ helpers
    def _load(self, match: StoryCandidate) -> StoryDraft:
        """A stored story the batch grows: its state and its index keys."""
        # Once per stored story a batch grows: compiled once, like the candidate query.
        # The row, then its index keys: joined, the row (its search text up to
        # MAX_SEARCH_TEXT) came once per key.
        state = driver_statement(self.conn.dialect, "story_state", lambda: _STORY_STATE)
        held = self.store.held.find(match)  # as this process wrote it last (held.py)?
        if held is not None:
            row, keys = held
        else:
            (row,) = state.run(self.conn, {"b_id": match.id})
            index = driver_statement(self.conn.dialect, "story_index", lambda: _STORY_INDEX)
            # The keys' stored times, parsed once per stored value (a story's keys share few).
            keys = {
                k: stored_time(index.time, t) for k, t in index.run(self.conn, {"b_id": match.id})
            }
        headline, summary, published, item_count, search_text, summary_weight, tally, loud = row[:8]
        published, best = as_utc(state.time(published)), row[8]
        draft = StoryDraft(
            id=match.id,
            seq=0,
            key=match.key,
            headline=headline,
            summary=summary,
            tags=match.tags,
            published=published,
            item_count=item_count,
            search_text=search_text,
            summary_weight=summary_weight,
            titles=list(match.titles),
            summaries=list(match.summaries),
            openings=list(their_openings(match.titles, match.summaries, match.openings)),
            keys=keys,
            votes=load_tally(tally) if tally is not None else self._stored_votes(match.id),
            tally=tally,
            votes_changed=tally is None,
            stored_text=search_text,
            silent=not loud,
            stored_keys=frozenset(keys),
            settled=(headline, summary, summary_weight, best, row[2], *row[9:]),
            best=stored_best(best, match.tags.kind, (summary_weight, published, headline, summary)),
            best_text=best,
        )
        self._touched[match.id] = draft
        for key in keys:
            self._by_key.setdefault(key, []).append(draft)
        return draft

    def _stored_votes(self, story_id: int) -> list[Vote]:
        """A story stored before tallies were kept (migration 0009): its items' votes."""
        return earliest(
            vote(
                Tags.from_json(json.loads(tags)),
                title=title,
                summary=summary,
                publisher=publisher,
                link=link,
                published=as_utc(published),
            )
            for tags, title, summary, publisher, link, published in self.conn.execute(
                _STORY_ITEMS, {"b_id": story_id}
            )
        )

    def _file(self, draft: StoryDraft, index_keys: Iterable[str], published: datetime) -> None:
        """File index keys in memory: new keys at the item's time, then every key moved up."""
        for key in bounded_keys(index_keys):
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
            draft.changed()


# The flush's statements, built once: every batch runs each at most once, as an
# executemany over its rows, and a statement object reused is neither rebuilt nor has
# its cache key recomputed from scratch (#14).
_INSERT_STORIES = insert(stories)
_INSERT_KEYS = insert(story_keys)
_INSERT_ITEMS = insert(items)
# A story's row of the index, written again whole (FTS5 cannot append to a document):
# a rowid already there is deleted first, as DELETE then INSERT would.
_REPLACE_FTS = text("INSERT OR REPLACE INTO stories_fts (rowid, search_text) VALUES (:id, :t)")
_SHADOW_STORIES = (
    update(stories)
    .where(stories.c.id == bindparam("b_id"), stories.c.same_as.is_(None))
    .values(same_as=bindparam("b_global"))
)
_UPDATE_STORIES = update(stories).where(stories.c.id == bindparam("b_id"))
_MOVE_KEYS = (
    update(story_keys)
    .where(
        story_keys.c.story_id == bindparam("b_id"),
        story_keys.c.published < bindparam("b_latest"),
    )
    .values(published=bindparam("b_latest"))
)

# A stored story as the batch reads it to grow it, and its index keys with their time.
_STORY_STATE = select(
    stories.c.headline,
    stories.c.summary,
    stories.c.published,
    stories.c.item_count,
    stories.c.search_text,
    stories.c.summary_weight,
    stories.c.tally,
    stories.c.announce,
    stories.c.best,
    *(stories.c[c] for c in SETTLED[5:]),  # then the tags and what they decide
).where(stories.c.id == bindparam("b_id"))
_STORY_ITEMS = select(
    items.c.tags,
    items.c.title,
    items.c.summary,
    items.c.publisher,
    items.c.link,
    items.c.published,
).where(items.c.story_id == bindparam("b_id"))
_STORY_INDEX = select(story_keys.c.key, story_keys.c.published).where(
    story_keys.c.story_id == bindparam("b_id")
)


def _vote(item: NewItem) -> Vote:
    if item.vote is not None:  # made beside its judgement (bot.filing)
        return item.vote
    return vote(
        item.tags,
        title=item.title,
        summary=item.summary,
        publisher=item.publisher,
        link=item.link,
        published=as_utc(item.published),
    )
