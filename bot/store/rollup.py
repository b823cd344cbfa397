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

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bot.store.rows import ACTION_KINDS
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

# Per tenant and lead company: its stories by class (action 1: layoffs and hiring freezes,
# 0: the rest) and, for actions, set of functions; with the newest story of each group
# (published, id), the order `/layoffs <company>` counts functions in.
company_rollup = Table(
    "company_rollup",
    metadata,
    Column("tenant", String(200), primary_key=True),
    Column("company_key", String(200), primary_key=True),
    Column("action", Integer, primary_key=True),
    Column("value", Text, primary_key=True),  # encoded functions (actions), '-' otherwise
    Column("n", Integer, nullable=False),
    Column("ai_n", Integer, nullable=False),
    Column("jobs", BigInteger, nullable=False),
    Column("latest", Timestamp, nullable=False),
    Column("latest_id", Integer, nullable=False),
)

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


def _company_apply(r: str, sign: str, pg: bool) -> str:
    """Statements that add (`sign` > 0) or subtract story row `r` to/from
    company_rollup; `sign` is SQL ('1', '-1', or PostgreSQL's variable 's')."""
    is_action = f"{r}.kind IN ({_KINDS})"
    action = f"CASE WHEN {is_action} THEN 1 ELSE 0 END"
    value = f"CASE WHEN {is_action} THEN {_enc(f'{r}.functions')} ELSE '-' END"
    ai = f"CASE WHEN {is_action} AND {r}.ai_cause THEN 1 ELSE 0 END"
    jobs = f"CASE WHEN {is_action} THEN coalesce({r}.headcount, 0) ELSE 0 END"
    same = "IS NOT DISTINCT FROM" if pg else "IS"
    key = (
        f"tenant = {r}.tenant AND company_key = {r}.company_key AND action = {action} "
        f"AND value = {value}"
    )
    newer = (
        "excluded.n > 0 AND (excluded.latest > company_rollup.latest OR "
        "(excluded.latest = company_rollup.latest AND excluded.latest_id > company_rollup.latest_id))"
    )
    out = [
        "INSERT INTO company_rollup "
        "(tenant, company_key, action, value, n, ai_n, jobs, latest, latest_id) "
        f"SELECT {r}.tenant, {r}.company_key, {action}, {value}, {sign}, {sign} * {ai}, "
        f"{sign} * {jobs}, {r}.published, {r}.id WHERE {r}.company_key IS NOT NULL "
        "ON CONFLICT (tenant, company_key, action, value) DO UPDATE SET "
        "n = company_rollup.n + excluded.n, ai_n = company_rollup.ai_n + excluded.ai_n, jobs = company_rollup.jobs + excluded.jobs, "
        f"latest = CASE WHEN {newer} THEN excluded.latest ELSE company_rollup.latest END, "
        f"latest_id = CASE WHEN {newer} THEN excluded.latest_id ELSE company_rollup.latest_id END;"
    ]
    if sign == "1":
        return "\n".join(out)
    # SQLite has no statistics here and chose the (tenant, published) index for the
    # re-read below, walking the tenant's stories newest first until one of the company's
    # turned up: ~85 ms a grown story at 1M stories (#14). '+' keeps tenant off any index,
    # so the company index answers it (~0.03 ms). PostgreSQL plans from statistics.
    tenant = "x.tenant" if pg else "+x.tenant"
    sub = [
        f"DELETE FROM company_rollup WHERE {key} AND n = 0;",
        # The newest story of the group left it: find the group's newest again.
        "UPDATE company_rollup SET (latest, latest_id) = (SELECT x.published, x.id "
        f"FROM stories x WHERE x.company_key = {r}.company_key AND {tenant} = {r}.tenant "
        f"AND (x.kind IN ({_KINDS})) = ({is_action}) "
        f"AND (NOT ({is_action}) OR x.functions {same} {r}.functions) "
        f"ORDER BY x.published DESC, x.id DESC LIMIT 1) WHERE {key} AND latest_id = {r}.id;",
    ]
    if pg:
        return out[0] + "\n    IF s < 0 THEN\n        " + "\n        ".join(sub) + "\n    END IF;"
    return "\n".join(out + sub)


# ------------------------------------------------------------------ SQLite
def _sqlite_apply(r: str, sign: int, guarded: bool = True) -> str:
    """The statements that add (`sign` 1) or subtract (-1) story row `r` ('new'/'old').

    `guarded`: a subtraction's clean-up (the emptied rows' DELETE, the first's re-read)
    runs only for a row the roll-up counted, its condition first: a term on `r` alone
    is tested once before any lookup (migration 0011). Unguarded, as 0006-0010 wrote
    them, every story's update looked up its day's and its groups' rows, 9 seeks."""

    def guard(kinds_only: bool = False) -> str:
        if not guarded:
            return ""
        ai = "" if kinds_only else f" AND {r}.ai_cause"
        return f"{r}.kind IN ({_KINDS}){ai} AND "

    day = f"substr({r}.published, 1, 10)"
    ai_jobs = f"CASE WHEN {r}.ai_cause THEN coalesce({r}.headcount, 0) ELSE 0 END"
    out = [
        _company_apply(r, str(sign), pg=False),
        f"INSERT INTO trend_days (tenant, day, actions, ai_actions, ai_jobs) "
        f"SELECT {r}.tenant, {day}, {sign}, {sign} * {r}.ai_cause, {sign} * {ai_jobs} "
        f"WHERE {r}.kind IN ({_KINDS}) "
        "ON CONFLICT (tenant, day) DO UPDATE SET actions = actions + excluded.actions, "
        "ai_actions = ai_actions + excluded.ai_actions, ai_jobs = ai_jobs + excluded.ai_jobs;",
    ]
    if sign < 0:
        out.append(
            f"DELETE FROM trend_days WHERE {guard(kinds_only=True)}tenant = {r}.tenant "
            f"AND day = {day} AND actions = 0;"
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
                out.append(f"DELETE FROM {table.name} WHERE {guard()}{where} AND n = 0;")
                # The first story of the group left it: read the group's first again.
                out.append(
                    f"UPDATE {table.name} SET first = (SELECT min(s.published) FROM stories s "
                    f"WHERE s.kind IN ({_KINDS}) AND s.ai_cause = 1 "
                    f"AND s.published >= {lo.format(p=period)} "
                    f"AND s.published < {hi.format(p=period)} "
                    f"AND s.tenant = {r}.tenant AND s.{column} IS {r}.{column}) "
                    f"WHERE {guard()}{where} AND first = {r}.published;"
                )
    return "\n".join(out)


_WATCHED = (
    "kind",
    "ai_cause",
    "published",
    "headcount",
    "company_label",
    "company_key",
    "functions",
    "tenant",
)


_NAMED = "new.company_label IS NOT NULL AND new.company_label != ''"


def sqlite_triggers(guarded: bool = True) -> list[str]:
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
        f"{_sqlite_apply('old', -1, guarded)}\nEND",
        f"CREATE TRIGGER trend_rollup_update AFTER UPDATE ON stories WHEN {changed} BEGIN\n"
        f"{_sqlite_apply('old', -1, guarded)}\n{_sqlite_apply('new', 1)}\nEND",
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
    {_company_apply("r", "s", pg=True)}
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
    f"DELETE FROM {t}"
    for t in ("trend_days", "trend_months", "trend_day_groups", "company_rollup", "company_names")
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
    is_action = f"kind IN ({_KINDS})"
    action = f"CASE WHEN {is_action} THEN 1 ELSE 0 END"
    value = f"CASE WHEN {is_action} THEN {_enc('functions')} ELSE '-' END"
    out.append(
        "INSERT INTO company_rollup "
        "(tenant, company_key, action, value, n, ai_n, jobs, latest, latest_id) "
        f"SELECT tenant, company_key, {action}, {value}, count(*), "
        f"sum(CASE WHEN {is_action} AND {ai} THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {is_action} THEN coalesce(headcount, 0) ELSE 0 END), "
        "max(published), 0 FROM stories WHERE company_key IS NOT NULL "
        f"GROUP BY tenant, company_key, {action}, {value}"
    )
    out.append(  # the newest of the group: the highest id of those published last
        "UPDATE company_rollup SET latest_id = (SELECT max(x.id) FROM stories x "
        "WHERE x.company_key = company_rollup.company_key "
        "AND x.tenant = company_rollup.tenant AND x.published = company_rollup.latest "
        f"AND (x.kind IN ({_KINDS})) = (company_rollup.action = 1) "
        f"AND (company_rollup.action = 0 OR {_enc('x.functions')} = company_rollup.value))"
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
