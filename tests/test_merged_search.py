"""bot.tagging.merged_search: an alternation searched as its parts finds what it finds."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from bot.tagging import actions, ai_cause, functions, lexicon, merged_search, quantities
from bot.tagging.merged_search import Alternatives, merged_finditer

DEV = Path(__file__).parent / "data" / "eval" / "dev.jsonl"


def _sentences() -> list[str]:
    out = ["", "AI", "ſubscribe", "Kelvin K", "as the AI boom heats up, it also launches"]
    for line in DEV.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out += [record["title"], *re.split(r"(?<=[.!?])\s+", record.get("summary") or "")]
    return out


def _spans(matches: object) -> list[tuple[int, int, str | None, str]]:
    return [(m.start(), m.end(), m.lastgroup, m.group()) for m in matches]  # type: ignore[attr-defined]


def test_function_terms_merged_as_their_alternation() -> None:
    terms = functions._term_res()
    rng = random.Random(14)
    for sentence in _sentences():
        for _ in range(3):
            present = tuple(sorted(rng.sample(range(len(terms)), rng.randint(1, len(terms)))))
            want = _spans(functions._terms_re(present).finditer(sentence))
            got = merged_finditer(terms, present, sentence, functions._terms_re)
            assert _spans(got) == want, (present, sentence)


def test_rules_searched_as_their_alternatives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merged_search, "TWIN_AFTER", 2)  # ASCII twins from the 2nd text on
    rules = [ai_cause._JUXTAPOSED, ai_cause._AI_DENIAL, ai_cause._CAUSE_LINK, actions._PASSIVE]
    rules += [quantities._HEADCOUNT, re.compile(r"x*|(?P<a>a)|b(?<=ab)", re.I), lexicon._AI]
    rules += [re.compile(r"(?:(?:q|(?P<g>a))|b)", re.I), re.compile(r"(?i:a|B)")]
    rules += [ai_cause._AI_DESCRIPTOR]
    for rule in rules:
        parts = Alternatives(rule)
        for sentence in _sentences():
            assert _spans(parts.finditer(sentence)) == _spans(rule.finditer(sentence))
            assert parts.sub(" ", sentence) == rule.sub(" ", sentence)
            assert parts.found(sentence) == (rule.search(sentence) is not None)


def test_a_lone_plain_group_is_looked_through() -> None:
    assert len(Alternatives(lexicon._AI)._ready()) > 10  # '(?:...|...)': split all the same
    assert len(Alternatives(re.compile(r"(?i:a|B)"))._ready()) == 1  # flags: kept whole
    assert len(Alternatives(re.compile(r"(a|b)"))._ready()) == 1  # a numbered group: whole


def test_empty_matches_are_left_to_the_regex() -> None:
    rule = re.compile(r"q*|ab", re.I)
    assert Alternatives(rule).sub("-", "xaby") == rule.sub("-", "xaby")
