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
from bisect import insort_right
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from itertools import compress
from operator import attrgetter
from typing import Any

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

    @cached_property
    def rank(self) -> tuple[str, str]:
        """Its place among a story's votes (`earliest`): made once, as a growing story's
        votes are sorted and searched again at each growth (#14: ~16 ranks per item)."""
        return (self.published, self.json_text)

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
    local: bool | None = None,
) -> Vote:
    """An item's vote, from what the store keeps of it (so a tally can be rebuilt);
    `local`, when given, is its `local_figure`, made already."""
    outlet = (publisher or _host(link)).strip().casefold()
    if local is None:
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
    if votes and rank < _rank(votes[-1]):
        # Where a stable sort of the (sorted) votes and `new` last puts it: after its
        # equals. A search, not a sort of up to 50 votes at each growth (#14).
        insort_right(votes, new, key=_rank)
    else:
        votes.append(new)
    del votes[TALLY_VOTES:]
    return True


_rank = attrgetter("rank")  # Vote.rank


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
            functions=_functions(Counter(set(only.functions))),
        )
    return Tally.of(votes).tags()


class _Figure:
    """The votes giving one headcount: their outlets, how many are not local, where, how
    many give it as a lower bound ('more than 600')."""

    __slots__ = ("outlets", "wide", "places", "bounds")

    def __init__(self) -> None:
        self.outlets: Counter[str] = Counter()
        self.wide = 0
        self.places: Counter[str] = Counter()
        self.bounds = 0


class Tally:
    """What `story_tags` decides from, summed over a story's votes: counts each vote adds
    to (and takes from, when it leaves the TALLY_VOTES earliest). A growing story's tags
    are decided from its tally with one vote more (`grown_tags`), not from all its votes
    again (issue 14: at each growth of a story with up to 50 votes, 9% of the writer);
    every decision below reads only the counts, so it is the same however they were made."""

    def __init__(self) -> None:
        self.kinds: Counter[Kind] = Counter()
        self.ai = 0  # votes attributing the cuts to AI
        self.evidence: Counter[tuple[bool, str, str]] = Counter()  # (ai_cause, time, text)
        self.named: Counter[str] = Counter()  # employers, once per vote
        self.lead: Counter[str] = Counter()  # the employer a vote names first
        self.before: Counter[tuple[str, str]] = Counter()  # (a, b): a named before b
        self.firsts: Counter[tuple[str, tuple[str, ...]]] = Counter()  # (time, companies)
        self.figures: dict[int, _Figure] = {}
        self.texts: Counter[str] = Counter()  # headcount_text
        self.percents: dict[float, Counter[str]] = {}  # percent -> its votes' outlets
        self.functions: Counter[str] = Counter()
        self.unplaced: Counter[str] = Counter()  # locations of votes giving no figure
        self.languages: Counter[str] = Counter()

    @classmethod
    def of(cls, votes: Iterable[Vote]) -> Tally:
        tally = cls()
        for v in votes:
            tally.count(v, 1)
        return tally

    def count(self, v: Vote, n: int) -> None:
        """Add the vote's say (`n` 1), or take it away (-1)."""
        t = v.tags
        _add(self.kinds, t.kind, n)
        self.ai += n * t.ai_cause
        if t.ai_evidence:
            _add(self.evidence, (t.ai_cause, v.published, t.ai_evidence), n)
        if t.companies:
            order = tuple(dict.fromkeys(t.companies))
            for i, a in enumerate(order):
                _add(self.named, a, n)
                for b in order[i + 1 :]:
                    _add(self.before, (a, b), n)
            _add(self.lead, t.companies[0], n)
            _add(self.firsts, (v.published, t.companies), n)
        if t.headcount:
            figure = self.figures.get(t.headcount)
            if figure is None:
                figure = self.figures[t.headcount] = _Figure()
            _add(figure.outlets, v.outlet, n)
            figure.wide += n * (not v.local)
            figure.bounds += n * t.headcount_at_least
            if t.location is not None:
                _add(figure.places, t.location, n)
            if not figure.outlets:
                del self.figures[t.headcount]
        elif t.location is not None:
            _add(self.unplaced, t.location, n)
        if t.headcount_text:
            _add(self.texts, t.headcount_text, n)
        if t.percent is not None:
            outlets = self.percents.setdefault(t.percent, Counter())
            _add(outlets, v.outlet, n)
            if not outlets:
                del self.percents[t.percent]
        for f in dict.fromkeys(t.functions):
            _add(self.functions, f, n)
        if t.language is not None:
            _add(self.languages, t.language, n)

    def tags(self) -> Tags:
        """`story_tags` of the votes counted (two or more)."""
        headcount, backers = self._headcount()
        ai_cause = self.ai > 0
        found = _most_of(sum((self.figures[n].places for n in backers), Counter()))
        return Tags(
            kind=_kind(self.kinds),
            ai_cause=ai_cause,
            ai_evidence=self._evidence(ai_cause),
            companies=self._companies(),
            headcount=headcount,
            headcount_text=None if headcount is not None else _headcount_text(self.texts),
            # A lower bound when every vote giving the figure gives it as one.
            headcount_at_least=headcount is not None
            and self.figures[headcount].bounds == self.figures[headcount].outlets.total(),
            percent=self._percent(),
            functions=_functions(self.functions),
            location=found or _most_of(self.unplaced),
            language=_most_of(self.languages),
        )

    def _evidence(self, ai_cause: bool) -> str | None:
        """The earliest AI-attributing item's evidence (with no AI cause, a denial's)."""
        said = [(p, e) for cause, p, e in self.evidence if cause == ai_cause]
        if not said and not ai_cause:
            return None
        if not said:  # attributed without a quotable sentence: any item's evidence
            said = [(p, e) for _, p, e in self.evidence]
        return min(said)[1] if said else None

    def _companies(self) -> tuple[str, ...]:
        """Every employer named: the earliest report's first, in its order (the story's
        subject: a unit's cuts stay the unit's story, 'Alexa' before 'Amazon', as the
        clustering of later items against it expects); then the one more items name
        first, and where items name two together, the one they put first (a unit before
        its parent)."""
        named, lead, before = self.named, self.lead, self.before
        if len(named) < 2:  # most stories: one employer
            return tuple(named)
        wins = Counter[str]()
        for a in named:
            for b in named:
                if a != b and before[a, b] > before[b, a]:
                    wins[a] += 1
                    wins[b] -= 1
        first = min(self.firsts, default=None)
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

    def _headcount(self) -> tuple[int | None, list[int]]:
        """The story's figure and the figures of its group (any size-alike figure)."""
        figures = self.figures
        if not figures:
            return None, []

        def support(values: Iterable[int]) -> tuple[bool, int, int]:
            group = [figures[n] for n in values]
            outlets = set().union(*(f.outlets for f in group))
            return (
                any(f.wide for f in group),
                len(outlets),
                sum(f.outlets.total() for f in group),
            )

        def group_rank(group: list[int]) -> tuple[bool, int, int, int]:
            return (*support(group), group[-1])

        best = max(_groups(figures), key=group_rank)

        def value_rank(n: int) -> tuple[int, bool, int, int, int]:
            return (-_zeros(n), *support((n,)), n)

        return max(best, key=value_rank), best

    def _percent(self) -> float | None:
        """The percent the most outlets give, then the most items, then the larger."""
        percents = self.percents
        if not percents:
            return None
        return max(percents, key=lambda p: (len(percents[p]), percents[p].total(), p))


def _add(counter: Counter[Any], key: Any, n: int) -> None:
    """Count `key` n more times; a count falling to none leaves the counter."""
    left = counter[key] + n
    if left:
        counter[key] = left
    else:
        del counter[key]


# Tallies of the votes stories were last decided from, by the votes' identities (the
# tally keeps them alive, so an identity is never another vote's). A story's votes come
# back as the same objects (`load_tally`), so its next growth starts from its tally.
_GROWN: OrderedDict[tuple[int, ...], tuple[tuple[Vote, ...], Tally]] = OrderedDict()
GROWN_KEPT = 1024


def grown_tags(before: Sequence[Vote], votes: Sequence[Vote]) -> Tags:
    """`story_tags(votes)`, for a story whose votes were `before` (`with_vote`'s change):
    from the tally of `before` when one is kept, the votes added and dropped counted."""
    if len(votes) < 2:
        return story_tags(votes)
    # The identities compared as sets, the votes added and dropped picked in order without
    # a Python loop over the story's votes (#14: ~4,700 growths of ~30 votes per cold poll).
    old_ids, new_ids = tuple(map(id, before)), tuple(map(id, votes))
    found = _GROWN.pop(old_ids, None)
    old, new = set(old_ids), set(new_ids)
    if found is None or len(old) < len(before) or len(new) < len(votes):
        tally = Tally.of(votes)  # (a vote twice in a list: counted from the votes)
    else:
        tally = found[1]
        added, dropped = new - old, old - new
        for v in compress(votes, map(added.__contains__, new_ids)) if added else ():
            tally.count(v, 1)
        for v in compress(before, map(dropped.__contains__, old_ids)) if dropped else ():
            tally.count(v, -1)
    _GROWN[new_ids] = (tuple(votes), tally)
    while len(_GROWN) > GROWN_KEPT:
        _GROWN.popitem(last=False)
    return tally.tags()


def _most_of(counts: Counter[str]) -> str | None:
    """The most frequent value; the first in sort order on a tie."""
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _kind(counts: Counter[Kind]) -> Kind:
    actions = [k for k in (Kind.LAYOFF, Kind.HIRING_FREEZE) if counts[k]]
    pool = actions or [k for k in (Kind.ANALYSIS, Kind.OTHER) if counts[k]]
    return max(pool, key=lambda k: counts[k])  # max keeps the first of equals


def _functions(counts: Counter[str]) -> tuple[str, ...]:
    rank = _FUNCTION_RANK
    return tuple(sorted(counts, key=lambda f: (-counts[f], rank.get(f, len(rank)), f)))


_FUNCTION_RANK = {f: i for i, f in enumerate(FUNCTIONS)}


def _headcount_text(counts: Counter[str]) -> str | None:
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
