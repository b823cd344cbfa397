"""Who a headline is about when its action is indirect: the lead's back references and
pointers, the name before a headline colon, and the subject of news with no job action."""

from __future__ import annotations

import re

from bot.tagging.actions import _Hit
from bot.tagging.companies import _first_subject, _gazetteer_names
from bot.tagging.document import _Doc
from bot.tagging.names import people

_MAYBE = re.compile(r"\b(?:could|may|might|would)\b", re.I)
# A name that reports the cuts opens the sentence: the outlet, not the employer.
_REPORTED_BY = re.compile(
    r"^\W*(?-i:[A-Z][\w&.'’-]*)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,3}\s+(?:first\s+|also\s+|"
    r"previously\s+|originally\s+)?(?:reported|reports|revealed|broke\s+the\s+news\s+of)\s+"
    r"(?:on\s+)?(?:the\s+|that\s+)?$",
    re.I,
)


# 'The studio announced it will cut 50 roles': the subject refers back to the employer the
# sentence before named.
_BACK_REFERENCE = re.compile(
    r"^\W*(?:(?:the|that|this)\s+(?:[\w-]+\s+){0,2}?(?:studio|company|firm|developer|publisher|"
    r"startup|group|retailer|business|employer|outlet|network|maker|team)\b|it\b)",
    re.I,
)


def _earlier_subject(sentences: tuple[str, ...]) -> list[str]:
    for sentence in reversed(sentences):
        names = _first_subject(sentence, title_case=False)
        if names:
            return names
    return []


_LEADING_CLAUSE = re.compile(
    r"^\W*(?:after|following|since|in the wake of)\b(?:[^,;:]|,(?=\d)){3,160}?,\s", re.I
)


def _inside_leading_clause(sentence: str, hit: _Hit) -> bool:
    """The action sits in a sentence-opening 'After ...,' clause: the backdrop of the
    sentence's own news, which its main clause tells."""
    m = _LEADING_CLAUSE.match(sentence)
    return m is not None and hit.end <= m.end()


# A headline subject that points at an employer through what it makes or owns.
_CLAUSE_POINTER = re.compile(r"(?:^|[,:;])\s*(?:the\s+)?(?:studio|developer|dev|company)\s+$", re.I)
_POINTER = re.compile(
    r"^\W*(?:[\w'’&.-]+\s+){1,4}?(?:maker|owner|parent|developer|publisher|operator|studio)\s+"
    r"(?:[\w-]+\s+){0,3}$",
    re.I,
)


_SINGULAR_EMPLOYER = re.compile(
    # "Canada's public broadcaster to cut 10%": a possessive may open the phrase
    r"(?:^(?:[\w.-]+['’]s\s+)?|\b(?:a|an|the|one)\s+)(?:[\w.-]+\s+){0,3}?"
    r"(?:firm|company|startup|giant|employer|maker|bank|insurer|retailer|studio|agency|"
    r"publisher|group|operator|platform|owner|parent|developer|chain|manufacturer|carmaker|automaker|broadcaster|airline|lender|grocer|district|"
    r"school|hospital|council|university|college|charity|nonprofit|non-profit)\b",
    re.I,
)


_STUDY = re.compile(
    r"\baccording to (?:a|an|the|its|their)?\s*(?:[\w-]+\s+){0,2}?(?:report|study|survey|"
    r"analysis|forecast|research|estimates?|projections?)\b|\b(?:report|study|survey|"
    r"forecast) (?:by|from|published)\b",
    re.I,
)


_AI_SUBJECT = re.compile(
    r"\s*(?:(?:the|its|their|this|that|such|new|more|greater)\s+){0,2}(?:AI|automation|robots?|"
    r"chatbots?|artificial intelligence|generative AI|algorithms?)\b",
    re.I,
)


def _generic_employer_subject(text: str) -> bool:
    return bool(_SINGULAR_EMPLOYER.search(text))


def _fallback_names(doc: _Doc) -> list[str]:
    """Who an item without an employer action is about: listed names, else its subject."""
    names = _gazetteer_names(doc.title, title_case=doc.title_case)
    if names or doc.title_case:
        return names
    verb = re.search(r"\b(?:[a-z]\w*s|to)\b", doc.title)
    subject = _first_subject(doc.title[: verb.start()] if verb else doc.title, title_case=False)
    return [] if people(doc.title, subject) else subject
