"""The unit a parent's cuts hit: 'Embracer Group layoffs hit Crystal Dynamics' (v2: units
before parents)."""

from __future__ import annotations

import re

from bot.companies import display_name, known
from bot.tagging.actions import _Hit
from bot.tagging.names import _generic, _place, _runs
from bot.tagging.vocabulary import DESCRIPTORS

_HIT_UNIT = re.compile(
    r"(?:\s+(?:reportedly|also|now|have|has|will|could|may|to))*"
    r"\s+(?:hits?|affects?|strikes?|reach(?:es)?)\s+(?P<phrase>[^,;:]{3,80})",
    re.I,
)
_PHRASE_END = re.compile(r"\s(?:as|after|amid|while|with|in|at|-|–|—)\s", re.I)


def _unit_hit(sentence: str, hit: _Hit) -> str | None:
    """'Embracer Group layoffs hit Tomb Raider developer Crystal Dynamics': the unit the
    parent's cuts hit, named by a descriptor, comes first (v2: units before parents)."""
    m = _HIT_UNIT.match(sentence, hit.end)
    if m is None:
        return None
    phrase = _PHRASE_END.split(m.group("phrase"))[0]
    runs = _runs(phrase)
    for earlier, later in zip(runs, runs[1:], strict=False):
        gap = phrase[earlier.end : later.start].split()
        if later is runs[-1] and len(gap) == 1 and gap[0] in DESCRIPTORS:
            return later.known or later.name
    # "Epic's Layoffs Hit Bandcamp": a listed employer the cuts hit by name is the unit.
    first = runs[0] if runs else None
    if first is None or first.possessor or phrase[: first.start].strip():
        return None
    listed = first.known or known(first.name)
    acronym = _ACRONYM.match(phrase, first.start)
    if listed is None and acronym and not _generic(acronym.group()):
        listed = acronym.group()  # 'Disney layoffs hit ABC News': an acronym names its unit
    return display_name(listed) if listed and not _place(listed) else None


_ACRONYM = re.compile(
    r"(?!(?:HR|IT|PR|QA|AI|ML|CEO|CFO|CTO|COO|VP)\b)[A-Z]{2,5}"
    r"(?:\s+(?!(?:Department|Team|Division|Unit|Staff|Workers|Employees|Jobs|Roles)\b)[A-Z][a-z]+)?"
    r"(?=\s*$)"
)


# 'Musk cuts 1,000 Twitter jobs': whose jobs the cut names, right after its number.
_JOBS_OF = re.compile(
    r"[\s\S]{0,12}?\d[\d,.]*[kK]?\s+(?P<owner>(?:[A-Z][\w&.'’-]*\s+){1,4})"
    r"(?:jobs|positions|roles|workers|staff|staffers|employees)\b"
)


def jobs_owner(sentence: str, hit: _Hit, names: list[str]) -> list[str]:
    """The employer whose jobs a subject no gazetteer lists cuts ('Musk cuts 1,000 Twitter
    jobs': Twitter, before the subject; v2, the employer acting comes first; 'Hegseth cuts
    5,000 Defense Department jobs'). A body the cut only describes ('RFK cuts 10,000 health
    department jobs') names no employer to put first, so the subject stays (dropping it
    left the headline with no actor, and its kind became 'other')."""
    if not names or known(names[0]) is not None:
        return names
    m = _JOBS_OF.match(sentence, hit.start)
    if m is None or m.start("owner") > hit.end + 12:
        return names
    for run in _runs(m.group("owner")):
        listed = run.known or known(run.name)
        if listed and not _place(listed) and not _generic(run.name):
            return [display_name(listed), *(n for n in names if n != listed)]
    return names
