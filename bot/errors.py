"""One exception tree for the whole bot.

Subclasses also inherit the matching builtin, so callers may catch either
(`InvalidFeedURL` is a `ValueError` too).
"""

from __future__ import annotations

from datetime import timedelta


class LayoffbotError(Exception):
    """Base of every error the bot raises on purpose."""


class ConfigError(LayoffbotError, ValueError):
    """A setting is missing or malformed. The message names the variable."""


class AdapterStartError(LayoffbotError):
    """A chat adapter cannot start for a reason only the operator can fix (a port in use,
    a missing setting). `layoffbot run` prints the message as one line and exits 2."""


class FeedError(LayoffbotError):
    """A feed could not be fetched or parsed. The message is shown to users as is."""


class InvalidFeedURL(FeedError, ValueError):
    """The URL is not one the bot will fetch (scheme, syntax, private address)."""


class PrivateAddressError(InvalidFeedURL):
    """The URL's host resolves to a loopback, private, link-local or otherwise internal address."""


class MetadataAddressError(PrivateAddressError):
    """The host is a cloud metadata endpoint or link-local: refused whatever the settings."""


class FeedLimitReached(FeedError):
    """A workspace already reads the most feeds of its own it may add (LAYOFFBOT_MAX_FEEDS)."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(
            f"This workspace reads {count} feeds of its own, the most allowed ({limit})."
            " To add another, remove one first: /layoffs feeds remove <url>."
        )
        self.count = count
        self.limit = limit


class FetchError(FeedError):
    """The request failed: network error, timeout, HTTP error, over-size body, redirects."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def gone(self) -> bool:
        """The server says the feed is gone for good (410): disable it. A 404 is not
        enough: sites answer it by mistake during migrations, so it is retried."""
        return self.status == 410


class ParseError(FeedError):
    """The body is not a feed (HTML page, invalid XML) or parsing took too long."""


class CommandError(LayoffbotError, ValueError):
    """A user's command is malformed; the message is usage help for them."""


class PermissionDenied(LayoffbotError, PermissionError):
    """The user may not run this command here."""


class DeliveryError(LayoffbotError):
    """A message could not be delivered."""


# The longest a delivery waits for its next attempt (a platform's retry-after included:
# bot.outbox.Backoff caps it here). A next attempt further ahead than this, or a claim
# further ahead than two leases, was set under a clock that has since been set back: it is
# due now, not hours later (bot/store/deliveries.py).
LONGEST_DELIVERY_WAIT = timedelta(hours=2)


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: rate limit, server error, timeout, connection reset.

    `retry_after` is the platform's own wait in seconds, when it gave one.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """Never worth retrying: channel gone, bot removed, user blocks DMs."""


class StoreError(LayoffbotError):
    """The database refused an operation."""


class DatabaseUnavailable(StoreError):
    """The database could not be reached, or was too busy to answer: worth trying again
    in a while (a user is told so, not that something broke)."""


class PipeWithoutWriter(OSError):
    """A named pipe on the command line that no program opened for writing in time."""

    def __init__(self, waited: float) -> None:
        super().__init__(
            f"it is a named pipe and no program opened it for writing in {waited:.0f} s: "
            "start the program that writes to it first, or name the file - and pipe it in"
        )


def file_problem(exc: OSError) -> str:
    """Why a file named on the command line could not be read, in words: `feeds import`
    and `tag` showed Python's "[Errno 2] No such file or directory: 'x.opml'" (trial 13),
    `eval` "cannot read it (IsADirectoryError)"."""
    if isinstance(exc, PipeWithoutWriter):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "that is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "no permission to read it"
    return f"cannot read it ({exc.strerror or exc.__class__.__name__})"


# A post refused for a missing platform scope: the reason names the scope, so what the
# refusal paused resumes once the scope is granted (bot.store.scope_pauses reads it back).
MISSING_SCOPE = "missing_scope (the app lacks the "


def missing_scope_reason(platform: str, scope: str, advice: str) -> str:
    """The reason a pause carries: 'slack: missing_scope (the app lacks the chat:write
    scope: <advice>)'."""
    return f"{platform}: {MISSING_SCOPE}{scope} scope: {advice})"
