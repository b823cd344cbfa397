"""The one country where the jobs are, when the item says so."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from bot.alternation import trie_alternation
from bot.companies import known
from bot.models import Kind
from bot.tagging.actions import _action
from bot.tagging.document import _Doc
from bot.tagging.functions import _UNIT_NOUN, ascii_or


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], re.Pattern[str]]:
    raw = json.loads(
        resources.files("bot").joinpath("data/places.json").read_text(encoding="utf-8")
    )
    table: dict[str, str] = {c.lower(): c for c in raw["countries"]}
    for alias, country in raw["aliases"].items():
        table[alias.lower()] = country
    # One trie-shaped group for the ~380 names (bot.alternation): the same matches as
    # their longest-first alternation, at a fraction of the attempts per position.
    names = trie_alternation({*raw["countries"], *raw["aliases"]})
    pattern = re.compile(r"(?<![\w-])(" + names + r")(?![\w]|-based)")
    return table, pattern


_PLACE_TABLE, _PLACE_RE = _places()
_LOCATION_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|at|across|throughout|from)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,3}$)"
)
_LOCATION_CONTEXT_AFTER = re.compile(
    r"^(?:'s)?[\s,]+(?:and\s+[A-Z]\w+\s+)?(?:[\w-]+\s+){0,2}?(?i:plants?|studios?|offices?|"
    r"depots?|sites?|staff|employees|workers|moderators?|moderation|jobs|roles|call[- ]cent\w+|"
    r"operations|stores|bakery|factory|magazines|teams?|ground|agents|branch(?:es)?|outsourcing|"
    # a site's noun: 'its Dublin support centre', 'the Austin hub', 'a Cork facility'
    r"newsrooms?|warehouses?|cent(?:re|er)s?|hubs?|facility|facilities|campus(?:es)?|"
    r"headquarters|HQ|mills?|mines?|works|yards?|refinery|distribution)\b"
)


_NAME_AT = re.compile(r"[\w&.'’-]+(?:\s+[A-Z][\w&.'’-]*){0,2}")


def _names_employer(sentence: str, at: int) -> bool:
    """Whether a listed employer's name starts at `at` with the place word and goes on."""
    m = _NAME_AT.match(sentence, at)
    words = m.group().split() if m else []
    return any(
        (found := known(" ".join(words[:n]))) is not None
        and _PLACE_TABLE.get(found.lower()) is None
        for n in range(len(words), 1, -1)
    )


def _location_in(sentence: str) -> str | None:
    for m in ascii_or(sentence, _PLACE_RE).finditer(sentence):
        before, after = sentence[: m.start()], sentence[m.end() :]
        if _names_employer(sentence, m.start()):
            continue  # "Victoria's Secret stores", 'Phoenix Labs': a place word in a name
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
