"""Units and their parents as followers see them (companies.json 'units': LinkedIn of
Microsoft, Instagram of Meta).

A unit keeps its parent's company key (clustering, the store's index of subscriptions),
but following a unit is not following its parent. The spec names a unit before its parent
wherever an item is about the unit (`LinkedIn`, alias `Microsoft`), so a story whose
companies do not name LinkedIn, and whose headline and summary do not either, is not
LinkedIn's news: a LinkedIn follower is not alerted to every Xbox or Azure cut. Following
the parent takes its units' stories too (LinkedIn's cuts are Microsoft's), and the alert
says so ("New at LinkedIn, part of Microsoft"), as it says when a unit's follower hears
of the parent's story that names the unit ("New at Microsoft, naming LinkedIn").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.companies import _fold, canonical, company_key, gazetteer, hand_list, shown_name


def unit_name(name: str) -> str | None:
    """The listed unit `name` names ('linkedin' -> 'LinkedIn'); None for any other name,
    for a former name ('Twitter' is X now: following it is following X) and for an owner
    filed as a unit (ByteDance, TikTok's owner: companies.json 'owners')."""
    unit = gazetteer().unit_by_alias.get(_fold(name))
    if unit is None or shown_name(unit) != unit or unit in hand_list().get("owners", ()):
        return None
    return unit


def asked_parent(asked: str, found: str) -> str | None:
    """The parent a typed name means when the name it matched, `found`, is a unit filed
    under the parent's key: with only LinkedIn's story stored, 'microsft' and 'Microsoft'
    matched "LinkedIn", answered and followed as LinkedIn (trial 16). None when `asked`
    names the unit ('linkdin' is nearer LinkedIn than Microsoft) or `found` is no unit."""
    from rapidfuzz import fuzz

    unit = unit_name(found)
    if unit is None or unit_name(asked) is not None:
        return None
    parent = canonical(unit)
    if _fold(parent) == _fold(unit) or company_key(parent) != company_key(unit):
        return None
    typed = _fold(asked)
    return parent if fuzz.ratio(typed, _fold(parent)) > fuzz.ratio(typed, _fold(unit)) else None


def wider_name(followed: str, asked: str) -> str:
    """The name one subscription row (one company key) follows when a place asks for
    `asked` while it follows `followed`: the parent covers its units, two units of one
    parent are the parent's news ('LinkedIn' then 'GitHub' -> 'Microsoft')."""
    if _fold(followed) == _fold(asked) or unit_name(followed) is None:
        return followed
    if unit_name(asked) is None:
        return asked
    return canonical(asked)


@lru_cache(maxsize=1)
def _unit_forms() -> dict[str, re.Pattern[str]]:
    """Each unit's name and aliases as a whole-word pattern ('AWS', 'Amazon Web Services')."""
    return {
        unit: re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(a) for a in [unit, *aliases]) + r")(?!\w)",
            re.IGNORECASE,
        )
        for unit, aliases in hand_list().get("units", {}).items()
    }


def alert_heading(followed: str, companies: Sequence[str], text: str) -> str | None:
    """Where an alert says the story is ('LinkedIn'; 'LinkedIn, part of Microsoft';
    'Microsoft, naming LinkedIn') for a place following `followed` (its subscription's
    name), of a story with `companies` (tags, main one first) that shares its key; `text`
    is the story's headline and summary. None: the story is not the follower's news (a
    unit's follower, a story that never names the unit)."""
    followed = shown_name(followed)
    names = [shown_name(c) for c in companies if c.strip()]
    if not names or any(_fold(n) == _fold(followed) for n in names):
        return followed
    key = company_key(followed)
    lead = next((n for n in names if company_key(n) == key), names[0])
    unit = unit_name(followed)
    if unit is None:  # the parent's follower: the story of one of its units
        return f"{lead}, part of {followed}" if unit_name(lead) else followed
    form = _unit_forms().get(unit)
    if form is not None and form.search(text):
        return f"{lead}, naming {followed}"
    return None
