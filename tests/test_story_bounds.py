"""`match_story`'s early exits (bot/story_bounds.py, #14): every bound is at least what it
bounds, checked on every comparison of a cold ingest of the writer bench's feeds (real
headlines, bench/peer.py), and the bounded `match_story` picks what comparing every
candidate picks."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

import bot.pipeline
import bot.stories as stories
from bench import writer
from bot.models import Article, Tags
from bot.stories import StoryCandidate
from bot.story_bounds import (
    ACTION_CEILING,
    REPORT_CEILING,
    TAKE_CEILING,
    lead_bound,
    score_ceiling,
    wording_ceiling,
)
from bot.story_institutions import one_event
from bot.story_openings import openings_of


def _every_candidate(
    article: Article, tags: Tags, candidates: Sequence[StoryCandidate]
) -> StoryCandidate | None:
    """`match_story` with no early exit: the first candidate of the highest score."""
    best: tuple[float, StoryCandidate] | None = None
    for candidate in candidates:
        score = stories._score(article, tags, candidate)
        if score is not None and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


@pytest.fixture(scope="module")
def comparisons(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Article, Tags, tuple]]:
    """Every (item, tags, candidates) `match_story` is asked in a cold ingest of 24 x 25
    of the bench's feeds, checked on the way: the bounded choice is the unbounded one."""
    asked: list[tuple[Article, Tags, tuple]] = []
    match = bot.pipeline.match_story

    def checked(
        article: Article, tags: Tags, candidates: Sequence[StoryCandidate]
    ) -> StoryCandidate | None:
        chosen = match(article, tags, candidates)
        assert chosen is _every_candidate(article, tags, candidates)
        asked.append((article, tags, tuple(candidates)))
        return chosen

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bot.pipeline, "match_story", checked)
        writer.ingest(24, 25, tmp_path_factory.mktemp("bounds") / "bot.db")
    return asked


def test_the_score_never_exceeds_its_ceiling(comparisons: list) -> None:
    scored = acted = 0
    for article, tags, candidates in comparisons:
        for candidate in candidates:
            score = stories._score(article, tags, candidate)
            if score is None:
                continue
            scored += 1
            assert score <= score_ceiling(tags, candidate.tags), (article.title, candidate.key)
            if score > REPORT_CEILING:
                acted += 1
                assert tags.kind.is_action or candidate.tags.kind.is_action
    assert scored > 300 and acted > 100, (scored, acted)  # both ceilings were reached for


def test_the_bounds_skip_comparisons_and_pick_the_same_stories(comparisons: list) -> None:
    compared = []
    score = stories._score

    def counted(article: Article, tags: Tags, candidate: StoryCandidate) -> float | None:
        compared.append(candidate)
        return score(article, tags, candidate)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stories, "_score", counted)
        for article, tags, candidates in comparisons:
            stories.match_story(article, tags, candidates)
    every = sum(len(c) for _, _, c in comparisons)
    assert len(compared) < every * 0.95  # (the choice itself is checked in `comparisons`)


def test_the_lead_bound_is_at_least_the_leads_distinctive_words(comparisons: list) -> None:
    for article, _tags, candidates in comparisons:
        for candidate in candidates:
            bound = lead_bound(article, candidate.titles, openings_of(candidate))
            assert bound >= stories._best_lead_overlap(article, candidate).distinctive


def test_the_ceilings_bound_each_score_s_float_sum() -> None:
    overlaps = [0.0, 1.0, 0.1, 0.2, 0.7, 0.9999999999999999]
    overlaps += [random.Random(seed).random() for seed in range(2000)]
    for o in overlaps:
        assert 2.0 + 0.1 * True + o <= ACTION_CEILING and 2.0 + o <= ACTION_CEILING
        assert 1.5 + o <= ACTION_CEILING and 1.2 + o <= REPORT_CEILING
        assert max(1.1, 1.0 + o, 0.9 + o, o, o / 2) <= REPORT_CEILING and o / 2 <= TAKE_CEILING


def test_the_wording_ceiling_bounds_the_takes_and_the_topic_score(comparisons: list) -> None:
    reached = 0
    for article, tags, candidates in comparisons:
        for candidate in candidates:
            gap = abs(candidate.published - article.published)
            ceiling = wording_ceiling(article, tags, candidate, gap <= stories.TOPIC_SAME_DAYS)
            titles = candidate.titles or (candidate.headline,)
            takes = one_event(article, tags, titles, openings_of(candidate), candidate.tags)
            topic = stories._topic_score(article, tags, candidate, gap)
            for score in (takes, topic):
                assert score is None or score <= ceiling, (article.title, candidate.key)
            reached += topic is not None and topic > TAKE_CEILING
    assert reached > 20
