"""`LAYOFFBOT_DATABASE_URL`: which URLs the bot opens, and how one is shown without its
password (a URL may hold one: no message or log line ever echoes it)."""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlsplit

__all__ = ["known_backend", "url_secrets", "without_password"]

# The drivers the bot ships with, by the scheme a user may write.
_BACKENDS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
_SQLITE_FILE = "a file is sqlite:///path (three slashes), e.g. sqlite:///./data/layoffbot.db"


def known_backend(value: str) -> str:
    """The URL with its driver named, if SQLAlchemy will open it; otherwise ValueError with
    what to write (never the URL itself: it may hold a password)."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme not in _BACKENDS:
        hint = f"; {_SQLITE_FILE}" if value.startswith("sqlite") else ""
        raise ValueError(f"must start with sqlite:/// or postgresql+psycopg://{hint}")
    scheme = _BACKENDS[scheme]
    if scheme.startswith("sqlite"):
        path = rest.partition("?")[0]
        # Each connection to an in-memory SQLite database gets its own empty one.
        if path in ("", "/", "/:memory:"):
            raise ValueError(
                "an in-memory SQLite database is not supported (each connection would get"
                " its own, empty); give a file, e.g. sqlite:///./data/layoffbot.db"
            )
        if not path.startswith("/"):
            raise ValueError(_SQLITE_FILE)
    else:
        _userinfo_encoded(value)
        try:
            urlsplit(value).port  # noqa: B018  (raises on a port that is not a number)
        except ValueError:
            raise ValueError("the port is not a number from 0 to 65535") from None
        _names_a_database(value)
    return f"{scheme}://{rest}"


def _userinfo_encoded(value: str) -> None:
    """ValueError for a user name or password holding `@`, `/`, `?` or `#` as written: the
    URL then splits inside it and the driver's error named part of the password as the host
    ("failed to resolve host 'cret@127.0.0.1'", trial 12). Nothing of it is echoed."""
    parts = urlsplit(value)
    if parts.netloc.count("@") > 1 or "@" in parts.path + parts.query + parts.fragment:
        raise ValueError(
            "the user name or password holds a character a URL reserves (@ / ? # :): write"
            " each percent-encoded (@ as %40, / as %2F, ? as %3F, # as %23, : as %3A)"
        )


def _names_a_database(value: str) -> None:
    """ValueError for a PostgreSQL URL naming no database: libpq then opens the one named
    like the user (`postgres`, the server's maintenance database), and the bot created its
    tables there and ran (trial: `postgresql+psycopg://postgres@db:5432`, the name left
    off). A `dbname=` option or PGDATABASE still names one."""
    parts = urlsplit(value)
    if parts.path.strip("/") or "dbname=" in parts.query or os.environ.get("PGDATABASE"):
        return
    raise ValueError(
        "names no database (libpq would use the one named like the user, e.g. postgres);"
        " end it with /name, e.g. postgresql+psycopg://user@host/layoffbot"
    )


def url_secrets(url: str) -> list[str]:
    """The password a URL holds, as written and decoded, for logs and errors to redact."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return []
    return [p for p in {password, unquote(password or "")} if p]


def without_password(url: str) -> str:
    """A database URL as it may be shown: `user:***@host`."""
    return re.sub(r"(://[^:/@\s]*:)[^/\s]*@", r"\1***@", url)
