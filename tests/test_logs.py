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
