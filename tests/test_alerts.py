"""Alerts: once per new story per subscriber, never for more items of the same story."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.alerts import plan_alerts
from bot.models import Kind
from bot.outbox import Dispatcher
from bot.store import Store
from tests.conftest_social import NOW, Clock, FakeAdapter, cmd, make_app


async def test_one_alert_per_story_per_subscriber(store: Store, make_story: Any) -> None:
    app = make_app(store)
    await app.handle(cmd("subscribe TikTok"))
    await app.handle(cmd("subscribe ByteDance here"))
    await app.handle(cmd("subscribe TikTok", user="U2"))
    await app.handle(cmd("subscribe Amazon", user="U3"))
    story = make_story("TikTok")
    assert plan_alerts(store, [story], NOW) == 3
    assert plan_alerts(store, [story], NOW) == 0  # replanned: nothing new
    keys = sorted(d.key for d in store.list_deliveries())
    assert keys == sorted(
        [
            f"alert:slack:C1:{story.key}",
            f"alert:slack:user:U1:{story.key}",
            f"alert:slack:user:U2:{story.key}",
        ]
    )
    adapter = FakeAdapter()
    await Dispatcher(store, {"slack": adapter}, "w", Clock()).run_once()
    targets = sorted((s.target.channel_id or "", s.target.user_id or "") for s in adapter.sent)
    assert targets == [("", "U1"), ("", "U2"), ("C1", "")]
    assert all("TikTok" in (s.message.title or "") for s in adapter.sent)


async def test_more_items_of_the_same_story_do_not_alert_again(
    store: Store, make_story: Any
) -> None:
    await make_app(store).handle(cmd("subscribe TikTok"))
    story = make_story("TikTok")
    plan_alerts(store, [story], NOW)
    updated = store.get_story(story.id)
    assert updated is not None
    assert plan_alerts(store, [updated], NOW) == 0
    assert len(store.list_deliveries()) == 1


async def test_only_new_action_stories_alert(store: Store, make_story: Any) -> None:
    await make_app(store).handle(cmd("subscribe TikTok"))
    analysis = make_story("TikTok", kind=Kind.ANALYSIS)
    other = make_story("TikTok", kind=Kind.OTHER)
    silent = make_story("TikTok", announce=False)
    freeze = make_story("TikTok", kind=Kind.HIRING_FREEZE, ai_cause=False)
    assert plan_alerts(store, [analysis, other, silent, freeze], NOW) == 1
    assert store.list_deliveries()[0].key.endswith(freeze.key)


async def test_story_with_two_companies_alerts_a_target_once(store: Store, make_story: Any) -> None:
    app = make_app(store)
    await app.handle(cmd("subscribe TikTok"))
    await app.handle(cmd("subscribe Amazon"))
    story = make_story("TikTok")
    from dataclasses import replace

    both = replace(story, tags=replace(story.tags, companies=("TikTok", "Amazon")))
    assert plan_alerts(store, [both], NOW) == 1


def test_the_alert_of_a_grown_story_leads_with_the_fresh_item_that_says_most() -> None:
    from datetime import timedelta

    from bot.alerts import new_coverage
    from bot.models import Item, Story, Tags

    def item(n: int, fetched: int, tags: Tags, hours: int = 0) -> Item:
        at = NOW + timedelta(hours=hours)
        return Item(n, 1, f"g{n}", f"https://n.example/{n}", f"T{n}", None, at, "", tags, 1,
                    NOW + timedelta(hours=fetched))  # fmt: skip

    cut = Tags(kind=Kind.LAYOFF, companies=("Acme",), headcount=250)
    vague = Tags(kind=Kind.LAYOFF, companies=("Acme",))
    story = Story(1, "acme", "T1", "", cut, NOW, NOW + timedelta(hours=2), NOW)
    old = item(1, 0, cut)
    assert new_coverage(story, [old]) is None  # nothing fresh
    first = item(2, 2, cut)
    assert new_coverage(replace(story, first_seen=NOW), [old, first]) is None  # new as a whole
    later_vague, figure = item(3, 2, vague, hours=1), item(4, 2, cut)
    found = new_coverage(story, [old, later_vague, figure])
    assert found is not None and (found.lead.id, found.first.id) == (4, 1)
