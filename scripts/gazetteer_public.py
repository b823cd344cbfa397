"""Public employers for scripts/build_gazetteer.py: the US federal agencies of the Federal
Register's agency list (bot/data/sources/federal_register_agencies.csv, see its README).

Each agency is known by its Federal Register name ('Veterans Affairs Department',
'Environmental Protection Agency'), the official order of a department's, bureau's or office's
name ('Department of Veterans Affairs'), a department's name of two words or more alone
('Veterans Affairs', 'Health and Human Services'), its 'Dept.' form and its short name when that spells the name's initials ('EPA', 'HHS';
not 'LOC' for the Copyright Royalty Board, not a short name two agencies share). The
canonical name is the one headlines use (the spec's plain name): the short name when it has
three letters or more and the name three words or more ('HHS', 'NOAA', 'IRS'), else the name
('Education Department', 'Secret Service', 'Justice Department' with 'DOJ' its alias).
Names the list writes with a comma ('Copyright Office, Library of Congress') are left out.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

_SMALL = frozenset(["and", "of", "for", "the", "on", "&", "to", "in"])
# The Federal Register writes 'Veterans Affairs Department', 'Labor Statistics Bureau';
# the bodies call themselves 'Department of Veterans Affairs', 'Bureau of Labor Statistics'.
_INVERTED = re.compile(r"^(?P<x>.+) (?P<head>Department|Bureau|Office)$")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name)).upper()


def _spells(short: str, name: str) -> bool:
    """'HHS' of 'Health and Human Services Department', 'USAID' of 'Agency for International
    Development' (a 'US' opening stands for the country)."""
    for letters in {short, short.removeprefix("US"), short.removeprefix("U")}:
        initials = iter(_initials(name))
        if len(letters) >= 2 and all(c in initials for c in letters):
            return True
    return False


def federal_agencies(source: Path) -> list[tuple[str, list[str]]]:
    """(canonical name, aliases) of every agency the Federal Register lists."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if "," not in r["name"]]
    shared = Counter(r["short_name"] for r in rows)
    found: list[tuple[str, list[str]]] = []
    for row in rows:
        name = " ".join(row["name"].split())
        inverted = _INVERTED.match(name)
        official = f"{inverted.group('head')} of {inverted.group('x')}" if inverted else None
        forms = [name, official] if official else [name]
        if inverted and inverted.group("head") == "Department":
            forms.append(f"{inverted.group('x')} Dept")  # 'Education Dept.' (fold drops '.')
            if " " in inverted.group("x"):
                forms.append(inverted.group("x"))  # 'Veterans Affairs', 'Homeland Security'
        short = row["short_name"].strip()
        usable = (
            short.isalpha()
            and short.isupper()
            and shared[short] == 1
            and short != name
            and any(_spells(short, f) for f in forms)
        )
        aliases = [f for f in forms if f != name]
        content = [w for w in name.split() if w.lower() not in _SMALL]
        if usable and len(short) >= 3 and len(content) >= 3:
            found.append((short, forms))
        else:
            found.append((name, [*aliases, short] if usable else aliases))
    return found
