"""Structural cues that pass over a name before the action verb, or order a unit first.

Issue #16 (session 15): cues real headlines use that the subject walk in companies.py took
for the acting employer: a purchase's target ('Xerox to buy Lexmark, cut 500 jobs'), the
employer followed ('Zalando follows Vimeo in cutting jobs'), a fronted comparison ('After
Vimeo, Zalando cuts jobs'), a legal form after a comma ('Wolfspeed, Inc.'), and a listed
unit the parent's announcement names ('Meta confirms Instagram layoffs': v2, units before
parents).
"""

from __future__ import annotations

import re

from bot.companies import company_key, known
from bot.tagging.names import _place, _Run, _runs
from bot.tagging.pointers import person_like

_LEGAL_FORM = re.compile(r"(?i:inc|corp|co|ltd|llc|plc|ag|se|sa|nv|gmbh|pty|l\.?p)\.?")
# The target of a purchase (or a sale), with the action verb coordinated after it.
_BUYS_BEFORE = re.compile(
    r"\b(?i:buy(?:s|ing)?|bought|sell(?:s|ing)?|sold|acquir(?:e[sd]?|ing)|purchas(?:e[sd]?|ing)|"
    r"(?:takeover|acquisition|purchase|buyout)\s+of|merg(?:e[sd]?|ing|er)\s+with)"
    r"\s+(?:(?i:the|rival)\s+)?$"
)
_THEN_VERB = re.compile(r"^(?i:\s*(?:,\s*(?:and\s+|then\s+)?|\s+and\s+(?:then\s+)?|;\s*))$")
_BUY_VERB_FIRST = re.compile(r"^(?:Buys?|Acquires?|Purchases?|Bought|Acquired)\s")
_FOLLOWED = re.compile(r"\b(?i:follows?|followed|joins?|joined|copies|copied|mirrors?)\s+$")
_IN_ACTION = re.compile(r"\s+(?i:in|by)\s*$")
_BOSS_BEFORE = re.compile(
    r"\s(?i:boss|ceo|chief\s+executive|chief|founder|co-founder|chair(?:man|woman)?|"
    r"president)\s+$"
)
# An employer's analysts giving their view: the layoffs they see are another's.
_COMMENTATORS_AFTER = re.compile(
    r"\s+(?i:analysts?|economists?|strategists?|researchers?)\s+(?i:say|says|said|see|sees|"
    r"expect|expects|predict|predicts|warn|warns|estimate|estimates|forecast|forecasts|"
    r"think|believe|note|notes)\s+(?:(?i:more|further|big|deep|major)\s+)?$"
)
# A phrase put before the subject, naming another employer for comparison or time.
_FRONTED = re.compile(
    r"(?:^|[:;.!?—–]\s*)(?i:after|following|like|unlike|just\s+like|as\s+with|besides|"
    r"beyond|(?:days|weeks|months)\s+after|(?:hot\s+)?on\s+the\s+heels\s+of|"
    r"in\s+the\s+wake\s+of)\s+$"
)


def passed_over(subject: str, runs: list[_Run], i: int, *, nearest: bool) -> bool:
    """Whether the walk back from the verb skips run `i` (`nearest`: no name found yet)."""
    run = runs[i]
    if nearest and _COMMENTATORS_AFTER.match(subject, run.end):
        return True  # 'Morgan Stanley analysts see layoffs at Zendesk': no action of theirs
    if not i:
        return False
    if nearest and _BOSS_BEFORE.search(subject, 0, run.start) and person_like(run.name):
        return True  # 'CNN Boss Chris Licht Confirmed ... Layoffs': he speaks for CNN
    if _LEGAL_FORM.fullmatch(run.name) and subject[runs[i - 1].end : run.start] == ", ":
        return True  # 'Wolfspeed, Inc. announces': the legal form of the name before it
    if not nearest:
        return False
    if _FOLLOWED.search(subject, 0, run.start) and _IN_ACTION.match(subject, run.end):
        return True  # 'Zalando follows Vimeo in cutting jobs': the one followed
    return _bought(subject, run) or _closed_site(subject, run)


# 'Zalando to close Erfurt warehouse, cutting 300 jobs': the site the employer closes,
# named before the coordinated action verb, is the object of the first verb.
_CLOSES_BEFORE = re.compile(
    r"\b(?i:clos(?:e[sd]?|ing)|shut(?:s|ting)?(?:\s+down)?|shutter(?:s|ed|ing)?|"
    r"exit(?:s|ing)?|merg(?:e[sd]?|ing)|consolidat(?:e[sd]?|ing)|"
    r"relocat(?:e[sd]?|ing)|mov(?:e[sd]?|ing))\s+(?:(?i:its|the|a|an|two|three|several)\s+)?$"
)
_SITE_THEN_VERB = re.compile(
    r"^(?:\s+(?i:warehouses?|plants?|factor(?:y|ies)|sites?|stores?|offices?|mills?|"
    r"facilit(?:y|ies)|depots?|cent(?:re|er)s?|hubs?|campus(?:es)?|branch(?:es)?|"
    r"operations?|headquarters|HQ|works|lab|labs))?"
    r"(?i:\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*)$"
)
_SITE_LAST = re.compile(
    r"\s(?:Warehouses?|Plants?|Factory|Factories|Sites?|Stores?|Offices?|Mills?|Facility|"
    r"Facilities|Depots?|Cent(?:re|er)s?|Hubs?|Campus|HQ)$"
)


def _closed_site(subject: str, run: _Run) -> bool:
    if not _CLOSES_BEFORE.search(subject, 0, run.start):
        return False
    tail = subject[run.end :]
    return bool(_SITE_THEN_VERB.match(tail)) and (
        _SITE_LAST.search(run.name) is not None or not _THEN_VERB.match(tail)
    )


def _bought(subject: str, run: _Run) -> bool:
    """'Xerox to buy Lexmark, cut 500 jobs', 'Xerox to Acquire Lexmark, Cut Jobs' (Title
    Case runs the verb into the name): the purchase's target before the coordinated verb;
    the buyer cuts."""
    return bool(_THEN_VERB.match(subject[run.end :])) and bool(
        _BUYS_BEFORE.search(subject[: run.start]) or _BUY_VERB_FIRST.match(run.name)
    )


def fronted(text: str, start: int) -> bool:
    """'After Vimeo, Zalando cuts jobs', 'After Merger with Google Maps Division, Waze Gets
    Hit': the name at `start` is inside a phrase fronted before the subject."""
    return _FRONTED.search(text, 0, start) is not None or bool(_FRONTED_OPENING.match(text[:start]))


# A sentence opening on a fronted phrase that runs, with no comma, to the name.
_FRONTED_OPENING = re.compile(
    r"^\W*(?:(?:one|two|three|a|several|\d+)\s+(?i:days?|weeks?|months?|years?)\s+)?"
    r"(?i:after|following|like|unlike|as\s+with|besides|in\s+the\s+wake\s+of|"
    r"on\s+the\s+heels\s+of)\s[^,;:.!?]*$",
    re.I,
)


# World regions the place table (countries and their cities) leaves out: 'Zalando moves
# jobs to Asia, lays off 300' names no employer 'Asia'.
_REGIONS = frozenset(
    ["europe", "asia", "africa", "oceania", "the americas", "americas", "latin america"]
    + ["south america", "north america", "central america", "middle east", "the middle east"]
    + ["emea", "apac", "latam", "asia pacific", "asia-pacific", "scandinavia", "nordics"]
    + ["eastern europe", "western europe", "central europe", "southeast asia", "east asia"]
    + ["south asia", "sub-saharan africa", "the caribbean", "caribbean", "the gulf", "balkans"]
    + ["the balkans", "bay area", "the bay area", "midwest", "the midwest"]
)


def region(name: str) -> bool:
    return name.lower() in _REGIONS


def place_named(name: str) -> bool:
    """ "Embracer's Eidos Montreal", "Microsoft's Arkane Austin": a studio named for its city
    is a unit of two plain words, not a boss ('Disney's Bob Iger')."""
    return bool(_place(name.split()[-1]))


def announced_unit(tail: str, names: list[str]) -> list[str]:
    """'Meta confirms Instagram layoffs', 'Microsoft confirms Xbox job cuts': a listed unit
    of the one announcing qualifies the cuts; it comes before its parent (v2)."""
    if len(names) != 1:
        return names
    units = [r.known for r in _runs(tail) if r.known and r.known != names[0]]
    if len(units) != 1 or company_key(units[0]) != company_key(names[0]):
        return names
    return [units[0], *names]


_STAFF_AFTER = re.compile(r"\s+(?i:workers|staff|employees)\b")


def without_site(subject: str, run: _Run) -> str:
    """'Zalando Warehouse Workers Laid Off': Title Case runs the site into the employer's
    name; the staff of the site are the employer's."""
    site = _SITE_LAST.search(run.name)
    if site is None or not site.start() or not _STAFF_AFTER.match(subject, run.end):
        return run.name
    if run.known or known(run.name):
        return run.name  # 'General Mills workers': the listed name's own word
    return run.name[: site.start()]
