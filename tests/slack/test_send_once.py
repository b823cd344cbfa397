"""SlackAdapter.send_once: an outbox delivery appears once even when Slack's answer is lost.

Driven through the real slack_sdk against tests/slack/fake_slack.py, which stores message
metadata, returns it from conversations.history/replies only with include_all_metadata,
and can post a message and then drop the connection before answering (`fake.lose`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack import SlackAdapter
from adapters.slack.translate import DELIVERY_EVENT
from bot.errors import TransientDeliveryError
from bot.models import Image, Message, Section, Target
from bot.ports import IdempotentChatAdapter, SendAttempt
from tests.slack.fake_slack import FakeSlack

PNG = b"\x89PNG\r\n\x1a\n fake chart"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(lose_hang=0.5)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def adapter(fake: FakeSlack) -> AsyncIterator[SlackAdapter]:
    slack = SlackAdapter(
        "xoxb-test", signing_secret="s", api_url=fake.api_url, min_interval_per_channel=0.0
    )
    slack.client.timeout = 0.3  # type: ignore[assignment]  # below the fake's hang
    yield slack
    await slack.stop()


def attempt(key: str = "alert:1", *, unsure: bool = False) -> SendAttempt:
    return SendAttempt(key=key, since=datetime.now(UTC) - timedelta(seconds=5), unsure=unsure)


def big(title: str = "Big digest") -> Message:
    sections = tuple(Section(heading=f"S{i:02d}", text="x " * 200) for i in range(60))
    return Message(title=title, sections=sections)


def headings(fake: FakeSlack) -> list[str]:
    return [
        str(block["text"]["text"]).split("\n")[0]
        for post in fake.posted
        for block in post.blocks
        if block.get("type") == "section" and str(block["text"]["text"]).startswith("*S")
    ]


async def test_the_adapter_offers_send_once(adapter: SlackAdapter) -> None:
    assert isinstance(adapter, IdempotentChatAdapter)


async def test_each_post_carries_the_delivery_key_in_its_metadata(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    await adapter.send_once(Target("slack", channel_id="C1"), Message(title="hi"), attempt("k1"))
    [post] = fake.posted
    assert post.metadata == {
        "event_type": DELIVERY_EVENT,
        "event_payload": {"key": "k1", "part": 0, "parts": 1},
    }


async def test_history_returns_metadata_only_when_asked(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    await adapter.send_once(Target("slack", channel_id="C1"), Message(title="hi"), attempt("k1"))
    plain = await adapter.client.conversations_history(channel="C1")
    full = await adapter.client.conversations_history(channel="C1", include_all_metadata=True)
    assert "metadata" not in plain["messages"][0]
    assert full["messages"][0]["metadata"]["event_payload"]["key"] == "k1"


@pytest.mark.parametrize("hang", [False, True], ids=["connection-dropped", "timed-out"])
async def test_a_post_whose_answer_was_lost_is_not_posted_again(
    adapter: SlackAdapter, fake: FakeSlack, hang: bool
) -> None:
    target = Target("slack", channel_id="C1")
    fake.lose(hang=hang)
    with pytest.raises(TransientDeliveryError):
        await adapter.send_once(target, Message(title="Acme cuts 100"), attempt())
    assert len(fake.posted) == 1 and fake.lost == [fake.posted[0].ts]

    receipt = await adapter.send_once(target, Message(title="Acme cuts 100"), attempt(unsure=True))
    assert len(fake.posted) == 1
    assert receipt.message_id == fake.posted[0].ts
    [lookup] = fake.calls_to("conversations.history")
    assert lookup.args["include_all_metadata"] in ("1", "true", "True")


async def test_a_post_whose_answer_was_lost_is_sent_once_the_lookup_finds_nothing(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    """Unsure, but the earlier try never reached Slack: the look-up finds nothing, it posts."""
    fake.fail("chat.postMessage", status=500)
    target = Target("slack", channel_id="C1")
    with pytest.raises(TransientDeliveryError):
        await adapter.send_once(target, Message(title="x"), attempt())
    receipt = await adapter.send_once(target, Message(title="x"), attempt(unsure=True))
    [post] = fake.posted
    assert receipt.message_id == post.ts


async def test_each_part_of_a_split_message_is_posted_once(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    target = Target("slack", channel_id="C1")
    fake.lose(after=1)  # the second part is posted, its answer lost
    with pytest.raises(TransientDeliveryError):
        await adapter.send_once(target, big(), attempt())
    assert len(fake.posted) == 2
    receipt = await adapter.send_once(target, big(), attempt(unsure=True))
    assert receipt.message_id == fake.posted[0].ts
    assert headings(fake) == [f"*S{i:02d}*" for i in range(60)]  # each once, in order
    parts = [p.metadata["event_payload"]["part"] for p in fake.posted if p.metadata]
    assert parts == list(range(len(fake.posted)))


async def test_a_thread_reply_is_looked_for_in_its_thread(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    parent = await adapter.send_once(
        Target("slack", channel_id="C1"), Message(title="Digest"), attempt("digest")
    )
    reply = Target("slack", channel_id="C1", thread_id=parent.message_id)
    fake.lose()
    with pytest.raises(TransientDeliveryError):
        await adapter.send_once(reply, Message(title="Story 1"), attempt("digest/1"))
    receipt = await adapter.send_once(
        reply, Message(title="Story 1"), attempt("digest/1", unsure=True)
    )
    assert [p.text for p in fake.posted] == ["Digest", "Story 1"]
    assert receipt.message_id == fake.posted[1].ts
    assert receipt.thread_ids == (parent.message_id,)
    [lookup] = fake.calls_to("conversations.replies")
    assert lookup.args["ts"] == parent.message_id


async def test_a_direct_message_is_looked_for_in_the_dm_channel(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    target = Target("slack", user_id="U42")
    fake.lose()
    with pytest.raises(TransientDeliveryError):
        await adapter.send_once(target, Message(title="Alert"), attempt())
    receipt = await adapter.send_once(target, Message(title="Alert"), attempt(unsure=True))
    [post] = fake.posted
    assert post.channel == "D42" and receipt.message_id == post.ts
    assert fake.calls_to("conversations.history")[0].args["channel"] == "D42"


async def test_another_delivery_with_the_same_text_is_still_posted(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    target = Target("slack", channel_id="C1")
    await adapter.send_once(target, Message(title="Same"), attempt("a"))
    await adapter.send_once(target, Message(title="Same"), attempt("b", unsure=True))
    assert len(fake.posted) == 2


async def test_a_chart_is_not_shared_twice(adapter: SlackAdapter, fake: FakeSlack) -> None:
    target = Target("slack", channel_id="C1")
    message = Message(title="Trends", image=Image(PNG, "trends.png", "chart"))
    fake.fail("files.completeUploadExternal", status=429, retry_after=30)
    with pytest.raises(TransientDeliveryError):
        await adapter.send_once(target, message, attempt("chart"))
    await adapter.send_once(target, message, attempt("chart", unsure=True))
    await adapter.send_once(target, message, attempt("chart", unsure=True))
    assert len(fake.posted) == 1
    assert len(fake.shared_files) == 1
    assert fake.shared_files[0].files[0]["name"].startswith("trends-")


async def test_a_lookup_refused_by_slack_posts_nothing_and_is_retried(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    fake.fail("conversations.history", status=429, retry_after=30)
    with pytest.raises(TransientDeliveryError) as caught:
        await adapter.send_once(
            Target("slack", channel_id="C1"), Message(title="x"), attempt(unsure=True)
        )
    assert caught.value.retry_after == 30
    assert fake.posted == []


async def test_without_the_history_scopes_it_warns_and_posts(
    adapter: SlackAdapter, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """An install from before the history scopes keeps delivering (as before: a lost
    answer may repeat) and says what to add."""
    fake.fail("conversations.history", error="missing_scope")
    with caplog.at_level(logging.WARNING, logger="adapters.slack.adapter"):
        await adapter.send_once(
            Target("slack", channel_id="C1"), Message(title="x"), attempt(unsure=True)
        )
    assert len(fake.posted) == 1
    assert "missing_scope" in caplog.text and "docs/slack.md" in caplog.text
