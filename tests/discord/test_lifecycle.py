"""Start, command sync, sharding and stop, against the fake gateway."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.client import LayoffbotClient
from bot.errors import AdapterStartError, ConfigError, TransientDeliveryError
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
    with pytest.raises(AdapterStartError, match="needs DISCORD_SHARD_COUNT"):
        DiscordAdapter("t", shard_ids=[0])
    with pytest.raises(AdapterStartError, match=r"between 0 and DISCORD_SHARD_COUNT - 1 \(1\)"):
        DiscordAdapter("t", shard_count=2, shard_ids=[2])
    assert DiscordAdapter("t").owns_guild(123)


def _no_tasks_left() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _adapter_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("adapters.discord", "discord"))]


async def test_a_rejected_token_is_said_once_and_not_retried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    adapter = DiscordAdapter("wrong-token", api_url=fake.api_url, retry_initial=0.01)
    try:
        await adapter.start(CoreDouble())  # returns at once: the rest of the bot goes on
        with pytest.raises(ConfigError, match="DISCORD_TOKEN was rejected"):
            await adapter.wait_until_ready(5)
        await asyncio.sleep(0.2)  # time for retries, if there were any
        assert len(fake.calls_to("GET", "/users/@me")) == 1
        with pytest.raises(TransientDeliveryError, match="DISCORD_TOKEN was rejected"):
            await adapter.send(Target("discord", channel_id=fake.channel_id), Message(title="x"))
    finally:
        await adapter.stop()
        await fake.close()
    [line] = _adapter_lines(caplog)
    assert line.levelname == "ERROR" and line.exc_info is None
    assert "DISCORD_TOKEN was rejected" in line.getMessage()
    assert "restart" in line.getMessage()
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert _no_tasks_left() == []


async def test_an_unreachable_discord_is_retried_with_backoff_until_it_answers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Offline at start: one line per attempt (no traceback), then connected once it is up."""
    port = _free_port()
    fake = FakeDiscord()
    adapter = DiscordAdapter(
        "fake-token",
        api_url=f"http://127.0.0.1:{port}/api/v10",
        retry_initial=0.05,
        retry_max=0.2,
        guild_ready_timeout=0.05,
    )
    try:
        await adapter.start(CoreDouble())
        with pytest.raises(TimeoutError, match="connection refused"):
            await adapter.wait_until_ready(0.5)
        with pytest.raises(TransientDeliveryError, match="not connected"):
            await adapter.send(Target("discord", channel_id=fake.channel_id), Message(title="x"))
        await fake.start(port=port)
        await adapter.wait_until_ready(5)
        await adapter.send(Target("discord", channel_id=fake.channel_id), Message(title="x"))
        assert len(fake.messages) == 1
    finally:
        await adapter.stop()
        await fake.close()
    lines = [r for r in _adapter_lines(caplog) if r.levelname == "WARNING"]
    assert len(lines) >= 3
    assert all(r.exc_info is None for r in caplog.records)
    first = lines[0].getMessage()
    assert f"cannot reach 127.0.0.1:{port} (connection refused)" in first
    assert "LAYOFFBOT_DISCORD_API_URL" in first and "Retrying in" in first
    delays = [float(r.getMessage().split("Retrying in ")[1].split(" s")[0]) for r in lines]
    assert delays[:3] == [0.05, 0.1, 0.2] and max(delays) == 0.2  # doubling, capped
    await asyncio.sleep(0)
    assert _no_tasks_left() == []


async def test_stop_while_retrying_is_prompt_and_leaves_nothing_behind() -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    adapter = DiscordAdapter("fake-token", api_url=f"http://127.0.0.1:{_free_port()}/api/v10")
    await adapter.start(CoreDouble())
    await asyncio.sleep(0.3)  # first attempt failed; now waiting before the next
    started = time.monotonic()
    await adapter.stop()
    assert time.monotonic() - started < 1
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert _no_tasks_left() == []


async def test_a_discord_that_never_answers_times_out_and_stop_does_not_wait(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A black hole (TCP accepted, no answer): the login times out and is retried; stop
    during a hanging login returns at once."""
    silent: list[asyncio.StreamWriter] = []

    async def accept(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        silent.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    adapter = DiscordAdapter(
        "fake-token",
        api_url=f"http://127.0.0.1:{port}/api/v10",
        login_timeout=0.3,
        retry_initial=0.05,
    )
    try:
        await adapter.start(CoreDouble())
        with pytest.raises(TimeoutError, match="no login within 0.3 s"):
            await adapter.wait_until_ready(1)
        started = time.monotonic()
        await adapter.stop()
        assert time.monotonic() - started < 1
    finally:
        await adapter.stop()
        for writer in silent:
            writer.close()
        server.close()
        await server.wait_closed()
    lines = [r.getMessage() for r in _adapter_lines(caplog) if r.levelname == "WARNING"]
    assert lines and all("no login within 0.3 s" in line for line in lines)
    await asyncio.sleep(0)
    assert _no_tasks_left() == []


async def test_a_failing_gateway_lookup_is_retried_and_then_connects(
    caplog: pytest.LogCaptureFixture,
) -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    fake.fail("GET", "/gateway/bot", 503, times=2)
    adapter = DiscordAdapter(
        "fake-token", api_url=fake.api_url, retry_initial=0.01, guild_ready_timeout=0.05
    )
    try:
        await adapter.start(CoreDouble())
        await adapter.wait_until_ready(5)
    finally:
        await adapter.stop()
        await fake.close()
    lines = [r.getMessage() for r in _adapter_lines(caplog) if r.levelname == "WARNING"]
    assert len(lines) == 2
    assert all(
        "gateway lookup failed (503 Service Unavailable)" in line and "discordstatus.com" in line
        for line in lines
    )
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert _no_tasks_left() == []


async def test_a_token_revoked_while_running_stops_the_adapter_with_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Gateway close 4004 (authentication failed): the token was reset while running."""
    async with running_bot(retry_initial=0.01) as (fake, adapter, _):
        [session] = fake.sessions
        await session.ws.close(code=4004, message=b"Authentication failed.")
        await fake.wait_for(lambda: adapter.gave_up is not None)
        with pytest.raises(TransientDeliveryError, match="DISCORD_TOKEN was rejected"):
            await adapter.send(Target("discord", channel_id=fake.channel_id), Message(title="x"))
    [line] = [r for r in _adapter_lines(caplog) if r.levelname in ("WARNING", "ERROR")]
    assert "DISCORD_TOKEN was rejected" in line.getMessage() and line.exc_info is None


async def test_discord_py_logs_a_dropped_connection_in_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Once connected, discord.py reconnects by itself; its log has no traceback."""
    async with running_bot() as (fake, _, _):
        await fake.close()  # Discord goes away: the shard's reconnects are refused
        await fake.wait_for(
            lambda: any(r.name == "discord.shard" for r in caplog.records), timeout=10
        )
    [line, *_] = [r for r in caplog.records if r.name == "discord.shard"]
    assert line.exc_info is None
    assert "Attempting a reconnect" in line.getMessage()
    assert "connection refused" in line.getMessage()


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
            await starting  # not ready in time: returns, and keeps connecting
            with pytest.raises(TimeoutError):
                await adapter.wait_until_ready(0.1)
    finally:
        await adapter.stop()
        await fake.close()
    assert (base, gateway) == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    await asyncio.sleep(0)
    assert _no_tasks_left() == []


async def test_the_synced_tree_has_every_declared_option_and_is_the_same_each_start() -> None:
    """Generated from bot.commands.table: each argument is an option (digest's quiet too),
    with its choices, and a restart syncs the very same payload."""
    from bot.commands import SPECS

    payloads = []
    for _ in range(2):
        async with running_bot() as (fake, _adapter, _core):
            [put] = fake.calls_to("PUT", r"/applications/\d+/commands")
            payloads.append(put.json)
    assert payloads[0] == payloads[1]
    [group] = payloads[0]
    options = {o["name"]: o for o in group["options"]}
    assert list(options) == [s.name for s in SPECS]
    for spec in SPECS:
        assert {o["name"] for o in options[spec.name].get("options", [])} == set(spec.names())
    quiet = next(o for o in options["digest"]["options"] if o["name"] == "quiet")
    assert [c["value"] for c in quiet["choices"]] == ["on", "off"]


async def test_removal_from_a_server_tells_the_core_and_an_outage_does_not() -> None:
    """GUILD_DELETE through the real discord.py: `unavailable` (a Discord outage) keeps
    everything; a real removal (kicked, banned, server deleted) has the core pause what
    the server set up. Before, nothing listened: its feeds were polled for good."""
    async with running_bot() as (fake, _adapter, core):
        guild = fake.guild_id
        await fake.dispatch("GUILD_DELETE", {"id": guild, "unavailable": True}, guild_id=guild)
        await fake.dispatch("GUILD_CREATE", fake.guild(guild), guild_id=guild)
        await fake.dispatch("GUILD_DELETE", {"id": guild}, guild_id=guild)
        await fake.wait_for(lambda: bool(core.removed))
        await asyncio.sleep(0.1)
        assert core.removed == [("discord", guild)]
