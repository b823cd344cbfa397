"""Logs never carry secrets."""

from __future__ import annotations

import json
import logging

from bot.logs import RedactingFormatter, redact


def test_tokens_and_passwords_are_redacted() -> None:
    line = redact(
        "token=xoxb-1234-5678-abcdef app=xapp-1-A-2 url=postgresql+psycopg://bot:hunter2@db/x "
        "Authorization: Bearer-abc"
    )
    assert "xoxb-1234" not in line and "xapp-1" not in line and "hunter2" not in line
    assert "Bearer-abc" not in line


def test_configured_secrets_are_redacted_wherever_they_appear() -> None:
    assert "s3cr3t-value" not in redact("failed with s3cr3t-value inside", ["s3cr3t-value"])


def test_json_format_turns_key_values_into_fields() -> None:
    formatter = RedactingFormatter("%(message)s", as_json=True, secrets=[])
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "event=feed_polled new_items=%d", (3,), None
    )
    data = json.loads(formatter.format(record))
    assert data["event"] == "feed_polled" and data["new_items"] == "3" and data["level"] == "INFO"


def test_signed_url_parameters_and_more_token_kinds_are_redacted() -> None:
    line = redact(
        "url=https://feeds.example/rss?key=K3Y-1&sig=S1G-2&lang=en "
        "s3=https://b.s3.amazonaws.com/f?X-Amz-Credential=AKIA9&X-Amz-Signature=AMZ-3 "
        "client=xoxc-111-222-abc refresh=xoxe-1-AAA rotated=xoxe.xoxp-1-BBB "
        'headers={"Authorization": "Bearer JS0N-T0KEN", "Accept": "*/*"} '
        "raw=Authorization: Bearer HDR-T0KEN"
    )
    for secret in (
        "K3Y-1",
        "S1G-2",
        "AKIA9",
        "AMZ-3",
        "111-222",
        "1-AAA",
        "1-BBB",
        "JS0N",
        "HDR-T0KEN",
    ):
        assert secret not in line, line
    assert "lang=en" in line and '"Accept": "*/*"' in line


def test_json_fields_cannot_be_forged_by_text_inside_a_value() -> None:
    """A feed server's reason phrase ('HTTP 599 x level=CRITICAL event=...') is logged in
    a quoted value: it set the JSON line's level, logger and event."""
    formatter = RedactingFormatter("%(message)s", as_json=True, secrets=[])
    error = "HTTP 599 x level=CRITICAL event=forged logger=bot.app"
    record = logging.LogRecord(
        "feeds.poller",
        logging.WARNING,
        __file__,
        1,
        "event=feed_failed url=%s failures=%d error=%r message=m event=again",
        ("https://f.example/rss", 1, error),
        None,
    )
    data = json.loads(formatter.format(record))
    assert data["level"] == "WARNING" and data["logger"] == "feeds.poller"
    assert data["event"] == "feed_failed" and data["error"] == error
    assert data["failures"] == "1" and data["message"] == "message=m event=again"
