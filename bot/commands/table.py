"""The command table: every `/layoffs` subcommand, declared once.

Help (bot.commands.help), usage errors, text parsing (bot.commands.parse), the Discord
app-command tree (adapters/discord/cog.py) and Slack's App Home buttons all come from
these declarations. Order matters: it is the order of the help text and of Discord's
subcommands (keep it stable: Discord compares the synced payload).
"""

from __future__ import annotations

from typing import Literal

from bot.commands.digests import digest
from bot.commands.feeds import MAX_FEEDS_AT_ONCE, feeds
from bot.commands.help import help_command
from bot.commands.lookup import LATEST_DEFAULT, LATEST_MAX, company_command, latest, search
from bot.commands.spec import Arg, CommandSpec, SyncHandler
from bot.commands.subscriptions import subscribe, subscriptions, unsubscribe
from bot.commands.trends import PERIOD_ALIASES, PERIOD_INVALID, PERIODS, trends
from bot.commands.why import why

_COMPANY = Arg("company", "text", "Company name", required=True, autocomplete="company")
_WHERE = Arg(
    "where",
    "choice",
    "Alert me by DM, or post in this channel",
    choices=("me", "here"),
    default="me",
)


def _alerts(
    name: str,
    company: Literal["company", "followed"],
    handler: SyncHandler,
    *,
    help: str,
    summary: str,
    manager_what: str,
) -> CommandSpec:
    """`subscribe` and `unsubscribe`: a company's alerts by direct message, or `here`.

    A channel's alerts are the channel's settings, like its digest: whoever may change the
    digest may set them (alerts by direct message are anyone's own). `company` is what
    Discord offers while typing: any company, or what is followed, with stories or not.
    """
    return CommandSpec(
        name=name,
        args=(
            Arg(
                "company",
                "text",
                "Company name",
                required=True,
                missing="Which company?",
                autocomplete=company,
            ),
            _WHERE,
        ),
        syntax=f"/layoffs {name} <company> [here]",
        example=f"/layoffs {name} Amazon here",
        help=help,
        summary=summary,
        grammar="company_where",
        handler=handler,
        manager_only=("here",),
        manager_arg="where",
        manager_what=manager_what,
    )


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="company",
        args=(_COMPANY,),
        syntax="/layoffs <company>",
        example="/layoffs Amazon",
        help="A company's recent AI-related job actions, totals and most-hit functions",
        summary="Recent AI-layoff news about one company",
        grammar="rest",
        handler=company_command,
        shareable=True,
    ),
    CommandSpec(
        name="latest",
        args=(
            Arg(
                "n",
                "int",
                f"How many stories (1-{LATEST_MAX})",
                high=LATEST_MAX,
                invalid="“{value}” is not a number of stories: give one from 1 to "
                + f"{LATEST_MAX}.",
            ),
        ),
        syntax="/layoffs latest [N]",
        example="/layoffs latest 10",
        help=f"The newest stories (default {LATEST_DEFAULT}, at most {LATEST_MAX})",
        summary="The latest AI-layoff stories",
        grammar="word",
        handler=latest,
        shareable=True,
    ),
    CommandSpec(
        name="search",
        args=(
            Arg(
                "words",
                "text",
                "Words to look for",
                required=True,
                missing="What should I search for?",
            ),
        ),
        syntax="/layoffs search <words>",
        example="/layoffs search customer service",
        help="Full-text search over headlines and summaries, newest first",
        summary="Search stories by words",
        grammar="rest",
        handler=search,
        shareable=True,
    ),
    CommandSpec(
        name="trends",
        args=(
            Arg(
                "period",
                "choice",
                "How far back",
                choices=tuple(PERIODS),
                aliases=PERIOD_ALIASES,
                invalid=PERIOD_INVALID,
            ),
        ),
        syntax="/layoffs trends [7d|30d|90d|1y]",
        example="/layoffs trends 90d",
        help="AI-attributed job cuts over time, with a chart (default 30d)",
        summary="AI layoffs over time, with a chart",
        grammar="word",
        handler=trends,
        shareable=True,
    ),
    _alerts(
        "subscribe",
        "company",
        subscribe,
        help="Alerts for a company's new stories: by direct message, or `here` in this channel (managers)",
        summary="Get an alert when a company has news",
        manager_what="set this channel's alerts",
    ),
    _alerts(
        "unsubscribe",
        "followed",
        unsubscribe,
        help="Stop those alerts",
        summary="Stop alerts about a company",
        manager_what="stop this channel's alerts",
    ),
    CommandSpec(
        name="subscriptions",
        args=(
            Arg(
                "page",
                "int",
                "Which page of a long list (50 a page)",
                high=100_000,
                clamp=True,
                invalid="“{value}” is not a page number.",
            ),
        ),
        syntax="/layoffs subscriptions [page]",
        example="/layoffs subscriptions",
        help="What you and this channel follow",
        summary="Your alerts and this channel's",
        grammar="word",
        handler=subscriptions,
    ),
    CommandSpec(
        name="digest",
        args=(
            Arg(
                "action",
                "choice",
                "Turn on, turn off, send now, show settings, or post on quiet days",
                required=True,
                choices=("on", "off", "now", "settings", "quiet"),
                invalid="Unknown digest option “{value}”.",
            ),
            Arg(
                "time", "time", "Time of day, with on: 08:30, 17:30, 8am, 5:30pm, noon or midnight"
            ),
            Arg(
                "timezone",
                "zone",
                "Time zone, with on: Europe/Berlin, London, New York, Bangalore, CET or PST",
                autocomplete="timezone",
            ),
            Arg(
                "quiet",
                "choice",
                "Post a note on days with no news, with quiet",
                choices=("on", "off"),
                invalid="Say `digest quiet on` or `digest quiet off`.",
            ),
        ),
        syntax="/layoffs digest on [time] [timezone] | off | now | settings | quiet on|off",
        example="/layoffs digest on 08:30 Europe/Berlin",
        help=(
            "This channel's daily digest (managers change it): a time like 08:30, 8am,"
            " 5:30pm or noon; a zone like Europe/Berlin, London or PST"
        ),
        summary="This channel's daily digest",
        grammar="digest",
        handler=digest,
        manager_only=("on", "off", "now", "quiet"),
        manager_what="change this channel's digest",
        channel_only="Digests belong to a channel: run this in one.",
    ),
    CommandSpec(
        name="feeds",
        args=(
            Arg(
                "action",
                "choice",
                "List, add, remove or re-enable a feed",
                choices=("list", "add", "remove", "enable"),
                default="list",
                invalid="Unknown feeds option “{value}”: list, add, remove or enable.",
            ),
            Arg(
                "url",
                "link",
                "Feed URL (add, remove, enable)",
                invalid="That URL is too long.",
                several=MAX_FEEDS_AT_ONCE,
            ),
        ),
        syntax="/layoffs feeds list | add <url> [<url> …] | remove <url> [<url> …] | enable <url> [<url> …]",
        example="/layoffs feeds add https://news.google.com/rss/search?q=AI+layoffs+customer+service",
        help="The news feeds this workspace reads (managers add, remove and enable them,"
        " several at once)",
        summary="The feeds this server follows",
        grammar="feeds",
        async_handler=feeds,
        manager_only=("add", "remove", "enable"),
        manager_what="{action} feeds",
    ),
    CommandSpec(
        name="why",
        args=(
            Arg(
                "link",
                "link",
                "Link to the article",
                required=True,
                invalid="Give me one link.",
                missing="Give me one link.",
            ),
        ),
        syntax="/layoffs why <link>",
        example="/layoffs why <a story's link, pasted from /layoffs latest>",
        help="Why a link was or was not in the digest or an alert",
        summary="Why a story is (or is not) counted",
        grammar="rest",
        handler=why,
    ),
    CommandSpec(
        name="help",
        args=(),
        syntax="/layoffs help",
        example="/layoffs help",
        help="This list",
        summary="What layoffbot can do",
        grammar="none",
        handler=help_command,
        listed=False,
    ),
)

BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in SPECS}
