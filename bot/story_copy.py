"""One text carried by two outlets: syndicated copy under each outlet's own headline.

Wire copy and press releases are carried word for word by many outlets, each headlining
them its own way ('Amazon plans to introduce robots to replace warehouse workers' / 'Inside
Amazon's robot revolution', both opening 'Amazon is investing a billion dollars in new
industrial technology, including Digit, ...'). Their headlines may share nothing a wording
rule reads, and the tagger may read one as an action and the other as commentary; but a
run of COPY_WORDS words in the same order in both openings (bot.story_openings) is one text,
not two outlets' words meeting by chance. bot.story_institutions' `one_event` asks it of
two items of the same days (bot.stories' TOPIC_SAME_DAYS) whose employers are not told
apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.story_openings import opening

COPY_WORDS = 10
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=16384)
def _runs(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of COPY_WORDS words of an opening, lower case (once per text: a stored
    story's openings come back item after item)."""
    words = _WORD.findall(text.lower())
    return frozenset(tuple(words[i : i + COPY_WORDS]) for i in range(len(words) - COPY_WORDS + 1))


def copied_opening(text: str, openings: tuple[str, ...]) -> bool:
    """Whether the item's opening and one of `openings` share a run of COPY_WORDS words."""
    mine = _runs(opening(text))
    return bool(mine) and any(not mine.isdisjoint(_runs(o)) for o in openings if o)
