"""Stored stories as this process's last batch wrote them, so the next batch that grows
one need not read it back (#14).

In a cold poll nearly every item grows a stored story, one feed's batch after another:
4,427 of 4,632 growths of a cold 200 x 25 poll read the story's state row (its search
text, up to 20,000 characters, and its tally) and its index keys back, just after the
previous batch wrote them. `IngestBatch.flush` hands this process's copy of each story it
wrote to `HeldStories` once the transaction has committed (`StoreBase.after_commit`);
`IngestBatch._load` uses it only while the candidate it matched (read in the growing
batch's own transaction) shows the story as written: same key, first date, item count and
digest titles and summaries. Only `IngestBatch` writes a story's row and index keys, and
every write adds an item, so another process's (or another batch's) growth changes the
count and the copy is not used; a story deleted and another filed under its id and key
would also need the same count and digest. A batch rolled back publishes nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (bot.stories only as a type: the store's start-up imports this)
    from bot.stories import StoryCandidate

# Stories kept (the most recently written): a cold 200 x 25 poll files ~370, a 25,000-item
# burst ~3,600. A copy is the row's values (search text up to 20,000 characters, tally
# ~2.4 KB) and the keys' times: ~5-25 KB each.
HELD_STORIES = 1024


@dataclass(frozen=True, slots=True)
class Held:
    """A stored story as written: `row` in the order `IngestBatch._load` reads it, `keys`
    its index keys with their times, and what its candidate must show to be this state."""

    id: int
    key: str
    count: int
    published: datetime
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    row: tuple[Any, ...]
    keys: tuple[tuple[str, datetime], ...]

    def shows(self, match: StoryCandidate) -> bool:
        """Is `match` (read from the store) this story as written?"""
        return (
            match.count == self.count
            and match.key == self.key
            and match.published == self.published
            and match.titles == self.titles
            and match.summaries == self.summaries
        )


class HeldStories:
    """The stories this process last wrote, by id, at most `size` (the latest written)."""

    def __init__(self, size: int = HELD_STORIES) -> None:
        self._size = size
        self._by_id: OrderedDict[int, Held] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, match: StoryCandidate) -> tuple[Sequence[Any], dict[str, datetime]] | None:
        """The state row and index keys of the story `match` shows, if this process wrote
        that state last; None: read it from the store."""
        with self._lock:
            held = self._by_id.get(match.id)
        if held is None or not held.shows(match):
            return None
        return held.row, dict(held.keys)

    def put(self, written: Iterable[Held]) -> None:
        """Stories as a committed batch wrote them."""
        with self._lock:
            for held in written:
                self._by_id[held.id] = held
                self._by_id.move_to_end(held.id)
            while len(self._by_id) > self._size:
                self._by_id.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._by_id.clear()
