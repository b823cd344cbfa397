"""A growing story's tags decided from its tally, one vote more (issue 14), are the tags
decided from all its votes again: random stories grown in random orders, every step
compared with the full recomputation (`story_tags`), votes dropped beyond TALLY_VOTES
included, and through the stored text (`dump_tally` / `load_tally`) as the batch does."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot import story_tags as module
from bot.models import Kind, Tags
from bot.story_tags import (
    TALLY_VOTES,
    Vote,
    dump_tally,
    grown_tags,
    load_tally,
    story_tags,
    with_vote,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)
COMPANIES = ("Amazon", "Alexa", "Twitch", "Disney", "ESPN", "Block")
FIGURES = (None, None, 61, 180, 4000, 3976, 4100, 9000, 10000, 0)
PERCENTS = (None, None, 5.0, 10.0, 10.5, 0.0)
PLACES = (None, None, "United States", "Germany", "")
OUTLETS = ("reuters", "cnbc", "bloomberg", "ap", "bbc")


def _random_vote(rng: random.Random) -> Vote:
    companies = tuple(rng.sample(COMPANIES, rng.choice((0, 1, 1, 2, 3))))
    if companies and rng.random() < 0.1:
        companies = (*companies, companies[0])  # one named twice
    evidence = rng.choice((None, None, "AI will do it", "Not because of AI", ""))
    tags = Tags(
        kind=rng.choice(list(Kind)),
        ai_cause=rng.random() < 0.4,
        ai_evidence=evidence,
        companies=companies,
        headcount=rng.choice(FIGURES),
        headcount_at_least=rng.random() < 0.3,
        headcount_text=rng.choice((None, None, "thousands", "hundreds", "dozens", "")),
        percent=rng.choice(PERCENTS),
        functions=tuple(rng.sample(("sales", "marketing", "customer_support", "hr"), 2)),
        location=rng.choice(PLACES),
        language=rng.choice((None, "en", "en", "de")),
    )
    published = (T0 + timedelta(minutes=rng.randrange(60 * 24 * 5))).isoformat()
    return Vote(tags, rng.choice(OUTLETS), published, rng.random() < 0.2)


def test_tags_grown_vote_by_vote_are_the_tags_of_all_the_votes_in_any_order() -> None:
    rng = random.Random(14)
    for _ in range(150):
        pool = [_random_vote(rng) for _ in range(rng.choice((3, 12, TALLY_VOTES + 15)))]
        votes: list[Vote] = []
        for new in pool:
            before = tuple(votes)
            if with_vote(votes, new):
                assert grown_tags(before, votes) == story_tags(votes)
        shuffled = votes[:]
        rng.shuffle(shuffled)
        assert story_tags(shuffled) == story_tags(votes)


def test_a_stored_tally_read_back_grows_from_its_kept_tally() -> None:
    rng = random.Random(16)
    votes: list[Vote] = []
    for new in (_random_vote(rng) for _ in range(TALLY_VOTES + 5)):
        before = tuple(votes)
        if with_vote(votes, new):
            grown_tags(before, votes)
        votes = load_tally(dump_tally(votes))  # the next batch reads the story back
        assert tuple(map(id, votes)) in module._GROWN or len(votes) < 2
    last = _random_vote(rng)
    before = tuple(votes)
    if with_vote(votes, last):
        assert grown_tags(before, votes) == story_tags(votes)


def test_votes_not_as_the_tally_was_kept_are_counted_again() -> None:
    rng = random.Random(3)
    votes = [_random_vote(rng) for _ in range(6)]
    grown_tags(votes[:5], votes)  # kept for these six
    twice = [*votes, votes[0]]  # the same vote twice: no identities to diff on
    assert grown_tags(votes, twice) == story_tags(twice)
    grown_tags(votes[:5], votes)
    other = [_random_vote(rng) for _ in range(4)]  # none of the kept votes left
    assert grown_tags(votes, other) == story_tags(other)
