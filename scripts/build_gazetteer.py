"""Build bot/data/employers.json, the gazetteer of real employers, from public lists.

    python3 scripts/build_gazetteer.py [--check]

Sources (copied into bot/data/sources/, provenance in its README.md):
- `layoffs_fyi.csv`: the layoffs.fyi tracker's company list (2020-2026), one row per round.
- `sp500_constituents.csv`: the S&P 500 constituents with their tickers.
- `forbes_global_2000_2025.csv`: the Forbes Global 2000 (2025), the largest listed
  employers of every country (UK, Europe, Japan, India, Australia, China, ...).
- `federal_register_agencies.csv`: the US federal agencies the Federal Register lists,
  with their short names (scripts/gazetteer_public.py says which name is canonical).
- `govuk_organisations.csv`, `canada_departments.csv`: the UK's departments, agencies, public
  corporations and NHS bodies (GOV.UK's organisation list) and the Government of Canada's
  departments and agencies (Canada.ca's list), read the same way.
- `nasdaq_listed.csv`, `nyse_listed.csv`: every security listed on NASDAQ and the NYSE;
  only common and ordinary shares and ADSs are read (no ETFs, funds, trusts, SPACs,
  preferred shares, notes, warrants, units or rights: they employ nobody).

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
- names of one or two characters (but a digit and a capital, '3M'), and tickers that are words or shorter than four
  letters ('ALL', 'KEY', 'NOW'), are left out;
- a name the hand list already knows keeps the hand list's canonical form, and a name an
  earlier source lists keeps that source's form (order: S&P 500, tracker, Forbes, NASDAQ,
  NYSE); one-word names of the new sources (Forbes, exchanges) are not even recorded as
  `ambiguous`: that list lets a Title Case headline's acting subject be a word-named
  employer, and 'Phoenix' (a Forbes name, and a city) or a micro-cap named 'Vision'
  should not widen it. Word-named giants ('Shell', 'Gap') belong in the hand list;
- an exchange-listed name of two dictionary words ('Energy Recovery') is left out: in the
  long tail of small listings such a name is more often a phrase than the company;
- so is a new name that starts with a number or ordinal and a space ('60 Degrees
  Pharmaceuticals', '77 Bank'): the tagger searches text for names that start with a
  digit, and there such a name reads as a quantity ('temperatures near 60 degrees').

Aliases a rule derives (never over a name some source lists as an employer of its own):
- the full listed name ('Star Entertainment Group', 'HSBC Holdings') of the brand the
  legal and group words are stripped from ('Star Entertainment', 'HSBC'), when looking
  the full name up would not strip them anyway ('Inc.', 'plc' and the like are);
- a name written 'Long Name (SHORT)' or 'SHORT - Long Name' is known as both (not a
  legal form in brackets: 'China Resources Beer (Holdings)' is not 'Holdings'); in the
  second form the listing leads with the brand outlets use ('H&M - Hennes & Mauritz'), so
  SHORT is canonical (when it has four letters or more, folded);
- the plain short name of a name ending in a generic word ('Cisco Systems' -> 'Cisco',
  'Regeneron Pharmaceuticals' -> 'Regeneron', 'Toyota Motor' -> 'Toyota') becomes the
  canonical name, the listed one its alias (the spec's plain brand), under the guards
  above and not when several employers' names start with it ('Tata Motors', 'Tata Steel'), only if it has four letters or more and a word no dictionary lists ('Clean
  Energy' of 'Clean Energy Technologies' is a phrase); not after 'International', 'Industries'
  and such words, which mostly follow a surname ('Mueller Industries': 'Mueller' is a person);
  a plain short name the hand list owns ('Ford' of 'Ford Motor', 'Uber' of 'Uber
  Technologies') takes the listing as its alias, group or not ('Ford Otosan' shares 'Ford');
- '&' and 'and' need no alias: names are compared folded, where they are the same.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazetteer_public import canada_bodies, federal_agencies, uk_bodies  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bot" / "data"
SOURCES = DATA / "sources"
OUTPUT = DATA / "employers.json"

_LEGAL = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|p\.l\.c|llc|"
    r"se|ag|nv|sa|n\.v|s\.a|s\.p\.a|spa|ab|asa|oyj|a/s|kgaa|&\s+co\.?\s+kgaa|bhd|tbk|pjsc|"
    r"s\.a\.b\.\s+de\s+c\.v|holdings?|group)\.?)+$",
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
        items = value.items() if isinstance(value, dict) else [(v, v) for v in value]
        for key, target in items:
            found.add(fold(str(key)))
            if isinstance(target, str):
                found.add(fold(target))
    return found


def brand(name: str) -> str:
    """'Alphabet Inc. (Class A)' -> 'Alphabet', 'The Walt Disney Company' -> 'Walt Disney'."""
    text = _CLASS_NOTE.sub("", name.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    bare = _DANGLING.sub("", _LEGAL.sub("", text).strip(" ,."))
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


# The share classes an employer's own stock is listed as; anything else on an exchange
# list (warrants, units, rights, notes, preferred shares, fund units) is no employer.
_SHARES = re.compile(
    r"[\s,-]*(?:(?:class|series)\s+[A-Z0-9]+\s+)?(?:common|ordinary|subordinate\s+voting)\s+"
    r"(?:stock|shares?)\b.*$|[\s,-]*american\s+deposit[ao]ry\s+shares?\b.*$|[\s,-]*ADSs?\b.*$",
    re.IGNORECASE,
)
_NOT_EMPLOYER = re.compile(
    r"\b(?:acquisitions?|fund|funds|etf|etfs|trust|income|municipal|warrants?|units?|rights?|"
    r"preferred|preference|notes|debentures|beneficial|partners|partnership|bitcoin|"
    r"ethereum|crypto\s+index|blank\s+check)\b",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*$")
# What exchange lists write after a company's name: 'Inc. New', 'Holdings Inc ADR',
# 'Inc. Class A Sub. Vot'.
_LISTING_TAIL = re.compile(
    r"\s+(?:new|adr|reit|unsponsored|sponsored\b.*|class\s+[A-Z]\b.*|common\s+stock\b.*|"
    r"sub\.?\s+vot.*)$",
    re.IGNORECASE,
)
# A legal form with words after it ends the name: 'Flagstar Bank, N.A.', 'Banco Macro S.A.
# ADR (representing Ten', 'Home Federal Bancorp, Inc. of Louisiana' ('Corp' is not one:
# 'Packaging Corp of America').
_LEGAL_THEN_MORE = re.compile(
    r"^(?P<name>.+?),?\s+(?:inc|ltd|plc|llc|l\.l\.c|n\.v|s\.a|s\.a\.b|s\.a\.p\.i|s\.p\.a|kgaa|n\.a|"
    r"pbc|l\.p|limited)\b\.?(?:[\s,].*)?$",
    re.IGNORECASE,
)
_SERIES = re.compile(r"(?:\s[IVX]{2,4}|\b(?i:corp|corporation|company|inc)\.?\s+[IVX]+)$")
# A name that starts with a number the tagger searches text for (bot.companies: no English
# word starts with a digit); a number or ordinal then a space reads as a quantity there:
# '60 Degrees', '77 Bank', '22nd Century'. '3D Systems', '36Kr', '1stdibs' do not.
_QUANTITY_FIRST = re.compile(r"^\d+(?:st|nd|rd|th)?[\s-]", re.IGNORECASE)
_DANGLING = re.compile(r"(?:[\s,]+(?:&|and))+$", re.IGNORECASE)
_ACRONYM_FIRST = re.compile(r"^([A-Z][A-Z&]{1,5})\s+-\s+(\S.*\s.*)$")  # not 'EMS-Chemie'

# Last words a headline often leaves out ('Cisco Systems' -> 'Cisco'). Not 'International',
# 'Industries', 'Financial' and the like: they mostly follow a founder's surname or a
# town ('Mueller Industries', 'Edison International'), and 'Mueller' alone is a person.
_GENERIC_TAIL = re.compile(
    r"\s+(?:group|holdings?|technologies|technology|systems|pharmaceuticals?|therapeutics|"
    r"motors?|interactive)$",
    re.IGNORECASE,
)
# What bot.companies.known() strips before a lookup: a full name that differs from its
# brand by these alone needs no alias.
_LOOKUP_SUFFIX = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|llc|llp|"
    r"se|ag|nv|sa|gmbh|pty|pte|holdings?\s+inc)\.?)+$",
    re.IGNORECASE,
)


def _with_aliases(full: str) -> tuple[str, list[str]]:
    """A listed name -> (brand, aliases): 'Postal Savings Bank of China (PSBC)' ->
    ('Postal Savings Bank of China', ['PSBC']), 'H&M - Hennes & Mauritz' ->
    ('H&M', ['Hennes & Mauritz']), 'HSBC Holdings' -> ('HSBC', ['HSBC Holdings'])."""
    text = _CLASS_NOTE.sub("", " ".join(full.split()))
    while (tail := _LISTING_TAIL.search(text)) and tail.start() > 0:
        text = text[: tail.start()]
    legal = _LEGAL_THEN_MORE.match(text)
    if legal:
        text = legal.group("name")
    text = text.strip(" ,.")
    aliases: list[str] = []
    paren = _PAREN.search(text)
    if paren:
        text = text[: paren.start()]
        note = paren.group(1).strip()
        if not _LEGAL.fullmatch(" " + note):
            # 'China Resources Beer (Holdings)': a legal form in brackets is no short name
            aliases.append(note)
    acronym = _ACRONYM_FIRST.match(text)
    if acronym:
        aliases.append(acronym.group(1))
        text = acronym.group(2)
    # Three letters or fewer: known() also tries the plural, and 'Em' + 's' is no 'EMS'.
    aliases = [a for a in aliases if len(fold(a)) >= 4]
    name = brand(text)
    if not any(c.islower() for c in name):  # 'DENTSPLY SIRONA' -> 'Dentsply Sirona'
        name = re.sub(r"\b[A-Z]{5,}\b", lambda m: m.group(0).capitalize(), name)
    bare = _LOOKUP_SUFFIX.sub("", text.strip(" ,.")).strip(" ,.")
    if fold(bare) != fold(name):
        aliases.append(bare)
    if acronym and acronym.group(1) in aliases:
        # 'H&M - Hennes & Mauritz': the listing leads with the brand outlets use, and the
        # spec's canonical name is that brand; the legal name is its alias.
        return acronym.group(1), [name, *(a for a in aliases if a != acronym.group(1))]
    return name, aliases


def _forbes_employers() -> list[tuple[str, list[str]]]:
    """The Forbes Global 2000: the world's largest listed employers, every country."""
    with (SOURCES / "forbes_global_2000_2025.csv").open(encoding="utf-8", newline="") as fh:
        return [_with_aliases(row["Company"]) for row in csv.DictReader(fh) if row["Company"]]


def _exchange_employers() -> list[tuple[str, list[str]]]:
    """NASDAQ and NYSE listings: companies whose common or ordinary shares or ADSs trade."""
    names: list[str] = []
    with (SOURCES / "nasdaq_listed.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            listed = row["ETF"] == "N" and row["Test Issue"] == "N"
            if listed and _SHARES.search(row["Security Name"]):
                names.append(row["Company Name"])
    with (SOURCES / "nyse_listed.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            shares = _SHARES.search(row["Company Name"])
            if shares and shares.start() > 0:
                names.append(row["Company Name"][: shares.start()])
    found = []
    for listed in names:
        listed = _PAREN.sub("", listed).strip(" ,-")
        name, aliases = _with_aliases(listed)
        # _SERIES: blank-check companies come in series ('SilverBox Corp V').
        if name and not _NOT_EMPLOYER.search(listed) and not _SERIES.search(name):
            found.append((name, aliases))
    return found


_PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})


class _Builder:
    """The employers and their aliases, guarded against the hand list, English words and
    places; the first source to list a name keeps its spelling."""

    def __init__(self) -> None:
        curated = json.loads((DATA / "companies.json").read_text(encoding="utf-8"))
        self.taken: set[str] = set()
        # fold(name or alias) -> the canonical name a later source's aliases go to.
        self.owner: dict[str, str] = {}
        for name, aliases in curated["companies"].items():
            self.owner.update((fold(a), name) for a in [name, *aliases])
        # fold(hand-list name or alias) -> its canonical name.
        self.curated = dict(self.owner)
        self.taken.update(self.owner)
        for unit, aliases in curated.get("units", {}).items():
            self.taken.update(fold(a) for a in [unit, *aliases])
        self.vocabulary = _words(DATA / "english_words.txt") | _words(DATA / "common_words.txt")
        self.places = _places()
        self.employers: dict[str, list[str]] = {}
        self.skipped: set[str] = set()

    def ambiguous(self, name: str) -> bool:
        words = re.findall(r"[A-Za-z0-9]+", name)
        key = fold(name)
        if key in self.places:
            return True
        if len(key) <= 2:
            # '3M', '2U': a digit and a capital letter are no word (the tagger matches
            # such a short numbered name only as written, never after a currency sign)
            return re.fullmatch(r"\d[A-Z]", name) is None
        return len(words) == 1 and words[0].lower() in self.vocabulary

    def plain_words(self, name: str) -> int:
        """How many words `name` has when all are dictionary words ('Clean Energy': 2),
        else 0 ('Cisco Systems')."""
        words = re.findall(r"[A-Za-z0-9]+", name)
        return len(words) if all(w.lower() in self.vocabulary for w in words) else 0

    def add(self, canonical: str, aliases: list[str], *, record: bool = True) -> None:
        """A name already taken keeps its first form and gains this source's aliases
        ('HSBC' of the hand list is also 'HSBC Holdings'); a unit's name gains none.
        Names keep the keyboard's apostrophe ('O’Reilly' -> "O'Reilly"), as tags do."""
        canonical = canonical.translate(_PLAIN_QUOTES)
        aliases = [a.translate(_PLAIN_QUOTES) for a in aliases]
        key = fold(canonical)
        if not key:
            return
        if key in self.taken:
            owner = self.owner.get(key)
            kept = self._new_aliases(aliases, key)
            if owner is not None and kept:
                self.employers.setdefault(owner, []).extend(kept)
                self.taken.update(fold(a) for a in kept)
            return
        if self.ambiguous(canonical):
            if record:
                self.skipped.add(canonical)
            return
        kept = self._new_aliases(aliases, key)
        self.employers[canonical] = kept
        self.owner[key] = canonical
        self.taken.add(key)
        self.taken.update(fold(a) for a in kept)

    def _new_aliases(self, aliases: list[str], key: str) -> list[str]:
        kept = [a for a in dict.fromkeys(aliases) if fold(a) not in self.taken and fold(a) != key]
        return [a for a in kept if not self.ambiguous(a)]

    def add_short_names(self) -> None:
        """Second pass, once every source's own names are taken: 'Toyota Motor' is known as
        'Toyota', its plain brand (the spec's canonical name: the tagger then names it as
        headlines and labels do), unless that is a word, a place, too short, someone else's
        name, or the first word of a group's several employers ('Tata' of 'Tata Motors',
        'Tata Steel' and 'Tata Power': which one a bare 'Tata' means, the text must say)."""
        groups = self._group_heads()
        for canonical in list(self.employers):
            short = _DANGLING.sub("", _GENERIC_TAIL.sub("", canonical))
            key = fold(short)
            if short == canonical or len(key) < 4:
                continue
            if key in self.curated:
                # 'Ford Motor': the hand list's 'Ford' is that brand; the listing its alias
                owner = self.curated[key]
                moved = [canonical, *self.employers.pop(canonical)]
                self.employers.setdefault(owner, []).extend(moved)
                continue
            if key in self.taken or key in groups:
                continue
            if self.plain_words(short) or _QUANTITY_FIRST.match(short):
                continue  # 'Clean Energy' of 'Clean Energy Technologies', '60 Degrees'
            if not self.ambiguous(short):
                self.employers[short] = [canonical, *self.employers.pop(canonical)]
                self.taken.add(key)

    def _group_heads(self) -> set[str]:
        """fold(first words) shared by two or more employers' names ('Tata', 'Toyota')."""
        seen: dict[str, int] = {}
        for name in {*self.employers, *self.owner.values()}:
            words = name.split()
            for n in range(1, len(words)):
                head = fold(" ".join(words[:n]))
                seen[head] = seen.get(head, 0) + 1
        return {head for head, count in seen.items() if count > 1}


def build() -> dict[str, object]:
    builder = _Builder()
    for name, aliases in [*_listed_companies(builder.vocabulary), *_tracked_employers()]:
        builder.add(name, aliases)
    listed = [(name, aliases, True) for name, aliases in _forbes_employers()]
    listed += [(name, aliases, False) for name, aliases in _exchange_employers()]
    for name, aliases, forbes in listed:
        # The long tail: a name of two dictionary words ('Energy Recovery', 'Data Storage')
        # is more often a phrase in a Title Case headline than this small company.
        if _QUANTITY_FIRST.match(name) or (not forbes and builder.plain_words(name) == 2):
            continue
        aliases = [a for a in aliases if not _QUANTITY_FIRST.match(a)]
        builder.add(name, aliases, record=False)
    builder.add_short_names()
    # Public employers last: a company keeps a name or short form an agency shares, and an
    # agency is never made another employer's alias ('APA' is APA Corporation, not the
    # Alaska Power Administration, which keeps its own name; nor is 'SEC', a word).
    # The US agencies first, then the UK's and Canada's bodies ('Education Department' is
    # the US one; the UK's is 'Department for Education').
    public = [
        *federal_agencies(SOURCES / "federal_register_agencies.csv"),
        *uk_bodies(SOURCES / "govuk_organisations.csv"),
        *canada_bodies(SOURCES / "canada_departments.csv"),
    ]
    for name, aliases in public:
        if (fold(name) in builder.taken or builder.ambiguous(name)) and aliases and name.isupper():
            name, aliases = aliases[0], aliases[1:]
        if fold(name) not in builder.taken:
            builder.add(name, [a for a in aliases if fold(a) not in builder.taken], record=False)
    return {
        "_doc": (
            "GENERATED by scripts/build_gazetteer.py from bot/data/sources/ (see its "
            "README.md); do not edit by hand, edit bot/data/companies.json instead. "
            "'employers' maps a canonical name to its aliases; the tagger treats them as "
            "known employers but never searches text for them. 'ambiguous' names (one "
            "English word or a place) are left out and listed for the record."
        ),
        "employers": dict(sorted(builder.employers.items(), key=lambda kv: kv[0].lower())),
        "ambiguous": sorted(builder.skipped, key=str.lower),
    }


def write_or_check(
    argv: list[str] | None,
    *,
    description: str,
    script: str,
    build: Callable[[], dict[str, object]],
    output: Path,
    summary: Callable[[dict[str, Any]], str],
) -> int:
    """The generated file's command line (this script's and build_brands.py's): write
    `output` from `build()` and print `summary` of it, or with --check, fail if it is stale."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = json.dumps(build(), ensure_ascii=False, indent=0) + "\n"
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output.relative_to(ROOT)} is stale: run scripts/{script}")
            return 1
        return 0
    output.write_text(text, encoding="utf-8")
    print(summary(json.loads(text)))
    return 0


def main(argv: list[str] | None = None) -> int:
    return write_or_check(
        argv,
        description=__doc__.splitlines()[0],
        script="build_gazetteer.py",
        build=build,
        output=OUTPUT,
        summary=lambda data: (
            f"{len(data['employers'])} employers, {len(data['ambiguous'])} ambiguous left out"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
