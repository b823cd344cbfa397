"""Employers named by what they own, make or publish (issue #16).

'Company Behind ChatGPT Cuts Jobs' (OpenAI), 'Bud Light Brewer Lays Off Hundreds'
(Anheuser-Busch), 'Publisher of the Mirror and Express to cut 450 jobs' (Reach), 'Instagram
parent to cut 10,000 jobs' (Meta): the descriptor is written as its owner (bot/data/brands.json,
built by scripts/build_brands.py) in the text the employer rules read, so they find the
acting employer as they find any name: the subject of the action, not its object.

Left as written: a descriptor with the owner named beside it ('Fortnite maker Epic Games',
'OpenAI, the ChatGPT maker'); a plain '<Brand> cuts jobs' (spec: a unit before its parent,
Instagram stays Instagram); a product's owner in the buyer's sense ('Roomba owner says',
'iPhone owners'); a brand that is one English word unless 'of', 'behind' or 'the' makes it
a name ('publisher of the Mirror', never 'Mirror maker'). A 'parent' or 'owner' of a brand
made by an owned company is that company's parent ('Candy Crush parent': Microsoft). An
owner the rules read as a word ('King', 'Gap') is written as a form of its listed alias no
dictionary has ('KingDigitalEntertainment'), folded to the owner by bot.companies.known;
the reader never sees it: the quoted evidence, functions and place keep the item's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.companies import _fold, brand_table, known
from bot.language import english_words
from bot.tagging.document import _Doc

# Descriptor words, in lower case: a headline and lead with none of them (most items) is
# passed by after a substring test each, ~20x cheaper than any regex search of them.
_CUE_WORDS = (
    *("owner", "maker", "parent", "publisher", "brewer", "dev", "creator", "behind"),
    *("that owns", "that makes", "that publishes"),
)
# The descriptor words, searched in a sentence that has one of _CUE_WORDS; the brand is
# then looked up among the few words beside them (a regex of every brand would cost ~50 ms
# to compile).
_CUE = re.compile(
    r"\b(?:(?P<behind>(?:parent\s+company|company|firm|startup|group|studio|team|lab|outfit|"
    r"business)\s+behind)|(?P<of>(?:parent(?:\s+company)?|owner|maker|publisher|brewer|"
    r"developer|creator)\s+of|(?:company|firm|group|business)\s+that\s+"
    r"(?:owns|makes|publishes))|(?P<desc>parent\s+company|parent|owner|maker|publisher|brewer|"
    r"developer|devs?|creator))\b(?!-)",
    re.IGNORECASE,
)
# The same, case-sensitive over the lower-cased sentence, each try first checking the
# letter a descriptor can start with: 3x cheaper than the search ignoring case.
_CUE_LOWER = re.compile(r"(?=[bcdfglmopst])" + _CUE.pattern)
# Up to ten words right before a descriptor ("Instagram's parent"), five after one ('of
# the Mirror and Express'): words are what spaces part, punctuation that ends a phrase aside.
_WORDS_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“‘]))((?:[^\s;:?!()\"“”]+\s+){1,10})$")
_WORDS_AFTER = re.compile(r"\s+((?:[^\s,;:?!()\"“”]+)(?:\s+[^\s,;:?!()\"“”]+){0,5})")
_TOKEN = re.compile(r"\S+")
_THE = re.compile(r"(?:^|(?<=\s))(?:the|The)\s+$")
_LIST_JOIN = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_POSSESSIVE = re.compile(r"['’]s$")
# What may follow a descriptor and name its owner ('TikTok owner ByteDance').
_FOLLOWER = re.compile(r"\s*,?\s+(?P<name>[A-Z0-9][\w&'’.!-]*(?:\s+[A-Z0-9][\w&'’.!-]*){0,2})")
# An owner named before it, the descriptor its apposition ('OpenAI, the ChatGPT maker').
_APPOSITION = re.compile(r"[A-Z][\w&'’.!-]*\s*,\s*$")
# The brand described in turn ('the publisher of the Unreal Engine, a toolkit for ...'):
# the phrase describes what the sentence is about, it names no actor.
_DESCRIBED_AFTER = re.compile(r",\s+(?:a|an)\s")


@dataclass(frozen=True)
class _Table:
    brands: dict[str, tuple[str, str, str]]  # fold(brand) -> (brand, owner, kind)
    words: frozenset[str]  # fold(brand) of brands that are one English word
    parents: dict[str, str]
    written: dict[str, str]


@lru_cache(maxsize=1)
def _table() -> _Table:
    raw = brand_table()
    return _Table(
        brands={_fold(b): (b, owner, kind) for b, (owner, kind) in raw.get("brands", {}).items()},
        words=frozenset(_fold(b) for b in raw.get("words", [])),
        parents=dict(raw.get("parents", {})),
        written=dict(raw.get("written", {})),
    )


def described(doc: _Doc) -> _Doc:
    """`doc` with every descriptor of an owner ('Bud Light maker') written as the owner in
    its headline and lead; `doc` itself when it has none (most items: substring tests of
    the headline and lead)."""
    if not _cued(" ".join((doc.title, *doc.lead)).lower()):
        return doc
    title = _named(doc.title, doc.title_case)
    lead = tuple(_named(s, False) for s in doc.lead)
    if title == doc.title and lead == doc.lead:
        return doc
    return replace(doc, title=title, lead=lead, body=lead + doc.body[len(doc.lead) :])


def _cued(low: str) -> bool:
    return any(map(low.__contains__, _CUE_WORDS))


def title_owner(doc: _Doc, named: _Doc) -> tuple[str, ...]:
    """The owner the headline's descriptor stands for ('Marvel Snap Publisher Suffers
    Layoffs, Could Shut Down': Nuverse), when it wrote one; the subject of the item whatever
    its kind, for items whose rules named no one (an owner the gazetteer only recognises is
    never searched for in the rewritten headline)."""
    if named is doc or named.title == doc.title:
        return ()
    owners = _owners(doc.title, doc.title_case)
    return (owners[0],) if owners else ()


@lru_cache(maxsize=1024)
def _named(text: str, title_case: bool) -> str:
    return _written(text, title_case)[0]


def _owners(text: str, title_case: bool) -> tuple[str, ...]:
    return _written(text, title_case)[1]


@lru_cache(maxsize=1024)
def _written(text: str, title_case: bool) -> tuple[str, tuple[str, ...]]:
    low = text.lower()
    if not _cued(low):
        return text, ()
    table = _table()
    spans: list[tuple[int, int, str]] = []
    by_written: dict[str, str] = {}
    # Lower case keeps every offset unless a letter lowers to two ('İ'): then ignore case.
    cues = _CUE_LOWER.finditer(low) if len(low) == len(text) else _CUE.finditer(text)
    for m in cues:
        found = (
            _brands_after(table, text, m) if not m.group("desc") else _brand_before(table, text, m)
        )
        if found is None:
            continue
        start, end, brands, named = found
        the = _THE.search(text, 0, start)
        if the:
            start = the.start()
        named = named or (the is not None and bool(m.group("desc")))
        owner = _owner(table, m, brands, the=named)
        if owner is None:
            continue
        written = table.written.get(owner, owner)
        # 'Candy Crush Maker King Lays Off': the owner named after is read as written.
        end = _owner_after(text, end, (owner, written)) or end
        if _owner_beside(text, start, end, title_case):
            continue
        if all(e <= start or s >= end for s, e, _ in spans):
            spans.append((start, end, written))
            by_written[written] = owner
    owners = tuple(by_written[w] for _, _, w in sorted(spans))
    for start, end, owner in sorted(spans, reverse=True):
        text = text[:start] + owner + text[end:]
    return text, owners


def _listed(table: _Table, words: list[str]) -> str | None:
    """The brand `words` spell as written (its first letter as the table has it)."""
    entry = table.brands.get(_fold(" ".join(words)))
    return entry[0] if entry and words[0][:1] == entry[0][:1] else None


def _unlisted_member(words: list[str], end: int) -> int:
    """Where a list's member the table does not know begins, before the 'and' at `end`:
    its capitalised words (up to four), so that the whole list is written as the owner
    the listed member names ('Dreams And LittleBigPlanet Developer Media Molecule' is
    Media Molecule, not 'Dreams And Media Molecule', two names sharing a verb). A member
    the gazetteer lists is an employer of its own and stays."""
    start = end
    while start > 0 and end - start < 4 and words[start - 1][:1].isupper():
        start -= 1
    if start == end or known(" ".join(words[start:end])):
        return end + 1  # 'Amazon and Fortnite maker Epic Games': two employers
    return start


# (start, end, brands, whether 'the' introduced a brand)
_Found = tuple[int, int, list[str], bool]


def _brand_before(table: _Table, text: str, m: re.Match[str]) -> _Found | None:
    """'Bud Light maker', "Instagram's parent", 'the Facebook and Instagram parent
    company': the longest brand ending right before, and the brands listed before it."""
    probe = text
    if text[m.start() - 1 : m.start()] == "-":
        probe = text[: m.start() - 1] + " "  # 'ChatGPT-maker': the same offsets
    before = _WORDS_BEFORE.search(probe, max(0, m.start() - 200), m.start())
    if before is None:
        return None
    tokens = list(_TOKEN.finditer(probe, before.start(1), before.end(1)))
    words = [t.group() for t in tokens]
    ends = [n for n in range(min(5, len(words)), 0, -1) if _listed(table, words[-n:])]
    if not ends:  # "Jack Daniel's maker" is a brand's own 's, "Instagram's parent" not
        words[-1] = _POSSESSIVE.sub("", words[-1])
    brands: list[str] = []
    first, end = len(words), len(words)
    while end > 0:
        n = next((n for n in range(min(5, end), 0, -1) if _listed(table, words[end - n : end])), 0)
        if not n:
            if end < first:  # 'Dreams And LittleBigPlanet Developer': one maker of both
                first = _unlisted_member(words, end)
            break
        brands.append(_listed(table, words[end - n : end]) or "")
        first = end - n
        if first and words[first - 1] in ("and", "&", "And"):
            end = first - 1  # 'Facebook and Instagram parent'
        elif first and words[first - 1].endswith(","):
            words[first - 1] = words[first - 1][:-1]  # 'Facebook, Instagram and ...'
            end = first
        else:
            break
    return (tokens[first].start(), m.end(), brands, False) if brands else None


def _brands_after(table: _Table, text: str, m: re.Match[str]) -> _Found | None:
    """'company behind ChatGPT', 'publisher of the Mirror and Express': the brands after
    (a list only after 'of'), each the longest that fits, and whether 'the' introduced
    one."""
    brands: list[str] = []
    the = False
    pos = end = m.end()
    while (after := _WORDS_AFTER.match(text, pos)) is not None:
        tokens = list(_TOKEN.finditer(text, after.start(1), after.end(1)))
        if len(tokens) > 1 and tokens[0].group().lower() == "the":
            tokens = tokens[1:]
            the = True
        words = [t.group() for t in tokens]
        n = next((n for n in range(len(words), 0, -1) if _listed(table, words[:n])), 0)
        if not n:
            break
        brands.append(_listed(table, words[:n]) or "")
        end = tokens[n - 1].end()
        joined = _LIST_JOIN.match(text, end)
        if not m.group("of") or joined is None:
            break
        pos = joined.end() - 1 if text[joined.end() - 1].isspace() else joined.end()
    return (m.start(), end, brands, the) if brands else None


def _owner(table: _Table, m: re.Match[str], brands: list[str], *, the: bool) -> str | None:
    """The one owner of the brands a descriptor names, or None when it names none."""
    desc = (m.group("desc") or m.group("of") or m.group("behind")).lower().split()[0]
    if all(_fold(b) in table.words for b in brands) and not the:
        # 'Mirror maker', 'developer of Android apps': a word, unless 'the' or a name
        # beside it in a list ('the owner of Lays and Pepsi') makes it one
        return None
    owners: set[str] = set()
    for listed in brands:
        _, owner, kind = table.brands[_fold(listed)]
        if desc == "owner" and kind == "product":
            return None  # 'Roomba owner says': a buyer
        if kind == "unit" and desc not in ("parent", "owner"):
            return None  # 'Naughty Dog Dev': a company's developer is its employee
        owners.add(_walked(table, owner) if desc in ("parent", "owner") else owner)
    return owners.pop() if len(owners) == 1 else None


def _walked(table: _Table, owner: str) -> str:
    seen = {owner}
    while (parent := table.parents.get(owner)) and parent not in seen:
        owner = parent
        seen.add(owner)
    return owner


def _owner_after(text: str, end: int, names: tuple[str, ...]) -> int | None:
    """Where the owner's own name ends when it follows the descriptor ('Candy Crush Maker
    King', 'Old Navy Parent Gap Inc.'), so that a name the rules read as a word ('King',
    'Gap') is read as the owner."""
    follower = _FOLLOWER.match(text, end)
    if follower is None or "," in text[end : follower.start("name")]:
        return None  # "TikTok's parent company, ByteDance, will": named beside, as written
    keys = {_fold(n) for n in names}
    words = list(_TOKEN.finditer(text, follower.start("name"), follower.end("name")))
    for n in range(len(words), 0, -1):
        if _fold(text[words[0].start() : words[n - 1].end()]) in keys:
            return words[n - 1].end()
    return None


def _owner_beside(text: str, start: int, end: int, title_case: bool) -> bool:
    """Whether the item names the owner right after the descriptor ('TikTok owner
    ByteDance', 'Fortnite Maker Epic Games Lays Off') or before it in apposition ('OpenAI,
    the ChatGPT maker'), or the descriptor is itself described. In Title Case a capital starts every word: there a name is a
    listed one or a word no dictionary has ('Owner Announces' is no name)."""
    if _APPOSITION.search(text, 0, start) or _DESCRIBED_AFTER.match(text, end):
        return True
    follower = _FOLLOWER.match(text, end)
    if follower is None:
        return False
    if not title_case:
        return True
    words = follower.group("name").split()
    if words[0] == "The" or any(known(" ".join(words[:n])) for n in range(len(words), 0, -1)):
        return True  # 'Xbox Developer The Initiative', 'Candy Crush Maker King'
    first = re.sub(r"['’]s$", "", words[0]).strip(".,!")
    return first.lower() not in english_words()
