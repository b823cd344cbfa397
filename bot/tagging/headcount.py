"""Which stated number is this item's headcount: the acting employer's own cut, or none.

A missing number is a miss; an invented one is a lie told to every reader of the digest.
So a number is kept only when it is stated as jobs cut by the acting employer in the clause
that reports the cut: the headline's first, the lead's only when the headline states no
number and the lead's sentence names the employer (or 'the company'). A number of another
round, another actor, a size, a union's or strikers' count or a sum over employers is
refused, and when in doubt there is none (v2 rulings; issue #16).
"""

from __future__ import annotations

import re

from bot.language import english_words
from bot.tagging.actions import _action, _layoff_mention
from bot.tagging.document import _Doc
from bot.tagging.figure_roles import (
    _CUT_OR_LOSS,
    _QUALIFIER,
    _WAVE_OF_PLAN,
    _source,
    _subject_of_other_news,
    credit_end,
)
from bot.tagging.names import _fold, _generic, _place, _runs
from bot.tagging.quantities import (
    _headcount_in,
    _headcounts_at,
    _percent_at,
    _vague_in,
)
from bot.tagging.rounds import resumed_share, this_round

# Where a headline joins two employers' news ('GM threatens to send 2,000 home, Ford cuts 600').
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:](?!\d)|\s-\s|\bas\b|\bwhile\b|\bafter\b)\s*", re.I)
# The edges of the clause a number sits in (for the guards below).
_CLAUSE_EDGE = re.compile(r"[;:(]|,(?!\d)|\s[-–—]\s|\b(?:while|but|whereas|although)\b", re.I)

_RUNNING_TOTAL = re.compile(
    r"\b(?:bringing|brings|taking|takes)\s+(?:the\s+|its\s+)?(?:total|tally)\b", re.I
)
# Before the number in its clause: the number belongs to another round, is a running total,
# a size or a sum over several employers ('days after laying off 1,000', 'a combined 5,000').
_OTHER_ROUND_BEFORE = re.compile(
    r"\b(?:(?:days?|weeks?|months?|years?)\s+(?:after|before|since)|"
    r"after\s+(?:it\s+|they\s+|having\s+)?(?:cut|cutting|laying|laid|shedding|shed|slashing|"
    r"eliminating|axing|firing|fired)|"
    # 'layoffs expected here after the tech giant slashed 12,000 jobs in the US'
    r"after\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:slashed|axed|shed|eliminated|cut|"
    r"laid\s+off)|earlier|previous(?:ly)?|prior|last\s+(?:year|month|"
    r"fall|autumn|spring|summer|winter|round|time)|according to|"
    r"(?:bringing|brings|taking|takes|brought)\s+(?:the\s+|its\s+)?(?:total|tally|count)|"
    r"in total|so far|to date|combined|collectively|altogether|between them|together|"
    # 'eliminating its metaverse unit as part of its plan to lay off 7,000', "Disney's planned
    # job cuts that will eliminate 7,000 jobs are about to begin": the whole plan's total,
    # of which this item's action is a part
    r"part\s+of\s+(?:(?:its|a|an|the|their|his|her)\s+)?(?:[\w-]+\s+){0,2}?(?:plans?|efforts?|"
    r"push|drive|goal|target|bid)\s+to|planned\s+(?:job\s+)?(?:cuts|layoffs|lay-offs|"
    r"reductions)\s+(?:that|which)|"
    # 'They follow job cuts made in December that saw 254 people laid off': the earlier round
    r"follow(?:s|ed|ing)?\s+(?:the\s+|its\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:job cuts|layoffs|"
    r"lay-offs|cuts|redundancies|round)|"
    r"(?:the\s+)?latest\s+in|(?:string|wave|spate|series|rash|flurry)\s+of|"
    # 'more job cuts on top of 10,000 layoffs', 'as part of recent layoffs that affected
    # 10,000', 'among the 1,845 employees to lose their jobs': the wider round this item's
    # action (a team, a unit, one person) belongs to, not its own count
    r"on\s+top\s+of|part\s+of\s+(?:(?:its|a|an|the|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:layoffs|lay-offs|job\s+cuts|cuts|redundancies|round|restructuring)\s+(?:that|which|"
    r"affecting|of)|"
    r"(?:a|its|the|their|whole|entire)\s+(?:staff|workforce|team)\s+of|employ(?:s|ing|ed)?)\b",
    re.I,
)
# Just after the number's phrase: the cut it counts was made before ('1,000 last year').
_OTHER_ROUND_AFTER = re.compile(
    r"^[\d,.]*[^,;:]{0,40}?\b(?:last\s+(?:year|month|fall|autumn|spring|summer|winter)|"
    r"earlier\s+this\s+(?:year|month)|(?:a\s+)?(?:year|month)s?\s+(?:ago|earlier)|"
    r"previously|combined|between them|"
    # '10,000 layoffs announced in January': a round announced before this news
    r"(?:announced|revealed|unveiled|confirmed|made)\s+(?:in\s+(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December)|last|earlier)|"
    # 'has laid off 3,000 people over the past year': a sum over time, not this action
    r"over the (?:past|last)\s+(?:\w+\s+)?(?:years?|months|weeks)|since (?:(?:19|20)\d\d|"
    r"last\s+\w+|the start))\b",
    re.I,
)
# Right before the number: another employer's cut ('after Meta laid off 11,000', 'joins
# Google, which shed 12,000'), or, after a clause that states this cut, an earlier round
# ('cuts more jobs after 1,000 layoffs in 2022'; not 'unlikely to celebrate after over 200
# of them were laid off', where the 'after' clause is the cut).
_OTHERS_COUNT = re.compile(
    r"(?:\bafter\s+(?-i:[A-Z])[\w&.'’-]*(?:\s+(?-i:[A-Z])[\w&.'’-]*){0,2}\s+|\bwhich\s+(?:\w+\s+)?)"
    r"(?:laid off|cut|slashed|shed|axed|eliminated|fired|has cut|has shed|had cut)\s+"
    + _QUALIFIER
    + r"$",
    re.I,
)
# A cut dated to a year and told in the past ('The company cut 2,000 jobs in 2023', 'In 2023,
# the company cut 2,000 jobs'): news tells its own action by the day, not the year, so this is
# an earlier round; a year told with a future or a plan ('will cut 2,000 jobs in 2025') is not.
_DATED_AFTER = re.compile(r"^[\d,.]*[^,;:.]{0,40}?\b(?:in|during|since)\s+(?:19|20)\d\d\b", re.I)
_DATED_BEFORE = re.compile(r"^\W*(?:in|during|back in)\s+(?:19|20)\d\d\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|to|would|could|may|might|plans?|planning|expects?|aims?|intends?|set|by)\b", re.I
)
_AFTER_COUNT = re.compile(
    r"\b(?:after|following)\s+(?:(?:another|an earlier|the|its)\s+)?" + _QUALIFIER + r"$", re.I
)
# A count over a wider group than the employer ('up to 5,000 workers across the sector', 'joins
# rivals that have cut 12,000', 'the industry has shed 40,000'): a ceiling or a total that is
# not this employer's cut.
_OTHER_GROUP = re.compile(
    r"\b(?:(?:across|in|throughout)\s+the\s+(?:sector|industry|economy|market)|rivals?|peers|"
    r"competitors|other (?:companies|firms|employers|businesses)|(?:the\s+)?(?:industry|sector|economy)"
    r"(?!\s+(?:leaders?|giants?|veterans?|insiders?|sources?|analysts?|observers?|experts?)\b)|"
    r"industry-wide|sector-wide|economy-wide)\b",
    re.I,
)
_WIDER_AFTER = re.compile(
    # not past a new clause: '7% of employees as other companies in the sector cut too'
    r"^[\d,.]*(?:(?!\b(?:as|while|after|amid|following)\b)[^,;:]){0,40}?\b(?:across|in|throughout)\s+the\s+(?:sector|industry|economy|"
    r"market)\b|"
    # 'More than 150,000 tech workers have lost their jobs this year': a sector's count
    r"^[\d,.]*\s*[kK]?\s+(?:[\w-]+\s+)?(?:tech|technology|industry|sector|"
    r"startup)\s+(?:workers|employees|jobs|staff|"
    r"staffers|layoffs|job cuts)\b",
    re.I,
)
# 'job losses will include some 2,300 positions in Germany': a part of the cut, not all of it.
_A_PART = re.compile(r"\binclud(?:e|es|ed|ing)\b", re.I)
# A union's members or strikers are counted, not the jobs an employer cuts: 'a union of 3,000
# workers', 'union representing 3,000', '3,000 workers strike', '3,000 striking staff'.
_UNION_BEFORE = re.compile(
    r"\b(?:unions?|union's|strikers?|strik(?:e|es|ing))\W+(?:\w+\W+){0,2}$", re.I
)
_STRIKE_AFTER = re.compile(
    r"^[\d,.]+\s*[kK]?\s+(?:[\w'’-]+\s+){0,2}?(?:strik(?:e|es|ing|ers?)|walk(?:s|ed)? out|"
    r"picket\w*|union\b)",
    re.I,
)
_EMPLOYER_NOUN = (
    r"(?:company|firm|group|business|employer|corporation|startup|bank|retailer|carmaker|"
    r"automaker|airline|studio|publisher|broadcaster|network|chain|giant|lender|insurer|maker|"
    r"developer|platform|organi[sz]ation|newspaper|outlet|marketplace|subsidiary|unit)"
)
# The lead names the actor of its cut as the headline's employer or 'the company' (also 'the
# ridesharing company'; not 'the rival company'), or opens on such a noun for a subject
# ('Telecoms group plans to axe ...').
_THE_EMPLOYER = re.compile(
    r"\b(?:the\s+(?:(?!(?:rival|other|parent|sister|former|competing|acquiring)\b)"
    r"(?-i:[a-z])[\w-]*\s+){0,2}?(?:" + _EMPLOYER_NOUN[3:-1] + r"|layoffs|lay-offs|cuts|"
    r"job cuts|redundancies|reductions?)|it|they)\b|"
    r"^\W*(?:(?!(?:rival|other|parent|sister|former|competing|acquiring)\b)[\w-]+\s+){0,2}?"
    + _EMPLOYER_NOUN
    + r"\s+(?-i:[a-z])",
    re.I,
)
# '29 employees have been let go, ...': a lead sentence that opens on the count is about the
# headline's cut, unless the clause names another employer.
_OPENING_COUNT = re.compile(
    r"^\W*(?:(?:about|around|roughly|approximately|nearly|almost|some|more than|over|up to|"
    r"as many as|at least|close to|an estimated|another)\s+)?$",
    re.I,
)


def _clause(sentence: str, at: int) -> tuple[str, str]:
    """The parts of the clause holding position `at` before and after it."""
    start = max((m.end() for m in _CLAUSE_EDGE.finditer(sentence, 0, at)), default=0)
    end_m = _CLAUSE_EDGE.search(sentence, at)
    return sentence[start:at], sentence[at : end_m.start() if end_m else len(sentence)]


# Right before the number: the wider group this item's cut is a part or a share of ('were
# among the 1,845 employees to lose their jobs', 'about a third of 1,400 staff').
_WIDER_GROUP_BEFORE = re.compile(
    r"\b(?:among|(?:half|third|quarter|fifth|tenth|thirds|quarters)\s+of)\s+"
    r"(?:(?:the|its|their|all)\s+)?" + _QUALIFIER + r"$",
    re.I,
)
# A sentence that opens dated to the past ('Earlier this month, Amazon confirmed plans to lay
# off 18,000'): its count is an earlier round's, unless the sentence turns to a plan.
_OPENS_IN_THE_PAST = re.compile(
    r"^\W*(?:earlier\s+(?:this|in\s+the)\s+(?:week|month|year)|last\s+(?:week|month|year)|"
    r"previously|in\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+\d{4})?)\s*,",
    re.I,
)


def _own_cut(sentence: str, at: int) -> bool:
    """Whether the number at `at` counts the jobs of this action, not another round's, a
    size, a sum over employers or a union's or strikers' count."""
    before, after = _clause(sentence, at)
    if _subject_of_other_news(before, after):
        return False
    if _OTHER_ROUND_BEFORE.search(before) or _OTHER_ROUND_AFTER.match(after):
        return False
    if _WAVE_OF_PLAN.search(sentence, 0, at):
        return False
    if _WIDER_GROUP_BEFORE.search(sentence, 0, at) or _OPENS_IN_THE_PAST.match(sentence):
        return False
    if _OTHERS_COUNT.search(sentence, 0, at):
        return False
    after_count = _AFTER_COUNT.search(sentence, 0, at)
    if after_count and _action(sentence[: after_count.start()]):
        return False
    if _OTHER_GROUP.search(before) or _WIDER_AFTER.match(after) or _A_PART.search(before):
        return False
    return not (_UNION_BEFORE.search(before) or _STRIKE_AFTER.match(after))


# A relative clause right after a name: what it says is that name's.
_RELATIVE = re.compile(
    r"['’]?s?\s*,\s*(?:which|who)\s+(?:[a-z]+\s+){0,3}?(?:about|around|nearly)?\s*"
)


_OWNED_UNIT = re.compile(
    r"['’]?s?\s+(?:[\w-]+\s+){0,2}?(?:subsidiary|unit|division|arm|studio)\b", re.I
)


_RIVAL = re.compile(r"\b(?:rivals?|competitors?|peers?|counterparts?)\b", re.I)


_THE_EMPLOYER_ASIDE = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,2}?"
    + _EMPLOYER_NOUN
    + r"(?P<aside>\s*,\s*(?:which|who|whose|the|a|an)\b"
    r"[^,;]{0,150}?,)",
    re.I,
)


def _names_employer(sentence: str, at: int, companies: tuple[str, ...]) -> bool:
    """The lead sentence's cut is the headline's employer's: the first employer it names
    before the number is that one; or it names no listed employer there and says 'the
    company', 'it' or 'the layoffs' the headline reported, or names the employer later."""
    acting = {_fold(c) for c in companies} | {_fold(c.split()[0]) for c in companies if c}
    acting.discard("")
    credit = credit_end(sentence)
    text = " " * credit + sentence[credit:at]
    for m in _THE_EMPLOYER_ASIDE.finditer(text):
        # 'The startup, which counts Google among its investors, said it would cut 200': the
        # aside describes the subject; its names are not the cut's actor
        text = text[: m.start("aside")] + " " * len(m.group("aside")) + text[m.end("aside") :]
    runs = [
        r
        for r in _runs(text)
        if not _source(sentence, r.start, r.end)
        or {_fold(r.name), _fold(r.name.split()[0]), _fold(r.known or "")} & acting
    ]
    if runs and _RELATIVE.match(sentence, runs[-1].end, at):
        # '... harder than the cuts at Quillo, which affected about half of the company's
        # staff': the relative clause's number is the name it follows.
        last = runs[-1]
        return bool({_fold(last.name), _fold(last.known or "")} & acting)
    for run in runs:
        names = {_fold(run.name), _fold(run.name.split()[0]), _fold(run.known or "")}
        if names & acting:
            return True
        if run.possessor and _OWNED_UNIT.match(sentence, run.end):
            return True  # "GM's self-driving subsidiary says it will cut 900": the unit acting
        if run.known:
            return False  # 'Rival Brindle will cut 500 jobs': another listed employer's number
    if _RIVAL.search(sentence, 0, at):
        return False  # 'Brindle, its largest rival, said it would cut 1,000': the rival's
    return (
        _THE_EMPLOYER.search(sentence) is not None
        or any(a in _fold(sentence) for a in acting)
        # 'Six per cent of Alphabet's workforce' in an item about Google: a listed alias
        or any(r.known and _fold(r.known) in acting for r in _runs(sentence))
    )


def _acting_clause(title: str) -> str:
    """The headline's clause that states the cut, when its other clauses state something else:
    a number elsewhere in the headline is about another employer or another action (v2)."""
    parts = [p for p in _CLAUSE_BREAK.split(title) if p]
    if len(parts) < 2:
        return title
    acting = [p for p in parts if _action(p)]
    return acting[0] if len(acting) == 1 and _headcount_in(acting[0]) is not None else title


# Where a headline turns to another employer's news ('Acme trims staff after Brindle cut 500').
_OTHER_NEWS = re.compile(
    r"[,;:]|\s[-–—]\s|\b(?:as|after|while|following|amid|before|since|despite|and|but|"
    r"whereas)\b",
    re.I,
)


def _other_employers(clause: str, companies: tuple[str, ...]) -> bool:
    """The clause names an employer and not the acting one: its number is another's."""
    folded = _fold(clause)
    if any(_fold(c) in folded or _fold(c.split()[0]) in folded for c in companies if _fold(c)):
        return False
    # A Title Case clause's capitalised dictionary words ('Lays Off 40 Jobs') name no one.
    words = english_words()
    names = [
        r
        for r in _runs(clause)
        if not (_generic(r.name) or _place(r.name))
        and (r.known or not all(w.lower() in words for w in r.name.split()))
    ]
    return bool(names)


def _title_headcount(title: str, companies: tuple[str, ...]) -> tuple[int, str, int] | None:
    clause = _acting_clause(title)
    edges = [0, *(m.start() for m in _OTHER_NEWS.finditer(clause)), len(clause)]
    for n, at in _headcounts_at(clause):
        if not _own_cut(clause, at):
            continue
        start = max(e for e in edges if e <= at)
        if start > 0 and _other_employers(clause[start:at], companies):
            continue  # 'Acme cuts jobs as rival Brindle lays off 500': Brindle's number
        return n, clause, at
    return None


def _lead_counts(sentences: list[str], companies: tuple[str, ...]) -> list[tuple[int, str, int]]:
    """The lead's counts of this employer's own cut, in reading order (number, sentence, at)."""
    found = []
    for sentence in sentences:
        # An earlier round the lead recalls ('months after it laid off 18,000') is not this
        # action's number (v2): a number after the turn to the past is not read, unless a
        # later clause turns back to now ('which cut 5% last year, will now cut 10%').
        read = this_round(sentence)
        if len(read) < len(sentence):
            numbers = [(n, at) for n, at in _headcounts_at(sentence) if at < len(read)]
        else:
            numbers, sentence = list(_headcounts_at(read)), read
        for n, at in numbers:
            if _own_cut(sentence, at) and _lead_cut(sentence, at, companies):
                found.append((n, sentence, at))
    return found


# Cuts named only as what something is about ('a petition against the layoffs').
_OCCASION_OF_CUTS = re.compile(
    r"\b(?:against|over|about|protest\w*|after|amid|before|following|despite|since)\s+"
    r"(?:the\s+|its\s+|their\s+|recent\s+|mass\s+){0,2}(?:layoffs|lay-offs|job cuts|cuts|"
    r"redundancies)\b",
    re.I,
)


def _lead_cut(sentence: str, at: int, companies: tuple[str, ...]) -> bool:
    before, after = _clause(sentence, at)
    if (_DATED_AFTER.match(after) or _DATED_BEFORE.match(sentence)) and not _FUTURE.search(before):
        return False  # a lead's cut dated to a year and told in the past: an earlier round
    if not _CUT_OR_LOSS.search(_OCCASION_OF_CUTS.sub(" ", sentence)):
        return False
    if _names_employer(sentence, at, companies):
        return True
    if not _OPENING_COUNT.match(sentence[:at]):
        return False
    clause = _clause(sentence, at)[1]
    return not any(r.known for r in _runs(clause))


# Before a number: it is rounded, and which way ('more than 100' is 100 or above).
_ROUNDED = re.compile(
    r"\b(?P<up>more than|over|at least|just over|upwards of)\s+$|"
    r"\b(?P<down>nearly|almost|just under|close to|up to|as many as)\s+$|"
    r"\b(?P<near>about|around|roughly|approximately|some|an estimated)\s+$",
    re.I,
)


_PLUS = re.compile(r"[\d,.]+\s*[kK]?(?:\+|-plus\b)")


def _precise(n: int, text: str, at: int, counts: list[tuple[int, str, int]]) -> int:
    """'More than 100 people ... The company has confirmed 121 layoffs': a rounded count
    gives way to the lead's exact count of the same cut ('almost 4,000' / 'roughly 3,900')."""
    rounded = _ROUNDED.search(text, 0, at)
    plus = _PLUS.match(text, at) is not None  # '600+ workers': 600 or above
    if rounded is None and not plus:
        return n
    for c, sentence, where in counts:
        if c == n or (_ROUNDED.search(sentence, 0, where) and _zeros(c) >= _zeros(n)):
            continue
        if plus or (rounded and rounded.group("up")):
            fits = n < c <= n * 1.5
        elif rounded and rounded.group("down"):
            fits = n * 0.8 <= c < n
        else:
            fits = abs(c - n) <= n * 0.15
        if fits:
            return c
    return n


def _zeros(n: int) -> int:
    return len(str(n)) - len(str(n).rstrip("0"))


# '... about 10% of its workforce': a share of the employer's own workforce ('its').
_OF_ITS = re.compile(
    r"[\w.\s%-]{0,24}?\bof\s+(?:its|the company['’]s|the firm['’]s)\s+(?:[\w,-]+\s+){0,2}?"
    r"(?:workforce|staff|employees|headcount|workers|people|personnel)\b",
    re.I,
)


def _lead_percent(
    sentences: list[str], actions: list[str], companies: tuple[str, ...]
) -> float | None:
    """A lead's share of the workforce, held to the headcount's rules: this employer's,
    this round's (read up to where the sentence turns to the past). A sentence that names
    no one before the share ('The 250 roles are about 10% of its workforce', 'The closure
    affects about 10% of its workforce') gives the acting employer's share when it is of
    'its' workforce, whether or not the sentence states the action itself."""
    for sentence in sentences:
        found = _percent_at(sentence)
        if not found or not _own_cut(sentence, found[1]):
            continue
        at = found[1]
        if _OF_ITS.match(sentence, at) and _names_no_one(sentence, at):
            return found[0]
        if sentence in actions and _names_employer(sentence, at, companies):
            return found[0]
    return None


# 'said in a filing with the Securities and Exchange Commission that it will cut 6%': where
# a filing goes is no one acting (a regulator, named since its name is kept whole).
_FILED_WITH = re.compile(r"\b(?:filings?|filed|notices?)\s+(?:to|with)\s+(?:the\s+)?$", re.I)


def _names_no_one(sentence: str, at: int) -> bool:
    return all(
        _generic(r.name) or _place(r.name) or _FILED_WITH.search(sentence, 0, r.start)
        for r in _runs(sentence[:at])
    )


# 'considers more job cuts after shedding 10% of staff': the cut the headline recalls, an
# earlier round, whose share is not this action's (v2).
_AFTER_EARLIER_CUT = re.compile(
    r"\s(?:after|following|months after|weeks after)\s+(?:(?:already|previously)\s+)?"
    r"(?:cutting|slashing|axing|shedding|eliminating|trimming|laying off|firing|sacking)\b",
    re.I,
)


def _before_earlier_cut(title: str) -> str:
    """The headline up to a clause recalling an earlier cut, when a clause before it states
    this action."""
    m = _AFTER_EARLIER_CUT.search(title)
    return title[: m.start()] if m and _action(title[: m.start()]) else title


def _precise_share(
    share: float,
    title: str,
    at: int,
    every: list[str],
    actions: list[str],
    companies: tuple[str, ...],
) -> float:
    """A rounded headline share gives way to the lead's exact one of the same cut, when it
    fits the rounding ('nearly half' / '40%', 'almost 10%' / '9%')."""
    exact = _lead_percent(every, actions, companies)
    rounded = _ROUNDED.search(title, 0, at)
    if exact is None or rounded is None or exact == share:
        return share
    if rounded.group("down"):
        fits = share * 0.8 <= exact < share
    elif rounded.group("up"):
        fits = share < exact <= share * 1.2
    else:
        fits = abs(exact - share) <= share * 0.15
    return exact if fits else share


# A sentence that restates the share just told as a count ('That number translates to around
# 100 people', "That's roughly 1,300 employees", 'This amounts to about 400 jobs'): the same cut,
# counted.
_RESTATES = re.compile(
    r"\W*(?:that|this|which|it)(?:\s+(?:number|figure|share|percentage|cut|reduction|amount))?"
    r"(?:['’]s|\s+(?:is|would be|will be|means|equates to|amounts to|translates (?:in)?to|"
    r"works out (?:to|at)|represents|comes to|adds up to|equals|is equal to))\s+(?:(?:about|"
    r"around|roughly|approximately|nearly|almost|some|more than|over|just over|just under|"
    r"close to|an estimated|at least)\s+)?",
    re.I,
)


def _restated(title: str, lead: tuple[str, ...]) -> tuple[int, str, int] | None:
    """The count of a lead sentence restating the share the sentence before it (or the
    headline, for the first) states of the workforce."""
    for i, sentence in enumerate(lead):
        m = _RESTATES.match(sentence)
        if m is None or _percent_at(lead[i - 1] if i else title) is None:
            continue
        for n, at in _headcounts_at(sentence):
            if at == m.end() and _own_cut(sentence, at):
                return n, sentence, at
    return None


# A sentence restating the count just told as a share ('That number accounts for 8% of the
# workforce', 'The cuts represent about 10% of its staff'): the same cut's share.
_RESTATES_SHARE = re.compile(
    r"\W*(?:that|this|it|the\s+(?:cuts?|layoffs|job\s+cuts|reductions?))(?:\s+(?:number|figure|"
    r"cut|reduction|total))?(?:['’]s|\s+(?:is|would be|will be|represents?|accounts? for|"
    r"amounts? to|equates? to|makes? up|comes? to|translates? to|works? out to|is equal to))\s+"
    r"(?:(?:about|around|roughly|approximately|nearly|almost|some|more than|over|just over|"
    r"just under|close to|less than|under)\s+)?",
    re.I,
)


def _restated_share(title: str, lead: tuple[str, ...]) -> float | None:
    """The share of a lead sentence restating the count the sentence before it (or the
    headline, for the first) states."""
    for i, sentence in enumerate(lead):
        m = _RESTATES_SHARE.match(sentence)
        found = _percent_at(sentence) if m else None
        if m and found and found[1] == m.end() and _headcounts_at(lead[i - 1] if i else title):
            return found[0]
    return None


def _headcount(doc: _Doc, companies: tuple[str, ...], lead: list[str]) -> tuple[int | None, bool]:
    """The action's headcount, and whether it is stated as a lower bound ('more than 600',
    '200-plus', 'at least 50') with no exact count of the same cut to give way to."""
    counts: list[tuple[int, str, int]] | None = None
    found = _title_headcount(doc.title, companies)
    # A headline's share of the workforce is the same cut the lead counts ('cuts 10% of
    # staff' / 'about 1,100 jobs'); a headline's count of people refused above is not.
    title_has_count = bool(_headcounts_at(doc.title))
    if found is None and not title_has_count and not _RUNNING_TOTAL.search(doc.title):
        # 'Second round of layoffs, bringing total to 4,000': this round's own number is not
        # given, and the lead's figures are the whole plan's.
        counts = _lead_counts(lead, companies)
        found = counts[0] if counts else None
        found = found or _restated(doc.title, doc.lead)
    if not found:
        return None, False
    n, sentence, at = found
    rounded = _ROUNDED.search(sentence, 0, at)
    plus = _PLUS.match(sentence, at) is not None
    if rounded is None and not plus:
        return n, False
    counts = _lead_counts(lead, companies) if counts is None else counts
    headcount = _precise(n, sentence, at, counts)
    return headcount, headcount == n and (plus or bool(rounded and rounded.group("up")))


def _quantities(
    doc: _Doc, companies: tuple[str, ...]
) -> tuple[int | None, bool, str | None, float | None]:
    """(headcount, whether it is a lower bound, headcount_text, percent)."""
    lead = [s for s in doc.lead if _action(s) or _layoff_mention(s)]
    headcount, at_least = _headcount(doc, companies, lead)
    # Shares and vague words are read up to where a lead sentence turns to the past.
    lead = [this_round(s) for s in lead]
    title = _before_earlier_cut(doc.title)
    found_share = _percent_at(title)
    if found_share and _subject_of_other_news(*_clause(title, found_share[1])):
        found_share = None  # '60% of employees say morale is low': a share of other news
    percent = found_share[0] if found_share else None
    every = [this_round(s) for s in doc.lead]
    if found_share and _ROUNDED.search(title, 0, found_share[1]):
        # 'Almost 10% Of Its Workforce' / 'reduces its workforce by 9%': the lead's exact share
        percent = _precise_share(found_share[0], title, found_share[1], every, lead, companies)
    if percent is None:
        percent = _lead_percent(every, lead, companies)
    if percent is None:
        percent = next((p for s in doc.lead if (p := resumed_share(s)) is not None), None)
    if percent is None:
        percent = _restated_share(doc.title, doc.lead)
    vague = None
    if headcount is None:
        sentences = [_acting_clause(doc.title)]
        sentences += [] if _RUNNING_TOTAL.search(doc.title) else lead
        vague = next((v for s in sentences if (v := _vague_in(s)) is not None), None)
    return headcount, at_least, vague, percent
