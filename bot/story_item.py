"""What the story rules work out of a new item's own text, made beside its judgement.

The story planner (bot/stories.py and bot/story_*.py) compares a new item with its
candidate stories in the pipeline's one writer, the critical path of a poll bringing many
new items (#14). Part of that work is the item's alone and done once per item, the first
time a rule asks: the authors of the research it reports (~130 us of regexes), its
headline's employer keys (~70 us), the people, names and institutions it gives, its
figures. The judges' worker process works most of these out already, to file the item
under them (`bot.stories.index_keys`, through `bot.filing`): so it sends them with the
judged item (`ItemFacts`, a few dozen bytes) and the writer hands them to the rules'
caches (`hand`, bot.handed) before it files the item. The rules then take them instead of
working them out: the same functions made them from the same text.

What the worker would not have worked out for its own keys is sent only when cheap and
asked of most items (the figures, the headline's employer keys); the rest the writer works
out if a rule asks (an action naming an employer is rarely asked for people or research).
A headline's or an opening's wording (`bot.headlines._wording`) is not sent: it costs ~20%
of working it out to read back, and a poll's repeated headlines are in the writer's cache.
"""

from __future__ import annotations

from typing import TypeAlias

from bot.headlines import HANDED_SOURCES, research_sources
from bot.models import Article, Tags
from bot.story_employers import HANDED_NAMED, _named_in
from bot.story_institutions import HANDED_INSTITUTIONS, institutions
from bot.story_names import HANDED_PEOPLE, HANDED_RUNS, _runs, item_people
from bot.story_sources import (
    FIGURE_CHARS,
    HANDED_FIGURES,
    REPORT_CHARS,
    _reports,
    figures,
    no_employer_acting,
)

# An item's facts as the story rules' caches hold them, None where not sent, in this order:
# bot.story_employers `_named_in(title)`; bot.story_sources `figures` of its headline and
# opening; `research_sources` of its headline and REPORT_CHARS; bot.story_institutions
# `institutions`; bot.story_names `item_people` and `_runs`. A plain tuple: the bot's
# process reads one back per new item, and a named tuple took ~3x as long to unpickle.
ItemFacts: TypeAlias = tuple[
    frozenset[str],
    tuple[str, ...],
    frozenset[str] | None,
    frozenset[str] | None,
    frozenset[str] | None,
    tuple[tuple[str, ...], ...] | None,
]


def _figure_text(article: Article) -> str:
    return f"{article.title}. {article.text[:FIGURE_CHARS]}"  # as bot.story_sources' `_mine`


def _report_text(article: Article) -> str:
    return f"{article.title}. {article.text[:REPORT_CHARS]}"


def item_facts(article: Article, tags: Tags) -> ItemFacts:
    """The facts `index_keys` worked out for the item's keys (research sources for an item
    that may report research, institutions for one that is no action, people and names for
    one naming no employer), and its figures and headline's employer keys."""
    title, text = article.title, article.text
    unnamed_news = not tags.companies and no_employer_acting(tags)
    return (
        _named_in(title),
        figures(_figure_text(article)),
        research_sources(_report_text(article)) if _reports(tags) else None,
        institutions(title, text) if no_employer_acting(tags) else None,
        item_people(title, text) if unnamed_news else None,
        _runs(title, text) if unnamed_news else None,
    )


def hand(article: Article, facts: ItemFacts) -> None:
    """Hand the item's facts to the rules' caches, before its filing asks for them."""
    title, text = article.title, article.text
    named, figures_, sources, institutions_, people, runs = facts
    HANDED_NAMED.put(title, named)
    HANDED_FIGURES.put(_figure_text(article), figures_)
    if sources is not None:
        HANDED_SOURCES.put(_report_text(article), sources)
    if institutions_ is not None:
        HANDED_INSTITUTIONS.put((title, text), institutions_)
    if people is not None:
        HANDED_PEOPLE.put((title, text), people)
    if runs is not None:
        HANDED_RUNS.put((title, text), runs)
