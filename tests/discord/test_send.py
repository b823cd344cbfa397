"""Outbound deliveries: `DiscordAdapter.send` against the fake Discord's REST API."""

from __future__ import annotations

import asyncio
import json

import pytest

from adapters.discord.adapter import DiscordAdapter
from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.models import Field, Image, Kind, Message, Section, Target
from tests.discord.fake_discord import FakeDiscord, running_bot

MESSAGES = r"/channels/\d+/messages"


def story(i: int, heading: str | None = None) -> Message:
    return Message(
        sections=(
            Section(
                heading=heading or f"Acme cuts {i} jobs, citing AI",
                url=f"https://news.example.com/{i}",
                text=f"Summary {i}.",
                fields=(Field("Headcount", str(i)),),
                context="Reuters · 2025-05-01",
                kind=Kind.LAYOFF,
            ),
        ),
        discussion=True,
        ephemeral=False,
    )


def channel(fake: FakeDiscord, channel_id: str | None = None, **ids: str) -> Target:
    return Target(
        "discord", channel_id=channel_id or fake.channel_id, workspace_id=fake.guild_id, **ids
    )


async def test_a_message_is_posted_and_its_id_returned() -> None:
    async with running_bot() as (fake, adapter, _):
        receipt = await adapter.send(
            channel(fake), Message(title="Hello", sections=(Section(text="hi"),))
        )
        [posted] = fake.messages
        assert receipt.message_id == posted["id"] and receipt.thread_ids == ()
        assert posted["channel_id"] == fake.channel_id
        assert posted["embeds"][0]["title"] == "Hello"
        assert posted["allowed_mentions"] == {"parse": []}


async def test_feed_text_cannot_ping_anyone() -> None:
    evil = Message(
        title="@everyone look",
        sections=(Section(heading="@here Acme", text="@everyone <@123> <@&456> layoffs"),),
    )
    async with running_bot() as (fake, adapter, _):
        await adapter.send(channel(fake), evil)
        [posted] = fake.messages
        assert posted["allowed_mentions"] == {"parse": []}
        assert posted["content"] == ""
        text = json.dumps(posted["embeds"], ensure_ascii=False)
        assert "@everyone" not in text and "@here" not in text and "<@" not in text
        assert "@\u200beveryone" in text


async def test_a_digest_posts_a_parent_and_one_message_and_thread_per_story() -> None:
    long_heading = "TikTok lays off hundreds of content moderators as AI takes over " * 3
    async with running_bot() as (fake, adapter, _):
        parent = await adapter.send(
            channel(fake), Message(title="Daily AI-layoff digest", footer="3 stories")
        )
        receipts = []
        for i, heading in enumerate([None, long_heading, None], start=1):
            target = channel(fake, thread_id=parent.message_id)
            receipts.append(await adapter.send(target, story(i, heading)))
        assert len(fake.messages) == 4
        assert [m["channel_id"] for m in fake.messages] == [fake.channel_id] * 4
        assert fake.messages[0]["id"] == parent.message_id
        assert [t["id"] for t in fake.threads] == [r.message_id for r in receipts]
        assert [r.thread_ids for r in receipts] == [(r.message_id,) for r in receipts]
        names = [t["name"] for t in fake.threads]
        assert names[0] == "Acme cuts 1 jobs, citing AI"
        assert len(names[1]) == 100 and names[1].startswith("TikTok lays off")
        assert all(t["parent_id"] == fake.channel_id for t in fake.threads)


async def test_a_story_is_delivered_even_where_threads_are_refused() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.no_threads.add(fake.channel_id)
        receipt = await adapter.send(channel(fake, thread_id="1"), story(1))
        assert [m["id"] for m in fake.messages] == [receipt.message_id]
        assert receipt.thread_ids == () and fake.threads == []
        assert fake.calls_to("POST", r"/channels/\d+/messages/\d+/threads")[0].status == 403


async def test_a_reply_into_an_existing_thread_or_its_channel() -> None:
    async with running_bot() as (fake, adapter, _):
        first = await adapter.send(channel(fake), story(1))
        [thread_id] = first.thread_ids
        plain = Message(sections=(Section(text="more"),))
        await adapter.send(channel(fake, thread_id=thread_id), plain)
        assert fake.messages[-1]["channel_id"] == thread_id
        # no thread on that message: falls back to the channel itself
        await adapter.send(channel(fake, thread_id="1234567"), plain)
        assert fake.messages[-1]["channel_id"] == fake.channel_id


async def test_an_alert_by_dm_opens_the_dm_channel_first() -> None:
    user = "2000000000000000077"
    async with running_bot() as (fake, adapter, _):
        receipt = await adapter.send(Target("discord", user_id=user), story(1))
        [opened] = fake.calls_to("POST", "/users/@me/channels")
        assert str(opened.json["recipient_id"]) == user
        [posted] = fake.messages
        assert posted["channel_id"] == fake.dm_channel_of(user)
        assert receipt.message_id == posted["id"]
        assert receipt.thread_ids == () and fake.threads == []  # no threads in DMs


async def test_a_user_who_blocks_dms_is_a_permanent_failure() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.dm_blocked.add("2000000000000000078")
        with pytest.raises(PermanentDeliveryError, match="50007"):
            await adapter.send(Target("discord", user_id="2000000000000000078"), story(1))


async def test_a_chart_is_uploaded_as_a_file() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
    message = Message(
        title="Trends", sections=(Section(text="up"),), image=Image(png, "chart.png", "Weekly")
    )
    async with running_bot() as (fake, adapter, _):
        await adapter.send(channel(fake), message)
        [posted] = fake.messages
        [upload] = posted["files"]
        assert upload.field == "files[0]" and upload.filename == "chart.png"
        assert upload.data == png and upload.content_type in (
            "image/png",
            "application/octet-stream",
        )
        assert posted["embeds"][0]["image"]["url"] == "attachment://chart.png"
        assert posted["attachments"][0]["filename"] == "chart.png"


async def test_a_429_storm_loses_and_doubles_nothing() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.fail("POST", MESSAGES, 429, times=6, retry_after=0.02)
        messages = [Message(title=f"Alert {i}", sections=(Section(text=str(i)),)) for i in range(5)]
        results = await asyncio.gather(
            *(adapter.send(channel(fake), m) for m in messages), return_exceptions=True
        )
        # discord.py waits out each 429 itself; one that outlasts its five tries surfaces
        # as transient, and the outbox's retry then delivers it exactly once.
        for message, result in zip(messages, results, strict=True):
            if isinstance(result, BaseException):
                assert isinstance(result, TransientDeliveryError)
                await adapter.send(channel(fake), message)
        titles = sorted(m["embeds"][0]["title"] for m in fake.messages)
        assert titles == sorted(f"Alert {i}" for i in range(5))
        assert len(fake.calls_to("POST", MESSAGES)) == 5 + 6


async def test_a_429_outlasting_discord_py_is_transient_then_delivered_once() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.fail("POST", MESSAGES, 429, times=5, retry_after=0.01)
        alert = Message(title="Alert", sections=(Section(text="x"),))
        with pytest.raises(TransientDeliveryError):
            await adapter.send(channel(fake), alert)
        assert fake.messages == []
        await adapter.send(channel(fake), alert)
        assert len(fake.messages) == 1


async def test_a_long_wait_is_handed_back_to_the_outbox_with_retry_after() -> None:
    # discord.py waits out 429s of up to 30 s itself (its minimum max_ratelimit_timeout)
    async with running_bot() as (fake, adapter, _):
        fake.fail("POST", MESSAGES, 429, times=1, retry_after=45.0)
        with pytest.raises(TransientDeliveryError) as caught:
            await adapter.send(channel(fake), story(1))
        assert caught.value.retry_after == 45.0
        assert fake.messages == []


async def test_a_retry_after_a_partial_delivery_does_not_repeat_the_first_part() -> None:
    sections = tuple(Section(heading=f"Story {i}", text="word " * 700) for i in range(8))
    digest = Message(title="Digest", sections=sections)
    async with running_bot() as (fake, adapter, _):
        fake.fail("POST", MESSAGES, 503, times=1, skip=1)  # part 1 accepted, part 2 fails
        with pytest.raises(TransientDeliveryError):
            await adapter.send(channel(fake), digest)
        assert len(fake.messages) == 1
        receipt = await adapter.send(channel(fake), digest)  # the outbox's retry
        titles = [e.get("title") for m in fake.messages for e in m["embeds"]]
        assert titles == ["Digest"] + [f"Story {i}" for i in range(8)]
        assert receipt.message_id == fake.messages[0]["id"]


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (404, 10003, PermanentDeliveryError),
        (403, 50001, PermanentDeliveryError),
        (403, 50013, PermanentDeliveryError),
        (400, 50035, PermanentDeliveryError),
        (503, 0, TransientDeliveryError),
        (401, 0, TransientDeliveryError),
    ],
)
async def test_discord_errors_map_to_the_outbox_decision(
    status: int, code: int, error: type[Exception]
) -> None:
    async with running_bot() as (fake, adapter, _):
        fake.fail("POST", MESSAGES, status, code=code)
        with pytest.raises(error):
            await adapter.send(channel(fake), story(1))
        assert fake.messages == []


async def test_an_unknown_channel_is_permanent() -> None:
    async with running_bot() as (fake, adapter, _):
        with pytest.raises(PermanentDeliveryError, match="10003"):
            await adapter.send(channel(fake, channel_id="1299999999999999999"), story(1))


async def test_a_500_is_retried_by_discord_py_and_delivered_once() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.fail("POST", MESSAGES, 500, times=1)
        await adapter.send(channel(fake), story(1))
        assert len(fake.messages) == 1
        assert [c.status for c in fake.calls_to("POST", MESSAGES)] == [500, 200]


async def test_an_unreachable_discord_is_transient() -> None:
    async with running_bot() as (fake, adapter, _):
        await fake.close()
        with pytest.raises(TransientDeliveryError):
            await adapter.send(channel(fake), story(1))


async def test_bad_targets_are_permanent_and_a_stopped_adapter_transient() -> None:
    async with running_bot() as (fake, adapter, _):
        with pytest.raises(PermanentDeliveryError):
            await adapter.send(Target("discord"), story(1))
        with pytest.raises(PermanentDeliveryError):
            await adapter.send(Target("discord", channel_id="general"), story(1))
    with pytest.raises(TransientDeliveryError):
        await adapter.send(Target("discord", channel_id="1"), story(1))
    with pytest.raises(TransientDeliveryError):
        await DiscordAdapter("t").send(Target("discord", channel_id="1"), story(1))
