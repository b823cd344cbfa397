"""Verbs of cutting whose object is no workforce (issue 16, the January 2026 stream).

A layoff verb with a job word a few words on ('lose ... team', 'replace ... staff', 'dismiss
... agent') is read as a cut of that workforce. Real news uses the same words for other
things; each rule here is a statement about that language (spec: a layoff is job cuts;
non-job uses of 'cut', 'axe' and a player cut from a team are other):

- the job word is not the verb's object: a new sentence, a new clause ('if people are
  killed', 'says agent ...') or a possessive ('dismissed analysts' estimates') comes between;
- the job word is part of another noun: 'free agent' (a player), 'chief of staff' (one post),
  'team-mates', 'Steve Jobs';
- the job word is where someone goes, not who goes: 'lose a prospect to NL team';
- one person: a singular job word with no count ('firing of ICE agent', 'loses another
  person, role to be recast') is one person's post, not a workforce (as `one_person_fired`);
- sport: in a sentence about a league, its sides and coaches ('teams', 'coaching staff') are
  not a workforce cut ('NFL firing wave leaves a quarter of teams without head coaches');
- in sport, a side losing players or staff sees them leave for another side, no cut;
- the cut is a noun compound naming what is cut for people: 'tax cut for millions of drivers';
- a 'buyout' of a company (a takeover: '$13.6 billion buyout proposal', 'buyout talks'),
  not buyouts offered to staff.
"""

from __future__ import annotations

import re

from bot.tagging.lexicon import _JOBS

# Between the verb and the job word: a sentence end, or a clause of its own.
# (after a lowercase word: 'U.S. Steel jobs', 'Acme Inc. staff' are one sentence)
_NEW_SENTENCE = re.compile(
    r"(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<!\bvs)(?<!\bSt)[a-z]{2}[.!?][\"'”’)]?\s+[A-Z0-9“\"']"
)
_NEW_CLAUSE = re.compile(
    r"\b(?:if|when|whenever|while|because|unless|says|said|but|after|before|"
    r"(?<!many )(?<!much )(?<!few )as(?!\s+(?:many|much|few|high|low|part|well)\b))\b",
    re.I,
)
_JOB_AT_END = re.compile(r"(?:" + _JOBS + r")$", re.I)
# The job word owning the next noun: 'analysts' estimates', 'team's HC' (a plural's
# apostrophe only where no quote opened: "'plans to cut 10,000 jobs' this week").
_POSSESSIVE = re.compile(r"['’]s\s+[\w-]", re.I)
_PLURAL_POSSESSIVE = re.compile(r"['’]\s+[\w-]")
_QUOTE_OPENED = re.compile(r"(?:^|[\s(])['‘]")
_COMPOUND_BEFORE = re.compile(r"(?:\bfree[\s-]+|\bchiefs?\s+of\s+|\bcoaching\s+|\bSteve\s+)$", re.I)
# 'team-mates', 'staff-room': a job word glued to the next word names something else.
_GLUED_AFTER = re.compile(r"-[a-z]")
# 'to another team', 'to NL Team', 'to NFL job': a destination (no count: 'to 500 workers' is
# what a workforce is cut to).
_DESTINATION = re.compile(r"\bto\s+(?:(?:a|an|another|rival|other)\s+)?(?:[A-Z][\w-]*\s+)?$")
_LOSE = re.compile(r"los[et]", re.I)
_JOB_NEXT = re.compile(r"\s+" + _JOBS + r"\b", re.I)
_ONE_PERSON = frozenset(
    {
        "job", "role", "position", "employee", "worker", "staffer", "agent", "moderator",
        "translator", "recruiter", "engineer", "developer", "administrator", "paralegal",
        "journalist", "reporter", "editor", "artist", "designer", "programmer", "analyst",
        "clerk", "cashier", "driver", "manager", "contractor", "person",
    }
)  # fmt: skip
_COUNT_BEFORE = re.compile(r"\d|\b(?:dozens?|hundreds|thousands|several|many|some|all)\b", re.I)
_SPORT = re.compile(
    r"\b(?:NFL|NBA|MLB|NHL|MLS|WNBA|NCAA|Premier League|La Liga|Serie A|Bundesliga|"
    r"(?i:head coach(?:es)?|coaching staff|coordinator|quarterbacks?|free agen\w+|"
    r"playoffs?|transfer portal|infielder|outfielder|pitchers?|striker|midfielder|"
    r"goalkeeper|rookie|touchdowns?|roster))\b|\bQBs?\b|\b[A-Z][a-z]+ Bowl\b"
)
_SIDES = frozenset({"team", "teams", "members", "agent", "agents", "managers", "manager"})
# A league's own jobs stay jobs when it loses or cuts them ('NFL Films to lose 100 jobs').
_WORK_ITSELF = frozenset({"job", "jobs", "role", "roles", "position", "positions", "posts"})
_WORK_ITSELF |= {"workforce", "headcount", "employees", "workers", "staff"}
# 'freeze hit with lawsuits from states and developers': struck by something.
_HIT = re.compile(r"hit", re.I)
_STRUCK_BY = re.compile(r"\s+(?:with|by)\b", re.I)
_CUT_NOUN = re.compile(
    r"\b(?:lay-?offs?|job cuts?|cuts|redundanc\w*|restructuring|reorg\w*|closures?|"
    r"shutdowns?|downsizing|job losses|eliminations?|reductions?|plans?|move|decision|changes?|"
    r"measures?|overhaul|round|wave|program(?:me)?|buyouts?|offshoring|outsourcing|automation|"
    r"AI|it|they|which|that)\b",
    re.I,
)
_AFFECT = re.compile(r"(?:hit|affect|touch)", re.I)


def _struck_by_other(sentence: str, start: int, between: str) -> bool:
    """'hit with lawsuits from states and developers': struck by something other than cuts
    ('hit with a round of layoffs' is one)."""
    return (
        _HIT.match(sentence, start) is not None
        and _STRUCK_BY.match(between) is not None
        and _CUT_NOUN.search(between) is None
    )


def _cause_not_a_cut(sentence: str, start: int) -> bool:
    """'data breach hits 3.5M people', 'may affect a person's risk': hitting, affecting or
    touching people is a cut only when the cuts (or the plan, or AI) do it."""
    if _AFFECT.match(sentence, start) is None:
        return False
    return _CUT_NOUN.search(sentence, max(0, start - 60), start) is None


# 'Tax Cut for Millions of Drivers', 'rate cuts hit workers': what the cut is of comes first.
_CUT_OF_THING = re.compile(
    r"\b(?:tax|price|rate|pay|budget|funding|spending|fee|fare|cost|wage|interest|aid)\s+$", re.I
)


def object_not_workforce(sentence: str, start: int, verb_end: int, end: int) -> bool:
    """The layoff verb at start..verb_end and the job word ending at `end` are no cut of a
    workforce (the module's rules)."""
    noun = _JOB_AT_END.search(sentence, verb_end, end)
    if noun is None:
        return False
    between = sentence[verb_end : noun.start()]
    word = noun.group().lower()
    return bool(
        _NEW_SENTENCE.search(sentence, verb_end, noun.start() + 1)
        or _NEW_CLAUSE.search(between)
        or _POSSESSIVE.match(sentence, end)
        or (_PLURAL_POSSESSIVE.match(sentence, end) and not _QUOTE_OPENED.search(sentence, 0, end))
        or _COMPOUND_BEFORE.search(sentence, 0, noun.start())
        or _GLUED_AFTER.match(sentence, end)
        or (_LOSE.match(sentence, start) is not None and _DESTINATION.search(between) is not None)
        or (
            word in _ONE_PERSON
            and not _COUNT_BEFORE.search(between)
            and not _JOB_NEXT.match(sentence, end)
        )
        or (
            (word in _SIDES or (_LOSE.match(sentence, start) and word not in _WORK_ITSELF))
            and _SPORT.search(sentence)
        )
        or _struck_by_other(sentence, start, between)
        or (_STRUCK_BY.match(between) is None and _cause_not_a_cut(sentence, start))
        or (
            sentence[start:verb_end].lower().startswith("cut")
            and _CUT_OF_THING.search(sentence, 0, start)
        )
    )


# A buyout of a company: money, a bidder's words or the deal's stages around it.
_TAKEOVER = re.compile(
    r"(?:\b(?:leveraged|hostile|management|private[- ]equity)|[$€£]\s?[\d.,]+\s*"
    r"(?:billion|bn|million|m|trillion)?(?:\s+[\w-]+)?)\s+$",
    re.I,
)
_TAKEOVER_AFTER = re.compile(
    r"\s+(?:offers?|bids?|proposals?|talks|deal|approach|battle|firms?|funds?|groups?|"
    r"price|premium|financing|target)\b",
    re.I,
)
_STAFF_WORD = re.compile(
    r"\b(?:staff|employees|workers|workforce|voluntary|newsroom|jobs|personnel)\b", re.I
)


def company_buyout(sentence: str, start: int, end: int) -> bool:
    """'buyout' at start..end is a takeover ('Paramount's latest buyout offer', 'hold
    buyout talks', 'a $13.6 billion buyout'), in a sentence naming no staff."""
    if not sentence[start:end].lower().startswith("buyout"):
        return False
    takeover = _TAKEOVER.search(sentence, 0, start) or _TAKEOVER_AFTER.match(sentence, end)
    return takeover is not None and not _STAFF_WORD.search(sentence)


# What a closed name is, when a plain noun follows it ('closes Corsair Bay beach'), or what
# 'shut down' answers ('Shuts Down NFL Interest', 'shuts down trade idea'): a place or talk,
# no workplace (a closure counts as a layoff only for a workplace, bot/tagging/closure_counts).
_NOT_WORKPLACE = re.compile(
    r"\s*(?:beach(?:es)?|roads?|bridges?|parks?|airspace|borders?|trails?|streets?|lanes?|"
    r"routes?|tunnels?|crossings?|pools?|rivers?|lakes?|"
    r"interest|rumou?rs?|speculation|talks?|ideas?|trade|questions?|reports?|critics?|"
    r"chatter|debate)\b",
    re.I,
)


def closed_no_workplace(sentence: str, start: int, end: int) -> bool:
    """A word of the closed name at start..end, or the noun after it, is a place or talk."""
    name = sentence[start:end].split()
    return any(_NOT_WORKPLACE.fullmatch(w) for w in name) or bool(
        _NOT_WORKPLACE.match(sentence, end)
    )


# 'Let Go of Pain', 'let go of the past': only people, a count or a share are let go of.
_PEOPLE_AFTER = re.compile(
    r"[^.;:|]{0,40}?(?:\b" + _JOBS + r"\b|\d|\b(?:half|a third|a quarter|dozens|hundreds|"
    r"thousands|some|many|most|all|nearly|about|around|more than|its|their)\b)",
    re.I,
)


def let_go_of_no_one(sentence: str, start: int, end: int) -> bool:
    """'let go of' at start..end names no people after it: letting go of a thing."""
    if not sentence[start:end].lower().endswith(" of"):
        return False
    return _PEOPLE_AFTER.match(sentence, end) is None
