"""Upper bounds of bot.stories' `_score`, so `match_story` compares fewer candidates (#14).

`match_story` keeps the first candidate of the highest score: once it has one, a candidate
whose score cannot exceed it cannot change the choice (a tie keeps the first), and its
comparison (~40 small calls) is skipped. The bounds here read the two sides' kinds only.

Every score `_score` gives is a base plus a wording overlap (`Overlap.score`, at most 1.0)
or half of one:

- one employer's action (`_same_action`): 2.0, 0.1 more when both are led by the same
  name, plus the headlines' overlap: at most ACTION_CEILING. Every way there needs an
  action on one side at least: the same employer and both acting or one side's plain news
  headlined on the other's cuts (`_news_of_the_cuts`), one outlet tagging the employer
  otherwise, the untagged side covering the tagged side's action (`mentioned_action`), or
  two actions naming each other's employer (`name_each_other`);
- one employer's two actions seen from two sides (`_named_score`): 1.5 plus the overlap,
  both acting;
- anything else, neither acting: one report's commentary (`_same_report`) 1.2 plus the
  overlap (REPORT_CEILING); the rest of `_named_score` 1.0 or 0.9 plus an overlap; one
  claim retold (`same_claim`) 1.1; two takes or one institution (`one_event`) and the
  wording alone (`_topic_score`) 1.0 at most.

The ceilings are the same float additions as the scores' at their largest parts, so the
rounding cannot put a score above its ceiling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.headlines import distinctive_bound, lead, title_tokens
from bot.models import Article, Kind, Tags
from bot.story_wording import LEAD_CHARS, best_overlap, leads

if TYPE_CHECKING:
    from bot.stories import StoryCandidate

MAX_OVERLAP = 1.0  # `Overlap.score` is capped at 1.0 (bot.headlines.overlap)
ACTION_CEILING = 2.0 + 0.1 + MAX_OVERLAP  # `_same_action`: 2.0 + 0.1 * led + overlap
REPORT_CEILING = 1.2 + MAX_OVERLAP  # `_same_report`: 1.2 + overlap, the most without an action
# Half an overlap: two takes or one institution (`one_event`), one name and the openings
# (`named_score`), the openings alone (`_topic_score`).
TAKE_CEILING = MAX_OVERLAP / 2


def score_ceiling(tags: Tags, their_tags: Tags) -> float:
    """At least `_score` of an item tagged `tags` and a story tagged `their_tags` (when it is
    not None): ACTION_CEILING when either side acts, else REPORT_CEILING."""
    if tags.kind.is_action or their_tags.kind.is_action:
        return ACTION_CEILING
    return REPORT_CEILING


def lead_bound(article: Article, titles: tuple[str, ...], openings: tuple[str, ...]) -> int:
    """At least bot.stories' `_best_lead_overlap(article, candidate).distinctive`, from the
    candidate's headlines and openings (`openings_of`)."""
    theirs = leads(titles, openings, LEAD_CHARS)
    return distinctive_bound(lead(article.title, article.text, LEAD_CHARS), theirs)


def wording_ceiling(
    article: Article, tags: Tags, candidate: StoryCandidate, same_days: bool
) -> float:
    """At least `one_event` and `_topic_score` (when not None; `same_days`: the two within
    TOPIC_SAME_DAYS): half an overlap, or the headlines' overlap (names ignored between two
    commentaries) when they may share a distinctive word or a run of words."""
    titles = candidate.titles or (candidate.headline,)
    ignore: frozenset[str] = frozenset()
    if tags.kind is Kind.ANALYSIS is candidate.tags.kind:  # `_name_tokens`
        names = (*tags.companies, *candidate.tags.companies)
        ignore = frozenset(t for n in names for t in title_tokens(n))
    both_act = tags.kind.is_action and candidate.tags.kind.is_action
    run = same_days and not (tags.companies or candidate.tags.companies or both_act)
    if run or distinctive_bound(article.title, titles, ignore):
        return max(TAKE_CEILING, best_overlap(article.title, titles, ignore).score)
    return TAKE_CEILING
