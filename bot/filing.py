"""What filing one judged item needs that depends on the item alone: its canonical link,
its index keys, the stories it could join and the key of a story it would open.

Worked out beside the item's judgement (`bot.judging`: in the judges' worker process for
a large batch) rather than in the pipeline's one writer, which holds the write lock and
is the critical path of a poll bringing many new items (#14): the judges' core idles
about half of a cold poll while the writer works on.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.links import canonical_link
from bot.models import Article, Tags
from bot.stories import CandidateScope, candidate_scope, index_keys, new_story_key


@dataclass(frozen=True)
class Filing:
    """`canonical_link`, `index_keys`, `candidate_scope` and `new_story_key` of an item."""

    link: str
    keys: tuple[str, ...]
    scope: CandidateScope
    story_key: str


def filing(article: Article, tags: Tags) -> Filing:
    return Filing(
        link=canonical_link(article.link),
        keys=tuple(index_keys(article, tags)),
        scope=candidate_scope(article, tags),
        story_key=new_story_key(article, tags),
    )
