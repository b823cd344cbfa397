"""What filing one judged item needs that depends on the item alone: its canonical link,
its index keys, the stories it could join, the key of a story it would open, and its say
in a story's tags (its `Vote`, with the vote's and the tags' JSON made).

Worked out beside the item's judgement (`bot.judging`: in the judges' worker process for
a large batch) rather than in the pipeline's one writer, which holds the write lock and
is the critical path of a poll bringing many new items (#14): the judges' core idles
about half of a cold poll while the writer works on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TypeAlias

from bot.figure_scope import local_figure
from bot.links import canonical_link
from bot.models import Article, Tags
from bot.stories import CandidateScope, candidate_scope, index_keys, new_story_key
from bot.story_item import ItemFacts, item_facts
from bot.story_tags import Vote, vote
from bot.timeutil import as_utc


@dataclass(frozen=True)
class Filing:
    """`canonical_link`, `index_keys`, `candidate_scope` and `new_story_key` of an item,
    its `vote` as the store's batch would make it from the stored item, its tags as the
    items table stores them (`tags_json`), and the facts of its text the story rules ask."""

    link: str
    keys: tuple[str, ...]
    scope: CandidateScope
    story_key: str
    vote: Vote | None = None
    tags_json: str = ""
    facts: ItemFacts | None = None  # what the story rules work out of its text (story_item)


# What the filing makes of the item's headline, text, tags and summary alone (`of_text`):
# its index keys, its tags' JSON, the facts of its text, whether its figure is a local one.
OfText: TypeAlias = tuple[tuple[str, ...], str, ItemFacts, bool]


def of_text(article: Article, tags: Tags, summary: str) -> OfText:
    """The part of the filing read from the item's headline and text (`index_keys` and
    `item_facts` read nothing else of the article), its tags and summary: the same for an
    item of another link or date with that text (bot.judged_texts)."""
    return (
        tuple(index_keys(article, tags)),
        json.dumps(tags.to_json()),
        item_facts(article, tags),
        local_figure(tags.headcount, (article.title, summary), tags.companies),
    )


def filing(
    article: Article, tags: Tags, summary: str | None = None, known: OfText | None = None
) -> Filing:
    """The item's filing; with its `summary`, its vote and tags' JSON too (#14: ~0.1-0.2 s
    of a cold poll's writer, which only compares and writes them). `known`: its `of_text`,
    made for an earlier item of the same text."""
    if summary is None:
        keys, tags_json, facts, made = tuple(index_keys(article, tags)), "", None, None
    else:
        keys, tags_json, facts, local = known or of_text(article, tags, summary)
        made = _vote(article, tags, summary, local)
    return Filing(
        link=canonical_link(article.link),
        keys=keys,
        scope=candidate_scope(article, tags),
        story_key=new_story_key(article, tags),
        vote=made,
        tags_json=tags_json,
        facts=facts or item_facts(article, tags),
    )


def _vote(article: Article, tags: Tags, summary: str, local: bool) -> Vote:
    """bot.store.batch's vote of the stored item (`NewItem` from the article), its rank
    made here (a cached property: pickled with it, not made again by the writer)."""
    made = vote(
        tags,
        title=article.title,
        summary=summary,
        publisher=article.publisher,
        link=article.link,
        published=as_utc(article.published),
        local=local,
    )
    _ = made.rank
    return made
