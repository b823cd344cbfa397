"""`python -m bot` is `layoffbot`."""

from bot.cli import command

command()
