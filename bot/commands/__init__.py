"""The `/layoffs` command: a declared table, a parser, a router and handlers.

Platform-neutral. Every handler returns a `Message`; user mistakes are answered (usage
help, a refusal, "did you mean"), never raised past `bot.app.App`, so adapters only
translate. Anything echoed back from the user is clipped; adapters escape all text, so
markup and mentions in input are harmless.

Where things are:
  spec.py     Arg and CommandSpec: the shape of a declaration; converting a value
  table.py    SPECS: every subcommand, declared once
  parse.py    typed text -> spec + raw arguments (grammars)
  router.py   Commands: bind, check permissions, run the handler
  context.py  Context: what handlers may use (store, settings, clock, company resolver)
  index.py    CompanyIndex: the companies a tenant may see, kept between commands
  lookup.py, trends.py, subscriptions.py, digests.py, feeds.py, why.py, help.py: handlers
"""

from __future__ import annotations

from bot.commands.context import Context, Resolution, error_message
from bot.commands.digests import digest_section
from bot.commands.index import CompanyIndex, KnownCompanies
from bot.commands.router import Commands
from bot.commands.spec import Arg, CommandSpec, clip
from bot.commands.subscriptions import subscription_section
from bot.commands.table import BY_NAME, SPECS

__all__ = [
    "BY_NAME",
    "SPECS",
    "Arg",
    "CommandSpec",
    "Commands",
    "CompanyIndex",
    "Context",
    "KnownCompanies",
    "Resolution",
    "clip",
    "digest_section",
    "error_message",
    "subscription_section",
]
