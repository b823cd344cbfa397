"""Values of a pure, cached function of an item's text, worked out in another process and
handed to this one before it asks (#14).

The story rules (bot/stories.py and bot/story_*.py) keep what they work out of a text in
`functools.lru_cache`s: an item is compared with ~7 stories, and a story's headlines with
item after item. The first time the pipeline's one writer asks about a new item's own text
(its headline's words, the authors and people it names), the work is the item's alone, and
the judges' worker process has most of it in hand already (`bot.filing` files the item
under those words and names). So the worker sends it with the judged item
(`bot.story_item.ItemFacts`); the writer puts each value in the function's `Handed` and the
function, on its cache's miss, takes it instead of working it out. Same value: the same
function made it, from the same text.

A value never asked is dropped when the hand fills up (`LIMIT`): asked later, the function
works it out, as it would have.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Values held for items not filed yet: a batch's items are handed one at a time, just
# before each is filed, so a few are enough; most are taken at once or never asked.
LIMIT = 256


class Handed(Generic[K, V]):
    """One function's values by its arguments, each taken at most once."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[K, V] = {}

    def put(self, key: K, value: V) -> None:
        if len(self._values) >= LIMIT:
            self._values.clear()
        self._values[key] = value

    def take(self, key: K) -> V | None:
        """The value handed for these arguments, once; None when none was."""
        return self._values.pop(key, None) if self._values else None
