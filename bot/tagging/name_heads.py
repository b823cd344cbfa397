"""An employer named by the first word of its name alone: 'Layoffs at Epic' is Epic Games.

A studio's or company's name is often shortened to its distinctive first word once the
kind of business is plain ('Epic', 'Riot'). Such a word is usually also an English word,
so it is never searched for in text; it is only read where the rules already expect an
employer (after 'layoffs at') and only when one known employer's name starts with it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.companies import gazetteer

# The last words such a shortening drops.
_TAILS = frozenset(["games", "studios", "studio", "entertainment", "interactive"])
# The word ends the employer's phrase: the headline or clause goes on with no other name.
_HEAD = re.compile(
    r"(?P<head>[A-Z][\w’'-]*?)(?:['’]s)?(?=\s*(?:$|[,.;:!?)\]—–-]|\s(?i:as|after|amid|and|"
    r"over|in|to|for|with|hits?|continues?|are|were|is|was|will|this|last|on)\b))"
)


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    """First word (lower case) -> the one known employer of two words whose name starts
    with it and ends in a business word ('epic' -> 'Epic Games')."""
    found: dict[str, set[str]] = {}
    for name in set(gazetteer().canonical_by_alias.values()):
        words = name.split()
        if len(words) == 2 and words[1].lower() in _TAILS and words[0][:1].isupper():
            found.setdefault(words[0].lower(), set()).add(name)
    return {head: next(iter(names)) for head, names in found.items() if len(names) == 1}


def named_by_head(phrase: str) -> str | None:
    """The known employer `phrase` opens with by its first word alone, if any."""
    m = _HEAD.match(phrase)
    return _heads().get(m.group("head").lower()) if m else None
