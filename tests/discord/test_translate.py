"""adapters.discord.translate beyond embeds: a delivery's nonce and marker, Discord's
failures as the outbox's decision and as one log line. Pure, no network."""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
import discord
import pytest

from adapters.discord.translate import (
    REJECTED_TOKEN,
    classify,
    content_nonce,
    describe_failure,
    key_nonce,
    mark,
    marker,
    rejection,
    render,
    snowflake,
)
from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.models import Message, Section, Target


def _http_error(status: int, headers: dict[str, str] | None = None) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="Reason", headers=headers or {})
    return discord.HTTPException(response, {"code": 0, "message": "nope"})  # type: ignore[arg-type]


def test_each_part_of_a_delivery_has_its_own_nonce_and_marker() -> None:
    assert key_nonce("k", 0) != key_nonce("k", 1) != key_nonce("j", 1)
    assert all(len(key_nonce("k", i)) <= 25 for i in range(3))
    assert marker("k", 0).startswith("ref ") and marker("k", 1).endswith("-2")


def test_the_same_message_to_the_same_place_has_the_same_nonce() -> None:
    message = Message(title="T", sections=(Section(text="x"),))
    embeds = render(message)[0]
    target = Target("discord", channel_id="1")
    assert content_nonce(target, 0, embeds, message) == content_nonce(target, 0, embeds, message)
    other = Target("discord", channel_id="2")
    assert content_nonce(other, 0, embeds, message) != content_nonce(target, 0, embeds, message)


def test_the_marker_goes_into_the_last_footer_when_there_is_room() -> None:
    embeds = render(Message(title="T", sections=(Section(text="x", context="Reuters"),)))[0]
    assert mark(embeds, "ref abc") is None
    assert str(embeds[-1].footer.text).endswith("\nref abc")
    assert mark(embeds, None) is None


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (429, TransientDeliveryError),
        (500, TransientDeliveryError),
        (401, TransientDeliveryError),
        (403, PermanentDeliveryError),
        (404, PermanentDeliveryError),
        (400, PermanentDeliveryError),
    ],
)
def test_discord_failures_become_retry_or_give_up(status: int, kind: type[Exception]) -> None:
    assert isinstance(classify(_http_error(status, {"Retry-After": "3"})), kind)


def test_a_429_keeps_discords_retry_after() -> None:
    error = classify(_http_error(429, {"Retry-After": "3"}))
    assert isinstance(error, TransientDeliveryError) and error.retry_after == 3.0


def test_ids_that_are_not_snowflakes_are_permanent_failures() -> None:
    assert snowflake("123", "channel_id") == 123
    with pytest.raises(PermanentDeliveryError, match="channel_id"):
        snowflake("abc", "channel_id")


def test_only_failures_no_retry_can_fix_are_rejections() -> None:
    assert rejection(discord.LoginFailure()) == REJECTED_TOKEN
    assert rejection(_http_error(401)) == REJECTED_TOKEN
    assert rejection(TimeoutError()) is None


def test_connection_failures_are_described_as_the_networks() -> None:
    what, where = describe_failure(aiohttp.ClientConnectionError("reset"))
    assert where == "network" and "reset" in what
    response = SimpleNamespace(status=503, reason="Service Unavailable", headers={})
    server = discord.DiscordServerError(response, "")  # type: ignore[arg-type]
    assert describe_failure(server) == ("Discord answered 503 Service Unavailable", "discord")
