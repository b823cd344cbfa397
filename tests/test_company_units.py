"""Following a unit (LinkedIn) or its parent (Microsoft): one company key, two followers.

A unit's follower hears of the parent's story only when it names the unit (the spec names
a unit before its parent wherever an item is about it); the parent's follower hears of its
units' stories, and the alert's title says why (bot/company_units.py)."""

from __future__ import annotations

import json
from typing import Any

from bot.alerts import plan_alerts
from bot.company_units import alert_heading, unit_name, wider_name
from bot.store import Store
from tests.conftest_social import NOW, cmd, make_app


def test_a_unit_is_followed_as_itself_and_an_owner_or_former_name_is_not_a_unit() -> None:
    assert unit_name("linkedin") == "LinkedIn"
    assert unit_name("Amazon Web Services") == "AWS"
    assert unit_name("Twitter") is None  # X now: following it is following X
    assert unit_name("ByteDance") is None  # TikTok's owner, filed with it as a unit
    assert unit_name("Microsoft") is None


def test_the_heading_says_how_a_story_reached_its_follower() -> None:
    assert alert_heading("LinkedIn", ["LinkedIn", "Microsoft"], "") == "LinkedIn"
    assert alert_heading("Microsoft", ["LinkedIn"], "") == "LinkedIn, part of Microsoft"
    assert alert_heading("Microsoft", ["Microsoft"], "") == "Microsoft"
    # The parent's story: a unit's follower hears of it only when it names the unit.
    assert alert_heading("LinkedIn", ["Microsoft"], "Microsoft to cut 6,000 jobs") is None
    named = "Microsoft cuts 6,000 jobs, including at LinkedIn"
    assert alert_heading("LinkedIn", ["Microsoft"], named) == "Microsoft, naming LinkedIn"
    assert alert_heading("Instagram", ["WhatsApp"], "WhatsApp cuts 50 jobs") is None
    assert alert_heading("AWS", ["Amazon"], "Amazon Web Services cuts") == "Amazon, naming AWS"
    assert alert_heading("X", ["Twitter"], "") == "X"  # a former name is the company
    assert alert_heading("ByteDance", ["TikTok"], "") == "ByteDance"  # an owner, not a unit


def test_one_row_follows_the_wider_name() -> None:
    assert wider_name("LinkedIn", "Microsoft") == "Microsoft"
    assert wider_name("Microsoft", "LinkedIn") == "Microsoft"
    assert wider_name("LinkedIn", "GitHub") == "Microsoft"  # two units: the parent's news
    assert wider_name("LinkedIn", "linkedin") == "LinkedIn"


async def test_a_units_follower_is_not_alerted_to_the_parents_other_news(
    store: Store, make_story: Any
) -> None:
    app = make_app(store)
    await app.handle(cmd("subscribe LinkedIn"))
    await app.handle(cmd("subscribe Microsoft", user="U2"))
    parent = make_story("Microsoft", title="Microsoft to cut 6,000 jobs")
    unit = make_story("LinkedIn", title="LinkedIn lays off 300 engineers")
    assert plan_alerts(store, [parent, unit], NOW) == 3
    titles = {
        (json.loads(d.target)["user_id"], json.loads(d.message)["title"])
        for d in store.list_deliveries()
    }
    assert titles == {
        ("U1", "New at LinkedIn: layoff"),
        ("U2", "New at Microsoft: layoff"),
        ("U2", "New at LinkedIn, part of Microsoft: layoff"),
    }, titles


async def test_following_the_parent_after_its_unit_widens_the_one_subscription(
    store: Store,
) -> None:
    app = make_app(store)
    first = await app.handle(cmd("subscribe linkedin", channel=None))
    assert first.title == "Following LinkedIn", first
    assert "Microsoft's other news alerts only when it names LinkedIn" in str(first), first
    wider = await app.handle(cmd("subscribe Microsoft", channel=None))
    assert wider.title == "Following Microsoft", wider
    assert "Microsoft's alerts include LinkedIn's stories" in str(wider), wider
    again = await app.handle(cmd("subscribe LinkedIn", channel=None))
    assert "Already subscribed to Microsoft" in str(again), again
    subs = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id=None
    )
    assert [s.company for s in subs] == ["Microsoft"]
