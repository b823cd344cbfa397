"""bot.alternation: a trie-shaped group matches what the longest-first list matches."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from bot.alternation import trie_alternation
from bot.companies import gazetteer

DATA = Path(__file__).resolve().parents[1] / "bot" / "data"
DEV = Path(__file__).parent / "data" / "eval" / "dev.jsonl"


def _listed(names: set[str]) -> str:
    return "(?:" + "|".join(re.escape(n) for n in sorted(names, key=lambda d: (-len(d), d))) + ")"


def _pair(names: set[str], before: str, after: str, flags: int) -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(before + "(" + group + ")" + after, flags)
        for group in (_listed(names), trie_alternation(names, ignorecase=bool(flags & re.I)))
    )


def _texts(names: set[str]) -> list[str]:
    texts = [
        "",
        "Amazon Web Services-based",
        "AMAZON web",
        "U.S.-based",
        "the U.S.",
        "ſony Kelvin K",
    ]
    for line in DEV.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts += [record["title"], record.get("summary") or ""]
    rng = random.Random(7)
    pool = sorted(names)
    glue = [" ", "-", "-based ", ", ", "'s ", "", "&", " and ", ".", "s "]
    for _ in range(3000):  # names run together, cut short, in other cases
        parts = []
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(pool)
            name = name[: rng.randint(1, len(name))] if rng.random() < 0.3 else name
            name = name.upper() if rng.random() < 0.2 else name
            parts += [name, rng.choice(glue)]
        texts.append("".join(parts))
    return texts


def _same(old: re.Pattern[str], new: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        found_old = [(m.span(), m.group(1)) for m in old.finditer(text)]
        assert [(m.span(), m.group(1)) for m in new.finditer(text)] == found_old, text


def test_places_match_as_listed() -> None:
    raw = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    names = {*raw["countries"], *raw["aliases"]}
    old, new = _pair(names, r"(?<![\w-])", r"(?![\w]|-based)", 0)
    _same(old, new, _texts(names))


def test_company_forms_match_as_listed() -> None:
    names = set(gazetteer().surface_forms)
    old, new = _pair(names, r"(?<![\w&])", r"(?![\w&]|-\w)", re.IGNORECASE)
    _same(old, new, _texts(names))


def test_prefers_the_longest_name_that_fits() -> None:
    group = trie_alternation(["Amazon", "Amazon Web Services", "AMD"], ignorecase=True)
    pattern = re.compile("(" + group + r")(?!\w)", re.I)
    assert pattern.match("amazon web services now").group(1) == "amazon web services"
    assert pattern.match("Amazon Web Servicesx").group(1) == "Amazon"  # the longer is refused


def test_refuses_letters_that_match_alike() -> None:
    with pytest.raises(ValueError):
        trie_alternation(["si", "ſo"], ignorecase=True)  # 'ſ' is an 's' under IGNORECASE
    with pytest.raises(ValueError):
        trie_alternation([""])
