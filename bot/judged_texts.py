"""Judgements kept by the text judged, for an item whose text an earlier item had (#14).

The rule-based judgement of an item (its tags and summary, and what its filing makes of
them alone: index keys, the facts of its text, its tags' JSON, whether its figure is a
local one) is a function of the cleaned headline, text and publisher: nothing else of the
item is read (`bot.tagging`, `bot.summarize`, `bot.filing`'s `of_text`). Feeds carry the
same text more than once: a wire story syndicated by several outlets, a story in a
section's feed and the front page's, the bench's peer feeds (424 texts among 5,000 items).
The judges' worker keeps the last judgements by that text and judges a repeat once; its
link and date, which differ, are filed as ever. It keeps the cleaning too (`cleaned`: the
headline, text and publisher by the item's title, summary and content as the feed gave
them, its source and author), which a repeat would otherwise do again.

Bounded in entries and in characters kept (a full-content feed's text can be tens of KB);
the oldest go first.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from bot.filing import OfText
    from bot.models import RawItem, Tags
    from bot.text import Cleaned

K = TypeVar("K")
V = TypeVar("V")

ENTRIES = 2_048
CHARS = 4_000_000  # characters of text held at most, each (a few MB for RSS descriptions)


class Kept(Generic[K, V]):
    """Values by key, the oldest dropped past `entries` keys or `chars` characters (each
    entry's size given by the caller). Thread-safe."""

    __slots__ = ("_values", "_lock", "entries", "chars", "_held")

    def __init__(self, entries: int = ENTRIES, chars: int = CHARS) -> None:
        self._values: dict[K, tuple[V, int]] = {}
        self._lock = threading.Lock()
        self.entries, self.chars, self._held = entries, chars, 0

    def get(self, key: K) -> V | None:
        found = self._values.get(key)
        return None if found is None else found[0]

    def put(self, key: K, value: V, size: int) -> None:
        if size > self.chars:
            return
        with self._lock:
            if key in self._values:
                return
            while self._values and (
                len(self._values) >= self.entries or self._held + size > self.chars
            ):
                oldest = next(iter(self._values))
                self._held -= self._values.pop(oldest)[1]
            self._values[key] = (value, size)
            self._held += size

    def __len__(self) -> int:
        return len(self._values)


# The item as the feed gave it, what `bot.text.cleaned` reads: title, summary, content,
# source, author.
RawText = tuple[str, str, str, "str | None", "str | None"]
# A judged text (cleaned headline, text, publisher) and what is known of it: its summary,
# tags and the filing's `of_text`.
JudgedText = tuple[str, str, "str | None"]
KnownText = tuple[str, "Tags", "OfText"]


class JudgedTexts:
    """A worker's texts cleaned and judged before."""

    __slots__ = ("cleaned", "judged")

    def __init__(self) -> None:
        self.cleaned: Kept[RawText, Cleaned] = Kept()
        self.judged: Kept[JudgedText, KnownText] = Kept()


def raw_text(raw: RawItem) -> tuple[RawText, int]:
    """The key `cleaned` keeps an item's cleaning by, and its size in characters."""
    key = (raw.title, raw.summary_html, raw.content_html, raw.source, raw.author)
    return key, len(raw.title) + len(raw.summary_html) + len(raw.content_html)
