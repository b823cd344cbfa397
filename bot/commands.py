"""The `/layoffs` command: parsing and handlers, platform-neutral.

Every handler returns a `Message`; user mistakes are answered (usage help, a refusal,
"did you mean"), never raised, so adapters only translate. Handlers are synchronous and
run in a worker thread (the store is synchronous); only `feeds add`, which needs the
network through FeedService, is async. Anything echoed back from the user is clipped;
adapters escape all text, so markup and mentions in input are harmless.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.charts import Bucket, trends_chart
from bot.config import Settings
from bot.digests import is_due, local_date, plan_digest
from bot.errors import CommandError, FeedError, PermissionDenied
from bot.models import Command, Feed, Field, Image, Kind, Message, Section
from bot.render import KIND_LABELS, function_label, size_text, story_section
from bot.tenancy import tenant_of
from bot.timeutil import parse_hhmm

if TYPE_CHECKING:
    from bot.companies import CompanyMatcher, MatchResult
    from bot.ports import FeedService
    from bot.store import Store
    from bot.store.news import StoriesMark, TrendDay
    from bot.store.social import DigestSettings, Subscription

log = logging.getLogger(__name__)

MAX_COMMAND_CHARS = 1000
MAX_ECHO = 80
LATEST_DEFAULT = 5
LATEST_MAX = 25
COMPANY_STORIES = 5
# `digest now` at most once a minute per channel: a replayed request or a double click
# must not queue several digests.
MANUAL_DIGEST_INTERVAL = timedelta(minutes=1)
SUBSCRIPTIONS_PAGE = 50  # subscriptions a `/layoffs subscriptions` page lists
_SUBSCRIPTION_LINES = 10  # lines a section holds: within Slack's 3,000 characters
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")

USAGE: dict[str, tuple[str, str]] = {
    "company": ("/layoffs <company>", "/layoffs Amazon"),
    "latest": ("/layoffs latest [N]", "/layoffs latest 10"),
    "search": ("/layoffs search <words>", "/layoffs search customer service"),
    "trends": ("/layoffs trends [7d|30d|90d|1y]", "/layoffs trends 90d"),
    "subscribe": ("/layoffs subscribe <company> [here]", "/layoffs subscribe Amazon here"),
    "unsubscribe": ("/layoffs unsubscribe <company> [here]", "/layoffs unsubscribe Amazon here"),
    "subscriptions": ("/layoffs subscriptions [page]", "/layoffs subscriptions"),
    "digest": (
        "/layoffs digest on [HH:MM] [timezone] | off | now | settings | quiet on|off",
        "/layoffs digest on 08:30 Europe/Berlin",
    ),
    "feeds": (
        "/layoffs feeds list | add <url> | remove <url> | enable <url>",
        "/layoffs feeds add https://news.google.com/rss/search?q=AI+layoffs+customer+service",
    ),
    "why": ("/layoffs why <link>", "/layoffs why <a story's link, pasted from /layoffs latest>"),
    "help": ("/layoffs help", "/layoffs help"),
}

HELP_LINES: tuple[tuple[str, str], ...] = (
    ("company", "A company's recent AI-related job actions, totals and most-hit functions"),
    ("latest", f"The newest stories (default {LATEST_DEFAULT}, at most {LATEST_MAX})"),
    ("search", "Full-text search over headlines and summaries, newest first"),
    ("trends", "AI-attributed job cuts over time, with a chart (default 30d)"),
    (
        "subscribe",
        "Alerts for a company's new stories: by direct message, or `here` in this channel",
    ),
    ("unsubscribe", "Stop those alerts"),
    ("subscriptions", "What you and this channel follow"),
    ("digest", "This channel's daily digest (managers change it)"),
    ("feeds", "The news feeds this workspace reads (managers add, remove and enable)"),
    ("why", "Why a link was or was not in the digest or an alert"),
)

PERIODS: dict[str, tuple[int, str]] = {
    "7d": (7, "day"),
    "30d": (30, "week"),
    "90d": (90, "week"),
    "1y": (365, "month"),
}
PERIOD_ALIASES = {
    "week": "7d",
    "month": "30d",
    "quarter": "90d",
    "year": "1y",
    "365d": "1y",
    "12m": "1y",
}

_COMMAND_NAME = re.compile(r"(?:/lay[ -]?of+s?|layoffs)(?:\s+|$)", re.IGNORECASE)

# Slack/Discord mention and channel markup: never a company name.
_PLATFORM_MARKUP = re.compile(r"<[!@#][^>]*>?|@(?:everyone|here|channel)\b")


def clip(text: str, limit: int = MAX_ECHO) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def usage(name: str, problem: str | None = None) -> CommandError:
    syntax, example = USAGE[name]
    text = f"Usage: {syntax}\nExample: {example}"
    return CommandError(f"{problem}\n{text}" if problem else text)


def error_message(text: str, title: str = "Sorry") -> Message:
    return Message(title=title, sections=(Section(text=text),), is_error=True)


def clean_input(text: str) -> str:
    """Control and invisible characters out, whitespace collapsed, leading /layoffs off."""
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    typed = _COMMAND_NAME.match(text)  # '/layoffs', and its typos '/layoff', 'layofs'
    return text[typed.end() :].strip() if typed else text


def _unwrap_link(text: str) -> str:
    """Slack sends links as <url|label> or <url>; Discord users may paste <url>."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    return text.strip()


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 120:
        return "just now"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    if seconds < 172800:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


@dataclass(frozen=True)
class Resolution:
    """How a user's company text resolved: a known company, suggestions, or neither."""

    query: str
    exact: str | None
    suggestions: tuple[str, ...]
    display: str
    key: str


@dataclass(frozen=True)
class KnownCompanies:
    """The companies the store knows (sorted) with the folded forms `CompanyMatcher`
    compares, computed once per name instead of once per name and lookup."""

    names: tuple[str, ...]
    by_fold: dict[str, str]
    folded: dict[str, str]

    @classmethod
    def build(cls, names: Iterable[str], forms: dict[str, tuple[str, str]]) -> KnownCompanies:
        """`forms` caches (fold(name), fold(canonical(name))) across builds."""
        from bot.companies import _fold, canonical

        ordered = tuple(dict.fromkeys(n for n in sorted(names) if n and n.strip()))
        by_fold: dict[str, str] = {}
        folded: dict[str, str] = {}
        for name in ordered:
            form = forms.get(name)
            if form is None:
                form = forms[name] = (_fold(name), _fold(canonical(name)))
            by_fold.setdefault(form[0], name)
            by_fold.setdefault(form[1], name)
            folded[name] = form[1]
        return cls(ordered, by_fold, folded)

    def match(self, query: str, matcher: CompanyMatcher) -> MatchResult:
        """`matcher.match(query, self.names)`, the same answer without refolding names."""
        return matcher.match_folded(query, self.by_fold, self.folded)


class CompanyIndex:
    """`KnownCompanies`, kept between commands and in step with the store.

    Listing the store's companies scans every story, and folding each name for the
    matcher costs as much again, so this keeps both. Each use asks the store only for
    the companies of stories stored or updated since its last look (index ranges over
    the newest ids and `updated` times): a company is found as soon as its first story
    is committed, by this process's pipeline or any other. Known companies only grow
    (stories are never deleted and keep their lead company), so that is all the list
    can miss; looking back `MARGIN` before the latest update covers transactions that
    commit out of order, and a rolling rescan covers clocks that step back: every story
    id is read again within `rescan_every` seconds, one slice of `SLICE_IDS` ids at a
    time, so no command pays for a full scan (seconds at 1M stories).
    """

    MARGIN = timedelta(minutes=10)
    SLICE_IDS = 20_000

    def __init__(
        self,
        store: Store,
        *,
        rescan_every: float = 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.rescan_every = rescan_every
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._forms: dict[str, tuple[str, str]] = {}
        self._names: frozenset[str] = frozenset()
        self._known = KnownCompanies.build((), self._forms)
        self._mark: StoriesMark | None = None
        self._scanned_at = 0.0  # when the last slice of the rolling rescan was read
        self._sweep_from = 0  # the next slice starts after this story id
        self._tenants: dict[str, tuple[KnownCompanies, frozenset[str], KnownCompanies]] = {}

    def current(self, tenant: str = "") -> KnownCompanies:
        """The companies `tenant` may see: the operator's stories', and its own stories'
        (read each time: a workspace's own stories are few)."""
        known = self._global()
        if not tenant:
            return known
        own = frozenset(self.store.known_companies(tenant=tenant)) - self._names
        if not own:
            return known
        with self._lock:
            cached = self._tenants.get(tenant)
            if cached is None or cached[0] is not known or cached[1] != own:
                union = KnownCompanies.build(known.names + tuple(own), self._forms)
                cached = self._tenants[tenant] = (known, own, union)
                while len(self._tenants) > 256:
                    self._tenants.pop(next(iter(self._tenants)))
            return cached[2]

    def _global(self) -> KnownCompanies:
        with self._lock:
            now = self._monotonic()
            if self._mark is None:
                # The mark first: whatever is committed during the scan is asked for again.
                mark = self.store.stories_mark()
                names = frozenset(self.store.known_companies())
                self._scanned_at = now
            else:
                new, mark = self.store.companies_since(self._mark, self.MARGIN)
                names = self._names | new
                slices = max(1, -(-mark.max_id // self.SLICE_IDS))
                if now - self._scanned_at >= self.rescan_every / slices:
                    end = min(self._sweep_from + self.SLICE_IDS, mark.max_id)
                    names |= self.store.companies_in_id_range(self._sweep_from, end)
                    self._sweep_from = 0 if end >= mark.max_id else end
                    self._scanned_at = now
            self._mark = mark
            if names != self._names:
                self._names = names
                self._known = KnownCompanies.build(names, self._forms)
            return self._known


class Commands:
    """The command table. `kick_outbox` is called after something was enqueued
    (`digest now`) so it goes out without waiting for the next sweep."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        feed_service: FeedService | None,
        clock: Callable[[], datetime],
        *,
        kick_outbox: Callable[[], None] | None = None,
    ) -> None:
        from bot.companies import CompanyMatcher

        self.store = store
        self.settings = settings
        self.feed_service = feed_service
        self.clock = clock
        self.kick_outbox = kick_outbox
        self.matcher = CompanyMatcher()
        self.companies = CompanyIndex(store)
        self.sync_handlers: dict[str, Callable[[Command, list[str], str], Message]] = {
            "help": self.help,
            "latest": self.latest,
            "search": self.search,
            "trends": self.trends,
            "subscribe": self.subscribe,
            "unsubscribe": self.unsubscribe,
            "subscriptions": self.subscriptions,
            "digest": self.digest,
            "why": self.why,
            "company": self.company_command,
        }

    # ------------------------------------------------------------- parsing
    def parse(self, raw: str) -> tuple[str, list[str], str]:
        """(subcommand, args, rest-of-text). Raises CommandError for refusals."""
        if len(raw) > MAX_COMMAND_CHARS:
            raise CommandError(
                f"That command is {len(raw):,} characters long; commands are at most "
                f"{MAX_COMMAND_CHARS:,}. Try `/layoffs help`."
            )
        text = clean_input(raw)
        if not text:
            return "help", [], ""
        words = text.split(" ")
        name = words[0].lower()
        rest = text[len(words[0]) :].strip()
        if name in ("?", "-h", "--help", "commands"):
            name = "help"
        if name == "feeds" or name in self.sync_handlers:
            return name, words[1:], rest
        return "company", words, text

    # ------------------------------------------------------------ helpers
    def workspace(self, command: Command) -> str:
        return command.workspace_id or ""

    def feed_workspace(self, command: Command) -> str:
        """The tenant a command acts for (its workspace's feeds, stories and companies)."""
        return tenant_of(command)

    def require_manager(self, command: Command, what: str) -> None:
        if not (command.is_manager or command.user_id in self.settings.manager_ids):
            raise PermissionDenied(
                f"Only channel managers can {what}. Ask a workspace admin, or a user listed in "
                "LAYOFFBOT_MANAGERS."
            )

    def resolve(self, query: str, tenant: str = "") -> Resolution:
        from bot.companies import canonical, company_key

        query = clip(query, 100)
        result = self.companies.current(tenant).match(query, self.matcher)
        exact = result.exact
        display = exact or canonical(query) or query
        if exact is None and display == display.lower():  # "initech" -> "Initech"
            display = " ".join(w[:1].upper() + w[1:] for w in display.split(" "))
        return Resolution(
            query=query,
            exact=exact,
            suggestions=tuple(s for s in result.suggestions if s != exact)[:3],
            display=display,
            key=company_key(display),
        )

    # ------------------------------------------------------------- handlers
    def help(self, command: Command, args: list[str], rest: str) -> Message:
        sections = []
        for name, what in HELP_LINES:
            syntax, example = USAGE[name]
            sections.append(Section(heading=syntax, text=f"{what}\ne.g. {example}"))
        return Message(
            title="/layoffs: AI-driven layoffs, as reported",
            sections=tuple(sections),
            footer="Stories are grouped from many outlets; 'AI cited' means a source ties the "
            "cuts to AI, quoted so you can check.",
        )

    def company_command(self, command: Command, args: list[str], rest: str) -> Message:
        if not rest.strip():
            raise usage("company")
        return self.company(rest, tenant_of(command))

    def company(self, query: str, tenant: str = "") -> Message:
        res = self.resolve(query, tenant)
        if res.exact is None:
            hint = f" Did you mean {' or '.join(res.suggestions)}?" if res.suggestions else ""
            command_typo = _near_subcommand(res.query)
            if command_typo:
                return Message(
                    title=f"No stories yet about {res.display}",
                    sections=(
                        Section(
                            text=f"I have no stories about {res.display}.{hint} "
                            f"Did you mean the command {command_typo}?"
                        ),
                    ),
                )
            return Message(
                title=f"No stories yet about {res.display}",
                sections=(
                    Section(
                        text=f"I have no stories about {res.display} so far.{hint} "
                        f"To be told when there is one: /layoffs subscribe {res.display}"
                    ),
                ),
            )
        counted = self.store.company_totals(res.key, newest=COMPANY_STORIES, tenant=tenant)
        if not counted.stories:
            return Message(
                title=f"No stories yet about {res.exact}",
                sections=(
                    Section(text=f"To be told when there is one: /layoffs subscribe {res.exact}"),
                ),
            )
        share = f"{counted.ai_actions} of {counted.actions}" + (
            f" ({100 * counted.ai_actions / counted.actions:.0f}%)" if counted.actions else ""
        )
        totals = Section(
            heading="Totals",
            fields=(
                Field("Stories", str(counted.stories)),
                Field("Jobs cut (where stated)", f"{counted.jobs:,}"),
                Field("AI-attributed job actions", share),
                Field(
                    "Most affected",
                    ", ".join(
                        f"{function_label(f)} ({n})" for f, n in counted.functions.most_common(3)
                    )
                    or "not stated",
                ),
            ),
        )
        shown = counted.newest
        footer = (
            f"Showing {len(shown)} of {counted.stories}. " if counted.stories > len(shown) else ""
        )
        footer += f"/layoffs subscribe {res.exact} for alerts."
        title = (
            res.exact
            if res.query.lower() == res.exact.lower()
            else f"{res.exact} (for “{res.query}”)"
        )
        return Message(
            title=f"{title}: recent job actions",
            sections=(totals, *(story_section(s, with_company=False) for s in shown)),
            footer=footer,
            shareable=True,
        )

    def latest(self, command: Command, args: list[str], rest: str) -> Message:
        n = LATEST_DEFAULT
        note = None
        if args:
            if len(args) > 1 or not args[0].isdigit() or int(args[0]) < 1:
                raise usage("latest", f"“{clip(rest, 30)}” is not a number of stories.")
            n = int(args[0][:6])
            if n > LATEST_MAX:
                note, n = f"Showing the maximum, {LATEST_MAX}.", LATEST_MAX
        # Employers' job actions first; commentary only fills up; off-topic items never.
        tenant = tenant_of(command)
        stories = self.store.latest_stories(
            n, kinds=(Kind.LAYOFF, Kind.HIRING_FREEZE), tenant=tenant
        )
        if len(stories) < n:
            stories += self.store.latest_stories(
                n - len(stories), kinds=(Kind.ANALYSIS,), tenant=tenant
            )
        if not stories:
            return Message(
                title="No stories yet",
                sections=(
                    Section(text="Nothing stored yet: the first poll may still be running."),
                ),
            )
        return Message(
            title=f"Latest {len(stories)} stor{'ies' if len(stories) != 1 else 'y'}",
            sections=tuple(story_section(s) for s in stories),
            footer=note,
            shareable=True,
        )

    def search(self, command: Command, args: list[str], rest: str) -> Message:
        query = clip(rest, 200)
        if not query:
            raise usage("search", "What should I search for?")
        found = self.store.search_stories(query, limit=10, tenant=tenant_of(command))
        stories = sorted(found, key=lambda s: not s.tags.kind.is_action)  # stable: newest first
        if not stories:
            return Message(
                title=f"Nothing found for “{clip(query)}”",
                sections=(
                    Section(
                        text="Try fewer or different words, or a company name: /layoffs <company>"
                    ),
                ),
            )
        return Message(
            title=f"{len(stories)} stor{'ies' if len(stories) != 1 else 'y'} matching “{clip(query)}”",
            sections=tuple(story_section(s) for s in stories),
            shareable=True,
        )

    def trends(self, command: Command, args: list[str], rest: str) -> Message:
        period = args[0].lower() if args else "30d"
        period = PERIOD_ALIASES.get(period, period)
        if len(args) > 1 or period not in PERIODS:
            raise usage("trends", f"“{clip(rest, 30)}” is not a period.")
        days, unit = PERIODS[period]
        now = self.clock()
        start = now - timedelta(days=days)
        counted = self.store.trend_totals(start, now, tenant=tenant_of(command))
        actions = sum(d.actions for d in counted.days)
        ai = sum(d.ai_actions for d in counted.days)
        jobs = sum(d.ai_jobs for d in counted.days)
        buckets = make_buckets(counted.days, start, now, unit)
        companies: Counter[str] = Counter()
        company_jobs: Counter[str] = Counter()
        for company, n, company_cut in counted.companies:
            name = company or "Unnamed employer"
            companies[name] += n
            company_jobs[name] += company_cut
        top = sorted(companies, key=lambda c: (-company_jobs[c], -companies[c], c.lower()))[:5]
        functions = counted.functions
        share = f"{ai} of {actions}" + (f" ({100 * ai / actions:.0f}%)" if actions else "")
        label = {"7d": "7 days", "30d": "30 days", "90d": "90 days", "1y": "year"}[period]
        title = f"AI-attributed job cuts, last {label}"
        sub = f"{start:%d %b %Y} – {now:%d %b %Y}: {ai} stor{'y' if ai == 1 else 'ies'}, {jobs:,} jobs cut where stated"
        png = trends_chart(
            buckets,
            title=title,
            subtitle=sub,
            xlabel={"day": "Day", "week": "Week starting", "month": "Month"}[unit],
        )
        sections = [
            Section(
                heading="Summary",
                fields=(
                    Field("AI-attributed stories", str(ai)),
                    Field("Jobs cut (where stated)", f"{jobs:,}"),
                    Field("Share of all layoffs and freezes", share),
                ),
            ),
            Section(
                heading="Top companies",
                text="\n".join(
                    f"• {c}: {companies[c]} stor{'ies' if companies[c] != 1 else 'y'}"
                    + (f", {company_jobs[c]:,} jobs" if company_jobs[c] else "")
                    for c in top
                )
                or "None in this period.",
            ),
            Section(
                heading="Most-hit functions",
                text=", ".join(f"{function_label(f)} ({n})" for f, n in functions.most_common(5))
                or "Not stated.",
            ),
            Section(
                heading=f"Per {unit}",
                text="\n".join(
                    f"{b.label.replace(chr(10), ' ')}: {b.count} stor{'y' if b.count == 1 else 'ies'}, {b.jobs:,} jobs"
                    for b in buckets
                    if b.count
                )
                or "No AI-attributed job actions in this period.",
            ),
        ]
        return Message(
            title=title,
            sections=tuple(sections),
            image=Image(
                data=png,
                filename=f"layoffs-trends-{period}-{now:%Y%m%d}.png",
                alt_text=f"{title}: {ai} stories, {jobs:,} jobs cut",
            ),
            shareable=True,
        )

    def subscribe(self, command: Command, args: list[str], rest: str) -> Message:
        from bot.companies import company_key
        from bot.store.social import SubscriptionLimitReached

        here, name = _split_here(args)
        if not name:
            raise usage("subscribe", "Which company?")
        if here and not command.channel_id:
            raise usage("subscribe", "`here` only works in a channel.")
        if _PLATFORM_MARKUP.search(name):
            raise usage("subscribe", "That looks like a mention or a channel, not a company name.")
        res = self.resolve(name, tenant_of(command))
        # A known company (typos and aliases resolved as `/layoffs <company>` does), or the
        # name as typed: a guess at a company nobody has reported on would never match.
        company = res.exact or res.display
        channel = command.channel_id or "" if here else ""
        try:
            sub, created = self.store.subscribe(
                platform=command.platform,
                workspace_id=self.workspace(command),
                user_id=command.user_id,
                channel_id=channel or "",
                company=company,
                company_key=company_key(company),
                now=self.clock(),
                limit=self.settings.max_subscriptions,
            )
        except SubscriptionLimitReached as full:
            who = "This channel follows" if here else "You follow"
            where = " here" if here else ""
            return error_message(
                f"{who} {full.count} companies{' in direct messages' if not here else ''}, "
                f"the most allowed ({full.limit}). To follow {clip(company, 60)}, "
                f"unsubscribe from one first: /layoffs subscriptions lists them, "
                f"/layoffs unsubscribe <company>{where} removes one.",
                title="Subscription limit reached",
            )
        where = "in this channel" if here else "by direct message"
        head = (
            f"Subscribed: new stories about {company} will be posted {where}."
            if created
            else f"Already subscribed to {company} {where}."
        )
        if res.exact and res.exact.lower() != res.query.lower():
            head += f" (the company that matches “{clip(res.query)}”)"
        notes = [head]
        key = company_key(company)
        stories = (
            self.store.stories_for_company(key, limit=3, tenant=tenant_of(command))
            if res.exact
            else []
        )
        if not stories:
            notes.append(f"No stories match {company} yet; you will hear when there is one.")
            for suggestion in res.suggestions[:2]:
                notes.append(
                    f"Did you mean {suggestion}? To follow it instead: "
                    f"/layoffs unsubscribe {company}{' here' if here else ''}, then "
                    f"/layoffs subscribe {suggestion}{' here' if here else ''}"
                )
        else:
            notes.append("Its latest stories:")
        return Message(
            title=f"Following {company}",
            sections=(
                Section(text="\n".join(notes)),
                *(story_section(s, with_company=False) for s in stories),
            ),
            footer=f"/layoffs unsubscribe {company}{' here' if here else ''} to stop.",
            ephemeral=True,
        )

    def unsubscribe(self, command: Command, args: list[str], rest: str) -> Message:
        from bot.companies import company_key

        here, name = _split_here(args)
        if not name:
            raise usage("unsubscribe", "Which company?")
        channel = (command.channel_id or "") if here else ""
        mine = [
            s
            for s in self.store.subscriptions_of(
                platform=command.platform,
                workspace_id=self.workspace(command),
                user_id=command.user_id,
                channel_id=command.channel_id,
            )
            if s.channel_id == channel
        ]
        key = company_key(name)
        match = next((s for s in mine if s.company_key == key), None)
        if match is None and mine:  # 'amazn' for Amazon, as subscribe resolved it
            exact = self.resolve(name, tenant_of(command)).exact
            if exact is not None:
                match = next((s for s in mine if s.company_key == company_key(exact)), None)
        if match is None and mine:
            result = self.matcher.match(clip(name, 100), [s.company for s in mine])
            if result.exact:
                match = next(s for s in mine if s.company == result.exact)
        if match is None:
            where = "in this channel" if here else "by direct message"
            listing = ", ".join(s.company for s in mine) or "nothing"
            return error_message(
                f"Not subscribed to {clip(name)} {where}. Subscribed {where}: {listing}.",
                title="Not subscribed",
            )
        self.store.unsubscribe(
            platform=command.platform,
            workspace_id=self.workspace(command),
            user_id=command.user_id,
            channel_id=channel,
            company_key=match.company_key,
        )
        return Message(
            title=f"Unsubscribed from {match.company}",
            sections=(Section(text="No more alerts about it here."),),
        )

    def subscriptions(self, command: Command, args: list[str], rest: str) -> Message:
        """One page (SUBSCRIPTIONS_PAGE) of the user's and the channel's subscriptions, as
        compact lists: a page is one Slack reply and one Discord follow-up, however many
        subscriptions there are (10,000 once meant 301 Discord follow-ups, and a Slack
        reply silently cut)."""
        if len(args) > 1 or (args and not (args[0].isascii() and args[0].isdigit())):
            raise usage("subscriptions", f"“{clip(rest, 30)}” is not a page number.")
        page = max(1, int(args[0][:9])) if args else 1
        subs = self.store.subscriptions_of(
            platform=command.platform,
            workspace_id=self.workspace(command),
            user_id=command.user_id,
            channel_id=command.channel_id,
        )
        if not subs:
            return Message(
                title="No subscriptions",
                sections=(
                    Section(text="Follow a company with /layoffs subscribe <company> [here]."),
                ),
            )
        pages = -(-len(subs) // SUBSCRIPTIONS_PAGE)
        if page > pages:
            raise usage(
                "subscriptions",
                f"There {'is' if pages == 1 else 'are'} only {pages} page{'s' if pages != 1 else ''} "
                f"of subscriptions ({len(subs)}).",
            )
        first = (page - 1) * SUBSCRIPTIONS_PAGE
        shown = subs[first : first + SUBSCRIPTIONS_PAGE]
        footer = None
        if pages > 1:
            footer = f"Showing {first + 1}-{first + len(shown)} of {len(subs)}"
            footer += (
                f"; next: /layoffs subscriptions {page + 1}" if page < pages else "; last page"
            )
        return Message(
            title="Subscriptions", sections=subscription_list_sections(shown), footer=footer
        )

    def digest(self, command: Command, args: list[str], rest: str) -> Message:
        if not args:
            raise usage("digest")
        action = args[0].lower()
        if not command.channel_id:
            raise usage("digest", "Digests belong to a channel: run this in one.")
        now = self.clock()
        current = self.store.get_digest(command.platform, command.channel_id)
        if action == "settings":
            if len(args) > 1:
                raise usage("digest")
            return self._digest_settings(current, now)
        if action not in ("on", "off", "now", "quiet"):
            raise usage("digest", f"Unknown digest option “{clip(args[0], 30)}”.")
        self.require_manager(command, "change this channel's digest")
        common = dict(
            platform=command.platform,
            workspace_id=self.workspace(command),
            channel_id=command.channel_id,
            now=now,
            updated_by=command.user_id,
            default_time=self.settings.digest_time,
            default_timezone=self.settings.digest_timezone,
        )
        if action == "on":
            time, tz = _parse_time_zone(args[1:])
            if time is None and tz is None and current is not None:
                time, tz = current.time, current.timezone
            row = self.store.set_digest(enabled=True, time=time, timezone=tz, **common)  # type: ignore[arg-type]
            return Message(
                title="Daily digest on",
                sections=(
                    Section(
                        text=f"This channel gets the digest every day at {row.time} ({row.timezone})."
                    ),
                ),
                footer=_next_digest_text(row, now),
            )
        if action == "off":
            if len(args) > 1:
                raise usage("digest")
            self.store.set_digest(enabled=False, **common)  # type: ignore[arg-type]
            return Message(
                title="Daily digest off",
                sections=(Section(text="No more daily digests in this channel."),),
            )
        if action == "quiet":
            if len(args) != 2 or args[1].lower() not in ("on", "off"):
                raise usage("digest", "Say `digest quiet on` or `digest quiet off`.")
            on = args[1].lower() == "on"
            self.store.set_digest(post_quiet_days=on, **common)  # type: ignore[arg-type]
            text = (
                "A short 'Quiet day' note on days with nothing new."
                if on
                else "Days with nothing new are skipped."
            )
            return Message(
                title=f"Quiet days {'on' if on else 'off'}", sections=(Section(text=text),)
            )
        # now
        if len(args) > 1:
            raise usage("digest")
        row = current or self.store.set_digest(**common)  # type: ignore[arg-type]
        # The operator's own terminal (console, `layoffbot ask`) cannot be replayed or
        # double-clicked by anyone else: only chat channels are limited.
        next_allowed = (
            None
            if command.platform == "console"
            else self.store.claim_manual_digest(
                command.platform, command.channel_id, now=now, interval=MANUAL_DIGEST_INTERVAL
            )
        )
        if next_allowed is not None:
            return _digest_just_posted(row, next_allowed)
        planned = plan_digest(self.store, row, now, manual=True)
        if planned and self.kick_outbox is not None:
            self.kick_outbox()
        return Message(
            title="Digest on its way" if planned else "Digest not posted",
            sections=(
                Section(
                    text="Posting this channel's digest now (each story gets its own thread)."
                    if planned
                    else "Another digest was being planned at the same moment; try again in a minute."
                ),
            ),
        )

    def _digest_settings(self, row: DigestSettings | None, now: datetime) -> Message:
        if row is None:
            return Message(
                title="Daily digest: off",
                sections=(
                    Section(
                        text=f"No digest in this channel. A manager can turn it on: /layoffs digest on "
                        f"(default {self.settings.digest_time} {self.settings.digest_timezone})."
                    ),
                ),
            )
        return Message(title="Daily digest settings", sections=(digest_section(row, now),))

    def why(self, command: Command, args: list[str], rest: str) -> Message:
        link = _unwrap_link(rest)
        if not link or " " in link or len(link) > 2000:
            raise usage("why", "Give me one link.")
        tenant = tenant_of(command)
        item = self.store.item_by_link(link, tenant=tenant)
        if item is None:
            return Message(
                title="I have not seen that link",
                sections=(
                    Section(
                        text=f"No stored item has the link {clip(link, 200)}. It may come from a feed I do not read."
                    ),
                ),
            )
        story = (
            self.store.get_story(item.story_id, tenant=tenant)
            if item.story_id is not None
            else None
        )
        tags = story.tags if story is not None else item.tags
        announced = self.store.announce_flags([story.id]).get(story.id, True) if story else True
        digest_rule = digest_reason(tags)
        max_age = timedelta(days=self.settings.announce_max_age_days)
        if story is not None and not announced:
            if story.published < story.first_seen - max_age:
                age = (story.first_seen - story.published).days
                silent = (
                    f"it was published {story.published:%Y-%m-%d}, {age} days before it was "
                    f"first seen; news older than {max_age.days} days when found is stored "
                    "and searchable but never announced as new (LAYOFFBOT_ANNOUNCE_MAX_AGE_DAYS)."
                )
            else:
                silent = "it came in a feed's first poll, which is stored without announcing."
            if tags.in_digest:
                digest_rule = f"Not in the digest: {silent}"
            alert_rule = f"Alerts: no, {silent}"
        elif tags.kind.is_action and tags.companies:
            alert_rule = (
                f"Alerts: yes, once for this story, to subscribers of {', '.join(tags.companies)}."
            )
        elif not tags.kind.is_action:
            alert_rule = f"Alerts: no, kind {tags.kind.value} is not an employer's job action."
        else:
            alert_rule = "Alerts: no, no company was identified."
        item_tags = item.tags
        fields = [
            Field("Kind", KIND_LABELS[item_tags.kind]),
            Field("AI cited", "yes" if item_tags.ai_cause else "no"),
            Field("Companies", ", ".join(item_tags.companies) or "none found"),
            Field("Jobs", size_text(item_tags)),
            Field(
                "Functions",
                ", ".join(function_label(f) for f in item_tags.functions) or "not stated",
            ),
            Field("Location", item_tags.location or "not stated"),
            Field("Language", item_tags.language or "not recorded"),
        ]
        evidence = item_tags.ai_evidence or tags.ai_evidence
        sections = [
            Section(
                heading=item.title,
                url=item.link,
                text=(f'AI evidence: "{evidence}"' if evidence else "No sentence ties this to AI."),
                fields=tuple(fields),
                context=f"{item.publisher or 'unknown publisher'}, {item.published:%Y-%m-%d}",
            ),
            Section(heading="Decision", text=f"{digest_rule}\n{alert_rule}"),
        ]
        if story is not None:
            sections.append(
                Section(
                    heading=f"Story: {story.headline}",
                    text=f"{story.item_count} item(s); the digest and alerts use the story's tags, merged from all of them.",
                    fields=(
                        Field("Kind", KIND_LABELS[story.tags.kind]),
                        Field("AI cited", "yes" if story.tags.ai_cause else "no"),
                        Field("First seen", f"{story.first_seen:%Y-%m-%d %H:%M} UTC"),
                    ),
                )
            )
        return Message(title="Why", sections=tuple(sections))

    # --------------------------------------------------------- feeds (async)
    async def feeds(self, command: Command, args: list[str], rest: str) -> Message:
        import asyncio

        action = args[0].lower() if args else "list"
        ws = self.feed_workspace(command)
        if action == "list":
            if len(args) > 1:
                raise usage("feeds")
            feeds = await asyncio.to_thread(self.store.list_feeds, ws)
            return feeds_message(feeds, ws, self.clock())
        if action not in ("add", "remove", "enable") or len(args) != 2:
            raise usage("feeds")
        self.require_manager(command, f"{action} feeds")
        url = _unwrap_link(args[1])
        if len(url) > 2000:
            raise usage("feeds", "That URL is too long.")
        if action == "remove":
            removed = await asyncio.to_thread(self.store.remove_feed, url, ws)
            if removed:
                return Message(
                    title="Feed removed", sections=(Section(text=f"No longer reading {url}."),)
                )
            global_urls = {f.url for f in await asyncio.to_thread(self.store.list_feeds, "")}
            text = (
                "That is one of the global feeds; the operator removes those (layoffbot feeds remove)."
                if url in global_urls
                else f"This workspace has no feed {clip(url, 200)}. See /layoffs feeds list."
            )
            return error_message(text, title="Feed not removed")
        if action == "enable":
            return await self.enable_feed(url, ws)
        if self.feed_service is None:
            return error_message(
                "Adding feeds is not available in this process.", title="Feed not added"
            )
        try:
            feed = await self.feed_service.add_feed(url, workspace=ws)
        except FeedError as exc:
            return error_message(str(exc), title="Feed not added")
        return Message(
            title="Feed added",
            sections=(
                Section(
                    heading=feed.name,
                    url=feed.url,
                    text="Its current items are stored without announcing them; new ones will be.",
                ),
            ),
        )

    async def enable_feed(self, url: str, ws: str) -> Message:
        """Bring back a feed the poller disabled (gone, or failing for days): a manager
        who fixed the cause, or knows the outage is over, must not have to re-add it."""
        import asyncio

        enabled = await asyncio.to_thread(self.store.enable_feed, url, ws)
        if enabled is None:
            global_urls = {f.url for f in await asyncio.to_thread(self.store.list_feeds, "")}
            text = (
                "That is one of the global feeds; the operator enables those "
                f"(layoffbot feeds enable {clip(url, 200)})."
                if url in global_urls
                else f"This workspace has no feed {clip(url, 200)}. See /layoffs feeds list."
            )
            return error_message(text, title="Feed not enabled")
        feed, was_disabled = enabled
        if not was_disabled:
            return error_message(
                f"{clip(feed.name, 60)} is not disabled; nothing to do. See /layoffs feeds list.",
                title="Feed not enabled",
            )
        return Message(
            title="Feed enabled",
            sections=(
                Section(
                    heading=feed.name,
                    url=feed.url,
                    text="Its errors are forgotten; it is polled again from the next cycle.",
                ),
            ),
        )


def _near_subcommand(query: str) -> str | None:
    """'/layoffs lates 10' is a typo of a command more likely than a company: the
    command, as it should be typed, or None."""
    from rapidfuzz.distance import OSA

    words = query.split(" ")
    first = words[0].lower()
    for name in USAGE:
        if name == "company" or len(first) < 4:
            continue
        if 0 < OSA.distance(first, name) <= (1 if len(name) <= 6 else 2):
            return " ".join(["/layoffs", name, *words[1:]])
    return None


def _split_here(args: list[str]) -> tuple[bool, str]:
    if args and args[-1].lower() == "here":
        return True, " ".join(args[:-1]).strip()
    return False, " ".join(args).strip()


def _parse_time_zone(args: list[str]) -> tuple[str | None, str | None]:
    time: str | None = None
    tz: str | None = None
    if len(args) > 2:
        raise usage("digest", "Too many words after `digest on`.")
    for arg in args:
        if ":" in arg and arg[0].isdigit():
            try:
                h, m = parse_hhmm(arg)
            except ValueError as exc:
                raise usage("digest", str(exc)) from None
            time = f"{h:02d}:{m:02d}"
            continue
        name = "UTC" if arg.upper() in ("UTC", "GMT", "Z") else arg
        try:
            if "/" not in name and name != "UTC":
                raise ZoneInfoNotFoundError(name)
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise usage(
                "digest",
                f"“{clip(arg, 40)}” is neither a time like 09:00 nor a time zone like Europe/Berlin.",
            ) from None
        tz = name
    return time, tz


def _next_digest_text(row: DigestSettings, now: datetime) -> str:
    if not row.enabled:
        return "Off."
    local = now.astimezone(ZoneInfo(row.timezone))
    h, m = parse_hhmm(row.time)
    when = local.replace(hour=h, minute=m, second=0, microsecond=0)
    if (
        not is_due(row, now)
        and (local.hour, local.minute) >= (h, m)
        or local_date(row, now).isoformat() == row.last_sent_date
    ):
        when += timedelta(days=1)
    return f"Next digest: {when:%a %d %b %H:%M} {row.timezone}."


def _digest_just_posted(row: DigestSettings, next_allowed: datetime) -> Message:
    """The answer to a second `digest now` within MANUAL_DIGEST_INTERVAL."""
    zone = ZoneInfo(row.timezone)
    posted = (next_allowed - MANUAL_DIGEST_INTERVAL).astimezone(zone)
    allowed = next_allowed.astimezone(zone)
    return error_message(
        f"A digest was just posted in this channel (at {posted:%H:%M:%S} {row.timezone}). "
        f"The next /layoffs digest now is allowed from {allowed:%H:%M:%S} {row.timezone}.",
        title="Digest already posted",
    )


def digest_section(row: DigestSettings, now: datetime) -> Section:
    status = "on" if row.enabled else "off"
    if row.disabled_reason:
        status = f"paused: {row.disabled_reason}"
    return Section(
        heading=f"Daily digest: {status}",
        fields=(
            Field("Time", f"{row.time} {row.timezone}"),
            Field("Quiet days", "posted" if row.post_quiet_days else "skipped"),
            Field("Last digest", row.last_sent_date or "none yet"),
            Field(
                "Covers stories since",
                f"{row.last_covered:%Y-%m-%d %H:%M} UTC" if row.last_covered else "—",
            ),
        ),
        context=_next_digest_text(row, now)
        if row.enabled
        else f"Changed by {row.updated_by or '?'}",
    )


def subscription_section(sub: Subscription) -> Section:
    """The App Home convention: heading = company, context starting with 'subscription'."""
    where = "direct messages" if sub.is_direct else "this channel"
    context = f"subscription: {where}"
    if sub.disabled:
        context += (
            f" (paused: {sub.disabled_reason or 'delivery failed'}; subscribe again to resume)"
        )
    return Section(heading=sub.company, context=context)


def subscription_list_sections(subs: list[Subscription]) -> tuple[Section, ...]:
    """Subscriptions as lists, "By direct message" then "In this channel", at most
    _SUBSCRIPTION_LINES a section so no platform has to cut one."""
    sections: list[Section] = []
    for heading, group in (
        ("By direct message", [s for s in subs if s.is_direct]),
        ("In this channel", [s for s in subs if not s.is_direct]),
    ):
        for start in range(0, len(group), _SUBSCRIPTION_LINES):
            lines = []
            for sub in group[start : start + _SUBSCRIPTION_LINES]:
                line = f"• {clip(sub.company, 100)}"
                if sub.disabled:
                    reason = clip(sub.disabled_reason or "delivery failed", 80)
                    line += f" (paused: {reason}; subscribe again to resume)"
                lines.append(line)
            sections.append(
                Section(
                    heading=heading if start == 0 else f"{heading} (continued)",
                    text="\n".join(lines),
                )
            )
    return tuple(sections)


def digest_reason(tags: object) -> str:
    """The spec's digest rule, said in words for `why`."""
    from bot.models import Tags

    assert isinstance(tags, Tags)
    if tags.in_digest:
        return f"In the digest: kind {tags.kind.value} and AI cited."
    if tags.kind is Kind.ANALYSIS:
        extra = " It appears under 'Analysis and commentary'." if tags.ai_cause else ""
        return f"Not in the digest: kind analysis (commentary, not an employer's action).{extra}"
    if tags.kind is Kind.OTHER and tags.language not in (None, "en"):
        return (
            f"Not in the digest: written in a language the tagger does not read "
            f"({tags.language}), so stored as kind other."
        )
    if tags.kind is Kind.OTHER:
        return "Not in the digest: kind other (not about an employer's job cuts or freeze)."
    return f"Not in the digest: kind {tags.kind.value} but not AI-attributed (no source sentence ties it to AI)."


def feeds_message(feeds: list[Feed], workspace: str, now: datetime) -> Message:
    def line(feed: Feed) -> str:
        if feed.disabled:
            again = (
                f"the operator can enable it: layoffbot feeds enable {feed.url}"
                if not feed.workspace
                else f"a manager can enable it: /layoffs feeds enable {feed.url}"
            )
            health = f"disabled: {feed.disabled_reason or 'too many errors'} ({again})"
        elif feed.last_error:
            health = f"failing ({feed.error_count}x): {clip(feed.last_error, 120)}; last success {_ago(feed.last_success, now)}"
        elif feed.last_success is None:
            health = "not polled yet"
        else:
            health = f"ok, last success {_ago(feed.last_success, now)}"
        return f"• {clip(feed.name, 60)} <{feed.url}>: {health}"

    own = [f for f in feeds if f.workspace == workspace]
    # The operator's feed URLs may carry secrets in their query strings (?token=...):
    # workspaces see them without, and without the errors that would quote them.
    glob = [
        replace(f, url=_without_query(f.url), last_error=_without_query(f.last_error or "") or None)
        for f in feeds
        if not f.workspace
    ]
    return Message(
        title="Feeds",
        sections=(
            Section(
                heading=f"Global feeds ({len(glob)})",
                text="\n".join(line(f) for f in glob) or "None.",
            ),
            Section(
                heading=f"This workspace's feeds ({len(own)})",
                text="\n".join(line(f) for f in own)
                or "None. A manager can add one: /layoffs feeds add <url>",
            ),
        ),
    )


_QUERY = re.compile(r"(https?://[^\s?#>]+)\?[^\s#>]*")


def _without_query(text: str) -> str:
    """URLs in the text with their query strings cut ('...?…')."""
    return _QUERY.sub(lambda m: m.group(1) + "?…", text)


def make_buckets(days: list[TrendDay], start: datetime, end: datetime, unit: str) -> list[Bucket]:
    """AI-attributed job actions and their jobs per day, week (Monday) or month from
    start to end, empty ones too, from the per-day totals of `Store.trend_totals`."""

    def floor(d: date) -> date:
        if unit == "week":
            return d - timedelta(days=d.weekday())
        if unit == "month":
            return d.replace(day=1)
        return d

    def step(d: date) -> date:
        if unit == "day":
            return d + timedelta(days=1)
        if unit == "week":
            return d + timedelta(days=7)
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1)

    starts: list[date] = []
    cur = floor(start.astimezone(UTC).date())
    last = end.astimezone(UTC).date()
    while cur <= last:
        starts.append(cur)
        cur = step(cur)
    counts: Counter[date] = Counter()
    jobs: Counter[date] = Counter()
    for day in days:
        d = floor(day.day)
        counts[d] += day.ai_actions
        jobs[d] += day.ai_jobs

    def label(i: int, d: date) -> str:
        if unit == "month":  # the year only where it starts or changes: labels stay short
            return d.strftime("%b\n%Y") if i == 0 or d.month == 1 else d.strftime("%b")
        return d.strftime("%d %b")

    return [
        Bucket(start=d, label=label(i, d), count=counts[d], jobs=jobs[d])
        for i, d in enumerate(starts)
    ]
