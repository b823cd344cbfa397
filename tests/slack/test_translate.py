"""adapters.slack.translate beyond Block Kit: Slack's payloads and failures in, the core's
values out. Pure functions, so no fake Slack and no network."""

from __future__ import annotations

import errno

import pytest

from adapters.slack.translate import (
    DELIVERY_EVENT,
    channel_of,
    delivery_error,
    delivery_metadata,
    dm_text,
    first_action_value,
    is_direct,
    keyed_filename,
    listen_error,
    malformed_signature_headers,
    parts_posted,
    retry_after,
    share_key,
    team_of,
)
from bot.errors import PermanentDeliveryError, TransientDeliveryError


def test_a_direct_message_reads_as_typed() -> None:
    text = (
        "why <https://news.example/a?b=1&amp;c=2|news.example/a> &lt;3 <@U1> <mailto:a@b.c|a@b.c>"
    )
    assert dm_text(text) == "why https://news.example/a?b=1&c=2 <3 <@U1> a@b.c"


def test_button_payloads_give_channel_team_and_value() -> None:
    body = {
        "container": {"channel_id": "C7"},
        "user": {"id": "U1", "team_id": "T9"},
        "actions": [{"value": "trends 90d"}],
    }
    assert (channel_of(body), team_of(body), first_action_value(body)) == ("C7", "T9", "trends 90d")
    assert channel_of({}) is None and team_of({}) is None and first_action_value({}) == ""


def test_dm_channels_are_direct() -> None:
    assert is_direct("D123", None) and is_direct(None, "directmessage")
    assert not is_direct("C123", "news")


@pytest.mark.parametrize(
    ("status", "data", "headers", "kind", "wait"),
    [
        (429, {"error": "ratelimited"}, {"Retry-After": ["30"]}, TransientDeliveryError, 30.0),
        (200, {"error": "ratelimited"}, {}, TransientDeliveryError, 1.0),
        (503, None, {}, TransientDeliveryError, None),
        (200, {"error": "internal_error"}, {}, TransientDeliveryError, None),
        (200, {"error": "not_in_channel"}, {}, PermanentDeliveryError, None),
        (200, {"error": "something_new"}, {}, PermanentDeliveryError, None),
    ],
)
def test_slack_failures_become_retry_or_give_up(
    status: int, data: object, headers: object, kind: type[Exception], wait: float | None
) -> None:
    error = delivery_error(status, data, headers)
    assert isinstance(error, kind)
    if isinstance(error, TransientDeliveryError) and wait is not None:
        assert error.retry_after == wait


def test_retry_after_tolerates_odd_headers() -> None:
    assert retry_after({"retry-after": "2.5"}) == 2.5
    assert retry_after({"Retry-After": ["-3"]}) == 0.0
    assert retry_after({"Retry-After": "soon"}) == 1.0
    assert retry_after(None) == 1.0


def test_a_deliverys_parts_and_chart_are_found_in_history() -> None:
    messages = [
        {"ts": "3", "metadata": delivery_metadata("k1", 1, 2)},
        {"ts": "2", "metadata": {"event_type": DELIVERY_EVENT, "event_payload": {"key": "k2"}}},
        {"ts": "1", "metadata": delivery_metadata("k1", 0, 2)},
        {"ts": "0", "files": [{"name": keyed_filename("chart.png", "k1")}]},
        {
            "ts": "9",
            "metadata": {"event_type": DELIVERY_EVENT, "event_payload": {"key": "k1", "part": "x"}},
        },
    ]
    found, chart = parts_posted(messages, "k1", keyed_filename("chart.png", "k1"))
    assert found == {0: "1", 1: "3"} and chart
    assert parts_posted(messages, "k3", None) == ({}, False)


def test_keyed_filenames_differ_per_delivery_and_keep_the_extension() -> None:
    a, b = keyed_filename("chart.png", "k1"), keyed_filename("chart.png", "k2")
    assert a != b and a.startswith("chart-") and a.endswith(".png")
    assert "." not in keyed_filename("chart", "k1")


def test_signature_headers_are_checked_by_shape_first() -> None:
    good = {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=" + "a" * 64}
    assert malformed_signature_headers(good) is None
    assert malformed_signature_headers({}) == "no signature headers"
    stamp = good | {"X-Slack-Request-Timestamp": "abc"}
    assert "Timestamp" in str(malformed_signature_headers(stamp))
    assert "Signature" in str(malformed_signature_headers(good | {"X-Slack-Signature": "v0=zz"}))


def test_a_port_that_cannot_be_listened_on_names_the_setting() -> None:
    in_use = listen_error("0.0.0.0", 3000, OSError(errno.EADDRINUSE, "in use"))
    assert "already in use" in in_use and "LAYOFFBOT_SLACK_PORT" in in_use
    denied = listen_error("0.0.0.0", 80, OSError(errno.EACCES, "denied"))
    assert "permission denied" in denied


def test_a_share_key_names_the_reply_clicked_so_a_double_click_shares_once() -> None:
    def click(action_ts: str, reply: str | None) -> dict[str, object]:
        container = {"type": "message", "is_ephemeral": True}
        return {
            "container": container | ({"message_ts": reply} if reply else {}),
            "actions": [{"action_id": "layoffs_share", "action_ts": action_ts}],
        }

    first, second = click("17.1", "16.5"), click("17.2", "16.5")
    assert share_key(first, "C1") == share_key(second, "C1") == "share:C1:16.5"
    assert share_key(click("17.3", "16.6"), "C1") == "share:C1:16.6"  # another reply
    assert share_key(click("17.1", None), "C1") == "share:C1:17.1"
    assert share_key({}, "C1") is None
