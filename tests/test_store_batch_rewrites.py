"""A grown story's flush writes again only what changed (#14): its search index when its
text did, its tally when its kept votes did; what a reader gets stays the same."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.links import canonical_link
from bot.models import Kind, Tags
from bot.store import NewItem, Store
from bot.store.batch import MAX_SEARCH_TEXT
from bot.store.tables import stories
from bot.stories import CandidateScope
from bot.story_tags import TALLY_VOTES
from bot.timeutil import as_utc

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
KEYS = ["co:acme"]


def _item(n: int, title: str, published: datetime) -> NewItem:
    link = f"https://news{n}.example/acme/{n}"
    return NewItem(
        feed_id=None,
        guid=f"g{n}",
        link=link,
        canonical_link=canonical_link(link),
        title=title,
        publisher=f"Outlet {n}",
        published=published,
        summary=f"{title}. More on the cuts.",
        tags=Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Acme",), headcount=100),
        weight=10,  # never heavier than the first: the story's summary stays
    )


def _grow(store: Store, n: int, title: str, published: datetime) -> None:
    """One batch filing one item into the stored story (or opening it)."""
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=NOW, announce=False)
        since = NOW - timedelta(days=30)
        scope = CandidateScope(published, ("layoff",), since, NOW, None)
        found = batch.candidates(KEYS, since, NOW, scope)
        item = _item(n, title, published)
        if found:
            batch.add_to_story(found[0], item, None, KEYS)
        else:
            batch.new_story("acme-cuts", item, KEYS)
        batch.flush()


def _row(store: Store) -> tuple[str, str]:
    with store.tx() as conn:
        text, tally = conn.execute(select(stories.c.search_text, stories.c.tally)).one()
    return str(text), str(tally)


def test_a_story_past_its_search_text_cap_is_still_found_by_its_words(store: Store) -> None:
    first = NOW - timedelta(days=5)
    _grow(store, 0, "Acme cuts jobs " + "quarterly " * 2200, first)
    _grow(store, 1, "Acme cuts more jobs", first + timedelta(hours=1))
    text, _ = _row(store)
    assert len(text) == MAX_SEARCH_TEXT  # cut when the story grew
    _grow(store, 2, "Acme layoffs reach warehouses zebrafish", first + timedelta(hours=2))
    assert _row(store)[0] == text  # the later title is cut off: the text is the same
    assert [s.headline[:9] for s in store.search_stories("quarterly")] == ["Acme cuts"]
    assert store.search_stories("zebrafish") == []
    assert store.search_stories("warehouse") == []


def test_a_tally_is_kept_as_stored_when_a_later_report_is_not_among_the_earliest(
    store: Store,
) -> None:
    first = NOW - timedelta(days=5)
    for n in range(TALLY_VOTES):
        _grow(store, n, f"Acme cuts 100 jobs, report {n}", first + timedelta(minutes=n))
    _, tally = _row(store)
    assert len(json.loads(tally)) == TALLY_VOTES
    _grow(store, 99, "Acme cuts 100 jobs, a late report", first + timedelta(days=1))
    assert _row(store)[1] == tally
    _grow(store, 100, "Acme cuts 100 jobs, an early report", first - timedelta(days=1))
    changed = json.loads(_row(store)[1])
    assert len(changed) == TALLY_VOTES and changed != json.loads(tally)


def _grow_checked(store: Store, n: int, item: NewItem) -> None:
    """File `item` into the stored story; its row is then every value the batch decided,
    as a flush setting every column would have left it (bot/store/grown.py)."""
    from bot.store.grown import story_values

    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=NOW + timedelta(minutes=n), announce=False)
        since = NOW - timedelta(days=30)
        scope = CandidateScope(as_utc(item.published), ("layoff",), since, NOW, None)
        (found,) = batch.candidates(KEYS, since, NOW, scope)
        draft = batch.add_to_story(found, item, None, KEYS)
        want = story_values(draft, NOW + timedelta(minutes=n))
        batch.flush()
        (row,) = conn.execute(select(*(stories.c[c] for c in want))).mappings()
    for column, value in want.items():
        got = row[column]
        assert (as_utc(got) if column in ("published", "updated") else got) == value, column


def test_a_grown_story_holds_every_value_whichever_columns_changed(store: Store) -> None:
    first = NOW - timedelta(days=5)
    _grow(store, 0, "Acme cuts 100 jobs", first)
    item = _item(1, "Acme cuts 100 jobs, more", first + timedelta(hours=1))
    _grow_checked(store, 1, item)  # count, text, digest: the rest as it was
    _grow_checked(store, 2, replace(item, guid="g2", published=first - timedelta(hours=1)))
    _grow_checked(
        store, 3, replace(item, guid="g3", title="Acme cuts 100 jobs: a long read", weight=99)
    )
    bigger = replace(item.tags, headcount=900, companies=("Acme", "Acme Labs"))
    for n in range(4, 8):  # the story's tags move: the row keeps every column
        _grow_checked(store, n, replace(item, guid=f"g{n}", tags=bigger))
    with store.tx() as conn:
        tags, count = conn.execute(select(stories.c.tags, stories.c.item_count)).one()
    assert json.loads(tags)["companies"] == ["Acme", "Acme Labs"] and count == 8


def test_a_grown_row_sets_only_the_settled_columns_it_changes() -> None:
    from sqlalchemy.dialects import sqlite

    from bot.store.grown import SETTLED, update_groups

    dialect = sqlite.dialect()
    stored = ("Acme", "Acme cuts.", 10, '{"layoff": []}', "2026-06-01 12:00:00.000000", "{}")
    stored += ("layoff", 1, "Acme", "acme", 100, None)
    base = dict(zip(SETTLED, stored, strict=True))
    base.update(published=NOW, ai_cause=True, item_count=2, updated=NOW, search_text="t")

    def row(n: int, **changed: object) -> tuple[dict[str, object], tuple[object, ...]]:
        return {**base, **changed, "b_id": n}, stored

    shown = dict(headline="Acme cuts more", summary="More.", summary_weight=20, best="{}")
    calm = [row(1), row(3, **shown), row(5), row(7, best="{}")]
    narrow, heavier, other_best = update_groups(dialect, calm)
    assert [r["b_id"] for r in narrow] == [1, 5]
    assert set(narrow[0]) == {"item_count", "updated", "search_text", "b_id"}
    assert [r["b_id"] for r in heavier] == [3]
    assert set(heavier[0]) == set(narrow[0]) | {"headline", "summary", "summary_weight", "best"}
    assert [r["b_id"] for r in other_best] == [7]
    assert set(other_best[0]) == set(narrow[0]) | {"best"}

    # Rows changing a watched column (the triggers' roll-ups): every column, in one
    # statement first, in their order (the triggers' writes keep their order); the
    # others narrow, after them.
    moved = [
        row(1),
        row(2, headcount=200),  # the tags' columns: the triggers watch them
        row(3, headline="Acme cuts more", summary="More.", summary_weight=20),
        row(4, published=NOW - timedelta(hours=1)),
        row(5),
        row(6, percent=0.0),  # None stored
    ]
    watched, calm_rows, heavier_rows = update_groups(dialect, moved)
    assert [r["b_id"] for r in watched] == [2, 4, 6]
    assert all(set(r) == set(base) | {"b_id"} for r in watched)
    assert [r["b_id"] for r in calm_rows] == [1, 5]
    assert set(calm_rows[0]) == set(narrow[0])
    assert [r["b_id"] for r in heavier_rows] == [3]
    assert set(heavier_rows[0]) == set(narrow[0]) | {"headline", "summary", "summary_weight"}
