"""Each gate of the story rules disabled in turn, measured pairwise on the labelled tune sets.

    python scripts/story_gates.py                 # every tune set with story labels
    python scripts/story_gates.py fresh-stories   # some sets

Pairs as scripts/story_pairwise.py takes them (the later item against a story holding only
the earlier one, both tagged by the pipeline; within `stories.WINDOW`). For the current
rules and for each variant (a gate switched off by patching bot.stories' name for it) it
prints, per set and in all, the true pairs joined and the false pairs joined, and beside
each variant the change: true pairs the gate refuses (+T when off), false pairs it prevents
(+F when off). A gate whose +T clearly outnumbers its +F over several sets refuses more
coverage than it keeps apart.

`spec` is no rule of the pipeline's: the spec's plain test (shared/spec/tagging.md, "same
employer, same action, same period") -- same employer (a unit under its parent's key
included), both actions, within FOLLOW_UP (21 days), figures not far apart -> one story;
`spec|rules` joins what either joins. Set names ending in .untouched or .check are refused.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import stories
from bot.models import Kind
from bot.story_employers import same_employer
from bot.story_rounds import figures_far_apart

sys.path.insert(0, "scripts")
from story_pairwise import SETS, lookup_refusal, single_story, slipped, tagged_items  # noqa: E402

SLIP = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--slip=")), None)

Pair = tuple[bool, Any, Any, Any, Any, int]  # true?, earlier (article, tags), later, index


def _pairs(name: str) -> list[Pair]:
    items = tagged_items(name)
    out: list[Pair] = []
    for (i, (ra, aa, ta)), (_, (rb, ab, tb)) in itertools.combinations(enumerate(items), 2):
        if abs(aa.published - ab.published) > stories.WINDOW:
            continue
        tb = slipped((aa, ta), (ab, tb), SLIP)
        if tb is not None:
            out.append((ra["labels"]["story"] == rb["labels"]["story"], aa, ta, ab, tb, i))
    return out


def rules_join(p: Pair) -> bool:
    _, aa, ta, ab, tb, i = p
    later_keys = frozenset(stories.index_keys(ab, tb))
    cand = single_story(i, aa, ta, later_keys)
    return stories._score(ab, tb, cand) is not None and lookup_refusal((aa, ta), (ab, tb)) is None


def spec_join(p: Pair) -> bool:
    _, aa, ta, ab, tb, _ = p
    if not (ta.kind.is_action and tb.kind.is_action and ta.companies and tb.companies):
        return False
    if abs(ab.published - aa.published) > timedelta(days=21):
        return False
    return same_employer(ta.companies, tb.companies) and not figures_far_apart(ta, tb)


@contextlib.contextmanager
def patched(**names: Any) -> Iterator[None]:
    old = {n: getattr(stories, n) for n in names}
    try:
        for n, v in names.items():
            setattr(stories, n, v)
        yield
    finally:
        for n, v in old.items():
            setattr(stories, n, v)


def _no(*_: Any, **__: Any) -> bool:
    return False


def _same_action_spec(article: Any, tags: Any, candidate: Any, gap: timedelta) -> float | None:
    """`_same_action` as the spec has it: within FOLLOW_UP, figures not far apart."""
    if gap > stories.FOLLOW_UP or figures_far_apart(tags, candidate.tags):
        return None
    return 2.0


def _news_any_kind(article: Any, tags: Any, candidate: Any, gap: timedelta) -> bool:
    """`_news_of_the_cuts` with commentary read as plain news (`analysis` as `other`)."""
    other = Kind.OTHER
    t = tags if tags.kind.is_action else dataclasses.replace(tags, kind=other)
    c = (
        candidate
        if candidate.tags.kind.is_action
        else dataclasses.replace(candidate, tags=dataclasses.replace(candidate.tags, kind=other))
    )
    return _NEWS(article, t, c, gap)


_NEWS = stories._news_of_the_cuts


_SOURCE = Path(stories.__file__).read_text()


@contextlib.contextmanager
def edited(old: str, new: str) -> Iterator[None]:
    """bot/stories.py with one line of its source replaced, run in place of the module's."""
    if _SOURCE.count(old) != 1:
        raise LookupError(old)  # the rules changed: the variant is gone
    try:
        exec(compile(_SOURCE.replace(old, new), stories.__file__, "exec"), stories.__dict__)
        yield
    finally:
        exec(compile(_SOURCE, stories.__file__, "exec"), stories.__dict__)


VARIANTS: dict[str, Callable[[], Any]] = {
    "reaction_apart off": lambda: patched(reaction_apart=_no),
    "_another_round off": lambda: patched(_another_round=_no),
    "  round_same_day off": lambda: patched(round_same_day=_no),
    "  says_round off": lambda: patched(says_round=_no),
    "  plan_after_cuts off": lambda: patched(plan_after_cuts=_no),
    "  after_first_round off": lambda: patched(after_first_round=_no),
    "  grown_apart off": lambda: patched(grown_apart=_no),
    "_other_part off": lambda: patched(_other_part=_no),
    "unit_alone off": lambda: patched(unit_alone=_no),
    "cancellation_apart off": lambda: patched(cancellation_apart=_no),
    "figures_differ off": lambda: patched(figures_differ=_no),
    "FOLLOW_UP 21->42d": lambda: patched(FOLLOW_UP=timedelta(days=42)),
    "SAME_PERIOD 7->14d": lambda: patched(SAME_PERIOD=timedelta(days=14)),
    "TOPIC_SAME_DAYS 3->7d": lambda: patched(TOPIC_SAME_DAYS=timedelta(days=7)),
    "TOPIC_SIMILARITY .45->.35": lambda: patched(TOPIC_SIMILARITY=0.35),
    "TOPIC_SIMILARITY_LATE .6->.45": lambda: patched(TOPIC_SIMILARITY_LATE=0.45),
    "NAMED_SIMILARITY .35->.25": lambda: patched(NAMED_SIMILARITY=0.25),
    "LEAD_SIMILARITY .3->.2": lambda: patched(LEAD_SIMILARITY=0.2),
    "same action = spec": lambda: patched(_same_action=_same_action_spec),
    "employers 'different' off": lambda: edited(
        '    if relation == "different":\n        return None\n', ""
    ),
    "freeze beside layoffs off": lambda: edited(
        "    if {tags.kind, candidate.tags.kind} == {Kind.LAYOFF, Kind.HIRING_FREEZE}:\n"
        "        return True",
        "    if False:\n        return True",
    ),
    "round words, figures agree off": lambda: edited(
        "return new_round and gap > SAME_PERIOD and not close_figure", "return False and not bool"
    ),
    "action: figures_differ off": lambda: edited(
        "        if figures_differ(tags, candidate.tags):\n            return None\n", ""
    ),
    "topic: kind pair gate off": lambda: edited(
        "return None  # an employer's news and unnamed news of another kind", "pass"
    ),
    "topic: named/unnamed acts off": lambda: edited(
        "return None  # an employer's action and an unnamed one", "pass  #"
    ),
    "same employer: topic fallback": lambda: edited(
        'named is not None or relation == "same" or Kind', "named is not None or Kind"
    ),
    "mentioned action: SAME_PERIOD": lambda: edited(  # session 18's window, as a gate
        "near <= FOLLOW_UP and mentioned_action(", "near <= SAME_PERIOD and mentioned_action("
    ),
    "one employer's news: 14 days": lambda: edited(
        "    if gap > SAME_PERIOD:\n        return None\n    takes",
        '    if gap > (REPORT_PERIOD if relation == "same" else SAME_PERIOD):\n'
        "        return None\n    takes",
    ),
    "news of cuts: analysis too": lambda: patched(_news_of_the_cuts=_news_any_kind),
    "named+acts -> same action": lambda: patched(_tagged_apart=lambda *a: True),
}


def measure(pairs: list[Pair], join: Callable[[Pair], bool]) -> tuple[int, int]:
    tp = fp = 0
    for p in pairs:
        if join(p):
            tp += p[0]
            fp += not p[0]
    return tp, fp


def main() -> None:
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or list(SETS)
    if "--categories" in sys.argv:
        categories(names)
        return
    by_set = {n: _pairs(n) for n in names}
    pos = {n: sum(p[0] for p in ps) for n, ps in by_set.items()}
    base = {n: measure(ps, rules_join) for n, ps in by_set.items()}
    rows: dict[str, dict[str, tuple[int, int]]] = {"rules": base}
    rows["spec"] = {n: measure(ps, spec_join) for n, ps in by_set.items()}
    rows["spec|rules"] = {
        n: measure(ps, lambda p: spec_join(p) or rules_join(p)) for n, ps in by_set.items()
    }
    for label, make in VARIANTS.items():
        try:
            with make():
                rows[label] = {n: measure(ps, rules_join) for n, ps in by_set.items()}
        except LookupError:
            print(f"({label}: not in bot/stories.py)")
    print("true pairs".ljust(32) + "".join(f"{n[:11]:>12s}" for n in names) + f"{'all':>12s}")
    print(" " * 32 + "".join(f"{pos[n]:>12d}" for n in names) + f"{sum(pos.values()):>12d}")
    for label, row in rows.items():
        diff = label not in ("rules", "spec", "spec|rules")
        cells = []
        total: Counter[str] = Counter()
        for n in names:
            tp, fp = row[n]
            if diff:
                tp, fp = tp - base[n][0], fp - base[n][1]
                cells.append(f"{tp:+d}T/{fp:+d}F" if (tp or fp) else ".")
            else:
                cells.append(f"{tp}T/{fp}F")
            total.update({"tp": tp, "fp": fp})
        tp, fp = total["tp"], total["fp"]
        cells.append(f"{tp:+d}T/{fp:+d}F" if diff else f"{tp}T/{fp}F")
        line = label.ljust(32) + "".join(f"{c:>12s}" for c in cells)
        if not diff:
            line += f"   R {tp / max(sum(pos.values()), 1):.3f} P {tp / max(tp + fp, 1):.3f}"
        print(line)


def categories(names: list[str]) -> None:
    """Per kind of pair (employer relation, kinds, gap): true pairs and false pairs, and
    how many of each the rules join -- what joining the whole category would cost."""
    rows: dict[tuple[str, str, str], Counter[str]] = {}
    for n in names:
        for p in _pairs(n):
            true, aa, ta, ab, tb, i = p
            rel = stories.employer_relation(ta.companies, aa.title, tb.companies, (ab.title,))
            kinds = "/".join(sorted(stories._kind_group(t.kind) for t in (ta, tb)))
            gap = abs(ab.published - aa.published).days
            bucket = (
                "<=2d" if gap <= 2 else "<=7d" if gap <= 7 else "<=21d" if gap <= 21 else ">21d"
            )
            c = rows.setdefault((rel, kinds, bucket), Counter())
            j = rules_join(p)
            c.update({"T": true, "F": not true, "jT": true and j, "jF": (not true) and j})
            c[f"sets:{n}"] += true
    print(f"{'relation':10}{'kinds':20}{'gap':>6}{'true':>7}{'joined':>7}{'false':>8}{'joined':>7}")
    for key, c in sorted(rows.items(), key=lambda kv: -kv[1]["T"]):
        if c["T"] or c["jF"]:
            print(
                f"{key[0]:10}{key[1]:20}{key[2]:>6}{c['T']:>7}{c['jT']:>7}{c['F']:>8}{c['jF']:>7}"
            )


if __name__ == "__main__":
    main()
