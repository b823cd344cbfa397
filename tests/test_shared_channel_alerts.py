"""A Slack Connect channel shared by two workspaces that both follow a company reads each
event's alert once: through the real SlackAdapter (slack-bolt, slack_sdk) and a real store,
Slack played by the local fake (tests/slack/fake_slack.py)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from adapters.slack import SlackAdapter
from bot.alerts import plan_alerts
from bot.outbox import Dispatcher
from bot.store import Store
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_adapter import slash_reply, started_on_app

SECRET = "shared-channel-secret"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(
        users={"UA": {"is_admin": True, "team_id": "TA"}, "UB": {"is_admin": True, "team_id": "TB"}}
    )
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def adapter(fake: FakeSlack, store: Store) -> AsyncIterator[SlackAdapter]:
    slack = await started_on_app(fake, store, secret=SECRET)
    yield slack
    await slack.stop()


def _stories(store: Store, *ids: int) -> list[Any]:
    with store.tx() as conn:
        return store.stories_by_id(conn, ids)


async def _slash(adapter: SlackAdapter, fake: FakeSlack, typed: str, user: str, team: str) -> str:
    """`/layoffs` typed in the shared channel C1 by `user` of workspace `team`."""
    reply = await slash_reply(adapter, fake, typed, secret=SECRET, user_id=user, team_id=team)
    return json.dumps(reply)


async def test_a_shared_channel_reads_an_event_once_though_two_workspaces_follow_it(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, make_story: Any
) -> None:
    """Workspace A's own feeds brought Klarna's cuts first (A's story, alerting A's
    subscription in C1); the operator's feeds then brought the same event (its story,
    linked: stories.same_as), which A had heard of but B had not: B's subscription in the
    same channel C1 posted it again. B's member's own alert by direct message still
    comes: only what the channel was sent counts."""
    assert "Following Klarna" in await _slash(adapter, fake, "subscribe Klarna here", "UA", "TA")
    assert "Following Klarna" in await _slash(adapter, fake, "subscribe Klarna here", "UB", "TB")
    assert "Following Klarna" in await _slash(adapter, fake, "subscribe Klarna", "UB", "TB")
    operators = make_story("Klarna", announce=False, key="klarna-operators")
    own = make_story("Klarna", key="klarna-own")
    with store.tx() as conn:  # A's story, of A's own feed, about the operator's event
        conn.execute(
            text("UPDATE stories SET tenant = 'slack:TA', same_as = :op WHERE id = :own"),
            {"op": operators.id, "own": own.id},
        )
    now = datetime.now(UTC)
    assert plan_alerts(store, _stories(store, own.id), now) == 1  # A's, in C1
    with store.tx() as conn:  # the operator's story announced later
        conn.execute(
            text("UPDATE stories SET announce = true WHERE id = :op"), {"op": operators.id}
        )
    assert plan_alerts(store, _stories(store, operators.id), now) == 1  # B's DM only
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1")
    while (await dispatcher.run_once()).sent:
        pass
    in_channel = [p for p in fake.posted if p.channel == "C1"]
    assert len(in_channel) == 1, [(p.channel, p.text) for p in fake.posted]
    assert len(fake.posted) == 2, [(p.channel, p.text) for p in fake.posted]  # and B's DM
    targets = [json.loads(d.target) for d in store.list_deliveries()]
    assert sorted((t["workspace_id"], t["channel_id"]) for t in targets) == [
        ("TA", "C1"),
        ("TB", None),
    ]
