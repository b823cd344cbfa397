"""`Commands`: a `Command` -> its spec and typed arguments -> the handler -> `Message`.

Typed text is parsed (bot.commands.parse); typed options (Discord, Slack buttons) are
only checked. Both are bound by the same `CommandSpec.bind`, so a handler never sees an
unchecked value and never re-parses text.

Subcommand or company? Text starting with a subcommand's name is that subcommand, unless
the rest does not fit it and the whole text is a company the tenant's stories name
("/layoffs Help Scout" while "help" takes no words): then it is that company's lookup.
`/layoffs company <name>` always looks a company up, whatever its name. `help` followed
by words that name no company still shows the help.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands.context import Context
from bot.commands.forms import option_example, option_syntax
from bot.commands.parse import split
from bot.commands.permits import (
    GUEST,
    IN_A_DM,
    UNPLACED,
    effective_args,
    refusal,
    runnable_forms,
    usage_for,
)
from bot.commands.spec import Args, CommandSpec, Usage, clip
from bot.commands.table import BY_NAME, SPECS
from bot.errors import CommandError
from bot.models import Command, Message

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.ports import FeedService
    from bot.store import Store


NOT_SHAREABLE = (
    "Only lookups (a company, latest, search, trends) can be shared to the channel; "
    "nothing was changed or posted."
)
__all__ = ["GUEST", "IN_A_DM", "NOT_SHAREABLE", "UNPLACED", "Commands", "usage"]


class Commands:
    """The command table bound to a store: `run` answers one command."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        feed_service: FeedService | None,
        clock: Callable[[], datetime],
        *,
        kick_outbox: Callable[[], None] | None = None,
    ) -> None:
        self.ctx = Context(store, settings, feed_service, clock, kick_outbox=kick_outbox)
        self.ctx.specs = SPECS

    async def run(self, command: Command) -> Message:
        """The answer; raises CommandError (with usage) or PermissionDenied for the
        user's mistakes, which `bot.app.App` turns into error messages."""
        # One trip to a worker thread for checking and answering (the store is
        # synchronous); only `feeds`, which needs the network, comes back to the loop.
        spec, args, reply = await asyncio.to_thread(self._answer, command)
        if reply is not None:
            return reply
        assert spec.async_handler is not None
        try:
            return await spec.async_handler(self.ctx, command, args)
        except Usage as problem:
            raise self._usage(spec, command, problem.problem) from None

    def _answer(self, command: Command) -> tuple[CommandSpec, Args, Message | None]:
        """The spec, its checked arguments and, for a synchronous handler, the answer."""
        spec, args = self.prepare(command)
        if spec.async_handler is not None:
            return spec, args, None
        assert spec.handler is not None
        try:
            return spec, args, spec.handler(self.ctx, command, args)
        except Usage as problem:
            raise self._usage(spec, command, problem.problem) from None

    def prepare(self, command: Command) -> tuple[CommandSpec, Args]:
        """The spec and checked arguments of a command, permissions checked."""
        if command.name is not None:
            spec = BY_NAME.get(command.name)
            if spec is None:
                raise CommandError(f"There is no command {command.name!r}. Try /layoffs help.")
            try:
                args: Args = spec.bind(command.args)
            except Usage as problem:
                raise self._usage(spec, command, problem.problem) from None
        else:
            spec, args = self._parse(command)
        args = effective_args(spec, command, args)
        self._permit(spec, command, args)
        return spec, args

    def _parse(self, command: Command) -> tuple[CommandSpec, Args]:
        _no_leading_mention(command)
        parsed = split(command.text)
        try:
            return parsed.spec, parsed.spec.bind(parsed.raw_args())
        except Usage as problem:
            if parsed.spec.name != "company" and self._names_company(parsed.text, command):
                return BY_NAME["company"], {"company": parsed.text}
            if parsed.spec.name == "help":
                return parsed.spec, {}
            self._refuse_mistyped(parsed.spec, command, parsed.words)
            raise self._usage(parsed.spec, command, problem.problem) from None

    def _refuse_mistyped(self, spec: CommandSpec, command: Command, words: tuple[str, ...]) -> None:
        """A mistyped command its asker may not run at all ('digest on 8 foo' from a
        member): the refusal, not its usage ("Did you mean `/layoffs digest on 8`?" offered
        a member a command the router then refused)."""
        managed = next((a for a in spec.args if a.name == spec.manager_arg), None)
        said = {w.lower() for w in words}
        values = [c for c in (managed.choices if managed else ()) if c in said]
        tried = {spec.manager_arg: values[0]} if values else {}
        if spec.needs_manager(tried) or not runnable_forms(self.ctx, command, spec):
            refused = refusal(self.ctx, spec, command, tried)
            if refused is not None and not isinstance(refused, Usage):
                raise refused

    def _names_company(self, text: str, command: Command) -> bool:
        """The whole text is a company the tenant's stories name (not just close to one)."""
        from bot.companies import company_key

        exact = self.ctx.resolve(text, self.ctx.tenant(command)).exact
        return exact is not None and company_key(exact) == company_key(text)

    def _permit(self, spec: CommandSpec, command: Command, args: Args) -> None:
        if command.shared and not spec.shareable:
            # Slack's Share button re-runs its command with the clicker's rights: it must
            # never subscribe, change a digest or a feed on the way to posting an answer.
            raise CommandError(NOT_SHAREABLE)
        refused = refusal(self.ctx, spec, command, args)
        if isinstance(refused, Usage):
            raise self._usage(spec, command, refused.problem)
        if refused is not None:
            raise refused

    def _usage(self, spec: CommandSpec, command: Command, problem: str | None) -> CommandError:
        """`usage`, naming only the forms its asker may run (bot.commands.permits)."""
        return usage_for(self.ctx, spec, command, problem) or usage(spec, command, problem)


def _no_leading_mention(command: Command) -> None:
    """Typed text starting with a mention of someone else (`<@U999> latest`: the
    adapters drop only the bot's own) or of a channel was looked up as a company, "No
    stories yet about <@U999> latest" (session 17). No company is named that way
    (`subscribe` refuses it too): say what to type. The mention is not echoed: posted
    back in a channel or a thread, it would notify that person."""
    import re

    from bot.commands.subscriptions import PLATFORM_MARKUP

    text = command.text.strip()
    found = re.match(PLATFORM_MARKUP, text)
    if found is None:
        return
    rest = " ".join(re.sub(PLATFORM_MARKUP, " ", text[found.end() :]).strip(" :,").split())
    example = f"/layoffs {clip(rest, 60)}" if rest else "/layoffs latest"
    raise CommandError(
        "That starts with a mention of someone (or of a channel), so I did not look it up "
        f"as a company: I read only what comes after my own name. Type the command, like "
        f"{example}, or mention me first."
    )


def usage(spec: CommandSpec, command: Command, problem: str | None) -> CommandError:
    """The usage error in the form the user gave the command: typed words (Slack, the
    console) or named options (Discord's `/layoffs digest action:on time:08:30`; shown
    `digest on [HH:MM] ...` there, the user had no way to type it)."""
    if command.name is None:
        return spec.usage(problem)
    text = f"Usage: {option_syntax(spec)}"
    if example := option_example(spec):
        text += f"\nExample: {example}"
    return CommandError(f"{problem}\n{text}" if problem else text)
