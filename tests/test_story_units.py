"""The business lines a headline names after its employer ('Amazon Games'): the pattern
per employer is compiled only for a headline holding the name and a line's noun (#14,
perf-writer-13), with the answer it gives."""

from __future__ import annotations

import re

from bot.story_units import _LINE, _lines, parts

_CASES = (
    ("Amazon Games Lays Off 180", "Amazon"),
    ("Amazon  Music cuts staff; Amazon Studios too", "Amazon"),
    ("Amazon cuts jobs in games", "Amazon"),
    ("AmazonGames cuts", "Amazon"),
    ("Warner Bros. Games to cut 100", "Warner Bros."),
    ("CVS Health and CVS Pharmacy layoffs", "CVS"),
    ("Layoffs at Sony\u00a0Pictures", "Sony"),
    ("Google Cloud layoffs", "Alphabet"),
    ("", ""),
)


def test_a_headlines_lines_are_the_patterns_without_compiling_it_for_every_headline() -> None:
    for title, employer in _CASES:
        found = re.findall(r"\b" + re.escape(employer) + _LINE, title)
        assert _lines(title, employer) == frozenset(w.lower()[:4] for w in found), title
    assert parts(("Amazon Games Lays Off 180",), ("Amazon",)) == frozenset({"game"})
    re.purge()
    _lines("Acme Robotics cuts 40 jobs", "Acme Robotics")  # no line's noun
    _lines("Zeta Games cuts 40 jobs", "Acme")  # not the employer
    assert not any("Acme" in str(key) for key in re._cache)  # type: ignore[attr-defined]
