"""Subjects that point at the employer without being it.

'New Lyft CEO David Risher lays off...' (a boss), 'Elon Musk fires 200 people at Twitter'
(a person, the employer after 'at'), 'Just Eat: Takeaway firm to cut...' and 'Freshworks
CEO as SaaS firm announces...' (a descriptor phrase standing for a name said elsewhere),
'Bud Light maker to lay off...' (a product, its maker unnamed), 'News Corp' cut to 'Corp'
and "David's Bridal" cut in two: each is resolved to the employer the item names, or to
nothing, never to the pointer itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.companies import company_for_person, display_name, known
from bot.language import english_words
from bot.tagging.actions import _Hit
from bot.tagging.lexicon import _AI
from bot.tagging.names import _fold, _generic, _runs
from bot.tagging.vocabulary import DESCRIPTORS, NAME_SUFFIXES

_EXEC_BEFORE = re.compile(
    r"(?:^|[\s(])(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2})['’]?s?\s+"
    r"(?:(?:new|incoming|interim|top)\s+)?"  # "CNN's new boss Chris Licht says ..."
    r"(?:CEO|boss|chief executive|chief|founder|co-founder|chair(?:man|woman)?|president|"
    r"head)\s+$"
)
_AT_KNOWN = re.compile(
    r"^[^.;:]{0,40}?\b(?i:at|across)\s+(?:(?i:the)\s+)?"
    r"(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)?)"
)
# 'Reeves confirms 15% cuts to Civil Service': the body a cut is made to (listed names only:
# 'cuts jobs To Focus On AI' is a purpose).
_CUT_TO = re.compile(
    r"^\s*(?i:to|in|within)\s+(?:(?i:the)\s+)?(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2})"
)
_STAFF_OF = re.compile(
    r"\s+(?:(?:more|another|\d[\d,]*)\s+)?(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2}?)"
    r"(?:['’]s)?\s+(?:employees|staff|staffers|workers|engineers)\b"
)
# 'cut to Pentagon civilian workforce', 'cuts to Civil Service jobs': a listed employer's
# staff, jobs or workforce the cut names (listed only: 'cuts nearly HALF its workforce')
_LISTED_STAFF = re.compile(
    r"\s(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2}?)(?:['’]s)?\s+"
    r"(?:(?-i:[a-z][\w-]*)\s+)?(?:workforce|jobs|employees|staff|workers)\b"
)
_POSSESSIVE = re.compile(r"['’]s$")
_PRODUCT_OF = frozenset(
    ["maker", "owner", "parent", "publisher", "developer", "dev", "devs", "operator", "studio"]
)
_DESCRIPTOR_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s+[a-z][\w-]*){0,2}?\s+(?P<d>"
    + "|".join(sorted((re.escape(d) for d in DESCRIPTORS), key=lambda d: (-len(d), d)))
    + r")\b"
)
# From the subject's first name to the verb: a headline subject whose head noun is a
# product's maker ('Company Of Heroes Dev Facing Major Layoffs').
# 'Acme becomes the latest studio to ...' is no product phrase: the name is the subject.
_PRODUCT_SUBJECT = re.compile(
    r"(?![^,;:]*?\b(?i:becomes?|is|are)\s+(?i:the\s+)?(?i:latest|newest|next)\b)"
    r"[^,;:]*?\b(?i:dev|developer|studio|maker|owner|parent|publisher|operator)"
    r"(?:\s+(?i:company))?(?:\s+[\w'’-]+){0,2}\s*$"
)
_MODAL = re.compile(r"\b(?:could|can|might|may|would|will|to|set to|poised to)\b", re.I)
_RELATIONS = frozenset(["parent", "owner", "boss", "chief", "founder", "ceo", "staff", "workers"])
_LEGAL = frozenset(["corp", "inc", "ltd", "plc", "llc", "co", "corporation"])
_CLAUSE = re.compile(
    r"\b(?:that|which|who|as|after|while|when|because|but|since|although|though)\b"
)


def refine_subject(sentence: str, hit: _Hit, names: list[str], *, title_case: bool) -> list[str]:
    """`names` (the subject found before the action) resolved to the employer it points at."""
    before = sentence[: hit.start]
    first = names[0]
    at = before.rfind(first)
    if at < 0:
        return names
    gap = before[at + len(first) :]
    ai = _AI.search(gap)
    if ai and not _CLAUSE.search(gap) and _MODAL.search(gap, ai.end()):
        return []  # 'Voice actors warn AI could replace them': AI may act, no employer does  # 'Voice actors warn AI could replace them': AI acts, no employer
    if known(first):
        return names
    if first.lower() not in _RELATIONS and _PRODUCT_SUBJECT.match(before, at):
        # 'Dragon Age And Mass Effect Studio Lays Off 50', 'GTA Parent Company Confirms
        # Layoffs': the names are what the employer makes; the lead names the employer.
        return []
    boss = _EXEC_BEFORE.search(before[:at])
    if boss:
        runs = [r for r in _runs(boss.group("org")) if not _generic(r.name)]
        if runs:
            return [runs[-1].known or runs[-1].name]
    employer = _AT_KNOWN.match(sentence[hit.end :]) or _STAFF_OF.search(
        sentence, hit.start, hit.end
    )
    body = _CUT_TO.match(sentence, hit.end) or _LISTED_STAFF.search(sentence, hit.start, hit.end)
    listed = _listed_prefix(body.group("org")) if employer is None and body else None
    if listed:
        return [display_name(listed)]  # 'Reeves confirms cuts to Civil Service': its staff
    if employer and (known(employer.group("org")) or person_like(first)):
        # 'Jim Ratcliffe could cut 300 jobs at Manchester United', 'Elon Musk keeps laying
        # off Twitter employees': a person acts for the employer
        # "... lay off most of Twitter's employees": the owner without its possessive
        return [display_name(_POSSESSIVE.sub("", employer.group("org")))]
    descriptor = _DESCRIPTOR_AFTER.match(before[at + len(first) :])
    if descriptor:
        return _for_descriptor(before, at, first, descriptor.group("d").lower(), names)
    return _mended(sentence, names)


def _for_descriptor(before: str, at: int, first: str, word: str, names: list[str]) -> list[str]:
    """'Takeaway firm', 'rocket company', 'Bud Light maker': the name the phrase stands for."""
    if word in _PRODUCT_OF:
        return []
    clauses = [m.start() for m in _CLAUSE.finditer(before, 0, at)]
    if clauses:
        opening = before[: clauses[0]].rsplit(":", 1)[-1]
        earlier = [r for r in _runs(opening) if not _generic(r.name)]
        if earlier:
            return [earlier[0].known or earlier[0].name]
    head, sep, _ = before.partition(":")
    head = head.strip(" '\"‘’“”")
    if sep and 0 < len(head.split()) <= 4:
        if all(w[:1].isupper() for w in head.split()):
            return [known(head) or head]
        runs = [r for r in _runs(head) if not _generic(r.name)]
        if runs:
            return [runs[0].known or runs[0].name]
    word_list = english_words()
    if all(w.lower() in word_list for w in first.split()):
        return []
    return names


def _listed_prefix(org: str) -> str | None:
    """The listed employer `org` opens with ('Civil Service As' -> 'Civil Service')."""
    words = org.split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        if known(name):
            return name  # as written: display_name gives the form tags use ('Twitter')
    return None


_HONORIFIC = re.compile(r"^(?:Sir|Dame|Lord|Lady|Mr|Mrs|Ms|Dr|Prof)\.?\s", re.I)


def person_like(name: str) -> bool:
    """'Sir Martin Sorrell', 'Elon Musk': an unlisted possessor of two or three plain
    capitalised words (no 'Labs', no 'Group') is a person, who owns but never employs here."""
    if known(name) or company_for_person(name):
        return False
    if _HONORIFIC.match(name):
        return True
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(_GIVEN.fullmatch(w) for w in (words[0], words[-1])):
        return False
    return all(
        (_GIVEN.fullmatch(w) or _INITIAL.fullmatch(w))
        and w.lower() not in NAME_SUFFIXES | DESCRIPTORS
        for w in words
    )


_GIVEN = re.compile(r"[A-Z][a-z]+")
_INITIAL = re.compile(r"[A-Z]\.?")


def _mended(sentence: str, names: list[str]) -> list[str]:
    """Names the run splitter cut apart: 'News Corp', "David's Bridal"."""
    first = names[0]
    if first.lower().strip(".") in _LEGAL:
        m = re.search(r"((?:[A-Z][\w&'’-]*\s+){1,2})" + re.escape(first) + r"\b", sentence)
        if m:
            return [f"{m.group(1)}{first}".strip(), *names[1:]]
    if len(names) >= 2 and not known(names[1]) and not known(first):
        for a, b in ((first, names[1]), (names[1], first)):
            if b.lower() in DESCRIPTORS or b.lower() in _RELATIONS:
                continue  # "Parler's Parent Company": a relation, not a brand
            if person_like(a) or (a.isupper() and a.isalpha()):
                continue  # "Sir Martin Sorrell's S4 Capital", "GM's Cruise": theirs, no name
            if not all(w.lower() in english_words() for w in b.split()):
                continue  # "Zentrix's Quillo": a name of its own, the owner's unit
            joined = re.search(re.escape(a) + r"['’]s\s+" + re.escape(b) + r"\b", sentence)
            if joined:
                return [joined.group(0), *names[2:]]
    return names


_SPEAKER = re.compile(
    r"^(?P<speaker>.{2,60}?)\s+(?:says|said|confirms|admits|reveals|credits|denies|denied)\s+"
    r"(?:that\s+)?(?:its\s+|new\s+|the\s+)*(?P<ai>[^,;:]{0,30}?)$"
)


def speaker_employer(sentence: str, hit: _Hit) -> list[str]:
    """'Salesforce CEO says AI cut 4,000 support jobs', "Klarna says AI chatbots help shrink
    headcount": an employer telling what its AI did to its own staff (no 'could', no
    'will'), so the action is the speaker's."""
    m = _SPEAKER.match(sentence[: hit.start])
    if m is None or not _AI.search(m.group("ai")) or _MODAL.search(m.group("ai")):
        return []
    runs = _runs(m.group("speaker"))
    for run in runs:
        if run.known:  # a listed company, or a boss the gazetteer knows
            return [run.known]
    # An unlisted name opening the headline ('Zentrix says AI is not behind ...'), when it
    # is no dictionary word that any sentence could start with.
    if runs and runs[0].start == 0 and not _generic(runs[0].name):
        words = runs[0].name.lower().split()
        if not all(w in english_words() for w in words):
            return [runs[0].name]
    return []


# 'Pokemon Go Dev Cancels Marvel Game, Lays Off 230', 'Warframe studio confirms layoffs':
# the subject is a product's maker, unnamed; its name is the product's.
_MAKER = re.compile(
    r"\b(?:studio|developer|dev|publisher|maker|platform|company|firm|giant|startup|lender|"
    r"retailer|exchange|chain|carmaker|automaker)\b",
    re.I,
)


def product_maker(subject: str, final: tuple[str, ...]) -> bool:
    """Whether the headline's subject is '<product> developer' with no name after the
    descriptor: every name found stands before it (the product), so the employer is the
    one the lead names ('Pokemon Go developer Niantic')."""
    m = _MAKER.search(subject)
    before = subject[: m.start()].split() if m else []
    if not before or not all(w[:1].isupper() or w[:1].isdigit() for w in before):
        return False  # 'Atlassian is the latest tech firm to axe jobs': a predicate
    if any(known(n) for n in final):
        return False  # 'Coinbase Crypto Exchange to Cut': a listed name, described
    folded = _fold(subject[m.end() :]) if m else ""
    return all(_fold(n) not in folded for n in final)


# 'Alphabet to cut staff of health sciences unit Verily by 15%': the unit the parent's cut is
# in, named after a unit word in the clause of the cut (v2: units before parents).
_UNIT_NAMED = re.compile(
    r"[^,;:]{0,40}?\b(?:unit|subsidiary|division|arm)\s+(?P<name>(?-i:[A-Z])[\w&.'’-]*"
    r"(?:\s+(?-i:[A-Z])[\w&.'’-]*){0,2})",
    re.I,
)


def named_unit(title: str, hit: _Hit, companies: tuple[str, ...]) -> tuple[str, ...]:
    """The acting employers with the unit their cut is in first, when the headline names
    one after the cut ('... cut staff of health sciences unit Verily')."""
    m = _UNIT_NAMED.match(title, hit.end) if companies else None
    if m is None:
        return companies
    unit = display_name(m.group("name"))
    if _generic(unit) or unit in companies:
        return companies
    return (unit, *companies)


def team_owner(title: str, companies: tuple[str, ...]) -> tuple[str, ...]:
    """'Google Fuchsia OS team affected by layoffs': a name followed by 'team' names a team
    (a product's), and the listed employer right before it is the one acting."""
    if not companies:
        return companies
    first = companies[0]
    if first not in title or "team" not in title:
        return companies  # neither the name nor 'team' as written: no match (no compile)
    m = re.search(r"(?:^|\s)(?P<owner>[^\s,;:]+)\s+" + re.escape(first) + r"\s+team\b", title)
    owner = known(m.group("owner")) if m else None
    if owner is None or known(first):
        return companies
    return (display_name(owner), *(c for c in companies[1:] if c != owner))


# What a product is called by: 'Fuchsia OS', 'Pixel phone', 'Edge browser'. A name the item
# gives such a noun names a product (spec: a unit before its parent; a product is no unit).
_PRODUCT_NOUN = (
    r"(?:OS|operating\s+system|apps?|phones?|smartphones?|browser|console|headset|chatbot|"
    r"software|devices?|search\s+engine|voice\s+assistant|smart\s+speakers?)\b"
)


_PRODUCT_TAIL = re.compile(r"\s+(?i:" + _PRODUCT_NOUN + r")$")


@lru_cache(maxsize=256)
def _owned_product(name: str) -> re.Pattern[str]:
    """'<Owner>('s) <name> <product noun>', compiled once per name."""
    return re.compile(
        r"(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?)(?P<s>['’]s)?\s+"
        + re.escape(name)
        + r"\s+(?i:"
        + _PRODUCT_NOUN
        + ")",
    )


_PRODUCT_AFTER = re.compile(r"\s+(?i:" + _PRODUCT_NOUN + ")")


def _before_product(name: str, text: str) -> bool:
    """Whether `name` as written stands right before a product noun somewhere in `text`:
    what every match of `_owned_product(name)` holds. Most names do not, and are never
    compiled into a pattern (~3 ms a name)."""
    at = text.find(name)
    while at >= 0:
        if _PRODUCT_AFTER.match(text, at + len(name)):
            return True
        at = text.find(name, at + 1)
    return False


def product_owner(doc_texts: tuple[str, ...], companies: tuple[str, ...]) -> tuple[str, ...]:
    """The employers with a product named first replaced by its owner: "Google's Fuchsia
    OS was one of the hardest hit by last week's layoffs" is Google's cut, not Fuchsia's.
    Only an unlisted name written right after a listed owner's name (or its possessive) and
    right before a product noun."""
    if not companies or known(companies[0]) or display_name(companies[0]) != companies[0]:
        return companies
    # In Title Case the product noun joins the name's run ('Fuchsia OS'): the name before it.
    name = _PRODUCT_TAIL.sub("", companies[0]) or companies[0]
    for text in doc_texts:
        m = _owned_product(name).search(text) if _before_product(name, text) else None
        # Without a possessive only a listed owner's name right before ('Google Fuchsia OS').
        owner = known(m.group("owner")) if m else None
        if owner:
            owner = display_name(owner)
            return (owner, *(c for c in companies[1:] if c != owner))
    return companies
