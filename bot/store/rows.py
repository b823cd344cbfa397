"""Rows and helpers the store's modules share: the dataclasses a read returns, row
conversions, and small statement helpers."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    CursorResult,
    func,
    select,
    text,
)

from bot.links import feed_name
from bot.models import Feed, Item, Kind, Story, Tags
from bot.store.tables import stories, story_keys
from bot.timeutil import as_utc, opt_utc

if TYPE_CHECKING:
    from bot.story_tags import Vote

MAX_LINKS_PER_STORY = 10


@dataclass(frozen=True)
class NewItem:
    """An item ready to store: cleaned, summarized, tagged; its story decided by the caller."""

    feed_id: int | None
    guid: str
    link: str
    canonical_link: str
    title: str
    publisher: str | None
    published: datetime
    summary: str
    tags: Tags
    weight: int
    # The opening of its text (bot.story_openings), which the story's digest keeps beside
    # the summary: '' when not known (the summary stands in for it).
    opening: str = ""
    # Its vote and its tags' JSON when made beside its judgement (bot.filing); else the
    # batch makes them.
    vote: Vote | None = None
    tags_json: str = ""


def feed_from_row(row: Any) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        name=feed_name(row.name, row.url),
        workspace=row.workspace or None,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled=opt_utc(row.last_polled),
        last_success=opt_utc(row.last_success),
        next_poll=opt_utc(row.next_poll),
        error_count=row.error_count,
        last_error=row.last_error,
        failing_since=opt_utc(row.failing_since),
        disabled=bool(row.disabled),
        disabled_reason=row.disabled_reason,
        held_back=row.held_back,
    )


def item_from_row(row: Any) -> Item:
    return Item(
        id=row.id,
        feed_id=row.feed_id,
        guid=row.guid,
        link=row.link,
        title=row.title,
        publisher=row.publisher,
        published=as_utc(row.published),
        summary=row.summary,
        tags=Tags.from_json(json.loads(row.tags)),
        story_id=row.story_id,
        fetched_at=as_utc(row.fetched_at),
    )


# A feed enabled again (by `feeds enable`, or added again): its failures forgotten and
# due at the next poll cycle.
_ENABLED_AND_DUE: dict[str, Any] = dict(
    disabled=False,
    disabled_reason=None,
    error_count=0,
    last_error=None,
    failing_since=None,
    error_reported=False,
    next_poll=None,
)

_FTS_WORD = re.compile(r"\w+", re.UNICODE)
# A searched 'layoffs' also finds what headlines say in other words ('lays off 200',
# 'laid off'): `search AI layoffs` found 1 of 9 AI layoff stories (trial 15). Phrases,
# stemmed as the index is ('lays', 'laying' -> 'lay').
_SAID_FOR = {
    "layoff": ("layoff", "lay off", "laid off"),
    "layoffs": ("layoff", "lay off", "laid off"),
}


# PostgreSQL's English stop words (its `english.stop`), which its full-text search drops
# from a query. SQLite's FTS5 kept them: `search jobs or` found nothing there and every
# story about jobs on PostgreSQL, `AI and jobs` one story of two (trial 17). The SQLite
# query leaves them out too, so that one search finds the same stories on either.
_PG_STOP_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
PG_STOP_WORDS = frozenset(_PG_STOP_TEXT.split())


def fts5_match(words: list[str]) -> str:
    """An FTS5 query holding every word (or, for 'layoffs', one way of saying it); stop
    words left out, as PostgreSQL leaves them ('' for none else)."""
    words = [w for w in words if w not in PG_STOP_WORDS]

    def one(word: str) -> str:
        said = _SAID_FOR.get(word, (word,))
        quoted = ['"' + w.replace('"', "") + '"' for w in said]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    return " AND ".join(one(w) for w in words)


def pg_tsquery(words: list[str]) -> Any:
    """The PostgreSQL query of `fts5_match`: every word, 'layoffs' in any of its ways."""
    plain = [w for w in words if w not in _SAID_FOR]
    query: Any = func.plainto_tsquery("english", " ".join(plain)) if plain else None
    for word in (w for w in words if w in _SAID_FOR):
        either = _pg_word(word)
        query = either if query is None else query.op("&&")(either)
    return query


# Two words of a query are close in a story when at most this many words come between
# them, in either order: 'job cuts' in 'cut 2,000 jobs', not in 'price cuts lift sales as
# jobs data looms' (trial 16: a search for job cuts listed price cuts beside them).
CLOSE_WITHIN = 2
_CLOSE_WAYS = 9  # a pair said in more ways than this ('layoffs layoffs') is not tried


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    """Each two words typed one after the other, a word repeated at once left out."""
    return [(a, b) for a, b in zip(words, words[1:], strict=False) if a != b]


def fts5_near(words: list[str]) -> str | None:
    """An FTS5 query holding each two words typed side by side close together (any
    order, CLOSE_WITHIN), 'layoffs' in any of its ways; None for fewer than two words."""

    def quoted(word: str) -> list[str]:
        return ['"' + w.replace('"', "") + '"' for w in _SAID_FOR.get(word, (word,))]

    pairs = _pairs(words)
    if not pairs:
        return None
    near = []
    for a, b in pairs:
        # A stop word leaves its neighbour alone, as on PostgreSQL (already in the match).
        if a in PG_STOP_WORDS or b in PG_STOP_WORDS:
            continue
        ways = [f"NEAR({x} {y}, {CLOSE_WITHIN})" for x in quoted(a) for y in quoted(b)]
        if len(ways) > _CLOSE_WAYS:
            return None
        near.append(ways[0] if len(ways) == 1 else "(" + " OR ".join(ways) + ")")
    return " AND ".join(near)


def _pg_word(word: str) -> Any:
    if word not in _SAID_FOR:
        return func.plainto_tsquery("english", word)
    ways = [func.phraseto_tsquery("english", w) for w in _SAID_FOR[word]]
    either: Any = ways[0]
    for way in ways[1:]:
        either = either.op("||")(way)
    return either


def pg_near(words: list[str]) -> Any:
    """The PostgreSQL query of `fts5_near` (a stop word, which PostgreSQL drops, leaves
    its neighbour alone); None for fewer than two words."""
    pairs = _pairs(words)
    if not pairs:
        return None
    query: Any = None
    for a, b in pairs:
        x, y = _pg_word(a), _pg_word(b)
        close: Any = None
        for gap in range(1, CLOSE_WITHIN + 2):
            for first, second in ((x, y), (y, x)):
                one = func.tsquery_phrase(first, second, gap)
                close = one if close is None else close.op("||")(one)
        query = close if query is None else query.op("&&")(close)
    return query


ACTION_KINDS = (Kind.LAYOFF.value, Kind.HIRING_FREEZE.value)

# A tenant's own stories, beside the stories a read path selects (`_visible`): made once,
# as SQLAlchemy builds an alias's columns anew each time one is made.
_OWN = stories.alias("own")

# `_visible` for the raw SQL of the FTS5 search, with the tenant as a bound parameter.
_FTS_VISIBLE = {
    True: "(stories.tenant || '') = ''",
    False: "(stories.tenant || '') IN ('', :tenant) AND stories.id NOT IN "
    "(SELECT own.same_as FROM stories AS own "
    "WHERE own.tenant = :tenant AND own.same_as IS NOT NULL)",
}

# Up to this many matches, a search looks each matching story up and sorts them; beyond
# it, it walks the stories newest first until enough of them match.
_FTS_FEW = 1000
# Beyond this many matches, testing each story as it is walked beats listing all matches.
_FTS_MANY = 50_000


def _fts_newest(conn: Connection, match: str, limit: int, tenant: str) -> list[int]:
    """Ids of the `limit` newest stories (published, then id) matching an FTS5 query.

    FTS5 does not know when stories were published, so this picks a plan by how many
    stories match (counted up to _FTS_MANY, which costs well under a millisecond per
    10,000): each costs about the same few milliseconds at 100k or 1M stories.
    """
    n = conn.execute(
        text(
            "SELECT count(*) FROM (SELECT 1 FROM stories_fts WHERE stories_fts MATCH :q LIMIT :cap)"
        ),
        {"q": match, "cap": _FTS_MANY},
    ).scalar_one()
    if not n:
        return []
    if n <= _FTS_FEW:
        sql = (
            "SELECT id FROM stories NOT INDEXED WHERE id IN "
            "(SELECT rowid FROM stories_fts WHERE stories_fts MATCH :q)"
        )
    elif n < _FTS_MANY:
        sql = (
            "SELECT id FROM stories INDEXED BY ix_stories_published WHERE id IN "
            "(SELECT rowid FROM stories_fts WHERE stories_fts MATCH :q)"
        )
    else:
        sql = (
            "SELECT id FROM stories INDEXED BY ix_stories_published WHERE EXISTS "
            "(SELECT 1 FROM stories_fts WHERE stories_fts MATCH :q AND rowid = stories.id)"
        )
    condition = _FTS_VISIBLE[not tenant]
    rows = conn.execute(
        text(sql + f" AND ({condition}) ORDER BY published DESC, id DESC LIMIT :n"),
        {"q": match, "n": limit, "tenant": tenant},
    )
    return [int(r[0]) for r in rows]


def _company_story_ids(company_key: str) -> Any:
    """Ids of the stories a company leads or is filed under (its `co:` index key).

    A UNION, not `company_key = k OR id IN (...)`: PostgreSQL answers that OR with a scan
    of the whole table; this is two index lookups on either backend.
    """
    return (
        select(stories.c.id)
        .where(stories.c.company_key == company_key)
        .union(select(story_keys.c.story_id).where(story_keys.c.key == f"co:{company_key}"))
    )


def _json_list(raw: str | None) -> list[str]:
    """A generated `functions` column: the JSON list from tags, or NULL."""
    value = json.loads(raw) if raw else None
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass(frozen=True)
class CompanyTotals:
    """A company's stories summed up. `functions` counts the functions its job actions
    hit, in order of first mention, newest story first; `newest` are the newest stories."""

    stories: int
    actions: int
    ai_actions: int
    jobs: int
    functions: Counter[str]
    newest: tuple[Story, ...] = ()


@dataclass(frozen=True)
class TrendDay:
    """One UTC day's job actions (layoffs, hiring freezes) and the AI-attributed ones."""

    day: date
    actions: int
    ai_actions: int
    ai_jobs: int


@dataclass(frozen=True)
class TrendTotals:
    """AI-attributed job actions over a period. `companies` holds (lead company cut to
    200 characters or None, stories, jobs) and `functions` the functions hit; both in
    order of first appearance, oldest first."""

    days: list[TrendDay]
    companies: list[tuple[str | None, int, int]]
    functions: Counter[str]


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _company_key(tags: Tags) -> str | None:
    if not tags.companies:
        return None
    from bot.companies import company_key

    return company_key(tags.companies[0])[:200]


def _search_text(title: str, summary: str) -> str:
    return searchable(f"{title}\n{summary}")


def searchable(text: str) -> str:
    """Stored text as `search` reads the words typed: full-width (and other compatibility)
    forms as their plain ones, NFKC (bot.commands.spec.folded_width). A story titled
    'ｒｏｂｏｔｓ', from a feed typed on an East-Asian keyboard, was found by no search."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def _chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def item_values(item: NewItem, story_id: int | None, now: datetime) -> dict[str, Any]:
    """An item's row as `IngestBatch.flush` inserts it (but its tenant)."""
    return {
        "feed_id": item.feed_id,
        "guid": item.guid,
        "link": item.link,
        "canonical_link": item.canonical_link,
        "title": item.title,
        "publisher": item.publisher,
        "published": item.published,
        "summary": item.summary,
        "tags": item.tags_json or json.dumps(item.tags.to_json()),
        "story_id": story_id,
        "fetched_at": now,
    }
