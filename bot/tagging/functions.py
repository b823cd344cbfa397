"""Job functions affected (the spec's vocabulary), from sentences about the cuts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from bot.ignorecase import any_key, ascii_twin, lower_is_ignorecase, plain_ascii, twins_for
from bot.models import Kind
from bot.tagging.actions import _action
from bot.tagging.document import _Doc
from bot.tagging.lexicon import _JOBS
from bot.tagging.merged_search import merged_finditer
from bot.tagging.prefilter import Prefilter, keys, lowered
from bot.tagging.vocabulary import FUNCTION_KEYS, FUNCTION_TERMS

_TERMS = tuple(f"(?P<f{i}>\\b(?:{pat}))" for i, (pat, _) in enumerate(FUNCTION_TERMS))
_FUNCTION_RE = re.compile("|".join(_TERMS), re.I)
_FUNCTION_NAMES = tuple(name for _, name in FUNCTION_TERMS)
_HOLDS_FUNCTION_KEY = any_key(FUNCTION_KEYS)


@lru_cache(maxsize=1)
def _term_res() -> tuple[re.Pattern[str], ...]:
    """Each term compiled alone (searched alone by bot.tagging.merged_search)."""
    return tuple(re.compile(term, re.I) for term in _TERMS)


@lru_cache(maxsize=1)
def _term_tests() -> tuple[tuple[int, Callable[[str], bool] | None], ...]:
    """Each term's number and the test of its own prefilter keys (bot.tagging.prefilter)
    on a lower-case sentence, None when it has none."""
    found = (keys(regex) for regex in _term_res())
    return tuple((i, None if k is None else any_key(k)) for i, k in enumerate(found))


@lru_cache(maxsize=256)
def _terms_re(present: tuple[int, ...]) -> re.Pattern[str]:
    return re.compile("|".join(_TERMS[i] for i in present), re.I)


def _function_matches(sentence: str, low: str) -> Iterator[re.Match[str]]:
    """`_FUNCTION_RE.finditer(sentence)`. A sentence is searched with only the
    terms whose keys it holds (in their order, under their group names): a term that
    cannot match anywhere in it changes no match, and the other 19 cost a try at every
    position (the one regex was searched on over half the sentences)."""
    if not lower_is_ignorecase(sentence):  # 'ſ' is an 's' (bot.ignorecase)
        return _FUNCTION_RE.finditer(sentence)
    present = tuple(i for i, test in _term_tests() if test is None or test(low))
    if len(present) == len(_TERMS):
        return _FUNCTION_RE.finditer(sentence)
    if not present:
        return iter(())
    terms = _term_res()
    if plain_ascii(sentence):  # the terms' re.ASCII twins match alike (bot.ignorecase)
        terms = tuple(ascii_twin(terms[i]) if i in present else terms[i] for i in range(len(terms)))
    return merged_finditer(terms, present, sentence, _terms_re)


_PURPOSE_BEFORE = re.compile(
    r"\bto (?:speed up|improve|boost|raise|lift|accelerate|streamline|enhance|power)\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)
_UNIT_NOUN = re.compile(r"\b(?:" + _JOBS[3:-1] + r"|functions|occupations|areas)\b", re.I)


@lru_cache(maxsize=4096)
def _functions_in(sentence: str) -> tuple[str, ...]:
    low = sentence.lower()
    if not _HOLDS_FUNCTION_KEY(low):
        return ()
    found: list[str] = []
    for m in _function_matches(sentence, low):
        if _PURPOSE_BEFORE.search(sentence[: m.start()]):
            continue
        name = _FUNCTION_NAMES[int((m.lastgroup or "f0")[1:])]
        if name not in found:
            found.append(name)
    return tuple(found)


_STRONG_BODY = re.compile(
    r"\b(?:affected|affect|hit|laid off|lay off|layoffs|cuts|cut|eliminat\w+|redundan\w+|"
    r"let go|dismissed|lost)\b",
    re.I,
)

_STRONG_KEYS, _UNIT_KEYS = Prefilter(_STRONG_BODY), Prefilter(_UNIT_NOUN)


def ascii_or(text: str, regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex`, or its ASCII twin where that matches alike (bot.ignorecase)."""
    return twins_for(text)(regex)


def _functions(doc: _Doc, kind: Kind) -> tuple[str, ...]:
    if kind == Kind.OTHER:
        return ()
    sentences = [doc.title, *doc.lead]
    rest = doc.body[len(doc.lead) :]
    if kind == Kind.ANALYSIS:
        sentences += rest[:8]
    else:
        sentences += [
            s
            for s in rest
            if _STRONG_KEYS.holds(lowered(s)) and ascii_or(s, _STRONG_BODY).search(s)
        ]
    found: list[str] = []
    for i, sentence in enumerate(sentences):
        unit = _UNIT_KEYS.holds(lowered(sentence)) and ascii_or(sentence, _UNIT_NOUN).search(
            sentence
        )
        context = unit or (i == 0 and _action(sentence))
        if not context:
            continue
        for name in _functions_in(sentence):
            if name not in found:
                found.append(name)
    return tuple(found)
