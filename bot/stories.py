"""Story clustering: which items are about the same event.

Contract used by the pipeline and the store (the helper owning this module fills it in):

- `index_keys(article, tags)` gives the keys a story is filed under (e.g. one per
  employer, or topic words for items with no employer). The store keeps (key, time) in an
  index and returns only stories sharing a key within `WINDOW` of the item: no all-pairs
  scan over the whole store.
- `match_story(article, tags, candidates)` picks the candidate the item belongs to, or None
  for a new story.
- `new_story_key(article, tags)` names a new story ("tiktok-2024-10").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import Article, Tags

WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class StoryCandidate:
    """A stored story as the matcher sees it."""

    id: int
    key: str
    headline: str
    tags: Tags
    published: datetime
    titles: tuple[str, ...] = ()
