"""A new item's facts and vote made beside its judgement (bot.story_item, bot.filing) and
handed to the writer's rules (bot.handed): the values the rules would work out (#14)."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from bot import handed
from bot.filing import filing
from bot.headlines import research_sources
from bot.models import Article, Kind, Tags
from bot.store.batch import _vote
from bot.store.rows import NewItem
from bot.story_employers import _named_in
from bot.story_institutions import institutions
from bot.story_item import hand, item_facts
from bot.story_names import _runs, item_people
from bot.story_sources import figures
from bot.story_tags import vote

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
TEXT = (
    "A study from the National Bureau of Economic Research finds 80% of workers exposed, "
    "says Jack Dorsey of Block, citing $4.4 trillion. The American Psychological "
    "Association said it would review the findings."
)


def _article(title: str = "Economists at Stanford say AI will touch 80% of jobs") -> Article:
    return Article(title=title, text=TEXT, link="https://news.example/a?x=1", published=T0)


def _clear() -> None:
    for fn in (research_sources, figures, item_people, _runs, institutions, _named_in):
        fn.cache_clear()


def test_item_facts_are_what_the_rules_work_out_of_the_item() -> None:
    article, tags = _article(), Tags(kind=Kind.ANALYSIS)
    named, figures_, sources, institutions_, people, runs = item_facts(article, tags)
    assert named == _named_in(article.title)
    assert figures_ == figures(f"{article.title}. {TEXT[:300]}") == ("80%", "4400000000000")
    assert sources == research_sources(f"{article.title}. {TEXT[:600]}") != frozenset()
    assert institutions_ == institutions(article.title, TEXT) != frozenset()
    assert people == item_people(article.title, TEXT) == {"jack", "dorsey"}
    assert runs == _runs(article.title, TEXT)


def test_an_action_naming_an_employer_sends_only_its_figures_and_employer_keys() -> None:
    tags = Tags(kind=Kind.LAYOFF, companies=("Block",), headcount=931)
    facts = item_facts(_article("Block lays off 931"), tags)
    assert facts[2:] == (None,) * 4 and "931" in facts[1]


def test_handed_facts_are_taken_on_the_rules_cache_miss_once() -> None:
    article = _article()
    facts = item_facts(article, Tags(kind=Kind.ANALYSIS))
    named, _, sources, _, people, _ = facts
    _clear()
    hand(article, facts)
    report = f"{article.title}. {TEXT[:600]}"
    assert research_sources(report) is sources  # taken, not worked out
    assert item_people(article.title, TEXT) is people
    assert _named_in(article.title) is named
    _clear()
    assert research_sources(report) is not sources  # once: then worked out again
    assert research_sources(report) == sources


def test_a_hand_never_taken_is_dropped_when_full() -> None:
    hand_ = handed.Handed[str, int]()
    for n in range(handed.LIMIT + 1):
        hand_.put(str(n), n)
    assert hand_.take("0") is None and hand_.take(str(handed.LIMIT)) == handed.LIMIT


def test_the_filing_vote_is_the_batch_vote_and_travels_with_its_rank() -> None:
    article = _article("Block lays off 931 staff in Oakland")
    tags = Tags(kind=Kind.LAYOFF, companies=("Block",), headcount=931)
    plan = pickle.loads(pickle.dumps(filing(article, tags, "Block cut 931 jobs in Oakland.")))
    item = NewItem(
        feed_id=None,
        guid="g",
        link=article.link,
        canonical_link=plan.link,
        title=article.title,
        publisher=article.publisher,
        published=article.published,
        summary="Block cut 931 jobs in Oakland.",
        tags=tags,
        weight=len(article.text),
    )
    assert plan.vote is not None and "rank" in vars(plan.vote)  # made in the worker
    assert (
        plan.vote
        == _vote(item)
        == vote(
            tags,
            title=article.title,
            summary=item.summary,
            publisher=None,
            link=article.link,
            published=T0,
        )
    )
    assert plan.vote.rank == _vote(item).rank
    assert plan.tags_json == '{"kind": "layoff", "ai_cause": false, "ai_evidence": null, ' + (
        '"companies": ["Block"], "headcount": 931, "headcount_text": null, '
        '"headcount_at_least": false, "percent": null, "functions": [], "location": null, '
        '"language": null}'
    )
