"""Feeds, items and stories: what the pipeline writes and the commands read.

`NewsMixin` is the read side (the commands' queries, each filtered by the asking tenant);
it includes `FeedsMixin` (bot/store/feeds.py) and `IngestMixin` (bot/store/ingest.py)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    type_coerce,
    update,
)

from bot.models import Item, Kind, Story, StoryLink, Tags
from bot.store import rollup, rollup_read
from bot.store.feeds import FeedsMixin
from bot.store.ingest import IngestMixin
from bot.store.rows import (
    _FTS_WORD,
    _OWN,
    ACTION_KINDS,
    MAX_LINKS_PER_STORY,
    CompanyTotals,
    TrendTotals,
    _chunks,
    _company_story_ids,
    _fts_newest,
    _json_list,
    fts5_match,
    fts5_near,
    item_from_row,
    pg_near,
    pg_tsquery,
)
from bot.store.tables import items, stories, story_keys
from bot.timeutil import as_utc


class NewsMixin(FeedsMixin, IngestMixin):
    """Feeds, items and stories: the read paths (feeds.py and ingest.py hold the rest)."""

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

    def story_items(self, story_ids: Sequence[int]) -> dict[int, list[Item]]:
        """Each story's items in the order they were stored: what an alert about new
        coverage leads with, and when `why` says the story was first seen."""
        found: dict[int, list[Item]] = {}
        with self.tx() as conn:
            for chunk in _chunks(list(dict.fromkeys(story_ids)), 500):
                for row in conn.execute(
                    select(items)
                    .where(items.c.story_id.in_(chunk))
                    .order_by(items.c.fetched_at, items.c.id)
                ):
                    found.setdefault(row.story_id, []).append(item_from_row(row))
        return found

    def company_names_after(self, after: dict[str, int]) -> tuple[dict[str, list[str]], int]:
        """For each tenant, its lead companies first filed after `company_names` row
        `after[tenant]` (0: all of them); and the id to ask from next time. One
        primary-key range in one transaction."""
        t = rollup.company_names.c
        found: dict[str, list[str]] = {tenant: [] for tenant in after}
        with self.tx() as conn:
            top = int(conn.execute(select(func.max(t.id))).scalar() or 0)
            low = min(after.values(), default=top)
            if low < top:
                for tenant, row_id, name in conn.execute(
                    select(t.tenant, t.id, t.name).where(
                        t.id > low, t.id <= top, t.tenant.in_(list(after))
                    )
                ):
                    if row_id > after[tenant]:
                        found[tenant].append(name)
        return found, top

    def company_totals(
        self, company_key: str, newest: int = 0, *, tenant: str = "", use_rollup: bool = True
    ) -> CompanyTotals:
        """What `/layoffs <company>` sums up over all of a company's stories (those it
        leads and those it is part of), with the `newest` stories whole.

        The stories it leads are summed in `company_rollup` (bot/store/rollup.py: a row
        per class and set of functions, not a row per story); only the few it is merely
        filed under (story_keys), and the operator's stories a workspace's own stand in
        for, are read from the table. `use_rollup=False` reads every story (the
        reference the roll-up is tested against)."""
        if not use_rollup:
            return self._company_totals_scan(company_key, newest, tenant=tenant)
        c = stories.c
        leads = select(c.id).where(c.company_key == company_key)
        filed = c.id.in_(
            select(story_keys.c.story_id)
            .where(story_keys.c.key == f"co:{company_key}")
            .except_(leads)
        )
        sums = rollup_read.CompanySums()
        with self.tx() as conn:
            visible = self._visible(conn, tenant)
            for row in rollup_read.read_company(conn, company_key, tenant):
                sums.add(*row)
            columns = (c.kind, c.ai_cause, c.headcount, c.functions, self._published_text(), c.id)
            for kind, ai, headcount, fns, published, story_id in conn.execute(
                select(*columns).where(filed, visible)
            ).all():
                sums.add_story(kind, ai, headcount, fns, published, story_id, 1)
            if tenant:
                self._company_unshadow(conn, company_key, tenant, visible, sums)
            shown: list[Story] = []
            if newest:
                both = (
                    select(c.id, c.kind, c.published)
                    .where(c.company_key == company_key, visible)
                    .union_all(select(c.id, c.kind, c.published).where(filed, visible))
                    .subquery()
                )
                ids = list(
                    conn.execute(
                        select(both.c.id)
                        # Job actions first (newest first), then commentary and the rest.
                        .order_by(
                            both.c.kind.not_in(ACTION_KINDS),
                            both.c.published.desc(),
                            both.c.id.desc(),
                        )
                        .limit(newest)
                    ).scalars()
                )
                shown = self.stories_by_id(conn, ids)
        return sums.totals(tuple(shown))

    def _company_unshadow(
        self,
        conn: Connection,
        company_key: str,
        tenant: str,
        visible: ColumnElement[bool],
        sums: rollup_read.CompanySums,
    ) -> None:
        """Take the operator's stories led by the company that `tenant`'s own stories
        stand in for out of the roll-up's sums (looked up by id: a workspace's few)."""
        c = stories.c
        ids = sorted(
            conn.execute(
                select(c.same_as).where(c.tenant == tenant, c.same_as.is_not(None)).distinct()
            ).scalars()
        )
        stale: set[tuple[int, str | None]] = set()
        columns = (c.kind, c.ai_cause, c.headcount, c.functions, self._published_text(), c.id)
        for chunk in _chunks(ids, 500):
            for kind, ai, headcount, fns, published, story_id in conn.execute(
                select(*columns).where(
                    c.id.in_(chunk), c.tenant == "", c.company_key == company_key
                )
            ).all():
                group = sums.add_story(kind, ai, headcount, fns, published, story_id, -1)
                if sums.groups[group][4] == story_id:  # it was its group's newest
                    stale.add(group)
        for action, fns in stale:  # read the group's newest visible story again
            same_class = c.kind.in_(ACTION_KINDS) if action else c.kind.not_in(ACTION_KINDS)
            same_functions = (
                (c.functions.is_(None) if fns is None else c.functions == fns)
                if action
                else c.id.is_not(None)
            )
            row = conn.execute(
                select(self._published_text(), c.id)
                .where(c.company_key == company_key, visible, same_class, same_functions)
                .order_by(c.published.desc(), c.id.desc())
                .limit(1)
            ).first()
            newest_row = sums.groups[(action, fns)]
            newest_row[3], newest_row[4] = (row[0], row[1]) if row else (None, 0)

    def _company_totals_scan(
        self, company_key: str, newest: int = 0, *, tenant: str = ""
    ) -> CompanyTotals:
        """`company_totals` from every story of the company (ix_stories_company, and a
        table read per story for its functions)."""
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

    def trend_totals(
        self, start: datetime, end: datetime, *, tenant: str = "", use_rollup: bool = True
    ) -> TrendTotals:
        """`/layoffs trends` over [start, end): job actions per UTC day, the AI-attributed
        ones per company and per function.

        Whole days and whole months come from the roll-up (bot/store/rollup.py: a year is
        ~365 days and ~12 months of companies, whatever the size of the store), the days
        of the partial month at each end from its per-day groups, and only the partial
        day at each end is summed from the stories. A workspace's own stories
        are in the roll-up under its tenant; the operator's stories they stand in for
        (`same_as`) are read and taken out again. `use_rollup=False` sums everything
        from the stories (the reference the roll-up is tested against)."""
        sums = rollup_read.TrendSums()
        whole = [(None, start, end)]
        days = rollup_read.segments(start, end, ("day",)) if use_rollup else whole
        groups = rollup_read.segments(start, end, ("month", "day")) if use_rollup else whole
        with self.tx() as conn:
            visible = self._visible(conn, tenant)
            for unit, lo, hi in days:
                rows = (
                    rollup_read.read_days(conn, lo, hi, tenant)
                    if unit
                    else self._scan_days(conn, lo, hi, visible)
                )
                for row in rows:
                    sums.add_day(*row)
            for unit, lo, hi in groups:
                if unit is None:
                    self._scan_groups(conn, lo, hi, visible, sums)
                    continue
                for dim, value, n, jobs, first in rollup_read.read_groups(
                    conn, unit, lo, hi, tenant
                ):
                    sums.add_group(dim, rollup.decode(value), n, jobs, first)
            if tenant and use_rollup:
                rolled = (
                    [(lo, hi) for unit, lo, hi in days if unit],
                    [(lo, hi) for unit, lo, hi in groups if unit],
                )
                self._unshadow(conn, start, end, tenant, rolled, sums)
        return sums.totals()

    def _trend_where(
        self, lo: datetime, hi: datetime, *visible: ColumnElement[bool]
    ) -> tuple[ColumnElement[bool], ...]:
        c = stories.c
        return (c.kind.in_(ACTION_KINDS), c.published >= lo, c.published < hi, *visible)

    def _published_text(self) -> Any:
        """`published` as the database keeps it: SQLite's text as it is (parsing a
        datetime per group costs; the text orders the same)."""
        c = stories.c
        return type_coerce(c.published, String) if self.is_sqlite else c.published

    def _scan_days(
        self, conn: Connection, lo: datetime, hi: datetime, visible: ColumnElement[bool]
    ) -> list[Any]:
        """Per UTC day over [lo, hi), from ix_stories_trends alone."""
        c = stories.c
        ai = c.ai_cause == True  # noqa: E712
        if self.is_sqlite:  # SQLite keeps UTC timestamps as text: the day is its start
            day: Any = func.substr(c.published, 1, 10)
        else:
            day = func.date(func.timezone("UTC", c.published))
        ai_jobs = case((ai, func.coalesce(c.headcount, 0)), else_=0)
        return list(
            conn.execute(
                select(day, func.count(), func.sum(case((ai, 1), else_=0)), func.sum(ai_jobs))
                # Every ai_cause, named: the index's published range is then usable.
                .where(*self._trend_where(lo, hi, visible), c.ai_cause.in_([False, True]))
                .group_by(day)
            ).all()
        )

    def _scan_groups(
        self,
        conn: Connection,
        lo: datetime,
        hi: datetime,
        visible: ColumnElement[bool],
        sums: rollup_read.TrendSums,
    ) -> None:
        """AI-attributed actions over [lo, hi) per company and per set of functions."""
        c = stories.c
        where = (*self._trend_where(lo, hi, visible), c.ai_cause == True)  # noqa: E712
        first = func.min(self._published_text())
        for dim, column in (("c", c.company_label), ("f", c.functions)):
            rows = conn.execute(
                select(column, func.count(), func.sum(func.coalesce(c.headcount, 0)), first)
                .where(*where)
                .group_by(column)
            )
            for value, n, jobs, first_seen in rows.all():
                sums.add_group(dim, value, n, jobs, first_seen)

    def _unshadow(
        self,
        conn: Connection,
        start: datetime,
        end: datetime,
        tenant: str,
        rolled: tuple[list[tuple[datetime, datetime]], list[tuple[datetime, datetime]]],
        sums: rollup_read.TrendSums,
    ) -> None:
        """Take the operator's stories that `tenant`'s own stories stand in for out of
        the sums read from the roll-up (`rolled`: its day and group ranges; the scanned
        ranges never counted them). Few: looked up by id from the tenant's stories."""
        c = stories.c
        ids = sorted(
            conn.execute(
                select(c.same_as).where(c.tenant == tenant, c.same_as.is_not(None)).distinct()
            ).scalars()
        )
        rows: list[Any] = []
        for chunk in _chunks(ids, 500):
            rows += conn.execute(
                select(
                    c.published,
                    self._published_text(),
                    c.ai_cause,
                    c.headcount,
                    c.company_label,
                    c.functions,
                ).where(c.id.in_(chunk), c.tenant == "", *self._trend_where(start, end))
            ).all()
        stale: set[tuple[str, str | None]] = set()
        for published, raw, ai, headcount, label, fns in rows:
            at = as_utc(published)
            jobs = headcount or 0
            if any(lo <= at < hi for lo, hi in rolled[0]):
                sums.add_day(at.date(), -1, -int(ai), -jobs if ai else 0)
            if ai and any(lo <= at < hi for lo, hi in rolled[1]):
                for dim, value in (("c", label), ("f", fns)):
                    sums.add_group(dim, value, -1, -jobs, None)
                    if sums.groups[dim][value][2] == raw:
                        stale.add((dim, value))
        for dim, value in stale:  # it was its group's first: read the first again
            column = c.company_label if dim == "c" else c.functions
            visible = self._visible(conn, tenant)
            sums.groups[dim][value][2] = conn.execute(
                select(func.min(self._published_text())).where(
                    *self._trend_where(start, end, visible),
                    c.ai_cause == True,  # noqa: E712
                    column.is_(None) if value is None else column == value,
                )
            ).scalar()

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

    def search_stories(
        self, query: str, limit: int = 10, *, tenant: str = "", together: bool = False
    ) -> list[Story]:
        """The newest stories the tenant may see whose headline, titles or summary hold
        every word of `query` (stemmed); with `together`, each two words typed side by
        side close together too (rows.CLOSE_WITHIN; none for one word). Any user text is
        safe."""
        words = _FTS_WORD.findall(query.lower())[:12]
        if not words or (together and len(words) < 2):
            return []
        with self.tx() as conn:
            if self.is_sqlite:
                match = fts5_match(words)
                if not match:  # stop words alone: PostgreSQL finds nothing either
                    return []
                if together:
                    near = fts5_near(words)
                    if near is None:
                        return []
                    match = f"({match}) AND {near}" if near else match
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
            tsq = pg_tsquery(words)
            if together:
                near = pg_near(words)
                if near is None:
                    return []
                tsq = tsq.op("&&")(near)
            vec = func.to_tsvector("english", stories.c.search_text)
            return self._stories(
                conn,
                select(stories)
                .where(vec.op("@@")(tsq), self._visible(conn, tenant))
                .order_by(stories.c.published.desc(), stories.c.id.desc())
                .limit(limit),
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
        with self.tx() as conn:  # (a statement built once: asked per alerting story)
            return set(conn.execute(_SAME_EVENT_TENANTS, {"b_id": story_id}).scalars())

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

    def _stories(self, conn: Connection, query: Any) -> list[Story]:
        rows = list(conn.execute(query))
        links: dict[int, list[StoryLink]] = defaultdict(list)
        if rows:
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


# `tenants_with_same_event`'s statement, built once (alert planning asks per story).
_SAME_EVENT_TENANTS = select(stories.c.tenant).where(stories.c.same_as == bindparam("b_id"))
