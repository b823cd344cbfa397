"""The stories a new item may join: two bounded, indexed statements per item.

Called by `IngestMixin.story_candidates` (and through it by `IngestBatch`); the planner in
bot.stories decides among what this returns. The work per item must not grow with the
store (#14): per index key, a LIMIT on the (key, published, story_id) index walked away
from the item's date, never a scan of the key's whole history; then the stories those
walks reach, read once each by primary key, the scope and the per-key limit applied here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Dialect,
    Integer,
    Select,
    String,
    bindparam,
    literal_column,
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
from bot.story_openings import OPENING_CHARS
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
    rows_read: dict[int, Sequence[Any]] | None = None,
) -> list[StoryCandidate]:
    """See `IngestMixin.story_candidates`: the key walks (`_walks`), then the stories
    they reach read once each (`_story_rows`), the scope applied and the per-key limit
    kept in Python (`_kept`); the kept stories, by id, as candidates.

    `rows_read`: story rows already read in the same snapshot, by id (filled here), for
    a reader whose transaction sees nothing change between its calls (prefetch.py)."""
    keys = bounded_keys(keys)
    if not keys:
        return []
    latest: dict[int, Any] = {}
    walks = _walks(conn, keys, since, until, scope, latest)
    admits = _admission(scope, tenant, _stored_time(conn.dialect))
    rows, admitted, time = _reached(conn, walks, admits, rows_read)
    ids = _kept(walks, admitted)
    if scope is not None and scope.employers is not None:
        keeps = scope.employers.keeps
        ids = [
            i
            for i in ids
            # (a story names an employer when `company` is set: `_admission`'s test too)
            if keeps(_tags(rows[i][3]).companies if rows[i][8] else (), _text(rows[i]))
        ]
    sources = _sources(conn, ids, [k for k in keys if k.startswith(SOURCE_KEY)])
    none: frozenset[str] = frozenset()
    return [_candidate(time, tuple(rows[i]), sources.get(i, none), latest.get(i)) for i in ids]


@lru_cache(maxsize=8192)
def _candidate(
    time: Callable[[Any], Any], row: tuple[Any, ...], sources: frozenset[str], latest: Any
) -> StoryCandidate:
    """A candidate from its row, once per distinct row: the same stories are candidates
    item after item until they grow (#14), and building one (its tags, date and digest
    decoded) cost more than looking it up by its row. `latest`: the newest time of its
    index entries the walks read (a grown story's keys move to its newest item's date)."""
    published = _published(time, row[4])
    titles, summaries, openings = _digest_titles(row[5])
    return StoryCandidate(
        row[0],
        row[1],
        row[2],
        _tags(row[3]),
        published,
        titles,
        summaries,
        sources,
        max(published, _published(time, latest)) if latest is not None else None,
        row[9],
        openings,
    )


def _walks(
    conn: Connection,
    keys: list[str],
    since: datetime,
    until: datetime,
    scope: CandidateScope | None,
    latest: dict[int, Any],
) -> list[list[int]]:
    """Per key walk, the story ids of the index entries it reads, nearest first: one
    statement, answered by the (key, published, story_id) index alone. `latest` gets
    each story's newest entry time read (as stored)."""
    params: dict[str, Any] = {"since": since, "until": until}
    if scope is not None:
        params.update(near=scope.near, since=max(since, scope.since))  # a key's time is
        # never before its story's
    for i, key in enumerate(keys):
        params[f"k{i}"] = key
    walks = driver_statement(
        conn.dialect,
        ("key walks", len(keys), scope is not None),
        lambda: _walk_query(len(keys), scope is not None),
    )
    by_walk: dict[int, list[Sequence[Any]]] = {}
    for row in walks.run(conn, params):  # (walk, story id, published)
        by_walk.setdefault(row[0], []).append(row)
        seen = latest.get(row[1])
        if seen is None or row[2] > seen:
            latest[row[1]] = row[2]
    out = []
    for walk, rows in by_walk.items():
        # Nearest first, as the index is walked: backwards before the item's date. (The
        # statement returns them so; sorting already sorted rows costs one comparison each.)
        rows.sort(key=_BY_TIME, reverse=scope is None or walk % 2 == 0)
        out.append([r[1] for r in rows])
    return out


_BY_TIME = itemgetter(2, 1)  # a walk row's (published, story id): the index's order


def _reached(
    conn: Connection,
    walks: list[list[int]],
    admits: Callable[[Sequence[Any]], bool],
    rows_read: dict[int, Sequence[Any]] | None = None,
) -> tuple[dict[int, Sequence[Any]], set[int], Callable[[Any], Any]]:
    """The rows of the stories the walks reach that `_kept` asks about, those of them
    admitted, and how stored times read. First the CANDIDATES_PER_KEY nearest of each
    walk (in a dense store every one is admitted: no more is read); then, only for walks
    short of that many admitted, the rest of their entries."""
    first = sorted({i for w in walks for i in w[:CANDIDATES_PER_KEY]})
    rows, time = _story_rows(conn, first, rows_read)
    admitted = {i for i, row in rows.items() if admits(row)}
    short = (
        w for w in walks if sum(i in admitted for i in w[:CANDIDATES_PER_KEY]) < CANDIDATES_PER_KEY
    )
    more = {i for w in short for i in w[CANDIDATES_PER_KEY:]} - rows.keys()
    if more:
        extra, _ = _story_rows(conn, sorted(more), rows_read)
        rows.update(extra)
        admitted.update(i for i, row in extra.items() if admits(row))
    return rows, admitted, time


def _story_rows(
    conn: Connection, ids: list[int], rows_read: dict[int, Sequence[Any]] | None = None
) -> tuple[dict[int, Sequence[Any]], Callable[[Any], Any]]:
    """The rows of these stories by id, and how their stored times read as datetimes.
    The statement's shapes are few: ids are padded (repeating the last) to a power of two.
    With `rows_read` (the same snapshot's rows, by id) only the others are read, and added
    to it: a batch's items share ~40% of their candidates (cold 200 x 25, #14), and a
    row's digest sits behind its search text, mostly on overflow pages."""
    if rows_read is not None:
        found = {i: row for i in ids if (row := rows_read.get(i)) is not None}
        read, time = _story_rows(conn, [i for i in ids if i not in found])
        rows_read.update(read)
        found.update(read)
        return found, time
    if not ids:
        return {}, driver_statement(conn.dialect, ("stories", 1), lambda: _rows_query(1)).time
    size = 1 << (len(ids) - 1).bit_length()
    query = driver_statement(conn.dialect, ("stories", size), lambda: _rows_query(size))
    padded = ids + [ids[-1]] * (size - len(ids))
    rows = query.run(conn, {f"id{i}": story_id for i, story_id in enumerate(padded)})
    return {r[0]: r for r in rows}, query.time


def story_digest(
    titles: Sequence[str], summaries: Sequence[str], openings: Sequence[str] | None = None
) -> str:
    """What `stories.digest` holds for a story whose items (oldest first) have these titles,
    summaries and openings (bot.story_openings): those of its first and its latest
    TITLES_PER_END items, the wording a story started with and how it is worded now. A
    candidate brings these, not every item: a story carried by hundreds of outlets would
    otherwise bring every title along, and filing an item would cost more the larger the
    stories it is compared with (#14). Kept by IngestBatch, which alone files items, and
    read in the candidate's own row. Without `openings`, two lists (as before session 15).
    An opening its summary begins with (~40% of items: the summarizer kept the first
    sentences) is kept as '', read back from the summary (`_digest_titles`)."""
    kept_titles, kept_summaries, kept_openings = digest_ends(titles, summaries, openings or ())
    lists = [list(kept_titles), list(kept_summaries)]
    if openings is not None:
        pairs = zip(kept_summaries, kept_openings, strict=True)
        lists.append(["" if o == s[:OPENING_CHARS] else o for s, o in pairs])
    # `json.dumps(lists)`, each string encoded once: a grown story's digest is written
    # again at each growth, its texts mostly the same (#14: ~4,700 per cold 200 x 25 poll).
    return "[" + ", ".join("[" + ", ".join(map(_json_text, kept)) + "]" for kept in lists) + "]"


_json_text = lru_cache(maxsize=8192)(json.dumps)  # a string as JSON, kept per string


def digest_ends(
    titles: Sequence[str], summaries: Sequence[str], openings: Sequence[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The titles, summaries and openings `story_digest` keeps, as its candidate reads
    them back."""
    if len(titles) > 2 * TITLES_PER_END:
        n = TITLES_PER_END
        titles, summaries = [*titles[:n], *titles[-n:]], [*summaries[:n], *summaries[-n:]]
        openings = [*openings[:n], *openings[-n:]] if openings else ()
    return tuple(titles), tuple(summaries), tuple(openings)


def _text(row: Sequence[Any]) -> str:
    """A story row's headlines (those `match_story` compares) as one text, for
    `EmployerFilter.keeps`: the stored digest's titles as they are, no JSON decoded (with
    no escape in it, '"], ["' can only end the titles' list), unless it escapes characters;
    the headline when no digest is kept."""
    raw: str = row[5]
    if not raw:
        return str(row[2])
    if "\\" in raw:
        return "\n".join(_digest_titles(raw)[0])
    end = raw.find('"], ["')
    return raw if end < 0 else raw[:end]


@lru_cache(maxsize=4096)
def _digest_titles(raw: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A stored digest as (titles, summaries, openings); '' (none kept) as no titles. A
    digest kept before openings were (two lists) shows its summaries as the openings
    (bot.story_openings). By content: the same stories are candidates for item after
    item, until they grow."""
    if not raw:
        return (), (), ()
    lists = json.loads(raw)
    summaries = tuple(lists[1])
    if len(lists) < 3:
        return tuple(lists[0]), summaries, summaries
    openings = tuple(o or s[:OPENING_CHARS] for s, o in zip(summaries, lists[2], strict=True))
    return tuple(lists[0]), summaries, openings


def _sources(conn: Connection, ids: list[int], keys: list[str]) -> dict[int, frozenset[str]]:
    """Which of the research keys each candidate is filed under (bot.stories.SOURCE_KEY),
    for items naming a report's author: one lookup on the (story_id, key) unique index."""
    if not ids or not keys:
        return {}
    # Compiled once per shape, ids and keys padded to powers of two by repeating the last
    # (an IN list means the same with a value twice): through `Connection.execute` the
    # expanding IN was rebuilt on every call (~0.7 ms, once per item naming a source, #14).
    n_ids, n_keys = (1 << (len(v) - 1).bit_length() for v in (ids, keys))
    query = driver_statement(
        conn.dialect, ("sources", n_ids, n_keys), lambda: _sources_query(n_ids, n_keys)
    )
    params: dict[str, Any] = {f"id{i}": v for i, v in enumerate(_padded(ids, n_ids))}
    params.update({f"k{i}": v for i, v in enumerate(_padded(keys, n_keys))})
    found: dict[int, set[str]] = {}
    for story_id, key in query.run(conn, params):
        found.setdefault(story_id, set()).add(key[len(SOURCE_KEY) :])
    return {i: frozenset(k) for i, k in found.items()}


def _padded(values: list[Any], size: int) -> list[Any]:
    return values + [values[-1]] * (size - len(values))


def _sources_query(n_ids: int, n_keys: int) -> Select[Any]:
    return select(story_keys.c.story_id, story_keys.c.key).where(
        story_keys.c.story_id.in_([bindparam(f"id{i}", type_=Integer) for i in range(n_ids)]),
        story_keys.c.key.in_([bindparam(f"k{i}", type_=String) for i in range(n_keys)]),
    )


@lru_cache(maxsize=8192)
def _published(time: Callable[[Any], Any], raw: Any) -> datetime:
    """A candidate's stored date as an aware datetime: read once per stored value, as
    the same stories are candidates item after item."""
    return as_utc(time(raw))


@lru_cache(maxsize=8192)
def _tags(raw: str) -> Tags:
    """A stored story's tags; Tags are immutable, so one parse serves every lookup."""
    return Tags.from_json(json.loads(raw))


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
    dialect: Dialect, shape: Hashable, build: Callable[[], Select[Any] | CompoundSelect[Any]]
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


def _walk_query(n_keys: int, scoped: bool) -> CompoundSelect[Any]:
    """The key walks of `n_keys` keys: per key, the index entries nearest the item's date,
    KEY_ENTRIES_READ on each side of it (`near`); unscoped, the latest CANDIDATES_PER_KEY
    of the period. Each is a LIMIT on the (key, published, story_id) index, which alone
    answers it: the stories are read afterwards, once each, however many keys reach them."""
    published, story_id = story_keys.c.published, story_keys.c.story_id
    since, near, until = (bindparam(n, type_=published.type) for n in ("since", "near", "until"))
    sides = (
        [
            (published >= since, published <= near, True),
            (published > near, published <= until, False),
        ]
        if scoped
        else [(published >= since, published <= until, True)]
    )
    limit = KEY_ENTRIES_READ if scoped else CANDIDATES_PER_KEY
    walks: list[Select[Any]] = []
    for i in range(n_keys):
        for low, high, backwards in sides:
            order = (published.desc(), story_id.desc()) if backwards else (published, story_id)
            walk = (
                select(literal_column(str(len(walks))).label("walk"), story_id, published)
                .where(story_keys.c.key == bindparam(f"k{i}"), low, high)
                .order_by(*order)
                .limit(limit)
                .subquery()
            )
            walks.append(select(walk.c.walk, walk.c.story_id, walk.c.published))
    return union_all(*walks)


def _rows_query(n_ids: int) -> Select[Any]:
    """The candidate stories' rows, with what the scope asks of them (tenant, kind,
    whether they name an employer). One parameter per id, not an "expanding" IN: that
    would make SQLAlchemy rewrite the statement on every execution."""
    return select(
        stories.c.id,
        stories.c.key,
        stories.c.headline,
        stories.c.tags,
        stories.c.published,
        stories.c.digest,
        stories.c.tenant,
        stories.c.kind,
        stories.c.company.is_not(None),
        stories.c.item_count,
    ).where(stories.c.id.in_([bindparam(f"id{i}", type_=Integer) for i in range(n_ids)]))


def _admission(
    scope: CandidateScope | None, tenant: str | None, stored: Callable[[datetime], Any]
) -> Callable[[Sequence[Any]], bool]:
    """Whether a story row (`_rows_query`) is the tenant's (None: any workspace's but the
    operator's) and, with a scope, one it admits. Dates are compared as stored, as the
    database compares them (`stored`: a datetime as the driver stores it): no stored
    time is parsed for a story that is not kept."""

    def of_tenant(row: Sequence[Any]) -> bool:
        return bool(row[6] != "" if tenant is None else row[6] == tenant)

    if scope is None:
        return of_tenant
    since, until = stored(scope.since), stored(scope.until)

    def admits(row: Sequence[Any]) -> bool:
        return bool(
            of_tenant(row)
            and row[7] in scope.kinds
            and since <= row[4] <= until
            and (scope.employer is None or scope.employer == bool(row[8]))
        )

    return admits


@lru_cache(maxsize=8)
def _stored_time(dialect: Dialect) -> Callable[[datetime], Any]:
    """How the driver is given a datetime for `stories.published` (SQLite: the text it
    stores and compares; PostgreSQL: the datetime itself)."""
    process = stories.c.published.type.dialect_impl(dialect).bind_processor(dialect)
    return process or _same


def _kept(walks: list[list[int]], admitted: set[int]) -> list[int]:
    """The stories kept, by id: per walk, the first CANDIDATES_PER_KEY it reaches that are
    admitted (unscoped walks read no more than that: all of them, the tenant's)."""
    kept: set[int] = set()
    for walk in walks:
        kept.update(islice((i for i in walk if i in admitted), CANDIDATES_PER_KEY))
    return sorted(kept)
