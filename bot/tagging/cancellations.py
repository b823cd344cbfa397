"""A cancelled game or project as the news: a follow-up of any layoffs it names (kind other).

'Rare's Everwild Canceled as Microsoft Layoffs Sweep Across Xbox', 'Xbox Cancels Perfect Dark
Reboot' (the round in the lead): the cancellation is this item's news, the round another
item's (follow-ups are other, as in the fresh-2024 labels). A studio closed with it is a cut.
"""

from __future__ import annotations

import re

from bot.tagging.actions import _actions

_CANCELLED = re.compile(
    r"\b(?:cancel(?:s|ed|led|ing|ling|lation)?|scrap(?:s|ped|ping)?|shelv(?:e|es|ed|ing)|"
    r"kill(?:s|ed|ing)?(?=.*\b(?:games?|studio\W?s?|reboot|sequel|project)\b))\b",
    re.I,
)
_CLOSING = re.compile(r"\b(?:clos(?:e|es|ed|ing)|shut(?:s|ting)?\s+down|shutter\w*)\b", re.I)


def cancellation(title: str) -> bool:
    """'Rare's Everwild Canceled as Microsoft Layoffs Sweep Across Xbox', 'Xbox Cancels Perfect
    Dark Reboot': a game or project cancelled is the news, any layoffs only named after it
    (the round it belongs to is another item's news: follow-ups are other, as in fresh-2024).
    A studio closed with it is a cut ('... The Initiative Closed as Part of Layoffs')."""
    m = _CANCELLED.search(title)
    if m is None or _CLOSING.search(title):
        return False
    hits = [h for h in _actions(title) if not h.weak]
    if any(_ANNOUNCED.search(title, 0, h.start) for h in hits):
        return False  # 'Vice Media cancels flagship show, announces painful layoffs'
    return all(h.noun and h.start > m.start() for h in hits)


# The employer's own announcement of the cuts right before them: the cut is news too.
_ANNOUNCED = re.compile(
    r"\b(?:announc(?:e|es|ed|ing)|confirm(?:s|ed|ing)?|unveil(?:s|ed|ing)?)\s+"
    r"(?:[‘'\"“]?[\w-]+[’'\"”]?\s+){0,2}$",
    re.I,
)
