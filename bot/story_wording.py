"""An item's wording beside a candidate story's headlines (and their opening texts), for
the story planner (bot/stories.py): the closest of them, compared once per distinct one.

A story's items are often one headline syndicated by outlet after outlet: its digest's
headlines repeat (#14: in the cold 200 x 25 ingest most candidates' headlines are a few
distinct ones, repeated). Equal headlines give equal overlaps, and the best is the first
of the greatest, so comparing the first of each gives the same answer: the distinct ones
are worked out once per story's headlines (a story stays a candidate item after item).
"""

from __future__ import annotations

from functools import lru_cache

from bot.headlines import (
    NO_OVERLAP,
    Overlap,
    distinctive_words,
    has_tally,
    lead,
    overlap,
    shared_run,
    similarity,
    title_tokens,
)

# The opening of an item's text compared with a candidate's (its headline and LEAD_CHARS of
# its text: `lead`), by bot.stories, bot.story_bounds and bot.story_takes alike.
LEAD_CHARS = 300


@lru_cache(maxsize=8192)
def distinct(titles: tuple[str, ...]) -> tuple[str, ...]:
    """The headlines once each, in the order they first come."""
    return tuple(dict.fromkeys(titles))


@lru_cache(maxsize=8192)
def leads(titles: tuple[str, ...], summaries: tuple[str, ...], chars: int) -> tuple[str, ...]:
    """Each item's headline and opening text (`lead`), once each, in order."""
    return tuple(dict.fromkeys(lead(t, s, chars) for t, s in zip(titles, summaries, strict=False)))


def sharing(
    mine: str,
    texts: tuple[str, ...],
    ignore: frozenset[str] = frozenset(),
    tallies: bool = True,
    need: int = 0,
) -> tuple[str, ...]:
    """Of these headlines or leads (once each), in order, those `overlap(mine, ., ignore)`
    may find anything in common with: a content word beyond `ignore`, or (`tallies`) a
    tally on both sides. With any other it is NO_OVERLAP, which the best of a story's
    headlines never is, so they are not compared (#14: a new item meets ~40 stories of
    ~12 headlines each in a store of 50,000 items, and shares a word with few of them).
    With `need`, only those whose overlap may count that many distinctive words: as many
    of `mine`'s distinctive words beyond `ignore`, a tally on both sides counting one."""
    if len(texts) < 2 and not need:
        return texts
    words = distinctive_words(mine) if need else title_tokens(mine)
    if ignore:
        words = words - ignore
    tally = tallies and has_tally(mine)
    if need:
        return tuple(
            t for t in texts if len(words & title_tokens(t)) + (tally and has_tally(t)) >= need
        )
    return tuple(
        t for t in texts if not words.isdisjoint(title_tokens(t)) or (tally and has_tally(t))
    )


def best_overlap(title: str, titles: tuple[str, ...], ignore: frozenset[str]) -> Overlap:
    """The first of the greatest `overlap`s (score, then distinctive words) of the headline
    with these headlines; NO_OVERLAP when none shares a word."""
    best = NO_OVERLAP
    for t in sharing(title, distinct(titles), ignore):
        o = overlap(title, t, ignore)
        if (o.score, o.distinctive) > (best.score, best.distinctive):
            best = o
    return best


def best_lead_overlap(
    mine: str, others: tuple[str, ...], ignore: frozenset[str], need: int = 0
) -> Overlap:
    """The first of the greatest `overlap`s (distinctive words, then score) of an item's
    lead with these (`leads`). With `need`, for a caller that asks for that many distinctive
    words: the same whenever the best has them (it is compared and none before it is
    greater); otherwise one with fewer, or NO_OVERLAP."""
    best = NO_OVERLAP
    for other in sharing(mine, others, ignore, need=need):
        o = overlap(mine, other, ignore)
        if (o.distinctive, o.score) > (best.distinctive, best.score):
            best = o
    return best


def best_similarity(title: str, titles: tuple[str, ...]) -> float:
    return max(similarity(title, t) for t in distinct(titles))


@lru_cache(maxsize=8192)
def _content(titles: tuple[str, ...]) -> frozenset[str]:
    """The content words of any of these headlines."""
    return frozenset().union(*map(title_tokens, distinct(titles)))


def best_run(title: str, titles: tuple[str, ...]) -> int:
    """The longest `shared_run` of the headline with any of these. A run counts only
    with two content words, so with no content word shared with any of them, none:
    not searched headline by headline (#14)."""
    if titles and title_tokens(title).isdisjoint(_content(titles)):
        return 0
    # (`shared_run` is 0 with no content word shared: only those sharing one are run.)
    return max(shared_run(title, t) for t in sharing(title, distinct(titles), tallies=False))
