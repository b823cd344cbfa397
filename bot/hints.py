"""A command to give next, as the surface that reads it lets it be given: typed words
(Slack, the console) or Discord's named options. Command replies say it through
`bot.commands.surface.how_to`; messages the core builds for a platform (alerts,
digests) call `typed_or_options` with their target's platform."""

from __future__ import annotations

DISCORD = "discord"


def typed_or_options(options: bool, name: str, /, **args: str) -> str:
    """`/layoffs unsubscribe Klarna here` typed (Slack, the console), or with `options`
    `/layoffs unsubscribe company:Klarna where:here` (Discord, whose slash commands take
    nothing else). `args` in the order typed; `where="here"` is typed as `here`, and the
    company lookup is typed as the bare name (`/layoffs Amazon`). Messages the core
    builds for a platform (alerts, digests) pass `platform == DISCORD` as `options`."""
    if options:
        return " ".join([f"/layoffs {name}", *(f"{k}:{v}" for k, v in args.items())])
    words = [] if name == "company" else [name]
    words += [v for k, v in args.items() if not (k == "where" and v == "me")]
    return " ".join(["/layoffs", *words])


def follows_line(
    platform: str, company: str, *, channel: bool, how: str = "", anyone: bool = False
) -> str:
    """Who follows `company` and the command that stops it, said once: "This channel
    follows Klarna: /layoffs unsubscribe Klarna here to stop." (`how`: " by direct
    message", after the company). An alert's footer and a lookup's note say it alike;
    at the console the typed `here` tells the console's own alerts from the user's (it
    said "The console (`here`) follows Meta. /layoffs unsubscribe Meta here to stop.").
    `anyone`: read by everyone in the channel (an alert posted there), of whom only its
    managers may stop it: it told every member to, who were then refused (session 18)."""
    options = platform == DISCORD
    if channel:
        who = "The console follows" if platform == "console" else "This channel follows"
        stop = typed_or_options(options, "unsubscribe", company=company, where="here")
        if anyone and platform != "console":
            return f"{who} {company}{how}: a channel manager can stop it with {stop}."
    else:
        who, stop = "You follow", typed_or_options(options, "unsubscribe", company=company)
    return f"{who} {company}{how}: {stop} to stop."


def enable_hint(url: str, workspace: str) -> str:
    """How a disabled feed is polled again, for whoever reads a poll's lines: the reason
    alone ("refused: 127.0.0.1 is a loopback address (set ...=true ...)") left the feed
    disabled once the setting was set (session 18's trial)."""
    if not workspace:
        return f"layoffbot feeds enable {url} polls it again"
    if workspace.startswith("console:"):
        return f"/layoffs feeds enable {url} polls it again"
    return "a manager of its workspace can enable it again (/layoffs feeds enable)"
