"""The tagger's vocabularies, read once from bot/data/tagging.json.

Word lists are data, not logic: a new descriptor ('haulier') or auxiliary ('mulls') is a
line in the file, reviewed as such, and the extractors stay short.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _load() -> dict[str, Any]:
    text = resources.files("bot").joinpath("data/tagging.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_DATA = _load()

# Words that say who, in general, acts ('companies', 'executives', 'AI'): no employer.
GENERIC_SUBJECTS: frozenset[str] = frozenset(_DATA["generic_subjects"])
# Nouns that describe an employer ('agency', 'carmaker'): they end a name, never are one.
DESCRIPTORS: frozenset[str] = frozenset(_DATA["descriptors"])
# Auxiliaries and headline fillers between a subject and its verb ('reportedly plans to').
AUXILIARIES: frozenset[str] = frozenset(_DATA["auxiliaries"])
# Words that complete a company name ('Quayside Translations').
NAME_SUFFIXES: frozenset[str] = frozenset(_DATA["name_suffixes"])
# 'Generative AI' is a topic, 'Scale AI' a company.
AI_ADJECTIVES: frozenset[str] = frozenset(_DATA["ai_adjectives"])
NUMBER_WORDS: dict[str, int] = {k: int(v) for k, v in _DATA["number_words"].items()}
FRACTIONS: dict[str, float] = {k: float(v) for k, v in _DATA["fractions"].items()}
# (regex, function) pairs in the spec's vocabulary, first match of a phrase wins.
FUNCTION_TERMS: tuple[tuple[str, str], ...] = tuple(
    (f["pattern"], f["function"]) for f in _DATA["functions"]
)
# Every FUNCTION_TERMS pattern contains one of these (lowercased): a cheap test first.
FUNCTION_KEYS: tuple[str, ...] = tuple(_DATA["function_keys"])
