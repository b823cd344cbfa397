"""Which part of a lead sentence is this action's, when it also recalls an earlier round.

'Zentrix, which cut 5% of staff last year, will now cut about 10%': the earlier round's
number (5%) is not this action's, but the new one (10%) is (v2 headcount and percent
rulings). The turn to the past reaches to the end of its clause; a later clause that turns
back to now ('will now', 'now plans to', 'is cutting') is read again. Without that turn,
reading stops at the past as it always has (a number after it is never read).
"""

from __future__ import annotations

import re

from bot.tagging.lexicon import _EARLIER_ROUND, _LAYOFF_VERB
from bot.tagging.prefilter import search
from bot.tagging.quantities import _percent_at

# Where the earlier round's clause starts: the edge before the past word.
_EDGE_BEFORE = re.compile(r"[;(]|,(?!\d)|\s[-–—]\s|\b(?:and|but|while|which|who)\b", re.I)
# A later clause that states the action in the present or future, near its start.
_BACK_TO_NOW = re.compile(
    r"(?:[,;)]|\s[-–—]\s)\s*(?:(?:and|but|yet|so)\s+)?(?:[\w'’.-]+\s+){0,3}?"
    r"(?:will|now|plans?\s+to|is\s+(?:now\s+)?(?:cutting|laying|shedding|eliminating|axing)|"
    r"this\s+(?:time|week))\b",
    re.I,
)


# 'will now cut about 10%': a bare share cut, of the whole the earlier round's share was of.
_BARE_SHARE = re.compile(
    r"\b" + _LAYOFF_VERB + r"\s+(?:(?:about|around|roughly|nearly|almost|some|another|"
    r"approximately|up to|more than|over)\s+)?(?P<v>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)"
    r"(?!\s*of\b)",
    re.I,
)


def _earlier_clause(sentence: str) -> tuple[int, int] | None:
    """Where the clause recalling an earlier round starts and where the clause turning back
    to now starts, when the sentence has both (and the new clause recalls no past)."""
    past = _EARLIER_ROUND.search(sentence)
    back = _BACK_TO_NOW.search(sentence, past.end()) if past else None
    if past is None or back is None or _EARLIER_ROUND.search(sentence, back.start()):
        return None
    start = max((m.end() for m in _EDGE_BEFORE.finditer(sentence, 0, past.start())), default=0)
    return start, back.start()


def earlier_round(sentence: str) -> re.Match[str] | None:
    """`_EARLIER_ROUND.search(sentence)`, not searched where its prefilter rules a match out
    (bot.tagging.prefilter): it is tried ~3 times an item, mostly on sentences without one."""
    return search(_EARLIER_ROUND, sentence)


def this_round(sentence: str) -> str:
    """`sentence` as far as it states this action: the clause recalling an earlier round
    blanked (offsets kept) when a later clause turns back to now, else cut at the past."""
    past = earlier_round(sentence)
    if past is None:
        return sentence
    span = _earlier_clause(sentence)
    if span is None:
        return sentence[: _past_clause_start(sentence, past.start())]
    start, back = span
    return sentence[:start] + " " * (back - start) + sentence[back:]


def resumed_share(sentence: str) -> float | None:
    """'which cut 5% of staff last year, will now cut about 10%': the new round's bare share
    is of the same whole as the earlier round's share of the workforce."""
    span = _earlier_clause(sentence)
    if span is None or _percent_at(sentence[span[0] : span[1]]) is None:
        return None
    m = _BARE_SHARE.search(sentence, span[1])
    return float(m.group("v")) if m else None


# A cut told in the past tense, with no future or plan before it: 'Zentrix cut 5% of staff'.
_PAST_CUT = re.compile(
    r"(?<!\bwill )(?<!\bto )(?<!\bwould )(?<!\bcould )(?<!\bmay )(?<!\bmight )"
    r"\b(?:cut|slashed|axed|shed|eliminated|trimmed|reduced|dismissed|sacked|culled|"
    r"terminated|fired|downsized|laid off|let go(?: of)?|lost)\b",
    re.I,
)


def _past_clause_start(sentence: str, past: int) -> int:
    """Where reading stops when the sentence turns to an earlier round: at the past word, or
    at the start of its clause when that clause tells a cut in the past tense ('Zentrix cut
    5% of staff last year': the time comes after the figure it dates)."""
    start = max((m.end() for m in _EDGE_BEFORE.finditer(sentence, 0, past)), default=0)
    return start if _PAST_CUT.search(sentence, start, past) else past
