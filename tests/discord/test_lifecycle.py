"""Start, command sync, sharding and stop, against the fake gateway."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord import DiscordAdapter
from adapters.discord.adapter import LayoffbotClient
from bot.errors import ConfigError
from bot.models import Message, Section, Target
from tests.discord.fake_discord import CoreDouble, FakeDiscord, running_bot

SUBCOMMANDS = [
    "company",
    "latest",
    "search",
    "trends",
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "digest",
    "feeds",
    "why",
    "help",
]


def guild_on_shard(shard: int, count: int, n: int = 1) -> str:
    """A snowflake whose guild lands on `shard` of `count`."""
    return str(((1 << 40) + n * count + shard) << 22)


async def test_start_connects_with_guilds_intent_only_and_syncs_globally() -> None:
    async with running_bot() as (fake, adapter, _):
        [session] = fake.sessions
        assert session.identify is not None
        assert session.identify["intents"] == discord.Intents(guilds=True).value
        assert session.identify["token"] == "fake-token"
        assert fake.calls_to("GET", "/gateway/bot")  # AutoShardedClient asks for the URL
        [put] = fake.calls_to("PUT", r"/applications/\d+/commands")
        [command] = put.json
        assert command["name"] == "layoffs"
        assert [o["name"] for o in command["options"]] == SUBCOMMANDS
        assert all(o["type"] == 1 for o in command["options"])
        assert not fake.calls_to("PUT", r"/applications/\d+/guilds/\d+/commands")
        assert adapter.name == "discord"


async def test_guild_ids_sync_to_each_guild_at_once() -> None:
    other = guild_on_shard(0, 1, 7)
    async with running_bot(guilds=(other,), guild_ids=[int("1100000000000000001"), int(other)]) as (
        fake,
        _,
        core,
    ):
        assert not fake.calls_to("PUT", r"/applications/\d+/commands")
        assert set(fake.synced) == {"1100000000000000001", other}
        assert [c["name"] for c in fake.synced[other]] == ["layoffs"]
        payload = fake.command_interaction("help", guild_id=other)
        assert payload["data"]["guild_id"] == other
        await fake.interact(payload)
        await fake.wait_for(lambda: bool(fake.followups_for(payload)))
        assert core.commands[0].workspace_id == other


async def test_a_process_runs_only_its_shards() -> None:
    mine, theirs = guild_on_shard(1, 2), guild_on_shard(0, 2)
    async with running_bot(guilds=(mine, theirs), shard_count=2, shard_ids=[1]) as (
        fake,
        adapter,
        core,
    ):
        [session] = fake.sessions
        assert session.shard == (1, 2)
        assert adapter.owns_guild(mine) and adapter.owns_guild(int(mine))
        assert not adapter.owns_guild(theirs)
        assert not fake.calls_to("PUT", r"/applications/.*")  # shard 0's process syncs
        channel = fake.guilds[mine][0]
        payload = fake.command_interaction("help", guild_id=mine, channel_id=channel)
        await fake.interact(payload)
        await fake.wait_for(lambda: bool(fake.followups_for(payload)))
        assert core.commands[0].workspace_id == mine
        target = Target("discord", channel_id=channel, workspace_id=mine)
        await adapter.send(target, Message(sections=(Section(text="x"),)))
        assert fake.messages[-1]["channel_id"] == channel


async def test_without_shard_ids_every_shard_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_identify_pacing(
        self: LayoffbotClient, shard_id: int | None, *, initial: bool
    ) -> None:
        return None  # discord.py waits 5 s between shards' IDENTIFYs, as Discord asks

    monkeypatch.setattr(LayoffbotClient, "before_identify_hook", no_identify_pacing)
    async with running_bot(gateway_shards=2) as (fake, adapter, _):
        assert sorted(s.shard for s in fake.sessions) == [(0, 2), (1, 2)]
        assert adapter.owns_guild(guild_on_shard(0, 2)) and adapter.owns_guild(guild_on_shard(1, 2))


def test_shard_settings_are_checked() -> None:
    with pytest.raises(ConfigError):
        DiscordAdapter("t", shard_ids=[0])
    with pytest.raises(ConfigError):
        DiscordAdapter("t", shard_count=2, shard_ids=[2])
    assert DiscordAdapter("t").owns_guild(123)


async def test_a_refused_token_is_a_config_error_and_leaves_nothing_behind() -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    adapter = DiscordAdapter("wrong-token", api_url=fake.api_url, ready_timeout=5)
    try:
        with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
            await adapter.start(CoreDouble())
    finally:
        await adapter.stop()
        await fake.close()
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_stop_is_idempotent_restores_urls_and_leaks_no_tasks() -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    adapter = DiscordAdapter("fake-token", api_url=fake.api_url, guild_ready_timeout=0.05)
    await adapter.stop()  # before start: nothing to do
    try:
        await adapter.start(CoreDouble())
        assert fake.api_url == Route.BASE
        assert str(DiscordWebSocket.DEFAULT_GATEWAY) == fake.gateway_url
        await adapter.start(CoreDouble())  # already running: no second connection
        assert len(fake.sessions) == 1
    finally:
        await adapter.stop()
        await adapter.stop()
        await fake.close()
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_a_failing_gateway_lookup_raises_and_cleans_up() -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    fake.guilds.clear()
    fake.fail("GET", "/gateway/bot", 503, times=10)
    adapter = DiscordAdapter("fake-token", api_url=fake.api_url, ready_timeout=2)
    try:
        with pytest.raises(discord.DiscordException):
            await adapter.start(CoreDouble())
    finally:
        await adapter.stop()
        await fake.close()
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


@pytest.mark.parametrize("cancel", [True, False])
async def test_no_ready_in_time_or_a_cancelled_start_leaves_nothing_running(cancel: bool) -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    fake.hold_ready = True
    await fake.start()
    adapter = DiscordAdapter("fake-token", api_url=fake.api_url, ready_timeout=0.5)
    try:
        starting = asyncio.create_task(adapter.start(CoreDouble()))
        await fake.wait_for(lambda: any(s.identify for s in fake.sessions))
        if cancel:
            starting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await starting
        else:
            with pytest.raises(TimeoutError):
                await starting
    finally:
        await adapter.stop()
        await fake.close()
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []
