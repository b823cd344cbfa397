"""Employer actions in a sentence: layoffs, closures and hiring freezes, negation aware."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.companies import known
from bot.ignorecase import any_key, twins_for
from bot.models import Kind
from bot.tagging.labour_news import disputed_report, failure_at_risk
from bot.tagging.lexicon import _AI, _JOBS, _LAYOFF_VERB, _UPPER
from bot.tagging.non_workforce import (
    closed_no_workplace,
    company_buyout,
    let_go_of_no_one,
    object_not_workforce,
)
from bot.tagging.prefilter import Prefilter, lowered

_GAP = r"(?:[\s,]+[\w$%.,'’‘“”&/-]+){0,6}?"
# 'Scandal-hit CBI to slash workforce': a verb glued to a word by a hyphen is an adjective.
_VERB_OBJECT = re.compile(
    r"(?<![-‐])\b" + _LAYOFF_VERB + r"\b" + _GAP + r"[\s,]+" + _JOBS + r"\b", re.I
)
_LAYOFF_ALONE = re.compile(
    r"\b(?:lay(?:s|ing)? off|laid off|lay-?offs?|job (?:cuts?|losses|reductions?|eliminations?)|"
    r"jobs? cuts|staff cuts|workforce reductions?|headcount reductions?|redundanc(?:y|ies)|"
    r"pink slips?|buyouts?|mass firings?|let(?:s|ting)? go of|"
    # the US federal service's word for layoffs: 'a reduction in force', 'RIF notices'
    r"reductions?[- ]in[- ]force(?!\s+(?:structure|levels?|posture|size)\b)|(?-i:RIFs?|RIF['’]?d))\b",
    re.I,
)
_PASSIVE = re.compile(
    r"\b(?:jobs|roles|positions|posts)\s+(?:cut|slashed|axed|shed)\b|"
    # 'Probationary employees fired at USDA': staff dismissed, not shot at or fired up
    r"\b(?:employees|workers|staff|staffers)\s+(?:fired|dismissed|terminated)\b"
    r"(?!\s+(?:up|on|back|off|shots?|into|upon|with|over)\b)(?!\s+at\s+(?-i:[a-z]))|"
    r"\b(?:jobs|roles|positions|staff|employees|workers|FTEs|servants)\b[”\"’]?(?:\s+[\w'’-]+){0,4}?\s+"
    r"(?:to go|go(?!-|\s+(?:on|back|ahead|out|into|through|home|under|without)\b)|gone|going|lost|axed|eliminated|be cut|being cut|are cut|were cut|"
    # 'UNRWA employees from Gaza face dismissal': the staff the employer lets go
    r"face (?:dismissal|the sack|the axe)|"
    r"(?:have|has|had) been (?:cut|axed|eliminated)|"
    r"it is cutting|are being cut|will be lost|(?:it|they|the company) (?:has |had )?"
    r"(?:cut|eliminated|axed|shed))\b",
    re.I,
)
# 'The Team Working on X Was Seemingly Gutted', 'guts its newsroom': a unit emptied of its
# people is a cut with no job word.
_GUTTED = re.compile(
    r"\b(?:team|teams|studio|department|division|newsroom|staff)\b(?:\s+[\w'’-]+){0,6}?\s+"
    r"(?:(?:was|were|is|are|has been|have been|been|being|got)\s+)?(?:[\w-]+ly\s+)?gutted\b|"
    r"\bgut(?:s|ted|ting)?\s+(?:its\s+|the\s+|their\s+)?(?:[\w-]+\s+)?(?:team|teams|staff|"
    r"newsroom|studio|department|division|workforce)\b",
    re.I,
)
# 'puts 470 staff on redundancy notice', 'puts 500 jobs at risk': an employer proposing cuts
# (UK usage: the consultation that precedes redundancies), a reported plan (v2).
_PUT_AT_RISK = re.compile(
    r"\b(?:put|puts|putting|plac(?:e|es|ed|ing))\s+(?:[\w,]+\s+){0,3}?" + _JOBS + r"\s+"
    # 'puts people at risk of harm': a danger, not a cut; only job loss is the risk here
    r"(?:at risk(?! from| of (?!redundanc|layoff|losing))"
    r"(?: of (?:redundancy|redundancies|layoffs?|losing (?:their|his|her) jobs?))?|"
    r"on (?:redundancy )?notice)\b",
    re.I,
)
_CLOSURE = re.compile(
    r"\b(?:clos\w*|shut\w*)(?:\s+down)?\s+(?:[\w'’&.-]+\s+){0,3}?(?:newsroom|stores|shops|plants?|"
    r"factor(?:y|ies)|offices|call cent\w+|contact cent\w+|bakery|depots?|warehouses?|"
    r"branches|mills?|news division|studios?)\b",
    re.I,
)
# 'Xbox Shuts Down Arkane Austin, Tango Gameworks': a closure whose object is only a name. A
# studio's or a product's? `kind` counts it only when the item calls the closed thing a
# studio ('Google shuts down Stadia', the service, stays other).
_CLOSURE_NAMED = re.compile(
    r"\b(?i:shut(?:s|ting)?\s+down|shutter(?:s|ed|ing)?|clos(?:e|es|ed|ing)(?!\s+(?:to|in|on|at|"
    r"out|up|down|by|for|with|of|its\s+doors?)\b))\s+(?i:its\s+|the\s+)?"
    + _UPPER
    + r"[\w&'’.-]*(?:\s+"
    + _UPPER
    + r"[\w&'’.-]*){0,3}\b"
)
_FREEZE = re.compile(
    r"\b(?:hiring (?:freeze|pause)|(?:freez\w*|frozen)\s+(?:\w+\s+){0,3}?hiring|"
    r"(?:paus|halt|suspend|stop|slow|curb|limit)\w*\s+(?:[\w-]+\s+){0,3}?"
    r"(?:hiring|hires|recruitment|recruiting)|"
    r"(?:won't|will not|wouldn't|would not|not to|no longer|not)\s+(?:\w+\s+)?"
    r"(?:backfill|fill|refill|replace)\b(?!\s+\w+\s+by\b)|backfill\w*|"
    r"only\s+(?:\w+\s+){0,2}?(?:add|grant|give|given|hire)\w*\s+(?:\w+\s+){0,2}?"
    r"(?:headcount|hires|staff)|(?:extra|additional) headcount|new headcount only|"
    r"ties? (?:new )?hiring to|(?:stop|end|cut back on|limit)\w*\s+(?:\w+\s+){0,2}?contractors?|"
    r"contractor work|(?:through|by|natural) attrition|"
    r"rescind\w*\s+(?:[\w-]+\s+){0,3}?(?:job |employment )?offers|"
    r"(?:help|let|allow)\w*\s+(?:\w+\s+)?shr[iau]nk\w*\s+(?:its\s+|the\s+|their\s+)?"
    r"(?:headcount|workforce|staff))",
    re.I,
)
# Every _FREEZE alternative contains one of these: a cheap test before the regex.
_FREEZE_KEYS = (
    "hir", "recruit", "fill", "replac", "headcount", "staff", "contractor", "attrition", "rescind",
    "workforce",
)  # fmt: skip
_HOLDS_FREEZE_KEY = any_key(_FREEZE_KEYS)
# 'at risk of losing their jobs', 'fears of job cuts': a threat, not an action.
_THREAT_BEFORE = re.compile(
    r"\b(?:(?:risk|risks|threat|fears?|afraid|worried|worries|warning|danger)\s+(?:of|about|over)|"
    r"brac(?:e|es|ed|ing)\s+for|prepar(?:e|es|ed|ing)\s+for)\s+(?:[\w'’-]+\s+){0,2}$",
    re.I,
)
# 'Meta Said to Be Preparing For Mass Layoffs', 'Disney braces for a layoff bloodbath', 'as
# the Chain Prepares for Layoffs': a listed employer (or the item's word for it) getting ready
# for cuts is its reported plan (v2: reported plans count), not a threat over others' jobs.
_PREPARES = re.compile(r"\b(?:brac|prepar)\w*\s+for\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_PREPARER = re.compile(
    r"(?P<name>(?:" + _UPPER + r"[\w&'’.-]*\s+){1,3}?)"
    r"(?:(?i:is|are|was|now|reportedly|quietly|already|said|to|be)\s+)*$"
)
_PREPARER_WORD = re.compile(
    r"\b(?i:the\s+)?(?i:chain|company|firm|retailer|network|studio|publisher)\s+$"
)


def _employer_prepares(before: str) -> bool:
    """Whether `before` (the sentence up to 'prepares for ...') ends with a listed employer
    or the item's word for one ('the chain'): its own cuts being readied."""
    m = _PREPARES.search(before)
    if m is None:
        return False
    subject = before[: m.start()]
    if _PREPARER_WORD.search(subject):
        return True
    name = _PREPARER.search(subject)
    return name is not None and known(name.group("name").strip()) is not None


# 'lay off the champagne': the verb with an object that is no workforce.
_LAY_OFF_OTHER = re.compile(
    r"^\s+(?:the|his|her|their|drugs|booze|alcohol|sugar|carbs)\b(?![^,.;]{0,30}\b"
    + _JOBS
    + r"\b)",
    re.I,
)
_MACHINES = re.compile(
    r"^\s+(?:(?:its|the|their|some|all|a)\s+)?(?:[\w-]+\s+)?(?:robots?|machines?|chat ?bots?|"
    r"bots?|drones?)\b",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:no|not|never|without|none|nor|n't|rather than|instead of|denies|denied)\b"
    r"(?:\W+\w+){0,4}\W*$",
    re.I,
)
_TELLS_STAFF = re.compile(
    r"\b(?:warn|tell|inform|notif|brief)\w*\s+(?:its\s+)?(?:[\w-]+\s+)?(?:staff|employees|"
    r"workers|unions?)\s+(?:of|about)\s+(?:[\w,]+\s+){0,3}$",
    re.I,
)
_VERB_SLOT = re.compile(r"\b(?:to|will|would|could|may|might|must|and)\s+$", re.I)
_CAUSE_DENIED = re.compile(
    r"\b(?:responsible|role|part|behind|blame|reason|factor|cause|related|linked|due)\b", re.I
)
_NEG_CONTRACTION = re.compile(r"n['’]t(?:\W+\w+){0,4}\W*$", re.I)
# 'using AI to avoid job cuts', 'to stave off layoffs': the cut is what is kept from happening.
# 'Policymakers scrutinize AI-driven layoffs', 'lawmakers debate job cuts': the cuts as what
# someone examines or argues over, a topic (v2: analysis), not the subject's own cuts.
_TOPIC_BEFORE = re.compile(
    r"\b(?:scrutini[sz]\w*|debat\w*|discuss\w*|critici[sz]\w*|examin\w*|investigat\w*|"
    r"probe|probes|probing|probed|study|studies|studying|studied|track\w*|monitor\w*|"
    r"regulat\w*|curb\w*)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_AVERTED = re.compile(
    r"\b(?:avoid\w*|avert\w*|prevent\w*|stave off|ward off|head off|spar(?:e|es|ed|ing))"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# 'cuts pay for 2,000 workers', 'slashes perks for staff', 'cut ties with', 'reduce the need
# for workers': the verb's object is something other than jobs (v2: non-job cuts are other).
_NON_JOB_OBJECT = re.compile(
    r"^\W*(?:back\s+on\s+|to\s+|on\s+|in\s+)?(?:(?:some|many|most|all|several|a few|one|"
    r"two|three)\s+of\s+)?(?:(?:its|their|the|his|her|staff|employee|employees'|worker|"
    r"workers'|free|office|executive|annual|year-end|holiday|travel|food)\W+){0,3}"
    r"(?:pay|pay(?:checks|rolls?)|"
    r"salar(?:y|ies)|wages?|perks?|benefits?|bonus(?:es)?|hours|shifts|ties|rates?|prices?|"
    r"output|production|forecasts?|budgets?|spending|costs?|dividends?|funding|pensions?|"
    r"commissions?|raises|need for|number of hours|working hours|stipends?|allowances?|"
    r"expenses|office space|red tape|snacks|meals|food|lunch(?:es)?|travel|parties|"
    r"equity|stock awards|401\(?k\)?|amenities|stipends|budgets)\b",
    re.I,
)


# What a named product costs ('slashes GPT-4 prices by 50% for developers', 'cuts Copilot
# subscription prices'): any words but a job word or a count before the price. Tried only
# where a price word follows the verb (`_priced`): most cuts name none.
_PRICED_OBJECT = re.compile(
    r"^\W*(?:(?!" + _JOBS + r"\b)[^\W\d][\w.-]*\s+){1,3}(?:prices?|pricing|rates?|fees?|"
    r"fares?|costs?|subscriptions?)\b",
    re.I,
)
_PRICE_KEYS = ("pric", "rate", "fee", "fare", "cost", "subscri")


def _priced(tail: str) -> bool:
    head = tail[:80].lower()
    return any(k in head for k in _PRICE_KEYS) and _PRICED_OBJECT.match(tail) is not None


# 'a worker who was laid off', 'unsure if he'd been laid off': one person's status in a
# story about something else, not an employer's action.
_PERSON_STATUS = re.compile(
    r"(?:\bwho\s+(?:was|is|had been|has been|got)|\bif\s+(?:he|she)(?:['’]d|\s+had)?\s+been|"
    r"\b(?:he|she)\s+(?:was|had been|has been|got)|"
    # "those who pushed back 'got laid off'", 'getting laid off': someone's fate, no report
    r"\b(?:got|gets|getting)|"
    # 'Professor Reinstated After Being Fired For ...': someone's own past firing
    r"\b(?:after|for|over|since|before)\s+being)\s+$",
    re.I,
)
# 'Punter cut from team': a player, not a job (spec: other).
_CUT_FROM_TEAM = re.compile(
    r"cut\s+from\s+(?:the\s+|his\s+|her\s+)?(?:team|squad|roster|lineup|side|club)\b", re.I
)


# 'Sacked Acme staff claim unfair treatment', 'sued by fired workers': a participle naming the
# people a past cut touched, not an employer cutting (no count between verb and object).
_PEOPLE_DESCRIBED = re.compile(
    r"(?:sacked|fired|laid[ -]off|axed|dismissed|terminated)\s+(?:[^\W\d]+\s+){0,3}?"
    + _JOBS
    + r"(?:$|\b)",
    re.I,
)
_DESCRIBES_PEOPLE = re.compile(
    r"(?:^|\b(?:by|from|of|for|with|the|its|their|his|her|among|to|and|these|those)\s+)$|"
    # the object of another verb: 'scooping up laid off Big Tech workers', 'Giving Laid Off
    # Workers Their Jobs Back', 'hires laid-off engineers' (not 'having laid off workers')
    r"\b(?:(?!having\b|being\b)[a-z]+ing|up|hires?|hired|recruits?|welcomes?|helps?|gives?|"
    r"offers?|rehires?)\s+$",
    re.I,
)


@dataclass(frozen=True)
class _Hit:
    kind: Kind
    start: int
    end: int
    weak: bool = False
    noun: bool = False


# 'Listing Jobs but Not Hiring: Indeed Cuts 15% of Staff': a negation ends at a break.
_SECTION_BREAK = re.compile(r"[:;|]\s|\s[-–—]\s")


def _negated(sentence: str, start: int) -> bool:
    """'No jobs will be cut', 'denies layoffs': the action is denied. 'AI is not
    responsible for 400 job cuts', 'denies AI role in layoffs': only its cause is."""
    before = _SECTION_BREAK.split(sentence[max(0, start - 60) : start])[-1]
    m = _NEGATED.search(before) or _NEG_CONTRACTION.search(before)
    return m is not None and not _CAUSE_DENIED.search(before[m.start() :])


# 'While job cuts are not currently planned, employees may ...': cuts named, then ruled out
# ('job cuts are not about AI' denies only a cause).
_NOT_PLANNED = (
    r"(?:are|is|were|was|will be|would be)\s+not\s+(?:currently\s+|yet\s+|being\s+)?"
    r"(?:planned|expected|on the table|happening|under consideration)\b"
)
_DENIED_INSIDE = re.compile(r"\b" + _NOT_PLANNED, re.I)
_DENIED_AFTER = re.compile(r"\s+" + _NOT_PLANNED, re.I)


_JOBS_ANY = re.compile(r"\b" + _JOBS + r"\b", re.I)


# 'as he cuts Block by almost half': the employer itself, cut by a share.
_CUT_BY_SHARE = re.compile(
    r"\b(?i:cut(?:s|ting)?|slash(?:es|ed|ing)?|shr(?:ink|inks|inking|ank)|trim(?:s|med|ming)?)"
    r"\s+(?P<name>" + _UPPER + r"[\w&'’.-]*(?:\s+" + _UPPER + r"[\w&'’.-]*){0,2})\s+by\s+"
    r"(?i:(?:almost|nearly|about|around|roughly|more than|over|some)\s+)?"
    r"(?i:half|a (?:third|quarter|fifth|tenth)|\d+(?:\.\d+)?\s*(?:%|percent|per cent))"
)

# 'at least half the company has been let go', 'lets go a third of its staff': a share of
# the whole workforce cut, passive or active, with no job word ('the company' is its people).
_SHARE = (
    r"(?:half|a (?:third|quarter|fifth|tenth)|two[- ]thirds|three[- ]quarters|"
    r"\d+(?:\.\d+)?\s*(?:%|percent|per cent))\s+(?:of\s+)?(?:the|its|their)\s+"
    r"(?:company|firm|business|startup|studio|workforce|staff|team)"
)
_SHARE_CUT = re.compile(
    r"\b" + _SHARE + r"\s+(?:has|have|had|was|were|is|are|will be)\s+(?:been\s+|being\s+)?"
    r"(?:let go|laid off|cut|axed|fired|sacked|eliminated|dismissed|made redundant)\b|"
    r"\blet(?:s|ting)?\s+go\s+(?:of\s+)?" + _SHARE + r"\b",
    re.I,
)

# A relative clause between the verb and the people: they belong to the clause's object.
_RELATIVE = re.compile(r"\b(?:that|which|who|whose|lets|letting|allows|allowing)\b", re.I)
_VERB_ONLY = re.compile(r"\b" + _LAYOFF_VERB + r"\b", re.I)


def _verb_end(m: re.Match[str]) -> int:
    verb = _VERB_ONLY.match(m.group())
    return m.start() + (verb.end() if verb else 0)


# Each rule's prefilter keys (bot.tagging.prefilter): a sentence holding none of them is
# not searched with it, which leaves every hit as it was.
_KEYS = {
    id(r): Prefilter(r)
    for r in (_VERB_OBJECT, _LAYOFF_ALONE, _PASSIVE, _GUTTED, _PUT_AT_RISK, _CUT_BY_SHARE)
    + (_SHARE_CUT, _CLOSURE, _CLOSURE_NAMED, _JOBS_ANY)
}


_ONES_OWN_JOB = re.compile(r"(?:lose|loses|losing|lost)\s+(?:his|her)\s+job$", re.I)
# 'Apple loses top AI engineers to Meta': people an employer lost to another, who left for
# it; no cut. Not jobs ('Newsroom loses 50 jobs to AI'), nor people losing their jobs to a
# product ('Translators lose jobs to Google Translate').
_LOST_TO = re.compile(
    r"(?:loses|losing|lost)\s+(?:[\w$%.,'’-]+\s+){0,5}?"
    r"(?!(?:jobs?|roles?|positions?|posts|headcount|workforce)\b)" + _JOBS + r"\s+to\s+"
    r"(?!(?:AI|A\.I\.|artificial|automation|robots?|machines?|chat ?bots?|software|ChatGPT)\b)"
    r"(?:(?-i:[A-Z])|(?:rivals?|competitors?|startups?|big tech|other (?:firms|companies))\b)",
    re.I,
)
# Which verb form a hit starts with (compiled once: asked of every hit).
_LAY = re.compile(r"lay\b", re.I)
# 'Steve Jobs’ Early Apple Items Are Going Up for Auction': the name, not jobs going.
_STEVE = re.compile(r"\bSteve\s+$")
_LAY_LAID = re.compile(r"la(?:y|id)", re.I)
_LAY_OFF_VERB = re.compile(r"la(?:y|id)(?:s|ing)?\s+off", re.I)


def _other_sense(regex: re.Pattern[str], sentence: str, m: re.Match[str]) -> bool:
    """The layoff words matched by `regex` at `m` name no cut: a topic, a disputed report,
    a takeover, a thing let go of; a verb whose object is no workforce."""
    if regex is _LAYOFF_ALONE:
        start, end = m.start(), m.end()
        return bool(
            # 'Policymakers scrutinize AI-driven layoffs': a topic, no cut
            _TOPIC_BEFORE.search(sentence[max(0, start - 80) : start])
            # 'Exec Dismisses Mass Layoff Report': a disputed report, no cut
            or disputed_report(sentence, start, end)
            # 'hold buyout talks', 'Let Go of Pain' (bot/tagging/non_workforce.py)
            or company_buyout(sentence, start, end)
            or let_go_of_no_one(sentence, start, end)
        )
    if regex is not _VERB_OBJECT:
        return False
    verb_end = _verb_end(m)
    return bool(
        # 'axing the program that lets Prime members share': not staff cut
        _NON_JOB_OBJECT.match(sentence[verb_end:])
        or _priced(sentence[verb_end:])
        or _RELATIVE.search(sentence, verb_end, m.end())
        or object_not_workforce(sentence, m.start(), verb_end, m.end())
        # 'Mueller lost his job at KYGO-FM', 'loses AI engineers to Meta'
        or _ONES_OWN_JOB.match(m.group())
        or _LOST_TO.match(sentence, m.start())
    )


def _layoff_hits(sentence: str) -> list[_Hit]:
    hits: list[_Hit] = []
    low, twin = lowered(sentence), twins_for(sentence)  # bot.ignorecase
    regexes = (
        (_VERB_OBJECT, _LAYOFF_ALONE, _PASSIVE, _GUTTED)
        if _KEYS[id(_JOBS_ANY)].holds(low) and twin(_JOBS_ANY).search(sentence)
        else (_LAYOFF_ALONE, _GUTTED)
    )
    for regex in regexes:
        if not _KEYS[id(regex)].holds(low):
            continue
        for m in twin(regex).finditer(sentence):
            before = sentence[: m.start()]
            if (
                _THREAT_BEFORE.search(before) and not _employer_prepares(before)
            ) or _AVERTED.search(before):
                continue
            if _other_sense(regex, sentence, m):
                continue
            if _LAY.match(m.group()) and _LAY_OFF_OTHER.match(sentence[m.end() :]):
                continue
            if _LAY_LAID.match(m.group()) and _MACHINES.match(sentence[m.end() :]):
                continue  # 'lays off robots that cleaned cafeterias': no one's job
            if (
                _PEOPLE_DESCRIBED.match(m.group())
                or _PEOPLE_DESCRIBED.match(sentence[m.start() : m.end() + 40].split(",")[0])
            ) and _DESCRIBES_PEOPLE.search(sentence[: m.start()]):
                continue
            if (
                _PERSON_STATUS.search(sentence[: m.start()])
                or _CUT_FROM_TEAM.match(sentence, m.start())
                or _STEVE.search(sentence, 0, m.start())
            ):
                continue
            if (
                not _negated(sentence, m.start())
                and not _DENIED_INSIDE.search(m.group())
                and not _DENIED_AFTER.match(sentence, m.end())
            ):
                noun = (
                    regex is _LAYOFF_ALONE
                    and not _LAY_OFF_VERB.match(m.group())
                    # 'plans to layoff thousands': the noun spelled as the verb
                    and not _VERB_SLOT.search(sentence[: m.start()])
                    # 'warns staff of 800 job cuts': the employer tells of its own cuts
                    and not _TELLS_STAFF.search(sentence[: m.start()])
                )
                hits.append(_Hit(Kind.LAYOFF, m.start(), m.end(), noun=noun))
    _guarded_hits(sentence, low, hits)
    return sorted(hits, key=lambda h: (h.weak, h.start))


def _guarded_hits(sentence: str, low: str | None, hits: list[_Hit]) -> None:
    """Cuts put at risk, a share of the company or an employer cut, closures: to `hits`."""
    for regex in (_PUT_AT_RISK, _SHARE_CUT):
        for m in regex.finditer(sentence) if _KEYS[id(regex)].holds(low) else ():
            if regex is _PUT_AT_RISK and failure_at_risk(sentence, m.start()):
                continue  # 'chains near collapse, putting 2,550 jobs at risk': no one cuts
            if not _negated(sentence, m.start()):
                hits.append(_Hit(Kind.LAYOFF, m.start(), m.end()))
    for m in _CUT_BY_SHARE.finditer(sentence) if _KEYS[id(_CUT_BY_SHARE)].holds(low) else ():
        # Only a listed company: 'cuts Widget Pro by half' is a product, not a workforce.
        if known(m.group("name")) and not _negated(sentence, m.start()):
            hits.append(_Hit(Kind.LAYOFF, m.start(), m.end()))
    for regex in (_CLOSURE, _CLOSURE_NAMED):
        for m in regex.finditer(sentence) if _KEYS[id(regex)].holds(low) else ():
            if regex is _CLOSURE_NAMED and closed_no_workplace(sentence, m.start(), m.end()):
                continue  # 'closes Corsair Bay beach', 'Shuts Down NFL Interest'
            if not _negated(sentence, m.start()):
                hits.append(_Hit(Kind.LAYOFF, m.start(), m.end(), weak=True))


def _layoff_mention(sentence: str) -> bool:
    """A layoff named even in a negated clause ('none of the 180 jobs it is cutting')."""
    low = lowered(sentence)
    return any(
        _KEYS[id(r)].holds(low) and r.search(sentence)
        for r in (_VERB_OBJECT, _LAYOFF_ALONE, _PASSIVE)
    )


def _freeze_hit(sentence: str) -> _Hit | None:
    low = sentence.lower()
    if not _HOLDS_FREEZE_KEY(low):
        return None
    m = twins_for(sentence)(_FREEZE).search(sentence)
    if m is None:
        return None
    if "replac" in m.group().lower() and _AI.search(sentence[: m.start()]):
        return None  # 'its robot will not replace workers': a denial about AI, no freeze
    if _UNFILLED.search(m.group()) and not _FREEZE_OBJECT.search(sentence):
        # 'Smart Brick Won't Replace Traditional Play', 'vacancies I could not fill' (a
        # landlord's flats): not filling or replacing what is no job is no hiring freeze
        return None
    return _Hit(Kind.HIRING_FREEZE, m.start(), m.end())


_UNFILLED = re.compile(r"\b(?:fill|refill|replace)$", re.I)
_FREEZE_OBJECT = re.compile(r"\b(?:" + _JOBS + r"|hires?|hiring|openings|vacancies|seats)\b", re.I)
_BY_ATTRITION = re.compile(r"\battrition\b|\bover time\b", re.I)
_POSSIBLE_BEFORE = re.compile(r"\b(?:possible|potential|future)\s+$", re.I)
_REPLACE_VERB = re.compile(r"replac", re.I)
_SOFT_VERB = re.compile(r"(?:shr[iau]nk|reduc|replac|trim|downsiz)", re.I)


@lru_cache(maxsize=4096)
def _actions(sentence: str) -> list[_Hit]:
    """The sentence's employer actions, best first: a freeze beats a layoff it rules out."""
    layoffs = _layoff_hits(sentence)
    freeze = _freeze_hit(sentence)
    if freeze:  # 'AI helps shrink headcount': the shrinking is the freeze's own words
        layoffs = [h for h in layoffs if not (freeze.start <= h.start < freeze.end)]
    strong = [h for h in layoffs if not h.weak]
    if freeze and _BY_ATTRITION.search(sentence):
        # 'shrink its workforce by attrition': the shrinking verb is the freeze's own
        strong = [h for h in strong if not _SOFT_VERB.match(sentence, h.start)]
    if freeze:
        # 'plans to replace 7,800 jobs with AI, pauses hiring': the roles go by not being
        # filled, no cut is announced (v2: a hiring freeze, N its headcount)
        strong = [h for h in strong if not _REPLACE_VERB.match(sentence, h.start)]
    if freeze:  # 'suspends all hiring, warns staff of possible layoffs': the freeze is done
        strong = [h for h in strong if not _POSSIBLE_BEFORE.search(sentence, 0, h.start)]
    if freeze and not strong:
        return [freeze, *layoffs]
    return layoffs + ([freeze] if freeze else [])


def _action(sentence: str) -> _Hit | None:
    hits = _actions(sentence)
    return hits[0] if hits else None
