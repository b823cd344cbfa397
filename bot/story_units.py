"""The part of an employer a headline says the cuts are in: a division, a studio, a site
('Amazon cuts 180 jobs from its gaming division', 'GM to cut 900 jobs at Orion Assembly').
Used by the story planner (bot/stories.py) to keep one employer's cuts in two parts apart;
pure functions of headlines and employer names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import timedelta
from functools import lru_cache

from bot.companies import company_key
from bot.models import Tags
from bot.story_rounds import announced, carried_out, reports_plan

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
    return _parts_of(tuple(titles), tuple(employers))


@lru_cache(maxsize=4096)
def _parts_of(titles: tuple[str, ...], employers: tuple[str, ...]) -> frozenset[str]:
    """`parts`, once per story's headlines and employers (#14: asked of a candidate's ~20
    headlines at each comparison of one employer's actions)."""
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


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


# A unit's headline telling its cuts as the parent's round's: 'Fall Guys developer hit hard
# by Epic Games layoffs', 'ESPN announces layoffs as part of Disney's moves'.
_OF_THE_ROUND = re.compile(r"\b(?:hit|hits|affected|part of|among)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _written(name: str) -> re.Pattern[str]:
    words = re.findall(r"[A-Za-z0-9]+", name)
    return re.compile(r"(?<![A-Za-z0-9])" + r"\W{0,2}".join(words) + r"(?![A-Za-z0-9])", re.I)


def _writes(names: Iterable[str], titles: Iterable[str]) -> bool:
    """Whether a headline writes one of the names as it is spelt (not through an alias)."""
    pats = [_written(n) for n in names if re.search(r"[A-Za-z0-9]", n)]
    return any(p.search(t) for p in pats for t in titles)


def unit_alone(
    mine: Sequence[str],
    my_titles: Sequence[str],
    theirs: Sequence[str],
    their_titles: Sequence[str],
) -> bool:
    """One side tagged with a unit filed under the other's employer (the gazetteer's
    'GitHub' under Microsoft, 'Whole Foods' under Amazon) that neither side's headlines tie
    together: the unit's headlines do not write the parent's name nor tell the cuts as the
    round's (`_OF_THE_ROUND`), the parent's do not write the unit's. The unit's own action
    ('GitHub to Layoff 10%' weeks after Microsoft's 10,000; 'Activision Blizzard lays off
    around 50 esports staff' a week after Microsoft's July cuts)."""
    if not mine or not theirs:
        return False

    def alone(
        unit: Sequence[str], ut: Sequence[str], parent: Sequence[str], pt: Sequence[str]
    ) -> bool:
        if {_fold(n) for n in unit} & {_fold(n) for n in parent}:
            return False
        if company_key(unit[0]) not in {company_key(n) for n in parent}:
            return False
        if _fold(unit[0]) == company_key(unit[0]).replace("-", ""):
            return False  # the unit is its own key: a company, not a unit filed under another
        if any(_OF_THE_ROUND.search(t) for t in ut) or _writes(parent, ut):
            return False
        return not _writes(unit, pt)

    return alone(mine, my_titles, theirs, their_titles) or alone(
        theirs, their_titles, mine, my_titles
    )


Side = tuple[Sequence[str], Tags]  # one side's headlines and tags


def other_part(
    earlier: Side, later: Side, gap: timedelta, same_day: timedelta, follow_up: timedelta
) -> bool:
    """Whether the two are cuts in two parts of the employer: both name parts (a unit
    tagged beside its parent is one), none shared, beyond `same_day`; one names a part,
    beyond `follow_up`, unless the earlier names it (the later is its follow-up) or
    announced cuts the later says start; or the earlier a part's cuts with no headcount and
    the later, beyond `same_day`, a company-wide headcount (`_round_after_part`)."""
    (early_titles, early), (late_titles, late) = earlier, later
    early_unit = main_unit(early.companies, late.companies)
    late_unit = main_unit(late.companies, early.companies)
    early_parts = parts(early_titles, early.companies) | early_unit
    late_parts = parts(late_titles, late.companies) | late_unit
    # A unit tagged on one side and written in the other's headline is that side's part
    # too ('Alphabet to cut staff of health sciences unit Verily' beside Verily's cuts).
    if late_unit and _writes(late.companies[:1], early_titles):
        early_parts |= late_unit
    if early_unit and _writes(early.companies[:1], late_titles):
        late_parts |= early_unit
    if early_parts and late_parts:
        return not early_parts & late_parts and (gap > same_day or bool(early_unit | late_unit))
    if not (early_parts or late_parts):
        return False
    if gap > same_day and early_parts and _round_after_part(early, late, early_titles):
        return True
    if gap <= follow_up or early_parts:
        return False  # within days, or the earlier names the part: the later is its follow-up
    # Unless the earlier announced cuts the later says start, or reported a plan with no
    # figure that the part's cuts give ('Unity is probably going to do layoffs').
    vague = early.headcount is None and early.percent is None
    started = carried_out(late_titles) or (vague and reports_plan(early_titles))
    return not (announced(early_titles) and started)


def _round_after_part(earlier: Tags, later: Tags, earlier_titles: Sequence[str]) -> bool:
    """A part's cuts with no headcount ('Alphabet to cut staff of health sciences unit
    Verily by 15%'), then, days on, a headcount with no part named ('Google to Cut 12,000
    Jobs'): the company-wide round after a unit's own, not its follow-up. Not when the
    earlier reported a plan (the part first reported of cuts the later confirms)."""
    if reports_plan(earlier_titles):
        return False
    return earlier.headcount is None and later.headcount is not None
