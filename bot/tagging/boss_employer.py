"""The employer a boss heads, when a headline's subject is the boss alone.

'CEO fires 90% of support staff and replaces it with AI chatbot' / 'Suumit Shah is the
founder and CEO of Bangalore e-commerce company Dukaan.': the headline's action is one
employer's, taken through its boss (v2: the employer acting), and the lead says which
employer the boss heads. Only a name right after the boss's title and 'of' or 'at' (past
places and lower-case descriptors) counts: a founder 'of an e-commerce website' names none.
"""

from __future__ import annotations

import re

from bot.tagging.document import _Doc
from bot.tagging.finalize import _finalize
from bot.tagging.names import _generic, _place, _runs
from bot.tagging.pointers import person_like
from bot.tagging.subject_cues import region

_TITLE = r"(?:CEO|chief executive(?:\s+officer)?|co-?founder|founder|boss|managing director)"
_HEADS = re.compile(
    rf"\b{_TITLE}(?:\s*(?:,|and|&)\s*{_TITLE})*\s+(?:of|at)\s+(?P<phrase>[^,.;:()\"“”]{{2,80}})",
    re.I,
)
# Between 'of' and the name: an article and lower-case words ('the e-commerce company'), or
# places ('Bangalore'), nothing else.
_LOWER_WORDS = re.compile(r"^(?:[a-z][\w-]*\s+)*$")


def boss_employer(doc: _Doc) -> tuple[str, ...]:
    """The employer the lead's first sentences say a boss heads; empty when none."""
    for sentence in doc.lead[:2]:
        for m in _HEADS.finditer(sentence):
            name = _headed(m.group("phrase"))
            if name:
                return _finalize([name], doc, action=True)[:1]
    return ()


def _headed(phrase: str) -> str | None:
    at = 0
    for run in _runs(phrase):
        if _place(run.name) or region(run.name):
            at = run.end
            continue
        if not _LOWER_WORDS.match(phrase[at : run.start].lstrip()):
            return None
        if _generic(run.name) or person_like(run.name):
            return None
        return run.known or run.name
    return None
