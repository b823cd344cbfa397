"""Employers on both sides of a story match: the same, a unit and its parent, or one
named in the other's headline. Used by the story planner (bot/stories.py); pure functions
of the tagged employers and the headlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.companies import company_key, known
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


@lru_cache(maxsize=16384)
def _key(name: str) -> str:
    """`company_key`, a trailing 'Group' aside: outlets write 'Embracer' and 'Embracer Group'."""
    key = company_key(name)
    return key.removesuffix("-group") or key


def _names_in(names: Sequence[str], titles: Iterable[str]) -> bool:
    """Whether a headline names one of the employers (or an alias of it)."""
    return not {_key(n) for n in names}.isdisjoint(_named_in_any(tuple(titles)))


@lru_cache(maxsize=8192)
def _named_in_any(titles: tuple[str, ...]) -> frozenset[str]:
    """`_named_keys` of all these headlines, a trailing '-group' aside as `_key` leaves it:
    once per story's headlines, not once per comparison (#14: a new item's employers are
    checked against ~10 stories' headlines, item after item)."""
    return frozenset(k.removesuffix("-group") for t in titles for k in _named_keys(t))


def _first_named(title: str, name: str) -> int | None:
    """Where in the headline the employer is first named: the offset of its capitalised
    word, or of the first of two ('Epic Games'); 'Spotify Podcast' names Spotify first."""
    wanted = _key(name)
    for match in _CAPITALISED.finditer(PUBLISHER_TAIL.sub("", title)):
        pair = re.sub(r"['’]s$", "", match.group(0))
        if _key(pair) == wanted:
            return match.start()
        for word in pair.split():
            if wanted in {k.removesuffix("-group") for k in _named_keys(word)}:
                return match.start() + match.group(0).index(word)
    return None


def _leads_with(title: str, own: Sequence[str], other: str) -> bool:
    """Whether the headline names `other` before its own tagged employer (or names only it)."""
    at = _first_named(title, other)
    if at is None:
        return False
    mine = _first_named(title, own[0]) if own else None
    return mine is None or at < mine


def tagged_apart(
    mine: Sequence[str], title: str, theirs: Sequence[str], their_titles: Sequence[str]
) -> bool:
    """One employer tagged otherwise by one outlet: a headline led by the other side's
    employer while its own tag is none, not a listed company ('Spotify Podcast Layoffs...'
    tagged 'Podcast') or named in the other side's headlines too ('ESPN Axes Personalities
    As Disney Layoffs Continue' tagged Disney, beside 'ESPN lays off 20 ... by Disney')."""

    def led(own: Sequence[str], t: str, other: Sequence[str], other_titles: Sequence[str]) -> bool:
        if not other or not _leads_with(t, own, other[0]):
            return False
        return not own or known(own[0]) is None or _names_in(own[:1], other_titles)

    return led(mine, title, theirs, their_titles) or any(
        led(theirs, t, mine, (title,)) for t in their_titles
    )


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
    a = {_key(c) for c in mine}
    b = {_key(c) for c in theirs}
    return _key(mine[0]) in b or _key(theirs[0]) in a
