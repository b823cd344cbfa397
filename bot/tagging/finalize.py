"""Which candidate names survive as employers: a capitalised word that only opens a
sentence, a publisher, a modifier opening the headline are no names (see `_finalize`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from bot.companies import (
    common_words,
    company_for_person,
    display_name,
    known,
    plausible_company,
    word_named_employers,
)
from bot.language import english_words
from bot.tagging.actions import _actions
from bot.tagging.document import _Doc
from bot.tagging.full_names import extend_name
from bot.tagging.lexicon import _JOBS
from bot.tagging.names import _APOSTROPHE_S, _fold, _generic, _named_by_descriptor
from bot.tagging.quantities import _headcount_in, _percent_in
from bot.tagging.title_case import known_tail
from bot.tagging.vocabulary import DESCRIPTORS

# A capitalised word or a figure right before: the word ends a longer name the runs split.
_INSIDE_NAME = re.compile(r"(?:\b(?P<word>[A-Z][\w&'’.-]*)|\d%)\s$")
# A trade union by its name ('Unite', 'Communications Workers of America', 'GMB'): it speaks
# about cuts, it never makes them (v2 rulings: unions are not companies of an action).
_UNION = re.compile(
    r"\b(?<!credit\s)(?:unions?|unite|(?:writers|actors|news)\s*guild|workers|federation|"
    r"confederation|tuc|afl-cio|teamsters|gmb|unison|sag-aftra|wga)\b",
    re.I,
)
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;|—–]|\s-)[\s\"'‘“(\[]*$")


@lru_cache(maxsize=1024)
def _standalone(name: str) -> re.Pattern[str]:
    """`name` as a whole word: no word character, '&', apostrophe, dot or dash before it,
    no word character nor '&' after it."""
    return re.compile(r"(?<![\w&'’.-])" + re.escape(name) + r"(?![\w&])")


_NOT_BEFORE = "&'’.-_"
_NOT_AFTER = "&_"


def standalone_in(name: str, texts: tuple[str, ...]) -> Iterator[tuple[str, int, int]]:
    """Each (text, start, end) of `_standalone(name).finditer` over `texts`, in order, found
    by `str.find` with the borders read as the pattern reads them (`\\w` is `str.isalnum()`
    or '_', as in `re`): the judgement compiled a pattern for ~1,000 names per 5,000
    items, each once or twice."""
    if not name:
        yield from ((t, m.start(), m.end()) for t in texts for m in _standalone(name).finditer(t))
        return
    for text in texts:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            before = text[at - 1] if at else ""
            after = text[end] if end < len(text) else ""
            if (not before or not (before.isalnum() or before in _NOT_BEFORE)) and (
                not after or not (after.isalnum() or after in _NOT_AFTER)
            ):
                yield text, at, end
                at = text.find(name, end)
            else:
                at = text.find(name, at + 1)


def _capital_says_nothing(name: str, doc: _Doc, *, action: bool) -> bool:
    """'Food for fungi', 'Expands': one ordinary English word, capitalised only where every
    word is (a Title Case headline; a sentence's first word unless it is the subject of a
    job action), is no name.

    Capitals mid-sentence in ordinary prose are evidence ('layoffs at Chime'), so a name
    seen there is kept even when the dictionary lists it; so are names of several words
    ('Virgin Orbit', 'Star Entertainment'), which ordinary phrases rarely are.
    """
    word = _APOSTROPHE_S.sub("", name).lower()
    vocabulary = english_words()
    if " " in name or known(name) or not all(p in vocabulary for p in word.split("-")):
        return False
    if action and name in word_named_employers() and word not in common_words():
        return False
    if action and doc.title_case and _after_descriptor(name, doc.title):
        return False  # 'EV Startup Lucid Slashes 18%': the descriptor introduces a name
    if action and _acronym(name, doc.title):
        return False  # 'SAP to Cut 3,000 Jobs': capitals a dictionary word is never written in
    if action and doc.title_case and (_restated(name, doc) or _counted_subject(name, doc)):
        return False  # 'Acme Conducts Layoffs' / 'The software company’s move ...'
    texts = doc.lead if doc.title_case else (doc.title, *doc.lead)
    for text, start, end in standalone_in(name, texts):
        if _inside_name(text, start):
            continue  # 'World Economic Forum', '1% Club': the tail of a longer name
        opening = _SENTENCE_OPENING.search(text[:start])
        if not opening or (
            action and not _MODIFIES_JOBS.match(text[end:]) and _acting_opening(text, end)
        ):
            return False
    return True


# 'Explore the latest player changes': a sentence's first word before a determiner is an
# imperative verb, never a name.
_DETERMINER_NEXT = re.compile(r"\s+(?:the|a|an|your|our|this|these|those|its|their|my)\b")


def _acting_opening(text: str, end: int) -> bool:
    """The sentence that opens on a dictionary word (ending at `end`) states a job action
    and the word is not an imperative: the word may be the acting employer. 'Liquid can be
    seen bubbling ...', 'Shots were fired ...' in an action item's lead open on no employer
    where their sentence reports no cut."""
    return _DETERMINER_NEXT.match(text, end) is None and bool(_actions(text))


def _acronym(name: str, title: str) -> bool:
    """'SAP', 'UPS': a word of three letters or more written in capitals in a headline that
    is not (its capitals are the name's, as an acronym's are)."""
    return len(name) >= 3 and name.isalpha() and name.isupper() and not title.isupper()


# 'The German software company joined ...', 'The retailer’s move ...', 'CEO Jane Doe said
# ...': the lead opening on a descriptor, or on the boss of no one it names, restates the
# headline's subject, as news writing does.
_DESCRIPTOR_OPENING = re.compile(
    r"^[\s\"'‘“]*The\s+(?:[\w-]+\s+){0,3}?(?:"
    + "|".join(sorted((re.escape(d) for d in DESCRIPTORS if d.isalpha()), key=len, reverse=True))
    + r")\b|^[\s\"'‘“]*(?:Its\s+)?(?:CEO|[Cc]hief [Ee]xecutive|[Cc]o-?founder|[Bb]oss)\s+[A-Z]"
)


def _restated(name: str, doc: _Doc) -> bool:
    """A Title Case headline opening on the one word `name` (or naming it after 'at' or
    'across': where the cuts are), whose lead opens on 'The ... company' (a descriptor):
    the word is the employer the lead restates, even a dictionary word ('Unity Conducts Its
    Third Round of Layoffs' / 'The software company’s move to let go ...'; 'Jane Doe Begins
    Layoffs at Acme' / 'The social media company’s staff ...')."""
    title = doc.title.lstrip(" \"'‘“")
    placed = re.search(r"\b(?i:at|across)\s+" + re.escape(name) + r"\b", title)
    return (
        (title.startswith(name + " ") or placed is not None)
        and bool(doc.lead)
        and bool(_DESCRIPTOR_OPENING.match(doc.lead[0]))
    )


def _counted_subject(name: str, doc: _Doc) -> bool:
    """'Acme Slashes 40% of Staff', 'Acme Cuts 1,200 Jobs': the one word opening a Title
    Case headline right before its action verb, a count or share of staff its object, is
    the employer cutting them: no ordinary word (a generic or AI subject is no name before
    this is asked) cuts a counted workforce."""
    title = doc.title.rsplit(":", 1)[-1].lstrip(" \"'‘“")  # 'Not Hiring: Indeed Cuts 15%'
    if not title.startswith(name + " "):
        return False
    hits = _actions(title)
    if not hits or hits[0].noun or not _AUXILIARY_GAP.fullmatch(title, len(name), hits[0].start):
        return False
    return bool(_headcount_in(title) or _percent_in(title) is not None)


# 'Acme Plans to Lay Off', 'Acme Will Cut', 'Acme to Cut': the words a subject's verb follows.
_AUXILIARY_GAP = re.compile(r"(?:\s+(?i:to|will|is|set|plans|reportedly|could|may))*\s+")


def _inside_name(text: str, start: int) -> bool:
    """Whether a capitalised word or a figure comes right before `start`: the word there
    ends a longer name. An article opening a sentence ('The Finals') is no part of one."""
    m = _INSIDE_NAME.search(text, 0, start)
    if m is None or (m.group("word") or "").endswith(("'s", "’s", "’", "'")):
        return False  # "GM's Cruise", "General Motors’ Cruise": the owner's unit, its own name
    article = m.group("word") in {"The", "A", "An"}
    return not (article and _SENTENCE_OPENING.search(text[: m.start()]))


def _after_descriptor(name: str, text: str) -> bool:
    if name.endswith(("ing", "ed")) or name not in text:  # 'Parent Company Restructuring'
        return False  # is a verb; a text without the name holds no match
    for m in re.finditer(r"(\S+)\s+" + re.escape(name) + r"\b", text):
        if m.group(1).lower() in DESCRIPTORS:
            return True
    return False


# 'Mining jobs lost to automation ...': an opening word that qualifies the jobs is no employer.
_MODIFIES_JOBS = re.compile(r"\s+(?:[a-z][\w-]*\s+)?" + _JOBS + r"\b")


def _introduced(name: str, texts: tuple[str, ...]) -> bool:
    """'owner Reach': a dictionary word the item introduces as a name with a descriptor;
    'Developer The Game Band announced': dictionary words opened by 'The' after one."""
    return any(
        _named_by_descriptor(text, m.start(), name)
        or (name.startswith("The ") and _after_descriptor_word(text, m.start()))
        for text in texts
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"\b", text)
    )


def _after_descriptor_word(text: str, start: int) -> bool:
    words = text[max(0, start - 20) : start].split()
    return bool(words) and words[-1].lower() in DESCRIPTORS


def _once(name: str) -> str:
    """'Naughty Dog Naughty Dog' (a photo credit glued to the sentence it captions,
    'Image: Naughty Dog Naughty Dog is cutting ...'): the name said twice is said once."""
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:] and not known(name):
        return " ".join(words[:half])
    return name


# A person's generational suffix ('Robert F. Kennedy Jr.', 'RFK Jr'): no employer's name.
_GENERATION = re.compile(r"\s(?:Jr|Sr)\.?$")


def _finalize(names: list[str], doc: _Doc, *, action: bool = False) -> tuple[str, ...]:
    out: list[str] = []
    publisher = _fold(doc.publisher) if doc.publisher else None
    texts = (doc.title, *doc.lead)
    for raw in names:
        name = _once(known_tail(_without_opening_modifier(raw.strip(" ,.'’\""), texts)))
        if not name or _generic(name):
            continue
        if not plausible_company(name) and not _introduced(name, texts):
            continue
        if _capital_says_nothing(name, doc, action=action):
            continue
        if action and _UNION.search(name) and not known(name):
            continue  # 'Unite said the cuts ...': v2, a union is no company of an action
        if _GENERATION.search(name):
            continue  # "RFK Jr.'s critics ...": a person by a generational suffix
        person = company_for_person(name)
        name = _formal_order(display_name(extend_name(person or name, texts)), texts)
        name = _with_plus(name, texts)
        if publisher and _fold(name) == publisher:
            continue
        if name not in out:
            out.append(name)
    return tuple(out[:4])


def _formal_order(name: str, texts: tuple[str, ...]) -> str:
    """'Oxford University cuts ties ...' / 'The University of Oxford will cut ...': a
    university the item also names in the formal order is named so (the labels' plain
    name is the institution's own); 'Stanford University', never written so, stays."""
    if not name.endswith(" University"):
        return name
    formal = "University of " + name[: -len(" University")]
    return formal if any(formal in t for t in texts) else name


def _with_plus(name: str, texts: tuple[str, ...]) -> str:
    """'OPEC+ announces surprise oil output cuts': an unlisted name written with a '+' is
    that name (the alliance, not OPEC); a listed one ('Disney+') stays its employer."""
    plus = name + "+"
    if known(name) or not any(plus in t for t in texts):
        return name
    pattern = re.compile(r"(?<![\w&'’.-])" + re.escape(plus) + r"(?![\w+])")
    return plus if any(pattern.search(t) for t in texts) else name


def _without_opening_modifier(name: str, texts: tuple[str, ...]) -> str:
    """'Staggering figures reveal ...', 'Rumored Waymo Layoff ...': a participle or adverb
    opening the headline or a lead sentence qualifies what follows; it is no name."""
    first, _, rest = name.partition(" ")
    if known(name) or not _modifier_word(first, ("ed", "ly") if rest else ("ing", "ed", "ly")):
        return name
    if not any(_opens_with(t.lstrip(" \"'‘“"), first, lower_next=not rest) for t in texts):
        return name  # 'Reading Borough Council', 'Flying Tiger': a name of several words
    return rest


def _opens_with(text: str, word: str, *, lower_next: bool) -> bool:
    """`text` opens with `word` and a space (and then a small letter, with `lower_next`)."""
    if not text.startswith(word + " "):
        return False
    following = text[len(word) + 1 : len(word) + 2]
    return not lower_next or following.islower()


def _modifier_word(word: str, suffixes: tuple[str, ...]) -> bool:
    low = word.lower()
    vocabulary = english_words()
    for suffix in suffixes:
        stem = low[: -len(suffix)]
        if (
            len(low) > 5
            and low.endswith(suffix)
            and (stem in vocabulary or stem + "e" in vocabulary)
        ):
            return True
    return False
