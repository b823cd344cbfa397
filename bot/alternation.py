"""One regex for a long list of literal names, shaped as a trie (issue 14).

`'|'.join(re.escape(n) for n in names)`, longest name first, makes the regex engine try
every name at every position where a match may start: a few hundred attempts each time
for the gazetteer's companies and the places. `trie_alternation(names)` matches exactly
the same (the longest name that fits, and a shorter one when what follows the group
rejects the longer) but shares prefixes, so a position costs a few attempts: 'Amazon
Web Services|Amazon|AMD' is written 'A(?:m(?:azon(?: Web Services)?)|MD)' (with
IGNORECASE, the letters are grouped by their lower case).

Why it is the same: at one position, every name that matches is a prefix of the same
text, so all lie on one path of the trie; the trie tries the longer continuation first
(a greedy optional), then the shorter, as the longest-first list does. That needs two
letters of one node never to match the same character, which `trie_alternation` checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, tuple[str, _Node]] = {}
        self.end = False


def _key(char: str, ignorecase: bool) -> str:
    return char.lower() if ignorecase else char


def _check_letters(chars: set[str], ignorecase: bool) -> None:
    """Distinct letters of a node never match one character (else the first could shadow
    a longer name under the second). Case-sensitive literals are distinct characters."""
    if not ignorecase:
        return
    for char in chars:
        if len(char.lower()) != 1:
            raise ValueError(f"no single lower case: {char!r}")
    odd = [c for c in chars if not c.isascii()]
    for a in odd:
        for b in chars:
            if a != b and re.fullmatch(re.escape(a), b, re.IGNORECASE):
                raise ValueError(f"{a!r} and {b!r} match alike")


def _pattern(node: _Node) -> str:
    alternatives = [re.escape(char) + _pattern(child) for char, child in node.children.values()]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return "(?:" + body + ")?" if node.end else body


def trie_alternation(names: Iterable[str], *, ignorecase: bool = False) -> str:
    """A non-capturing group that matches what the longest-first alternation of `names`
    (each escaped) matches, in the same order of preference."""
    root = _Node()
    letters: set[str] = set()
    for name in sorted(set(names)):  # sorted: the same pattern whatever the hash seed
        if not name:
            raise ValueError("an empty name")
        node = root
        for char in name:
            key = _key(char, ignorecase)
            letters.add(key)
            if key not in node.children:
                node.children[key] = (char, _Node())
            node = node.children[key][1]
        node.end = True
    _check_letters(letters, ignorecase)
    return "(?:" + _pattern(root) + ")"
