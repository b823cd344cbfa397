"""Story rules measured pairwise, free of chaining, on the labelled tune sets.

    python scripts/story_pairwise.py                       # every tune set with story labels
    python scripts/story_pairwise.py fresh-commentary -v   # one set; -v lists the missed pairs
    python scripts/story_pairwise.py --slip other          # simulated tagger slip (see below)

The pipeline's story recall on a tune set is held up by chaining: a new item joins a story
through whichever earlier item is worded closest, and sets with many items per story give
it many chances. Held-out sets hold fewer items per story. So this scores each rule on
PAIRS: for every two items of a set within `stories.WINDOW` of each other, the later item
(the one `layoffbot eval` files second) against a story holding only the earlier one.

Tags are the pipeline's own: the set is run once through `layoffbot eval` (in-process) with
`match_story` spied on, so each item's article and tags are those the tagger gave. A pair is
joined when the store's candidate lookup would return the story (a shared index key, the
item's `candidate_scope` admitting it: date and employer filter) AND `_score` accepts it.

Per set it prints true pairs (same labelled story), joined true pairs, joined false pairs,
and for each missed true pair the first gate that refused it:

  lookup: no shared key     the two share no index key (the store never returns the story)
  outside window            the scope's dates, or a period `_score` or a rule checks
                            (WINDOW, SAME_PERIOD, FOLLOW_UP)
  employer relation         employers 'different', the store's employer filter, or an
                            employer's action beside an unnamed one
  kind relation             an employer's news beside unnamed news of another kind
  round test                one employer's two actions told apart: another round, another
                            part or unit, figures apart, a reaction or a cancellation
  wording below threshold   `_named_score` / `_topic_score`: the words do not agree enough

'lookup refused, score joins' counts pairs the rules would join but the lookup misses (in
the first gate). Each refusal is also listed by the function and condition that returned
None (the `if` above the `return None` in bot/stories.py), so new rules need no table here.

-v lists each missed true pair (its gate) and each false pair joined.

--slip MODE (other | analysis | nocompany | nofigure): only pairs of one employer's two
actions, with the later item's kind set to `other` / `analysis`, its employer dropped, or
its figures dropped: which gate refuses a pair that nothing in its words should.

Set names ending in .untouched or .check are refused: held-out sets are the lead's alone.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import itertools
import json
import linecache
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import bot.pipeline as pipeline_module
from bot import stories
from bot.cli import app
from bot.models import Kind
from bot.stories import StoryCandidate
from bot.story_employers import same_employer
from bot.story_openings import opening

EVAL = Path("tests/data/eval")
SETS = (
    "dev",
    "real-dev.tune",
    "real-headlines.tune",
    "fresh-2022.tune",
    "fresh-2024.tune",
    "fresh-2025.tune",
    "fresh-companies-2025.tune",
    "fresh-commentary",
    "fresh-stories",
    "fresh-stories-2.tune",
    "fresh-2026.tune",
    "fresh-2025b.tune",
)
GATES = (
    "lookup: no shared key",
    "outside window",
    "employer relation",
    "kind relation",
    "round test",
    "wording below threshold",
)
_RULES = ("_score", "_same_action", "_named_score", "_topic_score")
_PERIODS = ("WINDOW", "SAME_PERIOD", "FOLLOW_UP", "REPORT_PERIOD")
_match = pipeline_module.match_story


def tagged_items(name: str) -> list[tuple[dict[str, Any], Any, Any]]:
    """The set's records in the order the pipeline filed them, each with the article and tags
    it saw."""
    if "untouched" in name or "check" in name:
        sys.exit(f"{name}: a held-out set; only the lead scores it")
    path = EVAL / f"{name}.jsonl"
    seen: dict[str, tuple[Any, Any]] = {}

    def spy(article: Any, tags: Any, candidates: Any) -> Any:
        seen[article.link] = (article, tags)
        return _match(article, tags, candidates)

    pipeline_module.match_story = spy  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            app(["eval", str(path)], standalone_mode=False)
    finally:
        pipeline_module.match_story = _match
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    by_link = {r["link"]: r for r in records}
    return [(by_link[link], *seen[link]) for link in seen if link in by_link]


def refusal_of(function: str, line: int) -> tuple[str, str]:
    """The gate a `return None` at `line` of `function` (bot/stories.py) stands for, and its
    condition: the `if` it is under (none: no rule of the function accepted the pair)."""
    source = stories.__file__
    ret = linecache.getline(source, line)
    indent = len(ret) - len(ret.lstrip())
    cond = ""
    for n in range(line - 1, max(line - 30, 0), -1):
        text = linecache.getline(source, n)
        if text.strip().startswith(("if ", "elif ")) and len(text) - len(text.lstrip()) < indent:
            parts = [text.strip()]
            while not parts[-1].endswith(":") and n < line:
                n += 1
                parts.append(linecache.getline(source, n).strip())
            cond = " ".join(parts)
            break
        if text.strip() and len(text) - len(text.lstrip()) < indent:
            break  # left the block: the return is the function's last
    detail = f"{function}: {cond or 'final return'}"
    if any(p in cond for p in _PERIODS):
        return "outside window", detail
    if function == "_score":
        return ("employer relation" if "different" in cond else "wording below threshold"), detail
    if function == "_same_action" or any(w in cond for w in ("figures_differ", "cancellation")):
        return "round test", detail
    if "_kind_group" in cond:
        return "kind relation", detail
    if "both_act" in cond and "companies" in cond:
        return "employer relation", detail
    return "wording below threshold", detail


def traced_score(article: Any, tags: Any, candidate: StoryCandidate) -> tuple[Any, str, str]:
    """`_score` of the pair and, when None, the innermost rule that first returned None."""
    nones: list[tuple[str, int]] = []

    def local(frame: Any, event: str, arg: Any) -> Any:
        if event == "return" and arg is None:
            nones.append((frame.f_code.co_name, frame.f_lineno))
        return local

    def calls(frame: Any, event: str, arg: Any) -> Any:
        code = frame.f_code
        return local if code.co_name in _RULES and code.co_filename == stories.__file__ else None

    sys.settrace(calls)
    try:
        score = stories._score(article, tags, candidate)
    finally:
        sys.settrace(None)
    if score is not None:
        return score, "", ""
    return None, *refusal_of(*nones[0])


def single_story(index: int, article: Any, tags: Any, later_keys: frozenset[str]) -> Any:
    """A story holding one item, as the store would return it to an item with `later_keys`."""
    keys = stories.index_keys(article, tags)
    sources = frozenset(k for k in keys if k.startswith(stories.SOURCE_KEY)) & later_keys
    return StoryCandidate(
        index, f"s{index}", article.title, tags, article.published, (article.title,), ("",),
        sources, None, 1, (opening(article.text),),
    )  # fmt: skip


def lookup_refusal(earlier: Any, later: Any) -> str | None:
    """The gate of the store's lookup that leaves the earlier item's story out, if any."""
    (ea, et), (la, lt) = earlier, later
    if not set(stories.index_keys(ea, et)) & set(stories.index_keys(la, lt)):
        return "lookup: no shared key"
    scope = stories.candidate_scope(la, lt)
    if not scope.admits(et, ea.published):
        return "outside window"
    if scope.employers is not None and not scope.employers.keeps(et.companies, ea.title):
        return "employer relation"
    return None


def slipped(earlier: Any, later: Any, mode: str | None) -> Any:
    """The later item's tags under a simulated tagger slip; None when the pair is not one
    employer's two actions (the only pairs a slip is simulated on)."""
    if mode is None:
        return later[1]
    et, lt = earlier[1], later[1]
    if not (et.kind.is_action and lt.kind.is_action and et.companies and lt.companies):
        return None
    if not same_employer(et.companies, lt.companies):
        return None
    change = {
        "other": {"kind": Kind.OTHER},
        "analysis": {"kind": Kind.ANALYSIS},
        "nocompany": {"companies": ()},
        "nofigure": {"headcount": None, "percent": None},
    }[mode]
    return dataclasses.replace(lt, **change)


def measure(name: str, mode: str | None, verbose: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    items = tagged_items(name)
    for (i, (ra, aa, ta)), (_, (rb, ab, tb)) in itertools.combinations(enumerate(items), 2):
        if abs(aa.published - ab.published) > stories.WINDOW:
            continue
        tb = slipped((aa, ta), (ab, tb), mode)
        if tb is None:
            continue
        true = ra["labels"]["story"] == rb["labels"]["story"]
        later_keys = frozenset(stories.index_keys(ab, tb))
        score, gate, detail = traced_score(ab, tb, single_story(i, aa, ta, later_keys))
        lookup = lookup_refusal((aa, ta), (ab, tb))
        counts["true pairs" if true else "false pairs"] += 1
        if score is not None and lookup is None:
            counts["joined true" if true else "joined false"] += 1
            if verbose and not true:
                print(f"{name} | joined apart | {ra['title'][:60]!r} | {rb['title'][:60]!r}")
            continue
        if not true:
            continue
        counts[lookup or gate] += 1
        if lookup and score is not None:
            counts["lookup refused, score joins"] += 1
        counts["  " + (lookup or detail)] += 1
        if verbose:
            print(f"{name} | {lookup or detail} | {ra['title'][:60]!r} | {rb['title'][:60]!r}")
            print(
                f"    {ta.kind.value} {list(ta.companies)}  ->  {tb.kind.value} {list(tb.companies)}"
            )
    return counts


def table(by_set: dict[str, Counter[str]]) -> None:
    rows = ["true pairs", "joined true", "joined false", "false pairs", *GATES]
    rows.append("lookup refused, score joins")
    total: Counter[str] = Counter()
    for c in by_set.values():
        total.update(c)
    names = [*by_set, "total"]
    print("pairs".ljust(28) + "".join(f"{n[:12]:>13s}" for n in names))
    for row in rows:
        print(row.ljust(28) + "".join(f"{by_set.get(n, total)[row]:>13d}" for n in names))
    pos, joined = total["true pairs"], total["joined true"]
    fp = total["joined false"]
    print(
        f"pairwise recall {joined / max(pos, 1):.3f}  precision {joined / max(joined + fp, 1):.3f}"
    )
    print("\nmissed true pairs by the rule that refused them (all sets):")
    for row, n in sorted(total.items(), key=lambda kv: -kv[1]):
        if row.startswith("  "):
            print(f"{n:6d} {row.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", default=list(SETS))
    parser.add_argument("--slip", choices=("other", "analysis", "nocompany", "nofigure"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    table({name: measure(name, args.slip, args.verbose) for name in args.sets})


if __name__ == "__main__":
    main()
