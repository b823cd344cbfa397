"""Whether an employer's name is written with 'AI' right after it ('SoundHound AI').

`bot.tagging.ai_cause._ai_branded` asks this of every employer of an item whose headline
or lead holds 'AI': one pattern per name, which `re` compiled anew for most names (its
cache holds 512 patterns; ~2% of the judgement's CPU). The pattern still decides; it is
only compiled and searched where a plain scan finds the name before an 'AI'.
"""

from __future__ import annotations

import re

from bot.ignorecase import lower_is_ignorecase


def _named_before(low: str, at: int, name: str) -> bool:
    """`low[:at]` ends with `name`, or with `name` and one of ' ', '.', '-'."""
    if low.endswith(name, 0, at):
        return True
    return at > 0 and low[at - 1] in " .-" and low.endswith(name, 0, at - 1)


def written_with_ai(name: str, text: str) -> bool:
    """`re.search(re.escape(name) + r"[ .-]?(?-i:AI)\\b", text, re.I)`, as a truth.

    A match holds 'AI' as written, right after the name (and at most one separator). When
    the name is ASCII and the text holds none of the four characters that match an ASCII
    letter under IGNORECASE (bot.ignorecase), the name matched as `name.lower()` in
    `text.lower()`, at the same places (only 'İ' changes length in lower case). Without
    such a place there is no match; with one, the pattern confirms it.
    """
    at = text.find("AI")
    if at < 0:
        return False
    if name.isascii() and lower_is_ignorecase(text):
        low, folded = text.lower(), name.lower()
        while at >= 0 and not _named_before(low, at, folded):
            at = text.find("AI", at + 1)
        if at < 0:
            return False
    return re.search(re.escape(name) + r"[ .-]?(?-i:AI)\b", text, re.I) is not None
