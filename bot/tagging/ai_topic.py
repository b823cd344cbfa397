"""AI as the topic of money, markets or crime, not of work (v2: analysis with no AI-and-jobs
angle has ai_cause false).

'a year that will see higher AI spending', 'to invest $10 billion ... to support AI and cloud
computing', 'scammers are using AI chatbots to create fake listings': commentary that names
AI only as what is spent on, traded or used by criminals says nothing of AI taking work.
A clause that also names the work ('spending to get their workforce ready for AI', 'AI
could replace the analysts') keeps its AI; a crime clause keeps it only where AI takes the
work, since a scam's bait is often a job ('Job scams powered by ChatGPT').
"""

from __future__ import annotations

import re

from bot.tagging.lexicon import _AI, ai_named

_CLAUSE = re.compile(r"[^,;:.!?]+")
_MONEY_NOUN = (
    r"(?:spending|spend|investments?|capex|capital expenditures?|data[- ]cent(?:er|re)s?|"
    r"infrastructure|stocks?|shares|valuations?|investors|bubble|rally|trade|chips?)"
)
# What is spent on or traded, and the AI it is spent on: 'higher AI spending', 'invest $10
# billion ... to support AI', 'AI stocks'.
_MONEY = re.compile(
    r"\b(?:spend(?:s|ing)?|spent|invest(?:s|ed|ing|ments?)?|capex|capital expenditures?|"
    r"pour(?:s|ed|ing)?\s+(?:[\w$.-]+\s+){0,3}?into)\b[^,;:.!?]{0,120}?(?:"
    + _AI.pattern
    + r")|(?:"
    + _AI.pattern
    + r")[- ](?:[\w-]+[- ])?"
    + _MONEY_NOUN
    + r"\b",
    re.I,
)
_CRIME = re.compile(
    r"\b(?:scam(?:s|mers?)?|fraud(?:s|sters?|ulent)?|phishing|deepfakes?|hackers?|hacking|"
    r"cyber-?attacks?|cyber-?criminals?|criminals?|malware|ransomware)\b",
    re.I,
)
_WORK = re.compile(
    r"\b(?:jobs?|workers?|workforces?|employees?|staff|employment|unemployment|labou?r|"
    r"careers?|hiring|hires?|roles|occupations?|workplace|work|skills|professionals?|"
    r"engineers|layoffs?|lay(?:s|ing)? off|laid off|job cuts|headcount)\b",
    re.I,
)
_TAKES_THE_WORK = re.compile(
    r"\b(?:replac\w*|automat\w*|instead of|rather than|take over|takes over|took over|"
    r"redundant|obsolete|eliminat\w*|displac\w*)\b",
    re.I,
)


def _clause_without(clause: str, money: bool) -> str:
    if not ai_named(clause):
        return clause
    if _CRIME.search(clause):
        return clause if _TAKES_THE_WORK.search(clause) else " "
    if not money:
        return clause
    return _MONEY.sub(lambda m: m.group() if _WORK.search(m.group()) else " ", clause)


def without_money_or_crime(sentence: str, headline: str) -> str:
    """The sentence without the AI it names only as money, markets or crime. A headline that
    names the work sets the money against it ('Record AI Spending Coincides with Deepening
    U.S. Job Cuts', 'pouring billions into AI. But it keeps laying off humans'): a shift of
    money toward AI (v2: a cause), which its sentences keep."""
    money = _WORK.search(headline) is None
    return _CLAUSE.sub(lambda m: _clause_without(m.group(), money), sentence)
