"""Who may run what: the one permission table the router enforces and every reply's
hints read (the help, greetings, "did you mean", a reply's next step).

A reply offered commands its asker would be refused: members who are no managers were
told to `digest on`, `feeds add` or follow a company `here` (platform trial 17), as
guests had been told to subscribe (17b). `refusal` is the rule; the router raises it,
`offer` and `may_run` leave a command out of a reply when it would be raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.spec import GUEST_COMMANDS, Args, CommandSpec, Usage
from bot.commands.surface import how_to
from bot.errors import CommandError, PermissionDenied

if TYPE_CHECKING:
    from bot.commands.context import Context
    from bot.models import Command

# A Slack Connect channel's member from another organisation: the workspace's own feeds,
# subscriptions, digest and feeds are its members' (docs/slack.md, "Slack Connect").
GUEST = (
    "You are in this channel from another organisation: you can look news up here "
    "(a company, latest, search, trends, why), from the bot's shared feeds only. Alerts, "
    "digests and feeds belong to the workspace that installed the bot."
)
# The same rule when Slack would not say where the user belongs (users.info failed, or no
# users:read scope): every member of the workspace was told they were from another
# organisation (session 17).
UNPLACED = (
    "Slack would not tell me whether you belong to this workspace, so for now you can only "
    "look news up here (a company, latest, search, trends, why), from the bot's shared "
    "feeds. Try again in a minute; if this lasts, whoever runs the bot finds why in its log."
)
# A Discord DM belongs to no server: nobody manages it, so a server's manager asking there
# was told "Only members with Manage Server can change this channel's digest" (trial 13).
IN_A_DM = (
    "A direct message belongs to no server: digests, a channel's alerts and feeds are set "
    "in a server's channel, by its managers. Here you can look news up and follow "
    "companies by direct message: {subscribe}."
)


def effective_args(spec: CommandSpec, command: Command, args: Args) -> Args:
    """In a direct message `here` is the user's own DM: following a company both ways
    there posted each alert twice in it (trial 13), and a member who is no manager was
    refused their own DM's alerts."""
    if command.is_direct and spec.manager_arg == "where" and args.get("where") == "here":
        return {**args, "where": "me"}
    return args


def refusal(
    ctx: Context, spec: CommandSpec, command: Command, args: Args
) -> CommandError | PermissionDenied | None:
    """Why `command`'s asker may not run `spec` with `args`, or None. A `Usage` is a
    command run where it cannot be (the router adds its syntax). Shared re-runs are the
    router's own rule (only lookups are re-run)."""
    if command.guest and not (spec.shareable or spec.name in GUEST_COMMANDS):
        return PermissionDenied(UNPLACED if command.unplaced else GUEST)
    if spec.channel_only and not command.channel_id:
        return Usage(spec.channel_only)
    if spec.needs_manager(args):
        if command.is_direct and not command.workspace_id:
            follow = how_to(command, "subscribe", company="<company>")
            return PermissionDenied(IN_A_DM.format(subscribe=follow))
        return ctx.manager_refusal(command, spec.manager_what.format(**args))
    return None


def may_run(ctx: Context, command: Command | None, name: str, **args: str) -> bool:
    """Whether the router would run `name` with `args` for this asker (no asker: a
    reply built for nobody in particular, which may name anything)."""
    spec = next((s for s in ctx.specs if s.name == name), None)
    if command is None or spec is None:
        return True
    return refusal(ctx, spec, command, effective_args(spec, command, args)) is None


def offer(ctx: Context, command: Command | None, name: str, **args: str) -> str | None:
    """`how_to` the command, or None when its asker would be refused it."""
    return how_to(command, name, **args) if may_run(ctx, command, name, **args) else None


def may_run_typed(ctx: Context, command: Command | None, typed: str) -> bool:
    """`may_run` for a command as typed ('/layoffs digest on 08:00', a typo's fix)."""
    from bot.commands.parse import split

    try:
        parsed = split(typed.removeprefix("/layoffs").strip())
        raw = parsed.raw_args()
    except CommandError:
        return True  # not a command as typed: nothing to refuse
    args = {k: str(v) for k, v in raw.items() if v is not None}
    return may_run(ctx, command, parsed.spec.name, **args)


def runnable_forms(ctx: Context, command: Command, spec: CommandSpec) -> list[dict[str, str]]:
    """The forms of `spec` its asker may run: [{}] when every form (or the command has no
    manager-only part), one dict per allowed value of the managed argument otherwise
    (`digest settings` of `digest`), [] when none."""
    if isinstance(spec.manager_only, tuple):
        managed = spec.arg(spec.manager_arg)
        values = [c for c in managed.choices if c not in spec.manager_only]
        if all(may_run(ctx, command, spec.name, **{spec.manager_arg: c}) for c in managed.choices):
            return [{}] if may_run(ctx, command, spec.name) else []
        return [
            {spec.manager_arg: c}
            for c in values
            if may_run(ctx, command, spec.name, **{spec.manager_arg: c})
        ]
    return [{}] if may_run(ctx, command, spec.name) else []


def managers_change(ctx: Context, command: Command) -> str | None:
    """Who changes what a member may not ("Only channel managers can change this
    channel's digest, add, remove or enable feeds ..."), from the same table; None when
    the asker may run every command there is."""
    if command.guest:  # a guest may change nothing: whose these are (GUEST)
        return "Alerts, digests and feeds belong to the workspace that installed the bot."
    if command.is_direct and not command.workspace_id:  # a Discord DM: IN_A_DM
        return (
            "Digests, a channel's alerts and feeds are set in a server's channel, by its managers."
        )
    whats = []
    for spec in ctx.specs:
        if spec.manager_only is False or not spec.listed:
            continue
        values = spec.manager_only if isinstance(spec.manager_only, tuple) else ()
        args = {spec.manager_arg: values[0]} if values else {}
        if not may_run(ctx, command, spec.name, **args):
            whats.append(_what(spec))
    if not whats:
        return None
    who = "members with Manage Server" if command.platform == "discord" else "channel managers"
    said = list(dict.fromkeys(whats))
    listed = ", ".join(said[:-1]) + f" and {said[-1]}" if len(said) > 1 else said[0]
    return f"Only {who} can {listed}."


def form_text(command: Command, spec: CommandSpec, form: dict[str, str]) -> str:
    """One allowed form of a command ('/layoffs digest settings', '/layoffs subscribe
    <company>'): its required arguments as placeholders, the managed one as allowed."""
    options = {
        a.name: form.get(a.name, f"<{a.name}>")
        for a in spec.args
        if a.name in form or (a.required and a.kind != "choice")
    }
    return how_to(command, spec.name, **options)


def usage_for(
    ctx: Context, spec: CommandSpec, command: Command, problem: str | None
) -> CommandError | None:
    """A usage error naming only the forms the asker may run ("Usage: /layoffs digest
    settings" for a member, not `digest on [HH:MM] ...`) and who may run the rest; None
    when they may run every form (the spec's own usage says it)."""
    forms = runnable_forms(ctx, command, spec)
    if forms in ([], [{}]) or not isinstance(spec.manager_only, tuple):
        return None
    shown = " | ".join(form_text(command, spec, form) for form in forms)
    refused = refusal(ctx, spec, command, {spec.manager_arg: spec.manager_only[0]})
    if refused is not None and not command.is_direct:  # who may, of every managed form
        refused = ctx.manager_refusal(command, _what(spec)) or refused
    who = str(refused).split(". ")[0].rstrip(".") + "." if refused is not None else ""
    text = f"Usage: {shown}\n{who}".rstrip()
    return CommandError(f"{problem}\n{text}" if problem else text)


def _what(spec: CommandSpec) -> str:
    """What a manager's forms of `spec` do, all of them: "add, remove or enable feeds"."""
    values = spec.manager_only if isinstance(spec.manager_only, tuple) else ()
    shown = {spec.manager_arg: ", ".join(values[:-1]) + f" or {values[-1]}"} if values else {}
    return spec.manager_what.format(**shown) if "{" in spec.manager_what else spec.manager_what
