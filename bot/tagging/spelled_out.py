"""An organisation a Title Case headline names by what it does, spelled out in the lead.

'Eating Disorder Helpline to Replace Human Staff With AI Chatbot' / 'The National Eating
Disorder Association has disbanded its long-running, telephone helpline. NEDA has fired
the small group of human staff ...': the headline's subject is a description in ordinary
words (its last word, singular and no name-making word like 'Games', what the organisation
runs, which the lead also speaks of in lower case: 'its ... helpline'), and the lead names
the organisation (an association, foundation, trust ...) whose name holds the rest of
those words. That organisation is the employer acting, by the short
form the lead uses for it (its initials) when it uses one, else by its name as written.
Only a subject the gazetteer does not list, of dictionary words but for the last
('Helpline'), is read so; a name of its own ('Ready At Dawn') is never found inside a longer
lead name and stays.
"""

from __future__ import annotations

import re

from bot.companies import known
from bot.language import english_words
from bot.tagging.document import _Doc
from bot.tagging.finalize import _finalize
from bot.tagging.names import _runs
from bot.tagging.vocabulary import NAME_SUFFIXES

# The last word of an organisation's name the lead spells out.
_BODIES = frozenset(
    ["association", "foundation", "society", "institute", "trust", "alliance", "agency"]
    + ["council", "commission", "network", "organization", "organisation", "federation"]
)


def spelled_out(doc: _Doc, companies: tuple[str, ...]) -> tuple[str, ...]:
    if not companies or not doc.title_case or not doc.lead:
        return companies
    words = companies[0].split()
    vocabulary = english_words()
    last = words[-1].lower()
    if len(words) < 3 or known(companies[0]) or not last.isalpha() or last.endswith("s"):
        return companies  # 'Sugar Creek Mills': a plural ends a name of its own
    if last in NAME_SUFFIXES:
        return companies
    if not all(w.lower() in vocabulary for w in words[:-1]):
        return companies
    core = re.compile(
        r"\b" + r"\s+".join(re.escape(w) for w in words[:-1]) + r"s?\b", re.IGNORECASE
    )
    lead = " ".join(doc.lead[:2])
    if not re.search(r"\b" + re.escape(last) + r"s?\b", lead):
        return companies  # the lead never speaks of the helpline as a thing it runs
    for run in _runs(lead):
        name = run.name
        if len(name.split()) <= len(words) - 1 or not core.search(name):
            continue
        if name.split()[-1].lower() not in _BODIES:
            continue  # 'the Sugar Creek Farmers Market': no organisation (and 'Sugar Creek',
            # two words, is too short a description to say which organisation it is)
        if name.lower().endswith(words[-1].lower()):
            continue  # 'the Eating Disorder Helpline': the same description
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        short = len(initials) > 2 and re.search(r"\b" + initials + r"\b", lead) is not None
        found = _finalize([initials if short else name], doc, action=True)
        if found:
            return (found[0], *companies[1:])
    return companies
