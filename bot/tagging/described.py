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
made by an owned company is that company's parent ('Candy Crush parent': Microsoft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.alternation import trie_alternation
from bot.companies import _fold, brand_table, known
from bot.language import english_words
from bot.tagging.document import _Doc

# Nothing to read without one of these words: the table is not even loaded.
_CUE_WORD = re.compile(
    r"(?i:owner|maker|parent|publisher|brewer|developer|\bdevs?\b|operator|creator|behind|"
    r"\bthat\s+(?:owns|makes|publishes|runs|operates|brews)\b)"
)
_DESCRIPTOR = (
    r"parent\s+company|parent|owner|maker|publisher|brewer|developer|devs?|operator|creator"
)
# What may follow a descriptor and name its owner ('TikTok owner ByteDance').
_FOLLOWER = re.compile(r"\s*,?\s+(?P<name>[A-Z0-9][\w&'’.!-]*(?:\s+[A-Z0-9][\w&'’.!-]*){0,2})")
# An owner named before it, the descriptor its apposition ('OpenAI, the ChatGPT maker').
_APPOSITION = re.compile(r"[A-Z][\w&'’.!-]*\s*,\s*$")


@dataclass(frozen=True)
class _Table:
    brands: dict[str, tuple[str, str, str]]  # fold(brand) -> (brand, owner, kind)
    words: frozenset[str]  # fold(brand) of brands that are one English word
    parents: dict[str, str]
    written: dict[str, str]
    # (shape, pattern): 'before' (the brand before its descriptor), 'behind', 'of'
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    listed: re.Pattern[str]  # one brand of an 'of' list


@lru_cache(maxsize=1)
def _table() -> _Table:
    raw = brand_table()
    brands = {_fold(b): (b, owner, kind) for b, (owner, kind) in raw.get("brands", {}).items()}
    names = trie_alternation(raw.get("brands", {}), ignorecase=True)  # "Lay's" and 'Lays'
    brand = rf"(?P<brand>{names})(?![\w&-])"
    listed = rf"(?:the\s+)?(?:{names})"
    patterns = (
        # 'Bud Light maker', "Instagram's parent company", 'the Call of Duty publisher'
        (
            "before",
            re.compile(
                rf"(?:(?P<the>\bthe\s+)|(?<![\w&'’.-]))(?P<brand>{names})(?P<poss>['’]s)?\s+"
                rf"(?P<desc>{_DESCRIPTOR})(?![\w-])",
                re.IGNORECASE,
            ),
        ),
        # 'Company Behind ChatGPT', 'the firm behind Fortnite'
        (
            "behind",
            re.compile(
                rf"(?P<the>\bthe\s+)?\b(?P<desc>parent\s+company|company|firm|startup|group|"
                rf"studio|team|lab|outfit|business)\s+behind\s+(?:the\s+)?{brand}",
                re.IGNORECASE,
            ),
        ),
        # 'publisher of the Mirror and Express', 'the company that owns Lay's and Pepsi'
        (
            "of",
            re.compile(
                rf"(?P<the>\bthe\s+)?\b(?:(?P<desc>parent(?:\s+company)?|owner|maker|publisher|"
                rf"brewer|developer|operator|creator)\s+of|(?:company|firm|group|business)\s+"
                rf"that\s+(?:owns|makes|publishes|runs|operates|brews))\s+(?P<brands>{listed}"
                rf"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){listed})*)(?![\w&-])",
                re.IGNORECASE,
            ),
        ),
    )
    return _Table(
        brands=brands,
        words=frozenset(_fold(b) for b in raw.get("words", [])),
        parents=dict(raw.get("parents", {})),
        written=dict(raw.get("written", {})),
        patterns=patterns,
        listed=re.compile(rf"(?:the\s+)?(?P<brand>{names})", re.IGNORECASE),
    )


def described(doc: _Doc) -> _Doc:
    """`doc` with every descriptor of an owner ('Bud Light maker') written as the owner;
    `doc` itself when it has none (most items: one regex search)."""
    title = _named(doc.title, doc.title_case)
    body = tuple(_named(s, False) for s in doc.body)
    lead = tuple(_named(s, False) for s in doc.lead)
    if title == doc.title and body == doc.body and lead == doc.lead:
        return doc
    return replace(doc, title=title, lead=lead, body=body)


@lru_cache(maxsize=1024)
def _named(text: str, title_case: bool) -> str:
    if not _CUE_WORD.search(text):
        return text
    table = _table()
    spans: list[tuple[int, int, str]] = []
    for shape, pattern in table.patterns:
        for m in pattern.finditer(text):
            owner = _owner(table, shape, m, title_case)
            if owner and all(e <= m.start() or s >= m.end() for s, e, _ in spans):
                spans.append((m.start(), m.end(), table.written.get(owner, owner)))
    for start, end, owner in sorted(spans, reverse=True):
        text = text[:start] + owner + text[end:]
    return text


def _owner(table: _Table, shape: str, m: re.Match[str], title_case: bool) -> str | None:
    """The owner a descriptor match stands for, or None when it stands for none."""
    desc = (m.group("desc") or "").lower()
    if shape == "of":
        found = [b.group("brand") for b in table.listed.finditer(m.group("brands"))]
    else:
        found = [m.group("brand")]
    owners: set[str] = set()
    for text in found:
        entry = table.brands.get(_fold(text))
        if entry is None or text[:1] != entry[0][:1]:
            return None  # not listed, or not written as the name ('mirror')
        brand, owner, kind = entry
        if shape == "before" and _fold(brand) in table.words and not m.group("the"):
            return None  # 'Mirror maker', 'Ring owner': a word before its descriptor
        if desc == "owner" and kind == "product":
            return None  # 'Roomba owner says': a buyer
        owners.add(_walked(table, owner) if desc.split()[:1] in (["parent"], ["owner"]) else owner)
    if len(owners) != 1 or _owner_beside(m, title_case):
        return None
    return owners.pop()


def _walked(table: _Table, owner: str) -> str:
    seen = {owner}
    while (parent := table.parents.get(owner)) and parent not in seen:
        owner = parent
        seen.add(owner)
    return owner


def _owner_beside(m: re.Match[str], title_case: bool) -> bool:
    """Whether the item names the owner right after the descriptor ('TikTok owner
    ByteDance', 'Fortnite Maker Epic Games Lays Off') or before it in apposition ('OpenAI,
    the ChatGPT maker'). In Title Case a capital starts every word: there a name is a
    listed one or a word no dictionary has ('Owner Announces' is no name)."""
    if _APPOSITION.search(m.string, 0, m.start()):
        return True
    follower = _FOLLOWER.match(m.string, m.end())
    if follower is None:
        return False
    if not title_case:
        return True
    words = follower.group("name").split()
    if any(known(" ".join(words[:n])) for n in range(len(words), 0, -1)):
        return True
    first = re.sub(r"['’]s$", "", words[0]).strip(".,!")
    return first.lower() not in english_words()
