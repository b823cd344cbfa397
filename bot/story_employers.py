"""Employers on both sides of a story match: the same, a unit and its parent, or one
named in the other's headline. Used by the story planner (bot/stories.py); pure functions
of the tagged employers and the headlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.companies import company_key
from bot.headlines import PUBLISHER_TAIL

_CAPITALISED = re.compile(r"\b[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?")


@lru_cache(maxsize=16384)
def _named_keys(title: str) -> frozenset[str]:
    """Company keys of the capitalised words (and pairs of them) of a headline: 'Twitter'
    gives 'x' through the gazetteer's aliases, "Lyft's" gives 'lyft'."""
    keys: set[str] = set()
    for match in _CAPITALISED.finditer(PUBLISHER_TAIL.sub("", title)):
        words = match.group(0).split()
        for name in {*words, " ".join(words)}:
            name = re.sub(r"['’]s$", "", name).strip(".'’-")
            if len(name) > 1:
                keys.add(company_key(name))
    return frozenset(keys)


def _names_in(names: Sequence[str], titles: Iterable[str]) -> bool:
    """Whether a headline names one of the employers (or an alias of it)."""
    wanted = {company_key(n) for n in names}
    return any(wanted & _named_keys(t) for t in titles)


def employer_relation(
    mine: Sequence[str], title: str, theirs: Sequence[str], their_titles: Sequence[str]
) -> str:
    """'same' (tagged alike, a unit and its parent included: the gazetteer files a unit
    under its parent's key), 'named' (one side's headline names the other's employer),
    'different' (two employers) or 'none' (at most one side names one)."""
    if mine and theirs and same_employer(mine, theirs):
        return "same"
    if (theirs and _names_in(theirs[:1], (title,))) or (mine and _names_in(mine[:1], their_titles)):
        return "named"
    return "different" if mine and theirs else "none"


@lru_cache(maxsize=4096)
def _parent_pattern(parent: str, unit: str) -> re.Pattern[str]:
    p, u = re.escape(parent), re.escape(unit)
    return re.compile(
        rf"\b(?:part of|unit of|division of|subsidiary of|arm of|owned by) {p}\b"
        rf"|\b{p}[-‐](?:owned|backed)\b|\b{p}['’]s {u}\b",
        re.IGNORECASE,
    )


def unit_of(
    mine: Sequence[str], title: str, theirs: Sequence[str], their_titles: Sequence[str]
) -> bool:
    """Whether one side's headline says its employer acts as a part of the other's
    ('ESPN announces layoffs as part of Disney's moves to cut costs', "Disney's ESPN")."""
    if not mine or not theirs:
        return False
    return bool(_parent_pattern(theirs[0], mine[0]).search(title)) or any(
        _parent_pattern(mine[0], theirs[0]).search(t) for t in their_titles
    )


def same_employer(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """The main employer of either is among the other's employers."""
    a = {company_key(c) for c in mine}
    b = {company_key(c) for c in theirs}
    return company_key(mine[0]) in b or company_key(theirs[0]) in a
