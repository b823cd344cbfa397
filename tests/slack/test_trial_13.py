"""Session 13's trial, Slack adapter level: a digest or a channel's alerts set up in a
channel the bot is not in says so at once (it was paused at its first post, and only
`digest settings` said "paused: slack: not_in_channel")."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from adapters.slack import SlackAdapter
from adapters.slack.translate import delivery_error
from bot.models import Message, Section
from tests.slack.fake_slack import FakeCore, FakeSlack
from tests.slack.test_adapter import (
    _no_proxy,
    _share,
    command_form,
    core,
    fake,
    http_adapter,
    interact,
    post_signed,
)

__all__ = ["_no_proxy", "core", "fake", "http_adapter"]  # fixtures, used by name


async def _slash_in(adapter: SlackAdapter, fake: FakeSlack, text: str, channel: str) -> None:
    body = urlencode(command_form(fake, text, channel_id=channel))
    await post_signed(adapter, body, "application/x-www-form-urlencoded")


async def test_a_digest_set_up_where_the_bot_is_not_says_to_invite_it(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    fake.not_in_channels.add("C9")
    core.replies["digest on"] = Message(
        title="Daily digest on", sections=(Section(text="Every day."),), posts_here=True
    )
    for count, channel in enumerate(("C9", "C1")):
        await _slash_in(http_adapter, fake, "digest on", channel)
        await fake.wait_for(lambda n=count: len(fake.responses) > n)
    outside, member = (json.dumps(r) for r in fake.responses)
    assert "I am not in this channel" in outside and "/invite @layoffbot" in outside, outside
    assert "I am not in this channel" not in member, member


async def test_a_reply_that_posts_nothing_here_asks_slack_nothing(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    fake.not_in_channels.add("C9")
    core.replies["latest"] = Message(title="Latest", sections=(Section(text="News."),))
    await _slash_in(http_adapter, fake, "latest", "C9")
    await fake.wait_for(lambda: fake.responses)
    assert "I am not in" not in json.dumps(fake.responses[0])
    assert not fake.calls_to("conversations.info")


def test_a_paused_channels_reason_says_what_to_do() -> None:
    error = delivery_error(200, {"error": "not_in_channel"}, {})
    assert str(error) == "slack: not_in_channel (the bot is not in the channel: /invite @layoffbot)"


async def test_a_digest_set_up_in_a_dm_between_people_says_it_cannot_be_posted_there(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    """Trial-chat 15: a slash command in a DM between two people set a digest the bot can
    never post there (no member, and no /invite in a DM); the DM with the bot is fine."""
    fake.others_dms.add("D77")
    core.replies["digest on"] = Message(
        title="Daily digest on", sections=(Section(text="Every day."),), posts_here=True
    )
    for count, channel in enumerate(("D77", "D1")):
        await _slash_in(http_adapter, fake, "digest on", channel)
        await fake.wait_for(lambda n=count: len(fake.responses) > n)
    between_people, with_the_bot = (json.dumps(r) for r in fake.responses)
    assert "I am not in this conversation" in between_people, between_people
    assert "/invite" not in between_people, between_people
    assert "I am not in" not in with_the_bot, with_the_bot


async def test_share_in_a_dm_between_people_says_it_cannot_post_there(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    """Share to channel in a DM between people answered "Invite me first: /invite
    @layoffbot", which a DM does not take (trial-chat 15)."""
    fake.others_dms.add("D77")
    await interact(http_adapter, _share(fake, "latest", channel="D77"))
    await fake.wait_for(lambda: fake.responses)
    said = fake.responses[0]["text"]
    assert "direct message I am not part of" in said and "/invite" not in said, said
    assert fake.posted == []
