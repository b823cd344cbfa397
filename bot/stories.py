"""Story clustering: which items are about the same event.

Contract used by the pipeline and the store:

- `index_keys(article, tags)` gives the keys a story is filed under (employer, topic words
  of the headline and of the opening text). The store keeps (key, time) in an index and
  returns only stories sharing a key within `WINDOW` of the item: no all-pairs scan over the
  whole store. Per key it reads and returns a bounded number of stories on each side of the
  item's date, the nearest in time (`CANDIDATES_PER_KEY`), so the work per item stays the
  same however many stories the store holds (a frequent key, "co:amazon" or "t:layoffs",
  would otherwise return every story of the period). `candidate_scope(article, tags)` says
  which stories `match_story` could accept at all (kind, employer, dates), so the store
  leaves the rest out before counting.
- `match_story(article, tags, candidates)` picks the candidate the item belongs to, or None
  for a new story.
- `new_story_key(article, tags)` names a new story ("tiktok-2024-10"). Keys are not
  guaranteed unique (two TikTok events in one month): the store must de-duplicate, e.g.
  with `unique_key`.
- `bot.story_tags.story_tags(votes)` gives a story's tags from all its items', in any order.

These functions are the planner: pure, candidates in, a decision out. The one filing
path is `Pipeline._ingest`, which asks the store's `IngestBatch` for candidates, plans here,
and has the batch apply the plan (`add_to_story` / `new_story`); tests and
scripts/predict.py file items through that pipeline on a temporary store.

An event is one employer, one kind of action, one period. Outlets word headlines very
differently, so for items with an employer the employer and the action decide, not the
wording; for items without one (analysis, general news) the wording must be close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.companies import find_known
from bot.headlines import Overlap, distinctive_bound, lead, title_tokens, topic_keys
from bot.models import Article, Kind, Tags
from bot.story_bounds import TAKE_CEILING, lead_bound, score_ceiling, wording_ceiling
from bot.story_employers import EmployerFilter, employer_relation, tagged_apart, unit_of
from bot.story_institutions import institution_followed, institution_keys, one_event
from bot.story_keys import employer_index_keys
from bot.story_keys import new_story_key as new_story_key
from bot.story_keys import unique_key as unique_key
from bot.story_mentions import mentioned_action, name_each_other
from bot.story_names import name_keys, named_score
from bot.story_openings import openings_of
from bot.story_reworded import apart_unnamed, followed_up
from bot.story_rounds import (
    after_first_round,
    boss_retold,
    cancellation_apart,
    close_figure,
    confirms_plan,
    figures_differ,
    grown_apart,
    news_of_cuts,
    plan_after_cuts,
    reaction_apart,
    round_same_day,
    same_figure,
    says_round,
    states_claim,
)
from bot.story_sources import figure_keys, item_sources, same_report, same_research
from bot.story_takes import news_told_alike, quotes_action_figure, same_claim
from bot.story_units import other_part, unit_alone
from bot.story_wording import (
    LEAD_CHARS,
    best_lead_overlap,
    best_overlap,
    best_run,
    best_similarity,
    leads,
)

# One event's coverage: wording-matched items (analysis, general news, an employer's
# commentary beside its action) within SAME_PERIOD; one employer's action keeps being
# reported (follow-ups, other outlets, the confirmation of a reported plan) for up to
# FOLLOW_UP when nothing says it is another round (an item tagged with no employer too,
# acting and naming it: `mentioned_action`; the employer, the dates and the
# figures decide: same or compatible figures join, a larger one weeks later or a headline
# saying 'another round' does not). The store returns candidates within WINDOW of the
# item, so WINDOW is the widest of the periods below.
SAME_PERIOD = timedelta(days=7)
FOLLOW_UP = timedelta(days=21)
# One employer's cuts in two parts (`bot.story_units`: 'its gaming division', 'its Alexa
# unit', 'at Orion Assembly', a unit tagged beside its parent) are two actions: when both
# name parts, none shared, beyond NEXT_DAY (a company-wide round is reported unit by unit
# the same day); when only one names a part, beyond PART_FOLLOW_UP, unless the other
# announced cuts the other says start (a site's share of a round is reported within days).
PART_FOLLOW_UP = timedelta(days=10)
# A reported plan ('plans to cut 3,200 jobs in Europe') is confirmed, in part or whole,
# up to PLAN_FOLLOW_UP later ('to cut 1,300 UK jobs'): one story when nothing says otherwise.
# Cuts announced to come ('Amazon to cut 9,000 jobs'), or a plan beyond PLAN_CONFIRMED,
# are confirmed only by a headline saying they start or are confirmed (`carried_out`).
PLAN_CONFIRMED = timedelta(days=35)
# A first round ('First wave of ... set to be cut in coming weeks') is covered as it starts
# a week on; cuts not called the first are the next round beyond FIRST_ROUND_APART.
FIRST_ROUND_APART = timedelta(days=14)
PLAN_FOLLOW_UP = timedelta(days=42)
WINDOW = PLAN_FOLLOW_UP
# Wording: the weighted overlap of two headlines' content words (see `overlap`). Topic
# matches (no employer on either side, or only on one) need TOPIC_SIMILARITY and two
# distinctive words in common; a day's coverage of one report is worded alike, so the bar
# rises with the gap (TOPIC_SIMILARITY_LATE beyond TOPIC_SAME_DAYS).
TOPIC_SIMILARITY = 0.45
TOPIC_SIMILARITY_LATE = 0.6
TOPIC_SAME_DAYS = timedelta(days=3)
TOPIC_SIMILARITY_FIGURE = 0.25  # headlines sharing a report's figure (3+ digits): less wording
# Items naming no employer (or one employer's news that is not an action), within
# TOPIC_SAME_DAYS, whose headlines differ: one story when their headline and opening text
# (LEAD_CHARS) share LEAD_DISTINCTIVE distinctive words (a report's author, its subject,
# its figures) and LEAD_SIMILARITY of their weight (filed under LEAD_KEYS rarest words).
# Or when their headlines share a run of SHARED_RUN words ('AI Restructuring Is Showing
# Up In Layoff Plans', 'AI Is Starting To Show Up In Layoff Announcements').
SHARED_RUN = 4
# Commentary on both sides (one survey, one hearing) within TOPIC_SAME_DAYS: two
# distinctive words across headline and opening text ('lazy', 'afraid'), one of them in
# both headlines or COMMENTARY_SIMILARITY of the openings' weight (two words in long
# openings, 'ChatGPT' and 'generator', are two takes on one tool; 0.2 read summaries).
COMMENTARY_SIMILARITY = 0.25
LEAD_KEYS = 2
NAMED_LEAD_KEYS = 1  # an item naming an employer: its one rarest ('Robotaxi' vs Cruise)
LEAD_DISTINCTIVE = 3
LEAD_SIMILARITY = 0.3
# One employer named on both sides, commentary or news beside an action: the wording
# must agree beyond the name (two distinctive words), or the old same-kind rule holds.
# Its plain news (kind `other`: a row, a lawsuit, a product) told twice within NEXT_DAY
# needs one subject word beyond the name ('Musk mocks...', 'Musk apologizes...').
NEXT_DAY = timedelta(days=2)
NAMED_SIMILARITY = 0.35
SAME_COMPANY_OTHER_SIMILARITY = 0.25
# Commentary on one named report or study (its author in the headline or the opening
# REPORT_CHARS of the text: 'ECB paper finds', 'says the European Central Bank') is one
# story for REPORT_PERIOD: outlets take up a report over two weeks, wording it their own
# way. Such items are filed under SOURCE_KEY + the author's keys (bot.story_sources, with
# items giving one figure with no employer acting, filed under its FIGURE_KEY).
REPORT_PERIOD = timedelta(days=14)
SOURCE_KEY = "src:"
# How far the store looks along one index key on each side of the item's date, nearest
# first: the stories it returns (of those in `candidate_scope`) among the index entries it
# reads. Enough that stores of a realistic density see every story of the window.
CANDIDATES_PER_KEY = 8
KEY_ENTRIES_READ = 16


@dataclass(frozen=True)
class StoryCandidate:
    """A stored story as the matcher sees it."""

    id: int
    key: str
    headline: str
    tags: Tags
    published: datetime
    titles: tuple[str, ...] = ()
    summaries: tuple[str, ...] = ()  # its items' summaries, beside `titles`
    # Its SOURCE_KEY index keys among those looked up: the research its items report.
    sources: frozenset[str] = frozenset()
    # Its newest item's date, when the store knows it (`published` is its first item's).
    latest: datetime | None = None
    count: int | None = None  # its items as stored (None: not read); every growth raises it
    openings: tuple[str, ...] = ()  # its items' openings beside `titles` (bot.story_openings)


def _kind_group(kind: Kind) -> str:
    return "action" if kind.is_action else kind  # (a StrEnum: `kind` equals its value)


def index_keys(article: Article, tags: Tags) -> list[str]:
    """Keys to file a story under and to look candidates up by: by employer (one key
    for its aliases: `employer_index_keys`), and by the headline's most distinctive words:
    outlets do not agree on which company (if any) an item is about, nor on its kind ('Elon
    Musk fires 200 at Twitter' and 'Twitter lays off 200'), but they name the event's
    distinctive words. Every item is also filed under the rarest words of its opening text
    (a survey's author; one word when it names an employer the tagger may name otherwise),
    for `_topic_score`."""
    keys = employer_index_keys(tags.companies[:3])
    if not tags.companies:
        # A listed company the headline names though the tags name none ('Unity Conducts
        # Its Third and Largest Round of Layoffs'): its stories are the ones to compare.
        keys += employer_index_keys(name for _, name in find_known(article.title)[:2])
    keys += topic_keys(article.title)
    lead_keys = NAMED_LEAD_KEYS if tags.companies else LEAD_KEYS
    keys += topic_keys(article.text[:LEAD_CHARS], limit=lead_keys)[:lead_keys]
    if not tags.companies:
        keys += [] if tags.kind.is_action else name_keys(article.title, article.text)
    keys += sorted(SOURCE_KEY + k for k in item_sources(article, tags))
    keys += figure_keys(article, tags) + institution_keys(article, tags)
    return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class CandidateScope:
    """The stored stories `match_story` could accept for an item, by what the store holds.

    A story is in scope when its kind is one of `kinds`, its date (`stories.published`)
    lies in [since, until] and, when `employer` is not None, it names an employer (True) or
    none (False). Anything outside is rejected by `_score` whatever its headline, so the
    store may skip it before applying its per-key limit. `near` is the item's date: the
    store keeps the stories nearest to it.
    """

    near: datetime
    kinds: tuple[str, ...]
    since: datetime
    until: datetime
    employer: bool | None
    employers: EmployerFilter | None = None  # for an item naming an employer

    def admits(self, tags: Tags, published: datetime) -> bool:
        return (
            tags.kind.value in self.kinds
            and self.since <= published <= self.until
            and (self.employer is None or self.employer == bool(tags.companies))
        )


_ALL_KINDS = tuple(k.value for k in Kind)


def candidate_scope(article: Article, tags: Tags) -> CandidateScope:
    """Which stories could match the item: the conditions of `_score` that need no headline.

    Kinds are judged per item, so one event's coverage can carry several (the layoff, the
    CEO's memo taken for commentary): within SAME_PERIOD any kind may match; only an
    action follows up: an employer's for FOLLOW_UP (a reported plan for PLAN_FOLLOW_UP), one
    naming none for FOLLOW_UP (it may cover a named one's: `mentioned_action`), and an
    employer's other news or commentary on a named report for REPORT_PERIOD.
    """
    p, action = article.published, tags.kind.is_action
    employers = EmployerFilter(tags.companies, article.title, action) if tags.companies else None
    if action:
        period = WINDOW if tags.companies else FOLLOW_UP
        return CandidateScope(p, _ALL_KINDS, p - period, p + period, None, employers)
    if tags.companies or item_sources(article, tags) or followed_up(article, tags):
        return CandidateScope(p, _ALL_KINDS, p - REPORT_PERIOD, p + REPORT_PERIOD, None, employers)
    return CandidateScope(p, _ALL_KINDS, p - SAME_PERIOD, p + SAME_PERIOD, None)


def _best_overlap(title: str, candidate: StoryCandidate, ignore: frozenset[str]) -> Overlap:
    return best_overlap(title, candidate.titles or (candidate.headline,), ignore)


def _another_round(article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta) -> bool:
    """Whether an action of the candidate's employer is a new round rather than coverage: a
    headline saying so ('another 9,000') with another figure (within NEXT_DAY a far one, weeks
    later none too); weeks later, a larger figure or another percent; a freeze and layoffs. A
    smaller figure weeks later is most often a part (the UK's share of European cuts)."""
    later_is_item = article.published >= candidate.published
    later_titles = (article.title,) if later_is_item else candidate.titles
    earlier_titles = candidate.titles if later_is_item else (article.title,)
    later, earlier = (tags, candidate.tags) if later_is_item else (candidate.tags, tags)
    if gap <= NEXT_DAY:
        return round_same_day(earlier_titles, later_titles, earlier, later)
    if {tags.kind, candidate.tags.kind} == {Kind.LAYOFF, Kind.HIRING_FREEZE}:
        return True  # a hiring freeze and, days later, layoffs: two actions
    new_round = (
        says_round(earlier_titles, later_titles, not figures_differ(tags, candidate.tags))
        or (gap > SAME_PERIOD and plan_after_cuts(earlier_titles, later_titles))
        or (gap > FIRST_ROUND_APART and after_first_round(earlier_titles, later_titles))
    )
    if not figures_differ(tags, candidate.tags):
        return new_round and gap > SAME_PERIOD and not close_figure(tags, candidate.tags)
    if new_round:
        return True
    return gap > SAME_PERIOD and grown_apart(earlier, later, later_titles)


def _employer_relation(article: Article, tags: Tags, candidate: StoryCandidate) -> str:
    titles = candidate.titles or (candidate.headline,)
    return employer_relation(tags.companies, article.title, candidate.tags.companies, titles)


def _tagged_apart(article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta) -> bool:
    """Two actions within SAME_PERIOD, one employer tagged otherwise by one outlet
    (`tagged_apart`), the figures agreeing or not given."""
    if gap > SAME_PERIOD or figures_differ(tags, candidate.tags):
        return False
    titles = candidate.titles or (candidate.headline,)
    return tagged_apart(tags.companies, article.title, candidate.tags.companies, titles)


def _unit_of(article: Article, tags: Tags, candidate: StoryCandidate) -> bool:
    titles = candidate.titles or (candidate.headline,)
    return unit_of(tags.companies, article.title, candidate.tags.companies, titles)


def _name_tokens(tags: Tags, candidate: StoryCandidate) -> frozenset[str]:
    names = (*tags.companies, *candidate.tags.companies)
    return frozenset(t for n in names for t in title_tokens(n))


def _same_action(
    article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta
) -> float | None:
    """One employer's action: outlets word it differently for weeks, so the employer, the
    dates and the figures decide, not the wording; someone's reaction to it is news apart."""
    if gap > FOLLOW_UP and not (
        _confirms_plan(article, tags, candidate) or _confirmation_covered(article, candidate)
    ):
        return None
    if reaction_apart((article.title,), candidate.titles or (candidate.headline,)):
        return None
    if _another_round(article, tags, candidate, gap):
        return None
    near = _span_gap(article, candidate)
    if _other_part(article, tags, candidate, near):
        return None
    titles = candidate.titles or (candidate.headline,)
    if (
        near > NEXT_DAY
        and not same_figure(tags, candidate.tags)
        and unit_alone(tags.companies, (article.title,), candidate.tags.companies, titles)
    ):
        return None  # a unit's own cuts beside its parent's round, another figure
    # Between two stories of one employer, the one led by the same name (GM's own cuts, not
    # its Cruise unit's) is the closer.
    led = bool(tags.companies) and tags.companies[:1] == candidate.tags.companies[:1]
    return 2.0 + 0.1 * led + _best_overlap(article.title, candidate, frozenset()).score


def _confirmation_covered(article: Article, candidate: StoryCandidate) -> bool:
    """A story that already runs beyond FOLLOW_UP (a plan and the cuts that confirmed it)
    takes that confirmation's coverage within NEXT_DAY of its newest item."""
    latest = candidate.latest or candidate.published
    return latest - candidate.published > FOLLOW_UP and _span_gap(article, candidate) <= NEXT_DAY


def _span_gap(article: Article, candidate: StoryCandidate) -> timedelta:
    """How far the item lies from the story's items: from its first to its newest, when the
    store knows the newest (a plan reported on the 9th, its cuts covered since the 29th:
    an item of the 29th is that day's coverage, not 20 days on)."""
    latest = candidate.latest or candidate.published
    if article.published > latest:
        return article.published - latest
    return max(candidate.published - article.published, timedelta(0))


def _other_part(article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta) -> bool:
    """Whether the two are cuts in two parts of the employer (see PART_FOLLOW_UP)."""
    titles = candidate.titles or (candidate.headline,)
    later_is_item = article.published >= candidate.published
    mine = (article.title,), tags
    theirs = titles, candidate.tags
    earlier, later = (theirs, mine) if later_is_item else (mine, theirs)
    return other_part(earlier, later, gap, NEXT_DAY, PART_FOLLOW_UP)


def _confirms_plan(article: Article, tags: Tags, candidate: StoryCandidate) -> bool:
    """Whether the later of the two confirms a plan the earlier reported (`confirms_plan`:
    up to PLAN_CONFIRMED, a plan with no figure up to PLAN_FOLLOW_UP)."""
    gap = abs(candidate.published - article.published)
    if gap > PLAN_FOLLOW_UP:
        return False
    titles = candidate.titles or (candidate.headline,)
    mine = (article.title,), tags
    theirs = titles, candidate.tags
    earlier, later = (theirs, mine) if article.published >= candidate.published else (mine, theirs)
    return confirms_plan(earlier, later, gap <= PLAN_CONFIRMED)


def _score(article: Article, tags: Tags, candidate: StoryCandidate) -> float | None:
    gap = abs(candidate.published - article.published)
    if gap > WINDOW:
        return None
    both_act = tags.kind.is_action and candidate.tags.kind.is_action
    relation = _employer_relation(article, tags, candidate)
    kinds = (tags.kind, candidate.tags.kind)
    if relation == "different":
        return None
    near = _span_gap(article, candidate)  # to the story's newest coverage
    if relation == "same" and (both_act or _news_of_the_cuts(article, tags, candidate, near)):
        return _same_action(article, tags, candidate, gap)
    if relation == "named" and both_act and _tagged_apart(article, tags, candidate, near):
        return _same_action(article, tags, candidate, gap)
    mine = (article.title, article.text)
    theirs = (candidate.titles or (candidate.headline,), openings_of(candidate))
    if (
        near <= FOLLOW_UP and mentioned_action(tags, mine, candidate.tags, theirs, near <= NEXT_DAY)
    ) or (
        relation == "named"
        and near <= NEXT_DAY
        and name_each_other(tags, mine, candidate.tags, theirs)
    ):
        return _same_action(article, tags, candidate, gap)
    if gap <= REPORT_PERIOD and _same_report(article, tags, candidate, gap):
        return 1.2 + _best_overlap(article.title, candidate, frozenset()).score
    news = not (tags.kind.is_action or candidate.tags.kind.is_action)
    if (
        relation == "same"
        and news
        and gap <= REPORT_PERIOD
        and same_claim(article.title, theirs[0], _name_tokens(tags, candidate), SHARED_RUN)
    ):
        return 1.1
    if gap > SAME_PERIOD:
        return None
    takes = one_event(article, tags, *theirs, candidate.tags) if near <= TOPIC_SAME_DAYS else None
    if takes is not None:
        return takes  # two takes on one event the same days (commentary, an institution)
    if relation != "none":
        named = _named_score(article, tags, candidate, relation, gap)
        if named is not None or relation == "same" or Kind.ANALYSIS in kinds:
            return named
        # News named in one headline only is no reason to ask more of the wording than
        # when neither names anyone ('OPEC's surprise output cuts' beside 'OPEC+');
        # commentary is: each take on one employer's news is a story of its own.
    return _topic_score(article, tags, candidate, gap)


def _news_of_the_cuts(
    article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta
) -> bool:
    """An employer's action and, within SAME_PERIOD, its plain news (kind `other`) headlined
    on job cuts: the same cuts judged apart ('Bob Iger sets out timeline for 7,000 job
    cuts' beside 'Disney layoffs will begin this week'); up to FOLLOW_UP when it gives the
    action's headcount (a story is dated by its first item, a plan). Commentary stays apart."""
    if gap > FOLLOW_UP or not (tags.kind.is_action or candidate.tags.kind.is_action):
        return False
    far = gap > SAME_PERIOD
    if tags.kind is Kind.OTHER:
        return news_of_cuts((article.title,), candidate.tags.headcount if far else None, far)
    titles = candidate.titles or (candidate.headline,)
    return candidate.tags.kind is Kind.OTHER and news_of_cuts(titles, tags.headcount, far)


def _named_score(
    article: Article, tags: Tags, candidate: StoryCandidate, relation: str, gap: timedelta
) -> float | None:
    """One employer named by both: the same action seen from another side (a unit, the
    boss, the memo, commentary on it) needs the wording or a figure to agree."""
    names = _name_tokens(tags, candidate)
    text = _best_overlap(article.title, candidate, names)
    if tags.kind.is_action and candidate.tags.kind.is_action:
        if figures_differ(tags, candidate.tags):
            return None
        if relation == "same" or same_figure(tags, candidate.tags) or text.figure:
            return 1.5 + text.score
        if _unit_of(article, tags, candidate):
            return 1.5 + text.score
        if text.distinctive or text.score >= NAMED_SIMILARITY:
            return 1.5 + text.score
        return None
    if cancellation_apart(article.title, candidate.titles, tags, candidate.tags, names):
        return None
    if (
        relation == "same"
        and _kind_group(tags.kind) == _kind_group(candidate.tags.kind)
        and _best_similarity(article.title, candidate) >= SAME_COMPANY_OTHER_SIMILARITY
    ):
        return 1.0 + text.score
    if text.distinctive >= 2 and text.score >= NAMED_SIMILARITY:
        return 1.0 + text.score
    # A figure and a word beyond it ('600', 'customer support'): every take on an action
    # quotes its figure; the employer's forecast retold, its figure and close wording.
    said = (article.title,) if not tags.kind.is_action else candidate.titles
    rare = text.rare_figure and text.score >= NAMED_SIMILARITY and states_claim(said)
    if (text.figure or same_figure(tags, candidate.tags)) and (
        text.distinctive > text.figure or rare
    ):
        return 1.0 + text.score
    if relation == "same" and not (tags.kind.is_action or candidate.tags.kind.is_action):
        # One employer's news and commentary on it within the week: worded apart but
        # sharing a subject beyond the name ('Bard'); two plain news items the same or
        # next day too (NEXT_DAY). Otherwise two news items need more (price cuts a week
        # apart are two).
        if text.distinctive >= 1 and (
            tags.kind != candidate.tags.kind
            or (tags.kind is Kind.OTHER and gap <= NEXT_DAY)  # two plain news items
            or (
                gap <= TOPIC_SAME_DAYS
                and boss_retold(article.title, candidate.titles or (candidate.headline,))
            )
        ):
            return 0.9 + text.score
        # Or their openings, three words beyond the name however long they are.
        lead = _best_lead_overlap(article, candidate, names, LEAD_DISTINCTIVE)
        if gap <= TOPIC_SAME_DAYS and lead.distinctive >= LEAD_DISTINCTIVE:
            return 0.9 + lead.score
    theirs = (candidate.titles or (candidate.headline,), openings_of(candidate))
    if relation == "named" and gap <= TOPIC_SAME_DAYS:
        told = news_told_alike(article, tags, *theirs, candidate.tags)
        return None if told is None else 0.9 + told
    quoted = relation == "same" and quotes_action_figure(article, tags, *theirs, candidate.tags)
    return 0.9 + text.score if quoted else None


def _topic_score(
    article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta
) -> float | None:
    """No employer in common: the wording alone, close and distinctive; for items that
    name no employer at all, the opening of the text too (outlets headline one survey
    their own way but report its author, its figures and its findings alike)."""
    if bool(tags.companies) != bool(candidate.tags.companies) and _kind_group(
        tags.kind
    ) != _kind_group(candidate.tags.kind):
        return None  # an employer's news and unnamed news of another kind
    both_act = tags.kind.is_action and candidate.tags.kind.is_action
    # Commentary naming a report's author ('..., says Goldman Sachs') beside commentary
    # that does not: the name is one outlet's extra wording, not another subject.
    commentary = tags.kind is Kind.ANALYSIS is candidate.tags.kind
    ignore = _name_tokens(tags, candidate) if commentary else frozenset()
    titles = candidate.titles or (candidate.headline,)
    # The tests below need distinctive words in common: with none (most candidates), none runs.
    text = (
        _best_overlap(article.title, candidate, ignore)
        if distinctive_bound(article.title, titles, ignore)
        else None
    )
    if text is not None and _topic_wording(text, gap):
        if both_act and apart_unnamed(article.title, tags, candidate.tags, titles, gap):
            return None  # an employer's action and an unnamed one: not enough, unless retold
        return text.score
    if tags.companies or candidate.tags.companies or both_act or gap > TOPIC_SAME_DAYS:
        return None
    if best_run(article.title, titles) >= SHARED_RUN:
        return (text or _best_overlap(article.title, candidate, ignore)).score
    if lead_bound(article, candidate.titles, openings_of(candidate)) < 2:
        return None  # none of the tests below can pass (a name and a word beyond it too)
    action = tags.kind.is_action or candidate.tags.kind.is_action  # a name: `named_score`
    if (named := named_score(article, titles, openings_of(candidate), action)) is not None:
        return named
    lead = _best_lead_overlap(article, candidate, need=2)  # (both tests below need 2)
    if lead.distinctive >= LEAD_DISTINCTIVE and lead.score >= LEAD_SIMILARITY:
        return lead.score / 2
    if (
        tags.kind is Kind.ANALYSIS is candidate.tags.kind
        and lead.distinctive >= 2
        and ((text is not None and text.distinctive > 0) or lead.score >= COMMENTARY_SIMILARITY)
    ):
        return lead.score / 2
    return None


def _topic_wording(text: Overlap, gap: timedelta) -> bool:
    """Headlines close enough for a topic match: TOPIC_SIMILARITY (TOPIC_SIMILARITY_LATE
    after TOPIC_SAME_DAYS) and two distinctive words; with a report's figure, less."""
    bar = TOPIC_SIMILARITY if gap <= TOPIC_SAME_DAYS else TOPIC_SIMILARITY_LATE
    needed = 2
    if text.rare_figure and gap <= TOPIC_SAME_DAYS:
        # One report's figure ('$335,000', '50,000 job cuts'): less wording needed.
        bar, needed = TOPIC_SIMILARITY_FIGURE, 1 + (text.score < TOPIC_SIMILARITY)
    return text.distinctive >= needed and text.score >= bar


def _same_report(article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta) -> bool:
    """One named report, one figure retold (bot.story_sources), one institution followed up."""
    theirs = (tags, candidate.tags, candidate.titles, openings_of(candidate))
    late = gap > TOPIC_SAME_DAYS  # days apart: a round percent is any two surveys'
    hit = same_research(article, *theirs, candidate.sources) or same_report(article, *theirs, late)
    return hit or institution_followed(article, *theirs)


def _best_lead_overlap(
    article: Article, candidate: StoryCandidate, ignore: frozenset[str] = frozenset(), need: int = 0
) -> Overlap:
    """The closest of the candidate's items by headline and opening text (`need`: see there)."""
    theirs = leads(candidate.titles, openings_of(candidate), LEAD_CHARS)
    return best_lead_overlap(lead(article.title, article.text, LEAD_CHARS), theirs, ignore, need)


def _best_similarity(title: str, candidate: StoryCandidate) -> float:
    return best_similarity(title, candidate.titles or (candidate.headline,))


def match_story(
    article: Article, tags: Tags, candidates: Sequence[StoryCandidate]
) -> StoryCandidate | None:
    """The candidate story this item belongs to: same employer, same action, same period."""
    best: tuple[float, StoryCandidate] | None = None
    for candidate in candidates:
        if best is not None and _bounded(article, tags, candidate, best[0]):
            continue  # it cannot score above the best, and a tie keeps the first (#14)
        score = _score(article, tags, candidate)
        if score is not None and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


def _bounded(article: Article, tags: Tags, candidate: StoryCandidate, best: float) -> bool:
    """Whether `_score` is at most `best`: by the kinds (`score_ceiling`), or, from 0.5, when
    only `one_event` and `_topic_score` can judge the two (at most 1.0, `wording_ceiling`): at
    most one names an employer, not acting (`mentioned_action`) nor named by the other
    ('none'), and they are not one report (`_same_report`, above 1.0)."""
    if best >= score_ceiling(tags, candidate.tags):
        return True
    if best < TAKE_CEILING or (tags.companies and candidate.tags.companies):
        return False
    named = tags if tags.companies else candidate.tags
    if named.companies and (
        named.kind.is_action or _employer_relation(article, tags, candidate) != "none"
    ):
        return False
    gap = abs(candidate.published - article.published)
    if best < 1.0 and best < wording_ceiling(article, tags, candidate, gap <= TOPIC_SAME_DAYS):
        return False  # (before `_same_report`: `_score` asks it of those kept, once)
    return not (gap <= REPORT_PERIOD and _same_report(article, tags, candidate, gap))
