"""Structured logs: one line per event, secrets never written.

Log calls use `event=name key=value` messages; the JSON format turns those into fields.
"""

from __future__ import annotations

import ast
import json
import logging
import re
import sys
from collections.abc import Iterable
from functools import cache

from bot.errors import DatabaseUnavailable


def log_failure(logger: logging.Logger, exc: BaseException, event: str, *args: object) -> None:
    """Log a failure its caller has answered for. The database not answering
    (bot.errors.DatabaseUnavailable) is one line with its reason: an outage made an ~8 KB
    traceback of every command and every job run. Anything else keeps its traceback."""
    if isinstance(exc, DatabaseUnavailable):
        logger.warning(f"{event} reason=%r", *args, str(exc))
    else:
        logger.error(event, *args, exc_info=exc)


# The patterns are compiled at the first redaction (a log line written, an error shown),
# not at every start: a command that logs nothing (`ask`, an idle `poll`) never uses them.
@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """The whole tokens, then the named, query-parameter and DSN patterns (`redact`)."""
    return (
        # Whole tokens: Slack (bot, user, app, config/refresh `xoxe-`, client `xoxc-`, and
        # the `xoxe.xoxp-` form of rotating tokens), Slack app-level tokens, Discord tokens.
        re.compile(r"xox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+"),
        re.compile(r"xapp-[A-Za-z0-9-]+"),
        re.compile(r"[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}"),
        # `name=value`, `name: value` and JSON `"name": "value"`, with an optional auth
        # scheme (`Authorization: Bearer abc` loses `abc`, not just `Bearer`).
        re.compile(
            r"(?i)(authorization|api[_-]?key|token|secret|password)"
            r"(\"?\s*[=:]\s*\"?)((?:bearer|basic|bot|token)\s+)?[^\s\"',}&]+"
        ),
        # Query parameters that carry credentials in signed or keyed URLs (feeds, webhooks,
        # S3 and GCS pre-signed links): `?key=`, `&sig=`, `X-Amz-Signature=`...
        re.compile(
            r"(?i)([?&;](?:key|sig|signature|x-amz-signature|x-amz-credential"
            r"|x-amz-security-token|x-goog-signature|x-goog-credential|access_token|auth"
            r"|apikey|client_secret)=)[^&#\s\"']+"
        ),
        re.compile(r"(?i)(postgres(?:ql)?(?:\+\w+)?://[^:/@\s]+:)[^@\s]+@"),
    )


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    *tokens, named, query, dsn = _patterns()
    for pattern in tokens:
        text = pattern.sub("[redacted]", text)
    text = named.sub(lambda m: m.group(1) + m.group(2) + (m.group(3) or "") + "[redacted]", text)
    text = query.sub(lambda m: m.group(1) + "[redacted]", text)
    text = dsn.sub(lambda m: m.group(1) + "[redacted]@", text)
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
        for match in _PART.finditer(message):
            key, value = match.group("key"), match.group("value")
            # A quoted value (a %r) is one field, spaces and all, and a key said twice
            # keeps its first value: a feed server's reason phrase ('599 x level=CRITICAL
            # event=...') set the line's level and event (session 11 attack).
            if key is None or key in fields or key == "message":
                rest.append(match.group())
            else:
                fields[key] = _unquoted(value)
        if rest:
            fields["message"] = " ".join(rest)
        return json.dumps(fields, ensure_ascii=False)


# One part of a line: key=value, the value a quoted Python literal (as %r writes it) or
# up to the next space; or any other word.
_PART = re.compile(
    r"(?P<key>[A-Za-z_]\w*)=(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S*)|\S+"
)


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        try:
            text = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
        return text if isinstance(text, str) else value
    return value


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
