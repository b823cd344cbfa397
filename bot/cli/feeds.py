"""`layoffbot feeds ...`: the operator's (global) feed list."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from bot.cli.runtime import build_runtime
from bot.cli.status import CTRL_C_STATUS
from bot.cli.terminal import (
    cell,
    err,
    fail,
    feeds_app,
    open_store,
    out,
    parse_worker,
    print_table,
    say,
    settings_or_exit,
)
from bot.errors import FeedError, file_problem
from bot.links import feed_url_key

if TYPE_CHECKING:
    from bot.cli.runtime import CheckingFeedService
    from bot.models import Feed
    from bot.store import Store


@feeds_app.command("list")
def feeds_list() -> None:
    """List the feeds with their health."""
    store = open_store(settings_or_exit())
    from rich.table import Table

    listed = store.list_feeds()
    if not listed:  # an empty table's borders said nothing
        say(out, "No feeds yet. Add one: layoffbot feeds add URL (or feeds import OPML).")
        return
    table = Table("name", "url", "last success", "status")
    for f in listed:
        status = _status(f)
        where = f" [{f.workspace}]" if f.workspace else ""
        table.add_row(
            cell(f.name + where),
            cell(f.url),
            f.last_success.strftime("%Y-%m-%d %H:%M") if f.last_success else "never",
            cell(status),
        )
    print_table(table)


def _status(feed: Feed) -> str:
    """A feed's health in words, as `/layoffs feeds list` says it: a feed never polled
    (a default feed before the first run) is not "ok", nothing is known of it yet."""
    if feed.disabled:  # the global list's: `layoffbot feeds enable` polls it again
        return f"disabled: {feed.disabled_reason}; layoffbot feeds enable polls it again"
    if feed.error_count:
        return f"failing ({feed.error_count}): {feed.last_error}"
    return "ok" if feed.last_success is not None else "not polled yet"


URLS = typer.Argument(help="The feed's URL; up to 5 at once, each done in turn", show_default=False)


@feeds_app.command("add")
def feeds_add(
    url: Annotated[list[str], URLS],
    name: Annotated[str | None, typer.Option(help="A display name (one feed only)")] = None,
) -> None:
    """Check a feed (fetch and parse it) and add it to the global list.

    Its current items are stored without announcing them. Named after the feed's title unless --name is given."""
    if name is not None and len(dict.fromkeys(url)) > 1:
        fail("--name names one feed: add the others without it")
    settings = settings_or_exit()
    store = open_store(settings)
    services: list[CheckingFeedService] = []  # built for the first feed to check

    def service() -> CheckingFeedService:
        if not services:
            services.append(build_runtime(settings, store).feed_service())
        return services[0]

    try:
        with parse_worker():
            _each(url, lambda one: _add(store, service, one, name))
    except KeyboardInterrupt:
        _add_cut_short(store, url)


def _add_cut_short(store: Store, urls: list[str]) -> NoReturn:
    """Ctrl-C during the checks: which feeds are in the list and which are not (an add of
    several ended with "^C" alone, as `feeds import` did before trial 17)."""
    from feeds.fetch import validate_feed_url

    def listed(url: str) -> bool:
        try:
            url = validate_feed_url(url)
        except FeedError:
            return False
        return any(not f.workspace and not f.disabled for f in store.feeds_with_url(url))

    missing = [u for u in dict.fromkeys(urls) if not listed(u)]
    said = (
        f"not added: {' '.join(missing)} (run layoffbot feeds add again for them)"
        if missing
        else "every feed named is in the list"
    )
    say(err, f"Stopped by Ctrl-C: {said}.", "yellow")
    raise typer.Exit(CTRL_C_STATUS)


def _add(
    store: Store, service: Callable[[], CheckingFeedService], url: str, name: str | None
) -> bool:
    """`feeds add URL`: checked, added (or enabled again); False when it was not."""
    import asyncio

    from feeds.fetch import validate_feed_url

    try:
        url = validate_feed_url(url)
    except FeedError as exc:
        say(err, f"layoffbot: cannot add the feed: {exc}", "red")
        return False
    existing = next((f for f in store.feeds_with_url(url) if not f.workspace), None)
    if existing is not None and not existing.disabled:
        say(out, f"Already there: {existing.name} ({existing.url})")
        return True
    (result,) = asyncio.run(service().add_feeds([(url, name)]))
    if isinstance(result, FeedError):
        say(err, f"layoffbot: cannot add {url}: {result}", "red")
        return False
    say(out, ("Enabled again: " if existing else "Added ") + f"{result.name} ({result.url})")
    if (note := _private_for_this_command_only(result.url)) is not None:
        say(err, note, "yellow")
    return True


def _private_for_this_command_only(url: str) -> str | None:
    """A private address added with LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES set on this command's
    line alone (as the console's hint said): the running bot, without it, refused the feed
    at its next poll and disabled it (session 20's new user)."""
    import ipaddress
    from urllib.parse import urlsplit

    from bot.config import _env_file_named
    from bot.envfile import read_env_file
    from feeds.guard import ALLOW_PRIVATE_SETTING, address_block_reason

    host = (urlsplit(url).hostname or "").strip("[]")
    try:
        private = address_block_reason(str(ipaddress.ip_address(host))) is not None
    except ValueError:  # a name, not an address: not judged here, but for localhost
        private = host == "localhost"
    if not private or ALLOW_PRIVATE_SETTING not in os.environ or "LAYOFFBOT_ENV_FILE" in os.environ:
        return None  # (a file named by LAYOFFBOT_ENV_FILE: set up by whoever named it)
    if ALLOW_PRIVATE_SETTING.lower() in read_env_file(_env_file_named()):
        return None
    return (
        f"Note: {ALLOW_PRIVATE_SETTING} is set for this command only, not in .env: a bot"
        " started without it refuses this feed and disables it. Put"
        f" {ALLOW_PRIVATE_SETTING}=true in .env (next to the Makefile) and restart the bot."
    )


@feeds_app.command("enable")
def feeds_enable(url: Annotated[list[str], URLS]) -> None:
    """Poll a disabled feed of the global list again: its errors forgotten, due at once."""
    store = open_store(settings_or_exit())
    _each(url, lambda one: _enable(store, feed_url_key(one)))


def _enable(store: Store, url: str) -> bool:
    enabled = store.enable_feed(url)
    if enabled is None:
        return _not_in_the_global_list(store, url, "enable")
    feed, was_disabled = enabled
    if not was_disabled:  # an enable twice (a retry, a script) is no failure
        say(out, f"{feed.name} ({feed.url}) is already enabled; nothing to do.")
        return True
    say(out, f"Enabled {feed.name} ({feed.url}); it is polled at the next cycle.")
    return True


@feeds_app.command("remove")
def feeds_remove(url: Annotated[list[str], URLS]) -> None:
    """Remove a feed from the global list; what it stored stays (stories, search, trends)."""
    store = open_store(settings_or_exit())
    _each(url, lambda one: _remove(store, feed_url_key(one)))


def _remove(store: Store, url: str) -> bool:
    if store.remove_feed(url):
        say(out, f"Removed {url}")
        return True
    # A workspace's own feed said "No such feed" though `feeds list` shows it.
    return _not_in_the_global_list(store, url, "remove")


def _each(urls: list[str], do: Callable[[str], bool]) -> None:
    """`feeds remove|enable URL1 URL2`: each in turn, as if named alone (a line for each),
    as `/layoffs feeds add` does several; exit 1 if any was not done. Several were refused
    while chat's `feeds add` took up to 5 (session 14)."""
    from bot.commands.feeds import MAX_FEEDS_AT_ONCE

    if len(urls) > MAX_FEEDS_AT_ONCE:
        fail(f"at most {MAX_FEEDS_AT_ONCE} feeds at a time; got {len(urls)}")
    # Bytes of the command line that are no UTF-8 come as lone surrogates, which no
    # database stores (a traceback, attack 19): read as U+FFFD, as the console does.
    readable = (os.fsencode(url).decode("utf-8", "replace") for url in urls)
    done = [do(url) for url in dict.fromkeys(readable)]
    if not all(done):
        raise typer.Exit(1)


def _not_in_the_global_list(store: Store, url: str, verb: str) -> bool:
    """Say so, naming the workspaces whose own list has the feed; False (not done)."""
    elsewhere = sorted({f.workspace for f in store.feeds_with_url(url) if f.workspace})
    hint = (
        f" (it is in the list of {', '.join(elsewhere)}: a manager there runs "
        f"/layoffs feeds {verb})"
        if elsewhere
        else ""
    )
    say(err, f"No such feed in the global list: {url}{hint}", "red")
    return False


@feeds_app.command("import")
def feeds_import(opml: Path) -> None:
    """Add every feed of an OPML file, each checked as `feeds add` checks it.

    Each is fetched and parsed; feeds that do not work are skipped with the reason, feeds already in the list are left as they are."""
    import asyncio

    from bot.cli.infile import open_input
    from feeds.sources import MAX_OPML_BYTES, read_opml

    settings = settings_or_exit()
    store = open_store(settings)
    try:
        with open_input(str(opml)) as file:  # a device or a pipe that never ends: so far
            sources, unusable = read_opml(file.read(MAX_OPML_BYTES + 1))
    except OSError as exc:
        say(err, f"{opml}: {file_problem(exc)}", "red")
        raise typer.Exit(1) from None
    except ValueError as exc:
        feed = any(f"<{root}>, not <opml>" in str(exc) for root in ("rss", "feed", "rdf:RDF"))
        hint = "; it is a feed itself: layoffbot feeds add URL adds one" if feed else ""
        say(err, f"{opml}: {exc}{hint}", "red")
        raise typer.Exit(1) from None
    for why in unusable:
        say(err, f"skipped {why}", "yellow")
    known = {f.url for f in store.list_feeds("")}
    new = [s for s in sources if s.url not in known]
    results: list[Feed | FeedError] = []
    if new:
        say(err, f"Checking {len(new)} feed(s)...", "dim")
        service = build_runtime(settings, store).feed_service()
        try:
            with parse_worker():
                results = asyncio.run(
                    service.add_feeds([(s.url, s.name if s.name != s.url else None) for s in new])
                )
        except KeyboardInterrupt:
            _import_cut_short(store, opml, [s.url for s in new])
    added = 0
    for source, result in zip(new, results, strict=True):
        if isinstance(result, FeedError):
            say(err, f"skipped {source.url}: {result}", "yellow")
        else:
            added += 1
    there = len(sources) - len(new)
    skipped = len(new) - added + len(unusable)
    say(
        out,
        f"Imported {added} new feed(s) of {len(sources) + len(unusable)}"
        + (f"; {there} already in the list" if there else "")
        + (f"; {skipped} skipped" if skipped else "")
        + ".",
    )
    if not added and (skipped or not sources):
        _nothing_imported(opml, skipped, there)


def _nothing_imported(opml: Path, skipped: int, there: int) -> None:
    """No feed added and some skipped, or none in the file: exit 1 (a script or `&&` went
    on as if the feeds were in: every outline skipped exited 0). All already in the list
    is no failure: the import was done before."""
    if not skipped:
        why = "it names no feed (no <outline> with an xmlUrl)"
    elif there:
        why = f"{there} already in the list, the other {skipped} skipped (the reasons are above)"
    else:
        why = "every feed in it was skipped (the reasons are above)"
    say(err, f"Nothing imported from {opml}: {why}.", "red")
    raise typer.Exit(1)


def _import_cut_short(store: Store, opml: Path, urls: list[str]) -> None:
    """Ctrl-C during the checks (an import of a few hundred feeds takes minutes): say which
    were added and how to go on. It ended with "^C" alone: the operator could not tell
    whether anything was added, nor that the import can simply be run again (trial 17)."""
    listed = {f.url for f in store.list_feeds("")}
    added = [url for url in urls if url in listed]
    rest = len(urls) - len(added)
    done = (
        f"{len(added)} of {len(urls)} new feed(s) added before Ctrl-C; they stay"
        if added
        else "no feed added yet"
    )
    again = f"the other {rest}" if added else "them"
    say(
        err,
        f"Stopped: {done}. Run layoffbot feeds import {opml} again to check {again} "
        "(feeds already in the list are left as they are).",
        "yellow",
    )
    raise typer.Exit(CTRL_C_STATUS)


@feeds_app.command("export")
def feeds_export() -> None:
    """Print the global feed list as OPML."""
    from feeds.sources import FeedSource, to_opml

    store = open_store(settings_or_exit())
    sys.stdout.write(to_opml([FeedSource(f.name, f.url) for f in store.list_feeds("")]))
