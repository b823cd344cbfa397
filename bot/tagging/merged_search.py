"""`finditer` of an alternation of some of a rule's terms, without compiling the alternation.

`_FUNCTION_RE` is 20 terms, '(?P<f0>...)|(?P<f1>...)|...'. A sentence is searched only
with the terms whose prefilter keys it holds (bot.tagging.functions), and compiling the
alternation of each new subset of terms cost ~1 ms (one per distinct subset, ~150 in a
5,000-item poll, again in each worker process): as much CPU as the searches it saved.

`merged_finditer` gives the same matches from the terms compiled one by one. The
alternation's `finditer` takes, from the current position, the leftmost position where
any term matches and there the first term in order that does, with that term's own match
(nothing follows the alternation, so the term's first success is the match), then goes
on from the match's end. Here each term's leftmost match from the position is found by
its own search and kept while it starts at or after the position (an earlier search that
found it later than the position found no match between them), and the matches are
merged by (start, term order). An empty match, where `finditer`'s rules for the next
position differ, hands the whole text back to the alternation (compiled then).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence


def merged_finditer(
    terms: Sequence[re.Pattern[str]],
    present: Sequence[int],
    text: str,
    alternation: Callable[[tuple[int, ...]], re.Pattern[str]],
) -> Iterator[re.Match[str]]:
    """The matches of `alternation(present).finditer(text)`, where `alternation(present)` is
    the '|'-join, in order, of the patterns `terms[i]` for i in `present` (same flags)."""
    found = _merged(terms, present, text)
    if found is None:
        return alternation(tuple(present)).finditer(text)
    return iter(found)


def _merged(
    terms: Sequence[re.Pattern[str]], present: Sequence[int], text: str
) -> list[re.Match[str]] | None:
    """The merged matches, or None when one of them is empty."""
    pending = {i: terms[i].search(text) for i in present}
    out: list[re.Match[str]] = []
    pos = 0
    while True:
        best: re.Match[str] | None = None
        for i in present:  # in order: at one start the first term wins (`<`, not `<=`)
            m = pending[i]
            if m is not None and m.start() < pos:
                m = pending[i] = terms[i].search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return out
        if best.end() == best.start():
            return None
        out.append(best)
        pos = best.end()
