"""A story's headline is an item of the story's kind, then the longest (bot/store/headline.py):
trial 15 showed "Klarna freezes hiring…" beside "Kind: Layoff, 2,000 jobs"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.links import canonical_link
from bot.models import Kind, Tags
from bot.store import NewItem, Store
from bot.store.headline import better, shown
from bot.stories import CandidateScope

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
KEYS = ["co:klarna"]
FIRST = NOW - timedelta(days=2)


def _item(n: int, kind: Kind, title: str, weight: int, headcount: int | None = None) -> NewItem:
    link = f"https://news{n}.example/klarna/{n}"
    return NewItem(
        feed_id=None,
        guid=f"g{n}",
        link=link,
        canonical_link=canonical_link(link),
        title=title,
        publisher=f"Outlet {n}",
        published=FIRST + timedelta(minutes=n),
        summary=f"{title}. More.",
        tags=Tags(kind=kind, ai_cause=False, companies=("Klarna",), headcount=headcount),
        weight=weight,
    )


def _file(store: Store, *batch_items: NewItem) -> str:
    """File the items into one story in one batch (opening it if need be); its headline."""
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=NOW, announce=False)
        since = NOW - timedelta(days=30)
        for item in batch_items:
            scope = CandidateScope(item.published, ("layoff", "hiring_freeze"), since, NOW, None)
            found = batch.candidates(KEYS, since, NOW, scope)
            if found:
                batch.add_to_story(found[0], item, None, KEYS)
            else:
                batch.new_story("klarna", item, KEYS)
        batch.flush()
    (story,) = store.search_stories("Klarna")
    return story.headline


FREEZE = (Kind.HIRING_FREEZE, "Klarna freezes hiring as it leans on AI across teams", 50)
CUT = (Kind.LAYOFF, "Klarna to cut 2,000 jobs", 10, 2000)


@pytest.mark.parametrize("one_batch", [True, False])
def test_a_layoff_joining_a_longer_freeze_item_becomes_the_headline(
    store: Store, one_batch: bool
) -> None:
    freeze, cut = _item(0, *FREEZE), _item(1, *CUT)
    if one_batch:
        headline = _file(store, freeze, cut)
    else:  # the stored story's headline item read back: its items are of two kinds
        _file(store, freeze)
        headline = _file(store, cut)
    (story,) = store.search_stories("Klarna")
    assert story.tags.kind is Kind.LAYOFF and story.tags.headcount == 2000
    assert headline == "Klarna to cut 2,000 jobs"


def test_within_the_storys_kind_the_longest_item_stays_the_headline(store: Store) -> None:
    _file(store, _item(0, *FREEZE), _item(1, *CUT))
    # a longer freeze item: the story is now 2 freezes to 1 layoff, a hiring freeze
    assert _file(store, _item(2, Kind.HIRING_FREEZE, "Klarna pauses hiring", 60)) == (
        "Klarna pauses hiring"
    )
    # an item longer than the freeze items, but not of the story's kind: kept
    assert _file(store, _item(3, Kind.ANALYSIS, "What Klarna's AI bet means for fintech", 90)) == (
        "Klarna pauses hiring"
    )


def test_a_shorter_item_of_the_same_kind_leaves_the_headline(store: Store) -> None:
    _file(store, _item(0, *CUT))
    assert _file(store, _item(1, Kind.LAYOFF, "Klarna layoffs", 5, 2000)) == CUT[1]
    assert _file(store, _item(2, Kind.LAYOFF, "Klarna cuts 2,000 jobs in a longer item", 20)) == (
        "Klarna cuts 2,000 jobs in a longer item"
    )


def test_the_best_item_has_the_most_text_then_the_earliest_then_the_first_title() -> None:
    early, late = FIRST.isoformat(), NOW.isoformat()
    assert better((20, late, "b", ""), (10, early, "a", ""))
    assert better((10, early, "b", ""), (10, late, "a", ""))
    assert better((10, early, "a", "z"), (10, early, "b", "a"))
    assert not better((10, early, "a", ""), (10, early, "a", ""))
    layoff, freeze = (10, early, "cut", ""), (50, early, "freeze", "")
    assert shown({Kind.LAYOFF: layoff, Kind.HIRING_FREEZE: freeze}, Kind.LAYOFF) == layoff
    # none of the story's kind (a story stored without its best items): the best of any
    assert shown({Kind.LAYOFF: layoff, Kind.HIRING_FREEZE: freeze}, Kind.ANALYSIS) == freeze
    assert shown({}, Kind.LAYOFF) is None


def test_the_same_items_in_any_order_give_the_same_headline(store: Store) -> None:
    """A layoff story turned a hiring freeze by two freeze items, then a layoff again by
    two short layoff items: its longest layoff item is the headline only when it came
    last of the layoffs."""
    items = [
        _item(0, Kind.LAYOFF, "Klarna to cut 2,000 jobs as AI takes over support", 40, 2000),
        _item(1, Kind.HIRING_FREEZE, "Klarna freezes hiring", 50),
        _item(2, Kind.HIRING_FREEZE, "Klarna pauses hiring", 60),
        _item(3, Kind.LAYOFF, "Klarna cuts jobs", 10, 2000),
        _item(4, Kind.LAYOFF, "Klarna job cuts", 20, 2000),
    ]
    in_order = _file(store, *items)
    _empty(store)
    reordered = _file(store, *items[3:], *items[:3])
    assert in_order == reordered == "Klarna to cut 2,000 jobs as AI takes over support"


def _empty(store: Store) -> None:
    """The same items again, into an empty database."""
    with store.tx() as conn:
        conn.exec_driver_sql("DELETE FROM items")
        conn.exec_driver_sql("DELETE FROM story_keys")
        conn.exec_driver_sql("DELETE FROM stories")
    store.held.clear()


@pytest.mark.parametrize("one_batch", [True, False])
def test_a_kind_that_flips_twice_gives_the_same_headline_in_every_order(
    store: Store, one_batch: bool
) -> None:
    """Three layoff items and two hiring-freeze ones (a layoff story in the end), in orders
    whose story turns a freeze, a layoff, a freeze and a layoff again: the longest layoff
    item is the headline, whichever came when, in one batch or one batch per item."""
    cut = _item(0, Kind.LAYOFF, "Klarna to cut 2,000 jobs as AI takes over support", 40, 2000)
    freeze = _item(1, Kind.HIRING_FREEZE, "Klarna freezes hiring across its teams", 70)
    pause = _item(2, Kind.HIRING_FREEZE, "Klarna pauses hiring", 60)
    short = _item(3, Kind.LAYOFF, "Klarna cuts jobs", 10, 2000)
    shorter = _item(4, Kind.LAYOFF, "Klarna job cuts", 20, 2000)
    # an equal of `cut` in text, published later: `cut` stays the best
    same = _item(5, Kind.LAYOFF, "Klarna to cut 2,000 roles", 40, 2000)
    orders = [
        [cut, freeze, pause, short, shorter, same],
        [short, shorter, same, freeze, pause, cut],
        [freeze, short, pause, shorter, same, cut],  # freeze, layoff, freeze, layoff
        [freeze, cut, pause, short, same, shorter],  # freeze, layoff, freeze, layoff
    ]
    seen = []
    for order in orders:
        if one_batch:
            seen.append(_file(store, *order))
        else:
            seen.append([_file(store, item) for item in order][-1])
        (story,) = store.search_stories("Klarna")
        assert story.tags.kind is Kind.LAYOFF and story.item_count == len(order)
        _empty(store)
    assert seen == [cut.title] * len(orders)
