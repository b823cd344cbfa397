"""The stories a new item may join: one bounded, indexed statement per item.

Called by `IngestMixin.story_candidates` (and through it by `IngestBatch`); the planner in
bot.stories decides among what this returns. The work per item must not grow with the
store (#14): per index key, a LIMIT on the (key, published) index walked away from the
item's date, never a scan of the key's whole history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    or_,
    select,
    union_all,
)
from sqlalchemy.exc import DBAPIError

from bot.models import Tags
from bot.store.tables import stories, story_keys
from bot.stories import (
    CANDIDATES_PER_KEY,
    KEY_ENTRIES_READ,
    SOURCE_KEY,
    CandidateScope,
    StoryCandidate,
)
from bot.timeutil import as_utc

MAX_KEY = 200  # story_keys.key holds 200 characters
TITLES_PER_END = 12  # of a candidate's items, the first and the latest (story_digest)


def bounded_keys(keys: Iterable[str]) -> list[str]:
    """Keys as the index holds them: bounded to the column, once each, in order."""
    return list(dict.fromkeys(k[:MAX_KEY] for k in keys))


def story_candidates(
    conn: Connection,
    keys: Sequence[str],
    since: datetime,
    until: datetime,
    scope: CandidateScope | None,
    tenant: str | None,
) -> list[StoryCandidate]:
    """See `IngestMixin.story_candidates`: the statement's parameters, run, and its rows
    (one per story, by id) as candidates."""
    keys = bounded_keys(keys)
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
            employer=_EMPLOYER_MODE[scope.employer],
        )
        for i, kind in enumerate(scope.kinds):
            params[f"kind{i}"] = kind
    params["tenant"] = tenant or ""
    params["any_workspace"] = 1 if tenant is None else 0
    n_kinds = 0 if scope is None else len(scope.kinds)
    compiled = driver_statement(
        conn.dialect,
        ("candidates", len(keys), n_kinds),
        lambda: _candidate_query(len(keys), n_kinds),
    )
    # (id, key, headline, tags, published, digest), one row per story
    rows = compiled.run(conn, params)
    sources = _sources(conn, [r[0] for r in rows], [k for k in keys if k.startswith(SOURCE_KEY)])
    none: frozenset[str] = frozenset()
    return [_candidate(compiled.time, tuple(r), sources.get(r[0], none)) for r in rows]


@lru_cache(maxsize=8192)
def _candidate(
    time: Callable[[Any], Any], row: tuple[Any, ...], sources: frozenset[str]
) -> StoryCandidate:
    """A candidate from its row, once per distinct row: the same stories are candidates
    item after item until they grow (#14), and building one (its tags, date and digest
    decoded) cost more than looking it up by its row."""
    return StoryCandidate(
        row[0],
        row[1],
        row[2],
        _tags(row[3]),
        _published(time, row[4]),
        *_digest_titles(row[5]),
        sources,
    )


def story_digest(titles: Sequence[str], summaries: Sequence[str]) -> str:
    """What `stories.digest` holds for a story whose items (oldest first) have these titles
    and summaries: those of its first and its latest TITLES_PER_END items, the wording a
    story started with and how it is worded now. A candidate brings these, not every
    item: a story carried by hundreds of outlets would otherwise bring every title along,
    and filing an item would cost more the larger the stories it is compared with (#14).
    Kept by IngestBatch, which alone files items, and read in the candidate's own row."""
    if len(titles) > 2 * TITLES_PER_END:
        titles = [*titles[:TITLES_PER_END], *titles[-TITLES_PER_END:]]
        summaries = [*summaries[:TITLES_PER_END], *summaries[-TITLES_PER_END:]]
    return json.dumps([list(titles), list(summaries)])


@lru_cache(maxsize=4096)
def _digest_titles(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A stored digest as (titles, summaries); '' (none kept) as no titles. By content:
    the same stories are candidates for item after item, until they grow."""
    if not raw:
        return (), ()
    titles, summaries = json.loads(raw)
    return tuple(titles), tuple(summaries)


def _sources(conn: Connection, ids: list[int], keys: list[str]) -> dict[int, frozenset[str]]:
    """Which of the research keys each candidate is filed under (bot.stories.SOURCE_KEY),
    for items naming a report's author: one lookup on the (story_id, key) unique index."""
    if not ids or not keys:
        return {}
    found: dict[int, set[str]] = {}
    for story_id, key in conn.execute(
        select(story_keys.c.story_id, story_keys.c.key).where(
            story_keys.c.story_id.in_(ids), story_keys.c.key.in_(keys)
        )
    ):
        found.setdefault(story_id, set()).add(key[len(SOURCE_KEY) :])
    return {i: frozenset(k) for i, k in found.items()}


@lru_cache(maxsize=8192)
def _published(time: Callable[[Any], Any], raw: Any) -> datetime:
    """A candidate's stored date as an aware datetime: read once per stored value, as
    the same stories are candidates item after item."""
    return as_utc(time(raw))


@lru_cache(maxsize=8192)
def _tags(raw: str) -> Tags:
    """A stored story's tags; Tags are immutable, so one parse serves every lookup."""
    return Tags.from_json(json.loads(raw))


_CANDIDATE_QUERIES: dict[tuple[int, int], Select[Any]] = {}


@dataclass(frozen=True)
class DriverStatement:
    """A statement compiled once for a dialect, run on the driver directly.

    The candidate statement runs once per item of every batch (#14): through
    `Connection.execute` SQLAlchemy recomputed its cache key and processed each of its ~15
    parameters per key part (a datetime's formatting per occurrence) on every run, about
    half the query's cost. Here each named value is processed once and the SQL is the
    one SQLAlchemy compiled, so the rows are the same; their times come raw from the
    driver (`time` reads them as SQLAlchemy would); read them by position.

    On SQLite, inside the connection's transaction, the statement goes to the sqlite3
    connection itself: `exec_driver_sql` still built an execution context and a result
    per run, a fifth of a candidate lookup (#14). A driver error is raised as SQLAlchemy's.
    """

    sql: str
    positions: tuple[str, ...] | None  # a positional dialect's parameter names, in order
    constants: dict[str, Any]  # the statement's own values (LIMITs, comparisons)
    processors: dict[str, Callable[[Any], Any]]
    time: Callable[[Any], Any]  # a stored time as a datetime
    raw: bool = False  # run on the DBAPI connection (SQLite) when in a transaction

    def run(self, conn: Connection, params: dict[str, Any]) -> Sequence[Any]:
        values = dict(self.constants)
        for name, value in params.items():
            process = self.processors.get(name)
            values[name] = value if process is None else process(value)
        args: Any = values if self.positions is None else [values[n] for n in self.positions]
        if self.raw and conn.in_transaction():
            dbapi_conn = conn.connection.dbapi_connection
            assert dbapi_conn is not None
            try:
                return dbapi_conn.execute(self.sql, args).fetchall()  # type: ignore[no-any-return]
            except conn.dialect.loaded_dbapi.Error as exc:
                raise DBAPIError.instance(
                    self.sql, args, exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
                ) from exc
        if self.positions is not None:
            args = tuple(args)
        return conn.exec_driver_sql(self.sql, args).all()


_COMPILED: dict[tuple[str, str, Hashable], DriverStatement] = {}


def driver_statement(
    dialect: Dialect, shape: Hashable, build: Callable[[], Select[Any]]
) -> DriverStatement:
    """The statement `build` returns, compiled for `dialect` once per `shape`."""
    cache_key = (dialect.name, dialect.driver, shape)
    found = _COMPILED.get(cache_key)
    if found is not None:
        return found
    compiled = build().compile(dialect=dialect)
    processors: dict[str, Callable[[Any], Any]] = {}
    constants: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if not bind.required:
            constants[name] = (
                bind.effective_value if process is None else process(bind.effective_value)
            )
        elif process is not None:
            processors[name] = process
    time = stories.c.published.type.dialect_impl(dialect).result_processor(dialect, None)
    found = _COMPILED[cache_key] = DriverStatement(
        sql=compiled.string,
        positions=tuple(compiled.positiontup or ()) if compiled.positional else None,
        constants=constants,
        processors=processors,
        time=time or _same,
        raw=dialect.name == "sqlite",
    )
    return found


def _same(value: Any) -> Any:
    return value


# How a scope's employer condition is passed: any story, one naming an employer, or none.
_EMPLOYER_MODE = {None: 0, True: 1, False: 2}


def _candidate_query(n_keys: int, n_kinds: int) -> Select[Any]:
    """The story_candidates statement for `n_keys` keys, built once per shape.

    Per key, a LIMIT on the (key, published) index walked away from the item's date in
    each direction, joined to stories for the scope's conditions; then the candidates'
    rows, each with its digest of item titles (`story_digest`), by story id. Statements are reused so that SQLAlchemy
    neither rebuilds them nor recomputes their cache key on every item.
    """
    shape = (n_keys, n_kinds)
    query = _CANDIDATE_QUERIES.get(shape)
    if query is not None:
        return query
    tenant = _tenant_condition()
    scoped = n_kinds > 0  # no scope: no conditions on the stories
    conditions = [tenant, *_scope_conditions(n_kinds)] if scoped else [tenant]
    parts = [part for i in range(n_keys) for part in _key_parts(i, scoped, conditions)]
    ids = union_all(*(select(part.c.story_id) for part in parts))
    query = (
        select(
            stories.c.id,
            stories.c.key,
            stories.c.headline,
            stories.c.tags,
            stories.c.published,
            stories.c.digest,
        )
        .where(stories.c.id.in_(ids), tenant)  # the tenant, also when unscoped
        .order_by(stories.c.id)
    )
    _CANDIDATE_QUERIES[shape] = query
    return query


def _tenant_condition() -> ColumnElement[bool]:
    """The tenant's stories, or (any_workspace = 1) every workspace's but the operator's."""
    any_workspace = bindparam("any_workspace", type_=Integer)
    return or_(
        and_(any_workspace == 0, stories.c.tenant == bindparam("tenant")),
        and_(any_workspace == 1, stories.c.tenant != ""),
    )


def _scope_conditions(n_kinds: int) -> list[ColumnElement[bool]]:
    """A CandidateScope's conditions on the stories: kinds, dates, employer or none."""
    mode = bindparam("employer", type_=Integer)
    return [
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


def _key_parts(i: int, scoped: bool, conditions: list[ColumnElement[bool]]) -> list[Subquery]:
    """The story ids one index key contributes, each part bounded by a LIMIT."""
    published = story_keys.c.published
    key = story_keys.c.key == bindparam(f"k{i}")
    if not scoped:
        return [
            select(story_keys.c.story_id)
            .where(key, published >= bindparam("since"), published <= bindparam("until"))
            .order_by(published.desc())
            .limit(CANDIDATES_PER_KEY)
            .subquery()
        ]
    sides = (
        (published >= bindparam("since"), published <= bindparam("near"), True),
        (published > bindparam("near"), published <= bindparam("until"), False),
    )
    parts = []
    for low, high, backwards in sides:
        # The index entries nearest the item's date (a bounded walk), then those of them
        # the scope admits: a scope that admits few stories must not turn the walk into a
        # scan of the whole period.
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
    return parts
