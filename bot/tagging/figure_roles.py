"""The role a stated number plays in its sentence, for the rules of bot/tagging/headcount.py.

A number counts the acting employer's cut only when it is tied to the cut: the object of a
cut verb, or a jobs noun that is the subject of a cut or a loss. These are the roles that
tie it to something else: the subject of another predicate ('where 1,300 people work'), the
object of a verb keeping, moving or growing people ('retains 600 engineers'), a plan's total
told beside one of its waves, and a news outlet cited as the source (issue #16, session 14).
"""

from __future__ import annotations

import re

from bot.tagging.lexicon import _LAYOFF_VERB

_QUALIFIER = r"(?:(?:about|some|nearly|almost|around|roughly|more than|over)\s+)?"

# A lead count that is the subject of its clause counts jobs cut only when the clause says
# they were cut or lost ('About 1,500 workers signed a petition against the layoffs' counts
# the petition's signers).
_CUT_OR_LOSS = re.compile(
    r"\b(?:cut\w*|slash\w*|ax(?:e|es|ed|ing)|shed\w*|eliminat\w*|lay(?:s|ing)?[- ]?off|"
    r"laid[- ]off|layoffs?|lay-offs?|let(?:ting)? go|fir(?:e|es|ed|ing)|sack\w*|dismiss\w*|"
    r"terminat\w*|los(?:e|es|t|ing)|redundan\w*|affect\w*|impact\w*|hit|reduc\w*|trim\w*|"
    r"go|going|gone|leav\w*|exit\w*|depart\w*|buyouts?|furlough\w*|out of work|at risk|"
    r"job (?:cuts|losses)|scrap\w*|close\w*|clos(?:ing|ure)|part ways|restructur\w*|"
    r"reorgani[sz]\w*|overhaul\w*|downsiz\w*|rightsiz\w*|reductions?)\b",
    re.I,
)

# The number's noun phrase as the subject of a predicate ('where 1,300 people work', '250
# engineers will move to the AI team', 'about 40% of its staff already work remotely'): it
# counts this cut only when that predicate tells a cut or a loss ('800 workers will lose
# their jobs', '450 roles will be eliminated'); v2: numbers that are not jobs cut never count.
_NOT_IN_NOUN_PHRASE = (
    r"(?!(?:as|and|or|but|in|at|on|to|by|for|from|with|after|amid|while|than|of|who|that|"
    r"which|where)\b)"
)
_SUBJECT_OF = re.compile(
    r"\S+\s+(?:(?:percent|per cent)\s+)?(?:of\s+)?(?:" + _NOT_IN_NOUN_PHRASE + r"[\w'’-]+\s+){0,4}?"
    r"(?:(?:who|that)\s+)?(?:(?:already|now|also|still|currently|reportedly|all|both)\s+)?"
    r"(?P<verb>will|would|could|can|may|might|should|must|are|were|is|was|have|has|had|"
    r"work(?:s|ed)?|sign(?:s|ed)|attend(?:s|ed)|join(?:s|ed)|stag(?:e|ed)|vot(?:e|es|ed)|"
    r"walk(?:s|ed)|protest(?:s|ed)|march(?:es|ed)?|rall(?:y|ied)|gather(?:s|ed)|"
    r"receiv(?:e|ed)|earn(?:s|ed)?|us(?:e|es|ed)|liv(?:e|es|ed)|remain(?:s|ed)?|stay(?:s|ed)?|"
    r"remaining(?!\s+(?:[\w-]+\s+)?(?:workforce|staff|employees|workers|jobs|roles|people|team))|"
    r"appl(?:y|ies|ied)|wr(?:ite|ote)|sa(?:y|id)|told|tell|hold|held|moved?|transferr?ed|"
    r"relocat(?:e|ed)|gets?|got)\b",
    re.I,
)
# The number as the object of a cut ('lays off 300 people who were hired last year'): the
# cut's count whatever its relative clause says.
_OBJECT_OF_CUT = re.compile(
    r"\b(?:" + _LAYOFF_VERB + r"|lay(?:s|ing)?\s+off|laid\s+off|let(?:s|ting)?\s+go(?:\s+of)?|"
    r"affect\w*|impact\w*|los(?:e|es|ing|t))\s+(?:(?:about|around|roughly|nearly|almost|some|"
    r"more than|over|up to|as many as|at least|close to|another|an additional|a further|"
    r"approximately|an estimated|a total of)\s+)*$",
    re.I,
)


# Right before the number, a verb that keeps, moves or grows people ('retains 600 engineers',
# 'which had grown to 600 staff', 'to save 1,000 jobs'): the number is not cut.
_KEPT_BEFORE = re.compile(
    r"\b(?:retain\w*|keep(?:s|ing)?|kept|spar(?:e|es|ed|ing)|rehir\w*|re-hir\w*|transferr?\w*|"
    r"mov(?:e|es|ed|ing)|relocat\w*|redeploy\w*|reassign\w*|retrain\w*|upskill\w*|train(?:s|ed|ing)?|"
    r"promot\w*|sav(?:e|es|ed|ing)|protect\w*|welcom\w*|onboard\w*|list(?:s|ed|ing)?|"
    r"(?P<grow>(?:grow|grew|grown|growing|swell\w*|balloon\w*|expand\w*)\s+(?:\w+\s+){0,2}?to))\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|more than|over|up to|as many as|at least|"
    r"close to|approximately|an estimated|its|their|the)\s+)*$",
    re.I,
)
_CUT_AND = re.compile(
    r"\b"
    + _LAYOFF_VERB
    + r"(?:\s+off)?\s+(?:and|or)\s+$|\blay(?:s|ing)?\s+off\s+(?:and|or)\s+$|\blaid\s+off\s+(?:and|or)\s+$",
    re.I,
)


def _subject_of_other_news(before: str, after: str) -> bool:
    """The number heads the subject of a predicate that tells no cut or loss, or is the
    object of a verb that keeps, moves, lists or grows people."""
    kept = _KEPT_BEFORE.search(before)
    if kept and not (
        (kept.group("grow") and _CUT_OR_LOSS.search(before))
        or _CUT_AND.search(before, 0, kept.start())
    ):
        # not 'expands layoffs to 18,000', 'job cuts set to swell to 3,000', 'laying off
        # and relocating over 70'
        return True
    m = _SUBJECT_OF.match(after)
    if m is None or _OBJECT_OF_CUT.search(before):
        return False
    return not _CUT_OR_LOSS.search(after, m.start("verb"))


# A wave or round told beside the plan it belongs to ('Begins First Round of Layoffs in Plan
# to Cut 7,000 Employees', 'starts cuts under its plan to shed 5,000 jobs'): the number is the
# plan's total, of which this item's action is a part (v2: a plan's total of which the item
# is a wave gives none).
_WAVE_OF_PLAN = re.compile(
    r"\b(?:rounds?|waves?|phases?|tranches?|begin(?:s|ning)?|began|begun|start(?:s|ed|ing)?|"
    r"kick(?:s|ed|ing)?\s+off)\b[^.;:]{0,60}?\b(?:in|under|amid|within|of)\s+"
    r"(?:(?:its|a|an|the|their|his|her)\s+)?(?:[\w-]+\s+){0,2}?(?:plans?|efforts?|push|drive|"
    r"goal|target|bid|program|programme)\s+to\s+(?:[\w-]+\s+){1,2}?" + _QUALIFIER + r"$",
    re.I,
)

# An outlet or person cited as the source of the news ('The news comes via Polygon, who
# reports that around 40 people have been laid off', 'according to Bloomberg'): it reports
# the cut, it does not make it, so it is no employer of the sentence's number.
_SOURCE_AFTER = re.compile(
    r"['’]?s?\s*,\s*(?:which|who)\s+(?:first\s+)?(?:reports?|reported|writes|wrote|learned|"
    r"revealed)\b",
    re.I,
)
_SOURCE_BEFORE = re.compile(
    r"\b(?:via|according\s+to|per|(?:reports?|reporting|reported)\s+(?:by|from|in))\s+"
    r"(?:the\s+)?$",
    re.I,
)


def _source(sentence: str, start: int, end: int) -> bool:
    return bool(_SOURCE_AFTER.match(sentence, end) or _SOURCE_BEFORE.search(sentence, 0, start))


# A photo credit glued to the lead's first sentence ('Photo by Tim Stevens for The Verge Lucid,
# the EV startup ...', 'Image: Naughty Dog Naughty Dog is cutting ...'): furniture, whose
# names (an outlet, a photographer, an agency) are no actors of the sentence's cut.
_CREDIT = re.compile(
    r"\W*(?:Photo(?:\s+illustration)?|Illustration|Image|Photograph)(?::|\s+by)\s+(?:"
    r"[^.]{0,80}?\b(?:The Verge|Getty Images)(?:;\s*Getty Images)?|"
    r"(?P<name>(?:[A-Z][\w&'’.-]*\s+){1,4}?)(?=(?P=name)))\s*"
)


def credit_end(sentence: str) -> int:
    """Where a photo credit opening the sentence ends (0 when there is none)."""
    m = _CREDIT.match(sentence)
    return m.end() if m else 0
