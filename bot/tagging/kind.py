"""The kind decision: an employer action, commentary about AI and work, or other news."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.companies import company_for_person, known
from bot.ignorecase import twins_for
from bot.language import english_words
from bot.models import Kind
from bot.tagging.actions import _action, _actions, _Hit, _layoff_mention
from bot.tagging.ai_cause import _ai_in, _denial
from bot.tagging.boss_employer import boss_employer
from bot.tagging.cancellations import cancellation
from bot.tagging.closure_counts import counts as _counts
from bot.tagging.commentary import (
    _LAYOFF_TOPIC,
    _WORK_TOPIC,
    _about_ai_and_work,
    _ai_use_at_work,
    _effect_on_work,
    _title_ai_topic,
    _title_effect,
    _title_is_analysis,
    commentary_form,
    own_news_subject,
    work_done_by_ai,
)
from bot.tagging.companies import (
    _action_subject,
    _first_subject,
    _gazetteer_names,
    _word_named_subject,
)
from bot.tagging.cue_blocks import _cue_blocks
from bot.tagging.document import _Doc
from bot.tagging.epithets import epithet_subject
from bot.tagging.finalize import _finalize
from bot.tagging.follow_up import _cut_at, _follow_up
from bot.tagging.labour_news import (
    disputes_cut_report,
    labour_data,
    one_person_fired,
    region_plural,
)
from bot.tagging.names import _BREAK_BETWEEN, _ai_word, _fold, _generic, _place, _runs
from bot.tagging.pointers import named_unit, product_maker, team_owner
from bot.tagging.quantities import _headcount_in
from bot.tagging.reaction import _AFTER_CLAUSE, _reaction
from bot.tagging.replacement import MAY_REPLACE, REPLACED, replaced_over_time
from bot.tagging.rounds import earlier_round
from bot.tagging.subjects import (
    _AI_SUBJECT,
    _BACK_REFERENCE,
    _CLAUSE_POINTER,
    _MAYBE,
    _POINTER,
    _REPORTED_BY,
    _STUDY,
    _colon_subject,
    _earlier_subject,
    _fallback_names,
    _generic_employer_subject,
    _inside_leading_clause,
    _other_names,
    boss_subject,
    described_in_title,
)
from bot.tagging.unit_hit import _unit_hit


def _title_ai_work(doc: _Doc) -> bool:
    """A headline about AI and work with no employer as its subject: commentary."""
    title = doc.title
    if not (_ai_in(title) and _WORK_TOPIC.search(title)):
        return False
    return not _fallback_names(doc)


# Workers' or unions' own action over cuts ('Staff walk out over AI job cuts', 'Laid-off
# workers sue'), or what the cut left behind (severance, a tribunal, morale): a new event,
# not a new layoff (v2: other).
_PROTEST = re.compile(
    r"\b(?:strikes?|striking|go(?:es|ing)? on strike|walk(?:s|ing)? ?out|walked out|walkouts?|"
    r"protests?|protested|protesting|rall(?:y|ies|ied)|pickets?|picketing|sue|sues|sued|suing|"
    r"lawsuits?|class action|unioni[sz](?:e|es|ed|ing)|union drive|petitions?|"
    r"form(?:s|ed|ing)? (?:a )?union|unlawful\w*|tribunals?|settlement|severance|morale|"
    r"complaints?)\b",
    re.I,
)


def _protest(doc: _Doc, hit: _Hit | None) -> bool:
    """The protest comes before the cut it answers, which is only named (a noun), or there
    is no cut at all; 'Acme lays off 300 workers who went on strike' is still a layoff."""
    title = doc.title
    m = twins_for(title)(_PROTEST).search(title)  # bot.ignorecase
    if m is None:
        return False
    if hit is None:
        # '... Ford cuts 600 more as UAW strike expands': a strike in a trailing clause is
        # the backdrop of the news when the lead reports an employer's cut
        clause = _AFTER_CLAUSE.search(title)
        return clause is None or m.start() < clause.start() or _lead_action(doc, None) is None
    named = hit.noun or _ANSWERS.search(title, 0, hit.start) is not None
    return named and (m.start() < hit.start or _WORKERS_ACT.search(title) is not None)


# 'plan walkout in response to layoffs': the cuts are what the protest answers (a noun).
_ANSWERS = re.compile(
    r"\b(?:in response to|in protest (?:at|against)|against|protesting)\s+(?:the\s+|mass\s+|"
    r"recent\s+)?$",
    re.I,
)


# 'Amazon workers upset over layoffs plan walkout', 'Following layoffs at Acme, staff have
# formed a union': the workers are the subject, and their protest is the news (v2: other).
_WORKERS_ACT = re.compile(
    r"(?:^|[,:;])\s*(?:[\w'’.-]+\s+){0,3}?(?:workers|staff|staffers|employees)\s+"
    r"(?!(?:at|of|in|from|who|were|was|are\s+(?:being\s+)?laid)\b)",
    re.I,
)


_SECTOR = re.compile(r"\b(?:tech|industry|industry-wide|sector|economy|market|wall street)\b", re.I)


_NON_JOB_CUT = re.compile(
    r"\b(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|trim(?:s|med|ming)?|halv(?:e|es|ed|ing)|"
    r"reduc(?:e|es|ed|ing)|ax(?:e|es|ed|ing))\s+(?:back\s+on\s+|to\s+|on\s+|in\s+)?"
    r"(?:(?:some|many|most|all|several)\s+of\s+)?(?:(?:its|their|the|his|her|staff|employee|"
    r"employees'|worker|executive|ceo|free|office|annual|year-end|holiday)\s+){0,3}(?:pay|"
    r"salar(?:y|ies)|wages?|perks?|benefits?|bonus(?:es)?|ties|rates?|prices?|output|"
    r"production|dividends?|forecasts?|snacks|meals|travel|amenities|stipends?)\b|"
    # 'fewer free snacks under fresh cuts': the cuts are to what the sentence names first
    r"\b(?:fewer|less|no more|smaller)\s+(?:free\s+)?(?:perks?|snacks|meals|benefits|bonus(?:es)?|"
    r"amenities|travel)\b",
    re.I,
)


@dataclass(frozen=True)
class _Decision:
    kind: Kind
    companies: tuple[str, ...]


def _title_action(doc: _Doc) -> tuple[_Hit | None, list[str]]:
    """The headline's first action whose employer can be named (or its first action)."""
    hits = _actions(doc.title)
    for hit in hits:
        if not _counts(doc, hit, doc.title):
            continue
        names = _action_subject(doc.title, hit, title_case=doc.title_case)
        if names:
            return hit, names
    return (hits[0] if hits else None), []


def _named_verb_action(doc: _Doc) -> tuple[_Hit, list[str]] | None:
    """ "McDonald's Shuts All U.S. Offices Ahead of Layoffs, And They Might ...": when the
    named cuts are only a noun in a headline with a commentary cue, the employer's own verb
    (here the closure) is still its action."""
    for hit in _actions(doc.title):
        if hit.noun or not _counts(doc, hit, doc.title):
            continue
        names = _action_subject(doc.title, hit, title_case=doc.title_case)
        if names:
            return hit, names
    return None


# 'How layoffs at Google could affect cloud services', 'How you can help a friend who has been
# laid off', 'The real reasons for Big Tech layoffs': an explainer or advice, not the action.
_EXPLAINER = re.compile(r"(?:how|why|what|the real reasons?)\b", re.I)


def _commentary_headline(doc: _Doc) -> _Decision | None:
    """A headline that is commentary by its form: a label, a question, an explainer (v2:
    layoff-trend pieces and advice for laid-off workers are analysis)."""
    if commentary_form(doc.title) or _question(doc.title):
        return _non_action(doc)
    if _EXPLAINER.match(doc.title):
        return (
            judged_as(doc, Kind.ANALYSIS) if _LAYOFF_TOPIC.search(doc.title) else _non_action(doc)
        )
    return None


_AFTER_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _question(title: str) -> bool:
    first = _AFTER_SENTENCE.split(title.strip(), maxsplit=1)[0]
    return first.endswith("?") or title.strip().endswith("?")


# 'Days after layoffs, Acme unveils AI assistant': a leading time clause; the headline is read
# with it moved behind its main clause, where the rules read such clauses as the backdrop.
_LEADING_SEQUENCE = re.compile(
    r"^(?P<when>(?:just\s+|only\s+)?(?:(?:\w+\s+)?(?:hours?|days?|weeks?|months?)|shortly|soon)"
    r"\s+(?:after|before)\s+[^,;:]{3,80}),\s+(?=\S)",
    re.I,
)


@lru_cache(maxsize=256)
def _decide(doc: _Doc) -> _Decision:
    sequence = _LEADING_SEQUENCE.match(doc.title)
    if sequence:
        when = sequence.group("when")
        doc = replace(doc, title=f"{doc.title[sequence.end() :]} {when[0].lower()}{when[1:]}")
    title = doc.title
    title_hit, title_names = _title_action(doc)
    if (commentary := _commentary_headline(doc)) is not None:
        return commentary
    if (unacted := _no_employers_cut(doc, title_hit, title_names)) is not None:
        return unacted
    if title_hit and title_hit.kind is Kind.LAYOFF and _denial(title):
        # 'Acme CEO says AI is not responsible for job cuts': the employer's statement is
        # about its own layoff, which stays the news (v2: a denial, ai_cause false).
        denier = title_names or _denier(title)
        if denier:
            return _Decision(Kind.LAYOFF, _finalize(denier, doc, action=True))
    if title_hit and title_names and _reaction(title, title_hit, title_names):
        return _reaction_decision(doc, title_names)
    if _protest(doc, title_hit) or _follow_up(title) or cancellation(title):
        if _SECTOR.search(title) or _PLURAL_EMPLOYERS.search(title):
            return _non_action(doc)  # 'Economy on edge after tech layoffs': a trend piece
        return _occasion(doc, title_names)
    if work_done_by_ai(title):
        return _non_action(doc)
    named = _unnamed_subject(doc, title_hit) if title_hit and not title_names else None
    if named is not None:
        return named
    if title_hit is None and _NON_JOB_CUT.search(title):
        # 'Acme cuts staff pay as AI costs rise', 'Fed cuts rates': a cut, but not of jobs.
        return _Decision(Kind.OTHER, _finalize(_other_names(doc), doc))
    if title_hit and title_names and not _cue_blocks(title, title_hit, title_names):
        return _title_decision(doc, title_hit, title_names)
    if title_hit and title_names and title_hit.noun and (verb := _named_verb_action(doc)):
        return _title_decision(doc, *verb)
    if title_hit and not title_names and _trend_subject(title[: title_hit.start]):
        return _non_action(doc)  # 'Tech companies axe 34,000 jobs': a trend, no one employer
    if title_hit is None and _layoff_mention(title):
        # 'How Acme uses AI to avoid job cuts', 'Acme denies layoffs': the headline names
        # cuts only to rule them out; a cut in the lead is context, not the news.
        return _non_action(doc)
    lead_decision = _lead_action(doc, title_hit)
    if lead_decision is not None and not (
        (_title_is_analysis(title) or (title_hit is None and _title_ai_topic(title)))
        and not _names_in_title(lead_decision.companies, title)
    ):
        return lead_decision
    if title_hit and not title_hit.noun and boss_subject(title[: title_hit.start]):
        # 'CEO fires 90% of support staff': one employer acts through its boss; the rules
        # name it where the headline, the lead's action or the lead's 'CEO of' does.
        return _Decision(title_hit.kind, boss_employer(doc))
    if title_hit and title_hit.noun:
        subject = _noun_subject(title, title_hit)
        if subject:
            return _Decision(title_hit.kind, _finalize(subject, doc, action=True))
    if _title_is_analysis(title) or title_hit or _title_effect(doc) or _title_ai_work(doc):
        return _non_action(doc)
    if _effect_on_work(doc) or _layoff_trend(doc) or labour_data(title):
        return _non_action(doc)
    return _Decision(Kind.OTHER, _finalize(_other_names(doc), doc))


def _no_employers_cut(doc: _Doc, hit: _Hit | None, names: list[str]) -> _Decision | None:
    """Headlines about jobs that no employer cuts (bot/tagging/labour_news.py), or whose
    subject is a person by an epithet (bot/tagging/epithets.py)."""
    title = doc.title
    if one_person_fired(title) or (hit is None and disputes_cut_report(title)):
        # 'Dolphins fire Mike McDaniel', 'Exec dismisses mass layoff report': no layoff
        return _Decision(Kind.OTHER, _finalize(_other_names(doc), doc))
    if hit and region_plural(title, names):
        return _Decision(Kind.ANALYSIS, ())  # 'European banks plan to cut 200,000 jobs'
    if hit and epithet_subject(names):  # "'Godfather of SaaS' says he replaced his team"
        return _Decision(hit.kind, boss_employer(doc))
    return None


def _unnamed_subject(doc: _Doc, hit: _Hit) -> _Decision | None:
    """The employer of a headline action whose clause names none: 'Gap will cut 500 workers
    ... as the retailer' (a word-named employer), 'Quillo: half the company has been let go'
    (the name before the colon)."""
    word = _word_named_subject(doc, hit, _headcount_in(doc.title) is not None)
    if word:
        return _Decision(hit.kind, tuple(word))
    colon = _colon_subject(doc, hit)
    if colon:
        return _Decision(hit.kind, _finalize(colon, doc, action=True) or tuple(colon))
    return None


def _title_decision(doc: _Doc, hit: _Hit, names: list[str]) -> _Decision:
    """The headline's action and employer; when no name survives and the subject points at
    one ('Blaseball Is Ending, Studio Lays Off Staff'), the employer the lead names."""
    final = _finalize(names, doc, action=True)
    pointer = not final and _CLAUSE_POINTER.search(doc.title, 0, hit.start)
    maker = product_maker(doc.title[: hit.start], final)
    lead = _lead_action(doc, hit) if pointer or maker else None
    if lead is not None and not lead.companies:
        lead = None
    kind = hit.kind
    if kind is Kind.LAYOFF and REPLACED.match(doc.title, hit.start):
        # 'IBM could replace 7,800 jobs with AI' / 'The company could halt hiring and instead
        # use AI tools': roles left unfilled, no cut announced (v2: a hiring freeze)
        freezes = (h for s in doc.lead[:2] for h in _actions(s) if h.kind is Kind.HIRING_FREEZE)
        # 'plans to use AI to replace 7,800 jobs over the next five years': roles that go
        # as AI takes the work over years, none cut now (v2: replace N roles 'over time')
        over_time = replaced_over_time(doc.title, *doc.lead[:2])
        kind = Kind.HIRING_FREEZE if next(freezes, None) else kind
        if kind is Kind.LAYOFF and MAY_REPLACE.search(doc.title, 0, hit.start):
            # 'Acme plans robots that could replace 600,000 workers', 'Google may replace
            # these ad sales jobs with AI': a future possibility of automation taking the
            # work, no cut decided and no hiring paused, is the employer's statement about AI
            # and its workforce (v2: analysis, the employer in companies), not a plan to cut
            kind = Kind.ANALYSIS
        kind = Kind.HIRING_FREEZE if kind is Kind.LAYOFF and over_time else kind
    companies = lead.companies if lead is not None else final
    return _Decision(kind, team_owner(doc.title, named_unit(doc.title, hit, companies)))


_PASSIVE_CUT = re.compile(
    r"\b(?:staff|staffers|employees|workers|jobs|roles|people|positions)\s+(?:are|is|will\s+be|"
    r"to\s+be|are\s+set\s+to\s+be|set\s+to\s+be|are\s+to\s+be|being)\s+(?:laid\s+off|let\s+go|"
    r"cut|axed|eliminated|made\s+redundant)\b",
    re.I,
)


def _passive_cut(doc: _Doc, hit: _Hit | None) -> _Decision | None:
    """'650 more staff are set to be laid off at Acme': the staff are the subject, so the
    employer is the name the headline lists."""
    if hit is None or hit.noun:
        return None
    public = _PUBLIC_JOBS_CUT.search(doc.title)
    if not public and not _PASSIVE_CUT.search(doc.title):
        return None
    names = _gazetteer_names(doc.title, title_case=doc.title_case)
    if not names and public:
        return _Decision(hit.kind, ())  # 'Nearly 2,000 federal jobs slashed': a public cut
    return _Decision(hit.kind, _finalize(names, doc, action=True)) if names else None


# The public employer's staff by their kind (or counted as FTEs), the employer unnamed, cut.
_PUBLIC_JOBS_CUT = re.compile(
    r"(?:\b(?:federal|government|civil[- ]service|public[- ](?:sector|service))\s+"
    r"(?:jobs|roles|positions|posts|workers|employees|staff)|(?-i:\bFTEs))\s+(?:(?:are|is|will\s+be|to\s+be|"
    r"being|set\s+to\s+be)\s+)?(?:cut|slashed|axed|eliminated|shed|lost|laid\s+off|to\s+go)\b",
    re.I,
)


_PLURAL_EMPLOYERS = re.compile(
    r"\b(?:companies|firms|employers|businesses|startups|banks|boards|ceos|bosses|executives|"
    r"giants|retailers|lenders|insurers|automakers|carmakers|publishers|studios|brands|"
    r"industries|sectors|corporations|multinationals)\b",
    re.I,
)


def _trend_subject(before: str) -> bool:
    """Employers in the plural, or several countries ('India, China brace for mass layoffs'),
    as the subject of the cuts: a trend, no one employer's action."""
    if _PLURAL_EMPLOYERS.search(before):
        return True
    runs = _runs(before)
    return len(runs) > 1 and all(_place(r.name) and not r.known for r in runs)


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


_SPEAKER = re.compile(
    r"(?P<org>(?-i:[A-Z][\w&'’.-]*)(?:\s+(?-i:[A-Z][\w&'’.-]*)){0,3}?)(?:['’]s?)?\s+"
    r"(?:CEO|boss|chief executive|chief|founder|co-founder|chair(?:man|woman)?|president|"
    r"executives?|spokes(?:person|man|woman)|says|said|insists|denies|claims)\b",
    re.I,
)


def _denier(title: str) -> list[str]:
    """Whose denial it is: a company or its boss speaking ('..., says Acme CEO', 'Satya
    Nadella says ...'); a commentator, economist or study names none."""
    for m in _SPEAKER.finditer(title):
        for run in _runs(m.group("org")):
            person = company_for_person(run.name)
            if person or run.known:
                return [person or run.known or run.name]
            if not (_generic(run.name) or _place(run.name) or _ai_word(run.name)):
                return [run.name]
    return []


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
    between = before[first.end :]
    between = re.sub(r"(?<=\d),(?=\d)", "", between) if "," in between else between  # 7,000
    if (first.known is None and not _ANNOUNCES_OWN.match(between)) or company_for_person(
        first.name
    ):
        # Only a listed company is trusted to be the employer here: an unknown capitalised
        # opening ('Bipartisan Senate bill calls for ... job cuts') is as often not one,
        # unless it announces or carries out the cuts itself ('Acme announces new layoffs').
        return []
    if _HYPOTHETICAL.search(between) or _BREAK_BETWEEN.search(between):
        return []
    if len(runs) == 2 and not (_ai_word(runs[1].name) or _EXEC_TITLE.match(between)):
        return []
    return [first.known or first.name]


_ANNOUNCES_OWN = re.compile(
    r"^\s+(?:(?:has|have|will|to|is|reportedly|quietly|now)\s+)?(?:announc|confirm|begin|began|"
    r"start|launch|kick|carr|conduct|unveil|implement|initiat|roll)\w*\s+(?:out\s+|off\s+)?"
    r"(?:(?:a|an|the|its|new|another|fresh|more|further|second|third|latest|round|wave|of|"
    r"major|mass|big|sweeping|widespread|deep)\s+){0,4}$",
    re.I,
)


_POSSESSED_CUTS = re.compile(
    r"(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?)['’]s\s+(?:(?P<cause>(?:[\w-]+\s+){1,3}?"
    r"(?:leads?|led|prompts?|prompted|triggers?|triggered|results?|resulted|sparks?|sparked|"
    r"drives?|drove|spurs?|spurred|means)\s+(?:to|in)?\s*(?:[\w,.-]+\s+){0,2}?)|"
    r"(?:[\w-]+\s+){0,2}?)$"
)


def _occasion(doc: _Doc, title_names: list[str]) -> _Decision:
    """Other news on the occasion of cuts: its subject, or else the employer whose cuts it
    follows."""
    return _Decision(
        Kind.OTHER,
        _finalize(_other_names(doc), doc) or _finalize(_cut_at(doc, title_names), doc),
    )


def _noun_subject(title: str, hit: _Hit) -> list[str]:
    """The employer of cuts the headline names only as a noun."""
    return (
        _subject_employer(title, hit) or _possessor_of_cuts(title, hit) or _employer_hit(title, hit)
    )


def _employer_hit(title: str, hit: _Hit) -> list[str]:
    """'Mass layoffs reportedly hit Marvel Snap publisher Nuverse': cuts with no one's name
    before them, hitting an employer the headline names after them."""
    if any(not _generic(r.name) for r in _runs(title[: hit.start])):
        return []
    unit = _unit_hit(title, hit)
    return [unit] if unit else []


def _possessor_of_cuts(title: str, hit: _Hit) -> list[str]:
    """ "Block's mega job cuts", "Zomato's AI push leads to 600 job cuts": the cuts belong to
    the possessor (a dictionary word is trusted only when the gazetteer lists it)."""
    if _title_is_analysis(title) and not re.search(r"\d", title):
        return []  # "Block's layoffs aren't the AI warning shot you think": commentary
    m = _POSSESSED_CUTS.search(title[: hit.start])
    if m is None:
        return []
    org = m.group("org")
    candidates = [org, org.split()[-1]] if " " in org else [org]
    for name in candidates:
        if known(name):
            return [name]
    for name in candidates:
        if not _generic(name) and not all(w in english_words() for w in name.lower().split()):
            return [name]
    return []


def _non_action(doc: _Doc) -> _Decision:
    """Commentary names only well-known companies it discusses; other news its subject."""
    if (
        _layoff_trend(doc)
        or labour_data(doc.title)
        or (_about_ai_and_work(doc) and not _ai_use_at_work(doc))
    ):
        names = _gazetteer_names(doc.title, title_case=doc.title_case)
        return _Decision(Kind.ANALYSIS, _finalize(names, doc))
    return _Decision(Kind.OTHER, _finalize(_other_names(doc), doc))


def _reaction_decision(doc: _Doc, employers: list[str]) -> _Decision:
    """Someone's comment on one employer's cuts ('Stephen A Smith weighs in on ESPN
    layoffs'): other news about that employer, not a layoff-trend piece (it names one
    employer); commentary only when it is about AI and work."""
    if _about_ai_and_work(doc) and not _ai_use_at_work(doc):
        return _non_action(doc)
    return _Decision(Kind.OTHER, _finalize(_other_names(doc), doc) or _finalize(employers, doc))


def judged_as(doc: _Doc, kind: Kind) -> _Decision:
    """The decision for commentary or other news as the kind judge rules it (the employers
    each names, as `_non_action` gives them)."""
    if kind is Kind.ANALYSIS:
        return _Decision(
            kind, _finalize(_gazetteer_names(doc.title, title_case=doc.title_case), doc)
        )
    return _Decision(Kind.OTHER, _finalize(_other_names(doc), doc))


def _names_in_title(names: tuple[str, ...], title: str) -> bool:
    folded = _fold(title)
    return any(_fold(n) and _fold(n) in folded for n in names) or bool(
        set(names) & set(_gazetteer_names(title, title_case=False))
    )


def _layoff_trend(doc: _Doc) -> bool:
    """Layoffs as the topic of a headline about no one employer ('Tech layoffs shock young
    workers'); with an employer named, its layoffs are the occasion of other news
    ('Adobe promises no layoffs', 'devs unionise after its third round of layoffs'),
    unless AI is the headline's other topic ('AI skills don't save laid-off Acme staff')."""
    if not _LAYOFF_TOPIC.search(doc.title):
        return False
    return _ai_in(doc.title) or not (_fallback_names(doc) or own_news_subject(doc.title))


def _lead_action(doc: _Doc, title_hit: _Hit | None) -> _Decision | None:
    """An employer action stated in the first sentences when the headline is indirect, or
    the employer a passive headline lists (`_passive_cut`)."""
    title_known = _gazetteer_names(doc.title, title_case=doc.title_case)
    for i, sentence in enumerate(doc.lead[:3]):
        hit = _action(sentence)
        if hit is None or not _counts(doc, hit, sentence):
            continue
        if title_hit is None and _inside_leading_clause(sentence, hit):
            continue  # 'After Acme announced 9,000 layoffs, a leaked memo shows ...': backdrop
        if (
            title_hit is None
            and _title_is_analysis(doc.title)
            and _MAYBE.search(sentence, hit.start, hit.end)
        ):
            continue  # 'How AI may threaten Acme staff' / 'a reorganisation that could affect'
        if title_hit is None and (earlier_round(sentence) or _STUDY.search(sentence)):
            # 'BuzzFeed cut 12% of its staff in December': background to other news; 'will
            # eliminate 15% of mining jobs, according to a report': a forecast, no employer's.
            continue
        if _REPORTED_BY.search(sentence, 0, hit.start):
            continue  # 'Kotaku reported the layoffs last night': an outlet, not the employer
        names = _action_subject(sentence, hit, title_case=False)
        if names and region_plural(sentence, names):
            continue  # 'European banks plan to cut 200,000 jobs': a sector's, no employer's
        if not names and _AI_SUBJECT.match(re.split(r"[,;]", sentence[: hit.start])[-1]):
            continue  # 'Automation will reduce the number of roles': AI acts, no employer
        if not names and title_known:
            names = title_known
        if not names and i and _BACK_REFERENCE.match(sentence[: hit.start]):
            names = _earlier_subject(doc.lead[:i])  # 'Developer Acme ... The studio will cut'
        if not names and title_hit and _POINTER.search(doc.title[: title_hit.start]):
            # 'Bud Light maker to lay off hundreds' / 'Anheuser-Busch says layoffs will
            # affect...': the lead's subject is the employer the headline points at.
            names = _first_subject(sentence[: hit.start], title_case=False)
        if not names:  # 'Mirror owner Reach: ...' / 'newspaper group launches job cuts'
            names = described_in_title(doc, sentence[: hit.start])
        final = _finalize(names, doc, action=True) if names else ()
        if final:
            kind = title_hit.kind if title_hit and not title_hit.weak else hit.kind
            if REPLACED.match(sentence, hit.start) and replaced_over_time(sentence):
                # unless only possible: 'could replace ... over the next decade'
                kind = kind if MAY_REPLACE.search(sentence, 0, hit.start) else Kind.HIRING_FREEZE
            return _Decision(kind, final)
        if _generic_employer_subject(sentence[: hit.start]):
            return _Decision(hit.kind, ())
    if title_hit and _generic_employer_subject(doc.title[: title_hit.start]):
        return _Decision(title_hit.kind, ())
    return _passive_cut(doc, title_hit)
