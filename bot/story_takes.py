"""Two takes on one event told the same days, commentary on at least one side.

Outlets headline one event their own way: 'Amazon plans to introduce robots to replace
warehouse workers' and, the same day, 'Inside Amazon's robot revolution'; 'German publisher
Axel Springer says journalists could be replaced by AI' and 'The owner of Insider and
Politico tells journalists: AI is coming for your jobs'. Their headlines share one subject
word ('robot', 'journalists'), too little alone (every take on a subject shares one), but
their openings tell the same facts in the same words (the employer, its unit, its plan).
The spec's story ruling: one event's coverage is one story, however it is worded.

So within TAKES_PERIOD (bot.stories' TOPIC_SAME_DAYS: a day's coverage is worded alike), two
items neither of them an action of an employer the other names otherwise, one of them
commentary, are one story when their headlines share a distinctive word beyond the names
they give and their openings share TAKES_LEAD_WORDS distinctive words beyond the names, at
TAKES_LEAD_SIMILARITY of their weight. Two plain news items of one employer that both
headlines name, one outlet tagging it and the other not (bot.stories' relation 'named'),
are one story on their openings alone, at the same bar (`news_told_alike`).
"""

from __future__ import annotations

from bot.headlines import Overlap, distinctive_bound, lead, title_tokens
from bot.models import Article, Kind, Tags
from bot.story_names import item_people
from bot.story_wording import LEAD_CHARS, best_lead_overlap, best_overlap, best_run, leads

TAKES_LEAD_WORDS = 3
TAKES_LEAD_SIMILARITY = 0.3


def _takes(tags: Tags, their_tags: Tags) -> bool:
    """Commentary beside commentary or beside an action; plain news (kind `other`) beside
    commentary is `bot.story_names`' to judge, two actions the employer rules'."""
    mine, theirs = tags.kind, their_tags.kind  # (~25,000 pairs per cold poll: no genexpr)
    if mine is Kind.ANALYSIS:
        return theirs is Kind.ANALYSIS or theirs.is_action
    return theirs is Kind.ANALYSIS and mine.is_action


def two_takes(
    article: Article,
    tags: Tags,
    titles: tuple[str, ...],
    summaries: tuple[str, ...],
    their_tags: Tags,
) -> float | None:
    """Half the openings' overlap when the two are two takes on one event, else None."""
    if not _takes(tags, their_tags):
        return None
    if distinctive_bound(article.title, titles) < 1:
        return None  # the headlines' test below cannot pass (its bound, names kept, is 0)
    told = _told_alike(article, tags, titles, summaries, their_tags)
    if told is None:
        return None
    opening, ignore = told
    if best_overlap(article.title, titles, ignore).distinctive < 1:
        return None
    return opening.score / 2


def news_told_alike(
    article: Article,
    tags: Tags,
    titles: tuple[str, ...],
    summaries: tuple[str, ...],
    their_tags: Tags,
) -> float | None:
    """Two plain news items (kind other), one employer named in both headlines though
    tagged on one side only (the relation 'named'): their openings telling the same facts
    in the same words, beyond the employers' and people's names. Commentary beside news
    is not enough: a leader's remarks one day and his interview the next are two events."""
    if not tags.kind is Kind.OTHER is their_tags.kind:
        return None
    told = _told_alike(article, tags, titles, summaries, their_tags)
    return None if told is None else told[0].score / 2


def _told_alike(
    article: Article,
    tags: Tags,
    titles: tuple[str, ...],
    summaries: tuple[str, ...],
    their_tags: Tags,
) -> tuple[Overlap, frozenset[str]] | None:
    """The openings' overlap beyond the names (and those names' words) when it reaches
    TAKES_LEAD_WORDS distinctive words at TAKES_LEAD_SIMILARITY, else None."""
    mine = lead(article.title, article.text, LEAD_CHARS)
    theirs = leads(titles, summaries, LEAD_CHARS)
    if distinctive_bound(mine, theirs) < TAKES_LEAD_WORDS:
        return None  # most candidates: their openings are not compared one by one
    names = (*tags.companies, *their_tags.companies, *item_people(article.title, article.text))
    names += tuple(w for t, s in zip(titles, summaries, strict=False) for w in item_people(t, s))
    ignore = frozenset(t for n in names for t in title_tokens(n))
    opening = best_lead_overlap(mine, theirs, ignore, TAKES_LEAD_WORDS)
    if opening.distinctive < TAKES_LEAD_WORDS or opening.score < TAKES_LEAD_SIMILARITY:
        return None
    return opening, ignore


def same_claim(title: str, titles: tuple[str, ...], names: frozenset[str], run: int) -> bool:
    """One employer's claim taken up for two weeks ('Klarna's AI does the work of 700
    people'): its figure and a word beyond the name, or a phrase of `run` words, in both
    headlines."""
    text = best_overlap(title, titles, names)
    if text.rare_figure and text.distinctive >= 2:
        return True
    return best_run(title, titles) >= run


def quotes_action_figure(
    article: Article,
    tags: Tags,
    titles: tuple[str, ...],
    openings: tuple[str, ...],
    their_tags: Tags,
) -> bool:
    """Commentary on one employer's action (bot.stories' relation 'same', within its
    SAME_PERIOD) that quotes the action's headcount in its headline or opening ('IBM
    believes 7,800 members of its staff could be replaced by AI' beside 'IBM to pause
    hiring for roles AI could do', whose text gives the 7,800): the commentator's words are
    their own, the figure is the employer's. Only commentary whose headline the employer
    leads (its subject: 'IBM believes ...'): one led by someone else ('Economist downplays
    fears of mass unemployment after Block cuts 4,000 jobs') is their take, a story of its
    own (real-headlines.tune). Only a headcount of three digits or more (a smaller one is
    any team's), and only commentary: plain news of the employer quoting the figure may be
    its next step (a walkout over the cuts), judged by its wording."""
    texts: tuple[str, ...]
    if tags.kind is Kind.ANALYSIS and their_tags.kind.is_action:
        figure, texts = their_tags.headcount, (lead(article.title, article.text, LEAD_CHARS),)
        led = _led_by((article.title,), tags.companies)
    elif their_tags.kind is Kind.ANALYSIS and tags.kind.is_action:
        figure, texts = tags.headcount, leads(titles, openings, LEAD_CHARS)
        led = _led_by(titles, their_tags.companies)
    else:
        return False
    if not led:
        return False  # someone else's take hooked on the cuts ('Economist downplays ...')
    if figure is None or figure < 100:
        return False
    return any(str(figure) in title_tokens(text) for text in texts)


def _led_by(titles: tuple[str, ...], companies: tuple[str, ...]) -> bool:
    """Whether a headline opens on the item's main employer ('IBM believes', "IBM's")."""
    name = companies[0].lower() if companies else ""
    return bool(name) and any(t.lower().startswith(name) for t in titles)
