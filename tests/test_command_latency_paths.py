"""The fast read paths behind `/layoffs <company>`, `search` and `trends` (issue #8):
the cached company index stays in step with the store, and the SQL aggregates say
exactly what summing whole stories in Python said."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from bot.charts import Bucket, trends_chart
from bot.commands import CompanyIndex, KnownCompanies
from bot.companies import CompanyMatcher, company_key
from bot.models import FUNCTIONS, Kind
from bot.render import to_text
from bot.store import Store
from bot.store import rows as news_module  # the FTS plan thresholds and row helpers
from bot.store.tables import stories
from tests.conftest import StoryFactory, stories_published_between
from tests.conftest_social import cmd, make_app

T0 = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


def _insert_story(store: Store, company: str | None, *, updated: datetime, key: str) -> int:
    """A story row as another process's pipeline would commit it."""
    with store.tx() as conn:
        result = conn.execute(
            insert(stories).values(
                key=key,
                headline=f"{company} cuts jobs",
                summary="",
                tags='{"kind": "layoff", "ai_cause": true, "companies": []}',
                kind="layoff",
                ai_cause=True,
                company=company,
                company_key=company_key(company) if company else None,
                published=T0,
                first_seen=updated,
                updated=updated,
            )
        )
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])


# ------------------------------------------------------------------ company cache
async def test_a_company_stored_after_a_lookup_is_found_at_once(
    store: Store, make_story: StoryFactory
) -> None:
    make_story("Klarna")
    app = make_app(store)
    assert (await app.handle(cmd("Initech"))).title == "No stories yet about Initech"
    make_story("Initech", headcount=40)
    reply = await app.handle(cmd("initech"))
    assert reply.title == "Initech: recent job actions"
    assert "Jobs cut or not filled (where stated): 40" in to_text(reply)
    assert "Initech" in await app.complete_company("ini")


async def test_another_process_writing_is_seen_too(store: Store, database_url: str) -> None:
    app = make_app(store)
    assert (await app.handle(cmd("Hooli"))).title == "No stories yet about Hooli"
    other = Store.open(database_url)
    try:
        _insert_story(other, "Hooli", updated=T0, key="hooli-1")
    finally:
        other.close()
    assert (await app.handle(cmd("Hooli"))).title == "Hooli: recent job actions"


def test_a_story_that_gains_its_lead_company_later_is_found(store: Store) -> None:
    sid = _insert_story(store, None, updated=T0, key="unnamed-1")
    index = CompanyIndex(store)
    assert index.current().names == ()
    with store.tx() as conn:  # an update_story naming the employer, a minute later
        conn.execute(
            update(stories)
            .where(stories.c.id == sid)
            .values(company="Initech", company_key="initech", updated=T0 + timedelta(minutes=1))
        )
    assert index.current().names == ("Initech",)


def test_an_update_stamped_in_the_past_is_found_at_once(store: Store) -> None:
    index = CompanyIndex(store)
    _insert_story(store, "Acme", updated=T0, key="acme-1")
    sid = _insert_story(store, None, updated=T0, key="unnamed-1")
    assert index.current().names == ("Acme",)
    with store.tx() as conn:  # a writer whose clock is an hour behind
        conn.execute(
            update(stories)
            .where(stories.c.id == sid)
            .values(company="Initech", company_key="initech", updated=T0 - timedelta(hours=1))
        )
    assert index.current().names == ("Acme", "Initech")


def test_lookups_do_not_rescan_the_table(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _insert_story(store, "Acme", updated=T0, key="acme-1")
    index = CompanyIndex(store)
    index.current()
    asked: list[dict[str, int]] = []
    read = store.company_names_after

    def recording(after: dict[str, int]) -> tuple[dict[str, list[str]], int]:
        asked.append(dict(after))
        return read(after)

    monkeypatch.setattr(store, "company_names_after", recording)
    for _ in range(3):
        assert index.current().names == ("Acme",)
    assert all(0 not in after.values() for after in asked), "a lookup read every name again"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_known_companies_match_like_the_matcher(seed: int) -> None:
    rng = random.Random(seed)
    names = [
        "Amazon",
        "Amdocs",
        "TikTok",
        "Meta",
        "Salesforce",
        "Klarna",
        "Marlow & Finch",
        "Acme Widgets Ltd",
        "Acme",
        "ACME",
        "Initech",
        "Intel",
        "Intuit",
        "  ",
        "",
    ] + [f"{rng.choice(['Apex', 'Nova', 'Zen'])} {rng.choice(['Labs', 'Soft', 'Works'])}"]
    matcher = CompanyMatcher()
    known = KnownCompanies.build(names, {})
    queries = [*names, "amazn", "tik tok", "bytedance", "facebook", "meta platforms", "acme"]
    queries += ["Intl", "zen", "nova labs", "x", "Marlow and Finch", "initech inc", "amdoc"]
    for name in rng.sample(names, 8):
        chars = list(name)
        if chars:
            del chars[rng.randrange(len(chars))]
        queries.append("".join(chars))
    for query in queries:
        assert known.match(query, matcher) == matcher.match(query, sorted(names)), query


# ------------------------------------------------------------------ aggregates
def _random_stories(make_story: StoryFactory, n: int, seed: int) -> None:
    rng = random.Random(seed)
    companies = ["TikTok", "Klarna", "Amazon", "Initech", None]
    for _ in range(n):
        company = rng.choice(companies)
        kind = rng.choice([Kind.LAYOFF, Kind.LAYOFF, Kind.HIRING_FREEZE, Kind.ANALYSIS])
        make_story(
            company,
            kind=kind,
            ai_cause=rng.random() < 0.7,
            headcount=rng.choice([None, 10, 250, 1200]),
            functions=tuple(rng.sample(FUNCTIONS[:6], rng.randrange(0, 4))),
            published=T0 - timedelta(seconds=rng.randrange(400 * 86400)),
        )


def test_company_totals_sum_what_the_stories_say(store: Store, make_story: StoryFactory) -> None:
    _random_stories(make_story, 80, seed=5)
    for name in ("TikTok", "Klarna", "Amazon", "Initech", "Nobody"):
        key = company_key(name)
        whole = store.stories_for_company(key, limit=None)
        actions = [s for s in whole if s.tags.kind.is_action]
        functions = Counter(f for s in actions for f in s.tags.functions)
        totals = store.company_totals(key)
        assert totals.stories == len(whole)
        assert totals.actions == len(actions)
        assert totals.ai_actions == sum(1 for s in actions if s.tags.ai_cause)
        assert totals.jobs == sum(s.tags.headcount or 0 for s in actions)
        assert list(totals.functions.items()) == list(functions.items())
        assert totals.functions.most_common(3) == functions.most_common(3)


@pytest.mark.parametrize("days", [7, 30, 90, 365])
def test_trend_totals_sum_what_the_stories_say(
    store: Store, make_story: StoryFactory, days: int
) -> None:
    _random_stories(make_story, 120, seed=days)
    end = T0 - timedelta(days=3, hours=5)
    start = end - timedelta(days=days)
    whole = stories_published_between(store, start, end)
    actions = [s for s in whole if s.tags.kind.is_action]
    ai = [s for s in actions if s.tags.ai_cause]
    companies: Counter[str | None] = Counter()
    jobs: Counter[str | None] = Counter()
    for s in ai:
        companies[s.company] += 1
        jobs[s.company] += s.tags.headcount or 0
    per_day: Counter[Any] = Counter()
    for s in ai:
        per_day[s.published.date()] += 1

    totals = store.trend_totals(start, end)
    assert sum(d.actions for d in totals.days) == len(actions)
    assert {d.day: d.ai_actions for d in totals.days if d.ai_actions} == dict(per_day)
    assert sum(d.ai_jobs for d in totals.days) == sum(s.tags.headcount or 0 for s in ai)
    assert totals.companies == [(c, companies[c], jobs[c]) for c in companies]
    expected = Counter(f for s in ai for f in s.tags.functions)
    assert list(totals.functions.items()) == list(expected.items())


def test_generated_columns_follow_the_tags(store: Store, make_story: StoryFactory) -> None:
    story = make_story("TikTok", functions=("marketing", "sales"))
    with store.tx() as conn:
        row = conn.execute(
            select(stories.c.functions, stories.c.company_label).where(stories.c.id == story.id)
        ).one()
        assert news_module._json_list(row.functions) == ["marketing", "sales"]
        assert row.company_label == "TikTok"
        conn.execute(
            update(stories)
            .where(stories.c.id == story.id)
            .values(tags='{"kind": "layoff", "functions": ["legal"]}', company="x" * 5000)
        )
        row = conn.execute(
            select(stories.c.functions, stories.c.company_label).where(stories.c.id == story.id)
        ).one()
    assert news_module._json_list(row.functions) == ["legal"]
    assert row.company_label == "x" * 200


# ------------------------------------------------------------------ search
@pytest.mark.parametrize("plan", ["few", "some", "many"])
def test_search_returns_the_newest_matches(
    store: Store, make_story: StoryFactory, monkeypatch: pytest.MonkeyPatch, plan: str
) -> None:
    monkeypatch.setattr(news_module, "_FTS_FEW", {"few": 1000, "some": 2, "many": 1}[plan])
    monkeypatch.setattr(news_module, "_FTS_MANY", {"few": 5000, "some": 1000, "many": 2}[plan])
    rng = random.Random(3)
    for i in range(45):
        make_story(
            "Klarna",
            title=f"Klarna chatbot replaces support staff, report {i}",
            published=T0 - timedelta(hours=rng.randrange(5000)),
        )
    make_story("TikTok", title="TikTok moderators cut")
    matching = [s for s in store.latest_stories(100) if "chatbot" in s.headline]
    found = store.search_stories("chatbot support", limit=10)
    assert [s.id for s in found] == [s.id for s in matching[:10]]
    assert [s.headline for s in store.search_stories("moderators")] == ["TikTok moderators cut"]
    assert store.search_stories("zebra") == []


# ------------------------------------------------------------------ chart
def test_the_same_chart_is_drawn_once() -> None:
    buckets = [Bucket(T0.date(), "10 Jan", 3, 1200), Bucket(T0.date(), "17 Jan", 1, 40)]
    first = trends_chart(buckets, title="t", subtitle="s", xlabel="Week starting")
    assert trends_chart(list(buckets), title="t", subtitle="s", xlabel="Week starting") is first
    assert trends_chart(buckets, title="t", subtitle="other", xlabel="Week starting") != first


def test_charts_share_a_figure_without_leaking_into_each_other() -> None:
    import bot.charts

    full = [Bucket(T0.date(), f"{d:02d} Jan", d % 4, d * 900) for d in range(1, 32)]
    empty = [Bucket(T0.date(), "Jan\n2025", 0, 0), Bucket(T0.date(), "Feb", 0, 0)]
    first = trends_chart(full, title="Full", subtitle="a month", xlabel="Day")
    blank = trends_chart(empty, title="Empty", xlabel="Month")
    bot.charts._chart.cache_clear()
    assert trends_chart(full, title="Full", subtitle="a month", xlabel="Day") == first
    assert trends_chart(empty, title="Empty", xlabel="Month") == blank


async def test_trends_reply_counts_only_the_period(store: Store, make_story: StoryFactory) -> None:
    now = datetime(2025, 1, 20, 12, 0, tzinfo=UTC)  # conftest_social.NOW
    make_story("Klarna", headcount=700, published=now - timedelta(days=3))
    make_story("Klarna", headcount=100, published=now - timedelta(days=3), ai_cause=False)
    make_story("TikTok", headcount=50, published=now - timedelta(days=40))
    reply = await make_app(store).handle(cmd("trends 30d"))
    out = to_text(reply)
    assert "AI-attributed stories: 1" in out
    assert "Share of all layoffs and freezes: 1 of 2 (50%)" in out
    assert "• Klarna: 1 story, 700 jobs" in out
    assert "TikTok" not in out
