"""`/layoffs` end to end: fake gateway -> discord.py -> cog -> core double -> fake REST."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.discord.cog import APOLOGY
from adapters.discord.translate import ERROR_COLOUR, render
from bot.models import Image, Message, Section
from tests.discord.fake_discord import (
    EPHEMERAL,
    MANAGE_GUILD,
    CoreDouble,
    FakeDiscord,
    running_bot,
)

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("company", {"company": "TikTok"}, "company TikTok"),
    ("latest", {}, "latest"),
    ("latest", {"n": 5}, "latest 5"),
    ("search", {"words": "ai support"}, "search ai support"),
    ("trends", {"period": "30d"}, "trends 30d"),
    ("trends", {}, "trends"),
    ("subscribe", {"company": "TikTok"}, "subscribe TikTok"),
    ("subscribe", {"company": "TikTok", "where": "me"}, "subscribe TikTok"),
    ("subscribe", {"company": "TikTok", "where": "here"}, "subscribe TikTok here"),
    ("unsubscribe", {"company": "TikTok"}, "unsubscribe TikTok"),
    ("unsubscribe", {"company": "TikTok", "where": "here"}, "unsubscribe TikTok here"),
    ("subscriptions", {}, "subscriptions"),
    ("subscriptions", {"page": 2}, "subscriptions 2"),
    (
        "digest",
        {"action": "on", "time": "09:00", "timezone": "Europe/Berlin"},
        "digest on 09:00 Europe/Berlin",
    ),
    ("digest", {"action": "off"}, "digest off"),
    ("digest", {"action": "now"}, "digest now"),
    ("digest", {"action": "settings"}, "digest settings"),
    ("digest", {"action": "quiet", "quiet": "on"}, "digest quiet on"),
    ("feeds", {"action": "list"}, "feeds list"),
    ("feeds", {"action": "add", "url": "https://ex.com/rss"}, "feeds add https://ex.com/rss"),
    ("feeds", {"action": "remove", "url": "https://ex.com/rss"}, "feeds remove https://ex.com/rss"),
    ("why", {"link": "https://news.example.com/a"}, "why https://news.example.com/a"),
    ("help", {}, "help"),
]


async def run(fake: FakeDiscord, payload: dict[str, Any], followups: int = 1) -> None:
    await fake.interact(payload)
    await fake.wait_for(lambda: len(fake.followups_for(payload)) >= followups)


async def test_every_subcommand_reaches_the_core_as_layoffs_text() -> None:
    async with running_bot() as (fake, _, core):
        for sub, options, _text in CASES:
            payload = fake.command_interaction(sub, options, permissions=MANAGE_GUILD)
            await run(fake, payload)
            # acknowledged first: a deferred, ephemeral "thinking" response
            [callback] = fake.callbacks_for(payload)
            assert callback["type"] == 5 and callback["data"]["flags"] == EPHEMERAL
            [followup] = fake.followups_for(payload)
            assert followup.json["flags"] & EPHEMERAL
            assert followup.json["allowed_mentions"] == {"parse": []}
    assert [c.text for c in core.commands] == [text for _, _, text in CASES]
    # Typed: the subcommand and the options given, never text for the core to re-parse.
    assert [(c.name, dict(c.args)) for c in core.commands] == [
        (sub, options) for sub, options, _ in CASES
    ]
    for command in core.commands:
        assert command.platform == "discord"
        assert command.user_id == "2000000000000000001"
        assert command.channel_id == fake.channel_id
        assert command.workspace_id == fake.guild_id
        assert command.is_manager and not command.is_direct


async def test_reply_embeds_reach_discord() -> None:
    core = CoreDouble({"company": Message(title="TikTok", sections=(Section(text="3 stories"),))})
    async with running_bot(core) as (fake, _, _core):
        payload = fake.command_interaction("company", {"company": "TikTok"})
        await run(fake, payload)
        [embed] = fake.followups_for(payload)[0].json["embeds"]
        assert embed["title"] == "TikTok" and embed["description"] == "3 stories"


async def test_company_autocomplete_offers_the_cores_names() -> None:
    async with running_bot() as (fake, _, core):
        for sub in ("company", "subscribe", "unsubscribe"):
            payload = fake.command_interaction(sub, {"company": "ti"}, focused="company")
            await fake.interact(payload)
            await fake.wait_for(lambda p=payload: bool(fake.callbacks_for(p)))  # type: ignore[misc]
            [callback] = fake.callbacks_for(payload)
            assert callback["type"] == 8
            assert callback["data"]["choices"] == [
                {"name": "TikTok", "value": "TikTok"},
                {"name": "Tinder", "value": "Tinder"},
            ]
        # Asked for the companies this server may see (its own feeds' and the operator's).
        assert core.tenants and all(t == f"discord:{payload['guild_id']}" for t in core.tenants), (
            core.tenants
        )
    assert core.prefixes == ["ti", "ti", "ti"]
    assert core.commands == []


async def test_timezone_autocomplete_lists_iana_zones() -> None:
    async with running_bot() as (fake, _, core):
        payload = fake.command_interaction(
            "digest", {"action": "on", "timezone": "europe/be"}, focused="timezone"
        )
        await fake.interact(payload)
        await fake.wait_for(lambda: bool(fake.callbacks_for(payload)))
        [callback] = fake.callbacks_for(payload)
        values = [c["value"] for c in callback["data"]["choices"]]
        assert "Europe/Berlin" in values and len(values) <= 25
        assert all(v.lower().startswith("europe/be") for v in values)
    assert core.prefixes == []


async def test_timezone_autocomplete_puts_the_city_typed_before_zones_merely_containing_it() -> (
    None
):
    # 'Lon' offered America/Blanc-Sablon and America/Miquelon before Europe/London.
    async with running_bot() as (fake, _, _core):
        for typed, wanted in (("Lon", "Europe/London"), ("par", "Europe/Paris")):
            payload = fake.command_interaction(
                "digest", {"action": "on", "timezone": typed}, focused="timezone"
            )
            await fake.interact(payload)
            await fake.wait_for(lambda p=payload: bool(fake.callbacks_for(p)))  # type: ignore[misc]
            [callback] = fake.callbacks_for(payload)
            values = [c["value"] for c in callback["data"]["choices"]]
            cities = [v for v in values if v.rsplit("/", 1)[-1].lower().startswith(typed.lower())]
            assert wanted in cities and values[: len(cities)] == cities, values


async def test_members_without_manage_server_are_refused_digest_changes() -> None:
    async with running_bot() as (fake, _, core):
        payload = fake.command_interaction("digest", {"action": "on", "time": "09:00"})
        await run(fake, payload)
        [command] = core.commands
        assert command.text == "digest on 09:00" and command.is_manager is False
        [followup] = fake.followups_for(payload)
        assert followup.json["flags"] & EPHEMERAL
        [embed] = followup.json["embeds"]
        assert embed["title"] == "Only server managers can change this"
        assert embed["color"] == ERROR_COLOUR.value

        allowed = fake.command_interaction(
            "digest", {"action": "on", "time": "09:00"}, permissions=MANAGE_GUILD
        )
        await run(fake, allowed)
        assert core.commands[-1].is_manager is True
        assert fake.followups_for(allowed)[0].json["embeds"][0]["title"].startswith("You said")


async def test_commands_sent_in_a_dm_are_direct() -> None:
    async with running_bot() as (fake, _, core):
        payload = fake.command_interaction("subscriptions", dm=True, user_id="2000000000000000042")
        await run(fake, payload)
        [command] = core.commands
        assert command.is_direct and command.workspace_id is None and not command.is_manager
        assert command.user_id == "2000000000000000042"


async def test_an_unexpected_error_gives_a_short_apology() -> None:
    core = CoreDouble()
    core.fail_with = RuntimeError("database password is hunter2")
    async with running_bot(core) as (fake, _, _core):
        payload = fake.command_interaction("latest", {})
        await run(fake, payload)
        [followup] = fake.followups_for(payload)
        assert followup.json["content"] == APOLOGY
        assert followup.json["flags"] & EPHEMERAL
        assert "hunter2" not in str(followup.json)


async def test_a_chart_is_attached_to_the_reply() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    chart = Image(png, "trends.png", "AI layoffs per week, last 30 days")
    core = CoreDouble(
        {"trends": Message(title="Trends", sections=(Section(text="up"),), image=chart)}
    )
    async with running_bot(core) as (fake, _, _core):
        payload = fake.command_interaction("trends", {"period": "30d"})
        await run(fake, payload)
        [followup] = fake.followups_for(payload)
        [upload] = followup.files
        assert upload.filename == "trends.png" and upload.data == png
        assert followup.json["attachments"][0]["description"] == chart.alt_text
        assert followup.json["embeds"][0]["image"]["url"] == "attachment://trends.png"


async def test_a_long_reply_is_split_into_several_followups() -> None:
    sections = tuple(Section(heading=f"Story {i}", text="word " * 800) for i in range(12))
    reply = Message(title="Latest", sections=sections)
    pages = len(render(reply))
    assert pages >= 3
    async with running_bot(CoreDouble({"latest": reply})) as (fake, _, _core):
        payload = fake.command_interaction("latest", {"n": 12})
        await run(fake, payload, followups=pages)
        await asyncio.sleep(0.05)
        followups = fake.followups_for(payload)
        assert len(followups) == pages
        titles = [e.get("title") for f in followups for e in f.json["embeds"]]
        assert titles == ["Latest"] + [f"Story {i}" for i in range(12)]
        for f in followups:
            assert f.json["flags"] & EPHEMERAL
            assert f.json["allowed_mentions"] == {"parse": []}
            assert len(f.json["embeds"]) <= 10


async def test_discord_failing_the_follow_up_is_one_warning_not_the_bots_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A 500 on every try of the follow-up (Discord's outage, past discord.py's five
    tries) logged "/layoffs company failed" at ERROR with a traceback, as a bug of the
    bot's would be (trial-chat 15): one WARNING line, and the apology once it answers."""
    from discord.webhook import async_ as webhook

    from tests.faults.flaky_discord import _ScaledAsyncio

    monkeypatch.setattr(webhook, "asyncio", _ScaledAsyncio([], 0.01))
    async with running_bot() as (fake, _, _core):
        fake.fail("POST", r"/webhooks/.*", 500, times=5)
        payload = fake.command_interaction("company", {"company": "TikTok"})
        await fake.interact(payload)
        await fake.wait_for(
            lambda: any(c.json.get("content") == APOLOGY for c in fake.followups_for(payload))
        )
    assert len(fake.calls_to("POST", r"/webhooks/.*")) == 6  # five tries, then the apology
    failed = [r for r in caplog.records if "could not answer /layoffs company" in r.message]
    assert len(failed) == 1 and failed[0].levelname == "WARNING", caplog.text
    assert "Discord answered 500" in failed[0].message and failed[0].exc_info is None
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
