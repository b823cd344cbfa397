"""Discord adapter: `/layoffs` slash commands in, embeds out (discord.py lives only here).

`adapter.DiscordAdapter` is the adapter; `invite` builds the link that adds the bot to a
server without loading discord.py (`layoffbot discord invite` starts in a fraction of the
time), so this package imports none of its modules itself.
"""
