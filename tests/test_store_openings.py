"""A story's digest keeps each item's opening beside its summary (bot.story_openings):
what a candidate brings back, first and latest items alike, through growths in several
batches; a digest kept before openings were (two lists) shows its summaries, and a growth
keeps the lists aligned. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.links import canonical_link
from bot.models import Kind, Tags
from bot.store import NewItem, Store
from bot.store.candidates import TITLES_PER_END
from bot.store.tables import stories
from bot.stories import WINDOW, CandidateScope, StoryCandidate
from bot.story_openings import openings_of

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
KEYS = ["co:acme"]
TAGS = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Acme",), headcount=100)


def _item(n: int, opening: str = "") -> NewItem:
    link = f"https://news{n}.example/acme/{n}"
    return NewItem(
        feed_id=None,
        guid=f"g{n}",
        link=link,
        canonical_link=canonical_link(link),
        title=f"Title {n}",
        publisher=f"Outlet {n}",
        published=NOW + timedelta(minutes=n),
        summary=f"Summary {n}.",
        tags=TAGS,
        weight=10,
        opening=opening,
    )


def _candidates(store: Store) -> list[StoryCandidate]:
    with store.tx() as conn:
        return store.story_candidates(conn, KEYS, NOW - WINDOW, NOW + WINDOW)


def _file(store: Store, numbers: range, opening: bool = True) -> None:
    """One batch filing these items into the stored story (or opening it)."""
    scope = CandidateScope(NOW, ("layoff",), NOW - WINDOW, NOW + WINDOW, None)
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=NOW, announce=False)
        for n in numbers:
            item = _item(n, f"Opening {n}" if opening else "")
            found = batch.candidates(KEYS, NOW - WINDOW, NOW + WINDOW, scope)
            if found:
                batch.add_to_story(found[0], item, None, KEYS)
            else:
                batch.new_story("acme-cuts", item, KEYS)
        batch.flush()


def test_a_candidate_brings_its_items_openings_beside_their_summaries(store: Store) -> None:
    for numbers in (range(0, 1), range(1, 10), range(10, 20), range(20, 31)):
        _file(store, numbers)
    kept = [*range(TITLES_PER_END), *range(31 - TITLES_PER_END, 31)]
    (found,) = _candidates(store)
    assert found.titles == tuple(f"Title {n}" for n in kept)
    assert found.summaries == tuple(f"Summary {n}." for n in kept)
    assert found.openings == tuple(f"Opening {n}" for n in kept)
    assert openings_of(found) == found.openings


def test_an_item_filed_without_an_opening_shows_its_summary(store: Store) -> None:
    _file(store, range(0, 2), opening=False)
    (found,) = _candidates(store)
    assert found.openings == ("Summary 0.", "Summary 1.")


def test_a_digest_kept_before_openings_shows_summaries_and_grows_aligned(store: Store) -> None:
    _file(store, range(0, 2))
    with store.tx() as conn:  # as a story stored before session 15 keeps it: two lists
        (raw,) = conn.execute(select(stories.c.digest)).one()
        titles, summaries, _ = json.loads(raw)
        conn.execute(update(stories).values(digest=json.dumps([titles, summaries])))
    (old,) = _candidates(store)
    assert old.openings == openings_of(old) == ("Summary 0.", "Summary 1.")
    _file(store, range(2, 3))
    (grown,) = _candidates(store)
    assert grown.openings == ("Summary 0.", "Summary 1.", "Opening 2")


def test_an_opening_its_summary_begins_with_is_kept_once(store: Store) -> None:
    """~40% of items' summaries are their first sentences: the digest keeps such an
    opening as '' and the candidate reads it back from the summary."""
    _file(store, range(0, 1), opening=False)  # its opening: its summary's
    _file(store, range(1, 2))
    with store.tx() as conn:
        (raw,) = conn.execute(select(stories.c.digest)).one()
    assert json.loads(raw)[2] == ["", "Opening 1"]
    (found,) = _candidates(store)
    assert found.openings == ("Summary 0.", "Opening 1")
