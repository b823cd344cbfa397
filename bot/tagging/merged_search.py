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
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as C  # type: ignore[attr-defined]
from typing import Any

from bot.ignorecase import TWIN_AFTER, compiled_twin, plain_ascii
from bot.tagging.prefilter import MANY_KEYS, Prefilter, lowered, tree_keys


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


class Alternatives:
    """A regex whose top level is an alternation ('a|b|c'), searched as its alternatives.

    Each alternative is compiled alone (from the regex's own parse tree, so nothing is
    written twice) with its prefilter keys (bot.tagging.prefilter): in a text, only the
    alternatives whose keys it holds are searched, merged as `merged_finditer` does, so
    the matches are the regex's. A big rule (`_JUXTAPOSED`, 15 alternatives) otherwise
    tries every alternative at every position of every sentence.
    """

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self._parts: tuple[re.Pattern[str], ...] | None = None
        self._keys: tuple[Prefilter, ...] = ()
        self._present_in: Callable[[str | None], list[int]] = _none_present
        # The parts' ASCII twins (bot.ignorecase), for plain ASCII text.
        self._twins: tuple[re.Pattern[str], ...] = ()
        self._plain_uses = 0  # the twins are made at the TWIN_AFTER'th (bot.ignorecase)

    def _ready(self) -> tuple[re.Pattern[str], ...]:
        if self._parts is None:
            split = _alternatives(self.regex)
            self._keys = tuple(Prefilter.of_tree(part, tree) for part, tree in split)
            self._present_in = _present_function([t for _, t in split], self._keys)
            self._twins = self._parts = tuple(part for part, _ in split)
        return self._parts

    def _parts_for(self, text: str) -> tuple[re.Pattern[str], ...]:
        parts = self._ready()
        if not plain_ascii(text):
            return parts
        if self._plain_uses < TWIN_AFTER:
            self._plain_uses += 1
            if self._plain_uses == TWIN_AFTER:
                self._twins = self._twins_of(parts)
        return self._twins

    def _twins_of(self, parts: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
        """The parts compiled with re.ASCII, split alike from the twin of the whole."""
        whole = compiled_twin(self.regex)
        twins = () if whole is self.regex else tuple(p for p, _ in _alternatives(whole))
        return twins if len(twins) == len(parts) else parts

    def _present(self, text: str) -> list[int]:
        low = lowered(text)
        return self._present_in(low)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of `self.regex.finditer(text)`."""
        parts = self._parts_for(text)
        present = self._present(text)
        if len(present) == len(parts):
            return self.regex.finditer(text)
        return merged_finditer(parts, present, text, lambda _: self.regex)

    def found(self, text: str) -> bool:
        """`self.regex.search(text) is not None`: whether any alternative matches."""
        parts = self._parts_for(text)
        return any(parts[i].search(text) is not None for i in self._present(text))

    def sub(self, replacement: str, text: str) -> str:
        """`self.regex.sub(replacement, text)` for a replacement without escapes."""
        pieces: list[str] = []
        end = 0
        for m in self.finditer(text):
            if m.end() == m.start():  # sub's rules for empty matches: the regex decides
                return self.regex.sub(replacement, text)
            pieces += (text[end : m.start()], replacement)
            end = m.end()
        return "".join(pieces) + text[end:] if pieces else text


def _none_present(_low: str | None) -> list[int]:
    return []


def _present_function(trees: list[Any], keys: tuple[Prefilter, ...]) -> Callable[[Any], list[int]]:
    """`lambda low: [i for i, k in enumerate(keys) if k.holds(low)]` written out: one `if`
    per part, its keys tested inline as `Prefilter.holds` tests them (`any_key_or_none`;
    a part with no keys always, one with many by its own trie test). `_present` is asked
    ~8 times an item."""
    lines, names = ["def present(low):", "    out = []"], {}
    for i, tree in enumerate(trees):
        found = tree_keys(tree)
        if found is None or len(found) > MANY_KEYS:
            names[f"t{i}"] = keys[i].holds
            test = f"t{i}(low)"
        else:  # the keys enter the code only as `repr` string literals
            test = "low is None or " + " or ".join(f"{str(k)!r} in low" for k in found)
        lines.append(f"    if {test}: out.append({i})")
    namespace: dict[str, Any] = {"__builtins__": {}, **names}
    exec("\n".join([*lines, "    return out"]), namespace)
    present: Callable[[Any], list[int]] = namespace["present"]
    return present


def _alternatives(regex: re.Pattern[str]) -> list[tuple[re.Pattern[str], Any]]:
    """The top-level alternatives of `regex`, each compiled with its flags and group
    numbers, and its parse tree (only `regex` when its top level is no alternation). A rule
    written '(?:a|b)' is 'a|b': its one group, unnamed and without flags, is looked through."""
    tree = _parser.parse(regex.pattern, regex.flags)
    body = tree
    while len(body.data) == 1 and body.data[0][0] is C.SUBPATTERN:
        group, add_flags, del_flags, inner = body.data[0][1]
        if group is not None or add_flags or del_flags:
            break
        body = inner
    if len(body.data) != 1 or body.data[0][0] is not C.BRANCH:
        return [(regex, tree)]
    parts = []
    for alternative in body.data[0][1][1]:
        part = _parser.SubPattern(tree.state, alternative.data)
        parts.append((_compiler.compile(part, regex.flags), part))
    return parts
