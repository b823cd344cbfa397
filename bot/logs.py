"""Structured logs: one line per event, secrets never written.

Log calls use `event=name key=value` messages; the JSON format turns those into fields.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable

_SECRET_PATTERNS = [
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),
    re.compile(r"xapp-[A-Za-z0-9-]+"),
    re.compile(r"[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}"),  # Discord
    re.compile(r"(?i)(authorization|api[_-]?key|token|secret|password)([=:]\s*)\S+"),
    re.compile(r"(?i)(postgres(?:ql)?(?:\+\w+)?://[^:/@\s]+:)[^@\s]+@"),
]


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    for pattern in _SECRET_PATTERNS[:3]:
        text = pattern.sub("[redacted]", text)
    text = _SECRET_PATTERNS[3].sub(lambda m: m.group(1) + m.group(2) + "[redacted]", text)
    text = _SECRET_PATTERNS[4].sub(lambda m: m.group(1) + "[redacted]@", text)
    return text


class RedactingFormatter(logging.Formatter):
    def __init__(self, fmt: str, *, as_json: bool, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self.as_json = as_json
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        message = redact(record.getMessage(), self.secrets)
        if record.exc_info:
            message += " exc=" + json.dumps(
                redact(self.formatException(record.exc_info), self.secrets)
            )
        if not self.as_json:
            return (
                f"{self.formatTime(record)} level={record.levelname} logger={record.name} {message}"
            )
        fields: dict[str, str] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
        }
        rest = []
        for part in message.split(" "):
            key, sep, value = part.partition("=")
            if sep and key.isidentifier():
                fields[key] = value
            else:
                rest.append(part)
        if rest:
            fields["message"] = " ".join(rest)
        return json.dumps(fields, ensure_ascii=False)


def configure(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    """Log to stderr; quiet the chatty libraries."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(message)s", as_json=fmt == "json", secrets=secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in (
        "httpx",
        "httpcore",
        "apscheduler",
        "discord",
        "slack_bolt",
        "slack_sdk",
        "alembic",
    ):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
