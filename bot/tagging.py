"""Rule-based tagger: the spec's judgement (shared/spec/tagging.md) from words alone.

Works on headline-only items (Google News) and on full articles. The headline and the
first few sentences (the "lead") carry the news; later paragraphs of a long page are
background, so they are consulted only for job functions stated next to the cuts.
Everything is decided from sentence structure, never from a list of expected stories:
employers no list knows are found as the subject of the action verb.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.companies import (
    canonical,
    common_words,
    company_for_person,
    find_known,
    find_known_spans,
    known,
    plausible_company,
)
from bot.models import Article, Kind, Tags
from bot.text import detect_language, english_words, split_sentences

LEAD_SENTENCES = 4
# The language the rules are written for; items in any other are kind other.
HANDLED_LANGUAGE = "en"
# How much of an item's text is read to tell its language.
_LANGUAGE_SAMPLE = 1500

# Capital and small letters of the Latin, Greek and Cyrillic alphabets, for character
# classes: 'Mãe', 'Škoda' and 'Ørsted' are words, not a capital followed by a break.
_UP = "".join(sorted({c for c in map(chr, range(0x500)) if c.isupper() and c.isalpha()}))
_LOW = "".join(sorted({c for c in map(chr, range(0x500)) if c.islower() and c.isalpha()}))
_UPPER = "[" + re.escape(_UP) + "]"
_LOWER = "[" + re.escape(_LOW) + "]"

# ---------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------

_JOBS = (
    r"(?:jobs?|roles?|positions?|posts|employees?|workers?|staff(?:ers)?|workforce|headcount|"
    r"people|personnel|contractors?|agents?|moderators?|translators?|recruiters?|engineers?|"
    r"developers?|administrators?|paralegals?|journalists?|reporters?|editors?|artists?|"
    r"designers?|programmers?|analysts?|clerks?|cashiers?|drivers?|managers?|representatives|"
    r"associates|specialists|writers|copywriters|technicians|teams?|members|planners|"
    r"proofreaders|operators|professionals|lawyers|accountants|departments?|divisions?|"
    r"newsroom|white-collar|workers)"
)
_LAYOFF_VERB = (
    r"(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|ax(?:e|es|ed|ing)|shed(?:s|ding)?|"
    r"eliminat(?:e|es|ed|ing)|trim(?:s|med|ming)?|reduc(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|"
    r"sack(?:s|ed|ing)?|terminat(?:e|es|ed|ing)|fir(?:e|es|ed|ing)|shrink(?:s|ing)?|"
    r"downsiz(?:e|es|ed|ing)|restructur(?:e|es|ed|ing)|overhaul(?:s|ed|ing)?|"
    r"let(?:s|ting)? go(?: of)?|lay(?:s|ing)? off|laid off|part(?:s|ed|ing)? ways with|"
    r"lose|loses|losing|lost|affect(?:s|ed|ing)?|touch|hit(?:s|ting)?|replac(?:e|es|ed|ing))"
)
_GAP = r"(?:[\s,]+[\w$%.,'’&/-]+){0,6}?"
_VERB_OBJECT = re.compile(r"\b" + _LAYOFF_VERB + r"\b" + _GAP + r"[\s,]+" + _JOBS + r"\b", re.I)
_LAYOFF_ALONE = re.compile(
    r"\b(?:lay(?:s|ing)? off|laid off|lay-?offs?|job (?:cuts?|losses|reductions?|eliminations?)|"
    r"jobs? cuts|staff cuts|workforce reductions?|headcount reductions?|redundanc(?:y|ies)|"
    r"pink slips?|buyouts?|mass firings?|let(?:s|ting)? go of)\b",
    re.I,
)
_PASSIVE = re.compile(
    r"\b(?:jobs|roles|positions|posts)\s+(?:cut|slashed|axed|shed)\b|"
    r"\b(?:jobs|roles|positions|staff|employees|workers)\b(?:\s+[\w'’-]+){0,4}?\s+"
    r"(?:to go|go|gone|going|lost|axed|eliminated|be cut|being cut|are cut|were cut|"
    r"it is cutting|are being cut|will be lost|(?:it|they|the company) (?:has |had )?"
    r"(?:cut|eliminated|axed|shed))\b",
    re.I,
)
_CLOSURE = re.compile(
    r"\b(?:clos\w*|shut\w*)(?:\s+down)?\s+(?:[\w'’&-]+\s+){0,3}?(?:newsroom|stores|shops|plants?|"
    r"factor(?:y|ies)|offices|call cent\w+|contact cent\w+|bakery|depots?|warehouses?|"
    r"branches|mills?|news division)\b",
    re.I,
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
    r"contractor work|(?:through|by|natural) attrition)",
    re.I,
)
# Every _FREEZE alternative contains one of these: a cheap test before the regex.
_FREEZE_KEYS = ("hir", "recruit", "fill", "replac", "headcount", "staff", "contractor", "attrition")
_NEGATED = re.compile(
    r"\b(?:no|not|never|without|none|nor|n't|rather than|instead of|denies|denied)\b"
    r"(?:\W+\w+){0,4}\W*$",
    re.I,
)
_NEG_CONTRACTION = re.compile(r"n['’]t(?:\W+\w+){0,4}\W*$", re.I)

_AI = re.compile(
    r"(?:(?-i:\bAI\b)|(?-i:\bA\.I\.)|\bartificial intelligence\b|\bgenerative\b|"
    r"\bautomat(?:ion|ed|es|e|ing)\b|\bchat ?bots?\b|\bchatgpt\b|\bLLMs?\b|"
    r"\blarge language models?\b|\bmachine (?:learning|translation)\b|\brobot(?:s|ic|ics)?\b|"
    r"\balgorithms?\b|\bagentic\b|\bcopilots?\b|(?-i:\bAI-\w+)|\bbots\b)",
    re.I,
)
_AI_DESCRIPTOR = re.compile(
    r"(?:(?-i:\bAI\b)[- ](?:startup|start-up|company|firm|developer|lab|chipmaker|"
    r"research(?:er)? (?:company|firm|lab)|unicorn|accelerators?|demand|race)\b|"
    r"\b(?:that|which|who)\s+(?:builds?|makes?|develops?|sells?|provides?|offers?|creates?)\b"
    r"[^,.;]*)",
    re.I,
)
_AI_DENIAL = re.compile(
    r"(?:\b(?:not|no|none|never|nothing)\b|n['’]t\b)[^.;:]{0,60}?"
    r"(?:(?-i:\bAI\b)|\bartificial intelligence\b|\bautomation\b)|"
    r"(?:(?-i:\bAI\b)|\bartificial intelligence\b|\bautomation\b)[^.;]{0,40}?"
    r"\b(?:played no (?:part|role)|(?:is|was|are|were) not (?:responsible|to blame|a factor|"
    r"the reason|behind)|not (?:a|the) (?:factor|reason|cause))",
    re.I,
)
_WORKFORCE = re.compile(
    r"\b(?:" + _JOBS[3:-1] + r"|hiring|hires|restructur\w*|reorgani[sz]\w*|overhaul|reset|"
    r"shift|push|pivot|cuts|headcount|layoffs?|lay-?offs?|redundanc\w+|workforce|"
    r"contractors?|moderation|jobs?)\b",
    re.I,
)
_WORK_TOPIC = re.compile(
    r"\b(?:jobs?|layoffs?|lay-?offs?|laying off|laid off|workers?|workforces?|employment|unemployment|labou?r|careers?|"
    r"hiring|staff|employees|occupations?|workplace|work|white-collar|entry-level|"
    r"professionals?|translators?|job (?:cuts|losses))\b",
    re.I,
)
_EFFECT = re.compile(
    r"\b(?:replac|displac|automat|affect|shrink|threat|eliminat|hollow|destroy|kill|wipe|"
    r"disrupt|reshap|impact|cost|cut|slash|tak(?:e|es|ing)|took|steal|transform|blame|"
    r"showing up|losses)\w*",
    re.I,
)
_ANALYSIS_PREFIX = re.compile(
    r"^(?:opinion|analysis|commentary|column|editorial|explainer|perspective|podcast|"
    r"interview|review|letters?|comment|view|viewpoint|watch|listen|#\d+)\b",
    re.I,
)
_ANALYSIS_CUE = re.compile(
    r"\b(?:survey|poll|study|studies|report (?:finds|shows|says|reveals|warns|forecasts|suggests)|"
    r"says report|research|researchers|economists?|experts?|"
    r"analysts?|think tank|data|statistics|stats|forecasts?|predicts?|predictions?|warns?|"
    r"could|might|at risk|here's|how|why|what|lessons|future of|trends?|imf|"
    r"unemployment|labou?r market|jobs report|reskilling|retrain\w*|excuse|scapegoat|myth|"
    r"fears?|anxiety|worr\w+|apocalypse|doom|washing|opinion|argues?|says? ai|suspicions?|"
    r"warning|critics|accused|backlash|inside|tipping point|rationale|ai (?:will|could|"
    r"may|is|isn't)|percent of|% of (?:executives|companies|firms|workers|ceos|employers|jobs))\b",
    re.I,
)
_GENERIC_SUBJECTS = frozenset(
    [
        "ai",
        "a.i.",
        "artificial",
        "intelligence",
        "automation",
        "robots",
        "chatbots",
        "bots",
        "companies",
        "company",
        "firms",
        "firm",
        "employers",
        "employer",
        "executives",
        "execs",
        "workers",
        "employees",
        "staff",
        "tech",
        "big",
        "tech",
        "ceos",
        "ceo",
        "economists",
        "experts",
        "analysts",
        "researchers",
        "study",
        "survey",
        "report",
        "data",
        "startups",
        "businesses",
        "banks",
        "governments",
        "government",
        "layoffs",
        "job",
        "jobs",
        "cuts",
        "tech",
        "layoffs",
        "white-collar",
        "us",
        "u.s.",
        "uk",
        "americans",
        "britons",
        "people",
        "humans",
        "managers",
        "bosses",
        "leaders",
        "investors",
        "workers'",
        "many",
        "some",
        "most",
        "several",
        "hundreds",
        "thousands",
        "dozens",
        "scores",
        "four",
        "five",
        "ten",
        "three",
        "two",
        "one",
        "half",
        "nearly",
        "more",
        "fewer",
        "major",
        "global",
        "new",
        "why",
        "how",
        "what",
        "is",
        "are",
        "will",
        "the",
        "a",
        "an",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "they",
        "he",
        "she",
        "we",
        "i",
        "you",
        "update",
        "exclusive",
        "breaking",
        "opinion",
        "analysis",
        "report",
        "wall",
        "street",
        "silicon",
        "valley",
        "federal",
        "state",
        "city",
        "insurer",
        "retailer",
        "industry",
        "sector",
        "sectors",
        "market",
        "markets",
        "generative",
        "genai",
        "machine",
    ]
)
_DESCRIPTORS = frozenset(
    [
        "agency",
        "firm",
        "company",
        "startup",
        "start-up",
        "studio",
        "publisher",
        "insurer",
        "operator",
        "maker",
        "giant",
        "chain",
        "group",
        "app",
        "platform",
        "streamer",
        "lender",
        "carmaker",
        "automaker",
        "chipmaker",
        "retailer",
        "grocer",
        "haulier",
        "airline",
        "carrier",
        "developer",
        "provider",
        "outfit",
        "conglomerate",
        "manufacturer",
        "producer",
        "supplier",
        "unit",
        "subsidiary",
        "owner",
        "broadcaster",
        "network",
        "marketplace",
        "fintech",
        "newspaper",
        "consultancy",
        "outsourcer",
        "distributor",
        "brand",
        "supermarket",
        "unicorn",
        "business",
        "multinational",
        "corporation",
        "company's",
        "firm's",
        "operator's",
        "specialist",
        "pioneer",
        "titan",
        "behemoth",
        "major",
    ]
)
_AUX = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "to",
        "set",
        "plans",
        "plan",
        "planning",
        "reportedly",
        "quietly",
        "also",
        "now",
        "still",
        "has",
        "have",
        "had",
        "says",
        "said",
        "say",
        "announces",
        "announced",
        "confirms",
        "confirmed",
        "begins",
        "began",
        "starts",
        "started",
        "it",
        "its",
        "be",
        "being",
        "been",
        "expected",
        "looking",
        "poised",
        "agreed",
        "decided",
        "going",
        "just",
        "officially",
        "again",
        "further",
        "more",
        "another",
        "new",
        "fresh",
        "latest",
        "signals",
        "signaled",
        "signalled",
        "plots",
        "unveils",
        "unveiled",
        "launches",
        "launched",
        "makes",
        "made",
        "orders",
        "ordered",
        "eyes",
        "mulls",
        "weighs",
        "considers",
        "readies",
        "preps",
        "prepares",
        "kicks",
        "carries",
        "embarks",
        "the",
        "a",
        "an",
        "of",
        "round",
        "wave",
        "sweeping",
        "massive",
        "mass",
        "major",
        "big",
        "deep",
        "deeper",
        "significant",
        "to",
        "abruptly",
        "suddenly",
        "reported",
        "reports",
        "report",
        "finally",
        "formally",
    ]
)
_SUFFIX_WORDS = frozenset(
    [
        "translations",
        "games",
        "freight",
        "software",
        "bank",
        "foods",
        "motors",
        "logistics",
        "telecom",
        "insurance",
        "publishing",
        "staffing",
        "therapeutics",
        "airways",
        "airlines",
        "labs",
        "media",
        "group",
        "holdings",
        "technologies",
        "systems",
        "studios",
        "entertainment",
        "pharmaceuticals",
        "mutual",
        "press",
        "market",
        "markets",
        "contact",
        "services",
        "solutions",
        "networks",
        "energy",
        "capital",
        "partners",
        "health",
        "healthcare",
        "robotics",
        "semiconductor",
        "semiconductors",
        "electronics",
        "retail",
        "stores",
        "university",
    ]
)
_AT_EMPLOYER = re.compile(
    r"\b(?:at|from|within|inside)\s+((?:"
    + _UPPER
    + r"[\w&'’.-]*|&)(?:\s+(?:"
    + _UPPER
    + r"[\w&'’.-]*|&)){0,3})"
)
_OWNED = re.compile(
    r"(" + _UPPER + r"[\w.&'’]*(?:\s+" + _UPPER + r"[\w.&'’]*)*)-(?:owned|backed|controlled)\s+(.+)"
)
_TOKEN = re.compile(r"[\w$&'’.-]+|,")

# ---------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORD = r"\b(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
_WORD_NUM = (
    r"(?:"
    + _WORD
    + r"(?:[\s-]+(?:"
    + _WORD
    + r"|hundred|thousand|and))*(?:[\s-]+(?:hundred|thousand))?)"
)
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?\s?[kK]\b|\d+(?:\.\d+)?(?![\d,.]*\d)|"
    + _WORD_NUM
    + r")"
)
_QUAL = (
    r"(?:(?:about|around|roughly|approximately|nearly|almost|some|more than|over|up to|"
    r"as many as|at least|close to|just over|just under|fewer than|less than|an estimated|"
    r"a further|another|a total of|a combined|an additional|a)\s+)?"
)
_HEAD_NOUN = (
    r"(?:jobs?|roles?|positions?|posts|employees|workers|staff(?:ers)?|people|personnel|agents|"
    r"moderators|translators|recruiters|engineers|developers|administrators|paralegals|"
    r"journalists|reporters|editors|artists|designers|programmers|analysts|clerks|cashiers|"
    r"drivers|managers|representatives|contractors|redundancies|layoffs|job cuts|proofreaders|"
    r"planners|technicians|specialists|writers|copywriters|nurses|teachers|officers|"
    r"associates|members|professionals|lawyers|accountants)"
)
_STOP_GAP = r"(?!(?:of|in|at|on|to|by|for|from|with|as|and\s+\d)\b)"
_HEADCOUNT = re.compile(
    r"(?P<q>" + _QUAL + r")(?:between\s+)?(?P<n>" + _NUM + r")"
    r"(?:\s*(?:to|and|-|–)\s*(?P<m>" + _NUM + r"))?"
    r"(?:\s+of\s+(?:its|their|the company's|the firm's)(?:\s+[\d,.]+)?)?"
    r"(?:\s+" + _STOP_GAP + r"(?![\d])[\w.'’/&-]+){0,4}?\s+" + _HEAD_NOUN + r"\b"
    r"(?!\s+(?:familiar|close to|with knowledge|briefed|who spoke|said|told))",
    re.I,
)
_HEADCOUNT_BY = re.compile(
    r"\b(?:headcount|workforce|staff|jobs|employees|roles)\s+by\s+(?P<q>" + _QUAL + r")"
    r"(?:between\s+)?(?P<n>" + _NUM + r")(?:\s*(?:to|and|-|–)\s*(?P<m>" + _NUM + r"))?"
    r"(?!\s*(?:%|percent|per cent|\d))",
    re.I,
)
_HEADCOUNT_VERB = re.compile(
    r"\b(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|ax(?:e|es|ed|ing)|shed(?:s|ding)?|"
    r"eliminat(?:e|es|ed|ing)|lay(?:s|ing)? off|laid off|fir(?:e|es|ed|ing))\s+"
    r"(?P<q>" + _QUAL + r")(?P<n>" + _NUM + r")(?P<m>)"
    r"(?=\s*(?:$|[,.;:]|\s(?:in|as|at|from|after|amid|across|over|this|by|globally|"
    r"worldwide|more|under|—|-)\b))",
    re.I,
)
_NOT_A_CUT_BEFORE = re.compile(
    r"(?:\bof (?:its|their|the company's|the firm's)|\bits|\btheir|\bemploys?|\bemploying|"
    r"\bemployed|\bhas|\bhave|\bhad|\bwith|\bhir(?:e|es|ing)|\badd(?:s|ing)?|\bcreat(?:e|es|ing)|"
    r"\brecruit(?:s|ing)?|\btotal of|\bworkforce of|\bstaff of|\bteam of|\bnew|\bthan)\s*$",
    re.I,
)
_MONEY_BEFORE = re.compile(r"[$€£¥]\s*$|\b(?:US|A|C)\$\s*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_PERCENT = re.compile(
    r"(?P<v>\d+(?:\.\d+)?\s*(?:%|percent|per cent)|" + _WORD_NUM + r"\s+(?:percent|per cent)|"
    r"(?:a|one)\s+(?:quarter|third|fifth|tenth|half)|half|two[- ]thirds|three[- ]quarters|"
    r"one in (?:four|five|ten|three))"
    r"\s+(?:of\s+)?(?:(?:its|their|the company's|the firm's|his|her|our|the)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:workforce|staff|employees|headcount|jobs|workers|employee base|"
    r"people|roles|team|personnel)\b",
    re.I,
)
_PERCENT_BY = re.compile(
    r"\b(?:workforce|headcount|staff|employees)\s+by\s+(?:about |around |roughly |nearly |"
    r"some |more than |almost |over |approximately |up to )?(?P<v>\d+(?:\.\d+)?\s*(?:%|percent|"
    r"per cent)|half\b|a (?:quarter|third|fifth|tenth)\b|two[- ]thirds\b)",
    re.I,
)
_FRACTIONS = {
    "quarter": 25.0, "third": 33.3, "fifth": 20.0, "tenth": 10.0, "half": 50.0,
    "two-thirds": 66.7, "two thirds": 66.7, "three-quarters": 75.0, "three quarters": 75.0,
    "one in four": 25.0, "one in five": 20.0, "one in ten": 10.0, "one in three": 33.3,
}  # fmt: skip
_VAGUE = re.compile(
    r"\b(?P<v>tens of thousands|several hundred|several thousand|a few hundred|a few thousand|"
    r"many hundreds|dozens|scores|hundreds|thousands)\b",
    re.I,
)
_VAGUE_AFTER = re.compile(r"^\s+(?:of\s+)?(?:[\w'’-]+\s+){0,3}?" + _JOBS + r"\b", re.I)
_VAGUE_BEFORE = re.compile(r"\b" + _LAYOFF_VERB + r"\s+$", re.I)

# ---------------------------------------------------------------------------------------
# Functions and places
# ---------------------------------------------------------------------------------------

_FUNCTION_TERMS: tuple[tuple[str, str], ...] = (
    (r"back[- ]office finance", "finance"),
    (
        r"content moderat\w*|moderat(?:ors?|ion|e|ing)\b|trust (?:and|&) safety",
        "content_moderation",
    ),
    (
        r"customer (?:service|support|care|experience|queries|complaints|success)|"
        r"call[- ]cent(?:re|er)s?|contact cent(?:re|er)s?|help ?desk|"
        r"support (?:staff|teams?|roles|jobs|agents|workers|employees|department|tasks|work)|"
        r"(?:service|voice|support|call) agents|agent jobs",
        "customer_support",
    ),
    (
        r"marketing|copywrit\w*|advertising (?:staff|teams?)|communications (?:staff|teams?)",
        "marketing",
    ),
    (
        r"sales (?:organi[sz]ation|teams?|staff|roles|jobs|force|division|department|people|"
        r"representatives|reps)|salespeople",
        "sales",
    ),
    (
        r"software (?:development|developers?|engineers?)|engineer(?:s|ing)?\b|developers|"
        r"programmers|coders",
        "engineering",
    ),
    (r"recruit(?:ers|ing|ment)|human resources|(?-i:HR)\b|talent acquisition", "recruiting_hr"),
    (r"back[- ]office|operations|ground (?:staff|workers|crew)|airport workforce", "operations"),
    (
        r"finance (?:teams?|staff|department|roles|functions?|jobs)|accounting|accountants|"
        r"bookkeep\w*",
        "finance",
    ),
    (
        r"designers?|design (?:teams?|staff|roles)|artists?|art (?:and|&|teams?|departments?|"
        r"staff)|illustrators?|animators?",
        "design",
    ),
    (r"product (?:development|management|managers?|teams?)", "product"),
    (r"translat\w+|locali[sz]ation|interpreters?|proofreaders?", "translation"),
    (r"editorial|newsroom|journalists?|reporters?|news division|subedit\w*", "editorial"),
    (r"data (?:scientists?|analysts?|analytics|entry|annotators?|labell?ers|science)", "data"),
    (
        r"paralegals?|legal (?:staff|teams?|department|roles|assistants?)|lawyers?|"
        r"attorneys?|document[- ]review",
        "legal",
    ),
    (
        r"administrators?|admin(?:istrative)? (?:roles|staff|jobs|assistants|workers|positions)|"
        r"clerical|secretar(?:y|ies|ial)|receptionists?",
        "administrative",
    ),
    (
        r"middle management|managers|management (?:layers?|roles|positions|jobs|ranks|staff)|"
        r"managerial",
        "management",
    ),
    (
        r"factor(?:y|ies)|(?:assembly|packaging|manufacturing) plants?|plant (?:workers|staff|jobs)|"
        r"assembly (?:line|workers)|production (?:workers|staff|line|jobs)|manufactur\w+|bakery|"
        r"\w+ plant\b",
        "manufacturing",
    ),
    (
        r"logistics|warehouse|dispatch|drivers|delivery (?:drivers|workers|staff)|route planning|"
        r"transport planners|fulfil\w* cent\w+|couriers",
        "logistics",
    ),
    (
        r"retail (?:staff|workers|jobs|employees)|stores|shop[- ]floor|shop (?:staff|workers)|"
        r"cashiers|store (?:staff|workers|employees)",
        "retail",
    ),
)
_FUNCTION_RE = re.compile(
    "|".join(f"(?P<f{i}>\\b(?:{pat}))" for i, (pat, _) in enumerate(_FUNCTION_TERMS)), re.I
)
_FUNCTION_NAMES = tuple(name for _, name in _FUNCTION_TERMS)
# Every _FUNCTION_TERMS pattern contains one of these (lowercased): a cheap test first.
_FUNCTION_KEYS = (
    "financ", "moderat", "trust", "customer", "call", "contact", "help", "support", "agent",
    "market", "copywrit", "advertis", "communicat", "sales", "software", "engineer",
    "developer", "programmer", "coder", "recruit", "human resources", "hr", "talent", "back",
    "operation", "ground", "airport", "accounting", "accountant", "bookkeep", "design", "artist",
    "art ", "illustrat", "animat", "product", "translat", "locali", "interpret", "proofread",
    "editorial", "newsroom", "journalist", "reporter", "news division", "subedit", "data",
    "paralegal", "legal", "lawyer", "attorney", "document", "admin", "clerical", "secretar",
    "receptionist", "manag", "factor", "plant", "assembly", "production", "manufactur",
    "bakery", "logistic", "warehouse", "dispatch", "driver", "delivery", "route", "transport",
    "fulfil", "courier", "retail", "store", "shop", "cashier",
)  # fmt: skip
_PURPOSE_BEFORE = re.compile(
    r"\bto (?:speed up|improve|boost|raise|lift|accelerate|streamline|enhance|power)\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)
_UNIT_NOUN = re.compile(r"\b(?:" + _JOBS[3:-1] + r"|functions|occupations|areas)\b", re.I)


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], re.Pattern[str]]:
    raw = json.loads(
        resources.files("bot").joinpath("data/places.json").read_text(encoding="utf-8")
    )
    table: dict[str, str] = {c.lower(): c for c in raw["countries"]}
    for alias, country in raw["aliases"].items():
        table[alias.lower()] = country
    names = sorted({*raw["countries"], *raw["aliases"]}, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w]|-based)",
    )
    return table, pattern


_PLACE_TABLE, _PLACE_RE = _places()
_LOCATION_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|at|across|throughout|from)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,3}$)"
)
_LOCATION_CONTEXT_AFTER = re.compile(
    r"^(?:'s)?[\s,]+(?:and\s+[A-Z]\w+\s+)?(?:[\w-]+\s+){0,2}?(?:plant|studio|offices?|depots?|"
    r"sites?|staff|employees|workers|moderators?|moderation|jobs|roles|call[- ]cent\w+|"
    r"operations|stores|bakery|factory|magazines|teams?|ground|agents|branches|outsourcing|"
    r"newsrooms?|warehouses?)\b"
)


# ---------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Doc:
    title: str
    lead: tuple[str, ...]
    body: tuple[str, ...]
    title_case: bool
    publisher: str | None


def _is_title_case(title: str) -> bool:
    words: list[str] = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if len(w) > 3]
    if len(words) < 3:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals / len(words) > 0.7


def _prose(sentence: str) -> bool:
    return len(sentence.split()) >= 6 and (sentence[-1:] in ".!?\"'”’)" or len(sentence) > 120)


@lru_cache(maxsize=256)
def _document(article: Article) -> _Doc:
    sentences = [s for s in split_sentences(article.text) if _prose(s)]
    return _Doc(
        title=article.title.strip(),
        lead=tuple(sentences[:LEAD_SENTENCES]),
        body=tuple(sentences),
        title_case=_is_title_case(article.title),
        publisher=article.publisher,
    )


# ---------------------------------------------------------------------------------------
# Action detection
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    kind: Kind
    start: int
    end: int
    weak: bool = False
    noun: bool = False


def _negated(sentence: str, start: int) -> bool:
    before = sentence[max(0, start - 60) : start]
    return bool(_NEGATED.search(before) or _NEG_CONTRACTION.search(before))


_JOBS_ANY = re.compile(r"\b" + _JOBS + r"\b", re.I)


# 'as he cuts Block by almost half': the employer itself, cut by a share.
_CUT_BY_SHARE = re.compile(
    r"\b(?i:cut(?:s|ting)?|slash(?:es|ed|ing)?|shr(?:ink|inks|inking|ank)|trim(?:s|med|ming)?)"
    r"\s+(?P<name>" + _UPPER + r"[\w&'’.-]*(?:\s+" + _UPPER + r"[\w&'’.-]*){0,2})\s+by\s+"
    r"(?i:(?:almost|nearly|about|around|roughly|more than|over|some)\s+)?"
    r"(?i:half|a (?:third|quarter|fifth|tenth)|\d+(?:\.\d+)?\s*(?:%|percent|per cent))"
)


def _layoff_hits(sentence: str) -> list[_Hit]:
    hits: list[_Hit] = []
    regexes = (
        (_VERB_OBJECT, _LAYOFF_ALONE, _PASSIVE) if _JOBS_ANY.search(sentence) else (_LAYOFF_ALONE,)
    )
    for regex in regexes:
        for m in regex.finditer(sentence):
            if not _negated(sentence, m.start()):
                noun = regex is _LAYOFF_ALONE and not re.match(
                    r"la(?:y|id)(?:s|ing)?\s+off", m.group(), re.I
                )
                hits.append(_Hit(Kind.LAYOFF, m.start(), m.end(), noun=noun))
    for m in _CUT_BY_SHARE.finditer(sentence):
        # Only a listed company: 'cuts Widget Pro by half' is a product, not a workforce.
        if known(m.group("name")) and not _negated(sentence, m.start()):
            hits.append(_Hit(Kind.LAYOFF, m.start(), m.end()))
    for m in _CLOSURE.finditer(sentence):
        if not _negated(sentence, m.start()):
            hits.append(_Hit(Kind.LAYOFF, m.start(), m.end(), weak=True))
    return sorted(hits, key=lambda h: (h.weak, h.start))


def _layoff_mention(sentence: str) -> bool:
    """A layoff named even in a negated clause ('none of the 180 jobs it is cutting')."""
    return any(r.search(sentence) for r in (_VERB_OBJECT, _LAYOFF_ALONE, _PASSIVE))


def _freeze_hit(sentence: str) -> _Hit | None:
    low = sentence.lower()
    if not any(k in low for k in _FREEZE_KEYS):
        return None
    m = _FREEZE.search(sentence)
    return _Hit(Kind.HIRING_FREEZE, m.start(), m.end()) if m else None


@lru_cache(maxsize=4096)
def _actions(sentence: str) -> list[_Hit]:
    """The sentence's employer actions, best first: a freeze beats a layoff it rules out."""
    layoffs = _layoff_hits(sentence)
    strong = [h for h in layoffs if not h.weak]
    freeze = _freeze_hit(sentence)
    if freeze and not strong:
        return [freeze, *layoffs]
    return layoffs + ([freeze] if freeze else [])


def _action(sentence: str) -> _Hit | None:
    hits = _actions(sentence)
    return hits[0] if hits else None


# ---------------------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------------------


def _clean_token(token: str) -> str:
    return token.strip(".,;:'\"“”‘’()[]")


def _is_cap(token: str) -> bool:
    word = _clean_token(token)
    return bool(word) and (word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word))


def _place(name: str) -> str | None:
    key = re.sub(r"['’]s$", "", name).strip().lower()
    return (
        _PLACE_TABLE.get(key)
        or _PLACE_TABLE.get(key + ".")
        or _PLACE_TABLE.get(key.removeprefix("the "))
    )


_CONTRACTION = re.compile(
    r"^[a-z]+['’](?:re|ve|ll|d|m)$|^(?:it|that|there|here|what|who|he|she)['’]s$"
)


def _generic(name: str) -> bool:
    if _CONTRACTION.match(name.lower()):  # "You’re not as replaceable as you think"
        return True
    low = re.sub(r"['’]s$", "", name.lower()).strip()
    if low in _GENERIC_SUBJECTS or _place(name):
        return True
    words = low.split()
    return all(w in _GENERIC_SUBJECTS or w in _AUX or w in _DESCRIPTORS for w in words)


def _strip_tail(tokens: list[str]) -> list[str]:
    while tokens and (_clean_token(tokens[-1]).lower() in _AUX or tokens[-1] == ","):
        tokens = tokens[:-1]
    return tokens


_COMMON = common_words()
# Unicode words: an accented letter is part of its word ('Mãe', 'Não'), never a break.
_WORD_TOKEN = re.compile(r"[\w$&'’.\-]+")
_BREAK_BETWEEN = re.compile(r"[,:;()\[\]|—–]|\s-\s")
_PREPOSITION_GAP = re.compile(
    r"\b(?:for|of|about|on|in|to|with|from|amid|over|after|behind|into|like|than|as|by|"
    r"despite|against|around)\b",
    re.I,
)
_QUANTITY = re.compile(
    r"^(?:[\d.,]+[kK]?|hundreds|thousands|dozens|scores|millions|" + _WORD + r")$", re.I
)


@dataclass
class _Run:
    name: str
    start: int
    end: int
    possessor: bool = False
    known: str | None = None


def _breaks(word: str) -> bool:
    low = re.sub(r"['’]s?$", "", word.lower())
    if not _is_cap(word) or re.fullmatch(r"[\d.,$%+]+[kKmMbB]?", word):
        return True
    return low in _COMMON or low in _AUX or low in _DESCRIPTORS


def _runs(text: str) -> list[_Run]:
    """Capitalised name runs, with listed companies and known bosses resolved.

    Common words, descriptors ('agency', 'maker') and numbers end a run, so Title Case
    headlines split into their names too.
    """
    spans = find_known_spans(text)
    runs: list[_Run] = []
    current: _Run | None = None
    last_end = 0

    def flush() -> None:
        nonlocal current
        if current is not None:
            current.name = current.name.strip(" &")
            if current.name:
                current.known = current.known or company_for_person(current.name)
                runs.append(current)
        current = None

    pos = 0
    for start, end, name in [*spans, (len(text), len(text), "")]:
        for m in _WORD_TOKEN.finditer(text, pos, start):
            if _BREAK_BETWEEN.search(text, last_end, m.start()):
                flush()
            last_end = m.end()
            word = m.group().strip("'\".,;:“”‘’()")
            if not word or word.endswith("-based") or (word == "&" and current is None):
                flush()
                continue
            possessive = re.search(r"['’]s?$", word) is not None and len(word) > 2
            bare = re.sub(r"['’]s?$", "", word) if possessive else word
            if word != "&" and _breaks(bare):
                flush()
                continue
            if current is None:
                current = _Run(bare, m.start(), m.end())
            else:
                current.name += " " + bare
                current.end = m.end()
            if possessive:
                current.possessor = True
                flush()
        if not name:
            break
        if _BREAK_BETWEEN.search(text, last_end, start):
            flush()
        flush()
        possessive = bool(re.match(r"['’]s\b", text[end : end + 2]))
        runs.append(_Run(name, start, end, possessor=possessive, known=name))
        pos = last_end = end + (2 if possessive else 0)
    flush()
    return runs


def _ai_word(name: str) -> bool:
    return bool(re.search(r"(?:^|\s)(?:AI|GenAI)(?:-\w+)?(?:\s|$)|^AI-", name)) and not (
        _ai_company_name(name)
    )


_AI_COMPANY_NAME = re.compile(r"^[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)? AI$")
_AI_ADJECTIVES = frozenset(
    [
        "generative",
        "agentic",
        "conversational",
        "enterprise",
        "physical",
        "general",
        "artificial",
        "responsible",
        "applied",
        "predictive",
        "modern",
        "new",
        "advanced",
        "open",
        "frontier",
        "narrow",
        "strong",
        "weak",
        "the",
        "this",
    ]
)


def _ai_company_name(name: str) -> bool:
    """'Scale AI', 'Stability AI': a brand ending in AI, not 'Generative AI'."""
    return bool(_AI_COMPANY_NAME.match(name)) and name.split()[0].lower() not in _AI_ADJECTIVES


_QUANTITY_PHRASE = re.compile(r"\b(?:up to|close to|as many as|more than)\b", re.I)
_SECTION = re.compile(r":|\s\|\s")


def _subject_names(subject: str, *, title_case: bool, attached: bool = False) -> list[str]:
    """Employer names in the words before an action verb, nearest the verb first.

    Walks back from the verb: places and quantities are skipped, and a generic subject
    ('AI', 'companies', 'executives') ends the search: the action is not an employer's.
    With `attached` (a noun like 'layoffs'), the name must qualify it directly: 'Block
    layoffs', not 'a warning about layoffs'.
    """
    subject = _SECTION.split(subject)[-1]
    owned = _OWNED.search(subject)
    if owned:
        unit = _subject_names(owned.group(2), title_case=title_case)
        return [*unit, owned.group(1)] if unit else [owned.group(1)]
    runs = _runs(subject)
    names: list[str] = []
    previous: _Run | None = None
    for run in reversed(runs):
        if previous is not None and not _joined(subject, run, previous):
            break
        if run.known is None:
            if (
                _place(run.name)
                or _QUANTITY.match(run.name)
                or (_ai_word(run.name) and run.name not in {"AI", "GenAI"})
            ):
                continue
            if _generic(run.name) or run.name in {"AI", "GenAI"}:
                if names:
                    break
                return []
            if len(run.name.split()) > 5 or run.name[0].isdigit():
                continue
        if (
            not names
            and attached
            and _PREPOSITION_GAP.search(_QUANTITY_PHRASE.sub(" ", subject[run.end :]))
        ):
            return []
        names.append(run.known or run.name)
        previous = run
    names.reverse()
    return names


def _joined(text: str, earlier: _Run, later: _Run) -> bool:
    """'Intel, Microsoft', 'AT&T and Verizon', "ByteDance's TikTok": names sharing a verb."""
    gap = text[earlier.end : later.start].strip()
    if earlier.possessor:
        return gap in {"", "'s", "’s"}
    return gap in {",", "&", "and", "and the"}


@lru_cache(maxsize=4096)
def _extension_pattern(name: str) -> re.Pattern[str]:
    # One pattern per employer name: more names than re's own cache holds come by.
    return re.compile(re.escape(name) + r"((?:\s+" + _UPPER + _LOWER + r"+){1,2})")


def _extend(name: str, texts: tuple[str, ...]) -> str:
    """'Quayside' -> 'Quayside Translations' when the item spells the full name out."""
    if known(name) or len(name.split()) > 2:
        return name
    pattern = _extension_pattern(name)
    for text in texts:
        for m in pattern.finditer(text):
            extra = m.group(1).split()
            keep: list[str] = []
            for word in extra:
                if word.lower() in _SUFFIX_WORDS:
                    keep.append(word)
                else:
                    break
            if keep:
                return name + " " + " ".join(keep)
    return name


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;|—–]|\s-)[\s\"'‘“(\[]*$")


def _capital_says_nothing(name: str, doc: _Doc, *, action: bool) -> bool:
    """'Food for fungi', 'Expands': one ordinary English word, capitalised only where every
    word is (a Title Case headline; a sentence's first word unless it is the subject of a
    job action), is no name.

    Capitals mid-sentence in ordinary prose are evidence ('layoffs at Chime'), so a name
    seen there is kept even when the dictionary lists it; so are names of several words
    ('Virgin Orbit', 'Star Entertainment'), which ordinary phrases rarely are.
    """
    word = re.sub(r"['’]s?$", "", name).lower()
    vocabulary = english_words()
    if " " in name or known(name) or not all(p in vocabulary for p in word.split("-")):
        return False
    pattern = re.compile(r"(?<![\w&'’.-])" + re.escape(name) + r"(?![\w&])")
    texts = doc.lead if doc.title_case else (doc.title, *doc.lead)
    for text in texts:
        for m in pattern.finditer(text):
            if action or not _SENTENCE_OPENING.search(text[: m.start()]):
                return False
    return True


def _finalize(names: list[str], doc: _Doc, *, action: bool = False) -> tuple[str, ...]:
    out: list[str] = []
    publisher = _fold(doc.publisher) if doc.publisher else None
    texts = (doc.title, *doc.lead)
    for raw in names:
        name = raw.strip(" ,.'’\"")
        if not name or _generic(name) or not plausible_company(name):
            continue
        if _capital_says_nothing(name, doc, action=action):
            continue
        person = company_for_person(name)
        name = canonical(_extend(person or name, texts))
        if publisher and _fold(name) == publisher:
            continue
        if name not in out:
            out.append(name)
    return tuple(out[:4])


_CLAUSE = re.compile(
    r"\b(?:that|which|who|as|after|while|when|because|but|since|although|though|so|if|"
    r"whether|what|unless)\b|;"
)
_BACK_REFERENCE = re.compile(r"^(?:it|they|he|she|the (?:[\w-]+ ){0,2}[\w-]+)$", re.I)


def _action_subject(sentence: str, hit: _Hit, *, title_case: bool) -> list[str]:
    """The employer acting in the sentence: the clause's subject, or the sentence's own
    subject when the clause refers back to it ('... after the company announced ...')."""
    before = sentence[: hit.start]
    clauses = [m.end() for m in _CLAUSE.finditer(before)]
    if clauses:
        clause = before[clauses[-1] :]
        names = _subject_names(clause, title_case=title_case, attached=hit.noun)
        if names:
            return names
        ref_tokens = _TOKEN.findall(clause)
        while len(ref_tokens) > 1 and ref_tokens[-1].lower() in _AUX:
            ref_tokens.pop()
        ref = " ".join(ref_tokens)
        if not _BACK_REFERENCE.match(ref):
            return []
        return _first_subject(before[: clauses[0]], title_case=title_case)
    names = _subject_names(before, title_case=title_case, attached=hit.noun)
    if names:
        return names
    after = _AFTER_EMPLOYER.match(sentence[hit.end :])
    if after and _BARE_QUANTITY.fullmatch(before.strip(" ,.'\"‘’“”")):
        found = [n for _, n in find_known(after.group(1))]
        if found:
            return found[:1]
    at = _AT_EMPLOYER.search(sentence[hit.start : hit.end + 40])
    if at:
        return [r.known or r.name for r in _runs(at.group(1)) if r.known or not _generic(r.name)][
            :1
        ]
    return []


_BARE_QUANTITY = re.compile(
    r"(?:(?:about|around|nearly|almost|some|over|more than|up to|another|roughly)\s+)?"
    r"(?:[\d,.]+[kK]?|" + _WORD_NUM + r")?",
    re.I,
)
_AFTER_EMPLOYER = re.compile(r"^\s+(?:as|at|by|from)\s+(.{2,40})")


def _first_subject(text: str, *, title_case: bool) -> list[str]:
    """The sentence's grammatical subject: its first name that is not a place or quantity."""
    for run in _runs(text.rsplit(":", 1)[-1]):
        if run.known:
            return [run.known]
        if _place(run.name) or _QUANTITY.match(run.name) or _ai_word(run.name):
            continue
        return [] if _generic(run.name) else [run.name]
    return []


def _gazetteer_names(text: str, *, title_case: bool) -> list[str]:
    return [name for _, name in find_known(text, title_case=title_case)]


# ---------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------


def _word_number(text: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif word != "and":
            return None
    value = total + current
    return value or None


def parse_number(text: str) -> int | None:
    """'1,350' / '1.35k' / 'two thousand' -> int; None for anything else."""
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        return None
    if raw.endswith("k"):
        try:
            return round(float(raw[:-1]) * 1000)
        except ValueError:
            return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", raw):
        value = float(raw.replace(",", ""))
        return round(value) if value == int(value) else None
    return _word_number(text)


_NUMBER_HINT = re.compile(
    r"\d|hundred|thousand|dozen|score|percent|per cent|quarter|third|half|tenth|fifth|" + _WORD,
    re.I,
)


_HEADCOUNT_TOTAL = re.compile(
    r"\b(?:layoffs|lay-offs|job cuts|job losses|redundancies)\s+(?:total(?:s|ed|ing|ling)?|"
    r"(?:reach|hit|top)(?:es|s|ed)?|(?:climb|rise|grow)s? to)\s+(?P<q>" + _QUAL + r")"
    r"(?P<n>" + _NUM + r")(?P<m>)(?!\s*(?:%|percent|per cent|million|billion))",
    re.I,
)


@lru_cache(maxsize=4096)
def _headcount_in(sentence: str) -> int | None:
    if not _NUMBER_HINT.search(sentence):
        return None
    for regex in (_HEADCOUNT, _HEADCOUNT_BY, _HEADCOUNT_VERB, _HEADCOUNT_TOTAL):
        for m in regex.finditer(sentence):
            before = sentence[: m.start("q") if m.group("q") else m.start("n")]
            if _NOT_A_CUT_BEFORE.search(before) or _MONEY_BEFORE.search(before):
                continue
            if _YEAR.match(m.group("n")):
                continue
            after = sentence[m.end("n") : m.end("n") + 12].lower()
            if re.match(r"\s*(?:%|percent|per cent|million|billion|bn\b|-)", after):
                continue
            value = parse_number(m.group("n"))
            if value:
                return value
    return None


@lru_cache(maxsize=4096)
def _percent_in(sentence: str) -> float | None:
    if not _NUMBER_HINT.search(sentence):
        return None
    for regex in (_PERCENT, _PERCENT_BY):
        m = regex.search(sentence)
        if not m:
            continue
        raw = m.group("v").lower()
        for phrase, value in _FRACTIONS.items():
            if re.search(rf"\b{phrase}\b", raw):
                return value
        num = re.match(r"[\d.]+", raw)
        if num:
            return float(num.group(0))
        words = re.sub(r"\s+(?:percent|per cent)$", "", raw)
        parsed = _word_number(words)
        if parsed is not None:
            return float(parsed)
    return None


@lru_cache(maxsize=4096)
def _vague_in(sentence: str) -> str | None:
    for m in _VAGUE.finditer(sentence):
        after = sentence[m.end() :]
        before = sentence[: m.start()]
        if _VAGUE_AFTER.match(after) or _VAGUE_BEFORE.search(before):
            word = m.group("v").lower()
            if "thousand" in word:
                return "thousands"
            if "hundred" in word:
                return "hundreds"
            return "dozens"
    return None


# ---------------------------------------------------------------------------------------
# Functions and location
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _functions_in(sentence: str) -> tuple[str, ...]:
    low = sentence.lower()
    if not any(k in low for k in _FUNCTION_KEYS):
        return ()
    found: list[str] = []
    for m in _FUNCTION_RE.finditer(sentence):
        if _PURPOSE_BEFORE.search(sentence[: m.start()]):
            continue
        name = _FUNCTION_NAMES[int((m.lastgroup or "f0")[1:])]
        if name not in found:
            found.append(name)
    return tuple(found)


_STRONG_BODY = re.compile(
    r"\b(?:affected|affect|hit|laid off|lay off|layoffs|cuts|cut|eliminat\w+|redundan\w+|"
    r"let go|dismissed|lost)\b",
    re.I,
)


def _functions(doc: _Doc, kind: Kind) -> tuple[str, ...]:
    if kind == Kind.OTHER:
        return ()
    sentences = [doc.title, *doc.lead]
    rest = doc.body[len(doc.lead) :]
    if kind == Kind.ANALYSIS:
        sentences += rest[:8]
    else:
        sentences += [s for s in rest if _STRONG_BODY.search(s)]
    found: list[str] = []
    for i, sentence in enumerate(sentences):
        context = _UNIT_NOUN.search(sentence) or (i == 0 and _action(sentence))
        if not context:
            continue
        for name in _functions_in(sentence):
            if name not in found:
                found.append(name)
    return tuple(found)


def _location_in(sentence: str) -> str | None:
    for m in _PLACE_RE.finditer(sentence):
        before, after = sentence[: m.start()], sentence[m.end() :]
        if _LOCATION_CONTEXT_BEFORE.search(before) or _LOCATION_CONTEXT_AFTER.match(after):
            return _PLACE_TABLE.get(m.group(1).lower())
    return None


def _location(doc: _Doc, kind: Kind) -> str | None:
    if kind == Kind.OTHER:
        return None
    for sentence in (doc.title, *doc.lead):
        if kind.is_action and not (_action(sentence) or _UNIT_NOUN.search(sentence)):
            continue
        place = _location_in(sentence)
        if place:
            return place
    return None


# ---------------------------------------------------------------------------------------
# AI cause
# ---------------------------------------------------------------------------------------


def _ai_text(sentence: str) -> str:
    """The sentence without AI mentions that only describe the company ('AI startup X')."""
    sentence = re.sub(r"['’]s\b", "", sentence)  # "AI's impact": keep 'AI' a word
    return _AI_DESCRIPTOR.sub(" ", sentence.replace("'", "").replace("‘", "").replace("’", ""))


@lru_cache(maxsize=4096)
def _ai_in(text: str) -> bool:
    """`_AI` found in the sentence once its company descriptors are removed."""
    return bool(_AI.search(_ai_text(text)))


def _denial(sentence: str) -> bool:
    return bool(_AI_DENIAL.search(_ai_text(sentence)))


def _ai_positive(sentence: str) -> bool:
    text = _ai_text(sentence)
    return bool(_AI.search(text)) and bool(_WORKFORCE.search(text) or _action(text))


def _without_names(sentence: str, names: tuple[str, ...]) -> str:
    for name in names:
        sentence = sentence.replace(name, "the company")
    return sentence


def _ai_cause(doc: _Doc, kind: Kind, companies: tuple[str, ...] = ()) -> tuple[bool, str | None]:
    if kind == Kind.OTHER:
        return False, None
    # 'Pecan AI parts ways with a third of its workforce': the AI in the employer's name
    # says nothing about why ("A layoff in an AI company for other reasons does not").
    ai_named = tuple(n for n in companies if _AI.search(n))
    if ai_named and kind.is_action:
        masked = dataclasses.replace(
            doc,
            title=_without_names(doc.title, ai_named),
            lead=tuple(_without_names(s, ai_named) for s in doc.lead),
        )
        found, evidence = _ai_cause(masked, kind)
        if evidence is None:
            return found, None
        originals = (doc.title, *doc.lead)
        masked_all = (masked.title, *masked.lead)
        return found, originals[masked_all.index(evidence)]
    if kind == Kind.ANALYSIS:
        for sentence in (doc.title, *doc.lead):
            if _ai_in(sentence):
                return True, sentence
        return False, None
    if _denial(doc.title):
        return False, doc.title
    if _ai_positive(doc.title):
        return True, doc.title
    for sentence in doc.lead:
        if _denial(sentence):
            return False, sentence
    for sentence in doc.lead:
        if _ai_positive(sentence):
            return True, sentence
    return False, None


# ---------------------------------------------------------------------------------------
# Kind
# ---------------------------------------------------------------------------------------


def _about_ai_and_work(doc: _Doc) -> bool:
    text = " ".join((doc.title, *doc.lead[:2]))
    return bool(_AI.search(text)) and bool(_WORK_TOPIC.search(text))


def _title_ai_work(doc: _Doc) -> bool:
    """A headline about AI and work with no employer as its subject: commentary."""
    title = doc.title
    if not (_ai_in(title) and _WORK_TOPIC.search(title)):
        return False
    return not _fallback_names(doc)


def _title_is_analysis(title: str) -> bool:
    return bool(_ANALYSIS_PREFIX.search(title) or _ANALYSIS_CUE.search(title))


@dataclass(frozen=True)
class _Decision:
    kind: Kind
    companies: tuple[str, ...]


def _title_action(doc: _Doc) -> tuple[_Hit | None, list[str]]:
    """The headline's first action whose employer can be named (or its first action)."""
    hits = _actions(doc.title)
    for hit in hits:
        if hit.weak and not _jobs_mentioned(doc):
            continue
        names = _action_subject(doc.title, hit, title_case=doc.title_case)
        if names:
            return hit, names
    return (hits[0] if hits else None), []


def _question(title: str) -> bool:
    first = re.split(r"(?<=[.?!])\s+", title.strip(), maxsplit=1)[0]
    return first.endswith("?") or title.strip().endswith("?")


@lru_cache(maxsize=256)
def _decide(doc: _Doc) -> _Decision:
    title = doc.title
    title_hit, title_names = _title_action(doc)
    if _ANALYSIS_PREFIX.search(title) or _question(title):
        return _non_action(doc)
    if title_hit and title_names and _reaction(title, title_hit, title_names):
        return _non_action(doc)
    if title_hit and title_names and not (title_hit.noun and _title_is_analysis(title)):
        return _Decision(title_hit.kind, _finalize(title_names, doc, action=True))
    lead_decision = _lead_action(doc, title_hit)
    if lead_decision is not None and not (
        _title_is_analysis(title) and not _names_in_title(lead_decision.companies, title)
    ):
        return lead_decision
    if title_hit and title_hit.noun:
        subject = _subject_employer(title, title_hit)
        if subject:
            return _Decision(title_hit.kind, _finalize(subject, doc, action=True))
    if _title_is_analysis(title) or title_hit or _title_effect(doc) or _title_ai_work(doc):
        return _non_action(doc)
    return _Decision(Kind.OTHER, _finalize(_fallback_names(doc), doc))


_HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|might|any|whether|should|unless|fears?|risks?|warning about|"
    r"lessons?|like|than|other|others|beyond)\b|[?]",
    re.I,
)
_EXEC_TITLE = re.compile(
    r"^\s*(?:chief executive|ceo|boss|chief|chair(?:man|woman)?|president|founder|cfo|"
    r"management|executives?|bosses)\b",
    re.I,
)


_AFTER_CLAUSE = re.compile(r"\b(?:after|following|amid|as)\b", re.I)
_COMMENTARY_VERB = re.compile(
    r"\b(?:says?|said|downplays?|warns?|argues?|predicts?|reacts?|responds?|questions?|"
    r"doubts?|slams?|critici[sz]es?|praises?|explains?|weighs? in|dismiss(?:es)?|"
    r"rejects?|shrugs? off|sounds? (?:the )?alarm|blasts?)\b",
    re.I,
)


def _reaction(title: str, hit: _Hit, names: list[str]) -> bool:
    """'Economist downplays AI fears after Acme cuts 4,000 jobs': someone else's comment on
    an employer action that is only the occasion (a trailing 'after ...' clause)."""
    clauses = list(_AFTER_CLAUSE.finditer(title, 0, hit.start))
    if not clauses:
        return False
    main = title[: clauses[-1].start()]
    if not _COMMENTARY_VERB.search(main):
        return False
    folded = _fold(main)
    if any(_fold(n) in folded for n in names):
        return False
    return not any(company_for_person(r.name) in names for r in _runs(main))


def _subject_employer(title: str, hit: _Hit) -> list[str]:
    """A headline led by an employer whose action the layoff words are about.

    'WiseTech called on to consult union on AI job cuts', 'Acme CEO says recent layoffs
    were not about AI': the employer opens the headline (it, or its boss, is the subject)
    and nothing between marks the cuts as hypothetical or someone else's.
    """
    before = title[: hit.start]
    runs = _runs(before)
    if not runs or before[: runs[0].start].strip(" '\"‘“"):
        return []
    first = runs[0]
    if first.possessor or len(runs) > 2:
        return []
    if first.known is None or company_for_person(first.name):
        # Only a listed company is trusted to be the employer here: an unknown capitalised
        # opening ('Bipartisan Senate bill calls for ... job cuts') is as often not one.
        return []
    between = before[first.end :]
    if _HYPOTHETICAL.search(between) or _BREAK_BETWEEN.search(between):
        return []
    if len(runs) == 2 and not (_ai_word(runs[1].name) or _EXEC_TITLE.match(between)):
        return []
    return [first.known or first.name]


def _non_action(doc: _Doc) -> _Decision:
    """Commentary names only well-known companies it discusses; other news its subject."""
    if _about_ai_and_work(doc):
        names = _gazetteer_names(doc.title, title_case=doc.title_case)
        return _Decision(Kind.ANALYSIS, _finalize(names, doc))
    return _Decision(Kind.OTHER, _finalize(_fallback_names(doc), doc))


def _names_in_title(names: tuple[str, ...], title: str) -> bool:
    folded = _fold(title)
    return any(_fold(n) and _fold(n) in folded for n in names) or bool(
        set(names) & set(_gazetteer_names(title, title_case=False))
    )


def _jobs_mentioned(doc: _Doc) -> bool:
    return any(re.search(r"\bjobs?\b|\bstaff\b|\bemployees\b", s) for s in (doc.title, *doc.lead))


def _title_effect(doc: _Doc) -> bool:
    title = doc.title
    return bool(_AI.search(title) and _WORK_TOPIC.search(title) and _EFFECT.search(title))


def _lead_action(doc: _Doc, title_hit: _Hit | None) -> _Decision | None:
    """An employer action stated in the first sentences when the headline is indirect."""
    title_known = _gazetteer_names(doc.title, title_case=doc.title_case)
    for sentence in doc.lead[:3]:
        hit = _action(sentence)
        if hit is None or (hit.weak and not _jobs_mentioned(doc)):
            continue
        names = _action_subject(sentence, hit, title_case=False)
        if not names and title_known:
            names = title_known
        if names:
            kind = title_hit.kind if title_hit and not title_hit.weak else hit.kind
            return _Decision(kind, _finalize(names, doc, action=True))
        if _generic_employer_subject(sentence[: hit.start]):
            return _Decision(hit.kind, ())
    if title_hit and _generic_employer_subject(doc.title[: title_hit.start]):
        return _Decision(title_hit.kind, ())
    return None


_SINGULAR_EMPLOYER = re.compile(
    r"(?:^|\b(?:a|an|the|one)\s+)(?:[\w-]+\s+){0,3}?(?:firm|company|startup|giant|employer|maker|"
    r"bank|insurer|retailer|studio|agency|publisher|group|operator|platform)\b",
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
    return _first_subject(doc.title[: verb.start()] if verb else doc.title, title_case=False)


# ---------------------------------------------------------------------------------------
# The tagger
# ---------------------------------------------------------------------------------------


def _quantities(doc: _Doc) -> tuple[int | None, str | None, float | None]:
    sentences = [doc.title] + [s for s in doc.lead if _action(s) or _layoff_mention(s)]
    headcount = next((h for s in sentences if (h := _headcount_in(s)) is not None), None)
    percent = next((p for s in sentences if (p := _percent_in(s)) is not None), None)
    vague = None
    if headcount is None:
        vague = next((v for s in sentences if (v := _vague_in(s)) is not None), None)
    return headcount, vague, percent


class RuleTagger:
    """The offline Tagger: deterministic, microseconds per headline, no model files."""

    def tag(self, article: Article) -> Tags:
        try:
            return self._tag(article)
        except Exception:  # noqa: BLE001 - the port promises never to raise on odd input
            return Tags()

    def _tag(self, article: Article) -> Tags:
        doc = _document(article)
        if not doc.title and not doc.lead:
            return Tags()
        language = language_of(article)
        if language != HANDLED_LANGUAGE:
            # The rules read English: elsewhere they would take capitalised words for
            # employers and miss every action. Say what it is and leave it out of digests.
            return Tags(companies=_foreign_companies(doc), language=language)
        decision = _decide(doc)
        kind = decision.kind
        ai_cause, evidence = _ai_cause(doc, kind, decision.companies)
        headcount: int | None = None
        vague: str | None = None
        percent: float | None = None
        if kind.is_action:
            headcount, vague, percent = _quantities(doc)
        return Tags(
            kind=kind,
            ai_cause=ai_cause,
            ai_evidence=evidence,
            companies=decision.companies,
            headcount=headcount,
            headcount_text=vague,
            percent=percent,
            functions=_functions(doc, kind),
            location=_location(doc, kind),
            language=language,
        )


def language_of(article: Article) -> str:
    """ISO 639-1 code of the item's language, from its headline and first paragraphs."""
    return detect_language(f"{article.title}\n{article.text[:_LANGUAGE_SAMPLE]}")


def _foreign_companies(doc: _Doc) -> tuple[str, ...]:
    """Only listed companies: in a language the rules do not read, capitals prove nothing."""
    names = [
        n for n in _gazetteer_names(doc.title, title_case=doc.title_case) if n != doc.publisher
    ]
    return tuple(dict.fromkeys(names))[:4]


def employers(article: Article) -> tuple[str, ...]:
    """The employers the tagger would name, for callers (the summarizer) that need only them."""
    try:
        if language_of(article) != HANDLED_LANGUAGE:
            return _foreign_companies(_document(article))
        return _decide(_document(article)).companies
    except Exception:  # noqa: BLE001 - best effort helper
        return ()


def acting_employers(article: Article) -> tuple[str, ...]:
    """The employers of an item that reports their own job action; empty for commentary,
    other news and items the rules do not read, where a name is a guess at best."""
    try:
        if language_of(article) != HANDLED_LANGUAGE:
            return ()
        decision = _decide(_document(article))
        return decision.companies if decision.kind.is_action else ()
    except Exception:  # noqa: BLE001 - best effort helper
        return ()


def states_action(sentence: str) -> bool:
    """Whether the sentence itself reports a layoff or hiring freeze."""
    return _action(sentence) is not None


def mentions_ai(sentence: str) -> bool:
    return _ai_in(sentence)


def has_quantity(sentence: str) -> bool:
    return bool(_headcount_in(sentence) or _percent_in(sentence) is not None or _vague_in(sentence))
