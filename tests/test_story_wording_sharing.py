"""A story's headlines and leads compared only where they share a word (bot.story_wording
`sharing`, #14): the best overlap, the best lead overlap a caller asks so many distinctive
words of, and the longest shared run are those of comparing every headline."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import bot.pipeline
from bench import writer
from bot.headlines import NO_OVERLAP, Overlap, lead, overlap, shared_run
from bot.models import Article, Tags
from bot.stories import StoryCandidate
from bot.story_openings import openings_of
from bot.story_wording import (
    LEAD_CHARS,
    best_lead_overlap,
    best_overlap,
    best_run,
    distinct,
    leads,
    sharing,
)


def _every_overlap(mine: str, others: Sequence[str], ignore: frozenset[str], lead: bool) -> Overlap:
    """The first of the greatest overlaps, every one compared (headlines: by score first)."""
    best = NO_OVERLAP
    for other in others:
        o = overlap(mine, other, ignore)
        key, best_key = ((o.distinctive, o.score), (best.distinctive, best.score))
        if not lead:
            key, best_key = key[::-1], best_key[::-1]
        if key > best_key:
            best = o
    return best


@pytest.fixture(scope="module")
def comparisons(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Article, Tags, tuple]]:
    """Every (item, tags, candidates) `match_story` is asked in a cold ingest of 24 x 25
    of the writer bench's feeds (real headlines)."""
    asked: list[tuple[Article, Tags, tuple]] = []
    match = bot.pipeline.match_story

    def kept(
        article: Article, tags: Tags, candidates: Sequence[StoryCandidate]
    ) -> StoryCandidate | None:
        asked.append((article, tags, tuple(candidates)))
        return match(article, tags, candidates)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bot.pipeline, "match_story", kept)
        writer.ingest(24, 25, tmp_path_factory.mktemp("sharing") / "bot.db")
    return asked


def test_a_story_s_headlines_compared_where_they_share_a_word(comparisons: list) -> None:
    pairs = skipped = 0
    for article, tags, candidates in comparisons:
        names = frozenset(w.lower() for c in tags.companies for w in c.split())
        for candidate in candidates:
            titles = candidate.titles or (candidate.headline,)
            for ignore in (frozenset(), names):
                every = _every_overlap(article.title, distinct(titles), ignore, lead=False)
                assert best_overlap(article.title, titles, ignore) == every
            assert best_run(article.title, titles) == max(
                shared_run(article.title, t) for t in distinct(titles)
            )
            pairs += len(distinct(titles))
            skipped += len(distinct(titles)) - len(sharing(article.title, distinct(titles)))
    assert skipped > pairs / 5, (skipped, pairs)  # (syndicated copy: a quarter share none)


def test_the_leads_a_caller_asks_distinctive_words_of(comparisons: list) -> None:
    reached = 0
    for article, _tags, candidates in comparisons:
        mine = lead(article.title, article.text, LEAD_CHARS)
        for candidate in candidates:
            theirs = leads(candidate.titles, openings_of(candidate), LEAD_CHARS)
            every = _every_overlap(mine, theirs, frozenset(), lead=True)
            assert best_lead_overlap(mine, theirs, frozenset()) == every
            for need in (1, 2, 3):
                found = best_lead_overlap(mine, theirs, frozenset(), need)
                if every.distinctive >= need:
                    assert found == every
                    reached += need == 3
                else:
                    assert found.distinctive < need
    assert reached > 10


def test_tallies_a_few_apart_are_compared_though_no_word_is_shared() -> None:
    titles = ("Weather turns cold in the north", "Retailer drops 62,075 staff")
    mine = "Survey counts 62,000 roles gone"
    assert sharing(mine, titles) == (titles[1],)
    assert best_overlap(mine, titles, frozenset()) == overlap(mine, titles[1])
    assert best_overlap(mine, titles, frozenset()).rare_figure
    # Without the tally only a shared word counts; a word ignored is none.
    assert sharing(mine, titles, tallies=False) == ()
    assert sharing("Retailer weather", titles, frozenset({"retailer"})) == (titles[0],)
