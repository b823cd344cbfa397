"""Who a headline is about when its action is indirect: the lead's back references and
pointers, the name before a headline colon, and the subject of news with no job action."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.companies import gazetteer, known, word_named_employers
from bot.language import english_words
from bot.tagging.actions import _Hit
from bot.tagging.companies import _first_subject, _gazetteer_names
from bot.tagging.document import _Doc
from bot.tagging.finalize import _SENTENCE_OPENING, _introduced, standalone_in
from bot.tagging.names import (
    _PREPOSITION_GAP,
    _ai_word,
    _generic,
    _named_by_descriptor,
    _person,
    _place,
    _runs,
    people,
)
from bot.tagging.vocabulary import DESCRIPTORS, NAME_SUFFIXES

_MAYBE = re.compile(r"\b(?:could|may|might|would)\b", re.I)
# A name that reports the cuts opens the sentence: the outlet, not the employer.
_REPORTED_BY = re.compile(
    r"^\W*(?-i:[A-Z][\w&.'’-]*)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,3}\s+(?:first\s+|also\s+|"
    r"previously\s+|originally\s+)?(?:reported|reports|revealed|broke\s+the\s+news\s+of)\s+"
    r"(?:on\s+)?(?:the\s+|that\s+)?$",
    re.I,
)


# 'The studio announced it will cut 50 roles': the subject refers back to the employer the
# sentence before named.
_BACK_REFERENCE = re.compile(
    r"^\W*(?:(?:the|that|this)\s+(?:[\w-]+\s+){0,2}?(?:studio|company|firm|developer|publisher|"
    r"startup|group|retailer|business|employer|outlet|network|maker|team)\b|it\b)",
    re.I,
)


def _earlier_subject(sentences: tuple[str, ...]) -> list[str]:
    for sentence in reversed(sentences):
        names = _first_subject(sentence, title_case=False)
        if names:
            return names
    return []


# ('After spending $1 billion on podcasts, laying off dozens of staff, and parting ways with
# its chief, Spotify is ...': a list of what came before, each a phrase of its own verb.)
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:after|following|since|in the wake of)\b(?:[^,;:]|,(?=\d)){3,160}?,\s"
    r"(?:(?-i:(?:and\s+)?[a-z]+ing)\b(?:[^,;:]|,(?=\d)){3,160}?,\s)*",
    re.I,
)


def _inside_leading_clause(sentence: str, hit: _Hit) -> bool:
    """The action sits in a sentence-opening 'After ...,' clause: the backdrop of the
    sentence's own news, which its main clause tells."""
    m = _LEADING_CLAUSE.match(sentence)
    return m is not None and hit.end <= m.end()


# A headline subject that points at an employer through what it makes or owns.
_CLAUSE_POINTER = re.compile(r"(?:^|[,:;])\s*(?:the\s+)?(?:studio|developer|dev|company)\s+$", re.I)
_POINTER = re.compile(
    r"^\W*(?:[\w'’&.-]+\s+){1,4}?(?:maker|owner|parent|developer|publisher|operator|studio)\s+"
    r"(?:[\w\"“”'‘’-]+\s+){0,4}$",
    re.I,
)


_SINGULAR_EMPLOYER = re.compile(
    # "Canada's public broadcaster to cut 10%": a possessive may open the phrase
    r"(?:^(?:[\w.-]+['’]s\s+)?|\b(?:a|an|the|one)\s+)(?:[\w.-]+\s+){0,3}?"
    r"(?:firm|company|startup|giant|employer|maker|bank|insurer|retailer|studio|agency|"
    r"publisher|group|operator|platform|owner|parent|developer|chain|manufacturer|carmaker|automaker|broadcaster|airline|lender|grocer|district|"
    r"school|hospital|council|university|college|charity|nonprofit|non-profit)\b",
    re.I,
)
# 'Government to cut 10,000 civil servants', 'the department will lay off 300': a public
# employer by its kind, as the subject right before the action (not 'figures the
# government reported, reflecting a rise in layoffs').
_PUBLIC_EMPLOYER = re.compile(
    r"(?:^|\b(?:a|an|the)\s+)(?:[\w.'’-]+\s+){0,2}?(?:government|department|ministry)"
    r"\s+(?:[\w'’-]+\s+){0,2}$",
    re.I,
)


_STUDY = re.compile(
    r"\baccording to (?:a|an|the|its|their)?\s*(?:[\w-]+\s+){0,2}?(?:report|study|survey|"
    r"analysis|forecast|research|estimates?|projections?)\b|\b(?:report|study|survey|"
    r"forecast) (?:by|from|published)\b|"
    # 'Morgan Stanley forecasts over 200,000 European banking jobs could be lost': an
    # analyst's figure for a sector, no employer's cut
    r"\b(?:forecasts?|predicts?|projects|estimates)\s+(?:that\s+)?(?:[\w-]+\s+){0,2}?\d[\d,.]*"
    r"(?:%|\s+percent)?\s+(?:[\w-]+\s+){0,3}?(?:jobs|roles|positions|workforce|headcount)\b",
    re.I,
)


_AI_SUBJECT = re.compile(
    r"\s*(?:(?:the|its|their|this|that|such|new|more|greater)\s+){0,2}(?:AI|automation|robots?|"
    r"chatbots?|artificial intelligence|generative AI|algorithms?)\b",
    re.I,
)


def _generic_employer_subject(text: str) -> bool:
    return bool(_SINGULAR_EMPLOYER.search(text) or _PUBLIC_EMPLOYER.search(text))


def _fallback_names(doc: _Doc) -> list[str]:
    """Who an item without an employer action is about: listed names, else its subject."""
    names = _gazetteer_names(doc.title, title_case=doc.title_case)
    if names or doc.title_case:
        return names
    verb = re.search(r"\b(?:[a-z]\w*s|to)\b", doc.title)
    subject = _first_subject(doc.title[: verb.start()] if verb else doc.title, title_case=False)
    return [] if people(doc.title, subject) else subject


def _other_names(doc: _Doc) -> list[str]:
    """The subject of news with no job action, when the item gives evidence it is a name:
    an unlisted word capitalised only where a sentence opens ('Pathogens found in ...',
    'Methane leaks rise'), an unlisted abbreviation ('FDI inflows hit ...') or a person
    ('Tobias Krenwinkel named coach') is no employer (v2: never common words as employer)."""
    return [n for n in _fallback_names(doc) if _attested(n, doc)]


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    """The first words of the curated companies' names of several words ('Goldman' of
    'Goldman Sachs'), by which news calls them for short."""
    return frozenset(n.split()[0] for n in gazetteer().names if " " in n)


# A capitalised word inside a name ('OpenAI', 'eBay'): spelled as a brand, not a word.
_INNER_CAPITAL = re.compile(r"^[A-Za-z]+[a-z][A-Z]\w*$|^[a-z]+[A-Z]\w*$")
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9&.]{1,5}$")


def _attested(name: str, doc: _Doc) -> bool:
    """Whether the item gives `name` as a name: listed, spelled as a brand, capitalised where
    no sentence opens, (a word the dictionary lacks, opening the headline) the subject of a
    singular verb, or introduced by a descriptor ('retailer Zentrix'; read last, it is the
    dearest test)."""
    if known(name) or name in word_named_employers() or _INNER_CAPITAL.match(name):
        return True
    if name in _short_names():
        return True  # 'Goldman warns of ...': the short form of a listed name
    texts = (doc.title, *doc.lead)
    return _named_in_text(name, doc, texts) or _introduced(name, texts)


def _named_in_text(name: str, doc: _Doc, texts: tuple[str, ...]) -> bool:
    after = doc.title[doc.title.find(name) + len(name) :] if name in doc.title else ""
    if _ABBREVIATION.match(name):
        return not _MEASURED.match(after)  # 'GST collections', 'FDI inflows': no body
    if " " in name:
        return not _person_named(name, after)
    if any(
        not _SENTENCE_OPENING.search(text[:start]) for text, start, _ in standalone_in(name, texts)
    ):
        return True
    if name.lower() in english_words():
        return True  # left to `_finalize`, which weighs dictionary words
    rest = _NAME_TAIL.sub("", after, count=1)  # "Helix Retail opens": past the name's tail
    return not _PLURAL.search(name) and _SINGULAR_VERB.match(rest) is not None


_NAME_TAIL = re.compile(r"^(?:\s+(?-i:[A-Z][\w&.-]*))*")
# 'Orcas', 'Pathogens', 'SSDs': a plural, no one employer ('Sears' is listed).
_PLURAL = re.compile(r"[^su]s$")
# 'Westpac is predicting', 'Zentrix raises $50m': a singular verb after the word; not
# 'Methane leaks rise' (a noun the word qualifies, then the verb).
_SINGULAR_VERB = re.compile(
    r"['’]s\s+(?:new|latest|first|own|chief|ceo|boss)\b|"
    r"\s+(?:(?:is|was|has|will|to|says|said|can|could|would|may|might|must|should)\b|"
    r"(?-i:[a-z]+[^s\W]s)\b(?!\s+(?:rise|fall|grow|surge|soar|drop|climb|hit|top|reach|"
    r"jump|slump|plunge|remain|continue|spike|double|ease|slow|rebound)\b))",
    re.I,
)
# 'GST collections', 'FDI inflows', 'GDP growth': an abbreviation naming a measure.
_MEASURED = re.compile(
    r"\s+(?:inflows?|outflows?|collections?|growth|inflation|data|figures?|rates?|prices?|"
    r"index|numbers?|revenues?|receipts?|sales|exports?|imports?|output|rules?|law|bill|"
    r"polic(?:y|ies)|regime|reforms?|hikes?|levy|tax(?:es)?|dues|filings?|returns?|cases|"
    r"levels?|readings?|targets?|forecasts?|estimates?|norms|council|rollout|mandate|"
    r"compliance|payments?|refunds?)\b",
    re.I,
)
# 'Tobias Krenwinkel named coach', '... dies at 81': what is said of people, not employers.
_PERSON_NEWS = re.compile(
    r"\s+(?:is\s+|has\s+been\s+|was\s+)?(?:named|appointed|dies|died|dead|arrested|charged|"
    r"sentenced|jailed|convicted|acquitted|retires|resigns|marries|married|elected|"
    r"re-elected|nominated|honou?red|inducted|injured|killed|born|turns\s+\d+|steps\s+down)\b",
    re.I,
)


def _person_named(name: str, after: str) -> bool:
    """A given name and a surname the lists lack ('Tobias Krenwinkel'): two or three plain
    capitalised words, the first no dictionary word, that the headline says a person's
    news of."""
    words = name.split()
    if len(words) > 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    if words[0].lower() in english_words() or words[-1].lower() in NAME_SUFFIXES | DESCRIPTORS:
        return False
    return _PERSON_NEWS.match(after) is not None


# 'Quillo: at least half the company has been let go': a short name, then the colon.
_COLON_HEAD = re.compile(r"^[\s\"'‘“]*(?P<name>[^:|,;\"'‘“]{2,40}?)\s*:\s+(?=\S)")


def _two_words(name: str) -> bool:
    """A word the dictionary lacks that is two of its words run together ('Heatwave:',
    'Lockdown:'): a topic heading a headline, not an employer the lists do not know."""
    word = name.lower()
    words = english_words()
    return " " not in word and any(
        word[:i] in words and word[i:] in words for i in range(3, len(word) - 2)
    )


def _colon_subject(doc: _Doc, hit: _Hit) -> list[str]:
    """The name before a headline's colon is the subject of the job action after it when
    that part names no employer of its own ('Quillo: at least half the company has been
    let go'); a section label ('Exclusive:', 'Report:') or a place is no employer."""
    m = _COLON_HEAD.match(doc.title)
    if m is None or hit.start < m.end():
        return []
    runs = _runs(m.group("name"))
    if len(runs) != 1 or runs[0].name != m.group("name").strip():
        return []
    run = runs[0]
    name = run.known or run.name
    if not run.known and (
        _generic(name)
        or _person(name)
        or _place(name)
        or _ai_word(name)
        or all(w in english_words() for w in name.lower().split())
        or _two_words(name)
    ):
        return []
    rest = doc.title[m.end() :]
    if hit.noun and _PREPOSITION_GAP.search(doc.title, m.end(), hit.start):
        return []  # 'Tim Gurner: tycoon calls for layoffs': someone's words about cuts
    others = _gazetteer_names(rest, title_case=doc.title_case)
    if not doc.title_case:
        others += [
            r.name for r in _runs(rest) if r.start and not (_generic(r.name) or _place(r.name))
        ]
    return [] if others else [name]


# 'cuts one-third of campaign staff', "DeSantis's presidential campaign laid off 38".
_CAMPAIGN = re.compile(
    r"\bcampaign(?:['’]s)?\s+(?:staff\w*|workers|team|employees|aides|payroll)\b|"
    r"\b(?:presidential|re-?election|election|senate|mayoral)\s+campaign\b",
    re.I,
)


_POLITICIAN = (
    r"\b(?:Gov\.|Governor|Sen\.|Senator|Rep\.|Representative|President|former President|"
    r"candidate|hopeful|Mayor|Congressman|Congresswoman)"
)


def campaign_employer(doc: _Doc, companies: tuple[str, ...]) -> tuple[str, ...]:
    """A politician cutting campaign staff: the campaign employs them ('DeSantis campaign'),
    named by the candidate's surname; a listed company keeps its name."""
    texts = (doc.title, *doc.lead[:2])
    if not companies or not any("ampaign" in t for t in texts):
        return companies  # the common case, told cheaply
    if known(companies[0]) or companies[0].endswith(" campaign"):
        return companies
    if not any(_CAMPAIGN.search(t) for t in texts):
        return companies
    surname = re.escape(companies[0].split()[-1])
    if not any(
        re.search(_POLITICIAN + r"(?:\s+[A-Z][\w.'’-]*){0,2}?\s+" + surname, t) for t in texts
    ):
        return companies  # 'Zentrix ... its ad campaign team': no candidate
    return (f"{companies[0].split()[-1]} campaign", *companies[1:])


# 'CEO fires 90% of support staff', "Argentina's new president lays off 5,000": a boss,
# named by no employer, is the headline's subject of the verb.
_BOSS_SUBJECT = re.compile(
    r"^\W*(?:(?-i:[A-Z][\w.-]*)(?:['’]s)?\s+)?(?:(?:new|former|incoming|interim|top)\s+)?"
    r"(?:CEO|boss|chief executive|founder|co-founder|president|chair(?:man|woman)?)\s+"
    r"(?:[a-z]+ly\s+)?$",
    re.I,
)


def boss_subject(before: str) -> bool:
    """Whether the words before a headline's verb are a boss with no employer named."""
    return _BOSS_SUBJECT.match(before) is not None


# 'newspaper group launches third round of job cuts': a descriptor, no name, is the subject.
_DESCRIPTOR_SUBJECT = re.compile(
    r"(?:^|\s)(?P<d>[a-z][\w-]*)\s+(?:[a-z]+ly\s+)?(?-i:[a-z]+(?:s|ed))\s+(?:[\w'’.,-]+\s+){0,5}$"
)


def described_in_title(doc: _Doc, before: str) -> list[str]:
    """'Mirror and Express owner Reach' in the headline, 'newspaper group launches job cuts'
    in the lead: the descriptor subject refers back to the name the headline introduces with
    a descriptor of its own; none when the lead's subject is no descriptor."""
    m = _DESCRIPTOR_SUBJECT.search(before)
    if m is None or m.group("d") not in DESCRIPTORS:
        return []
    for run in _runs(doc.title):
        if _named_by_descriptor(doc.title, run.start, run.name):
            return [run.known or run.name]
    return []
