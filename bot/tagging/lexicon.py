"""Regex fragments shared by the extractors: letters, job nouns, layoff verbs, numbers."""

from __future__ import annotations

import re

from bot.tagging.merged_search import Alternatives
from bot.tagging.vocabulary import NUMBER_WORDS

# Capital and small letters of the Latin, Greek and Cyrillic alphabets, for character
# classes: 'Mãe', 'Škoda' and 'Ørsted' are words, not a capital followed by a break.
_UP = "".join(sorted({c for c in map(chr, range(0x500)) if c.isupper() and c.isalpha()}))
_LOW = "".join(sorted({c for c in map(chr, range(0x500)) if c.islower() and c.isalpha()}))
_UPPER = "[" + re.escape(_UP) + "]"
_LOWER = "[" + re.escape(_LOW) + "]"

_JOBS = (
    r"(?:jobs?|roles?|positions?|posts|employees?|workers?|staff(?:ers)?|workforce|headcount|"
    r"people|personnel|contractors?|agents?|moderators?|translators?|recruiters?|engineers?|"
    r"developers?|administrators?|paralegals?|journalists?|reporters?|editors?|artists?|"
    r"designers?|programmers?|analysts?|clerks?|cashiers?|drivers?|managers?|representatives|"
    r"associates|specialists|writers|copywriters|technicians|teams?|members|planners|"
    r"proofreaders|operators|professionals|lawyers|accountants|departments?|divisions?|"
    r"newsroom|white-collar|workers|annotators|labell?ers|tutors|"
    # public-sector counts: 'cut 2,000 FTEs', 'shed 10,000 civil servants'
    r"FTEs?|full-time equivalents?|(?:civil|public) servants)"
)
_LAYOFF_VERB = (
    r"(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|ax(?:e|es|ed|ing)|shed(?:s|ding)?|"
    r"eliminat(?:e|es|ed|ing)|trim(?:s|med|ming)?|reduc(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|"
    r"sack(?:s|ed|ing)?|cull(?:s|ed|ing)?|terminat(?:e|es|ed|ing)|jettison(?:s|ed|ing)?|"
    # 'boss comes under fire after telling staff ...': criticism, not a sacking
    r"(?<!under )(?<!open )fir(?:e|es|ed|ing)"
    # 'fired at the driver', 'fires back at a reporter', 'fire kills 40': a gun, a retort or
    # flames, not a sacking (v2: non-job uses of the words are other)
    r"(?!\s+(?:at|on|into|upon|back|off|shots?|kill(?:s|ed)?|broke|breaks|engulf\w*|"
    r"destroy\w*|rag(?:es|ed|ing)|hit|hits|spread\w*|"
    # 'America's Largest Fire Department', 'fire crews': the service that fights fires
    r"departments?(?!\s+(?:heads?|staff|employees|workers))|brigades?|crews?|fighters?|"
    r"stations?|chiefs?|services?)\b|\s+up\b(?!\s+to\b))|shrink(?:s|ing)?|"
    r"downsiz(?:e|es|ed|ing)|restructur(?:e|es|ed|ing)|overhaul(?:s|ed|ing)?|"
    r"let(?:s|ting)? go(?: of)?|lay(?:s|ing)? off|laid off|part(?:s|ed|ing)? ways with|"
    r"lose|loses|losing|lost|affect(?:s|ed|ing)?|touch|hit(?:s|ting)?|replac(?:e|es|ed|ing))"
)

_WORD = r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
_WORD_NUM = (
    r"(?:"
    + _WORD
    + r"(?:[\s-]+(?:"
    + _WORD
    + r"|hundred|thousand|and))*(?:[\s-]+(?:hundred|thousand|dozen\b))?)"
)
# 'a dozen' (12), 'half a dozen' (6), 'two dozen' (24, in _WORD_NUM).
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d{1,3}(?:['’]\d{3})+(?![\d'’])|\d+(?:\.\d+)?\s?[kK]\b|\d+(?:\.\d+)?(?![\d,.]*\d)|"
    + _WORD_NUM
    + r"|\bhalf a dozen\b|(?<!half a )\bdozen\b)"
)

# AI, automation and their products: what an AI cause or an AI subject is named by.
_AI = re.compile(
    r"(?:(?-i:\bAI\b)|(?-i:\bA\.I\.)|\bartificial intelligence\b|\bgenerative\b|"
    r"\bautomat(?:ion|ed|es|e|ing)\b|\bchat ?bots?\b|\bchatgpt\b|\bLLMs?\b|"
    r"\blarge language models?\b|\bmachine (?:learning|translation)\b|\brobot(?:s|ic|ics)?\b|"
    r"\balgorithms?\b|\bagentic\b|\bcopilots?\b|(?-i:\bAI-\w+)|\bbots\b)",
    re.I,
)
# _AI searched as its alternatives, each only where its own keys are (bot.tagging.
# merged_search): the one regex tried its 15 alternatives at every position of every
# sentence that holds 'ai' anywhere ('said', 'again'), its most common key.
_AI_PARTS = Alternatives(_AI)


def ai_named(text: str) -> bool:
    """`_AI.search(text) is not None`."""
    return _AI_PARTS.found(text)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A cut the lead recalls from before the news: an earlier round, not the item's action
# (a week is still the news: 'laid off 200 last week').
_EARLIER_ROUND = re.compile(
    r"\b(?:earlier this (?:month|year)|a (?:month|year) (?:after|earlier)|"
    r"last (?:month|year|fall|autumn|spring|summer|"
    r"winter)|(?:months|years) (?:ago|after|earlier)|a (?:month|year) ago|"
    r"previously|(?:has|had) already|[Ii]n (?:"
    + _MONTHS
    + r")(?! \d)|in (?:late|early) (?:"
    + _MONTHS
    + r")|since (?:"
    + _MONTHS
    + r"|last|the start)|at the (?:start|beginning) of (?:the|this) year|"
    # 'the largest cut since around 27,000 jobs were eliminated in late 2022': a count recalled
    r"since (?:about |around |roughly |some |nearly |almost )?\d[\d,]*|"
    r"in (?:late|early) (?:19|20)\d\d)\b",
)

# "Meta’s reportedly planning", "Acme's planning to cut", "Acme's set to cut": 's before an
# adverb and a participle, a participle and 'to', or 'set to' is the verb 'is', never a
# brand's 's nor an owner's ("Acme's growing AI team" stays the owner's).
_CONTRACTED_IS = re.compile(
    r"\s+(?:[a-z]+ly\s+[a-z]{3,}ing|[a-z]{3,}ing\s+to|(?:set|about|poised)\s+to|been)\b"
)
