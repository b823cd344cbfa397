"""Discord adapter: `/layoffs` slash commands in, embeds out (discord.py lives only here)."""

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.invite import invite_url

__all__ = ["DiscordAdapter", "invite_url"]
