"""Discord adapter tests, end to end through discord.py against tests/discord/fake_discord.py."""
