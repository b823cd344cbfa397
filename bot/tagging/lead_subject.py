"""The employer of an action whose headline only describes it: the lead's opening name.

'Immortals of Aveum studio lays off nearly half its staff' / 'Ascendant Studios said the
cuts were "difficult, but necessary."': the headline's subject is a descriptor ('studio',
'developer', 'the company'), the lead opens on the name it stands for, and the lead states
no action of its own (the rules name the employer of a lead's action already). The spec's
`companies` is the employer acting: an action item names one, and news writing puts the
actor first in the first sentence. Only a name that opens that sentence counts (not a
person, a place, the outlet, an
outlet reporting it), so a lead opening on anything else gives nothing.
"""

from __future__ import annotations

import re

from bot.tagging.actions import _actions
from bot.tagging.document import _Doc
from bot.tagging.finalize import _finalize
from bot.tagging.name_parts import _given_names
from bot.tagging.names import _generic, _place, _runs
from bot.tagging.pointers import person_like
from bot.tagging.subjects import _generic_employer_subject
from bot.tagging.vocabulary import DESCRIPTORS

_OPENING = re.compile(r"^[\s\"'‘“]*$")
# 'Kotaku reported the layoffs last night': an outlet telling the news, not the employer.
_REPORTS = re.compile(
    r"\s+(?:first\s+|also\s+|previously\s+|originally\s+)?(?:reported|reports|revealed|"
    r"has\s+learned|learned|understands|obtained|broke\s+the\s+news|was\s+told)\b",
    re.I,
)


def lead_named_employer(doc: _Doc) -> tuple[str, ...]:
    """The name opening the lead's first sentence, when the headline's action has a
    descriptor for its subject (and no name); empty otherwise."""
    hits = _actions(doc.title)
    if not hits or not doc.lead or not _generic_employer_subject(doc.title[: hits[0].start]):
        return ()
    sentence = doc.lead[0]
    runs = _runs(sentence)
    if not runs or not _OPENING.match(sentence[: runs[0].start]):
        return ()
    run = runs[0]
    if run.possessor or _generic(run.name) or _place(run.name) or person_like(run.name):
        return ()  # "Sony's studio ...", 'The company ...', 'Tokyo-based ...', 'Jane Doe said'
    if _REPORTS.match(sentence, run.end):
        return ()
    return _finalize([run.known or run.name], doc, action=True)[:1]


# The words a Title Case headline's subject ends before: an auxiliary or a plan, never part
# of a name ('Delivery Hero To Close Hubs, Cut Jobs', 'Meta Will Reportedly Announce Layoffs').
_OPENING_NAME = re.compile(
    r"^[\s\"'‘“]*(?P<name>(?:[A-Z0-9][\w&.-]*\s+){0,3}?[A-Z0-9][\w&.-]*)\s+"
    r"(?=(?i:to|will|is|are|has|have|could|may|might|plans|reportedly)\s)"
)


def title_case_subject(doc: _Doc) -> tuple[str, ...]:
    """The employer opening a Title Case headline whose action the rules found no
    employer for. In Title Case every word is capitalised, so the rules cannot tell where
    a name ends; an auxiliary ('To', 'Will', 'Is') after the opening words can: the words
    before it are the headline's subject (not a person, a place or a descriptor)."""
    hits = _actions(doc.title) if doc.title_case else []
    m = _OPENING_NAME.match(doc.title) if hits else None
    if m is None or m.end() > hits[0].start:
        return ()
    name = m.group("name")
    if _generic(name) or _place(name) or person_like(name):
        return ()
    return _finalize([name], doc, action=True)[:1]


# 'Warframe Publisher Digital Extremes Cuts Workers': in Title Case the descriptor is
# capitalised like the names around it; the name right after it, up to the action, is the
# one it describes (the words before it name what the employer makes).
_DESCRIBED_LAST = re.compile(
    r"\b(?:"
    + "|".join(
        sorted((d.capitalize() for d in DESCRIPTORS if d.isalpha()), key=lambda d: (-len(d), d))
    )
    + r")\s+(?P<name>(?:[A-Z0-9][\w&.-]*\s+){0,3}?[A-Z0-9][\w&.-]*)\s*$"
)


def title_case_described(doc: _Doc) -> tuple[str, ...]:
    """The name a Title Case headline's descriptor introduces right before the action
    ('Sandstorm Studio New World Interactive Lays Off Employees'), when the rules found
    no employer for it."""
    hits = _actions(doc.title) if doc.title_case else []
    m = _DESCRIBED_LAST.search(doc.title, 0, hits[0].start) if hits else None
    if m is None:  # the pattern ends where the action starts (`$` at the search's end)
        return ()
    name = m.group("name")
    if _generic(name) or _place(name) or name.split()[0].lower() in _given_names():
        return ()  # 'Studio Head Jane Marlowe': a person (two capitalised words alone are not)
    return _finalize([name], doc, action=True)[:1]


_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?i:to|will|is|are|has|have|could|may|might|plans|reportedly|set))+$"
)


def described_after_colon(doc: _Doc, companies: tuple[str, ...]) -> tuple[str, ...]:
    """'Etsy: Online Marketplace Lays Off 11% of Staff', 'Just Eat: Takeaway Firm to Cut
    1,900 Jobs': a Title Case headline whose action's subject, after a colon, is a phrase
    ending in a descriptor stands for the name before the colon; a capitalised word of
    that phrase ('Online', 'Takeaway') is no employer."""
    hits = _actions(doc.title) if doc.title_case else []
    head, colon, rest = doc.title[: hits[0].start].partition(":") if hits else ("", "", "")
    phrase = _AUXILIARY_TAIL.sub("", rest.strip())  # 'Takeaway Firm to Cut': the phrase
    words = phrase.split()
    if not colon or not words or words[-1].lower() not in DESCRIPTORS:
        return companies
    if companies and companies[0] not in phrase:
        return companies
    head = head.strip(" '\"‘’“”")
    if not 0 < len(head.split()) <= 4 or not all(w[:1].isupper() for w in head.split()):
        return companies
    return _finalize([head], doc, action=True)[:1] or companies
