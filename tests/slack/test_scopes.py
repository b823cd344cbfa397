"""Session 17 (platforms): an app without a scope it needs (set up by hand, not from the
manifest), and Slack not saying where a user belongs.

A post refused for a missing scope paused the digest as "slack: missing_scope", naming
no scope.

Without the users:read scope (an app set up by hand instead of from the manifest), or
when users.info fails, the user is answered as a guest (fail closed, docs/slack.md
"Slack Connect"). Every member of the workspace, its admins too, was told "You are in
this channel from another organisation", and the log repeated a line per command that
did not name the scope."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.slack import SlackAdapter
from bot.errors import PermanentDeliveryError
from bot.models import Message, Target
from bot.ports import SendAttempt
from bot.store import Store
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_adapter import _no_proxy, fake, slash_reply, started_on_app

__all__ = ["_no_proxy", "fake"]  # fixtures, used by name


@pytest.fixture
async def adapter(fake: FakeSlack, store: Store) -> AsyncIterator[SlackAdapter]:
    slack = await started_on_app(fake, store)
    yield slack
    await slack.stop()


async def _slash(adapter: SlackAdapter, fake: FakeSlack, text: str, user: str) -> str:
    return json.dumps(await slash_reply(adapter, fake, text, user_id=user), ensure_ascii=False)


async def test_without_users_read_members_are_told_slack_would_not_say_and_the_log_names_it(
    adapter: SlackAdapter, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake.users["UADMIN"] = {"is_admin": True}
    fake.fail("users.info", times=100, error="missing_scope")
    with caplog.at_level(logging.WARNING, logger="adapters.slack.client"):
        replies = [
            await _slash(adapter, fake, text, user)
            for user, text in (("UADMIN", "digest on"), ("U2", "subscribe Acme"), ("U2", "x"))
        ]
    for reply in replies[:2]:
        assert "Slack would not tell me whether you belong to this workspace" in reply, reply
        assert "another organisation" not in reply
    lines = [r.getMessage() for r in caplog.records if "users.info" in r.getMessage()]
    assert len(lines) == 1 and "users:read" in lines[0], lines


async def test_a_users_info_outage_is_worded_the_same_and_logged_each_time(
    adapter: SlackAdapter, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("users.info", times=100, status=500, error="internal_error")
    with caplog.at_level(logging.WARNING, logger="adapters.slack.client"):
        reply = await _slash(adapter, fake, "subscriptions", "U2")
    assert "Slack would not tell me" in reply, reply
    assert any("users.info failed for U2" in r.getMessage() for r in caplog.records)


async def test_a_member_of_another_organisation_is_still_told_so(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    fake.users["UEXT"] = {"team_id": "T9"}
    reply = await _slash(adapter, fake, "subscribe Acme", "UEXT")
    assert "from another organisation" in reply and "Slack would not tell" not in reply


async def test_a_post_refused_for_a_missing_scope_names_the_scope(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    """A digest paused by a missing chat:write read "paused: slack: missing_scope"."""
    fake.fail("chat.postMessage", error="missing_scope")
    attempt = SendAttempt("digest:slack:C1:x", datetime.now(UTC))
    with pytest.raises(PermanentDeliveryError) as refused:
        await adapter.send_once(Target("slack", channel_id="C1"), Message(title="Hi"), attempt)
    assert "lacks the chat:write scope" in str(refused.value), refused.value
    assert "reinstall" in str(refused.value)
