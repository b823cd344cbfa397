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

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Dialect

from bot.store.candidates import digest_ends, story_digest
from bot.store.headline import dump_best
from bot.store.held import Held
from bot.store.rows import _company_key
from bot.store.tables import stories
from bot.story_tags import dump_tally

if TYPE_CHECKING:
    from bot.store.batch import StoryDraft

# A grown story's columns that most growths leave as they were, in `StoryDraft.settled`'s
# order; the last seven are those the tags decide. The columns the roll-up triggers watch
# (bot/store/rollup.py) are among these: a row that changes none of them fires none.
SETTLED = (
    "headline",
    "summary",
    "summary_weight",
    "best",
    "published",
    "tags",
    "kind",
    "ai_cause",
    "company",
    "company_key",
    "headcount",
    "percent",
)
_WATCHED = frozenset(SETTLED[4:])


def update_groups(
    dialect: Dialect, rows: list[tuple[dict[str, Any], tuple[Any, ...]]]
) -> list[list[dict[str, Any]]]:
    """The grown stories' UPDATE rows (every column, and the story's SETTLED columns as
    stored), in groups of the same columns, one executemany each.

    A column of SETTLED is written again only if its value as stored changes, but for the
    rows changing a column the triggers watch: those keep every column, in one group,
    first and in their order (the triggers' writes, roll-ups and company names, happen in
    the same order as when every row set every column); the others follow, whose values
    as stored fire no trigger. A row setting the indexed columns rewrites its entry in
    each of `stories`' seven indexes: widening the other rows of a batch to every column
    (session 15, one statement a batch) cost a cold 200 x 25 poll 0.26-0.29 s of
    `UPDATE stories` and 151 MB of WAL, against 0.20-0.22 s and 148 MB now (session 17,
    #14); a watched row's columns split by what changed cost more (0.58 s in 591
    statements, session 15)."""
    full: list[dict[str, Any]] = []
    narrow: list[tuple[dict[str, Any], list[str]]] = []
    processors = _processors(dialect)
    unknown = (_UNKNOWN,) * len(SETTLED)
    for row, settled in rows:
        same = [
            c
            for c, process, stored in zip(SETTLED, processors, settled or unknown, strict=True)
            if _as_stored(process, row[c], stored)
        ]
        if _WATCHED.issubset(same):
            narrow.append((row, same))
        else:
            full.append(row)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row, same in narrow:
        for c in same:
            del row[c]
        groups.setdefault(tuple(row), []).append(row)
    return ([full] if full else []) + list(groups.values())


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


def story_values(draft: StoryDraft, now: datetime) -> dict[str, Any]:
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
        "best": dump_best(draft.best) if draft.best_text is None else draft.best_text,
        # A stored story's titles came from its digest: these are its ends still.
        "digest": story_digest(draft.titles, draft.summaries, draft.openings),
        # Votes the batch left as they were (a busy story's later reports are not among
        # its earliest, bot.story_tags.with_vote): the stored text, not encoded again.
        "tally": dump_tally(draft.votes, replaces=draft.tally)
        if draft.votes_changed or draft.tally is None
        else draft.tally,
    }


def held_stories(dialect: Dialect, written: list[tuple[StoryDraft, dict[str, Any]]]) -> list[Held]:
    """This process's copy of the stories a batch wrote (their `story_values`), as
    `IngestBatch._load` would read them back (bot/store/held.py): values as the driver
    stores them. Announced stories only: a silent one's flag may change at the flush."""
    processors = _processors(dialect)
    out = []
    for d, values in written:
        if d.id is None or (d.silent if not d.seq else not d.announce):
            continue
        settled = [
            v if process is None or v is None else process(v)
            for process, v in zip(processors, (values[c] for c in SETTLED), strict=True)
        ]
        count = values["item_count"]
        row = (values["headline"], values["summary"], settled[4], count, values["search_text"])
        row += (values["summary_weight"], values["tally"], True, settled[3], *settled[5:])
        titles, summaries, _ = digest_ends(d.titles, d.summaries)
        keys = tuple(d.keys.items())
        out.append(Held(d.id, d.key, count, d.published, titles, summaries, row, keys))
    return out
