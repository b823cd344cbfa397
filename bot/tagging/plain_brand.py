"""The plain brand an item itself calls its employer by (spec: canonical names are the plain
brand): 'Starry Internet cuts 500 jobs' / 'Starry once planned to cover 40 million homes'.

A headline may add what the employer sells to its name ('Internet', 'Trading', 'Burger');
when the lead calls the employer by the name without that word, and never by the longer
one, the shorter is the brand. Only an unlisted name of several words whose last word is a
plain English noun counts: a word that makes a name ('Games', 'Freight', 'Studios', in
bot/data/tagging.json's name_suffixes) stays, and so does a name the lead repeats in full
('Brackenridge Freight ... Brackenridge Freight's depots')."""

from __future__ import annotations

import re

from bot.companies import known
from bot.language import english_words
from bot.tagging.document import _Doc
from bot.tagging.vocabulary import NAME_SUFFIXES

_UNIT_WORDS = frozenset(["television", "radio", "news", "studio", "campaign", "team"])


def plain_brand(doc: _Doc, companies: tuple[str, ...]) -> tuple[str, ...]:
    if not companies or " " not in companies[0] or not doc.lead:
        return companies
    name = companies[0]
    head, _, last = name.rpartition(" ")
    word = last.lower()
    if word in NAME_SUFFIXES or word in _UNIT_WORDS or word not in english_words():
        return companies
    if not last[:1].isupper() or known(name) or head in companies[1:]:
        return companies
    lead = " ".join(doc.lead)
    if name in lead:
        return companies
    # the head alone: no capitalised word after it (not a longer name), nor before it
    # (not 'National Eating Disorder Association') unless a sentence opens there
    alone = re.compile(r"(?<![\w&'’.-])" + re.escape(head) + r"(?![\w&])(?!\s+[A-Z])")
    if not any(_not_after_capital(lead, m.start()) for m in alone.finditer(lead)):
        return companies
    return (head, *companies[1:])


def _not_after_capital(text: str, start: int) -> bool:
    before = text[:start].rstrip().rsplit(None, 1)
    if not before or before[-1].endswith((".", ":", "|", "!", "?")):
        return True
    return not before[-1][:1].isupper() or before[-1] in ("The", "A", "An")
