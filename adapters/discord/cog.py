"""The `/layoffs` command group: Discord interactions -> `Command` -> core -> embeds.

One `app_commands.Group` (discord.py's cog-like unit for a client without `ext.commands`)
whose subcommands, options, choices and autocompletes are generated from the core's
command table (bot.commands.table), so Discord offers every option the text commands
take. Each subcommand defers at once (ephemeral, "thinking"), hands the core a `Command`
with the typed options (checked there, never re-parsed), and follows up with the rendered
reply. The adapter holds no rules: who may change digests and feeds is the core's call,
made from `Command.is_manager` (the member's Manage Server permission here).
"""

from __future__ import annotations

import inspect
import io
import logging
from collections.abc import Callable, Coroutine, Mapping
from functools import lru_cache
from typing import Any, Literal, Optional
from zoneinfo import available_timezones

import discord
from discord import app_commands

from adapters.discord.permissions import with_permission_note
from adapters.discord.translate import attachment_name, describe_failure, render
from bot.commands.spec import Arg, CommandSpec
from bot.commands.table import SPECS
from bot.models import ArgValue, Command, Message
from bot.ports import CoreApp
from bot.tenancy import tenant_key
from bot.typed_time import zone_as_typed

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_CHOICES = 25
Completer = Callable[
    [discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]
APOLOGY = "Sorry, something went wrong on our side. Please try again in a minute."
NO_MENTIONS = discord.AllowedMentions.none()


def is_manager(interaction: discord.Interaction) -> bool:
    """The member may manage this server (Manage Server, or Administrator)."""
    if interaction.guild_id is None:
        return False
    if interaction.permissions.manage_guild:
        return True
    user = interaction.user
    return isinstance(user, discord.Member) and user.guild_permissions.manage_guild


def to_command(
    interaction: discord.Interaction, spec: CommandSpec, options: Mapping[str, ArgValue]
) -> Command:
    """The neutral command for an interaction: the subcommand and its typed options; ids
    are Discord's snowflakes as strings."""
    return Command(
        text=spec.text(options),
        name=spec.name,
        args=dict(options),
        platform=PLATFORM,
        user_id=str(interaction.user.id),
        channel_id=None if interaction.channel_id is None else str(interaction.channel_id),
        workspace_id=None if interaction.guild_id is None else str(interaction.guild_id),
        is_manager=is_manager(interaction),
        is_direct=interaction.guild_id is None,
    )


async def send_reply(interaction: discord.Interaction, reply: Message) -> None:
    """Follow up a deferred interaction with the rendered reply (chart attached to the first)."""
    for i, embeds in enumerate(render(reply)):
        if i == 0 and reply.image is not None:
            chart = discord.File(
                io.BytesIO(reply.image.data),
                filename=attachment_name(reply.image),
                description=reply.image.alt_text[:1024] or None,
            )
            await interaction.followup.send(
                embeds=embeds, file=chart, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        else:
            await interaction.followup.send(
                embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS
            )


async def apologize(interaction: discord.Interaction) -> None:
    """A short ephemeral apology; never the exception itself."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
    except Exception as exc:  # the interaction may have expired, or we are shutting down
        log.warning("could not apologize for interaction %s: %r", interaction.id, exc)


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    # No Etc/GMT±N: their sign is the reverse of what it reads ("+2" offered Etc/GMT+2,
    # two hours behind UTC); `digest on` refuses a fixed offset typed and names a place.
    return tuple(
        sorted(z for z in available_timezones() if ("/" in z and z[:4] != "Etc/") or z == "UTC")
    )


def timezone_choices(current: str) -> list[app_commands.Choice[str]]:
    """IANA zones matching what was typed: the zone's name starting with it, then its city
    ('Lon' is Europe/London before America/Blanc-Sablon), then containing it."""
    needle = current.strip().lower().replace(" ", "_")

    def rank(zone: str) -> int:
        low = zone.lower()
        if low.startswith(needle):
            return 0
        return 1 if low.rsplit("/", 1)[-1].startswith(needle) else 2

    matches = [z for z in _zones() if needle in z.lower()]
    ranked = sorted(matches, key=rank)  # stable: alphabetical within a rank
    meant = _zone_meant(current)
    if meant is not None:
        # What `digest on` reads it as (PST, CET, Bangalore, San Francisco), first: the
        # zone database names none of them, and the list said "no options" to a zone the
        # command takes (session 17).
        ranked = [meant, *(z for z in ranked if z != meant)]
    return [app_commands.Choice(name=z, value=z) for z in ranked[:MAX_CHOICES]]


def _zone_meant(typed: str) -> str | None:
    if not typed.strip():
        return None
    try:
        return zone_as_typed(typed.strip())
    except ValueError:  # not a zone (yet): the names containing it are offered
        return None


class LayoffsCog(app_commands.Group):
    """`/layoffs company|latest|search|trends|subscribe|unsubscribe|subscriptions|digest|feeds|why|help`."""

    def __init__(self, app: CoreApp) -> None:
        super().__init__(
            name="layoffs", description="AI-driven layoff news: look up, subscribe, digests"
        )
        self.app = app
        for spec in SPECS:
            self.add_command(self._subcommand(spec))

    def _subcommand(self, spec: CommandSpec) -> app_commands.Command[Any, ..., None]:
        """One subcommand, its options typed from the spec's arguments."""
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=spec.name,
            description=spec.summary,
            callback=self._callback(spec),
            parent=self,
        )
        described = {a.name: a.help[:100] for a in spec.args}
        if described:
            command = app_commands.describe(**described)(command)
        completers = self._completers()
        for arg in spec.args:
            if arg.autocomplete is not None:
                command = app_commands.autocomplete(**{arg.name: completers[arg.autocomplete]})(
                    command
                )
        return command

    def _callback(self, spec: CommandSpec) -> Callable[..., Coroutine[Any, Any, None]]:
        """A callback whose signature discord.py reads as the subcommand's options."""

        async def callback(interaction: discord.Interaction, **options: ArgValue | None) -> None:
            given = {k: v for k, v in options.items() if v is not None}
            await self.run(interaction, spec, given)

        parameters = [
            inspect.Parameter(
                "interaction",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=discord.Interaction,
            )
        ]
        for arg in sorted(spec.args, key=lambda a: not a.required):  # required ones first
            parameters.append(
                inspect.Parameter(
                    arg.name,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    annotation=option_type(arg),
                    default=inspect.Parameter.empty if arg.required else None,
                )
            )
        callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        return callback

    def _completers(self) -> dict[str, Completer]:
        """Free functions (not methods): discord.py passes them (interaction, current)."""

        async def company(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return await self.company_autocomplete(interaction, current)

        async def timezone(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return timezone_choices(current)

        async def followed(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return await self.followed_autocomplete(interaction, current)

        return {"company": company, "followed": followed, "timezone": timezone}

    async def run(
        self, interaction: discord.Interaction, spec: CommandSpec, options: dict[str, ArgValue]
    ) -> None:
        """Acknowledge at once, then ask the core and follow up; apologize on a failure."""
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.HTTPException:
            log.warning("interaction %s expired before it was acknowledged", interaction.id)
            return
        try:
            reply = await self.app.handle(to_command(interaction, spec, options))
        except Exception:
            log.exception("/layoffs %s failed", spec.name)
            await apologize(interaction)
            return
        try:
            threads = spec.name == "digest"  # only a digest's stories start threads
            await send_reply(interaction, with_permission_note(reply, interaction, threads=threads))
        except Exception as exc:
            what, side = describe_failure(exc)
            if side == "other":
                log.exception("/layoffs %s failed", spec.name)
            else:  # Discord's outage or the network's, past discord.py's retries: one line
                # (a 500 on the follow-up logged a traceback at ERROR, as if the bot's bug)
                log.warning("could not answer /layoffs %s: %s", spec.name, what)
            await apologize(interaction)

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        log.error("/layoffs failed: %s", error, exc_info=error)
        await apologize(interaction)

    async def followed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await _followed_choices(self.app, interaction, current)

    async def company_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            tenant = tenant_key(
                "discord",
                str(interaction.guild_id) if interaction.guild_id else None,
                str(interaction.user.id),
            )
            names = await self.app.complete_company(
                current.strip(), limit=MAX_CHOICES, tenant=tenant, user=str(interaction.user.id)
            )
        except Exception:
            log.exception("company autocomplete failed")
            return []
        return [
            app_commands.Choice(name=name[:100], value=name[:100])
            for name in names[:MAX_CHOICES]
            if name.strip()
        ]


async def _followed_choices(
    app: CoreApp, interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """`unsubscribe`'s companies: the member's own (`where:here`: the channel's)."""
    spec = next(s for s in SPECS if s.name == "unsubscribe")
    here = getattr(interaction.namespace, "where", None) == "here"
    try:
        command = to_command(interaction, spec, {"where": "here" if here else "me"})
        names = (await app.complete_followed(command, current, here=here))[:MAX_CHOICES]
    except Exception:
        log.exception("followed autocomplete failed")
        return []
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names if n.strip()]


def option_type(arg: Arg) -> Any:
    """The annotation discord.py turns into the option: a range for numbers, choices
    for a fixed set, else text; optional unless the argument is required."""
    base: Any = str
    if arg.kind == "int":
        base = app_commands.Range[int, arg.low, arg.high or 2**31 - 1]
    elif arg.kind == "choice":
        base = Literal[arg.choices]
    return base if arg.required else Optional[base]  # noqa: UP045 (a runtime annotation)
