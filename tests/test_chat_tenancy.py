"""Rights and tenants at the chat edge, end to end: signed HTTP requests into the real
SlackAdapter (slack-bolt), the real App and a real store, Slack played by a fake.

Share to channel re-runs its button's command with the clicker's rights: only lookups
may run that way. A workspace admin of another team (a Slack Connect channel's guest
organisation, users.info's `team_id`) is not a manager of this one.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import text

from adapters.slack import SlackAdapter
from bot.models import Message, Section, Target
from bot.outbox import Dispatcher, enqueue_message
from bot.store import Store
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_adapter import post_signed, slash_reply, started_on_app

SECRET = "tenancy-signing-secret"
_FORM = "application/x-www-form-urlencoded"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(
        users={
            "UADMIN": {"is_admin": True, "team_id": "T1"},
            "UGUEST": {"is_admin": True, "team_id": "T2"},
            # A Slack Connect channel's member from another organisation (its admin).
            "UEXT": {"is_admin": True, "team_id": "T9"},
            "UGRID": {"team_id": "T7", "enterprise_user": {"teams": ["T7", "T1"]}},
            "USTRANGER": {"team_id": "T1", "is_stranger": True},
        }
    )
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def adapter(fake: FakeSlack, store: Store) -> AsyncIterator[SlackAdapter]:
    slack = await started_on_app(fake, store, secret=SECRET)
    yield slack
    await slack.stop()


async def _slash(
    adapter: SlackAdapter, fake: FakeSlack, command_text: str, *, user: str, team: str = "T1"
) -> str:
    """A signed `/layoffs` from `user` of `team` in C1; everything its reply says."""
    reply = await slash_reply(
        adapter, fake, command_text, secret=SECRET, user_id=user, team_id=team
    )
    return json.dumps(reply)


async def _share(adapter: SlackAdapter, fake: FakeSlack, value: str, *, user: str) -> str:
    """A signed Share to channel click carrying `value`; what the clicker was told."""
    before = len(fake.responses)
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "team_id": "T1"},
        "channel": {"id": "C1"},
        "container": {"type": "message", "channel_id": "C1", "is_ephemeral": True},
        "response_url": fake.response_url("share"),
        "actions": [
            {
                "type": "button",
                "action_id": "layoffs_share",
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    assert (
        await post_signed(
            adapter, urlencode({"payload": json.dumps(payload)}), _FORM, secret=SECRET
        )
        == 200
    )
    await fake.wait_for(lambda: len(fake.responses) > before, timeout=10)
    return json.dumps(fake.responses[before:])


def _count(store: Store, table: str) -> int:
    with store.tx() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


@pytest.mark.parametrize(
    "value",
    ["digest off", "digest now", "subscribe Klarna here", "feeds remove https://a.example/rss"],
)
async def test_a_share_click_carrying_a_changing_command_changes_and_posts_nothing(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, value: str
) -> None:
    """Before: the Share handler ran any text its button carried, with the clicker's
    rights, then posted the answer for everyone: `digest off` turned the channel's digest
    off from a button."""
    store.set_digest(
        platform="slack",
        workspace_id="T1",
        channel_id="C1",
        now=datetime.now(UTC),
        updated_by="UADMIN",
        enabled=True,
    )
    told = await _share(adapter, fake, value, user="UADMIN")
    assert "Only lookups" in told
    await asyncio.sleep(0.2)
    digest = store.get_digest("slack", "C1")
    assert digest is not None and digest.enabled and digest.updated_by == "UADMIN"
    assert _count(store, "subscriptions") == 0 and _count(store, "deliveries") == 0
    assert fake.posted == []


async def test_a_share_click_on_a_lookup_still_posts_it(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    told = await _share(adapter, fake, "trends 7d", user="U1")
    assert "Only lookups" not in told
    assert _count(store, "deliveries") == 1


async def test_an_admin_of_another_team_is_not_a_manager_of_this_one(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """A Slack Connect guest: users.info says UGUEST is an admin, of team T2. Before, any
    `is_admin` made a manager, so a command arriving with this workspace's team_id (T1)
    turned its digest on."""
    told = await _slash(adapter, fake, "digest on 08:00", user="UGUEST", team="T1")
    assert "Not allowed" in told
    assert store.get_digest("slack", "C1") is None
    told = await _slash(adapter, fake, "digest on 08:00", user="UADMIN", team="T1")
    assert "Not allowed" not in told


async def test_a_shared_channels_digest_is_changed_only_from_the_workspace_that_set_it_up(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """The same channel id in two workspaces (Slack Connect, Grid): digests are one per
    channel, so T2's admin turned off (or re-timed) the digest T1 had set up with its own
    feeds."""
    await _slash(adapter, fake, "digest on 08:00", user="UADMIN", team="T1")
    told = await _slash(adapter, fake, "digest off", user="UGUEST", team="T2")
    assert "another workspace" in told
    digest = store.get_digest("slack", "C1")
    assert digest is not None and digest.enabled and digest.time == "08:00"
    assert "08:00" in await _slash(adapter, fake, "digest settings", user="UGUEST", team="T2")


async def test_a_throttled_channel_of_one_workspace_holds_back_no_other_workspace(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """Slack throttles workspace A's channel (429 on every post). Before, each of A's
    alerts went through slack_sdk's in-process 429 retries in turn (six calls each, each
    sleeping Retry-After) before workspace B's alert; now A's channel is tried once a
    sweep and B's alert goes out in the same sweep."""
    fake.throttled["CA"] = 0
    now = datetime.now(UTC)
    for n in range(3):
        target = Target("slack", channel_id="CA", workspace_id="TA")
        enqueue_message(store, key=f"a{n}", target=target, message=_alert("A"), source="t", now=now)
    b = Target("slack", channel_id="CB", workspace_id="TB")
    enqueue_message(store, key="b", target=b, message=_alert("B"), source="t", now=now)
    stats = await Dispatcher(store, {"slack": adapter}, "w1").run_once()
    posts = [c.args["channel"] for c in fake.calls_to("chat.postMessage")]
    assert posts == ["CA"] * 6 + ["CB"]  # one delivery to CA (1 + 5 retries), then CB
    assert (stats.sent, stats.retried, stats.deferred) == (1, 1, 2)
    assert [p.channel for p in fake.posted] == ["CB"]


def _alert(title: str) -> Message:
    return Message(title=title, sections=(Section(text=title),), ephemeral=False)


async def _event(adapter: SlackAdapter, event: dict[str, Any]) -> None:
    body = {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event}
    body |= {"event_id": f"Ev{time.time_ns()}", "event_time": int(time.time())}
    assert await post_signed(adapter, json.dumps(body), "application/json", secret=SECRET) == 200


async def test_uninstalling_the_app_pauses_what_the_workspace_set_up(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """Before, nothing listened to app_uninstalled / tokens_revoked: digests stayed on
    until a delivery failed, and the workspace's own feeds were polled for good."""
    await _slash(adapter, fake, "digest on 08:00", user="UADMIN", team="T1")
    await _slash(adapter, fake, "subscribe Klarna here", user="UADMIN", team="T1")
    await _event(adapter, {"type": "tokens_revoked", "tokens": {"oauth": ["U1"]}})
    await asyncio.sleep(0.3)
    digest = store.get_digest("slack", "C1")
    assert digest is not None and digest.enabled  # a user's own token: nothing to pause
    await _event(adapter, {"type": "app_uninstalled"})
    for _ in range(50):
        digest = store.get_digest("slack", "C1")
        if digest is not None and not digest.enabled:
            break
        await asyncio.sleep(0.1)
    assert digest is not None and not digest.enabled
    assert "removed from this workspace" in (digest.disabled_reason or "")
    [sub] = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="UADMIN", channel_id="C1"
    )
    assert sub.disabled


async def test_a_users_command_flood_is_slowed_and_another_workspace_is_not(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    told = [await _slash(adapter, fake, "help", user="U1", team="T1") for _ in range(22)]
    assert ["Slow down" in t for t in told] == [False] * 20 + [True] * 2
    assert "Slow down" not in await _slash(adapter, fake, "help", user="U1", team="T2")


async def test_a_direct_message_flood_gets_one_slow_down_not_one_per_message(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """Before: every flooded DM got the bot's answer posted with its own token (one a
    second per channel, for as long as the flood lasted)."""
    for n in range(26):
        ts = f"1700000{n:03d}.000100"
        event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1"}
        await _event(adapter, {**event, "text": "help", "ts": ts, "event_ts": ts})
    await fake.wait_for(lambda: len(fake.posted) >= 21, timeout=10)
    await asyncio.sleep(0.5)
    texts = [p.text for p in fake.posted]
    assert len(texts) == 21 and sum("Slow down" in t for t in texts) == 1


async def test_a_member_of_another_organisation_reads_only_the_operators_feeds(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """A Slack Connect guest's command carries the channel's workspace (T1); users.info
    says the user is of T9. Before, they acted as T1: T1's own feed's stories, its feed
    list, alerts by DM with T1's stories and `subscribe ... here` in T1's channel."""
    from tests.conftest_social import Clock
    from tests.test_tenancy import REAL_TITLE, _item, _pipeline

    own, _ = store.add_feed("https://t1.example/rss", "T1 private", workspace="slack:T1")
    store.mark_primed(own.url)
    clock = Clock(datetime.now(UTC))
    _pipeline(store, clock).ingest(
        [_item(REAL_TITLE, "https://t1.example/acme-500", 2)], feed_id=own.id
    )
    assert "t1.example/acme-500" in await _slash(adapter, fake, "latest", user="U1")
    for user in ("UEXT", "USTRANGER"):
        seen = await _slash(adapter, fake, "latest", user=user)
        assert "t1.example" not in seen, seen
        for text_ in ("subscribe Acme", "subscribe Acme here", "digest off", "feeds list"):
            told = await _slash(adapter, fake, text_, user=user)
            assert "from another organisation" in told and "t1.example" not in told
    why = await _slash(adapter, fake, "why https://t1.example/acme-500", user="UEXT")
    assert "I have not seen that link" in why
    assert _count(store, "subscriptions") == 0
    # A Grid member of T1 (home workspace T7) is T1's member.
    assert "t1.example/acme-500" in await _slash(adapter, fake, "latest", user="UGRID")


async def test_a_channels_alerts_are_set_by_whoever_may_change_its_digest(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """Before, any member could `subscribe X here` (alerts posted to everyone in the
    channel) while the channel's digest needed a manager."""
    assert "Not allowed" in await _slash(adapter, fake, "subscribe Klarna here", user="U1")
    assert _count(store, "subscriptions") == 0
    assert "Subscribed" in await _slash(adapter, fake, "subscribe Klarna", user="U1")  # by DM
    assert "Subscribed" in await _slash(adapter, fake, "subscribe Klarna here", user="UADMIN")
    assert "Not allowed" in await _slash(adapter, fake, "unsubscribe Klarna here", user="U1")
    assert "Unsubscribed" in await _slash(adapter, fake, "unsubscribe Klarna here", user="UADMIN")
