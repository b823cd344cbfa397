"""Reading the trends roll-up (bot/store/rollup.py): whole days and months from its
tables, cut out of a period, and summed with the ranges read from the stories."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, String, func, select, type_coerce

from bot.models import Story
from bot.store.rollup import GROUP_TABLES, company_rollup, decode, trend_days
from bot.store.rows import ACTION_KINDS, CompanyTotals, TrendDay, TrendTotals, _json_list

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


def read_company(conn: Connection, company_key: str, tenant: str) -> list[Any]:
    """The company's `company_rollup` rows for the operator and `tenant`: (action,
    functions or None, stories, AI-attributed, jobs, newest published, its id)."""
    t = company_rollup.c
    latest: Any = type_coerce(t.latest, String) if conn.dialect.name == "sqlite" else t.latest
    rows = conn.execute(
        select(t.action, t.value, t.n, t.ai_n, t.jobs, latest, t.latest_id).where(
            t.company_key == company_key, t.tenant.in_(sorted({"", tenant}))
        )
    ).all()
    return [
        (int(a), decode(v) if a else None, n, ai, jobs, latest_at, latest_id)
        for a, v, n, ai, jobs, latest_at, latest_id in rows
    ]


@dataclass
class CompanySums:
    """`/layoffs <company>`'s totals summed from roll-up rows and single stories. A group
    per (action or not, set of functions): [stories, AI-attributed, jobs, newest
    published, its id]."""

    groups: dict[tuple[int, str | None], list[Any]] = field(default_factory=dict)

    def add(
        self,
        action: int,
        fns: str | None,
        n: int,
        ai: int,
        jobs: int,
        latest: Any,
        latest_id: int,
    ) -> tuple[int, str | None]:
        key = (action, fns)
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = [int(n), int(ai), int(jobs), latest, int(latest_id)]
            return key
        group[0] += int(n)
        group[1] += int(ai)
        group[2] += int(jobs)
        if n > 0 and (group[3] is None or (latest, latest_id) > (group[3], group[4])):
            group[3], group[4] = latest, int(latest_id)
        return key

    def add_story(
        self,
        kind: str,
        ai: bool,
        headcount: int | None,
        fns: str | None,
        published: Any,
        story_id: int,
        sign: int,
    ) -> tuple[int, str | None]:
        """Add (`sign` 1) or take out (-1) one story."""
        if kind in ACTION_KINDS:
            return self.add(
                1, fns, sign, sign * bool(ai), sign * (headcount or 0), published, story_id
            )
        return self.add(0, None, sign, 0, 0, published, story_id)

    def totals(self, shown: tuple[Story, ...]) -> CompanyTotals:
        live = {k: g for k, g in self.groups.items() if g[0] > 0}
        actions = [g for (action, _f), g in live.items() if action]
        functions: Counter[str] = Counter()
        # In order of the newest story naming each function, as counting newest first.
        by_newest = sorted(
            ((k, g) for k, g in live.items() if k[0]),
            key=lambda kg: (kg[1][3], kg[1][4]),
            reverse=True,
        )
        for (_action, fns), group in by_newest:
            for f in _json_list(fns):
                functions[f] += group[0]
        return CompanyTotals(
            sum(g[0] for g in live.values()),
            sum(g[0] for g in actions),
            sum(g[1] for g in actions),
            sum(g[2] for g in actions),
            functions,
            shown,
        )
