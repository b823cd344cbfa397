"""When `str.lower` says what an IGNORECASE regex's ASCII letters match in a text.

The prefilters (bot.tagging.prefilter, and the hand-listed keys of bot.text and
bot.summarize) skip a regex when the text, in lower case, holds none of the ASCII words one
of which every match contains. That is exact when the only characters an ASCII letter
matches under IGNORECASE are ASCII ones. Python's `re` (3.11, tests/test_prefilter.py checks
every code point) adds four: 'İ' (U+0130) and 'ı' (U+0131) match 'i', 'ſ' (U+017F) matches
's' and the Kelvin sign (U+212A) matches 'k'. Any other text, accents and curly quotes
included, is filtered like an ASCII one: its ASCII characters lower as in ASCII, and no other
character can stand for one in a match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

# Every character outside ASCII that an ASCII letter matches under re.IGNORECASE.
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"
_LOOKALIKE = re.compile(f"[{ASCII_LOOKALIKES}]")


def lower_is_ignorecase(text: str) -> bool:
    """Whether a regex's ASCII literal can match `text` only where `text.lower()` holds it."""
    return text.isascii() or _LOOKALIKE.search(text) is None


def any_key(keys: Iterable[str]) -> Callable[[str], bool]:
    """`lambda low: any(k in low for k in keys)`, written out as `k1 in low or k2 in low
    or ...`: no generator to start and resume per key, about half the time (the rules'
    keys are tested ~50 times an item)."""
    return _written("", tuple(keys))


def any_key_or_none(keys: Iterable[str]) -> Callable[[str | None], bool]:
    """`any_key(keys)` that also holds for None (a text searched whatever it holds)."""
    return _written("low is None or ", tuple(keys))


def _written(prefix: str, keys: tuple[str, ...]) -> Callable[[Any], bool]:
    tests = " or ".join(f"{str(k)!r} in low" for k in keys) or "False"
    # The keys enter the code only as `repr` string literals.
    test: Callable[[Any], bool] = eval(f"lambda low: {prefix}{tests}", {"__builtins__": {}})
    return test
