"""A cheap test that a regex cannot match a text, derived from the regex itself.

Most of the judgement's time is spent in large alternations that fail on most sentences
('cuts|slashes|axes|...' on a sentence about prices). `keys(regex)` reads the regex's
parse tree once and finds words at least one of which every match contains; a text
holding none of them (in lower case) is not searched. Derived, not listed by hand, so an
edited rule can never be skipped wrongly. A text holding one of the four characters that
match ASCII letters under IGNORECASE ('ſ' is an 's': bot.ignorecase) is always searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from bot.alternation import trie_alternation
from bot.ignorecase import any_key_or_none, lower_is_ignorecase, twins_for

_Keys = frozenset[str]
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
_ZERO_WIDTH = {C.AT}
_cache: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def _better(a: _Keys | None, b: _Keys | None) -> _Keys | None:
    """The more selective of two sufficient key sets (longest shortest key, then fewest)."""
    if a is None:
        return b
    if b is None:
        return a
    rank_a = (min(map(len, a)), -len(a))
    rank_b = (min(map(len, b)), -len(b))
    return b if rank_b > rank_a else a


def _sequence(items: Any) -> _Keys | None:
    """Keys of a sequence: its best mandatory part (a run of literals or a sub-pattern)."""
    best: _Keys | None = None
    run = ""
    for op, av in items:
        if op is C.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literals on both sides stay adjacent
        if run:
            best, run = _better(best, frozenset([run])), ""
        if op is C.SUBPATTERN:
            best = _better(best, _sequence(av[3]))
        elif op is C.ATOMIC_GROUP:
            best = _better(best, _sequence(av))
        elif op is C.BRANCH:
            best = _better(best, _branch(av[1]))
        elif op in _REPEATS and av[0] >= 1:
            best = _better(best, _sequence(av[2]))
    if run:
        best = _better(best, frozenset([run]))
    return best


def _branch(alternatives: Any) -> _Keys | None:
    found: set[str] = set()
    for alternative in alternatives:
        keys = _sequence(alternative)
        if keys is None:
            return None
        found |= keys
    return frozenset(found)


def keys(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case words one of which is in every text `regex` matches, or None."""
    if regex not in _cache:
        try:
            _cache[regex] = tree_keys(_parser.parse(regex.pattern, regex.flags))
        except Exception:  # noqa: BLE001 - an unreadable pattern is simply never filtered
            _cache[regex] = None
    return _cache[regex]


def tree_keys(tree: Any) -> tuple[str, ...] | None:
    """`keys` of a parsed pattern (`re._parser.parse`, or a part of one)."""
    found = _sequence(tree)
    return tuple(sorted(found)) if found else None


def lowered(text: str) -> str | None:
    """`text` in lower case for `holds`, or None when IGNORECASE could match an ASCII letter
    of a key with a character outside ASCII there (then it is always searched)."""
    return text.lower() if lower_is_ignorecase(text) else None


class Prefilter:
    """A regex's `keys`, derived at its first use (parsing every rule at import would add
    ~0.05 s to the tagger's import) and kept here: the `_cache` look-up hashes the whole
    compiled pattern each time.

    `holds` is an attribute, not a method: once the keys are known it is the keys' test
    itself (`bot.ignorecase.any_key`, or a search of their trie), one call per use."""

    __slots__ = ("holds", "regex")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        # False only when a text (`lowered`) holds none of the keys: no match in it.
        self.holds: Callable[[str | None], bool] = self._first_holds

    @classmethod
    def of_tree(cls, regex: re.Pattern[str], tree: Any) -> Prefilter:
        """The Prefilter of `regex`, compiled from `tree` (its `pattern` is None)."""
        made = cls(regex)
        made._set_keys(tree_keys(tree))
        return made

    def _set_keys(self, found: tuple[str, ...] | None) -> None:
        self.holds = _test(found)

    def _first_holds(self, low: str | None) -> bool:
        self._set_keys(keys(self.regex))
        return self.holds(low)


def _always(_low: str | None) -> bool:
    return True


def _test(found: tuple[str, ...] | None) -> Callable[[str | None], bool]:
    """`holds` for the keys `found`: True for None (a text searched whatever it holds)."""
    if found is None:
        return _always
    if len(found) > MANY_KEYS:
        return _trie_test(re.compile(trie_alternation(found)).search)
    return any_key_or_none(found)


def _trie_test(search: Callable[[str], object]) -> Callable[[str | None], bool]:
    """The trie's search, its answers kept for the last TRIE_KEPT texts: an item's rules
    ask one of these about the same sentence several times (24-37% of the asks of the
    three most asked on the peer's distinct items are repeats within an item, session
    20); a look-up hashes the text, ~20-50x cheaper than the search."""
    kept: dict[str, bool] = {}

    def holds(low: str | None) -> bool:
        if low is None:
            return True
        known = kept.get(low)
        if known is None:
            if len(kept) >= TRIE_KEPT:
                kept.clear()
            known = kept[low] = search(low) is not None
        return known

    return holds


# Above this many keys one search of their trie (bot/alternation.py) beats a `in` per key:
# it finds a key where `any(k in low ...)` would; 1.4-3x faster from 16 keys (dev texts),
# slower for some sets of 4-9.
MANY_KEYS = 14
TRIE_KEPT = 256
# `may_match`'s Prefilter of each regex, by id: hashing a compiled pattern (to look it up
# in `_cache`) hashes its whole code, ~1.5-4.5 us for the rules' patterns, twice a call.
_by_id: dict[int, Prefilter] = {}


def may_match(regex: re.Pattern[str], text: str) -> bool:
    """False only when `regex` cannot match `text` (then no search is needed)."""
    pre = _by_id.get(id(regex))
    if pre is None or pre.regex is not regex:  # the Prefilter keeps its regex alive
        pre = _by_id[id(regex)] = Prefilter(regex)
    return pre.holds(lowered(text))


def search(regex: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`regex.search(text)`: not searched where `may_match` rules a match out, and on
    plain ASCII text by its ASCII twin (bot.ignorecase), which finds the same match."""
    return twins_for(text)(regex).search(text) if may_match(regex, text) else None
