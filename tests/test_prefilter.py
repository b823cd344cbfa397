"""bot.tagging.prefilter: a regex is skipped only where it cannot match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bot.summarize
import bot.text
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
    # Under IGNORECASE 'ſ' is an 's': a non-ASCII text is always searched.
    assert pattern.search("ſubscribe") and may_match(pattern, "ſubscribe")


def _sentences() -> list[str]:
    out = ["", "AI", "A.I. cuts", "ſubscribe", "Kelvin K", "sıgn in"]
    for line in DEV.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out += [record["title"], *re.split(r"(?<=[.!?])\s+", record.get("summary") or "")]
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
