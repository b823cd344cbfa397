"""`/layoffs feeds list|add|remove|enable`: the feeds a workspace reads."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.commands.context import error_message
from bot.commands.permits import may_run
from bot.commands.spec import Args, Usage, clip
from bot.commands.surface import at_console, how_to, in_own_words
from bot.errors import FeedError, FeedLimitReached, MetadataAddressError, PrivateAddressError
from bot.links import feed_url_key
from bot.models import Command, Feed, Message, Section
from bot.tenancy import GLOBAL

if TYPE_CHECKING:
    from bot.commands.context import Context

# Feeds one `feeds add` may name (each is fetched, and counted against the hourly
# attempts and the workspace's most feeds like an add of its own).
MAX_FEEDS_AT_ONCE = 5
NO_SERVER_FEEDS = (
    "A direct message belongs to no server: the feeds a server adds are listed, added and "
    "removed in its channels, by its managers."
)


async def feeds(ctx: Context, command: Command, args: Args) -> Message:
    """The router has checked the action, the URL and (for changes) the manager."""
    action = str(args["action"])
    ws = ctx.tenant(command)
    if (action == "list") == ("url" in args):
        raise Usage()
    if action == "list":
        feeds = await asyncio.to_thread(ctx.store.list_feeds, ws)
        per_hour = ctx.settings.max_workspace_items_per_hour
        manages = may_run(ctx, command, "feeds", action="enable")
        return feeds_message(feeds, ws, ctx.clock(), command, per_hour=per_hour, manages=manages)
    url = str(args["url"])
    if " " in url:  # several links (`feeds add URL1 URL2`, `feeds remove URL1 URL2`)
        return await _several(ctx, action, url.split(" "), ws, command)
    return await _one(ctx, action, url, ws, command)


async def _one(ctx: Context, action: str, url: str, ws: str, command: Command) -> Message:
    if action == "remove":
        return await _remove(ctx, feed_url_key(url), ws, command)
    if action == "enable":
        return await enable_feed(ctx, feed_url_key(url), ws, command)
    return await _add(ctx, url, ws, command)


_DONE = {"add": "added", "remove": "removed", "enable": "enabled"}


async def _several(
    ctx: Context, action: str, urls: list[str], ws: str, command: Command
) -> Message:
    """`feeds add|remove|enable URL1 URL2`: each in turn, as if named alone (for an add,
    the limits, the hourly attempts and the checks all apply to each); one reply, a line
    per feed. An add of several was refused whole (trial 13); a remove or an enable of
    several was, until session 14 ("takes one feed address at a time")."""
    done = _DONE[action]
    sections = []
    count = already = 0
    for url in dict.fromkeys(urls):
        reply = await _one(ctx, action, url, ws, command)
        count += reply.title == f"Feed {done}"
        already += (reply.title or "").startswith("Feed already ")
        said = " ".join(s.text for s in reply.sections if s.text)
        first = reply.sections[0] if reply.sections else None
        sections.append(
            Section(
                heading=f"{reply.title}: {clip(first.heading if first and first.heading else url, 80)}",
                url=first.url if first and first.url else None,
                text=said,
            )
        )
    return Message(
        title=f"{count} of {len(sections)} feeds {done}"
        + (f" ({already} already {'read' if action == 'add' else done})" if already else ""),
        sections=tuple(sections),
        is_error=count + already == 0,
    )


async def _remove(ctx: Context, url: str, ws: str, command: Command) -> Message:
    """`feeds remove URL`: this workspace's own feed removed, or why not."""
    removed = await asyncio.to_thread(ctx.store.remove_feed, url, ws)
    if removed:
        return Message(title="Feed removed", sections=(Section(text=f"No longer reading {url}."),))
    global_urls = {f.url for f in await asyncio.to_thread(ctx.store.list_feeds, "")}
    if url in global_urls and at_console(command):  # the operator's own terminal
        await asyncio.to_thread(ctx.store.remove_feed, url, GLOBAL)
        said = f"No longer reading {url}, one of the global feeds: no workspace reads it now."
        return Message(title="Feed removed", sections=(Section(text=said),))
    text = (
        "That is one of the global feeds; the operator removes those "
        f"(layoffbot feeds remove {clip(url, 200)})."
        if url in global_urls
        else f"This workspace has no feed {clip(url, 200)}. See {_listing(command)}."
    )
    return error_message(in_own_words(command, text), title="Feed not removed")


async def _add(ctx: Context, url: str, ws: str, command: Command) -> Message:
    """`feeds add URL`: checked, fetched and stored, or why not."""
    if ctx.feed_service is None:
        return error_message(
            "Adding feeds is not available in this process.", title="Feed not added"
        )
    limit = ctx.settings.max_feeds
    listed = await asyncio.to_thread(ctx.store.list_feeds, ws)
    already = _already_read(listed, feed_url_key(url), ws, command)
    if already is not None:
        return already
    own = [f.url for f in listed if f.workspace == ws]
    try:
        if url not in own and len(own) >= limit:
            # Before fetching: a full list costs the bot no request. The store counts
            # again as it inserts, so a burst of adds cannot slip past.
            raise FeedLimitReached(len(own), limit)
        wait = ctx.feed_adds.take(f"{command.platform}:{ws}", ctx.clock())
        if wait is not None:
            return _too_many_adds(ctx.feed_adds.limit, wait, command)
        feed = await ctx.feed_service.add_feed(url, workspace=ws, limit=limit)
    except FeedError as exc:
        said = str(exc)
        if isinstance(exc, FeedLimitReached):  # its hint, as the user gives commands
            remove = how_to(command, "feeds", action="remove", url="<url>")
            said = said.replace("/layoffs feeds remove <url>", remove)
        if _operator_may(exc) and at_console(command):
            said += _operators_feed_hint(ctx.settings.allow_private_addresses)
        return error_message(in_own_words(command, said), title="Feed not added")
    said = "Its current items are stored without announcing them; new ones will be."
    return _about_feed("Feed added", feed, said)


def _listing(command: Command) -> str:
    return how_to(command, "feeds", action="list")


def _already_read(listed: list[Feed], url: str, ws: str, command: Command) -> Message | None:
    """A feed this workspace already reads, answered without fetching it again: its own
    (a disabled one is added again, which enables it), or a working global feed."""
    for feed in listed:
        if feed.url != url or feed.disabled:
            continue
        where = (
            "This workspace already reads it."
            if feed.workspace == ws
            else "It is one of the global feeds, which every workspace reads."
        )
        return _about_feed(
            "Feed already read", feed, in_own_words(command, f"{where} Nothing to add.")
        )
    return None


def _about_feed(title: str, feed: Feed, text: str) -> Message:
    """The answer about one feed: its name, linked, and what became of it."""
    return Message(title=title, sections=(Section(heading=feed.name, url=feed.url, text=text),))


def _operators_feed_hint(allowed: bool) -> str:
    """Whoever types at the console runs the bot: their own feeds may be private, added
    with `layoffbot feeds add`. With the setting already on, it told them to set it
    (session 18's trial): the console's own feeds are a workspace's, which it never opens."""
    if allowed:
        return (
            " (LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES opens the operator's own feeds, not the "
            "console's: add it with layoffbot feeds add URL, in another terminal; the running "
            "bot reads it from its next poll)"
        )
    return (
        " (a feed of the operator's own may be: set "
        "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true and add it with layoffbot feeds add; set it "
        "in .env and restart the bot, which polls the feed only with it)"
    )


def _operator_may(exc: FeedError) -> bool:
    """Whether the operator's setting opens the address refused: a private one, never a
    cloud's metadata endpoint (the hint offered the setting for 169.254.169.254)."""
    return isinstance(exc, PrivateAddressError) and not isinstance(exc, MetadataAddressError)


def _too_many_adds(limit: int, wait: timedelta, command: Command) -> Message:
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return error_message(
        in_own_words(
            command,
            f"This workspace has tried to add {limit} feeds in the last hour, the most "
            f"allowed (each one is fetched to check it). Try again in {minutes} min.",
        ),
        title="Feed not added",
    )


async def enable_feed(ctx: Context, url: str, ws: str, command: Command) -> Message:
    """Bring back a feed the poller disabled (gone, or failing for days): a manager
    who fixed the cause, or knows the outage is over, must not have to re-add it."""
    enabled = await asyncio.to_thread(ctx.store.enable_feed, url, ws)
    if enabled is None and at_console(command):  # the operator's own terminal
        # The console's user is the operator: "the operator enables those" told them
        # to go and type what they had typed (new-user trial, session 20).
        enabled = await asyncio.to_thread(ctx.store.enable_feed, url, GLOBAL)
    if enabled is None:
        global_urls = {f.url for f in await asyncio.to_thread(ctx.store.list_feeds, "")}
        text = (
            "That is one of the global feeds; the operator enables those "
            f"(layoffbot feeds enable {clip(url, 200)})."
            if url in global_urls
            else f"This workspace has no feed {clip(url, 200)}. See {_listing(command)}."
        )
        return error_message(in_own_words(command, text), title="Feed not enabled")
    feed, was_disabled = enabled
    if not was_disabled:  # an enable twice (a retry, a script) is no failure
        said = "It is already enabled, polled at every cycle: nothing to do."
        said += f" See {_listing(command)}."
        return _about_feed("Feed already enabled", feed, said)
    said = "Its errors are forgotten; it is polled again from the next cycle."
    return _about_feed("Feed enabled", feed, said)


def feeds_message(
    feeds: list[Feed],
    workspace: str,
    now: datetime,
    command: Command,
    *,
    per_hour: int | None = None,
    manages: bool = True,
) -> Message:
    """The list: the global feeds, then the workspace's own, each with its health; a
    workspace's feed whose last poll held items back (`per_hour`: the workspace's hourly
    budget of new items) says so, and why. Unless the asker `manages` the feeds, the
    commands that change them are not offered: only who may run them (trial 17)."""

    def line(feed: Feed) -> str:
        if feed.disabled:
            # At the console there is no manager: whoever types there can enable it.
            who = "enable it" if at_console(command) else "a manager can enable it"
            again = (
                f"the operator can enable it: layoffbot feeds enable {feed.url}"
                if not feed.workspace and not at_console(command)
                else f"{who}: {how_to(command, 'feeds', action='enable', url=feed.url)}"
                if manages
                else "a manager can enable it"
            )
            reason = in_own_words(command, feed.disabled_reason or "too many errors")
            health = f"disabled: {reason} ({again})"
        elif feed.last_error:
            # The guard's refusal is the bot's own sentence ("this workspace's feeds must be
            # on the public internet"), stored in Slack's words: Discord says "server".
            error = in_own_words(command, clip(feed.last_error, 120))
            health = f"failing ({feed.error_count}x): {error}; last success {ago(feed.last_success, now)}"
        elif feed.last_success is None:
            health = "not polled yet"
        else:
            held = in_own_words(command, held_back(feed, per_hour))
            health = f"ok, last success {ago(feed.last_success, now)}{held}"
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
            _own_feeds(command, [line(f) for f in own], manages=manages),
        ),
    )


def _own_feeds(command: Command, lines: list[str], *, manages: bool) -> Section:
    """The workspace's own feeds, or how to add one; in a Discord DM, that it belongs to
    no server ("This server's feeds (0). A manager can add one: /layoffs feeds
    action:add ..." named a server there is none of, and a command refused there:
    trial-chat 15)."""
    if command.is_direct and not command.workspace_id and not at_console(command):
        return Section(heading="A server's own feeds", text=NO_SERVER_FEEDS)
    return Section(
        heading=in_own_words(command, f"This workspace's feeds ({len(lines)})"),
        text="\n".join(lines)
        or (
            ("None. " if at_console(command) else "None. A manager can add one: ")
            + how_to(command, "feeds", action="add", url="<url>")
            if manages
            else "None. A manager can add one."
        ),
    )


def held_back(feed: Feed, per_hour: int | None) -> str:
    """'; N new items still to come in, as counted then: ...' for a workspace's feed whose
    last poll held items back (past the workspace's hourly budget), else ''. Only the
    operator's log said so. Each poll counts every new item the feed still offers that is
    not stored yet (those held at earlier polls included), so the count is all that waits
    as of that poll, the "last success" the line names; "held back at its last poll" read
    as that poll's share only (polish 15)."""
    if not feed.workspace or feed.held_back <= 0:
        return ""
    items = "1 new item" if feed.held_back == 1 else f"{feed.held_back} new items"
    limit = (
        f"at most {per_hour} new items an hour"
        if per_hour
        else "a limited number of new items an hour"
    )
    return (
        f"; {items} still to come in, as counted then: this workspace's feeds together may "
        f"bring in {limit} (the operator's limit), so later polls store them"
    )


_QUERY = re.compile(r"(https?://[^\s?#>]+)\?[^\s#>]*")


def _without_query(text: str) -> str:
    """URLs in the text with their query strings cut ('...?…')."""
    return _QUERY.sub(lambda m: m.group(1) + "?…", text)


def ago(when: datetime | None, now: datetime) -> str:
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
