"""Units of listed employers from the generated gazetteer: employers.json's 'units' and
'word_units' (scripts/gazetteer_units.py, from bot/data/sources/company_units.csv).

A unit is tagged as itself ('Twitch', 'PlayStation Studios') and keeps its parent's
company key (Amazon's, Sony's), as the hand list's units do: coverage naming the unit and
coverage naming the parent of the same cuts cluster into one story (issue #16). A unit
whose name is an English word ('Twitch', 'Audible', 'Cruise') is never recognised by
that name: only a name the rules tagged is read as the unit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Fold = Callable[[str], str]


def add_units(
    raw: Mapping[str, Any], fold: Fold, by_alias: dict[str, str], units: dict[str, str]
) -> None:
    """Each generated unit's names to its parent's canonical name (recognised, as a
    generated employer is; never over a name already taken) and to the unit's own name
    (never over the hand list's units)."""
    for unit, (parent, *aliases) in raw.get("units", {}).items():
        for alias in (unit, *aliases):
            by_alias.setdefault(fold(alias), parent)
            units.setdefault(fold(alias), unit)
    for unit, (_, *aliases) in raw.get("word_units", {}).items():
        for alias in (unit, *aliases):
            units.setdefault(fold(alias), unit)


def word_unit_parents(raw: Mapping[str, Any], fold: Fold) -> dict[str, str]:
    """fold(word-named unit or alias) -> its parent's canonical name ('twitch' -> 'Amazon')."""
    return {
        fold(alias): parent
        for unit, (parent, *aliases) in raw.get("word_units", {}).items()
        for alias in (unit, *aliases)
    }


def unit_aliases(hand: Mapping[str, Any], raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every unit and its aliases: the hand list's, then the generated ones."""
    found: dict[str, list[str]] = {u: list(a) for u, a in hand.get("units", {}).items()}
    for table in ("units", "word_units"):
        for unit, (_, *aliases) in raw.get(table, {}).items():
            found.setdefault(unit, aliases)
    return found
