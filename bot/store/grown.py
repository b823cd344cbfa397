"""A grown story's UPDATE: only the columns whose stored value changes (#14).

In a cold poll nearly every item grows a stored story (4,436 growths of 368 stories for
200 feeds x 25 items), and most growths change its count, search text, digest and tally
but neither its headline nor its tags nor its date. SQLite updates every index of a
column an UPDATE sets, whether the value changed or not, and a story's columns are in
seven indexes (and two generated columns): setting only what changed leaves them alone.
The values written are the ones `IngestBatch` would write; a column left out holds them
already (compared as the driver stores them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Dialect

from bot.store.tables import stories

# A grown story's columns that most growths leave as they were, in `StoryDraft.settled`'s
# order; the last seven are those the tags decide. The columns the roll-up triggers watch
# (bot/store/rollup.py) are among these: a row that changes none of them fires none.
SETTLED = (
    "headline",
    "summary",
    "summary_weight",
    "published",
    "tags",
    "kind",
    "ai_cause",
    "company",
    "company_key",
    "headcount",
    "percent",
)
_WATCHED = frozenset(SETTLED[3:])


def update_groups(
    dialect: Dialect, rows: list[tuple[dict[str, Any], tuple[Any, ...]]]
) -> list[list[dict[str, Any]]]:
    """The grown stories' UPDATE rows (every column, and the story's SETTLED columns as
    stored), in groups of the same columns, one executemany each. A column of SETTLED is
    written again only if its value as stored changes. A row that changes a column the triggers watch keeps every column and
    its place among those rows: the triggers' writes (roll-ups, company names) happen in
    the same order as when every row set every column."""
    full: list[dict[str, Any]] = []
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    processors = _processors(dialect)
    unknown = (_UNKNOWN,) * len(SETTLED)
    for row, settled in rows:
        same = [
            c
            for c, process, stored in zip(SETTLED, processors, settled or unknown, strict=True)
            if _as_stored(process, row[c], stored)
        ]
        if not _WATCHED.issubset(same):
            full.append(row)
            continue
        for c in same:
            del row[c]
        groups.setdefault(tuple(row), []).append(row)
    return [full, *groups.values()] if full else list(groups.values())


def _as_stored(process: Callable[[Any], Any] | None, value: Any, stored: Any) -> bool:
    """Would writing `value` (through the column's bind processor) store `stored` again
    (the driver's value)?"""
    if process is not None and value is not None:
        value = process(value)
    if type(value) is not type(stored):  # _UNKNOWN too: never the same
        return False
    return value == stored and (type(value) is not float or repr(value) == repr(stored))


_PROCESSORS: dict[tuple[str, str], tuple[Callable[[Any], Any] | None, ...]] = {}


def _processors(dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
    """SETTLED's bind processors for this dialect, in order: looked up once, not once per
    column of every grown row (4,436 rows x 11 columns per cold poll, #14)."""
    key = (dialect.name, dialect.driver)
    if key not in _PROCESSORS:
        _PROCESSORS[key] = tuple(
            stories.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in SETTLED
        )
    return _PROCESSORS[key]


_UNKNOWN = object()  # a story's stored value not read: never the same
