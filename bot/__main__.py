"""`python -m bot` is `layoffbot`."""

from bot.cli import main

main()
