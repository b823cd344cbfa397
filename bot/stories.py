"""Story clustering: which items are about the same event.

Contract used by the pipeline and the store:

- `index_keys(article, tags)` gives the keys a story is filed under (one per employer,
  topic words of the headline, and of the opening text for items with no employer). The store keeps (key, time) in an index and
  returns only stories sharing a key within `WINDOW` of the item: no all-pairs scan over
  the whole store. Per key it reads and returns a bounded number of stories on each side of
  the item's date, the nearest in time (`CANDIDATES_PER_KEY`), so the work per item stays
  the same however many stories the store holds (a frequent key, "co:amazon" or "t:layoffs",
  would otherwise return every story of the period). `candidate_scope(article, tags)` says
  which stories `match_story` could accept at all (kind, employer, dates), so the store
  leaves the rest out before counting.
- `match_story(article, tags, candidates)` picks the candidate the item belongs to, or None
  for a new story.
- `new_story_key(article, tags)` names a new story ("tiktok-2024-10"). Keys are not
  guaranteed unique (two TikTok events in one month): the store must de-duplicate, e.g.
  with `unique_key`.
- `merge_tags(existing, new)` gives a story's tags once another item joins it.

These functions are the planner: pure, candidates in, a decision out. The one filing
path is `Pipeline._ingest`, which asks the store's `IngestBatch` for candidates, plans here,
and has the batch apply the plan (`add_to_story` / `new_story`); tests and
scripts/predict.py file items through that pipeline on a temporary store.

An event is one employer, one kind of action, one period. Outlets word headlines very
differently, so for items with an employer the employer and the action decide, not the
wording; for items without one (analysis, general news) the wording must be close.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from bot.companies import company_key
from bot.headlines import (
    NO_OVERLAP,
    PUBLISHER_TAIL,
    STOPWORDS,
    WORD,
    Overlap,
    overlap,
    similarity,
    title_tokens,
    topic_keys,
)
from bot.models import Article, Kind, Tags

# One event's coverage: wording-matched items (analysis, general news, an employer's
# commentary beside its action) within SAME_PERIOD; one employer's action keeps being
# reported (follow-ups, other outlets, the confirmation of a reported plan) for up to
# FOLLOW_UP when nothing says it is another round (the employer, the dates and the
# figures decide: same or compatible figures join, a larger one weeks later or a headline
# saying 'another round' does not). The store returns candidates within WINDOW of the
# item, so WINDOW is the widest of the periods below.
SAME_PERIOD = timedelta(days=7)
FOLLOW_UP = timedelta(days=21)
# A reported plan ('plans to cut 3,200 jobs in Europe') is confirmed, in part or whole,
# up to PLAN_FOLLOW_UP later ('to cut 1,300 UK jobs'): one story when nothing says otherwise.
PLAN_FOLLOW_UP = timedelta(days=35)
WINDOW = PLAN_FOLLOW_UP
# Wording: the weighted overlap of two headlines' content words (see `overlap`). Topic
# matches (no employer on either side, or only on one) need TOPIC_SIMILARITY and two
# distinctive words in common; a day's coverage of one report is worded alike, so the bar
# rises with the gap (TOPIC_SIMILARITY_LATE beyond TOPIC_SAME_DAYS).
TOPIC_SIMILARITY = 0.45
TOPIC_SIMILARITY_LATE = 0.6
TOPIC_SAME_DAYS = timedelta(days=3)
# Headlines sharing a report's figure (three digits or more) need less wording.
TOPIC_SIMILARITY_FIGURE = 0.25
# Items naming no employer (or one employer's news that is not an action), within
# TOPIC_SAME_DAYS, whose headlines differ: one story when their headline and opening text
# (LEAD_CHARS) share LEAD_DISTINCTIVE distinctive words (a report's author, its subject,
# its figures) and LEAD_SIMILARITY of their weight. Such items are also filed under the
# LEAD_KEYS rarest words of their opening text.
LEAD_CHARS = 300
LEAD_KEYS = 2
LEAD_DISTINCTIVE = 3
LEAD_SIMILARITY = 0.3
# One employer named on both sides, commentary or news beside an action: the wording
# must agree beyond the name (two distinctive words), or the old same-kind rule holds.
NAMED_SIMILARITY = 0.35
SAME_COMPANY_OTHER_SIMILARITY = 0.25
# How far the store looks along one index key on each side of the item's date, nearest
# first: the stories it returns (of those in `candidate_scope`) among the index entries it
# reads. Enough that stores of a realistic density see every story of the window.
CANDIDATES_PER_KEY = 8
KEY_ENTRIES_READ = 16

_ROUND = re.compile(
    r"\b(?:another|additional|further|fresh|(?:new|second|third|fourth|next) round"
    r"|more (?:jobs|job cuts|layoffs|cuts|workers|staff|employees|people|roles)"
    r"|[\d,.]+k? more)\b",
    re.IGNORECASE,
)


# A headline reporting a plan rather than cuts made.
_PLAN = re.compile(
    r"\b(?:plans?|planning|considering|weighs|mulls|could cut|may cut|expected to cut"
    r"|set to (?:cut|axe|slash|shed)|reportedly|is said to|are said to)\b",
    re.IGNORECASE,
)


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


def _kind_group(kind: Kind) -> str:
    return "action" if kind.is_action else kind.value


def index_keys(article: Article, tags: Tags) -> list[str]:
    """Keys to file a story under and to look candidates up by.

    By employer, and by the headline's most distinctive words: outlets do not agree on
    which company (if any) an item is about, nor on its kind ('Elon Musk fires 200 at
    Twitter' and 'Twitter lays off 200'), but they name the event's distinctive words.
    An item naming no employer is also filed under the rarest words of its opening text
    (a survey's author, its subject), which `_topic_score` compares.
    """
    keys = [f"co:{company_key(c)}" for c in tags.companies[:3]]
    keys += topic_keys(article.title)
    if not tags.companies:
        keys += topic_keys(article.text[:LEAD_CHARS], limit=LEAD_KEYS)[:LEAD_KEYS]
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
    employer's action follows up for FOLLOW_UP (a reported plan for PLAN_FOLLOW_UP).
    """
    p = article.published
    if tags.kind.is_action and tags.companies:
        return CandidateScope(p, _ALL_KINDS, p - WINDOW, p + WINDOW, None)
    return CandidateScope(p, _ALL_KINDS, p - SAME_PERIOD, p + SAME_PERIOD, None)


def _best_overlap(title: str, candidate: StoryCandidate, ignore: frozenset[str]) -> Overlap:
    best = NO_OVERLAP
    for t in candidate.titles or (candidate.headline,):
        o = overlap(title, t, ignore)
        if (o.score, o.distinctive) > (best.score, best.distinctive):
            best = o
    return best


def _figures_differ(a: Tags, b: Tags) -> bool:
    """'14,000 jobs' and '16,000 jobs' (or 10% and 4%) are not one figure."""
    if a.headcount and b.headcount:
        low, high = sorted((a.headcount, b.headcount))
        if high > 1.1 * low:
            return True
    if a.percent is not None and b.percent is not None:
        return abs(a.percent - b.percent) > max(1.0, 0.1 * max(a.percent, b.percent))
    return False


def _same_figure(a: Tags, b: Tags) -> bool:
    if a.headcount and b.headcount and a.headcount == b.headcount:
        return True
    return a.percent is not None and b.percent is not None and abs(a.percent - b.percent) < 0.5


def _another_round(article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta) -> bool:
    """Whether an action of the candidate's employer is a new round rather than coverage.

    A headline that says so ('another 9,000', 'a second round') with another figure; or,
    weeks later, a larger figure or another percent. A smaller figure weeks later is most
    often a part of the first (the UK's share of European cuts, one site's jobs).
    A headline saying so weeks after a story that gave no figure is a new round too (the
    first round's coverage rarely says 'another').
    """
    later_is_item = article.published >= candidate.published
    later_titles = (article.title,) if later_is_item else candidate.titles
    says_round = any(_ROUND.search(t) for t in later_titles)
    if not _figures_differ(tags, candidate.tags):
        return says_round and gap > SAME_PERIOD and not _same_figure(tags, candidate.tags)
    if says_round:
        return True
    if gap <= SAME_PERIOD:
        return False
    later, earlier = (tags, candidate.tags) if later_is_item else (candidate.tags, tags)
    if later.headcount and earlier.headcount:
        return later.headcount > 1.1 * earlier.headcount
    return True


_CAPITALISED = re.compile(r"\b[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?")


@lru_cache(maxsize=16384)
def _named_keys(title: str) -> frozenset[str]:
    """Company keys of the capitalised words (and pairs of them) of a headline: 'Twitter'
    gives 'x' through the gazetteer's aliases, "Lyft's" gives 'lyft'."""
    keys: set[str] = set()
    for match in _CAPITALISED.finditer(PUBLISHER_TAIL.sub("", title)):
        words = match.group(0).split()
        for name in {*words, " ".join(words)}:
            name = re.sub(r"['’]s$", "", name).strip(".'’-")
            if len(name) > 1:
                keys.add(company_key(name))
    return frozenset(keys)


def _names_in(names: Sequence[str], titles: Iterable[str]) -> bool:
    """Whether a headline names one of the employers (or an alias of it)."""
    wanted = {company_key(n) for n in names}
    return any(wanted & _named_keys(t) for t in titles)


def _employer_relation(article: Article, tags: Tags, candidate: StoryCandidate) -> str:
    """'same' (tagged alike), 'named' (one side's headline names the other's employer),
    'different' (two employers) or 'none' (at most one side names one)."""
    mine, theirs = tags.companies, candidate.tags.companies
    if mine and theirs and _same_employer(tags, candidate.tags):
        return "same"
    if (theirs and _names_in(theirs[:1], (article.title,))) or (
        mine and _names_in(mine[:1], candidate.titles or (candidate.headline,))
    ):
        return "named"
    return "different" if mine and theirs else "none"


def _name_tokens(tags: Tags, candidate: StoryCandidate) -> frozenset[str]:
    names = (*tags.companies, *candidate.tags.companies)
    return frozenset(t for n in names for t in title_tokens(n))


def _same_action(
    article: Article, tags: Tags, candidate: StoryCandidate, gap: timedelta
) -> float | None:
    """One employer's action: outlets word it differently for weeks, so the employer, the
    dates and the figures decide, not the wording."""
    if gap > FOLLOW_UP and not _confirms_plan(article, tags, candidate):
        return None
    if _another_round(article, tags, candidate, gap):
        return None
    return 2.0 + _best_overlap(article.title, candidate, frozenset()).score


def _confirms_plan(article: Article, tags: Tags, candidate: StoryCandidate) -> bool:
    """Whether the later of the two confirms a plan the earlier reported (PLAN_FOLLOW_UP):
    the earlier headline reports a plan, the later gives the same figure, a part of it or
    none."""
    if abs(candidate.published - article.published) > PLAN_FOLLOW_UP:
        return False
    item_later = article.published >= candidate.published
    earlier_titles = candidate.titles if item_later else (article.title,)
    later, earlier = (tags, candidate.tags) if item_later else (candidate.tags, tags)
    if not any(_PLAN.search(t) for t in earlier_titles):
        return False
    return not (later.headcount and earlier.headcount and later.headcount > earlier.headcount)


def _score(article: Article, tags: Tags, candidate: StoryCandidate) -> float | None:
    gap = abs(candidate.published - article.published)
    if gap > WINDOW:
        return None
    both_act = tags.kind.is_action and candidate.tags.kind.is_action
    relation = _employer_relation(article, tags, candidate)
    if relation == "different":
        return None
    if relation == "same" and both_act:
        return _same_action(article, tags, candidate, gap)
    if gap > SAME_PERIOD:
        return None
    if relation != "none":
        return _named_score(article, tags, candidate, relation, gap)
    return _topic_score(article, tags, candidate, gap)


def _named_score(
    article: Article, tags: Tags, candidate: StoryCandidate, relation: str, gap: timedelta
) -> float | None:
    """One employer named by both: the same action seen from another side (a unit, the
    boss, the memo, commentary on it) needs the wording or a figure to agree."""
    names = _name_tokens(tags, candidate)
    text = _best_overlap(article.title, candidate, names)
    if tags.kind.is_action and candidate.tags.kind.is_action:
        if _figures_differ(tags, candidate.tags):
            return None
        if relation == "same" or _same_figure(tags, candidate.tags) or text.figure:
            return 1.5 + text.score
        if text.distinctive or text.score >= NAMED_SIMILARITY:
            return 1.5 + text.score
        return None
    if (
        relation == "same"
        and _kind_group(tags.kind) == _kind_group(candidate.tags.kind)
        and _best_similarity(article.title, candidate) >= SAME_COMPANY_OTHER_SIMILARITY
    ):
        return 1.0 + text.score
    if text.distinctive >= 2 and text.score >= NAMED_SIMILARITY:
        return 1.0 + text.score
    if (text.figure or _same_figure(tags, candidate.tags)) and text.distinctive >= 1:
        return 1.0 + text.score
    if (
        relation == "same"
        and not (tags.kind.is_action or candidate.tags.kind.is_action)
        and gap <= TOPIC_SAME_DAYS
    ):
        # One employer's news, not an action, headlined apart: the opening text decides.
        lead = _best_lead_overlap(article, candidate, names)
        if lead.distinctive >= LEAD_DISTINCTIVE and lead.score >= LEAD_SIMILARITY:
            return 0.9 + lead.score
    return None


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
    text = _best_overlap(article.title, candidate, frozenset())
    bar = TOPIC_SIMILARITY if gap <= TOPIC_SAME_DAYS else TOPIC_SIMILARITY_LATE
    needed = 2
    if text.rare_figure and gap <= TOPIC_SAME_DAYS:
        # One report's figure ('$335,000', '50,000 job cuts'): less wording needed.
        bar, needed = TOPIC_SIMILARITY_FIGURE, 1 + (text.score < TOPIC_SIMILARITY)
    if text.distinctive >= needed and text.score >= bar:
        if both_act and (tags.companies or candidate.tags.companies):
            return None  # an employer's action and an unnamed one: not enough to join
        return text.score
    if tags.companies or candidate.tags.companies or both_act or gap > TOPIC_SAME_DAYS:
        return None
    lead = _best_lead_overlap(article, candidate)
    if lead.distinctive >= LEAD_DISTINCTIVE and lead.score >= LEAD_SIMILARITY:
        return lead.score / 2
    return None


def _best_lead_overlap(
    article: Article, candidate: StoryCandidate, ignore: frozenset[str] = frozenset()
) -> Overlap:
    """The closest of the candidate's items by headline and opening text."""
    mine = f"{article.title}. {article.text[:LEAD_CHARS]}"
    best = NO_OVERLAP
    for title, summary in zip(candidate.titles, candidate.summaries, strict=False):
        o = overlap(mine, f"{title}. {summary[:LEAD_CHARS]}", ignore)
        if (o.distinctive, o.score) > (best.distinctive, best.score):
            best = o
    return best


def _best_similarity(title: str, candidate: StoryCandidate) -> float:
    return max(similarity(title, t) for t in candidate.titles or (candidate.headline,))


def _same_employer(a: Tags, b: Tags) -> bool:
    """The main employer of either is among the other's employers."""
    mine = {company_key(c) for c in a.companies}
    theirs = {company_key(c) for c in b.companies}
    return company_key(a.companies[0]) in theirs or company_key(b.companies[0]) in mine


def match_story(
    article: Article, tags: Tags, candidates: Sequence[StoryCandidate]
) -> StoryCandidate | None:
    """The candidate story this item belongs to: same employer, same action, same period."""
    best: tuple[float, StoryCandidate] | None = None
    for candidate in candidates:
        score = _score(article, tags, candidate)
        if score is not None and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


def _slug(text: str, words: int = 3) -> str:
    tokens = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS][:words]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(tokens)).strip("-") or "story"


def new_story_key(article: Article, tags: Tags) -> str:
    """'tiktok-2024-10': employer (or headline words) and the month it happened."""
    base = company_key(tags.companies[0]) if tags.companies else _slug(article.title)
    return f"{base}-{article.published:%Y-%m}"


def unique_key(key: str, taken: Iterable[str]) -> str:
    """`key`, or `key-2`, `key-3`... when another story already holds it."""
    used = set(taken)
    if key not in used:
        return key
    n = 2
    while f"{key}-{n}" in used:
        n += 1
    return f"{key}-{n}"


def merge_tags(existing: Tags, new: Tags) -> Tags:
    """A story's tags: the first report's facts, completed (never contradicted) by later ones.

    An employer action outranks commentary about it; AI attribution by any outlet counts,
    with its evidence; lists are unioned in order of first appearance.
    """
    kind = existing.kind
    if new.kind.is_action and not existing.kind.is_action:
        kind = new.kind
    ai_cause = existing.ai_cause or new.ai_cause
    evidence = existing.ai_evidence if existing.ai_cause or not new.ai_cause else new.ai_evidence
    if evidence is None:
        evidence = new.ai_evidence
    headcount = existing.headcount if existing.headcount is not None else new.headcount
    headcount_text = None
    if headcount is None:
        headcount_text = existing.headcount_text or new.headcount_text
    return replace(
        existing,
        kind=kind,
        ai_cause=ai_cause,
        ai_evidence=evidence,
        companies=tuple(dict.fromkeys((*existing.companies, *new.companies))),
        headcount=headcount,
        headcount_text=headcount_text,
        percent=existing.percent if existing.percent is not None else new.percent,
        functions=tuple(dict.fromkeys((*existing.functions, *new.functions))),
        location=existing.location or new.location,
    )
