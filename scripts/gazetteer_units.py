"""Units of listed employers, from bot/data/sources/company_units.csv (read by
scripts/build_gazetteer.py into employers.json's 'units' and 'word_units').

The spec names a unit as the employer where the unit acted ('Twitch', not 'Amazon'), and
coverage naming the unit and coverage naming the parent of the same cuts is one story: a
unit keeps its parent's company key. A key is a function of the name, not of the date, so
a relation is kept only when it held over the whole news window (from NEWS_START, the
layoffs.fyi tracker's first round, to now): a unit bought inside the window (Bungie,
2022) would file its earlier cuts under a parent that did not own it, a unit sold
(Simon & Schuster, 2023) its later cuts under one that no longer does. Such rows stay in
the file, marked by their dates, and are left out.

Guards: the parent is a canonical name of the hand list or of the generated list (an
alias is resolved to it); a unit the hand list already lists (as a company or a unit), or
listed twice, is an error; an alias that is an English word is dropped, and a unit whose
name is one ('Twitch', 'Audible', 'Cruise') goes to 'word_units': the tagger never
recognises it by that name alone (its rules must see a name there, as for any word), but
a name it tagged so is the unit, under its parent's key.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

NEWS_START = "2020-01"


class UnitError(ValueError):
    """The units file contradicts itself or the hand list, or names an unknown parent."""


@dataclass
class UnitRows:
    """The kept rows: unit -> (parent as written, aliases), and the rows left out."""

    kept: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def read_units(path: Path, fold: Callable[[str], str], curated: Mapping[str, str]) -> UnitRows:
    """The rows of `path` whose relation held over the whole news window. `curated` maps
    fold(hand-list name, alias or unit) to its name: a unit already there is an error."""
    rows = UnitRows()
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for raw in csv.DictReader(fh):
            row = {k: (v or "").strip() for k, v in raw.items()}
            unit = row["unit"]
            if fold(unit) in seen:
                raise UnitError(f"unit {unit!r} is listed twice")
            seen.add(fold(unit))
            if row["since"] > NEWS_START or row["until"]:
                rows.left_out.append(unit)
                continue
            if fold(unit) in curated:
                raise UnitError(f"unit {unit!r} is in companies.json already")
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            rows.kept[unit] = (row["parent"], aliases)
    return rows


def resolve(
    rows: UnitRows, owner_of: Callable[[str], str | None], is_word: Callable[[str], bool]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(units, word_units): unit -> [parent's canonical name, *aliases that are no word]."""
    units: dict[str, list[str]] = {}
    word_units: dict[str, list[str]] = {}
    for unit, (parent, aliases) in rows.kept.items():
        canonical = owner_of(parent)
        if canonical is None:
            raise UnitError(f"{unit!r}: parent {parent!r} is listed nowhere")
        entry = [canonical, *(a for a in aliases if not is_word(a))]
        (word_units if is_word(unit) else units)[unit] = entry
    return dict(sorted(units.items())), dict(sorted(word_units.items()))
