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


# Names no list carries (hand-kept, with the reason): 'Department of War' is the Defense
# Department's secondary name since September 2025. ('Pentagon', its name in most headlines,
# is a dictionary word: the gazetteer's guard keeps it out, and the tagger reads it as a name
# only where a headline's structure makes it one: 'Pentagon to cut 5% of civilian workforce'.)
_ALSO_KNOWN_AS = {"Defense Department": ["Department of War", "War Department"]}


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
        forms += _ALSO_KNOWN_AS.get(name, [])
        aliases = [f for f in forms if f != name]
        content = [w for w in name.split() if w.lower() not in _SMALL]
        if usable and len(short) >= 3 and len(content) >= 3:
            found.append((short, forms))
        else:
            found.append((name, [*aliases, short] if usable else aliases))
    return found


# GOV.UK's organisation formats that employ staff under their own name (bot/data/sources/
# govuk_organisations.csv): advisory bodies, tribunals, courts and sub-organisations are left
# out (a headline names their department, and their names are phrases: 'Administrative Court').
_UK_FORMATS = frozenset(
    [
        "Ministerial department",
        "Non-ministerial department",
        "Executive agency",
        "Executive non-departmental public body",
        "Public corporation",
        "Special health authority",
        "Devolved government",
        "Civil service",
    ]
)
# Rows of Canada's list that are no employer: a program, a tool, a person's office, a
# portal, a legislature ('Prime Minister of Canada', 'Canada Tariff finder', 'Youth').
_CANADA_NOT_EMPLOYERS = frozenset(
    [
        "AgPal",
        "BizPaL business permits and licensing",
        "Canada Tariff finder",
        "Canada Research Chairs",
        "Canada.ca Experience Office",
        "Democratic Institutions",
        "Educanada",
        "Governor General of Canada",
        "House of Commons of Canada",
        "Impact Canada",
        "Labour Program",
        "Leader of the Government in the House of Commons",
        "NORAD Santa tracker",
        "Parliament of Canada",
        "Prime Minister of Canada",
        "Youth",
        "Canadian Armed Forces Jobs",
        "Intergovernmental Affairs",
        # An employer, left out: the list's one name would split its forms ('CBC', 'Canadian
        # Broadcasting Corporation'), which the story rules unite by their initials.
        "CBC/Radio-Canada",
    ]
)
_OF_THE = re.compile(r"^(?P<x>.+) \((?P<head>Office of the|Department of)\)$")


# Short names the UK's or Canada's lists give that news mostly uses for something else: a
# business or tech term ('IPO', 'ICO', 'NDA', 'RPA' robotic process automation, 'MMO', 'CTA',
# 'GPA', 'CCS', 'ARB', 'HRA', 'MCA'), a union ('CWA', 'RCN'), several bodies ('CSA', 'CAS').
# Their bodies keep their full names ('Intellectual Property Office').
_SHORT_OTHER_MEANING = frozenset(
    ["IPO", "ICO", "NDA", "RPA", "MMO", "CTA", "GPA", "CCS", "ARB", "HRA", "MCA", "CWA", "RCN"]
    + ["CSA", "CAS"]
)


def _letters(name: str) -> str:
    """Initials, an all-capital word giving all its letters: 'HM Revenue & Customs' -> HMRC."""
    words = re.findall(r"[A-Za-z][\w'’-]*", name)
    return "".join(w if w.isupper() else w[0] for w in words).upper()


def _short_form(short: str, forms: list[str]) -> bool:
    """A short name usable as an alias: capitals only, three letters or more, spelling one
    form's initials ('DWP' of 'Department for Work and Pensions'; not 'Statistics', not
    'Number 10')."""
    if not (short.isalpha() and short.isupper() and len(short) >= 3):
        return False
    if short in _SHORT_OTHER_MEANING:
        return False
    for form in forms:
        initials = iter(_letters(form))
        if all(c in initials for c in short):
            return True
    return False


def _public_entry(name: str, forms: list[str], short: str | None) -> tuple[str, list[str]]:
    """(canonical, aliases) by the federal list's rule: the short name is canonical when the
    name has three content words or more ('DWP', 'HMRC'), else the name ('Home Office')."""
    content = [w for w in re.findall(r"[\w'’-]+", name) if w.lower() not in _SMALL]
    aliases = [f for f in forms if f != name]
    if short and len(content) >= 3:
        return short, [name, *aliases]
    return name, [*aliases, short] if short else aliases


def uk_bodies(source: Path) -> list[tuple[str, list[str]]]:
    """(canonical name, aliases) of the UK's departments, agencies, public corporations and
    NHS bodies that GOV.UK lists; a short name two bodies share is nobody's."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["format"] in _UK_FORMATS]
    shared = Counter(r["abbreviation"] for r in rows)
    found: list[tuple[str, list[str]]] = []
    for row in rows:
        name = " ".join(row["title"].split())
        short = row["abbreviation"].strip()
        forms = [name]
        if name.startswith("The ") and len(name.split()) > 2:
            forms.append(name.removeprefix("The "))  # 'The Scottish Government'
        usable = shared[short] == 1 and short != name and _short_form(short, forms)
        found.append(_public_entry(forms[-1], forms, short if usable else None))
    return found


def canada_bodies(source: Path) -> list[tuple[str, list[str]]]:
    """(canonical name, aliases) of the Government of Canada's departments and agencies; the
    list's key pairs the English and French short names ('CRA-ARC', 'EDSC-ESDC'): the one
    spelling the English name's initials is taken."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] not in _CANADA_NOT_EMPLOYERS]
    candidates = [r["abbreviations"].split("-") for r in rows]
    shared = Counter(s for shorts in candidates for s in shorts)
    found: list[tuple[str, list[str]]] = []
    for row, shorts in zip(rows, candidates, strict=True):
        name = " ".join(row["name"].split())
        forms = [name]
        inverted = _OF_THE.match(name)
        if inverted:  # 'Finance Canada (Department of)' -> 'Finance Canada'
            name = inverted.group("x")
            forms = [name, f"{inverted.group('head')} {name}"]
        short = next(
            (s for s in shorts if shared[s] == 1 and s != name and _short_form(s, forms)), None
        )
        found.append(_public_entry(name, forms, short))
    return found
