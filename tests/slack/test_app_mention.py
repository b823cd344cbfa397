"""Session 17 (platform trial): "@layoffbot latest" in a channel got no reply (no
`app_mention` event, no listener). It runs as `/layoffs latest`, answered in the thread
of the mention, with the slash command's permission and tenancy checks."""

from __future__ import annotations

from pathlib import Path

from adapters.slack import SlackAdapter
from tests.slack.fake_slack import FakeCore, FakeSlack, app_mention_event
from tests.slack.test_adapter import _no_proxy, core, fake, socket_adapter

__all__ = ["_no_proxy", "core", "fake", "socket_adapter"]  # fixtures, used by name


def test_the_manifest_subscribes_to_app_mention() -> None:
    manifest = Path(__file__).parents[2] / "adapters" / "slack" / "manifest.yml"
    events = manifest.read_text().split("bot_events:", 1)[1].split("interactivity:", 1)[0]
    assert "\n      - app_mention\n" in events, events
    assert "\n      - app_mentions:read\n" in manifest.read_text()  # the event's scope


async def test_a_mention_in_a_channel_is_the_command_answered_in_its_thread(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.send_envelope("events_api", app_mention_event("<@UBOT> latest"))
    await fake.wait_for(lambda: fake.posted)
    (cmd,) = core.commands
    assert cmd.text == "latest" and cmd.channel_id == "C1" and not cmd.is_direct
    assert cmd.workspace_id == "T1" and not cmd.guest and not cmd.is_manager
    (post,) = fake.posted
    assert post.channel == "C1" and post.thread_ts == "1700000002.000200"
    assert "Result for latest" in post.text


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    body = app_mention_event("<@UBOT> trends", thread_ts="1700000000.000001")
    await fake.send_envelope("events_api", body)
    await fake.wait_for(lambda: fake.posted)
    assert fake.posted[0].thread_ts == "1700000000.000001"


async def test_a_mention_from_another_organisation_is_a_guests_command(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    fake.users["UOUT"] = {"team_id": "T2"}
    body = app_mention_event("<@UBOT> subscribe Acme", user="UOUT", user_team="T2")
    await fake.send_envelope("events_api", body)
    await fake.wait_for(lambda: fake.posted)
    (cmd,) = core.commands
    assert cmd.guest and cmd.workspace_id == "T1"


async def test_an_admins_mention_is_a_managers_command(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await fake.send_envelope("events_api", app_mention_event("<@UBOT> digest on", user="UADMIN"))
    await fake.wait_for(lambda: fake.posted)
    (cmd,) = core.commands
    assert cmd.is_manager and not cmd.guest
