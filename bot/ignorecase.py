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
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# Every character outside ASCII that an ASCII letter matches under re.IGNORECASE.
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"


def lower_is_ignorecase(text: str) -> bool:
    """Whether a regex's ASCII literal can match `text` only where `text.lower()` holds it."""
    # Four `in` tests (a fast substring search each), not a regex class searched a
    # character at a time: ~20x faster on a text with a curly quote (session 20).
    return text.isascii() or not _HOLDS_LOOKALIKE(text)


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


_HOLDS_LOOKALIKE = any_key(ASCII_LOOKALIKES)
# An ASCII text holds none of the four lookalikes, and on it a regex compiled with re.ASCII
# matches as the Unicode one does, but for \s: Unicode's also matches these separators.
_SEPARATORS = any_key(("\x1c", "\x1d", "\x1e", "\x1f"))
_LOOKALIKE_CODES = frozenset(map(ord, ASCII_LOOKALIKES))
_NESTED = {C.SUBPATTERN: (3,), C.MAX_REPEAT: (2,), C.MIN_REPEAT: (2,), C.ASSERT: (1,)}
_NESTED |= {C.POSSESSIVE_REPEAT: (2,), C.ASSERT_NOT: (1,), C.GROUPREF_EXISTS: (1, 2)}
_twins: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}
_uses: dict[int, tuple[re.Pattern[str], int]] = {}
# A twin is compiled once its regex was asked for one this many times: compiling the rules'
# twins costs ~0.05 s of a process, repaid after a few hundred items, so a command that
# judges a handful never pays it.
TWIN_AFTER = 256


def plain_ascii(text: str) -> bool:
    """Whether `ascii_twin` regexes match `text` as their originals do."""
    return text.isascii() and not _SEPARATORS(text)


def ascii_twin(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex` compiled with re.ASCII, which on a `plain_ascii` text finds the same matches
    (1.3-1.9x faster on the rules' sentences: no Unicode case folding nor letter tables per
    character), or `regex` itself when its own characters could match an ASCII letter
    under Unicode IGNORECASE only (a lookalike), or when it cannot be compiled so. Until
    the regex has been asked for its twin TWIN_AFTER times, `regex` itself."""
    known = _twins.get(id(regex))
    if known is not None and known[0] is regex:  # kept with its regex: the id stays its own
        return known[1]
    return _used(regex)


def _used(regex: re.Pattern[str]) -> re.Pattern[str]:
    counted = _uses.get(id(regex))
    uses = counted[1] + 1 if counted is not None and counted[0] is regex else 1
    if uses < TWIN_AFTER:
        _uses[id(regex)] = (regex, uses)
        return regex
    _uses.pop(id(regex), None)
    _twins[id(regex)] = (regex, twin := compiled_twin(regex))
    return twin


def _itself(regex: re.Pattern[str]) -> re.Pattern[str]:
    return regex


def twins_for(text: str) -> Callable[[re.Pattern[str]], re.Pattern[str]]:
    """What to search `text` with instead of a regex: its `ascii_twin` on plain ASCII."""
    return ascii_twin if plain_ascii(text) else _itself


def compiled_twin(regex: re.Pattern[str]) -> re.Pattern[str]:
    try:
        tree = _parser.parse(regex.pattern, regex.flags)
        if _holds_lookalike(tree.data):
            return regex
        return re.compile(regex.pattern, (regex.flags & ~re.UNICODE) | re.ASCII)
    except Exception:  # noqa: BLE001 - '(?u)' inside: the regex as it is
        return regex


def _holds_lookalike(items: Any) -> bool:
    """Whether a parsed pattern's literals, classes or ranges name a lookalike."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL) and av in _LOOKALIKE_CODES:
            return True
        if op is C.RANGE and any(av[0] <= c <= av[1] for c in _LOOKALIKE_CODES):
            return True
        if op is C.IN and _holds_lookalike(av):
            return True
        if op is C.BRANCH and any(_holds_lookalike(b) for b in av[1]):
            return True
        if op is C.ATOMIC_GROUP and _holds_lookalike(av):
            return True
        for at in _NESTED.get(op, ()):
            if av[at] is not None and _holds_lookalike(av[at]):
                return True
    return False
