"""Build bot/data/brands.json, what employers own, make or publish, from a public-facts list.

    python3 scripts/build_brands.py [--check]

Real headlines often name the employer only by what it owns: 'Company Behind ChatGPT Cuts
Jobs' (OpenAI), 'Bud Light Brewer Lays Off Hundreds' (Anheuser-Busch), 'Publisher of the
Mirror and Express to cut 450 jobs' (Reach). The tagger reads such a descriptor as the owner
(bot/tagging/described.py); this script gives it the facts.

Sources (bot/data/sources/, provenance in its README.md):
- `brand_owners.csv`: brand, owner, kind. A product, app, game, publication, drink, food,
  retail chain or media brand and the employer that makes, publishes or runs it; `unit`
  rows are owned companies ('Rockstar Games' of Take-Two): a 'parent' or 'owner' of a
  brand walks up them ('Candy Crush parent' is King's parent's parent, Microsoft).
- `brand_owner_names.csv`: owner, aliases (';'-separated): owners the employer gazetteer
  does not list ('Arena Group', 'CD Projekt Red'), and the short forms and abbreviations
  an owner is known by ('CDPR', 'P&G', 'AB InBev'); they become names the tagger knows.

Guards:
- an owner is the canonical name the gazetteer gives it (hand list companies.json, its
  units, generated employers.json), or one of brand_owner_names.csv; any other owner is an
  error, as is a brand listed with two owners;
- a brand or owner that is one English word ('Mirror', 'Reach', 'Gap') is flagged: the
  tagger reads a brand of `words` only after 'of', 'behind' or 'the' ('publisher of the
  Mirror'), and an owner of one word is written by an alias that is no word, run together
  ('ReachPlc', folded as 'Reach plc'), and never becomes a name the tagger knows by itself ('reach', 'gap' stay words);
- an alias the gazetteer already gives another employer is left out.

`--check` exits 1 when the committed file differs from what the sources give.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_gazetteer import DATA, SOURCES, _words, fold, write_or_check  # noqa: E402

OUTPUT = DATA / "brands.json"
KINDS = frozenset(
    ["app", "drink", "food", "game", "media", "product", "publication", "retail", "service", "unit"]
)


class BrandError(ValueError):
    """The sources contradict themselves or name an owner nobody lists."""


def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    """fold(name or alias) -> canonical name (hand list first, then employers.json), and
    fold(unit name or alias) -> the unit's own name (a tag names a unit as itself)."""
    hand = json.loads((DATA / "companies.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for name, aliases in hand["companies"].items():
        for alias in [name, *aliases]:
            names.setdefault(fold(alias), name)
    path = DATA / "employers.json"
    if path.is_file():
        generated = json.loads(path.read_text(encoding="utf-8"))
        for name, aliases in generated.get("employers", {}).items():
            for alias in [name, *aliases]:
                names.setdefault(fold(alias), name)
    units = {fold(a): u for u, aliases in hand.get("units", {}).items() for a in [u, *aliases]}
    return names, units


def _rows(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _is_word(name: str, vocabulary: set[str]) -> bool:
    words = re.findall(r"[A-Za-z0-9]+", name)
    return len(words) == 1 and words[0].lower() in vocabulary


class _Owners:
    """Owner names resolved to the gazetteer's canonical name or to a new listed owner."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.names, self.units = _gazetteer()
        # Names the gazetteer knows already: the rules read them as written ('Apple').
        self.listed = {c for k, c in self.names.items() if fold(c) == k} | set(self.units.values())
        self.vocabulary = vocabulary
        # canonical -> aliases the tagger should know it by (new owners and short forms)
        self.extra: dict[str, list[str]] = {}
        for row in _rows("brand_owner_names.csv"):
            owner = row["owner"]
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            canonical = self.units.get(fold(owner)) or self.names.get(fold(owner)) or owner
            keys = [canonical, *aliases] if canonical == owner else aliases
            for alias in keys:
                key = fold(alias)
                if self.names.get(key, canonical) != canonical and key not in self.units:
                    continue  # another employer's name: never taken over
                if _is_word(alias, vocabulary):
                    continue  # 'Reach', 'Gap': a word, known by its alias only
                self.extra.setdefault(canonical, []).append(alias)
                self.names.setdefault(key, canonical)
            self.extra.setdefault(canonical, [])

    def canonical(self, owner: str) -> str:
        key = fold(owner)
        found = self.units.get(key) or self.names.get(key)
        if found is None:
            found = next((c for c in self.extra if fold(c) == key), None)
        if found is None:
            raise BrandError(f"owner {owner!r} is listed nowhere (add it to brand_owner_names.csv)")
        return found

    def written(self, canonical: str) -> str:
        """How the tagger writes the owner in place of its descriptor: its name, or for a
        name that is one English word its first alias that is none, run together ('Reach
        plc' -> 'ReachPlc'): the rules read a word and its legal form as the word ('Reach
        plc to cut' is no name), a word no dictionary has as a name, and it folds to the
        alias's key, which the tagger knows as the owner."""
        if canonical in self.listed or not _is_word(canonical, self.vocabulary):
            # 'Brown–Forman' (a listing's dash): the rules part names at a dash, not a hyphen
            return canonical.replace("–", "-").replace("—", "-")
        for alias in self.extra.get(canonical, []):
            if not _is_word(alias, self.vocabulary):
                return "".join(w[:1].upper() + w[1:] for w in alias.split())
        raise BrandError(f"owner {canonical!r} is a word and has no alias that is not")


def build() -> dict[str, object]:
    vocabulary = _words(DATA / "english_words.txt") | _words(DATA / "common_words.txt")
    owners = _Owners(vocabulary)
    brands: dict[str, list[str]] = {}
    seen: dict[str, tuple[str, str]] = {}
    parents: dict[str, str] = {}
    for row in _rows("brand_owners.csv"):
        brand, kind = row["brand"], row["kind"]
        if kind not in KINDS:
            raise BrandError(f"{brand!r}: unknown kind {kind!r}")
        owner = owners.canonical(row["owner"])
        key = fold(brand)
        if key in seen and seen[key][1] != owner:
            raise BrandError(f"{brand!r} has two owners: {seen[key][1]!r} and {owner!r}")
        seen[key] = (brand, owner)
        if kind == "unit":
            unit = owners.canonical(brand) if _listed(owners, brand) else brand
            if unit != owner:
                parents[unit] = owner
        if fold(owner) != key:
            brands[brand] = [owner, kind]
    used = {owner for owner, _ in brands.values()} | set(parents.values())
    # Only an owner's own parent is ever walked to ('Candy Crush parent': King's).
    parents = {unit: parent for unit, parent in parents.items() if unit in used}
    written = {o: owners.written(o) for o in sorted(used) if owners.written(o) != o}
    return {
        "_doc": (
            "GENERATED by scripts/build_brands.py from bot/data/sources/brand_owners.csv and "
            "brand_owner_names.csv (see its README.md); do not edit by hand. 'brands' maps a "
            "brand to [its owner's canonical name, kind]; 'words' are brands that are one "
            "English word (read only after 'of', 'behind' or 'the'); 'parents' maps an owned "
            "company to its owner; 'written' is how an owner whose name is a word is written; "
            "'owners' lists names the tagger knows besides the gazetteer (canonical -> aliases)."
        ),
        "brands": dict(sorted(brands.items(), key=lambda kv: kv[0].lower())),
        "words": sorted((b for b in brands if _is_word(b, vocabulary)), key=str.lower),
        "parents": dict(sorted(parents.items())),
        "written": written,
        "owners": {k: v for k, v in sorted(owners.extra.items()) if v},
    }


def _listed(owners: _Owners, name: str) -> bool:
    try:
        owners.canonical(name)
    except BrandError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    return write_or_check(
        argv,
        description=__doc__.splitlines()[0],
        script="build_brands.py",
        build=build,
        output=OUTPUT,
        summary=lambda data: (
            f"{len(data['brands'])} brands ({len(data['words'])} words), "
            f"{len(data['parents'])} parents, {len(data['owners'])} owners with aliases"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
