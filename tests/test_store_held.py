"""A story the process wrote last is grown from its own copy, not read back (#14,
bot/store/held.py): the copy must be what a read gives, and must not stand for a story
another process (or a batch rolled back) left otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.links import canonical_link
from bot.models import Kind, Tags
from bot.store import NewItem, Store
from bot.store.batch import _STORY_INDEX, _STORY_STATE
from bot.store.candidates import _published, driver_statement
from bot.store.tables import stories
from bot.stories import CandidateScope, StoryCandidate

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
USED = [0]  # growths from the process's copy (counted by `_grow`)
FIRST = NOW - timedelta(days=5)


def _item(n: int, title: str, **changes: Any) -> NewItem:
    link = f"https://news{n}.example/acme/{n}"
    item = NewItem(
        feed_id=None,
        guid=f"g{n}",
        link=link,
        canonical_link=canonical_link(link),
        title=title,
        publisher=f"Outlet {n % 7}",
        published=FIRST + timedelta(hours=n),
        summary=f"{title}. More on the cuts.",
        tags=Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Acme",), headcount=100),
        weight=10 + n % 3,
    )
    return replace(item, **changes)


def _read(conn: Any, story_id: int) -> tuple[tuple[Any, ...], dict[str, datetime]]:
    """A story's state row and index keys as `IngestBatch._load` reads them."""
    state = driver_statement(conn.dialect, "story_state", lambda: _STORY_STATE)
    (row,) = state.run(conn, {"b_id": story_id})
    index = driver_statement(conn.dialect, "story_index", lambda: _STORY_INDEX)
    keys = {k: _published(index.time, t) for k, t in index.run(conn, {"b_id": story_id})}
    return tuple(row), keys


def _grow(store: Store, item: NewItem, keys: list[str], *, fail: bool = False) -> StoryCandidate:
    """One announcing batch filing `item` into the stored story (or opening it); the
    candidate it met. Before filing, the process's copy (if used) must equal a read."""
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=NOW + timedelta(minutes=item.weight), announce=True)
        since = NOW - timedelta(days=30)
        scope = CandidateScope(item.published, ("layoff",), since, NOW, None)
        found = batch.candidates(keys, since, NOW, scope)
        if found:
            held = store.held.find(found[0])
            if held is not None:
                USED[-1] += 1
                row, read_keys = _read(conn, found[0].id)
                assert (tuple(held[0][:7]), bool(held[0][7]), tuple(held[0][8:])) == (
                    row[:7],
                    bool(row[7]),
                    row[8:],
                )
                assert [type(v) for v in held[0]][:7] == [type(v) for v in row][:7]
                assert held[1] == read_keys
            batch.add_to_story(found[0], item, None, keys)
        else:
            batch.new_story("acme-cuts", item, keys)
        batch.flush()
        if fail:
            raise RuntimeError("the batch fails after its flush")
    return found[0] if found else StoryCandidate(0, "", "", item.tags, item.published)


def _stored(store: Store) -> list[tuple[Any, ...]]:
    with store.tx() as conn:
        return [tuple(r) for r in conn.execute(select(stories).order_by(stories.c.id))]


def test_a_story_grown_from_the_process_copy_is_stored_as_if_read_back(
    database_url: str,
) -> None:
    """Thirty batches growing one story (its summary, date, tags, keys and tally moving,
    its search text past the cap): each copy equals a read (checked in `_grow`), and the
    stored story equals the one a process that reads every story back leaves."""
    items = [_item(0, "Acme cuts 100 jobs " + "quarterly " * 1800)]
    for n in range(1, 30):
        more = {"weight": 40} if n == 7 else {}
        if n % 5 == 0:
            more["tags"] = replace(items[0].tags, headcount=100 + n, companies=("Acme", "Acme AI"))
        if n == 11:
            more["published"] = FIRST - timedelta(days=1)
        items.append(_item(n, f"Acme cuts 100 jobs, report {n}", **more))
    results = []
    for forget in (False, True):
        store = Store.open(database_url)
        try:
            with store.tx() as conn:
                conn.execute(stories.delete())
            USED.append(0)
            for n, item in enumerate(items):
                if forget:
                    store.held.clear()
                _grow(store, item, ["co:acme", f"w:report{n % 4}"])
            results.append([r[1:] for r in _stored(store)])  # but the id
            assert USED.pop() == (0 if forget else len(items) - 1)  # copies used
        finally:
            store.close()
    assert results[0] == results[1]


def _candidate(store: Store) -> StoryCandidate:
    with store.tx() as conn:
        since = NOW - timedelta(days=30)
        scope = CandidateScope(NOW, ("layoff",), since, NOW, None)
        return store.story_candidates(conn, ["co:acme"], since, NOW, scope)[0]


def test_a_story_another_process_grew_is_read_again(database_url: str) -> None:
    """Two stores on one database (two processes): the first's copy of a story the second
    grew since is not used, so the first's next growth keeps the second's item."""
    one, two = Store.open(database_url), Store.open(database_url)
    try:
        _grow(one, _item(0, "Acme cuts 100 jobs"), ["co:acme"])
        _grow(one, _item(1, "Acme cuts 100 jobs, more"), ["co:acme"])
        _grow(two, _item(2, "Acme cuts 100 jobs, zebrafish"), ["co:acme", "w:zebrafish"])
        assert one.held.find(_candidate(one)) is None
        _grow(one, _item(3, "Acme cuts 100 jobs, later"), ["co:acme"])
        with one.tx() as conn:
            (text, count) = conn.execute(select(stories.c.search_text, stories.c.item_count)).one()
            (story_id,) = conn.execute(select(stories.c.id)).one()
            keys = _read(conn, story_id)[1]
        assert "zebrafish" in text and count == 4 and "w:zebrafish" in keys
    finally:
        one.close()
        two.close()


def test_a_batch_rolled_back_leaves_no_copy(store: Store) -> None:
    _grow(store, _item(0, "Acme cuts 100 jobs"), ["co:acme"])
    before = store.held.find(_candidate(store))
    assert before is not None  # the committed batch's copy
    with pytest.raises(RuntimeError):
        _grow(store, _item(1, "Acme cuts 100 jobs, more"), ["co:acme"], fail=True)
    assert store.held.find(_candidate(store)) == before  # still the committed state's
    _grow(store, _item(2, "Acme cuts 100 jobs, later"), ["co:acme"])
    with store.tx() as conn:
        assert conn.execute(select(stories.c.item_count)).scalar_one() == 2


def test_a_silent_story_is_not_held(store: Store) -> None:
    """A story filed without announcing may be announced by its growth (promote.py): its
    flag is read from the store, never from a copy."""
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=NOW, announce=False)
        batch.new_story("acme-cuts", _item(0, "Acme cuts 100 jobs"), ["co:acme"])
        batch.flush()
    assert store.held.find(_candidate(store)) is None
