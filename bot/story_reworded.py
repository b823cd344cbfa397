"""One event's coverage reworded by outlets: lookup keys and tests for the story planner
(bot/stories.py) that are statements about how news is told, not about one event.

- A statement headlined on its speaker: bot.story_names' `headline_speaker`.
- Commentary or news giving a report's figure or naming an institution is followed up for
  bot.stories' REPORT_PERIOD (`followed_up`: the store's scope).
- A headline carried whole by another outlet or an aggregator ('The 'Godfather of SaaS'
  says he replaced most of his sales team with AI agents: ...'): RETOLD_RUN words in the
  same order within RETOLD_DAYS are one item told twice, whoever the tagger took for the
  employer on either side (`retold`).
"""

from __future__ import annotations

from datetime import timedelta

from bot.models import Article, Tags
from bot.story_institutions import institution_keys
from bot.story_sources import figure_keys
from bot.story_wording import best_run

# The longest run of words two headlines share that makes one the other told again: more
# than a phrase both took from one press release ('to cut 14,000 corporate jobs').
RETOLD_RUN = 8
RETOLD_DAYS = timedelta(days=2)


def retold(title: str, titles: tuple[str, ...], gap: timedelta) -> bool:
    """Whether the headline is one of `titles` told again (`RETOLD_RUN`, `RETOLD_DAYS`)."""
    return gap <= RETOLD_DAYS and best_run(title, titles) >= RETOLD_RUN


def apart_unnamed(
    title: str, tags: Tags, theirs: Tags, titles: tuple[str, ...], gap: timedelta
) -> bool:
    """An employer's action beside an unnamed one worded alike: not enough to join, unless
    the headline is one of theirs told again (`retold`)."""
    named = bool(tags.companies or theirs.companies)
    return named and not retold(title, titles, gap)


def followed_up(article: Article, tags: Tags) -> bool:
    """An item giving a figure (bot.story_sources) or naming an institution
    (bot.story_institutions), no action: its story is followed up for weeks."""
    return bool(figure_keys(article, tags) or institution_keys(article, tags))
