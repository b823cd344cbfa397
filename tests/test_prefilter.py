"""bot.tagging.prefilter: a regex is skipped only where it cannot match."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import bot.html_text
import bot.summarize
import bot.text
from bot.ignorecase import (
    ASCII_LOOKALIKES,
    TWIN_AFTER,
    ascii_twin,
    compiled_twin,
    lower_is_ignorecase,
    plain_ascii,
)
from bot.tagging import (
    actions,
    ai_cause,
    commentary,
    companies,
    functions,
    headcount,
    kind,
    lexicon,
    location,
    names,
    quantities,
)
from bot.tagging.prefilter import keys, may_match

DEV = Path(__file__).parent / "data" / "eval" / "dev.jsonl"


def test_keys_of_a_pattern() -> None:
    assert keys(re.compile(r"\b(?:cuts?|slash(?:es)?)\s+jobs\b", re.I)) == ("jobs",)
    assert keys(re.compile(r"layoffs?|redundanc\w+", re.I)) == ("layoff", "redundanc")
    assert keys(re.compile(r"(?:foo)?\d+")) is None  # nothing every match must hold


def test_skips_only_what_cannot_match() -> None:
    pattern = re.compile(r"\bsubscribe\b", re.I)
    assert not may_match(pattern, "Acme cuts 300 jobs")
    assert may_match(pattern, "Please SUBSCRIBE now")
    # Under IGNORECASE 'ſ' is an 's': a text holding it is always searched.
    assert pattern.search("ſubscribe") and may_match(pattern, "ſubscribe")
    assert pattern.search("Café: ſubscribe") and may_match(pattern, "Café: ſubscribe")
    # Accents and curly quotes stand for no ASCII letter: such a text is filtered too.
    assert not may_match(pattern, "Acme’s café cuts 300 jobs — “soon”")
    assert may_match(pattern, "Please SUBSCRIBE — “now”")


def test_only_four_characters_outside_ascii_match_an_ascii_letter_ignoring_case() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    odd = set()
    for c in range(128):
        odd |= {m.group() for m in re.finditer(re.escape(chr(c)), every, re.I)}
    assert {c for c in odd if not c.isascii()} == set(ASCII_LOOKALIKES)
    assert lower_is_ignorecase("Acme’s café") and not lower_is_ignorecase("273 \u212a")


def _sentences() -> list[str]:
    out = ["", "AI", "A.I. cuts", "ſubscribe", "Kelvin K", "sıgn in", "\u212aeep", "LAYOFFS İN"]
    for line in DEV.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out += [record["title"], *re.split(r"(?<=[.!?])\s+", record.get("summary") or "")]
    # Each sentence again with curly quotes, a dash and an accent: the non-ASCII path.
    curly = str.maketrans({"'": "’", '"': "“", "-": "–"})
    out += [s.translate(curly) + " — café" for s in out if s.isascii()]
    return out


def test_never_skips_a_match_of_the_rules() -> None:
    modules = (actions, ai_cause, commentary, companies, functions, headcount, kind, lexicon)
    modules += (location, names, quantities, bot.summarize, bot.text)
    patterns = [v for m in modules for v in vars(m).values() if isinstance(v, re.Pattern)]
    assert len(patterns) > 50
    for sentence in _sentences():
        for pattern in patterns:
            if pattern.search(sentence):
                assert may_match(pattern, sentence), (pattern.pattern[:80], sentence)


def test_hand_listed_furniture_keys_cover_the_derived_ones() -> None:
    # bot.summarize and bot.text skip a line holding none of their listed keys (also with
    # accents and curly quotes): each derived key must hold a listed one.
    for pattern, listed in (
        (bot.summarize._FURNITURE, bot.summarize._FURNITURE_KEYS),
        (bot.text._FURNITURE_ANYWHERE, bot.text._ANYWHERE_KEYS),
        (bot.text._BANNER, bot.text._BANNER_KEYS),
    ):
        derived = keys(pattern)
        assert derived and all(any(k in d for k in listed) for d in derived)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


def test_ascii_twins_match_as_the_rules_on_plain_ascii_text() -> None:
    modules = (actions, ai_cause, commentary, companies, functions, headcount, kind, lexicon)
    modules += (location, names, quantities, bot.summarize, bot.text, bot.html_text)
    patterns = [v for m in modules for v in vars(m).values() if isinstance(v, re.Pattern)]
    sentences = [s for s in _sentences() if plain_ascii(s)]
    sentences += ["Acme cuts 10\x1c000 jobs", "x\x1fy"]  # separators: not plain, kept whole
    twinned = 0
    for pattern in patterns:
        twin = compiled_twin(pattern)
        twinned += twin is not pattern
        for sentence in sentences:
            if plain_ascii(sentence):
                assert _found(twin, sentence) == _found(pattern, sentence), pattern.pattern[:80]
    assert twinned > 50
    assert not plain_ascii("x\x1cy") and re.search(r"x\sy", "x\x1cy")  # why they are not plain
    assert not re.search(r"x\sy", "x\x1cy", re.ASCII)


def test_a_rule_naming_a_lookalike_has_no_twin() -> None:
    for pattern in (r"[ſ]x", r"[\u0100-\u0180]", r"a|(?=b\u212a)", r"(a)(?(1)ı|b)", r"(?u)x"):
        rule = re.compile(pattern, re.I)
        assert compiled_twin(rule) is rule
    assert compiled_twin(re.compile("ſ", re.I)).search("s")  # what a twin would have missed


def test_a_twin_is_made_once_its_rule_is_much_used() -> None:
    rule = re.compile(r"\bcuts?\b", re.I)
    assert all(ascii_twin(rule) is rule for _ in range(TWIN_AFTER - 1))
    twin = ascii_twin(rule)
    assert twin is not rule and twin.flags & re.ASCII and ascii_twin(rule) is twin
