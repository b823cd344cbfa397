"""What every handler is given: the store, settings, clock and the shared helpers.

Handlers are functions `(ctx, command, args) -> Message` (bot.commands.spec); they reach
the world only through this object, so a test can build one over any store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

from bot.commands.attempts import Attempts
from bot.commands.index import CompanyIndex
from bot.commands.spec import clip
from bot.errors import PermissionDenied
from bot.models import Command, Message, Section
from bot.tenancy import tenant_of
from bot.timeutil import reader_zone

if TYPE_CHECKING:
    from bot.commands.spec import CommandSpec
    from bot.companies import CompanyMatcher
    from bot.config import Settings
    from bot.ports import FeedService
    from bot.store import Store


FEED_ADDS_PER_HOUR = 20  # `/layoffs feeds add` attempts per workspace (each fetches a URL)


def error_message(text: str, title: str = "Sorry") -> Message:
    return Message(title=title, sections=(Section(text=text),), is_error=True)


@dataclass(frozen=True)
class Resolution:
    """How a user's company text resolved: a known company, suggestions, or neither."""

    query: str
    exact: str | None
    suggestions: tuple[str, ...]
    display: str
    key: str


class Context:
    """The handlers' view of the core. `kick_outbox` is called after something was
    enqueued (`digest now`) so it goes out without waiting for the next sweep."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        feed_service: FeedService | None,
        clock: Callable[[], datetime],
        *,
        kick_outbox: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.feed_service = feed_service
        self.clock = clock
        self.kick_outbox = kick_outbox
        self.companies = CompanyIndex(store)
        self.feed_adds = Attempts(FEED_ADDS_PER_HOUR, timedelta(hours=1))
        # The command table, set by the router: help lists it, typo hints search it.
        self.specs: tuple[CommandSpec, ...] = ()

    @cached_property
    def matcher(self) -> CompanyMatcher:
        """Built on first use: bot.companies (and bot.text) cost a command that names no
        company ~30 ms of start-up (#14)."""
        from bot.companies import CompanyMatcher

        return CompanyMatcher()

    @property
    def command_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.specs)

    @staticmethod
    def workspace(command: Command) -> str:
        return command.workspace_id or ""

    @staticmethod
    def tenant(command: Command) -> str:
        """The tenant a command acts for (its workspace's feeds, stories and companies)."""
        return tenant_of(command)

    def reader_zone(self, command: Command | None) -> tzinfo:
        """The zone the dates of an answer are shown in (bot.timeutil `shown_date`): the
        channel's digest zone, else its workspace's, else the operator's default, so a
        lookup dates a story as the channel's digest does."""
        if command is None:
            return reader_zone(None, self.settings.digest_timezone)
        chosen = self.store.reader_timezone(
            command.platform, command.channel_id or "", command.workspace_id or ""
        )
        return reader_zone(chosen, self.settings.digest_timezone)

    def is_manager(self, command: Command) -> bool:
        return command.is_manager or command.user_id in self.settings.manager_ids

    def require_manager(self, command: Command, what: str) -> None:
        refused = self.manager_refusal(command, what)
        if refused is not None:
            raise refused

    def manager_refusal(self, command: Command, what: str) -> PermissionDenied | None:
        """The refusal of a manager's command to this asker, or None for a manager."""
        if self.is_manager(command):
            return None
        if command.platform == "discord":  # no workspaces nor admins by that name
            return PermissionDenied(
                f"Only members with Manage Server can {what}. Ask one of them, or whoever "
                "runs the bot to list you in LAYOFFBOT_MANAGERS."
            )
        return PermissionDenied(
            f"Only channel managers can {what}. Ask a workspace admin, or a user listed in "
            "LAYOFFBOT_MANAGERS."
        )

    def resolve(self, query: str, tenant: str = "") -> Resolution:
        from bot.companies import canonical, company_key, known

        query = _unquoted(clip(query, 100))
        result = self.companies.current(tenant).match(query, self.matcher)
        exact, suggestions = result.exact, list(result.suggestions)
        named = known(query)
        if exact is not None and named is not None and company_key(named) != company_key(exact):
            # 'hp' names HP Inc, a listed company of its own, only spelled like 'HPE':
            # answering (or following) HPE for it would be wrong, so HPE is offered.
            suggestions, exact = [exact, *suggestions], None
        if named is not None and exact is None:
            # A listed company with no story yet is what the user meant: offer only names
            # spelled much like it ('HPE' for 'hp'), not any name a few letters share
            # ('Porn' for 'Amazon').
            from rapidfuzz import fuzz

            mine = company_key(named)
            suggestions = [s for s in suggestions if fuzz.WRatio(mine, company_key(s)) >= 80]
        if exact is None and named is None and not suggestions:
            suggestions = self._listed_spelling(query)
        display = exact or canonical(query) or query
        if exact is None and display == display.lower():  # "initech" -> "Initech"
            display = " ".join(w[:1].upper() + w[1:] for w in display.split(" "))
        return Resolution(
            query=query,
            exact=exact,
            suggestions=tuple(s for s in suggestions if s != exact)[:3],
            display=display,
            key=company_key(display),
        )

    def _listed_spelling(self, query: str) -> list[str]:
        """The listed company a name with no story is a confident misspelling of ('Amazn'
        for Amazon), offered, never taken: before any story named Amazon, `subscribe
        Amazn` followed "Amazn" without a word, and Amazon's alerts never came. Only
        offered: a confident match may still be another company ('Intuitive Surgical'
        for Intuit)."""
        from bot.companies import gazetteer, known

        if query[-1:].lower() == "s" and (single := known(query[:-1])):
            return [single]  # a listed company's plural ('Amazons': Amazon), offered (17b)
        gaz = gazetteer()  # and its units ('instagam' for Instagram, filed under Meta)
        found = self.matcher.match(query, [*gaz.names, *set(gaz.unit_by_alias.values())]).exact
        return [found] if found else []


_QUOTES = "\"“”„'‘’«»"


def _unquoted(name: str) -> str:
    """A name typed in quotes ('“Salesforce”') without them: the reply echoed it back in
    its own (“for ““Salesforce”””, trial 13)."""
    stripped = name.strip()
    if len(stripped) > 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        return stripped[1:-1].strip() or name
    return name
