"""Which item's title (and summary) a story shows: its headline.

A story's headline is the title of the item with the most text, the first of equals, among
its items of the story's kind: a story tagged a layoff of 2,000 that a hiring-freeze item
of more text joined kept "Klarna freezes hiring" beside "Kind: Layoff, 2,000 jobs" (trial
15). An item of another kind is the headline only until one of the story's kind comes.

The batch grows a story item by item, so the rule is applied as each item comes, once the
story's tags count it: the kind of the item shown is kept in memory (`StoryDraft`), and read
back from the store only for a stored story whose items are not all of one kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, select

from bot.models import Kind, Tags
from bot.store.tables import items
from bot.story_tags import Vote

if TYPE_CHECKING:
    from bot.store.batch import StoryDraft
    from bot.store.rows import NewItem


def show_item(draft: StoryDraft, item: NewItem, before: Sequence[Vote], conn: Connection) -> bool:
    """Make the item the headline of the story it joined (whose tags count it now) if
    `takes_headline`; `before` are the story's votes before it. True if it did."""

    def held_kind() -> Kind | None:
        if draft.headline_kind is None and draft.id is not None:
            draft.headline_kind = uniform_kind(before) or stored_headline_kind(
                conn, draft.id, draft.headline
            )
        return draft.headline_kind

    if not takes_headline(
        draft.tags.kind, draft.summary_weight, held_kind, item.tags.kind, item.weight
    ):
        return False
    draft.headline, draft.summary, draft.summary_weight = item.title, item.summary, item.weight
    draft.headline_kind = item.tags.kind
    return True


def takes_headline(
    story_kind: Kind,
    held_weight: int,
    held_kind: Callable[[], Kind | None],
    kind: Kind,
    weight: int,
) -> bool:
    """Does an item of `kind` and `weight` (its text's length) become the headline of a story
    of `story_kind` whose headline item has `held_weight`? `held_kind` (that item's kind,
    None if unknown: taken as the story's) is asked only when the answer depends on it."""
    if (kind == story_kind) == (weight > held_weight):
        return kind == story_kind  # of the story's kind and longer, or neither
    shown = held_kind()
    return (kind == story_kind, weight) > (shown in (None, story_kind), held_weight)


def uniform_kind(votes: Sequence[Vote]) -> Kind | None:
    """The kind of every item of these votes if they have one (a stored story's headline
    item is then of that kind, without reading it back), else None."""
    kinds = set(map(_KIND, votes))  # (no comprehension: once per stored story a batch grows)
    return kinds.pop() if len(kinds) == 1 else None


_KIND = attrgetter("tags.kind")


def stored_headline_kind(conn: Connection, story_id: int, headline: str) -> Kind | None:
    """The kind of a stored story's item whose title is its headline (None if none is)."""
    row = conn.execute(_HEADLINE_ITEM, {"b_id": story_id, "b_title": headline}).first()
    return None if row is None else Tags.from_json(json.loads(row[0])).kind


_HEADLINE_ITEM = (
    select(items.c.tags)
    .where(items.c.story_id == bindparam("b_id"), items.c.title == bindparam("b_title"))
    .order_by(items.c.id)
    .limit(1)
)
