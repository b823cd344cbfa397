"""A headline's words: each rewrite applies only where it can (#14, perf-1m-11), and a
story's headlines are bounded from their words alone, as from their full wording."""

from __future__ import annotations

import json
from pathlib import Path

from bot.headlines import _union, _wording, _words, distinctive_bound, overlap

DEV = Path(__file__).parent / "data" / "eval" / "dev.jsonl"


def test_each_rewrite_of_a_headline_still_applies_where_it_can() -> None:
    assert _words("Acme cuts 4K jobs - Reuters") == ("acme", "cuts", "4000", "jobs")
    assert _words("Acme cuts 4,000 jobs | The Verge") == ("acme", "cuts", "4000", "jobs")
    assert _words("Acme to save $40m, 85% of staff") == (
        "acme", "to", "save", "40", "million", "85", "percent", "of", "staff"
    )  # fmt: skip
    assert _words("£5bn eating-disorder plan") == ("5", "billion", "eating", "disorder", "plan")
    assert _words("AI-driven cuts at an eating-disorder helpline") == (
        "ai-driven", "cuts", "at", "an", "eating", "disorder", "helpline"
    )  # fmt: skip
    # Without a dash, a digit or a hyphen, the words as they are, lower case and stemmed.
    assert _words("Acme Lays Off Staff In Marketing (Reuters)") == (
        "acme", "lays", "off", "staff", "in", "market", "reuter"
    )  # fmt: skip
    assert _words("Costs up 5% at Acme") == ("cost", "up", "5", "percent", "at", "acme")
    assert _words("No figures here, 100% sure") == ("no", "figur", "here", "100", "percent", "sure")


def _titles() -> list[str]:
    with DEV.open(encoding="utf-8") as fh:
        return [json.loads(line)["title"] for line in fh]


def test_a_storys_headlines_are_bounded_as_their_wording_bounds_them() -> None:
    titles = _titles()
    for i in range(0, len(titles) - 3, 3):
        group = tuple(titles[i : i + 3])
        wordings = [_wording(t) for t in group]
        tokens = frozenset().union(*(w.tokens for w in wordings))
        assert _union(group) == (tokens, any(w.tallies for w in wordings))
        item = titles[i + 3]
        assert distinctive_bound(item, group) >= max(overlap(item, t).distinctive for t in group)


def test_an_overlap_is_worked_out_once_per_pair_and_what_it_ignores() -> None:
    a, b = "Acme cuts 4,000 jobs in Ohio", "Acme to cut 4,000 Ohio jobs"
    overlap.cache_clear()
    first = overlap(a, b, frozenset({"acme"}))
    assert overlap(a, b, frozenset({"acme"})) is first
    assert overlap.cache_info().hits == 1
    assert overlap(a, b) != first  # the name counted: another answer, kept apart
    assert overlap(a, b) == overlap.__wrapped__(a, b)
