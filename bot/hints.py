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
