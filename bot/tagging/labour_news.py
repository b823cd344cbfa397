"""Headlines about jobs that are no one employer's action (issue 16, fresh-2026.tune).

- a region's employers in the plural ('European banks plan to cut 200,000 jobs as AI takes
  hold'): an industry's forecast or trend, not an employer (v2: analysis);
- the month's labour-market figures ('US added 50K jobs in December as hiring slowed',
  'Unemployment falls to 4.4%'): statistics about work with no employer acting (analysis, as
  the tune sets label jobless-claims reports);
- cuts named only as what a report or rumour said, which someone disputes ('Exec Dismisses
  Mass Layoff Report', 'shuts down layoff rumours'): the denial is the news, not a cut.
"""

from __future__ import annotations

import re

# Employers in the plural after a region's name: 'European banks', 'US tech firms',
# 'Chinese EV makers', 'British retailers'.
_PLURAL_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:banks|lenders|companies|firms|employers|businesses|startups|"
    r"retailers|insurers|automakers|carmakers|makers|publishers|studios|brands|universities|"
    r"corporations|multinationals|tech giants|giants)\b",
    re.I,
)
_REGIONS = frozenset(
    {
        "european",
        "asian",
        "african",
        "western",
        "nordic",
        "gulf",
        "global",
        "latin american",
        "middle eastern",
        "eu",
    }
)


# Employers in the plural opening the headline, then where they are: 'Universities across
# the U.S. freeze hiring', 'Banks around the world cut jobs'.
_PLURAL_SUBJECT = re.compile(
    r"(?:[\w-]+\s+)?(?:banks|lenders|companies|firms|employers|businesses|startups|retailers|"
    r"insurers|automakers|carmakers|publishers|studios|universities|colleges|schools|hospitals|"
    r"airlines|corporations|multinationals)\s+(?:across|around|throughout|nationwide\b|all over)",
    re.I,
)


def region_plural(title: str, names: list[str]) -> bool:
    """Every name the headline gives is a region or a country followed by employers in the
    plural ('European banks plan to cut 200,000 jobs'), or employers in the plural open it,
    then where they are ('Universities across the U.S. freeze hiring'): a sector's cuts or
    freeze, no employer."""
    from bot.tagging.names import _place  # names -> location -> actions -> this module

    if not names:
        return False
    opening = _PLURAL_SUBJECT.match(title)
    if opening and all(title.find(n) < opening.end() or _place(n) for n in names):
        return True
    for name in names:
        if not (name.lower() in _REGIONS or _place(name)):
            return False
        at = title.find(name)
        if at < 0 or not _PLURAL_AFTER.match(title, at + len(name)):
            return False
    return True


# The month's labour-market data as the headline's news.
_LABOUR_DATA = re.compile(
    r"\b(?:economy|employers|U\.?S\.?|US|America|Canada|Britain|UK)\s+(?:\w+\s+){0,3}?"
    r"(?:add(?:s|ed)?|creat(?:es|ed)|shed|lost|los(?:es|t))\s+(?:just\s+|only\s+)?"
    r"[\d,.]+[Kk]?\s+jobs\b|"
    r"\b(?:jobs report|job gains|job growth|payrolls|job openings|jobless claims)\b"
    r"(?:\s+[\w'’]+){0,6}?\s+(?:show|shows|showed|slow|slows|slowed|cool|cools|cooled|slide|"
    r"slides|fall|falls|fell|rise|rises|rose|stuck|caps?|capping|miss|misses|beat|beats|"
    r"hit|hits)\b|"
    r"\b(?:hiring|job growth|job gains)\s+(?:slows|slowed|cools|cooled|held|holds|continues|"
    r"stalls|stalled|picks up|rebounds)\b|"
    r"\bunemployment(?:\s+rate)?\s+(?:falls|fell|rises|rose|dips|dipped|ticks|ticked|"
    r"climbs|climbed|hits|jumps|jumped|drops|dropped|edges)\b|"
    r"\b(?:mixed|weak|strong|soft|lackluster)\s+(?:\w+\s+)?jobs report\b",
    re.I,
)
# Markets or a leak as the news, the figures only their occasion.
_DATA_AS_OCCASION = re.compile(
    r"^\W*(?:stocks?|dollar|yields?|markets?|futures|bonds?|treasur(?:y|ies))\b|"
    r"\b(?:ahead of|in wake of|in the wake of|after|before)\s+(?:\w+\s+){0,2}jobs report\b|"
    r"\b(?:leak\w*|disclos\w*|posted|posts)\b",
    re.I,
)


def labour_data(title: str) -> bool:
    """The headline reports labour-market statistics (jobs added, unemployment, openings)."""
    return _LABOUR_DATA.search(title) is not None and not _DATA_AS_OCCASION.search(title)


# A layoff named as what a report or rumour says ('Mass Layoff Report', 'layoff rumours')...
REPORTED_ONLY = re.compile(
    r"[\s-]*(?:reports?|rumou?rs?|speculation|claims|chatter|gossip)\b", re.I
)
# ... that the headline's speaker disputes, or answers.
_DISPUTED = re.compile(
    r"\b(?:dismiss(?:es|ed|ing)?|den(?:y|ies|ied|ying)|refut(?:es?|ed|ing)|reject(?:s|ed|ing)?|"
    r"debunk(?:s|ed|ing)?|shut(?:s|ting)?\s+down|respond(?:s|ed|ing)?\s+to|address(?:es|ed)|"
    r"slam(?:s|med)?|squash(?:es|ed)?|quash(?:es|ed)?|brush(?:es|ed)?\s+off|"
    r"push(?:es|ed)?\s+back\s+on)\b",
    re.I,
)


def disputed_report(sentence: str, start: int, end: int) -> bool:
    """The layoff words at start..end name a report or rumour someone disputes ('Microsoft
    exec dismisses mass layoff report'), not cuts: 'denies reports of layoffs' already
    names no cut; 'Acme confirms layoff reports' does."""
    return REPORTED_ONLY.match(sentence, end) is not None and (
        _DISPUTED.search(sentence, 0, start) is not None
    )


_CUT_REPORT = re.compile(r"\b(?:lay-?offs?|job cuts?|job losses)" + REPORTED_ONLY.pattern, re.I)


def disputes_cut_report(title: str) -> bool:
    """'Microsoft execs respond to mass layoff rumors': someone's answer to a report of cuts
    is the news (v2: other, as real-dev's 'studio denies reports of layoffs')."""
    m = _CUT_REPORT.search(title)
    return m is not None and _DISPUTED.search(title, 0, m.start()) is not None


# A business failing as what puts the jobs at risk: no employer cuts (v2: other).
_FAILING = re.compile(
    r"\b(?:collaps\w*|administration|insolven\w*|bankrupt\w*|liquidat\w*|receivership|"
    r"go(?:es|ing)? bust|went bust)\b[^.;:]*$",
    re.I,
)


def failure_at_risk(sentence: str, start: int) -> bool:
    """'Claire's near collapse, putting 2,550 jobs at risk': the failure, not a cut."""
    return _FAILING.search(sentence, 0, start) is not None


# One person fired: a name, or a single role, as the object or the subject of the firing
# ('Dolphins fire Mike McDaniel', 'Gabon sacks Aubameyang', 'bartender fired after clash').
_FIRES_NAME = re.compile(
    r"\b(?:fire[sd]?|firing|sack(?:s|ed|ing)?|oust(?:s|ed|ing)?)\s+"
    r"(?:(?:head|its|their|the)\s+)?(?:(?i:coach|manager|boss|ceo|cfo|chief|director|"
    r"editor|anchor|host|presenter|chair(?:man|woman)?)\s+)?"
    r"(?P<name>(?-i:[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?))(?=[\s,:;.]|$)"
)
_ONE_FIRED = re.compile(
    r"\b(?:bartender|coach|manager|teacher|nurse|officer|professor|employee|worker|staffer|"
    r"executive|exec|ceo|cfo|boss|chef|pilot|anchor|presenter|editor|reporter|"
    r"assistant|guard|referee|player|striker|doctor|lawyer|aide|official)\s+"
    r"(?:(?:is|was|gets|got|has been|had been)\s+)?(?:fired|sacked|axed|dismissed|let go)\b",
    re.I,
)


# 'Ruben Amorim sacked as Manchester United manager': a named person out of one post.
_NAME_FIRED_AS = re.compile(
    r"(?-i:[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)\s+(?:(?:has|have|had)\s+been\s+|was\s+|is\s+|"
    r"gets\s+|got\s+)?(?:fired|sacked|axed|dismissed|ousted|let go)\s+as\s+"
    r"(?:[\w'’.-]+\s+){0,4}?(?:coach|manager|boss|ceo|cfo|chief|director|editor|anchor|host|"
    r"presenter|chair(?:man|woman)?|head|captain|president|minister|secretary)\b",
    re.I,
)


_STAFF_NAMED = re.compile(
    r"\b(?:lay-?offs?|laid off|job cuts?|jobs|staff|workers|employees|workforce|redundanc\w*)\b",
    re.I,
)


def one_person_fired(title: str) -> bool:
    """The headline's firing is of one person, named or by a single role, with no count."""
    if re.search(r"\d(?<!\b(?:19|20)\d\d)(?!\d)|\d{5,}|\d,\d", title):
        return False  # a count: 'fires 200', 'sacks 1,000'; a year ('AFCON 2025') is none
    if _STAFF_NAMED.search(title):
        return False  # '..., triggers staff layoffs': cuts of staff are named too
    m = _FIRES_NAME.search(title)
    if m is not None:
        from bot.tagging.lexicon import _JOBS  # a plural job word is staff, not a name

        name = m.group("name")
        return re.fullmatch(_JOBS, name, re.I) is None and not name.lower().endswith("s")
    return _ONE_FIRED.search(title) is not None or _NAME_FIRED_AS.search(title) is not None
