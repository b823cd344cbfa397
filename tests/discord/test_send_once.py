"""DiscordAdapter.send_once: an outbox delivery appears once even when Discord's answer is
lost, also after Discord's nonce window has passed.

Driven through the real discord.py against tests/discord/fake_discord.py, which honours
nonce + enforce_nonce for `nonce_window` seconds, serves a channel's recent messages, and
can post a message and drop the connection before answering (`fake.lose`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import TransientDeliveryError
from bot.models import Field, Kind, Message, Section, Target
from bot.ports import IdempotentChatAdapter, SendAttempt
from tests.discord.fake_discord import FakeDiscord, running_bot

HISTORY = r"/channels/\d+/messages"


def attempt(key: str = "alert:1", *, unsure: bool = False) -> SendAttempt:
    return SendAttempt(key=key, since=datetime.now(UTC) - timedelta(seconds=5), unsure=unsure)


def channel(fake: FakeDiscord, **ids: str) -> Target:
    return Target("discord", channel_id=fake.channel_id, workspace_id=fake.guild_id, **ids)


def story(title: str = "Acme cuts 100 jobs", *, discussion: bool = False) -> Message:
    return Message(
        sections=(
            Section(
                heading=title,
                url="https://news.example.com/acme",
                text="Acme replaced support staff with an assistant.",
                context="Reuters · 2025-05-01",
                kind=Kind.LAYOFF,
            ),
        ),
        discussion=discussion,
        ephemeral=False,
    )


def big() -> Message:
    """Eleven stories: more than fit in one message (10 embeds), so two parts."""
    return Message(
        title="Digest",
        sections=tuple(
            Section(heading=f"Story {i}", text="word " * 50, fields=(Field("n", str(i)),))
            for i in range(11)
        ),
        ephemeral=False,
    )


def titles(fake: FakeDiscord) -> list[str]:
    return [e.get("title", "") for m in fake.messages for e in m["embeds"]]


async def test_the_adapter_offers_send_once() -> None:
    async with running_bot() as (_, adapter, _core):
        assert isinstance(adapter, IdempotentChatAdapter)


async def test_each_part_carries_a_nonce_and_a_footer_marker_from_the_key() -> None:
    async with running_bot() as (fake, adapter, _):
        await adapter.send_once(channel(fake), story(), attempt("k1"))
        await adapter.send_once(channel(fake), story(), attempt("k2"))
        first, second = fake.messages
        assert first["nonce"] and first["nonce"] != second["nonce"]
        footers = [m["embeds"][-1]["footer"]["text"] for m in fake.messages]
        assert footers[0].startswith("Reuters · 2025-05-01\nref ")
        assert footers[0] != footers[1]
        post = fake.calls_to("POST", HISTORY)[0]
        assert post.json["enforce_nonce"] is True


@pytest.mark.parametrize("hang", [False, True], ids=["connection-dropped", "timed-out"])
async def test_a_post_whose_answer_was_lost_is_not_posted_again_after_the_nonce_window(
    hang: bool,
) -> None:
    async with running_bot(send_timeout=0.3) as (fake, adapter, _):
        fake.nonce_window = 0.0  # Discord forgot the nonce: only the look-up can tell
        fake.lose_hang = 0.6
        fake.lose(hang=hang)
        with pytest.raises(TransientDeliveryError):
            await adapter.send_once(channel(fake), story(), attempt())
        assert len(fake.messages) == 1 and fake.lost == [fake.messages[0]["id"]]

        # Timed out, the first send is not cancelled (discord.py's rate limiters are not
        # cancel-safe): a retry waits for it, as the outbox's next attempts would.
        for _ in range(5):
            try:
                receipt = await adapter.send_once(channel(fake), story(), attempt(unsure=True))
                break
            except TransientDeliveryError:
                continue
        assert len(fake.messages) == 1
        assert receipt.message_id == fake.messages[0]["id"]
        assert fake.calls_to("GET", HISTORY)


async def test_within_the_nonce_window_discord_itself_returns_the_first_message() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.lose()
        with pytest.raises(TransientDeliveryError):
            await adapter.send_once(channel(fake), story(), attempt())
        # Not marked unsure (say, the store lost that fact): the nonce still holds.
        receipt = await adapter.send_once(channel(fake), story(), attempt())
        assert len(fake.messages) == 1 and receipt.message_id == fake.messages[0]["id"]


async def test_each_part_of_a_split_message_is_posted_once() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.nonce_window = 0.0
        fake.lose(after=1)  # the second part is posted, its answer lost
        with pytest.raises(TransientDeliveryError):
            await adapter.send_once(channel(fake), big(), attempt())
        assert len(fake.messages) == 2
        receipt = await adapter.send_once(channel(fake), big(), attempt(unsure=True))
        assert len(fake.messages) == 2
        assert receipt.message_id == fake.messages[0]["id"]
        assert [t for t in titles(fake) if t.startswith("Story")] == [
            f"Story {i}" for i in range(11)
        ]


async def test_a_story_thread_is_found_again_when_its_answer_was_lost() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.nonce_window = 0.0
        first = await adapter.send_once(channel(fake), story(discussion=True), attempt("s1"))
        assert first.thread_ids == (first.message_id,)
        # The same delivery again, unsure: found, and its thread is the one already there.
        again = await adapter.send_once(
            channel(fake), story(discussion=True), attempt("s1", unsure=True)
        )
        assert again == first
        assert len(fake.messages) == 1 and len(fake.threads) == 1


async def test_a_reply_in_a_thread_is_looked_for_in_the_thread() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.nonce_window = 0.0
        parent = await adapter.send_once(channel(fake), story(discussion=True), attempt("p"))
        [thread_id] = parent.thread_ids
        target = channel(fake, thread_id=thread_id)
        fake.lose()
        with pytest.raises(TransientDeliveryError):
            await adapter.send_once(target, story("Reply"), attempt("p/1"))
        receipt = await adapter.send_once(target, story("Reply"), attempt("p/1", unsure=True))
        replies = [m for m in fake.messages if m["channel_id"] == thread_id]
        assert len(replies) == 1 and receipt.message_id == replies[0]["id"]
        assert fake.calls_to("GET", rf"/channels/{thread_id}/messages")


async def test_a_direct_message_is_looked_for_in_the_dm_channel() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.nonce_window = 0.0
        target = Target("discord", user_id="1500000000000000042")
        fake.lose()
        with pytest.raises(TransientDeliveryError):
            await adapter.send_once(target, story(), attempt())
        receipt = await adapter.send_once(target, story(), attempt(unsure=True))
        dm = fake.dm_channel_of("1500000000000000042")
        assert dm is not None
        assert [m["channel_id"] for m in fake.messages] == [dm]
        assert receipt.message_id == fake.messages[0]["id"]
        assert fake.calls_to("GET", rf"/channels/{dm}/messages")


async def test_another_delivery_with_the_same_content_is_still_posted() -> None:
    async with running_bot() as (fake, adapter, _):
        await adapter.send_once(channel(fake), story(), attempt("a"))
        await adapter.send_once(channel(fake), story(), attempt("b", unsure=True))
        assert len(fake.messages) == 2


async def test_without_read_message_history_it_posts_rather_than_give_up() -> None:
    async with running_bot() as (fake, adapter, _):
        fake.fail("GET", HISTORY, 403, code=50001)
        receipt = await adapter.send_once(channel(fake), story(), attempt(unsure=True))
        [posted] = fake.messages
        assert receipt.message_id == posted["id"]
