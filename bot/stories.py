"""Story clustering: which items are about the same event.

Contract used by the pipeline and the store:

- `index_keys(article, tags)` gives the keys a story is filed under (one per employer,
  or topic words for items with no employer). The store keeps (key, time) in an index and
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

An event is one employer, one kind of action, one period. Outlets word headlines very
differently, so for items with an employer the employer and the action decide, not the
wording; for items without one (analysis, general news) the wording must be close.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from bot.companies import company_key
from bot.models import Article, Kind, Tags

# One event's coverage: wording-matched items (analysis, general news) within SAME_PERIOD;
# one employer's action keeps being reported (follow-ups, other outlets) for up to
# FOLLOW_UP when the figures do not say it is another round. The store returns candidates
# within WINDOW of the item, so WINDOW is the widest of the two.
SAME_PERIOD = timedelta(days=7)
FOLLOW_UP = timedelta(days=21)
WINDOW = FOLLOW_UP
TOPIC_SIMILARITY = 0.5
SAME_COMPANY_OTHER_SIMILARITY = 0.25
MAX_TOPIC_KEYS = 5
# How far the store looks along one index key on each side of the item's date, nearest
# first: the stories it returns (of those in `candidate_scope`) among the index entries it
# reads. Enough that stores of a realistic density see every story of the window.
CANDIDATES_PER_KEY = 8
KEY_ENTRIES_READ = 16

_WORD = re.compile(r"[a-z0-9][a-z0-9'’%-]*")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "after",
        "before",
        "over",
        "into",
        "about",
        "amid",
        "says",
        "said",
        "say",
        "new",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "has",
        "have",
        "had",
        "not",
        "but",
        "than",
        "more",
        "most",
        "up",
        "out",
        "off",
        "its",
        "their",
        "his",
        "her",
        "how",
        "why",
        "what",
        "who",
        "when",
        "where",
        "which",
        "while",
        "we",
        "you",
        "they",
        "he",
        "she",
        "i",
        "s",
    ]
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


def _kind_group(kind: Kind) -> str:
    return "action" if kind.is_action else kind.value


def _stem(word: str) -> str:
    word = word.strip("'’-")
    for suffix in ("ing", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=16384)
def title_tokens(title: str) -> frozenset[str]:
    """Content words of a headline, lightly stemmed, for similarity between outlets."""
    words = (_stem(w) for w in _WORD.findall(title.lower()))
    return frozenset(w for w in words if w and w not in _STOPWORDS)


def similarity(a: str, b: str) -> float:
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _topic_keys(title: str) -> list[str]:
    words = sorted(title_tokens(title), key=lambda w: (-len(w), w))
    return [f"t:{w}" for w in words[:MAX_TOPIC_KEYS]]


def index_keys(article: Article, tags: Tags) -> list[str]:
    """Keys to file a story under and to look candidates up by.

    Employer actions are filed by employer only; anything else also by headline words,
    since outlets do not agree on which company (if any) such an item is about.
    """
    keys = [f"co:{company_key(c)}" for c in tags.companies[:3]]
    if not tags.kind.is_action or not keys:
        keys += _topic_keys(article.title)
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


_ACTION_KINDS = tuple(k.value for k in Kind if k.is_action)


def candidate_scope(article: Article, tags: Tags) -> CandidateScope:
    """Which stories could match the item: the conditions of `_score` that need no headline."""
    p = article.published
    if tags.kind.is_action:
        # Both name employers (then the same one), or neither does and the wording is close.
        kinds = _ACTION_KINDS
        if tags.companies:
            return CandidateScope(p, kinds, p - FOLLOW_UP, p + FOLLOW_UP, True)
        return CandidateScope(p, kinds, p - SAME_PERIOD, p + SAME_PERIOD, False)
    return CandidateScope(p, (tags.kind.value,), p - SAME_PERIOD, p + SAME_PERIOD, None)


def _best_similarity(title: str, candidate: StoryCandidate) -> float:
    titles = candidate.titles or (candidate.headline,)
    return max(similarity(title, t) for t in titles)


def _headcounts_conflict(a: Tags, b: Tags) -> bool:
    """'1,800 jobs' and '150 jobs' at one company in one week are two events."""
    if a.headcount and b.headcount:
        low, high = sorted((a.headcount, b.headcount))
        return high > 3 * low
    return False


def _figures_differ(a: Tags, b: Tags) -> bool:
    """Weeks apart, '14,000 jobs' and '16,000 jobs' (or 10% and 4%) are another round."""
    if a.headcount and b.headcount:
        low, high = sorted((a.headcount, b.headcount))
        if high > 1.1 * low:
            return True
    if a.percent is not None and b.percent is not None:
        return abs(a.percent - b.percent) > max(1.0, 0.1 * max(a.percent, b.percent))
    return False


def _score(article: Article, tags: Tags, candidate: StoryCandidate) -> float | None:
    gap = abs(candidate.published - article.published)
    if gap > FOLLOW_UP:
        return None
    if gap > SAME_PERIOD and not (tags.kind.is_action and candidate.tags.kind.is_action):
        return None
    if _kind_group(tags.kind) != _kind_group(candidate.tags.kind):
        return None
    sim = _best_similarity(article.title, candidate)
    both = bool(tags.companies and candidate.tags.companies)
    same_employer = both and _same_employer(tags, candidate.tags)
    if tags.kind.is_action:
        if both:
            if not same_employer or _headcounts_conflict(tags, candidate.tags):
                return None
            if gap > SAME_PERIOD and _figures_differ(tags, candidate.tags):
                return None
            return 1.0 + sim
        if tags.companies or candidate.tags.companies or gap > SAME_PERIOD:
            return None
        return sim if sim >= TOPIC_SIMILARITY else None
    if same_employer and sim >= SAME_COMPANY_OTHER_SIMILARITY:
        return 1.0 + sim
    if both and not same_employer:
        return None
    return sim if sim >= TOPIC_SIMILARITY else None


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
    tokens = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS][:words]
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


def story_keys(story: StoryCandidate) -> list[str]:
    """Index keys of a stored story: the union of what its items would be filed under."""
    keys = [f"co:{company_key(c)}" for c in story.tags.companies[:3]]
    if not story.tags.kind.is_action or not keys:
        for title in story.titles or (story.headline,):
            keys += _topic_keys(title)
    return list(dict.fromkeys(keys))


class InMemoryStoryIndex:
    """The store's story index, in memory: for scripts and tests.

    `add` files (or re-files, after an update) a story under its keys; `candidates`
    returns stories sharing any key whose `published` lies in [since, until].
    """

    def __init__(self) -> None:
        self._stories: dict[int, StoryCandidate] = {}
        self._by_key: dict[str, set[int]] = defaultdict(set)
        self._keys_of: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._stories)

    def add(self, story: StoryCandidate, keys: Iterable[str] | None = None) -> None:
        for key in self._keys_of.pop(story.id, []):
            self._by_key[key].discard(story.id)
        new_keys = list(dict.fromkeys([*(keys or []), *story_keys(story)]))
        self._stories[story.id] = story
        self._keys_of[story.id] = new_keys
        for key in new_keys:
            self._by_key[key].add(story.id)

    def get(self, story_id: int) -> StoryCandidate | None:
        return self._stories.get(story_id)

    def story_keys_taken(self) -> set[str]:
        return {s.key for s in self._stories.values()}

    def candidates(
        self, keys: Iterable[str], since: datetime, until: datetime
    ) -> list[StoryCandidate]:
        ids: set[int] = set()
        for key in keys:
            ids |= self._by_key.get(key, set())
        found = [self._stories[i] for i in sorted(ids)]
        return [s for s in found if since <= s.published <= until]


def file_item(index: InMemoryStoryIndex, article: Article, tags: Tags) -> StoryCandidate:
    """Match the item against the index and record it; returns the story it now belongs to.

    The same steps the pipeline takes against the real store: keys, windowed candidates,
    match, then merge into the story or open a new one.
    """
    keys = index_keys(article, tags)
    found = match_story(
        article,
        tags,
        index.candidates(keys, article.published - WINDOW, article.published + WINDOW),
    )
    if found is not None:
        story = replace(
            found,
            tags=merge_tags(found.tags, tags),
            titles=(*found.titles, article.title),
        )
    else:
        key = unique_key(new_story_key(article, tags), index.story_keys_taken())
        story = StoryCandidate(
            id=len(index) + 1,
            key=key,
            headline=article.title,
            tags=tags,
            published=article.published,
            titles=(article.title,),
        )
    index.add(story, keys)
    return story
