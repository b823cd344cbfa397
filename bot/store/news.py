"""Feeds, items and stories: what the pipeline writes and the commands read."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    union_all,
    update,
)

from bot.models import Feed, Item, Kind, Story, StoryLink, Tags
from bot.store.base import StoreBase
from bot.store.tables import feeds, items, meta, stories, story_keys
from bot.stories import (
    CANDIDATES_PER_KEY,
    KEY_ENTRIES_READ,
    CandidateScope,
    StoryCandidate,
)
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
        failing_since=_opt_dt(row.failing_since),
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


# A feed enabled again (by `feeds enable`, or added again): its failures forgotten and
# due at the next poll cycle.
_ENABLED_AND_DUE: dict[str, Any] = dict(
    disabled=False,
    disabled_reason=None,
    error_count=0,
    last_error=None,
    failing_since=None,
    error_reported=False,
    next_poll=None,
)

_FTS_WORD = re.compile(r"\w+", re.UNICODE)


class NewsMixin(StoreBase):
    """Feeds, items and stories."""

    # ------------------------------------------------------------------ meta
    def seed_default_feeds(self, sources: Sequence[tuple[str, str]]) -> int:
        """Add the operator's default feeds (url, name) to a database that has no feed yet;
        they announce from their first poll. Called once per database, when its default
        feeds are decided (`claim_once`): a database made without them never gets them
        from a later command. Returns how many were added."""
        if not sources or self.list_feeds():
            return 0
        for url, name in sources:
            self.add_feed(url, name)
            self.mark_primed(url)
        return len(sources)

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
                        update(feeds).where(feeds.c.id == row.id).values(**_ENABLED_AND_DUE)
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

    def enable_feed(self, url: str, workspace: str = "") -> tuple[Feed, bool] | None:
        """Re-enable a disabled feed of a workspace's list ("" is the global list): its
        errors forgotten, due at once. Returns (feed, was_disabled), or None if the list
        has no such feed."""
        with self.tx() as conn:
            row = conn.execute(
                select(feeds).where(feeds.c.url == url, feeds.c.workspace == workspace)
            ).first()
            if row is None:
                return None
            if not row.disabled:
                return feed_from_row(row), False
            conn.execute(update(feeds).where(feeds.c.id == row.id).values(**_ENABLED_AND_DUE))
            row = conn.execute(select(feeds).where(feeds.c.id == row.id)).one()
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

    def feed_tenant(self, conn: Connection, feed_id: int | None) -> str:
        """The tenant of a feed's items: '' for the operator's, its workspace otherwise."""
        if feed_id is None:
            return ""
        found = conn.execute(select(feeds.c.workspace).where(feeds.c.id == feed_id)).scalar()
        return str(found or "")

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
        fingerprint: tuple[int, bytes | None] | None = None,
    ) -> Feed | None:
        """Record the outcome of polling `url` (on every workspace's copy of it).

        `fingerprint` (feed id, digests or None) sets what the poller remembers of the
        copy it polled (see `item_fingerprints`); a failure forgets it on every copy.
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
                    failing_since=None,
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
                    failing_since=func.coalesce(feeds.c.failing_since, now),
                )
                values.update(item_fingerprint=None)
                if disable_reason:
                    values.update(disabled=True, disabled_reason=disable_reason)
            conn.execute(update(feeds).where(feeds.c.url == url).values(**values))
            if ok and fingerprint is not None:
                feed_id, digests = fingerprint
                conn.execute(
                    update(feeds).where(feeds.c.id == feed_id).values(item_fingerprint=digests)
                )
            row = conn.execute(
                select(feeds).where(feeds.c.url == url).order_by(feeds.c.workspace)
            ).first()
            return feed_from_row(row) if row else None

    def item_fingerprints(self, feed_ids: Sequence[int]) -> dict[int, bytes]:
        """What the poller stored of each feed's last complete poll (feeds.incremental
        digests of items that are all in the store), for a restarted poller."""
        out: dict[int, bytes] = {}
        with self.tx() as conn:
            for start in range(0, len(feed_ids), 500):
                query = select(feeds.c.id, feeds.c.item_fingerprint).where(
                    feeds.c.id.in_(feed_ids[start : start + 500]),
                    feeds.c.item_fingerprint.is_not(None),
                )
                out.update((row.id, bytes(row.item_fingerprint)) for row in conn.execute(query))
        return out

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

    def stories_by_id(self, conn: Connection, story_ids: Sequence[int]) -> list[Story]:
        """These stories, in the order given (those that exist)."""
        found: dict[int, Story] = {}
        for chunk in _chunks(list(story_ids), 500):
            for story in self._stories(conn, select(stories).where(stories.c.id.in_(chunk))):
                found[story.id] = story
        return [found[i] for i in story_ids if i in found]

    # --------------------------------------------------------------- queries
    def get_story(self, story_id: int, *, tenant: str | None = None) -> Story | None:
        """The story, if it exists (and, with `tenant`, that tenant may see it)."""
        with self.tx() as conn:
            query = select(stories).where(stories.c.id == story_id)
            if tenant is not None:
                query = query.where(stories.c.tenant.in_(["", tenant]))
            found = self._stories(conn, query)
            return found[0] if found else None

    def story_items(self, story_id: int) -> list[Item]:
        with self.tx() as conn:
            rows = conn.execute(
                select(items).where(items.c.story_id == story_id).order_by(items.c.published)
            )
            return [item_from_row(r) for r in rows]

    def item_by_link(self, link: str, *, tenant: str = "") -> Item | None:
        """The item stored under this link that `tenant` may see: its own first."""
        from bot.links import canonical_link

        with self.tx() as conn:
            row = conn.execute(
                select(items)
                .where(
                    or_(items.c.link == link, items.c.canonical_link == canonical_link(link)),
                    items.c.tenant.in_(["", tenant]),
                )
                .order_by((items.c.tenant == "").asc(), items.c.id)
                .limit(1)
            ).first()
            return item_from_row(row) if row else None

    def known_companies(self, *, tenant: str = "") -> list[str]:
        """Every lead company of the tenant's own stories ('' the operator's), sorted. For
        the operator's a scan of the table: callers that ask often keep the answer and
        follow it with `stories_mark` and `companies_since`."""
        with self.tx() as conn:
            return sorted(
                c
                for c in conn.execute(
                    select(stories.c.company)
                    .where(stories.c.company.is_not(None), stories.c.tenant == tenant)
                    .distinct()
                ).scalars()
                if c
            )

    def stories_mark(self) -> StoriesMark:
        """The newest story id and the latest `updated`: two index probes."""
        with self.tx() as conn:
            row = conn.execute(
                select(
                    select(func.max(stories.c.id)).scalar_subquery(),
                    select(func.max(stories.c.updated)).scalar_subquery(),
                )
            ).one()
        return StoriesMark(int(row[0] or 0), _opt_dt(row[1]))

    def companies_since(self, mark: StoriesMark, margin: timedelta) -> tuple[set[str], StoriesMark]:
        """Lead companies of the stories stored after `mark` or updated since `mark` less
        `margin` (transactions commit out of order), and the mark to ask from next time.

        Stories are never deleted and a story keeps its lead company once it has one, so
        the known companies only grow: these are all a cached list can be missing.
        """
        changed = stories.c.id > mark.max_id
        if mark.max_updated is not None:
            changed = or_(changed, stories.c.updated >= mark.max_updated - margin)
        with self.tx() as conn:
            rows = conn.execute(
                select(
                    stories.c.company,
                    func.max(stories.c.id),
                    func.max(stories.c.updated),
                    func.min(stories.c.tenant),
                )
                .where(changed)
                .group_by(stories.c.company)
            ).all()
        names = {r[0] for r in rows if r[0] and r[3] == ""}  # the operator's stories only
        max_id = max([mark.max_id, *(int(r[1]) for r in rows)])
        updated = [as_utc(r[2]) for r in rows if r[2] is not None]
        if mark.max_updated is not None:
            updated.append(mark.max_updated)
        return names, StoriesMark(max_id, max(updated) if updated else None)

    def companies_in_id_range(self, after_id: int, up_to_id: int) -> set[str]:
        """Lead companies of the operator's stories with `after_id < id <= up_to_id`: one
        slice of the company index's rolling rescan, a primary-key range."""
        with self.tx() as conn:
            return {
                c
                for c in conn.execute(
                    select(stories.c.company)
                    .where(
                        stories.c.id > after_id,
                        stories.c.id <= up_to_id,
                        stories.c.company.is_not(None),
                        stories.c.tenant == "",
                    )
                    .distinct()
                ).scalars()
                if c
            }

    def company_totals(
        self, company_key: str, newest: int = 0, *, tenant: str = ""
    ) -> CompanyTotals:
        """What `/layoffs <company>` sums up over all of a company's stories (those it
        leads and those it is part of), with the `newest` stories whole.

        The stories it leads come from ix_stories_company alone; only the few it is
        merely filed under (story_keys) are read from the table.
        """
        c = stories.c
        columns = (c.id, c.published, c.kind, c.ai_cause, c.headcount, c.functions)
        leads = select(c.id).where(c.company_key == company_key)
        filed = select(story_keys.c.story_id).where(story_keys.c.key == f"co:{company_key}")
        with self.tx() as conn:
            visible = self._visible(conn, tenant)
            both = (
                select(*columns)
                .where(c.company_key == company_key, visible)
                .union_all(select(*columns).where(c.id.in_(filed.except_(leads)), visible))
                .subquery()
            )
            rows = conn.execute(
                select(both).order_by(both.c.published.desc(), both.c.id.desc())
            ).all()
            # Job actions first (newest first), then commentary and the rest.
            ranked = sorted(rows, key=lambda r: r[2] not in ACTION_KINDS)
            ids = [r[0] for r in ranked[:newest]]
            found = (
                {s.id: s for s in self._stories(conn, select(stories).where(c.id.in_(ids)))}
                if ids
                else {}
            )
            shown = [found[i] for i in ids if i in found]
        actions = ai_actions = jobs = 0
        functions: Counter[str] = Counter()
        for _id, _published, kind, ai_cause, headcount, fns in rows:
            if kind in ACTION_KINDS:
                actions += 1
                ai_actions += bool(ai_cause)
                jobs += headcount or 0
                functions.update(_json_list(fns))
        return CompanyTotals(len(rows), actions, ai_actions, jobs, functions, tuple(shown))

    def trend_totals(self, start: datetime, end: datetime, *, tenant: str = "") -> TrendTotals:
        """`/layoffs trends` over [start, end): job actions per UTC day, the AI-attributed
        ones per company and per function. Three GROUP BY queries, each answered from
        ix_stories_trends alone (no story row is read)."""
        c = stories.c
        ai = c.ai_cause == True  # noqa: E712
        where: tuple[ColumnElement[bool], ...] = (
            c.kind.in_(ACTION_KINDS),
            c.published >= start,
            c.published < end,
        )
        if self.is_sqlite:  # SQLite keeps UTC timestamps as text: the day is its start
            day: Any = func.substr(c.published, 1, 10)
        else:
            day = func.date(func.timezone("UTC", c.published))
        ai_jobs = case((ai, func.coalesce(c.headcount, 0)), else_=0)
        # Only to order by: SQLite's text as it is (parsing a datetime per group costs).
        first = func.min(c.published, type_=String) if self.is_sqlite else func.min(c.published)
        with self.tx() as conn:
            where = (*where, self._visible(conn, tenant))
            days = conn.execute(
                select(day, func.count(), func.sum(case((ai, 1), else_=0)), func.sum(ai_jobs))
                # Every ai_cause, named: the index's published range is then usable.
                .where(*where, c.ai_cause.in_([False, True]))
                .group_by(day)
            ).all()
            companies = conn.execute(
                select(
                    c.company_label,
                    func.count(),
                    func.sum(func.coalesce(c.headcount, 0)),
                    first,
                )
                .where(*where, ai)
                .group_by(c.company_label)
            ).all()
            function_sets = conn.execute(
                select(c.functions, func.count(), first).where(*where, ai).group_by(c.functions)
            ).all()
        # First appearance order, as if the stories had been counted oldest first.
        functions: Counter[str] = Counter()
        for fns, n, _first in sorted(function_sets, key=lambda r: r[2]):
            for f in _json_list(fns):
                functions[f] += int(n)
        return TrendTotals(
            days=[
                TrendDay(
                    day=d if isinstance(d, date) else date.fromisoformat(str(d)),
                    actions=int(n),
                    ai_actions=int(n_ai or 0),
                    ai_jobs=int(j or 0),
                )
                for d, n, n_ai, j in days
            ],
            companies=[
                (name, int(n), int(j or 0))
                for name, n, j, _first in sorted(companies, key=lambda r: r[3])
            ],
            functions=functions,
        )

    def stories_for_company(
        self, company_key: str, limit: int | None = 10, *, tenant: str = ""
    ) -> list[Story]:
        """A company's stories the tenant may see, newest first: those it leads and those
        it is part of."""
        with self.tx() as conn:
            query = (
                select(stories)
                .where(
                    stories.c.id.in_(_company_story_ids(company_key)),
                    self._visible(conn, tenant),
                )
                .order_by(stories.c.published.desc(), stories.c.id.desc())
            )
            if limit is not None:
                query = query.limit(limit)
            return self._stories(conn, query)

    def latest_stories(
        self,
        limit: int,
        *,
        digest_only: bool = False,
        kinds: Iterable[Kind] | None = None,
        tenant: str = "",
    ) -> list[Story]:
        """The newest stories the tenant may see, of these `kinds` only when given."""
        query = select(stories).order_by(stories.c.published.desc(), stories.c.id.desc())
        if kinds is not None:
            query = query.where(stories.c.kind.in_([k.value for k in kinds]))
        if digest_only:
            query = query.where(
                stories.c.kind.in_([Kind.LAYOFF.value, Kind.HIRING_FREEZE.value]),
                stories.c.ai_cause == True,  # noqa: E712
            )
        with self.tx() as conn:
            return self._stories(conn, query.where(self._visible(conn, tenant)).limit(limit))

    def search_stories(self, query: str, limit: int = 10, *, tenant: str = "") -> list[Story]:
        """The newest stories the tenant may see whose headline, titles or summary hold
        every word of `query` (stemmed); any user text is safe."""
        words = _FTS_WORD.findall(query.lower())[:12]
        if not words:
            return []
        with self.tx() as conn:
            if self.is_sqlite:
                match = " ".join('"' + w.replace('"', "") + '"' for w in words)
                ids = _fts_newest(conn, match, limit, tenant)
                if not ids:
                    return []
                found = {
                    s.id: s
                    for s in self._stories(conn, select(stories).where(stories.c.id.in_(ids)))
                }
                return [found[i] for i in ids if i in found]
            # The planner picks: walk ix_stories_published backwards testing each story
            # (common words), or the GIN index's matches then sort (rare ones).
            tsq = func.plainto_tsquery("english", " ".join(words))
            vec = func.to_tsvector("english", stories.c.search_text)
            return self._stories(
                conn,
                select(stories)
                .where(vec.op("@@")(tsq), self._visible(conn, tenant))
                .order_by(stories.c.published.desc(), stories.c.id.desc())
                .limit(limit),
            )

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
        self,
        start: datetime | None,
        end: datetime,
        *,
        announce_only: bool = True,
        tenant: str = "",
    ) -> list[Story]:
        """Stories first seen in [start, end) that the tenant may see (digests)."""
        conditions = [stories.c.first_seen < end]
        if start is not None:
            conditions.append(stories.c.first_seen >= start)
        if announce_only:
            conditions.append(stories.c.announce == True)  # noqa: E712
        with self.tx() as conn:
            conditions.append(self._visible(conn, tenant))
            return self._stories(
                conn, select(stories).where(and_(*conditions)).order_by(stories.c.first_seen)
            )

    def tenants_with_same_event(self, story_id: int) -> set[str]:
        """The workspaces with a story of their own about the event this operator's story
        covers (stories.same_as)."""
        with self.tx() as conn:
            return set(
                conn.execute(
                    select(stories.c.tenant).where(stories.c.same_as == story_id)
                ).scalars()
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

    def has_items(self) -> bool:
        """Whether any news is stored (cheap at any size, unlike counting)."""
        with self.tx() as conn:
            return conn.execute(select(items.c.id).limit(1)).first() is not None

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
                tenant=r.tenant,
                same_as=r.same_as,
            )
            for r in rows
        ]

    def _visible(self, conn: Connection, tenant: str) -> ColumnElement[bool]:
        """The stories `tenant` may see, as a condition: the operator's, and its own
        instead of the operator's stories about the same events ('' sees the operator's
        only). One condition in the caller's statement (the shadowed ids are an
        uncorrelated subquery the database runs once), answerable from the covering
        indexes."""
        # `tenant || ''`, not `tenant`: a condition the planners cannot answer from
        # ix_stories_tenant, which would otherwise win over the covering indexes of
        # trends and company lookups (and read every row of the period).
        column = stories.c.tenant.concat("")
        if not tenant:
            return column == ""
        shadowed = select(_OWN.c.same_as).where(
            _OWN.c.tenant == tenant, _OWN.c.same_as.is_not(None)
        )
        return and_(column.in_(["", tenant]), stories.c.id.not_in(shadowed))


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

    store: NewsMixin
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


ACTION_KINDS = (Kind.LAYOFF.value, Kind.HIRING_FREEZE.value)

# A tenant's own stories, beside the stories a read path selects (`_visible`): made once,
# as SQLAlchemy builds an alias's columns anew each time one is made.
_OWN = stories.alias("own")

# `_visible` for the raw SQL of the FTS5 search, with the tenant as a bound parameter.
_FTS_VISIBLE = {
    True: "(stories.tenant || '') = ''",
    False: "(stories.tenant || '') IN ('', :tenant) AND stories.id NOT IN "
    "(SELECT own.same_as FROM stories AS own "
    "WHERE own.tenant = :tenant AND own.same_as IS NOT NULL)",
}

# Up to this many matches, a search looks each matching story up and sorts them; beyond
# it, it walks the stories newest first until enough of them match.
_FTS_FEW = 1000
# Beyond this many matches, testing each story as it is walked beats listing all matches.
_FTS_MANY = 50_000


def _fts_newest(conn: Connection, match: str, limit: int, tenant: str) -> list[int]:
    """Ids of the `limit` newest stories (published, then id) matching an FTS5 query.

    FTS5 does not know when stories were published, so this picks a plan by how many
    stories match (counted up to _FTS_MANY, which costs well under a millisecond per
    10,000): each costs about the same few milliseconds at 100k or 1M stories.
    """
    n = conn.execute(
        text(
            "SELECT count(*) FROM (SELECT 1 FROM stories_fts WHERE stories_fts MATCH :q LIMIT :cap)"
        ),
        {"q": match, "cap": _FTS_MANY},
    ).scalar_one()
    if not n:
        return []
    if n <= _FTS_FEW:
        sql = (
            "SELECT id FROM stories NOT INDEXED WHERE id IN "
            "(SELECT rowid FROM stories_fts WHERE stories_fts MATCH :q)"
        )
    elif n < _FTS_MANY:
        sql = (
            "SELECT id FROM stories INDEXED BY ix_stories_published WHERE id IN "
            "(SELECT rowid FROM stories_fts WHERE stories_fts MATCH :q)"
        )
    else:
        sql = (
            "SELECT id FROM stories INDEXED BY ix_stories_published WHERE EXISTS "
            "(SELECT 1 FROM stories_fts WHERE stories_fts MATCH :q AND rowid = stories.id)"
        )
    condition = _FTS_VISIBLE[not tenant]
    rows = conn.execute(
        text(sql + f" AND ({condition}) ORDER BY published DESC, id DESC LIMIT :n"),
        {"q": match, "n": limit, "tenant": tenant},
    )
    return [int(r[0]) for r in rows]


def _company_story_ids(company_key: str) -> Any:
    """Ids of the stories a company leads or is filed under (its `co:` index key).

    A UNION, not `company_key = k OR id IN (...)`: PostgreSQL answers that OR with a scan
    of the whole table; this is two index lookups on either backend.
    """
    return (
        select(stories.c.id)
        .where(stories.c.company_key == company_key)
        .union(select(story_keys.c.story_id).where(story_keys.c.key == f"co:{company_key}"))
    )


def _json_list(raw: str | None) -> list[str]:
    """A generated `functions` column: the JSON list from tags, or NULL."""
    value = json.loads(raw) if raw else None
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass(frozen=True)
class StoriesMark:
    """How far the stories table had got: its newest id and latest update."""

    max_id: int
    max_updated: datetime | None


@dataclass(frozen=True)
class CompanyTotals:
    """A company's stories summed up. `functions` counts the functions its job actions
    hit, in order of first mention, newest story first; `newest` are the newest stories."""

    stories: int
    actions: int
    ai_actions: int
    jobs: int
    functions: Counter[str]
    newest: tuple[Story, ...] = ()


@dataclass(frozen=True)
class TrendDay:
    """One UTC day's job actions (layoffs, hiring freezes) and the AI-attributed ones."""

    day: date
    actions: int
    ai_actions: int
    ai_jobs: int


@dataclass(frozen=True)
class TrendTotals:
    """AI-attributed job actions over a period. `companies` holds (lead company cut to
    200 characters or None, stories, jobs) and `functions` the functions hit; both in
    order of first appearance, oldest first."""

    days: list[TrendDay]
    companies: list[tuple[str | None, int, int]]
    functions: Counter[str]


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
