"""Someone else's reaction to an employer's cuts: a comment, not the action (v2: other)."""

from __future__ import annotations

import re

from bot.companies import company_for_person
from bot.tagging.actions import _Hit
from bot.tagging.names import _fold, _runs

_AFTER_CLAUSE = re.compile(r"\b(?:after|following|amid|as)\b", re.I)
_COMMENTARY_VERB = re.compile(
    r"\b(?:says?|(?<!is )(?<!are )said|downplays?|warns?|argues?|predicts?|reacts?|responds?|"
    r"questions?|speaks? (?:out )?(?:about|on)|comments? on|opens? up about|reflects? on|"
    r"doubts?|slams?|critici[sz]es?|praises?|explains?|weighs? in|dismiss(?:es)?|"
    r"rejects?|shrugs? off|sounds? (?:the )?alarm|blasts?|calls? for|urges?|demands?|"
    r"push(?:es)? for|lobb(?:y|ies)|hits? out at|lash(?:es)? out at|condemns?|denounces?|"
    r"rails? against)\b",
    re.I,
)
# Workers who speak are not the acting employer ('Former Meta employees slam Zuckerberg for
# his decision to lay off 11,000'): their reaction is the news (v2: other). A former boss's
# words ('Dorsey takes responsibility for the layoffs', labelled other too) are left to the
# rules: read as other, the story module joins them with the employer's other news of the
# same days (fresh-2022.tune's lawsuit story), which costs more than the kind gains.
_NOT_THE_EMPLOYER = re.compile(
    r"^\W*(?:(?:former|ex-|laid[- ]off|sacked|fired|axed)\s+)?(?:[\w&'’.-]+\s+){0,2}?"
    r"(?:employees|workers|staff(?:ers)?|devs|developers|engineers|unions?)\s+$",
    re.I,
)


def _reaction(title: str, hit: _Hit, names: list[str]) -> bool:
    """'Economist downplays AI fears after Acme cuts 4,000 jobs': someone else's comment on
    an employer action that is only the occasion (a trailing 'after ...' clause)."""
    clauses = list(_AFTER_CLAUSE.finditer(title, 0, hit.start))
    if clauses:
        main = title[: clauses[-1].start()]
        if not _COMMENTARY_VERB.search(main):
            return False
    else:  # 'Union Hits Out at Acme Layoffs': a comment whose object is the cuts
        verb = _COMMENTARY_VERB.search(title, 0, hit.start)
        if verb is None:
            return False
        main = title[: verb.start()]
        if _NOT_THE_EMPLOYER.search(main):
            return True
        if not hit.noun:
            return False
    folded = _fold(main)
    if any(_fold(n) in folded for n in names):
        return False
    return not any(company_for_person(r.name) in names for r in _runs(main))
