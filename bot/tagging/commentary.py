"""Commentary about AI and work: the words that make an item analysis rather than news of
an employer action or other news (shared/spec/tagging.md, 'analysis')."""

from __future__ import annotations

import re

from bot.language import english_words
from bot.tagging.ai_cause import _ai_in
from bot.tagging.document import _Doc
from bot.tagging.lexicon import _AI, ai_named
from bot.tagging.names import _generic, _place, people
from bot.tagging.prefilter import search

_WORK_TOPIC = re.compile(
    r"\b(?:jobs?|layoffs?|lay-?offs?|laying off|laid off|workers?|workforces?|employment|unemployment|labou?r|careers?|"
    r"hiring|staff|employees?|occupations?|workplace|work|white-collar|entry-level|skills|"
    r"professionals?|translators?|job (?:cuts|losses)|roles|positions|headcount|back-office|"
    r"journalists|reporters|writers|engineers|developers|programmers|coders|artists|designers|"
    r"actors|lawyers|agents|humans|interviewers?|recruiters?)\b",
    re.I,
)
# Layoffs as a topic (v2: layoff-trend pieces and advice for laid-off workers are analysis
# when no employer action is their news): nouns, never the verb ('lay off the champagne').
_LAYOFF_TOPIC = re.compile(
    r"\b(?:layoffs|lay-offs|job (?:cuts|losses)|redundancies|hiring (?:freeze|pipeline|"
    r"market)|job market|labou?r market|laid-off|jobs report|jobless|unemployment|"
    r"quiet cutting|layoff (?:spree|wave|season)s?)\b|"
    # advice to the reader: 'How to explain a layoff', 'What to do if you might be laid off'
    r"^(?=.*\b(?:how|what|you|your|you['’]re)\b).*\b(?:layoff|laid off|redundancy)\b",
    re.I,
)
_EFFECT = re.compile(
    r"\b(?:replac|displac|automat|affect|shrink|threat|eliminat|hollow|destroy|kill|wipe|"
    r"disrupt|reshap|impact|cost|cut|slash|tak(?:e|es|ing)|took|steal|transform|blame|obsolet|"
    r"showing up|losses|outperform|supplement|does the work|do the work|instead of)\w*",
    re.I,
)
_ANALYSIS_PREFIX = re.compile(
    r"^(?:opinion|analysis|commentary|column|editorial|explainer|perspective|podcast|"
    r"interview|review|letters?|comment|view|viewpoint|watch|listen|#\d+)\b",
    re.I,
)
# Commentary by its form, whatever action it discusses (v2: commentary and opinion are
# analysis): a framing noun opening the headline ('Lessons from IBM's plan to replace 7,800
# jobs with AI', 'The problem with Acme replacing contractors', 'In defense of ...'), the
# reader addressed ('We should be worried that ...'), or a worker's own account ('I lost my
# job to AI at Acme', 'My company replaced my team with AI'). An employer's cut judged in
# the headline ("Acme's AI layoffs are only the beginning") still reports the cut.
_OPINION_FORM = re.compile(
    r"\W*(?:the\s+)?(?:(?:real|hidden|true|big|key|main|biggest|dark)\s+)?(?:lessons?|"
    r"takeaways?|problems?|trouble|truth|myths?|irony|case|dangers?|downsides?|upsides?|"
    r"meaning|reality|ethics|morality|hypocrisy|absurdity|folly)\s+(?:from|with|about|of|"
    r"behind|against|for|in)\s|"
    r"\W*in\s+(?:defen[cs]e|praise)\s+of\s|"
    r"\W*(?:we|you)\s+(?:all\s+)?(?:should|must|need to|ought to|shouldn['’]t|can['’]t|"
    r"cannot)\s|"
    r"\W*(?:I|we)\s+(?:was|were|got|have been|had been|am|are)\s+(?:\w+\s+)?(?:laid off|"
    r"fired|replaced|let go|sacked|made redundant)\b|"
    r"\W*my\s+(?:company|employer|boss|firm|manager|startup)\s+(?:\w+\s+){0,2}?"
    r"(?:replaced|fired|laid off|cut|sacked|axed)\b",
    re.I,
)  # tried at the headline's start only (.match): searched, it cost ~5% of the judgement
# A worker's own account anywhere in the headline: 'AI cost me my job', 'replaced me'.
_OWN_ACCOUNT = re.compile(
    r"\b(?:I|we)\s+lost\s+(?:my|our)\s+jobs?\b|\breplaced\s+(?:me|us)\b", re.I
)


# A forecast wider than one employer's own cuts: the world's, a country's or an economy's
# ('World Economic Forum estimates 14 million net job losses worldwide by 2027'), or a count
# in millions, which no employer's round reaches (v2: forecasts are analysis).
_BEYOND_ONE_EMPLOYER = re.compile(
    r"\b(?:worldwide|world-wide|globally|nationwide|economy-wide|across the (?:world|globe|"
    r"economy|country|industry|sector))\b|"
    r"\d[\d.,]*\s*(?:million|mn|billion)\s+(?:[\w-]+\s+){0,2}?(?:jobs?|job losses|roles|"
    r"positions|workers|people)\b",
    re.I,
)


def beyond_one_employer(text: str) -> bool:
    return _BEYOND_ONE_EMPLOYER.search(text) is not None


def commentary_form(title: str) -> bool:
    """A headline that is commentary by its form: a label ('Opinion:'), a framing, the
    reader addressed or a worker's own account (`_OPINION_FORM`)."""
    low = title.lower()
    return bool(
        _ANALYSIS_PREFIX.search(title)
        or _OPINION_FORM.match(title)
        or (("lost" in low or "replaced" in low) and _OWN_ACCOUNT.search(title))
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


def _about_ai_and_work(doc: _Doc) -> bool:
    text = " ".join((doc.title, *doc.lead[:2]))
    return _found(_AI, text) and _found(_WORK_TOPIC, text)


def _found(regex: re.Pattern[str], text: str) -> bool:
    """`regex.search(text)`, as a truth: not searched where its prefilter rules a match out
    (bot.tagging.prefilter; 'AI' and work topics are each tried at every position)."""
    if regex is _AI:
        return ai_named(text)  # as its alternatives (bot.tagging.lexicon)
    return search(regex, text) is not None


def _title_ai_topic(title: str) -> bool:
    """AI and work as the headline's topic ('TUC: government failing to protect workers from
    AI'): a lead that cites another employer's cut gives an example, not the news."""
    return _ai_in(title) and bool(_WORK_TOPIC.search(title))


def _title_is_analysis(title: str) -> bool:
    return bool(_ANALYSIS_PREFIX.search(title) or _ANALYSIS_CUE.search(title))


def _effect_on_work(doc: _Doc) -> bool:
    """AI's effect on work stated in the headline or the first sentences: commentary
    even when a company is its subject ('Klarna's AI tool does the work of 700 reps')."""
    text = " ".join((doc.title, *doc.lead[:2]))
    return _found(_AI, text) and _found(_WORK_TOPIC, text) and _found(_EFFECT, text)


def _title_effect(doc: _Doc) -> bool:
    title = doc.title
    return _found(_AI, title) and _found(_WORK_TOPIC, title) and _found(_EFFECT, title)


# AI as a tool at work with no effect on the work itself (v2: AI news with no workforce
# angle is other): staff told not to use a chatbot, or leaking data to one; a reader's own
# job hunt done with AI.
_AI_USE_AT_WORK = re.compile(
    r"\b(?:bans?|banned|banning|restrict\w*|prohibit\w*|not to use|stay away from|wary|"
    r"warn\w*\s+(?:[\w'’-]+\s+){0,3}?(?:about|against|over)|"
    r"cut\w*\s+(?:[\w'’-]+\s+){0,2}?access|leak\w*|spill\w*|secrets?|confidential|"
    r"sensitive (?:data|code|information)|classified|"
    r"your\s+(?:next\s+)?(?:job (?:hunt|search|interview|application)s?|interviews?|"
    r"cover letters?|r[ée]sum[ée]s?))\b",
    re.I,
)


def _ai_use_at_work(doc: _Doc) -> bool:
    """The headline tells of AI as a tool staff use or may not use, and of no effect of AI on
    jobs ('Acme bans staff from using chatbots', 'Use a chatbot to prepare for your job
    interview'; 'chatbots will replace staff, warns Acme' keeps its effect)."""
    title = doc.title
    if not (_ai_in(title) and _AI_USE_AT_WORK.search(title)):
        return False
    return not _EFFECT.search(_AI_USE_AT_WORK.sub(" ", title))


# 'AI is doing the work of 4,000 agents, CEO says': a claim about AI's capacity, not a cut.
_WORK_OF = re.compile(
    r"\b(?:do(?:es|ing)?|did|done|handl(?:es|ing|ed|e)|perform(?:s|ing|ed)?)\s+(?:the\s+)?"
    r"(?:(?:equivalent\s+)?(?:work|jobs?)|equivalent)\s+of\b|\bthe (?:work|equivalent) of\s+[\d,]+",
    re.I,
)


def work_done_by_ai(title: str) -> bool:
    """'AI is doing the work of 4,000 agents': a claim about AI's capacity, no cut."""
    return _ai_in(title) and _WORK_OF.search(title) is not None and not _LAYOFF_WORD.search(title)


_LAYOFF_WORD = re.compile(
    r"\b(?:lay(?:s|ing)? off|laid off|layoffs?|job cuts|redundanc\w+|fir(?:es|ed|ing)|"
    r"cut(?:s|ting)?\s+(?:[\w,]+\s+){0,3}(?:jobs|roles|staff|workers|positions))\b",
    re.I,
)


# 'Crystal Dynamics Says Tomb Raider Won't Be Affected By Embracer Layoffs', 'Persona 5
# Publisher Raises Salaries Amid Industry-Wide Layoffs', 'In a year beset by layoffs, Acme
# just gave its staff a bonus': a capitalised subject's own news, the layoffs its backdrop.
_OWN_NEWS = re.compile(
    r"^\W*(?:(?i:after|in|amid|despite)\b[^,]{0,60},\s*)?(?P<subject>(?:[A-Z0-9][\w'’.&-]*\s+)"
    r"{1,4}?)(?i:(?:(?:just|still|now|also)\s+)?(?:says|said|declares|raises|gives|gave|commits|"
    r"insists|promises|pledges|vows|reveals|awards|hands))\b"
)


def own_news_subject(title: str) -> bool:
    """Whether the headline opens on a named subject's own news (not a generic one's:
    'Economists say'); in Title Case a subject of dictionary words names no one."""
    m = _OWN_NEWS.match(title)
    if m is None or _LAYOFF_TOPIC.search(m.group("subject")):
        return False
    subject = m.group("subject").strip()
    words = subject.split()
    if words[-1].lower() in {"publisher", "developer", "studio", "maker"}:
        return True  # 'Persona 5 Publisher Raises Salaries'
    if _generic(subject) or _place(subject) or people(title, [subject]):
        return False
    if len(words) == 1 and not words[0][:1].isdigit():
        return False  # 'Biden Says Layoffs Are Worrying': one word may name a person
    title_case = sum(w[:1].isupper() for w in title.split()) > len(title.split()) * 0.6
    return (
        not title_case
        or not all(w.lower() in english_words() for w in words if not w[:1].isdigit())
        or all(w[:1].isdigit() for w in words)
    )
