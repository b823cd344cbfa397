"""Whether an item's job figure counts one place of the employer rather than all of it.

Coverage of one action often carries two figures: the company-wide one most outlets
report ("Block to cut 4,000 jobs") and a local one a regional outlet or a state's WARN
notice gives ("61 Colorado jobs", "200 jobs at its Ohio plant"). A story's figure is the
company-wide one (bot/story_tags.py), so the local one must be recognised as such: the
clause that gives the figure names a state or city, one site, or a WARN notice. A
country alone does not make a figure local (a national outlet's count is often the
whole cut), nor does a place that is part of a name ("San Francisco-based", "The New
York Times"). Only the item's title and summary are read: both are stored with the
item, so a story's tally can be rebuilt from its items alike.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

# places.json aliases that name a country (or one of its nations), not a part of it.
_NATIONAL = frozenset(
    """U.S. US USA U.S.A. America American UK U.K. Britain England Scotland Wales UAE Korea
    Holland Dutch British English Scottish Welsh Canadian Australian Malaysian Philippine
    Filipino Indian Irish German French Spanish Italian Mexican Brazilian Chinese Japanese
    Korean Singaporean Indonesian Vietnamese Thai Polish Swedish Danish Norwegian Finnish
    Swiss Austrian Belgian Portuguese Israeli Turkish Egyptian Nigerian Kenyan Pakistani
    Bangladeshi Argentine Chilean Colombian Peruvian Romanian Hungarian Czech Greek
    Ukrainian Russian Taiwanese Emirati Saudi""".split()  # noqa: SIM905 (a word list)
) | {
    "United States of America",
    "Great Britain",
    "Northern Ireland",
    "Czech Republic",
    "the Philippines",
    "the Netherlands",
    "South African",
    "New Zealand's",
    "Sri Lankan",
    "Silicon Valley",  # the industry, not a site
}

# One site of the employer ('at its Ohio plant', 'from Bellevue office'), not a kind of
# job ('1.3k warehouse roles'); or a notice filed per site and state.
_SITE = re.compile(
    r"\b(?:at|from|in|of)\s+(?:[\w.'’-]+\s+){0,3}?(?:plant|factory|facility|site|mill|"
    r"warehouse|store|office|campus|headquarters|depot|branch|(?:distribution|fulfil?lment|"
    r"call|data|service)\s+cent(?:er|re))\b(?!-|\s+(?:sector|industry|market|space)\b)",
    re.I,
)
_WARN = re.compile(r"\bWARN\b")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d))?\s*(k\b|thousand\b)?", re.I)
_CLAUSE_EDGE = re.compile(r"[;:|(]|,(?!\d)|\.\s|\s[-–—]\s")


@lru_cache(maxsize=1)
def _local_places() -> re.Pattern[str]:
    raw = json.loads(
        resources.files("bot").joinpath("data/places.json").read_text(encoding="utf-8")
    )
    names = sorted((a for a in raw["aliases"] if a not in _NATIONAL), key=lambda n: (-len(n), n))
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _value(m: re.Match[str]) -> int:
    whole, tenth, scale = m.group(1), m.group(2), m.group(3)
    n = int(whole.replace(",", ""))
    if scale:
        return n * 1000 + int(tenth or 0) * 100
    return n


def _clause(text: str, start: int, end: int) -> str:
    """The part of `text` around [start, end) between clause edges."""
    edges = [m for m in _CLAUSE_EDGE.finditer(text)]
    left = max((m.end() for m in edges if m.end() <= start), default=0)
    right = min((m.start() for m in edges if m.start() >= end), default=len(text))
    return text[left:right]


def local_figure(headcount: int | None, texts: tuple[str, ...], companies: tuple[str, ...]) -> bool:
    """Whether the first clause of `texts` giving `headcount` ties it to one place."""
    if not headcount:
        return False
    for text in texts:
        for m in _NUMBER.finditer(text):
            if _value(m) != headcount:
                continue
            clause = _clause(text, m.start(), m.end())
            for name in companies:
                clause = re.sub(re.escape(name), " ", clause, flags=re.I)
            return bool(
                _SITE.search(clause) or _WARN.search(clause) or _local_places().search(clause)
            )
    return False
