"""`/layoffs <company>`, `latest` and `search`: reading stories back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.commands.context import error_message
from bot.commands.permits import may_run, may_run_typed, offer
from bot.commands.spec import SYNONYMS, Args, Usage, clip, folded_width
from bot.commands.surface import at_console, follower, how_to
from bot.hints import follows_line
from bot.models import Command, Field, Kind, Message, Section, Story
from bot.render import function_label, story_section

if TYPE_CHECKING:
    from bot.commands.context import Context, Resolution
    from bot.store.rows import CompanyTotals

LATEST_DEFAULT = 5
LATEST_MAX = 25
COMPANY_STORIES = 5
_GLUED_NUMBER = re.compile(r"([a-z]+)(\d\w*)")
# What every story here is about, typed as if a company ('/layoffs ai'): folded forms.
_TOPICS = frozenset(
    {"ai", "ais", "artificialintelligence", "genai", "generativeai", "agi", "llm", "llms"}
    | {"automation", "robots", "robot", "chatbots", "chatbot", "aiagents", "agents"}
)


def company_command(ctx: Context, command: Command, args: Args) -> Message:
    """`/layoffs company <name>`, and `/layoffs <name>` (bot.commands.parse)."""
    return company(ctx, str(args["company"]), ctx.tenant(command), command)


def _follow_hint(ctx: Context, command: Command | None, name: str) -> str | None:
    """Who already follows `name`, for a reply that would otherwise offer
    `/layoffs subscribe` to someone subscribed (a trial user took it for a lost
    subscription); None when neither the user nor the channel follows it."""
    if command is None:
        return None
    from bot.companies import company_key

    key = company_key(name)
    subs = ctx.store.subscriptions_of(
        platform=command.platform,
        workspace_id=ctx.workspace(command),
        user_id=command.user_id,
        channel_id=command.channel_id,
    )
    where = [s for s in subs if s.company_key == key]
    if any(s.is_direct for s in where):
        how = "" if at_console(command) else " by direct message"
        return follows_line(command.platform, name, channel=False, how=how)
    if where and not may_run(ctx, command, "unsubscribe", company=name, where="here"):
        return f"{follower(command)} follows {name}."  # a channel manager's to stop
    if where:  # as an alert's footer says it
        return follows_line(command.platform, name, channel=True)
    return None


def _no_stories(ctx: Context, query: str, res: Resolution, command: Command | None) -> Message:
    """A name no story matches: close names, a command it may be a typo of, and a
    subscribe hint only when subscribe takes the name."""
    from bot.commands.subscriptions import followable, is_link

    if is_link(query):
        return _link_reply(ctx, query, command)
    hint = f" Did you mean {' or '.join(res.suggestions)}?" if res.suggestions else ""
    near = near_subcommand(res.query, ctx.command_names)
    command_typo = _may_run(ctx, command, near)
    if command_typo:
        # Titled with the command: "No stories yet about Feed Add Http://…" read as if the
        # bot had looked a feed's address up as a company; but a name typed as one ('Trend
        # Micro') keeps its own title ("Did you mean /layoffs trends Micro?" read oddly).
        as_name = res.query[:1].isupper()
        return Message(
            title=f"No stories yet about {res.display}"
            if as_name
            else f"Did you mean {clip(command_typo, 120)}?",
            sections=(
                Section(
                    text=f"I have no stories about {res.display}.{hint} "
                    f"Did you mean the command {command_typo}?"
                ),
            ),
        )
    if not res.suggestions and is_topic(res.query):
        return _topic_reply(res.query, command)
    if _GREETING.fullmatch(res.query.strip()):
        return _greeting_reply(ctx, command)
    # A misspelt name ('Amazn') is offered as the company it is close to: the hint said
    # "/layoffs subscribe Amazn", which follows the typo, never alerted (new user, s12).
    target = res.suggestions[0] if len(res.suggestions) == 1 else res.display
    following = _follow_hint(ctx, command, target)
    follow = (
        f" {following}"
        if following
        else ""
        # 'digets on' from a member: not `digest on` (refused them), nor "Digets On" to follow
        if not may_run(ctx, command, "subscribe") or near
        else f" To be told when there is one: {how_to(command, 'subscribe', company='<the name you mean>')}"
        if len(res.suggestions) > 1
        else f" To be told when there is one: {how_to(command, 'subscribe', company=target)}"
        if followable(query)
        else ""
    )
    return Message(
        title=f"No stories yet about {res.display}",
        sections=(Section(text=f"I have no stories about {res.display} so far.{hint}{follow}"),),
    )


def _may_run(ctx: Context, command: Command | None, suggested: str | None) -> str | None:
    """A suggested command ('/layoffs subscribe tiktok' for 'folow tiktok'; several
    joined by " or "), only those its asker may run (bot.commands.permits): a member was
    offered `/layoffs digest on` for 'digets on', a command refused them (trial 17)."""
    if suggested is None:
        return None
    kept = [one for one in suggested.split(" or ") if may_run_typed(ctx, command, one)]
    return " or ".join(kept) or None


def _link_reply(ctx: Context, query: str, command: Command | None) -> Message:
    """A link after /layoffs (a story's or a feed's, pasted) was looked up as a company:
    "No stories yet about Https://techcrunch.com/…" (trial 15). Say what takes a link."""
    link = clip(query.strip().strip("<>").split("|", 1)[0], 200)
    add = offer(ctx, command, "feeds", action="add", url=link)
    feed = f"{add} reads it" if add else "a manager can add it to the feeds read here"
    return Message(
        title="That is a link, not a company",
        sections=(
            Section(
                text="I look companies up by name, like Amazon. For a story's link, "
                f"{how_to(command, 'why', link=link)} says why it was or was not in the "
                f"digest; for a feed, {feed}."
            ),
        ),
    )


# "hi" in a direct message to the bot was looked up as a company: "No stories yet about Hi.
# To be told when there is one: /layoffs subscribe Hi" (trial 12). Only when no story
# names it, so a company called Hey is still looked up.
_GREETING = re.compile(
    r"(?i)(?:hi|hello|hey|hiya|howdy|yo|thanks|thank you|thx|good (?:morning|afternoon|"
    r"evening)|morning)(?: there| bot| layoffbot)?[!.,?\s]*"
)


def _filed_with(name: str) -> str | None:
    """The company `name`'s stories are filed together with ('Microsoft' for LinkedIn),
    or None when they are filed under `name` itself."""
    from bot.companies import canonical, company_key

    other = canonical(name)
    same = company_key(other) == company_key(name)
    return other if same and other.casefold() != name.casefold() else None


def _greeting_reply(ctx: Context, command: Command | None) -> Message:
    return Message(
        title="Hi!",
        sections=(
            Section(
                text="I follow news of AI-driven layoffs. Try /layoffs latest, a company "
                f"({how_to(command, 'company', company='Amazon')}), "
                + (
                    f"{how_to(command, 'subscribe', company='Amazon')} for alerts, "
                    if may_run(ctx, command, "subscribe")
                    else ""
                )
                + "or /layoffs help for everything."
            ),
        ),
    )


def is_topic(query: str) -> bool:
    """Whether `query` names what the stories are about ('ai', 'layoffs', 'tech jobs')
    rather than an employer: answered with where to read about it, not with names a few
    letters share ('FBI or NBA' for 'ai', trial session 10)."""
    from bot.companies import _fold, common_words, known, word_named_employers

    if known(query) or query.strip().lower() in {w.lower() for w in word_named_employers()}:
        return False  # 'Wave', 'Boost': employers named by a word
    words = query.lower().split()
    return _fold(query) in _TOPICS or (
        bool(words) and all(w in common_words() or _fold(w) in _TOPICS for w in words)
    )


def _topic_reply(query: str, command: Command | None) -> Message:
    shown = clip(query, 60)
    return Message(
        title=f"“{shown}” is a topic, not a company",
        sections=(
            Section(
                text="Every story here is about AI and jobs. The newest: /layoffs latest. "
                "How they add up: /layoffs trends. Stories that mention it: "
                f"{how_to(command, 'search', words=shown)}. A company's stories: "
                f"{how_to(command, 'company', company='<company>')}."
            ),
        ),
    )


# A question typed to the bot in a direct message ('what about amazon?', 'any news on
# Klarna'): the company it asks about. It was looked up whole: "No stories yet about What
# About Amazon?" (trial 13). Only when the whole text names no company.
_ASKED = re.compile(
    r"(?i)(?:(?:and|so|ok|okay|but),?\s+)?(?:(?:what|how)\s+about|what(?:'s|’s|s|\s+is)\s+"
    r"(?:new|up|happening|going\s+on)\s+(?:at|with)|any\s+(?:news|layoffs|cuts|updates?)"
    r"\s+(?:on|about|at|from|for)|(?:news|layoffs|cuts)\s+(?:on|about|at|from)|tell\s+me"
    r"\s+about|show\s+me|look\s+up)\s+"
)


def asked_about(query: str) -> str | None:
    """The company a question names ('what about amazon?' -> 'amazon'); None for text
    that is no such question."""
    text = query.strip()
    frame = _ASKED.match(text)
    rest = (text[frame.end() :] if frame else text).strip().rstrip("?!.").strip()
    return rest if rest and rest != text else None


def _ai_share(ai_actions: int, actions: int) -> str:
    if not actions:  # "0 of 0" of a company with commentary only (trial 14) said nothing
        return "none: no layoff or hiring freeze among these stories"
    return f"{ai_actions} of {actions} ({100 * ai_actions / actions:.0f}%)"


def company(ctx: Context, query: str, tenant: str = "", command: Command | None = None) -> Message:
    from bot.company_units import asked_parent

    res = ctx.resolve(query, tenant)
    if res.exact is None or res.exact.lower() != query.strip().lower():
        asked = asked_about(query)  # 'what about amazon?' asks about 'amazon'
        if asked is not None:
            return company(ctx, asked, tenant, command)
    if res.exact is None:
        return _no_stories(ctx, query, res, command)
    counted = ctx.store.company_totals(res.key, newest=COMPANY_STORIES, tenant=tenant)
    parent = asked_parent(res.query, res.exact)  # 'microsft', only LinkedIn's stories stored
    name = parent or res.exact
    following = _follow_hint(ctx, command, name)
    if not counted.stories:
        return Message(
            title=f"No stories yet about {name}",
            sections=(
                Section(
                    text=following
                    or (
                        "To be told when there is one: "
                        + how_to(command, "subscribe", company=name)
                        if may_run(ctx, command, "subscribe")
                        else f"I have no stories about {name} so far."
                    )
                ),
            ),
        )
    totals = Section(
        heading="Totals",
        fields=(
            Field("Stories", str(counted.stories)),
            # No story stating a number is "not stated", not 0 jobs (trial: Ocado)
            Field(
                "Jobs cut or not filled (where stated)",
                f"{counted.jobs:,}" if counted.jobs else "not stated",
            ),
            Field("AI-attributed job actions", _ai_share(counted.ai_actions, counted.actions)),
            Field(
                "Most affected",
                ", ".join(f"{function_label(f)} ({n})" for f, n in counted.functions.most_common(3))
                or "not stated",
            ),
        ),
    )
    return _company_stories(ctx, command, res, name, counted, totals, following)


def _company_stories(
    ctx: Context,
    command: Command | None,
    res: Resolution,
    name: str,
    counted: CompanyTotals,
    totals: Section,
    following: str | None,
) -> Message:
    """A company's totals and newest stories; `name` is its parent's when the typed name
    meant the parent of the unit whose stories matched ('microsft' for LinkedIn's)."""
    shown = counted.newest
    footer = f"Showing {len(shown)} of {counted.stories}. " if counted.stories > len(shown) else ""
    if following or may_run(ctx, command, "subscribe"):
        footer += following or f"{how_to(command, 'subscribe', company=name)} for alerts."
    exact = folded_width(res.query).casefold() == name.casefold()  # 'ｋｌａｒｎａ' is Klarna
    command_typo = (
        None if exact else _may_run(ctx, command, near_subcommand(res.query, ctx.command_names))
    )
    if command_typo:  # '/layoffs subscrbe block': the company, and the command it meant
        footer += f" Did you mean the command {command_typo}?"
    title = name if exact else f"{name} (for “{res.query}”)"
    # A unit's stories are filed with its parent's ('linkedin' answered "LinkedIn" with
    # Microsoft's eleven stories, trial 14): the title says so and each story whose.
    together = _filed_with(name)
    if together:
        title += f", with {together}"
    note = (
        _units_only(name, shown, every=counted.stories == len(shown)) if name != res.exact else None
    )
    tz = ctx.reader_zone(command)
    stories = (
        story_section(s, with_company=name != res.exact or bool(together), tz=tz) for s in shown
    )
    return Message(
        title=f"{title}: recent job actions",
        sections=(totals, *((Section(text=note),) if note else ()), *stories),
        footer=footer,
        shareable=True,
    )


def _units_only(parent: str, shown: Sequence[Story], *, every: bool) -> str | None:
    """Said when no story shown names the parent asked for, only its units: 'microsft'
    answered with "LinkedIn (for “microsft”)" and LinkedIn's story, no word of Microsoft."""
    names = list(dict.fromkeys(s.company for s in shown if s.company))
    if not names or any(n.casefold() == parent.casefold() for n in names):
        return None
    units = " and ".join(names[:3])
    if every:
        return f"No stories name {parent} itself; {units}, part of {parent}:"
    return f"The newest stories name {units}, part of {parent}, not {parent} itself:"


def latest(ctx: Context, command: Command, args: Args) -> Message:
    n = int(args.get("n", LATEST_DEFAULT))
    capped = n > LATEST_MAX
    n = min(n, LATEST_MAX)
    # Employers' job actions first; commentary only fills up; off-topic items never.
    tenant = ctx.tenant(command)
    stories = ctx.store.latest_stories(n, kinds=(Kind.LAYOFF, Kind.HIRING_FREEZE), tenant=tenant)
    if len(stories) < n:
        stories += ctx.store.latest_stories(n - len(stories), kinds=(Kind.ANALYSIS,), tenant=tenant)
    if not stories:
        return _no_latest(ctx, command, tenant)
    note = None
    if capped:  # 'latest 100' with 11 stored said "Latest 11 stories ... the maximum, 25"
        note = (
            f"Showing the maximum, {LATEST_MAX}."
            if len(stories) == LATEST_MAX
            else f"That is all there is (at most {LATEST_MAX} are shown)."
        )
    return Message(
        title=f"Latest {len(stories)} stor{'ies' if len(stories) != 1 else 'y'}",
        sections=tuple(story_section(s, tz=ctx.reader_zone(command)) for s in stories),
        footer=note,
        shareable=True,
    )


def _no_latest(ctx: Context, command: Command, tenant: str) -> Message:
    """Why `latest` has nothing to show. "Nothing stored yet: the first poll may still be
    running" was said (trial) with the feeds' news stored, none of it a job action, and
    with every feed failing since the start: a user waited for a poll that had finished."""
    if ctx.store.latest_stories(1, tenant=tenant):
        text = (
            "The news stored so far holds no layoffs, hiring freezes or analyses of them; "
            "they show here as the feeds bring them. "
            + how_to(command, "search", words="<words>")
            + " looks through everything stored."
        )
        return Message(title="No job actions yet", sections=(Section(text=text),))
    live = [f for f in ctx.store.list_feeds(tenant) if not f.disabled]
    if not live:
        add = offer(ctx, command, "feeds", action="add", url="<url>")
        # The console's user is the manager: no one else to ask (session 12).
        who = "" if at_console(command) else "a manager can "
        text = (
            f"There are no feeds to read: {who}add one with {add}."
            if add
            else "There are no feeds to read: a manager can add one."
        )
    elif all(f.error_count for f in live):
        listing = offer(ctx, command, "feeds", action="list")
        text = (
            f"None of the {len(live)} feeds could be read at its last try (each is retried later)"
            + (f": {listing} shows why." if listing else ".")
        )
    elif any(f.last_success is not None for f in live):
        text = "The feeds read so far held no news; new stories show here as they come."
    else:
        text = "Nothing stored yet: the first poll may still be running."
    return Message(title="No stories yet", sections=(Section(text=text),))


_SHOWN = 10  # stories a search shows


def search(ctx: Context, command: Command, args: Args) -> Message:
    query = clip(str(args["words"]), 200)
    if not query:
        raise Usage("What should I search for?")
    # Words as other commands read them: 'ＡＩ' (typed on an East-Asian keyboard) is
    # 'AI' (it found nothing); shown as typed.
    words = folded_width(query)
    if _only_common_words(words):
        return _too_common(query, command)
    close, apart = _search_close_first(ctx, command, words)
    more = len(close) + len(apart) > _SHOWN  # "10 stories matching" read as all (trial 14)
    close, apart = close[:_SHOWN], apart[: max(0, _SHOWN - len(close))]
    if not close and not apart:
        return Message(
            title=f"Nothing found for “{clip(query)}”",
            sections=(
                Section(
                    text="Try fewer or different words, or a company name: "
                    + how_to(command, "company", company="<company>")
                ),
            ),
        )
    zone = ctx.reader_zone(command)
    sections = [story_section(s, tz=zone) for s in _actions_first(close)]
    if close and apart:
        sections.append(Section(text="Also matching, with the words further apart:"))
    sections += [story_section(s, tz=zone) for s in _actions_first(apart)]
    count = len(close) + len(apart)
    if not more:
        many = f"{count} stor" + ("ies" if count != 1 else "y") + " matching"
    else:
        many = f"The {_SHOWN} " + ("closest matches for" if close else "newest stories matching")
    return Message(
        title=f"{many} “{clip(query)}”",
        sections=tuple(sections),
        footer="More stories match: add a word or a company name to narrow the search."
        if more
        else None,
        shareable=True,
    )


def _search_close_first(
    ctx: Context, command: Command, query: str
) -> tuple[list[Story], list[Story]]:
    """The stories holding the query's words close together (bot.store.rows.CLOSE_WITHIN),
    then the others holding them all, each newest first: `search job cuts` listed 'price
    cuts lift sales as jobs data looms' among the stories cutting jobs (trial 16)."""
    tenant = ctx.tenant(command)
    close = ctx.store.search_stories(query, limit=_SHOWN + 1, tenant=tenant, together=True)
    if len(close) > _SHOWN:
        return close, []
    ids = {s.id for s in close}
    found = ctx.store.search_stories(query, limit=_SHOWN + 1, tenant=tenant)
    return close, [s for s in found if s.id not in ids]


def _actions_first(stories: list[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: not s.tags.kind.is_action)  # stable


# Words in nearly every story, which a search cannot pick stories out by (PostgreSQL's
# English full-text search drops them; SQLite's matched `search the` on every story).
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "about",
        "over",
        "under",
        "after",
        "before",
        "than",
        "then",
        "so",
        "if",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "where",
        "not",
        "no",
        "yes",
        "too",
        "very",
        "can",
        "will",
        "just",
        "all",
        "any",
        "each",
        "some",
        "such",
        "own",
        "same",
        "only",
        "also",
        "s",
        "t",
    ]
)
_SEARCH_WORD = re.compile(r"\w+")


def _only_common_words(query: str) -> bool:
    words = _SEARCH_WORD.findall(query.lower())
    return bool(words) and all(w in _COMMON for w in words)


def _too_common(query: str, command: Command) -> Message:
    """`search the` listed every story it matched: noise, not a search."""
    example = how_to(command, "search", words="customer service")
    return error_message(
        f"“{clip(query, 60)}” holds only common words, which nearly every story has: search "
        f"for words that pick stories out, e.g. {example}, or a company: "
        + how_to(command, "company", company="<company>"),
        title="Nothing to search for",
    )


def near_subcommand(query: str, names: tuple[str, ...]) -> str | None:
    """'/layoffs lates 10' is a typo of a command more likely than a company: the
    command, as it should be typed, or None."""
    from rapidfuzz.distance import OSA

    words = query.split(" ")
    first = words[0].lower()
    glued = _GLUED_NUMBER.fullmatch(first)  # 'latest10', 'trends90d': the space left out
    if glued and glued.group(1) in names and glued.group(1) != "company":
        return " ".join(["/layoffs", glued.group(1), glued.group(2), *words[1:]])
    if len(first) < 4:
        return None
    for name in (*names, *SYNONYMS):  # 'folow tiktok' meant follow: subscribe
        if name != "company" and 0 < OSA.distance(first, name) <= (1 if len(name) <= 6 else 2):
            return " ".join(["/layoffs", SYNONYMS.get(name, name), *words[1:]])
    # A command cut short ('subs'): each command it begins; with words after it ('subscr
    # Klarna'), the first in the table only ('subscriptions Klarna' means nothing).
    begun = [n for n in names if n != "company" and n != first and n.startswith(first)]
    begun = begun[:1] if len(words) > 1 else begun
    return " or ".join(" ".join(["/layoffs", n, *words[1:]]) for n in begun) or None
