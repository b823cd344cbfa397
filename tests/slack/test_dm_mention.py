"""Session 17 (platforms): a direct message that names the bot first, as people do in a
channel ("@layoffbot latest"), reached the core as "<@UBOT> latest" and was answered
"No stories yet about <@UBOT> latest"."""

from __future__ import annotations

from adapters.slack import SlackAdapter
from adapters.slack.translate import dm_text
from tests.slack.fake_slack import FakeCore, FakeSlack, dm_event
from tests.slack.test_adapter import _no_proxy, core, fake, socket_adapter

__all__ = ["_no_proxy", "core", "fake", "socket_adapter"]  # fixtures, used by name

BOT = [{"team_id": "T1", "user_id": "UBOT", "is_bot": True, "enterprise_id": None}]


def test_only_the_bots_own_leading_mention_is_dropped() -> None:
    assert dm_text("<@UBOT> latest", "UBOT") == "latest"
    assert dm_text("<@UBOT|layoffbot>: subscribe AT&amp;T", "UBOT") == "subscribe AT&T"
    assert dm_text("<@U999> latest", "UBOT") == "<@U999> latest"
    assert dm_text("subscribe <@UBOT>", "UBOT") == "subscribe <@UBOT>"
    assert dm_text("<@UBOT> latest") == "<@UBOT> latest"  # no bot id known: as sent


async def test_a_dm_naming_the_bot_first_is_the_command_after_it(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.send_envelope("events_api", {**dm_event("<@UBOT> latest"), "authorizations": BOT})
    await fake.wait_for(lambda: fake.posted)
    (cmd,) = core.commands
    assert cmd.text == "latest" and cmd.is_direct
    assert "Result for latest" in fake.posted[0].text
