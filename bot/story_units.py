"""The part of an employer a headline says the cuts are in: a division, a studio, a site
('Amazon cuts 180 jobs from its gaming division', 'GM to cut 900 jobs at Orion Assembly').
Used by the story planner (bot/stories.py) to keep one employer's cuts in two parts apart;
pure functions of headlines and employer names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.companies import company_key

# Up to three words before a division's noun: 'its video games division', 'Alexa Voice
# Assistant Unit'. Not sites ('Seattle-area office', 'engineering hub'): a company-wide
# round is reported site by site.
_PART = re.compile(
    r"\b((?:[\w'’&-]+\s+){0,2}[\w'’&-]+)\s+(?:division|unit|team|studio|department|business"
    r"|channel)s?\b",
    re.IGNORECASE,
)
# A studio or plant named after 'at': 'at Orion Assembly', 'at Weta Digital'; not a site
# ('at Seattle-area engineering hub').
_AT = re.compile(
    r"\b(?i:at)\s+(?:its\s+)?((?:[A-Z][\w'’-]*\b\s*){1,3})(?!\s*(?:[a-z-]+\s+){0,2}"
    r"(?:office|hub|campus|headquarters|site|facility|warehouse)s?\b)"
)
_STOPWORDS = (
    "a an the its their his her this that these every all each entire whole other "
    "another new more most some several many few of in at to from for and with across "
    "into on corporate global company companies firm group employees employee staff "
    "workers people jobs job roles layoffs layoff cuts cut hundreds thousands dozens "
    "percent latest major mass big biggest largest first second third round rounds part "
    "parts after amid as is are was were be will has have had s but around about over "
    "nearly than hit hits"
)
_NOT_A_PART = frozenset(_STOPWORDS.split())
PREFIX = 4  # 'game', 'games', 'gaming' are one part; 'podcast', 'podcasting' too
# A business line named by the employer's name and its noun ('Amazon Games Lays Off 180',
# 'Amazon Music'): the part, as 'its games division' would be.
_LINES = "Games|Gaming|Music|Studios|Cloud|Video|Pictures|Health|Pharmacy|Podcasts"
_LINE = rf"\s+({_LINES})\b"
# Where `_LINE` matches after some name, this matches too: a headline without it names
# no line of any employer.
_ANY_LINE = re.compile(rf"\s(?:{_LINES})\b")


@lru_cache(maxsize=16384)
def _parts(title: str) -> frozenset[str]:
    words: list[str] = []
    for match in _PART.finditer(title):
        run: list[str] = []
        for w in reversed(re.findall(r"[\w'’&-]+", match.group(1).lower())):
            if w in _NOT_A_PART or any(c.isdigit() for c in w):
                break  # the words right before the noun, up to a stopword or a figure
            run.append(w)
        words += run
    for match in _AT.finditer(title):
        words += re.findall(r"[a-z][a-z'’&-]+", match.group(1).lower())
    return frozenset(
        re.sub(r"['’]s$", "", w)[:PREFIX] for w in words if w not in _NOT_A_PART and len(w) > 2
    )


def parts(titles: Iterable[str], employers: Sequence[str]) -> frozenset[str]:
    """The parts the headlines name, the employers' own names aside ('at Hasbro')."""
    names = {w[:PREFIX] for e in employers for w in re.findall(r"[a-z]+", e.lower())}
    found = {p for t in titles for p in _parts(t)}
    found.update(p for t in titles for e in employers for p in _lines(t, e))
    return frozenset(found - names)


@lru_cache(maxsize=16384)
def _lines(title: str, employer: str) -> frozenset[str]:
    """The business lines named right after the employer's name (see _LINE). A pattern
    per employer, built only for a headline holding the name as written and a line's
    noun (#14: compiled for every employer met, the patterns cost ~3% of the writer)."""
    if employer not in title or not _ANY_LINE.search(title):
        return frozenset()
    found = re.findall(r"\b" + re.escape(employer) + _LINE, title)
    return frozenset(w.lower()[:PREFIX] for w in found)


def main_unit(mine: Sequence[str], theirs: Sequence[str]) -> frozenset[str]:
    """A unit tagged as one side's main employer where the other's main is its parent
    ('Cruise', 'General Motors' beside 'General Motors'): that side's part is the unit."""
    if not mine or not theirs or company_key(mine[0]) == company_key(theirs[0]):
        return frozenset()
    if any(company_key(c) == company_key(theirs[0]) for c in mine[1:]):
        return frozenset(w[:PREFIX] for w in re.findall(r"[a-z]+", mine[0].lower()))
    return frozenset()
