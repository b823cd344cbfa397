"""The `/layoffs` command group: Discord interactions -> `Command` -> core -> embeds.

One `app_commands.Group` (discord.py's cog-like unit for a client without `ext.commands`)
whose subcommands mirror the core's commands. Each handler defers at once (ephemeral,
"thinking"), builds the `/layoffs ...` text, asks the core and follows up with the rendered
reply. The adapter holds no rules: who may change digests and feeds is the core's call,
made from `Command.is_manager` (the member's Manage Server permission here).
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from typing import Literal
from zoneinfo import available_timezones

import discord
from discord import app_commands

from adapters.discord.embeds import attachment_name, render
from bot.models import Command, Message
from bot.ports import CoreApp
from bot.tenancy import tenant_key

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_CHOICES = 25
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


def to_command(interaction: discord.Interaction, text: str) -> Command:
    """The neutral command for an interaction; ids are Discord's snowflakes as strings."""
    return Command(
        text=text,
        platform=PLATFORM,
        user_id=str(interaction.user.id),
        channel_id=None if interaction.channel_id is None else str(interaction.channel_id),
        workspace_id=None if interaction.guild_id is None else str(interaction.guild_id),
        is_manager=is_manager(interaction),
        is_direct=interaction.guild_id is None,
    )


def join(*parts: str | int | None) -> str:
    """`/layoffs` text from its words, leaving out the options the user did not give."""
    return " ".join(str(p).strip() for p in parts if p is not None and str(p).strip())


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
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def timezone_choices(current: str) -> list[app_commands.Choice[str]]:
    """IANA zones matching what was typed: prefix matches first, then substring matches."""
    needle = current.strip().lower().replace(" ", "_")
    zones = _zones()
    prefix = [z for z in zones if z.lower().startswith(needle)]
    inner = [z for z in zones if needle in z.lower() and not z.lower().startswith(needle)]
    return [app_commands.Choice(name=z, value=z) for z in (prefix + inner)[:MAX_CHOICES]]


class LayoffsCog(app_commands.Group):
    """`/layoffs company|latest|search|trends|subscribe|unsubscribe|subscriptions|digest|feeds|why|help`."""

    def __init__(self, app: CoreApp) -> None:
        super().__init__(
            name="layoffs", description="AI-driven layoff news: look up, subscribe, digests"
        )
        self.app = app

    async def run(self, interaction: discord.Interaction, text: str) -> None:
        """Acknowledge at once, then ask the core and follow up; apologize on a failure."""
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.HTTPException:
            log.warning("interaction %s expired before it was acknowledged", interaction.id)
            return
        try:
            reply = await self.app.handle(to_command(interaction, text))
            await send_reply(interaction, reply)
        except Exception:
            log.exception("/layoffs %s failed", text.split(" ", 1)[0])
            await apologize(interaction)

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        log.error("/layoffs failed: %s", error, exc_info=error)
        await apologize(interaction)

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
                current.strip(), limit=MAX_CHOICES, tenant=tenant
            )
        except Exception:
            log.exception("company autocomplete failed")
            return []
        return [
            app_commands.Choice(name=name[:100], value=name[:100])
            for name in names[:MAX_CHOICES]
            if name.strip()
        ]

    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return timezone_choices(current)

    @app_commands.command(name="company", description="Recent AI-layoff news about one company")
    @app_commands.describe(company="Company name")
    @app_commands.autocomplete(company=company_autocomplete)
    async def company(self, interaction: discord.Interaction, company: str) -> None:
        await self.run(interaction, join(company))

    @app_commands.command(name="latest", description="The latest AI-layoff stories")
    @app_commands.describe(n="How many stories (1-25)")
    async def latest(
        self, interaction: discord.Interaction, n: app_commands.Range[int, 1, 25] | None = None
    ) -> None:
        await self.run(interaction, join("latest", n))

    @app_commands.command(name="search", description="Search stories by words")
    @app_commands.describe(words="Words to look for")
    async def search(self, interaction: discord.Interaction, words: str) -> None:
        await self.run(interaction, join("search", words))

    @app_commands.command(name="trends", description="AI layoffs over time, with a chart")
    @app_commands.describe(period="How far back")
    async def trends(
        self,
        interaction: discord.Interaction,
        period: Literal["7d", "30d", "90d", "1y"] | None = None,
    ) -> None:
        await self.run(interaction, join("trends", period))

    @app_commands.command(name="subscribe", description="Get an alert when a company has news")
    @app_commands.describe(company="Company name", where="Alert me by DM, or post in this channel")
    @app_commands.autocomplete(company=company_autocomplete)
    async def subscribe(
        self,
        interaction: discord.Interaction,
        company: str,
        where: Literal["me", "here"] = "me",
    ) -> None:
        await self.run(interaction, join("subscribe", company, "here" if where == "here" else None))

    @app_commands.command(name="unsubscribe", description="Stop alerts about a company")
    @app_commands.describe(company="Company name")
    @app_commands.autocomplete(company=company_autocomplete)
    async def unsubscribe(self, interaction: discord.Interaction, company: str) -> None:
        await self.run(interaction, join("unsubscribe", company))

    @app_commands.command(name="subscriptions", description="Your alerts and this channel's")
    @app_commands.describe(page="Which page of a long list (50 a page)")
    async def subscriptions(
        self,
        interaction: discord.Interaction,
        page: app_commands.Range[int, 1, 100_000] | None = None,
    ) -> None:
        await self.run(interaction, join("subscriptions", page))

    # Discord ignores default_permissions on subcommands; it documents intent here, and the
    # core enforces it from Command.is_manager (plus LAYOFFBOT_MANAGERS).
    @app_commands.command(name="digest", description="This channel's daily digest")
    @app_commands.describe(
        action="Turn on, turn off, send now, or show settings",
        time="Time of day, HH:MM (24-hour)",
        timezone="IANA time zone, e.g. Europe/Berlin",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @app_commands.default_permissions(manage_guild=True)
    async def digest(
        self,
        interaction: discord.Interaction,
        action: Literal["on", "off", "now", "settings"],
        time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        await self.run(interaction, join("digest", action, time, timezone))

    @app_commands.command(name="feeds", description="The feeds this server follows")
    @app_commands.describe(
        action="List, add, remove or re-enable a feed", url="Feed URL (add, remove, enable)"
    )
    @app_commands.default_permissions(manage_guild=True)
    async def feeds(
        self,
        interaction: discord.Interaction,
        action: Literal["list", "add", "remove", "enable"],
        url: str | None = None,
    ) -> None:
        await self.run(interaction, join("feeds", action, url))

    @app_commands.command(name="why", description="Why a story is (or is not) counted")
    @app_commands.describe(link="Link to the article")
    async def why(self, interaction: discord.Interaction, link: str) -> None:
        await self.run(interaction, join("why", link))

    @app_commands.command(name="help", description="What layoffbot can do")
    async def help(self, interaction: discord.Interaction) -> None:
        await self.run(interaction, "help")
