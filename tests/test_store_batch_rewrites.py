"""A grown story's flush writes again only what changed (#14): its search index when its
text did, its tally when its kept votes did; what a reader gets stays the same."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.links import canonical_link
from bot.models import Kind, Tags
from bot.store import NewItem, Store
from bot.store.batch import MAX_SEARCH_TEXT
from bot.store.tables import stories
from bot.stories import CandidateScope
from bot.story_tags import TALLY_VOTES

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
