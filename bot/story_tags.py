"""A story's tags as a function of the set of its items' tags, never of their order.

Issue 16: folding items one by one kept the first report's figure, so Block's story said
"61 jobs" (one outlet's Colorado count, first to arrive) where nine items said 4,000. A
story now keeps one `Vote` per item (its tags, its outlet, and whether its figure is a
local one) and `story_tags` decides from the multiset of votes:

* figure: figures of the same size ("about 4,000", "3,976") are one figure; a figure some
  item gives company-wide beats one only given for a place (bot/figure_scope.py), then the
  figure more outlets report, then more items, then the larger; within it the exact count
  beats the rounded one. Its location comes from the items that give it;
* percent (a share of the whole workforce, per item already): the most outlets, then
  items, then the larger;
* kind: an employer's action if any item reports one (the more reported action, a layoff
  on a tie); ai_cause if any item attributes it to AI, with the evidence of the earliest
  such item;
* companies: the earliest report's (its subject), then by how many items name each first,
  a unit before its parent where items name both; functions by how many items name them.

Every tie ends on the values themselves, so any arrival order gives the same tags.
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from bot.figure_scope import local_figure
from bot.models import FUNCTIONS, Kind, Tags

# A rounded figure and an exact one are one figure within this ratio ("4,000" and "3,976").
SAME_SIZE = 1.05
_TEXT_ORDER = ("thousands", "hundreds", "dozens")


@dataclass(frozen=True)
class Vote:
    """One item's say in its story's tags."""

    tags: Tags
    outlet: str  # publisher (or link host), folded: one outlet counts once per figure
    published: str  # ISO time: the evidence shown is the earliest item's
    local: bool  # its headcount counts one place of the employer (bot/figure_scope.py)

    def to_json(self) -> list[object]:
        # Only what is said: a story's tally is rewritten each time it grows.
        said = {k: v for k, v in self.tags.to_json().items() if v or k == "kind"}
        return [said, self.outlet, self.published, self.local]

    @cached_property
    def json_text(self) -> str:
        """`to_json` as JSON text, made once: a growing story's tally is the same votes
        written again with one more (issue 14: a burst's big stories grow item by item)."""
        return json.dumps(self.to_json())

    @classmethod
    def from_json(cls, data: list[object]) -> Vote:
        tags, outlet, published, local = data
        assert isinstance(tags, dict)
        return cls(Tags.from_json(tags), str(outlet), str(published), bool(local))


def vote(
    tags: Tags,
    *,
    title: str,
    summary: str,
    publisher: str | None,
    link: str,
    published: datetime,
) -> Vote:
    """An item's vote, from what the store keeps of it (so a tally can be rebuilt)."""
    outlet = (publisher or _host(link)).strip().casefold()
    local = local_figure(tags.headcount, (title, summary), tags.companies)
    return Vote(tags, outlet, published.isoformat(), local)


def _host(link: str) -> str:
    """The link's host (urlsplit costs more than the rest of a vote)."""
    _, sep, rest = link.partition("://")
    return rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0] if sep else ""


# A story's tags are decided from its earliest reports, at most this many (by publication
# time, ties on the vote itself: still a function of the set of items, not their order).
# Beyond them more of the same coverage changes nothing a reader needs, while deciding
# from every vote made each growth cost the whole story: quadratic in a burst (issue 14;
# the last 1,000 items of a 25,000-item burst spent 5.8 of 12.4 s here).
TALLY_VOTES = 50


def with_vote(votes: list[Vote], new: Vote) -> bool:
    """Add `new` to a story's votes, keeping the TALLY_VOTES earliest; False when it is
    not among them (the story's tags cannot change: nothing to decide again)."""
    rank = _rank(new)
    if len(votes) >= TALLY_VOTES and rank >= _rank(votes[-1]):
        return False
    votes.append(new)
    if len(votes) > 1 and rank < _rank(votes[-2]):
        votes.sort(key=_rank)
    del votes[TALLY_VOTES:]
    return True


def _rank(v: Vote) -> tuple[str, str]:
    return (v.published, v.json_text)


def earliest(votes: Iterable[Vote]) -> list[Vote]:
    """The votes a story keeps, in the order `with_vote` keeps them."""
    return sorted(votes, key=_rank)[:TALLY_VOTES]


# Tallies this process wrote or read, by their text: a story that grows is read back as
# the text its last growth wrote, so decoding its votes again (up to TALLY_VOTES, at each
# growth of a busy story) becomes one lookup. Bounded; a miss decodes as before. A tally
# rewritten drops the text it replaces (`dump_tally(replaces=...)`): it will not be read
# again, and kept it pushed live stories' tallies out (issue 14: in a cold 200 x 25 poll,
# 370 stories, 2,000 of 4,400 reads missed with 512 texts kept, most of them dead).
_TALLIES: OrderedDict[str, tuple[Vote, ...]] = OrderedDict()
TALLIES_KEPT = 512


def _remember(text: str, votes: tuple[Vote, ...]) -> None:
    _TALLIES[text] = votes
    _TALLIES.move_to_end(text)
    while len(_TALLIES) > TALLIES_KEPT:
        _TALLIES.popitem(last=False)


def dump_tally(votes: Sequence[Vote], replaces: str | None = None) -> str:
    """The votes as stored; `replaces`: the story's stored tally this text supersedes."""
    kept = tuple(earliest(votes))
    text = "[" + ", ".join(v.json_text for v in kept) + "]"
    if replaces is not None and replaces != text:
        _TALLIES.pop(replaces, None)
    _remember(text, kept)
    return text


def load_tally(text: str) -> list[Vote]:
    known = _TALLIES.get(text)
    if known is None:
        known = tuple(earliest(Vote.from_json(v) for v in json.loads(text)))
        _remember(text, known)
    return list(known)


def story_tags(votes: Sequence[Vote]) -> Tags:
    """The story's tags from its items' votes (see the module docstring)."""
    if not votes:
        return Tags()
    if len(votes) == 1:  # a new story (most are): the rule below, short
        only = votes[0].tags
        return replace(
            only,
            companies=tuple(dict.fromkeys(only.companies)),
            headcount_text=None if only.headcount else only.headcount_text,
            functions=_functions([only]),
        )
    tags = [v.tags for v in votes]
    headcount, backers = _headcount(votes)
    ai_cause = any(t.ai_cause for t in tags)
    return Tags(
        kind=_kind(tags),
        ai_cause=ai_cause,
        ai_evidence=_evidence(votes, ai_cause),
        companies=_companies(votes),
        headcount=headcount,
        headcount_text=None if headcount is not None else _headcount_text(tags),
        percent=_percent(votes),
        functions=_functions(tags),
        location=_location(votes, backers),
        language=_most(t.language for t in tags),
    )


def _most(values: Iterable[str | None]) -> str | None:
    """The most frequent value that is not None; the first in sort order on a tie."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _kind(tags: Sequence[Tags]) -> Kind:
    counts = Counter(t.kind for t in tags)
    actions = [k for k in (Kind.LAYOFF, Kind.HIRING_FREEZE) if counts[k]]
    pool = actions or [k for k in (Kind.ANALYSIS, Kind.OTHER) if counts[k]]
    return max(pool, key=lambda k: counts[k])  # max keeps the first of equals


def _evidence(votes: Sequence[Vote], ai_cause: bool) -> str | None:
    """The earliest AI-attributing item's evidence (with no AI cause, a denial's)."""
    said = [
        (v.published, v.tags.ai_evidence)
        for v in votes
        if v.tags.ai_evidence and v.tags.ai_cause == ai_cause
    ]
    if not said and not ai_cause:
        return None
    if not said:  # attributed without a quotable sentence: any item's evidence
        said = [(v.published, v.tags.ai_evidence) for v in votes if v.tags.ai_evidence]
    return min(said)[1] if said else None


def _companies(votes: Sequence[Vote]) -> tuple[str, ...]:
    """Every employer named: the earliest report's first, in its order (the story's
    subject: a unit's cuts stay the unit's story, 'Alexa' before 'Amazon', as the
    clustering of later items against it expects); then the one more items name first,
    and where items name two together, the one they put first (a unit before its parent)."""
    tags = [v.tags for v in votes]
    named = Counter(c for t in tags for c in dict.fromkeys(t.companies))
    if len(named) < 2:  # most stories: one employer
        return tuple(named)
    lead = Counter(t.companies[0] for t in tags if t.companies)
    before: Counter[tuple[str, str]] = Counter()
    for t in tags:
        order = list(dict.fromkeys(t.companies))
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                before[a, b] += 1
    wins = Counter[str]()
    for a in named:
        for b in named:
            if a != b and before[a, b] > before[b, a]:
                wins[a] += 1
                wins[b] -= 1
    first = min(((v.published, v.tags.companies) for v in votes if v.tags.companies), default=None)
    subject = {c: i for i, c in enumerate(dict.fromkeys(first[1]))} if first else {}
    return tuple(
        sorted(
            named,
            key=lambda c: (
                subject.get(c, len(subject)),
                -lead[c],
                -wins[c],
                -named[c],
                c.casefold(),
                c,
            ),
        )
    )


def _functions(tags: Sequence[Tags]) -> tuple[str, ...]:
    counts = Counter(f for t in tags for f in dict.fromkeys(t.functions))
    rank = _FUNCTION_RANK
    return tuple(sorted(counts, key=lambda f: (-counts[f], rank.get(f, len(rank)), f)))


_FUNCTION_RANK = {f: i for i, f in enumerate(FUNCTIONS)}


def _headcount_text(tags: Sequence[Tags]) -> str | None:
    counts = Counter(t.headcount_text for t in tags if t.headcount_text)
    if not counts:
        return None
    order = {t: i for i, t in enumerate(_TEXT_ORDER)}
    return min(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))


def _zeros(n: int) -> int:
    z = 0
    while n and n % 10 == 0 and n // 10:
        n //= 10
        z += 1
    return z


def same_size(a: int, b: int) -> bool:
    """'About 4,000' and '3,976': the rounder one is the other rounded, and they are close."""
    low, high = sorted((a, b))
    if high > low * SAME_SIZE:
        return False
    rounder, other = (a, b) if _zeros(a) >= _zeros(b) else (b, a)
    step = int(10 ** _zeros(rounder))
    return (other + step // 2) // step * step == rounder


def _groups(values: Iterable[int]) -> list[list[int]]:
    """Distinct figures, ascending, chained into groups of one size."""
    groups: list[list[int]] = []
    for v in sorted(set(values)):
        if groups and same_size(groups[-1][-1], v):
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def _headcount(votes: Sequence[Vote]) -> tuple[int | None, list[Vote]]:
    """The story's figure and the votes that give it (any size-alike figure)."""
    counted = [v for v in votes if v.tags.headcount]
    if not counted:
        return None, []
    by_value: dict[int, list[Vote]] = {}
    for v in counted:
        assert v.tags.headcount is not None
        by_value.setdefault(v.tags.headcount, []).append(v)

    def support(vs: Sequence[Vote]) -> tuple[bool, int, int]:
        return (any(not v.local for v in vs), len({v.outlet for v in vs}), len(vs))

    def group_rank(group: list[int]) -> tuple[bool, int, int, int]:
        return (*support([v for n in group for v in by_value[n]]), group[-1])

    best = max(_groups(by_value), key=group_rank)

    def value_rank(n: int) -> tuple[int, bool, int, int, int]:
        return (-_zeros(n), *support(by_value[n]), n)

    return max(best, key=value_rank), [v for n in best for v in by_value[n]]


def _percent(votes: Sequence[Vote]) -> float | None:
    by_value: dict[float, list[Vote]] = {}
    for v in votes:
        if v.tags.percent is not None:
            by_value.setdefault(v.tags.percent, []).append(v)
    if not by_value:
        return None
    return max(by_value, key=lambda p: (len({v.outlet for v in by_value[p]}), len(by_value[p]), p))


def _location(votes: Sequence[Vote], backers: Sequence[Vote]) -> str | None:
    """Where the story's figure's jobs are: said by the items giving that figure; else by
    those giving no figure (another figure's place is not this one's)."""
    found = _most(v.tags.location for v in backers)
    return found or _most(v.tags.location for v in votes if not v.tags.headcount)
