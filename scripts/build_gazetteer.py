"""Build bot/data/employers.json, the gazetteer of real employers, from public lists.

    python3 scripts/build_gazetteer.py [--check]

Sources (copied into bot/data/sources/, provenance in its README.md):
- `layoffs_fyi.csv`: the layoffs.fyi tracker's company list (2020-2026), one row per round.
- `sp500_constituents.csv`: the S&P 500 constituents with their tickers.

Why a generated file beside the hand-kept bot/data/companies.json: the hand list carries the
judgement (plain brands, units, bosses, names that are also English words), the generated
list carries breadth (a few thousand employers a headline may name). The tagger loads the
generated names as *known* (plausible employers, canonical spelling) but never searches
text for them, so a name of this list is only ever taken where the rules already see a
name: it cannot turn an ordinary word into an employer.

Guards, so that breadth never costs precision:
- a name that is one English or headline word ('Air', 'Article', 'Block', 'Target') or a
  place is left out (listed under `ambiguous` for the record): such names still need the
  structural cues and capitalisation checks the rules apply to any unknown name;
- names of one or two characters, and tickers that are words or shorter than four
  letters ('ALL', 'KEY', 'NOW'), are left out;
- a name the hand list already knows keeps the hand list's canonical form.

`--check` exits 1 when the committed file differs from what the sources give (CI use).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bot" / "data"
SOURCES = DATA / "sources"
OUTPUT = DATA / "employers.json"

_LEGAL = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|llc|"
    r"se|ag|nv|sa|n\.v|s\.a|holdings?|group)\.?)+$",
    re.IGNORECASE,
)
_CLASS_NOTE = re.compile(r"\s*\((?:class|series)\s+\w+\)\s*$", re.IGNORECASE)


def fold(name: str) -> str:
    """The same key as bot.companies._fold: case, accents, punctuation and spaces ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "", text)


def _words(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {
        w.lower() for line in text.splitlines() if not line.startswith("#") for w in line.split()
    }


def _places() -> set[str]:
    raw = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    found: set[str] = set()
    for table in ("countries", "aliases"):
        value = raw.get(table, {})
        items = value.items() if isinstance(value, dict) else []
        for key, target in items:
            found.add(fold(str(key)))
            if isinstance(target, str):
                found.add(fold(target))
    return found


def brand(name: str) -> str:
    """'Alphabet Inc. (Class A)' -> 'Alphabet', 'The Walt Disney Company' -> 'Walt Disney'."""
    text = _CLASS_NOTE.sub("", name.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    bare = _LEGAL.sub("", text).strip(" ,.")
    return bare or text


def _listed_companies(vocabulary: set[str]) -> list[tuple[str, list[str]]]:
    """S&P 500 constituents: the brand, the full listed name, and a ticker that is no word."""
    found: list[tuple[str, list[str]]] = []
    with (SOURCES / "sp500_constituents.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            full = row["Security"].strip()
            aliases = [_CLASS_NOTE.sub("", full)]
            ticker = row["Symbol"].strip()
            if len(ticker) >= 4 and ticker.isalpha() and ticker.lower() not in vocabulary:
                aliases.append(ticker)
            found.append((brand(full), aliases))
    return found


def _tracked_employers() -> list[tuple[str, list[str]]]:
    """layoffs.fyi's companies: the most used spelling is the name, the others aliases."""
    spellings: dict[str, Counter[str]] = {}
    with (SOURCES / "layoffs_fyi.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            raw = row["company"].strip()
            if raw:
                spellings.setdefault(fold(brand(raw)), Counter())[raw] += 1
    found: list[tuple[str, list[str]]] = []
    for counts in spellings.values():
        name = brand(counts.most_common(1)[0][0])
        found.append((name, [s for s in counts if s != name]))
    return found


def build() -> dict[str, object]:
    curated = json.loads((DATA / "companies.json").read_text(encoding="utf-8"))
    taken: set[str] = set()
    for name, aliases in curated["companies"].items():
        taken.update(fold(a) for a in [name, *aliases])
    for unit, aliases in curated.get("units", {}).items():
        taken.update(fold(a) for a in [unit, *aliases])
    vocabulary = _words(DATA / "english_words.txt") | _words(DATA / "common_words.txt")
    places = _places()

    def ambiguous(name: str) -> bool:
        words = re.findall(r"[A-Za-z0-9]+", name)
        if len(fold(name)) <= 2:
            return True
        if fold(name) in places:
            return True
        return len(words) == 1 and words[0].lower() in vocabulary

    employers: dict[str, list[str]] = {}
    skipped: set[str] = set()

    def add(canonical: str, aliases: list[str]) -> None:
        key = fold(canonical)
        if not key or key in taken:
            return
        if ambiguous(canonical):
            skipped.add(canonical)
            return
        kept = [a for a in dict.fromkeys(aliases) if fold(a) not in taken and fold(a) != key]
        kept = [a for a in kept if not ambiguous(a)]
        employers[canonical] = kept
        taken.add(key)
        taken.update(fold(a) for a in kept)

    for name, aliases in [*_listed_companies(vocabulary), *_tracked_employers()]:
        add(name, aliases)

    return {
        "_doc": (
            "GENERATED by scripts/build_gazetteer.py from bot/data/sources/ (see its "
            "README.md); do not edit by hand, edit bot/data/companies.json instead. "
            "'employers' maps a canonical name to its aliases; the tagger treats them as "
            "known employers but never searches text for them. 'ambiguous' names (one "
            "English word or a place) are left out and listed for the record."
        ),
        "employers": dict(sorted(employers.items(), key=lambda kv: kv[0].lower())),
        "ambiguous": sorted(skipped, key=str.lower),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = json.dumps(build(), ensure_ascii=False, indent=0) + "\n"
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run scripts/build_gazetteer.py")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(f"{len(data['employers'])} employers, {len(data['ambiguous'])} ambiguous left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
