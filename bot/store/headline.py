"""Which item's title (and summary) a story shows: its headline.

A story's headline is the title of its best item of the story's kind: the one with the most
text, then the earliest published, then the first title and summary in sort order. A story
tagged a layoff of 2,000 that a hiring-freeze item of more text joined kept "Klarna freezes
hiring" beside "Kind: Layoff, 2,000 jobs" (trial 15). A story's kind is decided from its
items' votes (bot.story_tags), so it has an item of its kind; if not (a story stored before
this rule), the best item of any kind.

Kept item by item, the headline depended on the order the items came: a story whose kind
flipped back could not find its best item of that kind again (trial 16). The story now
keeps its best item of each kind (`stories.best`, migration 0012): an item replaces the
best of its kind if it is better, and the story shows the best of its current kind. A
function of the set of items, whatever their order; a growth costs one comparison.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from bot.models import Kind

if TYPE_CHECKING:
    from bot.store.batch import StoryDraft
    from bot.store.rows import NewItem

# An item as its story's best of its kind: (weight, published ISO time in UTC, title,
# summary). The weight is the length of the item's text (bot.pipeline).
Best = tuple[int, str, str, str]


def show_item(draft: StoryDraft, item: NewItem, published: str) -> bool:
    """Count the item (published at that ISO time) among the best items of the story it
    joined, whose tags count it now, and show the best of the story's kind. True if the
    story now shows this item (another one, shown again as the story's kind flipped back,
    gives False: the search text has its title, bot/store/batch.py)."""
    kind = item.tags.kind
    mine = (item.weight, published, item.title, item.summary)
    held = draft.best.get(kind)
    if held is None or better(mine, held):
        draft.best[kind] = mine
        draft.best_text = None
    top = shown(draft.best, draft.tags.kind)
    if top is None:
        return False
    draft.summary_weight = top[0]
    if (top[2], top[3]) == (draft.headline, draft.summary):
        return False
    draft.headline, draft.summary = top[2], top[3]
    return top is mine


def stored_best(
    text: str | None, kind: Kind, headline: tuple[int, datetime, str, str]
) -> dict[Kind, Best]:
    """A stored story's best items: from `stories.best`, or (NULL: a story written without
    them) its headline item as the best of its kind, with the story's first date."""
    if text is not None:
        return load_best(text)
    weight, published, title, summary = headline
    return {kind: (weight, published.isoformat(), title, summary)}


def better(a: Best, b: Best) -> bool:
    """Is `a` a better headline item than `b`: more text, then earlier, then the first
    title and summary in sort order (equal in all four: the same headline)."""
    if a[0] != b[0]:
        return a[0] > b[0]
    return a[1:] < b[1:]


def shown(best: Mapping[Kind, Best], kind: Kind) -> Best | None:
    """The item a story of `kind` with these best items shows (None: it has none)."""
    found = best.get(kind)
    if found is not None or not best:
        return found
    top: Best | None = None
    for b in best.values():
        if top is None or better(b, top):
            top = b
    return top


def dump_best(best: Mapping[Kind, Best]) -> str:
    """`stories.best` as stored: {kind: [weight, published, title, summary]}, by kind."""
    text = json.dumps({k.value: list(best[k]) for k in sorted(best)})
    _remember(text, dict(best))
    return text


def load_best(text: str) -> dict[Kind, Best]:
    """A story's best items from `stories.best` (read once per text: a growing story is
    read back as the text its last growth wrote)."""
    known = _LOADED.get(text)
    if known is None:
        known = {
            Kind(k): (int(w), str(p), str(t), str(s))
            for k, (w, p, t, s) in json.loads(text).items()
        }
        _remember(text, known)
    return dict(known)


_LOADED: OrderedDict[str, dict[Kind, Best]] = OrderedDict()
LOADED_KEPT = 512


def _remember(text: str, best: dict[Kind, Best]) -> None:
    _LOADED[text] = best
    _LOADED.move_to_end(text)
    while len(_LOADED) > LOADED_KEPT:
        _LOADED.popitem(last=False)
