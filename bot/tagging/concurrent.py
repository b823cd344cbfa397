"""Cuts told beside the employer's other news: the item still reports them (v2: layoff).

'Bungie delaying Destiny 2 expansion and Marathon release amid layoffs', 'Epic Games Is
Selling Bandcamp and Having Not-So-Epic Layoffs', 'Reddit insists on being "fairly paid"
amid API price protest plans, layoffs': the employer opens the headline with another move of
its own, the cuts trail it (amid, and, as, while), and the lead reports them as this
employer's cuts now ('Bungie is laying off an unspecified number of staffers'). The rules
read the trailing cuts as the occasion of other news (`follow_up`) or as a bare mention;
the item is the cuts' news as much as the delay's, so it is a layoff.

A headline whose subject is not the employer acting ('Warner Bros. Television's job cuts
worsen ...', 'Google Employees Petition CEO Over Job Cuts'), whose cuts are the object of
someone's complaint ('Sega faces ... complaint for planned mass layoff') or whose lead
recalls them ('Earlier this year, Amazon planned to lay off 18,000') stays as the rules
decided: a follow-up is other news.
"""

from __future__ import annotations

import re

from bot.models import Kind
from bot.tagging.actions import _action
from bot.tagging.companies import _action_subject, _gazetteer_names
from bot.tagging.document import _Doc
from bot.tagging.finalize import _finalize
from bot.tagging.kind import _decide, _Decision
from bot.tagging.names import _fold
from bot.tagging.rounds import earlier_round
from bot.tagging.subjects import _REPORTED_BY, _inside_leading_clause

# The cuts trailing the headline's own move: 'amid layoffs', 'and Having ... Layoffs',
# '..., layoffs' at the headline's end.
_TRAILING_CUTS = re.compile(
    r"(?:\b(?:amid|amidst|and|as|while)\s+(?:[\w'’“”\"-]+\s+){0,5}?|,\s*)"
    r"(?:layoffs?|lay-offs?|job cuts|staff cuts|job losses)\W*$",
    re.I,
)
# Someone of the employer, not the employer, as the headline's subject: 'Amazon workers walk
# out amid layoffs', "Meta's stock jumps", 'Twitter union sues' (v2: reactions are other).
_NOT_THE_EMPLOYER = re.compile(
    r"\W*(?:['’]s?\s+|\s+)(?:[\w-]+\s+)?(?:workers?|staff(?:ers)?|employees?|unions?|ceo|"
    r"boss|chiefs?|executives?|founders?|shareholders?|investors?|stocks?|shares|fans|users|"
    r"customers|players|gamers|creators|drivers|sellers|critics|rivals?)\b",
    re.I,
)
_CUT_ENDINGS = ("layoff", "layoffs", "lay-off", "lay-offs", "job cuts", "staff cuts", "job losses")
# The lead's cut told as now: 'is laying off', 'is reportedly cutting', 'will cut', 'plans to'.
_NOW = re.compile(
    r"\b(?:is|are|will(?:\s+be)?|plans?\s+to|set\s+to)\s+(?:[\w\"“”'’-]+\s+){0,2}?$", re.I
)


def decide(doc: _Doc) -> _Decision:
    """The rules' kind (`kind._decide`), with cuts told beside other news read as the
    item's action where the lead reports them as the headline employer's own, now."""
    decision = _decide(doc)
    if (
        decision.kind.is_action
        or not doc.title.rstrip(" .!?\"'’”").lower().endswith(_CUT_ENDINGS)
        or not _TRAILING_CUTS.search(doc.title)
    ):
        return decision
    return _told_now(doc, decision.companies) or decision


def _told_now(doc: _Doc, named: tuple[str, ...]) -> _Decision | None:
    opening = named or tuple(_gazetteer_names(doc.title, title_case=doc.title_case))
    first = opening[0] if opening else ""
    at = len(first) if first and doc.title.startswith(first) else len(doc.title.split()[0])
    if _NOT_THE_EMPLOYER.match(doc.title, at):
        return None
    for sentence in doc.lead[:2]:
        hit = _action(sentence)
        if (
            hit is None
            or hit.weak
            or _inside_leading_clause(sentence, hit)
            or earlier_round(sentence)
            or _REPORTED_BY.search(sentence, 0, hit.start)
            or not _NOW.search(sentence, 0, hit.start)
        ):
            continue
        names = _finalize(_action_subject(sentence, hit, title_case=False), doc, action=True)
        # the employer opens the headline (its own move is the news): the one the rules
        # named there, or, unlisted, the lead's ('Zentrix delaying ...' / 'Zentrix is ...')
        employer = _fold(first or (names[0] if names else ""))
        if names and employer == _fold(names[0]) and _fold(doc.title).startswith(employer):
            kind = Kind.HIRING_FREEZE if hit.kind is Kind.HIRING_FREEZE else Kind.LAYOFF
            return _Decision(kind, names)
    return None
