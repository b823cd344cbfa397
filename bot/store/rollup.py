"""Tables derived from `stories` and kept by the database: the trends roll-up and the
list of company names.

`/layoffs trends 1y` summed a year of stories (~330k at 1M stories) on every call. The
roll-up holds what it sums, per tenant, at the granularity it needs:

* `trend_days`: per UTC day, the job actions, the AI-attributed ones and their jobs
  (the chart and the summary);
* `trend_months`: per UTC month, the AI-attributed job actions per lead company (`dim`
  'c') and per set of functions ('f'): stories, jobs and the first `published` (the
  order of first appearance the command lists them in).

Triggers on `stories` keep both in step with every write (new stories, merges, kind and
headcount changes, a story moved to another tenant, deletes), from the pipeline or any
other writer, so no write path has to remember them. A story's contribution is
subtracted and added again; when the subtracted story was its group's first, the first
is read again from ix_stories_trends (one month of one tenant's AI-attributed actions).
Visibility (`same_as` shadowing) is applied by the reader, not here: each story counts
for its own tenant only.

Group values are kept as text that is never NULL (a unique key): '-' for NULL, '+' and
the value otherwise (`encode` / `decode`).

`company_names` lists each tenant's lead companies (`company_label`) once, in the order
they were first filed: the command layer's company index reads the rows after the last
id it saw instead of scanning the stories (seconds at 1M), and the whole list (a few
thousand rows) when it starts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
)

from bot.store.rows import ACTION_KINDS, TrendDay, TrendTotals, _json_list
from bot.store.tables import Timestamp, metadata

trend_days = Table(
    "trend_days",
    metadata,
    Column("tenant", String(200), primary_key=True),
    Column("day", String(10), primary_key=True),  # 'YYYY-MM-DD', UTC
    Column("actions", Integer, nullable=False),
    Column("ai_actions", Integer, nullable=False),
    Column("ai_jobs", BigInteger, nullable=False),
)


def _group_table(name: str, width: int) -> Table:
    return Table(
        name,
        metadata,
        Column("tenant", String(200), primary_key=True),
        Column("period", String(width), primary_key=True),  # 'YYYY-MM' or 'YYYY-MM-DD', UTC
        Column("dim", String(1), primary_key=True),  # 'c' company_label, 'f' functions
        Column("value", Text, primary_key=True),  # encoded: see `encode`
        Column("n", Integer, nullable=False),
        Column("jobs", BigInteger, nullable=False),
        Column("first", Timestamp, nullable=False),
    )


trend_months = _group_table("trend_months", 7)
trend_day_groups = _group_table("trend_day_groups", 10)
# unit: (table, length of the period's text, SQLite's start and end of the period `p`)
GROUP_TABLES = {
    "month": (trend_months, 7, "{p} || '-01'", "date({p} || '-01', '+1 month')"),
    "day": (trend_day_groups, 10, "{p}", "date({p}, '+1 day')"),
}

company_names = Table(
    "company_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant", String(200), nullable=False),
    Column("name", Text, nullable=False),  # stories.company_label
    UniqueConstraint("tenant", "name", name="uq_company_names_tenant_name"),
)

DIMS = {"c": "company_label", "f": "functions"}
_KINDS = ", ".join(f"'{k}'" for k in ACTION_KINDS)


def encode(value: str | None) -> str:
    return "-" if value is None else "+" + value


def decode(value: str) -> str | None:
    return None if value == "-" else value[1:]


def _enc(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN '-' ELSE '+' || {column} END"


# ------------------------------------------------------------------ SQLite
def _sqlite_apply(r: str, sign: int) -> str:
    """The statements that add (`sign` 1) or subtract (-1) story row `r` ('new'/'old')."""
    day = f"substr({r}.published, 1, 10)"
    ai_jobs = f"CASE WHEN {r}.ai_cause THEN coalesce({r}.headcount, 0) ELSE 0 END"
    out = [
        f"INSERT INTO trend_days (tenant, day, actions, ai_actions, ai_jobs) "
        f"SELECT {r}.tenant, {day}, {sign}, {sign} * {r}.ai_cause, {sign} * {ai_jobs} "
        f"WHERE {r}.kind IN ({_KINDS}) "
        "ON CONFLICT (tenant, day) DO UPDATE SET actions = actions + excluded.actions, "
        "ai_actions = ai_actions + excluded.ai_actions, ai_jobs = ai_jobs + excluded.ai_jobs;"
    ]
    if sign < 0:
        out.append(
            f"DELETE FROM trend_days WHERE tenant = {r}.tenant AND day = {day} AND actions = 0;"
        )
    first = "min(first, excluded.first)" if sign > 0 else "first"
    for table, width, lo, hi in GROUP_TABLES.values():
        period = f"substr({r}.published, 1, {width})"
        for dim, column in DIMS.items():
            value = _enc(f"{r}.{column}")
            where = (
                f"tenant = {r}.tenant AND period = {period} AND dim = '{dim}' AND value = {value}"
            )
            out.append(
                f"INSERT INTO {table.name} (tenant, period, dim, value, n, jobs, first) "
                f"SELECT {r}.tenant, {period}, '{dim}', {value}, {sign}, "
                f"{sign} * coalesce({r}.headcount, 0), {r}.published "
                f"WHERE {r}.kind IN ({_KINDS}) AND {r}.ai_cause "
                "ON CONFLICT (tenant, period, dim, value) DO UPDATE SET n = n + excluded.n, "
                f"jobs = jobs + excluded.jobs, first = {first};"
            )
            if sign < 0:
                out.append(f"DELETE FROM {table.name} WHERE {where} AND n = 0;")
                # The first story of the group left it: read the group's first again.
                out.append(
                    f"UPDATE {table.name} SET first = (SELECT min(s.published) FROM stories s "
                    f"WHERE s.kind IN ({_KINDS}) AND s.ai_cause = 1 "
                    f"AND s.published >= {lo.format(p=period)} "
                    f"AND s.published < {hi.format(p=period)} "
                    f"AND s.tenant = {r}.tenant AND s.{column} IS {r}.{column}) "
                    f"WHERE {where} AND first = {r}.published;"
                )
    return "\n".join(out)


_WATCHED = ("kind", "ai_cause", "published", "headcount", "company_label", "functions", "tenant")


_NAMED = "new.company_label IS NOT NULL AND new.company_label != ''"


def sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in _WATCHED)
    add_name = (
        "INSERT OR IGNORE INTO company_names (tenant, name) VALUES (new.tenant, new.company_label);"
    )
    return [
        f"CREATE TRIGGER company_names_insert AFTER INSERT ON stories WHEN {_NAMED} "
        f"BEGIN {add_name} END",
        f"CREATE TRIGGER company_names_update AFTER UPDATE ON stories WHEN {_NAMED} AND "
        "(old.company_label IS NOT new.company_label OR old.tenant IS NOT new.tenant) "
        f"BEGIN {add_name} END",
        "CREATE TRIGGER trend_rollup_insert AFTER INSERT ON stories BEGIN\n"
        f"{_sqlite_apply('new', 1)}\nEND",
        "CREATE TRIGGER trend_rollup_delete AFTER DELETE ON stories BEGIN\n"
        f"{_sqlite_apply('old', -1)}\nEND",
        f"CREATE TRIGGER trend_rollup_update AFTER UPDATE ON stories WHEN {changed} BEGIN\n"
        f"{_sqlite_apply('old', -1)}\n{_sqlite_apply('new', 1)}\nEND",
    ]


SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS trend_rollup_{op}" for op in ("insert", "delete", "update")),
    "DROP TRIGGER IF EXISTS company_names_insert",
    "DROP TRIGGER IF EXISTS company_names_update",
]

# ------------------------------------------------------------------ PostgreSQL
_PG_GROUP = """
    INSERT INTO {table} AS t (tenant, period, dim, value, n, jobs, first)
    VALUES (r.tenant, p_{unit}, '{dim}', {value}, s, s * coalesce(r.headcount, 0), r.published)
    ON CONFLICT (tenant, period, dim, value) DO UPDATE SET n = t.n + excluded.n,
        jobs = t.jobs + excluded.jobs,
        first = CASE WHEN s > 0 THEN least(t.first, excluded.first) ELSE t.first END;
    IF s < 0 THEN
        DELETE FROM {table} WHERE tenant = r.tenant AND period = p_{unit} AND dim = '{dim}'
            AND value = {value} AND n = 0;
        UPDATE {table} SET first = (SELECT min(x.published) FROM stories x
                WHERE x.kind IN ({kinds}) AND x.ai_cause AND x.published >= p_{unit}_lo
                AND x.published < p_{unit}_hi AND x.tenant = r.tenant
                AND x.{column} IS NOT DISTINCT FROM r.{column})
            WHERE tenant = r.tenant AND period = p_{unit} AND dim = '{dim}' AND value = {value}
            AND first = r.published;
    END IF;"""


def _pg_function() -> str:
    groups = "".join(
        _PG_GROUP.format(
            table=table.name,
            unit=unit,
            dim=dim,
            column=column,
            value=_enc(f"r.{column}"),
            kinds=_KINDS,
        )
        for unit, (table, _width, _lo, _hi) in GROUP_TABLES.items()
        for dim, column in DIMS.items()
    )
    return f"""
CREATE OR REPLACE FUNCTION trend_rollup_apply(r stories, s integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    utc timestamp := r.published AT TIME ZONE 'UTC';
    p_day text := to_char(utc, 'YYYY-MM-DD');
    p_day_lo timestamptz := date_trunc('day', utc) AT TIME ZONE 'UTC';
    p_day_hi timestamptz := (date_trunc('day', utc) + interval '1 day') AT TIME ZONE 'UTC';
    p_month text := to_char(utc, 'YYYY-MM');
    p_month_lo timestamptz := date_trunc('month', utc) AT TIME ZONE 'UTC';
    p_month_hi timestamptz := (date_trunc('month', utc) + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
    IF r.kind NOT IN ({_KINDS}) THEN
        RETURN;
    END IF;
    INSERT INTO trend_days AS t (tenant, day, actions, ai_actions, ai_jobs)
    VALUES (r.tenant, p_day, s, CASE WHEN r.ai_cause THEN s ELSE 0 END,
            CASE WHEN r.ai_cause THEN s * coalesce(r.headcount, 0) ELSE 0 END)
    ON CONFLICT (tenant, day) DO UPDATE SET actions = t.actions + excluded.actions,
        ai_actions = t.ai_actions + excluded.ai_actions, ai_jobs = t.ai_jobs + excluded.ai_jobs;
    IF s < 0 THEN
        DELETE FROM trend_days WHERE tenant = r.tenant AND day = p_day AND actions = 0;
    END IF;
    IF NOT r.ai_cause THEN
        RETURN;
    END IF;{groups}
END $$"""


_PG_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION trend_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM trend_rollup_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM trend_rollup_apply(NEW, 1);
    END IF;
    RETURN NULL;
END $$"""


_PG_NAMES_FUNCTION = """
CREATE OR REPLACE FUNCTION company_names_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- NOT EXISTS first: ON CONFLICT alone would draw an id for every story.
    INSERT INTO company_names (tenant, name)
    SELECT NEW.tenant, NEW.company_label WHERE NOT EXISTS (SELECT 1 FROM company_names
        WHERE tenant = NEW.tenant AND name = NEW.company_label)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$"""


def pg_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _WATCHED)
    named = _NAMED.replace("new.", "NEW.")
    return [
        _PG_NAMES_FUNCTION,
        f"CREATE TRIGGER company_names_insert AFTER INSERT ON stories FOR EACH ROW "
        f"WHEN ({named}) EXECUTE FUNCTION company_names_add()",
        f"CREATE TRIGGER company_names_update AFTER UPDATE ON stories FOR EACH ROW "
        f"WHEN ({named} AND (OLD.company_label IS DISTINCT FROM NEW.company_label "
        "OR OLD.tenant IS DISTINCT FROM NEW.tenant)) EXECUTE FUNCTION company_names_add()",
        _pg_function(),
        _PG_TRIGGER_FUNCTION,
        "CREATE TRIGGER trend_rollup AFTER INSERT OR DELETE ON stories "
        "FOR EACH ROW EXECUTE FUNCTION trend_rollup_trigger()",
        f"CREATE TRIGGER trend_rollup_update AFTER UPDATE ON stories FOR EACH ROW "
        f"WHEN ({changed}) EXECUTE FUNCTION trend_rollup_trigger()",
    ]


PG_DROP = [
    "DROP TRIGGER IF EXISTS company_names_insert ON stories",
    "DROP TRIGGER IF EXISTS company_names_update ON stories",
    "DROP FUNCTION IF EXISTS company_names_add()",
    "DROP TRIGGER IF EXISTS trend_rollup_update ON stories",
    "DROP TRIGGER IF EXISTS trend_rollup ON stories",
    "DROP FUNCTION IF EXISTS trend_rollup_trigger()",
    "DROP FUNCTION IF EXISTS trend_rollup_apply(stories, integer)",
]


# ------------------------------------------------------------------ backfill
CLEAR = [
    f"DELETE FROM {t}" for t in ("trend_days", "trend_months", "trend_day_groups", "company_names")
]


def backfill_sql(sqlite: bool) -> list[str]:
    """Statements that fill the (empty) derived tables from the stories: the migration's,
    and a bulk load's after its triggers were off."""

    def period(width: int) -> str:
        if sqlite:
            return f"substr(published, 1, {width})"
        return (
            f"to_char(published AT TIME ZONE 'UTC', '{'YYYY-MM-DD' if width == 10 else 'YYYY-MM'}')"
        )

    ai = "ai_cause = 1" if sqlite else "ai_cause"
    out = [
        "INSERT INTO trend_days (tenant, day, actions, ai_actions, ai_jobs) "
        f"SELECT tenant, {period(10)}, count(*), sum(CASE WHEN {ai} THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {ai} THEN coalesce(headcount, 0) ELSE 0 END) "
        f"FROM stories WHERE kind IN ({_KINDS}) GROUP BY tenant, {period(10)}"
    ]
    for table, width, _lo, _hi in GROUP_TABLES.values():
        for dim, column in DIMS.items():
            out.append(
                f"INSERT INTO {table.name} (tenant, period, dim, value, n, jobs, first) "
                f"SELECT tenant, {period(width)}, '{dim}', {_enc(column)}, count(*), "
                f"sum(coalesce(headcount, 0)), min(published) FROM stories "
                f"WHERE kind IN ({_KINDS}) AND {ai} "
                f"GROUP BY tenant, {period(width)}, {_enc(column)}"
            )
    out.append(
        "INSERT INTO company_names (tenant, name) SELECT tenant, company_label FROM stories "
        "WHERE company_label IS NOT NULL AND company_label != '' "
        "GROUP BY tenant, company_label ORDER BY min(id)"
    )
    return out


def install(conn: Connection) -> None:
    """The triggers, and the roll-up filled from the stories already stored (tables
    created and empty)."""
    sqlite = conn.dialect.name == "sqlite"
    for sql in backfill_sql(sqlite):
        conn.execute(text(sql))
    for sql in sqlite_triggers() if sqlite else pg_triggers():
        conn.exec_driver_sql(sql)


def uninstall(conn: Connection) -> None:
    for sql in SQLITE_DROP if conn.dialect.name == "sqlite" else PG_DROP:
        conn.exec_driver_sql(sql)


# ------------------------------------------------------------------ reading
# A group's totals while they are summed: [stories, jobs, first published]. `first` is
# the database's own value (text on SQLite, a datetime on PostgreSQL), compared as is.
_Group = list[Any]


@dataclass
class TrendSums:
    """Trend totals summed from any mix of roll-up rows and scanned ranges."""

    days: dict[date, list[int]] = field(default_factory=dict)  # actions, ai, ai jobs
    groups: dict[str, dict[str | None, _Group]] = field(default_factory=lambda: {"c": {}, "f": {}})

    def add_day(self, day: Any, actions: int, ai: int, jobs: int) -> None:
        key = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        row = self.days.setdefault(key, [0, 0, 0])
        row[0] += int(actions)
        row[1] += int(ai or 0)
        row[2] += int(jobs or 0)

    def add_group(self, dim: str, value: str | None, n: int, jobs: int, first: Any) -> None:
        group = self.groups[dim].get(value)
        if group is None:
            self.groups[dim][value] = [int(n), int(jobs or 0), first]
            return
        group[0] += int(n)
        group[1] += int(jobs or 0)
        if first is not None and (group[2] is None or first < group[2]):
            group[2] = first

    def totals(self) -> TrendTotals:
        def ordered(dim: str) -> list[tuple[str | None, _Group]]:
            live = [(k, g) for k, g in self.groups[dim].items() if g[0] > 0]
            return sorted(live, key=lambda kg: (kg[1][2], kg[0] is not None, kg[0] or ""))

        functions: Counter[str] = Counter()
        for fns, (n, _jobs, _first) in ordered("f"):
            for f in _json_list(fns):
                functions[f] += n
        return TrendTotals(
            days=[
                TrendDay(day=d, actions=a, ai_actions=ai, ai_jobs=j)
                for d, (a, ai, j) in sorted(self.days.items())
                if a
            ],
            companies=[(name, n, jobs) for name, (n, jobs, _first) in ordered("c")],
            functions=functions,
        )


def whole_units(start: datetime, end: datetime, unit: str) -> tuple[datetime, datetime] | None:
    """The whole UTC days or months ('day' / 'month') inside [start, end), or None."""

    def floor(t: datetime) -> datetime:
        t = t.astimezone(UTC)
        if unit == "day":
            return datetime(t.year, t.month, t.day, tzinfo=UTC)
        return datetime(t.year, t.month, 1, tzinfo=UTC)

    def step(t: datetime) -> datetime:
        if unit == "day":
            return t + timedelta(days=1)
        return (t.replace(day=28) + timedelta(days=4)).replace(day=1)

    lo = floor(start)
    if lo < start:
        lo = step(lo)
    hi = floor(end)
    return (lo, hi) if lo < hi else None


def read_days(conn: Connection, lo: datetime, hi: datetime, tenant: str) -> list[Any]:
    """Per-day totals of whole days [lo, hi) for the operator's stories and `tenant`'s."""
    t = trend_days.c
    return list(
        conn.execute(
            select(t.day, func.sum(t.actions), func.sum(t.ai_actions), func.sum(t.ai_jobs))
            .where(
                t.tenant.in_(sorted({"", tenant})),
                t.day >= f"{lo:%Y-%m-%d}",
                t.day < f"{hi:%Y-%m-%d}",
            )
            .group_by(t.day)
        ).all()
    )


def read_groups(conn: Connection, unit: str, lo: datetime, hi: datetime, tenant: str) -> list[Any]:
    """Per company and per set of functions, whole days or months [lo, hi): (dim, value,
    stories, jobs, first), first as the database keeps it."""
    table, width, _lo, _hi = GROUP_TABLES[unit]
    t = table.c
    form = "%Y-%m-%d"[: width - 2]
    first = func.min(t.first, type_=String) if conn.dialect.name == "sqlite" else func.min(t.first)
    return list(
        conn.execute(
            select(t.dim, t.value, func.sum(t.n), func.sum(t.jobs), first)
            .where(
                t.tenant.in_(sorted({"", tenant})),
                t.period >= lo.strftime(form),
                t.period < hi.strftime(form),
            )
            .group_by(t.dim, t.value)
        ).all()
    )


Segment = tuple[str | None, datetime, datetime]


def segments(start: datetime, end: datetime, units: tuple[str, ...]) -> list[Segment]:
    """[start, end) cut into whole units, coarsest first, and what is left at the ends
    (unit None: to be summed from the stories)."""
    if not units:
        return [(None, start, end)] if start < end else []
    whole = whole_units(start, end, units[0])
    if whole is None:
        return segments(start, end, units[1:])
    lo, hi = whole
    return [*segments(start, lo, units[1:]), (units[0], lo, hi), *segments(hi, end, units[1:])]
