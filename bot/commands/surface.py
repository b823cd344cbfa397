"""How a reply names where things happen, per surface: a chat platform (Slack, Discord)
posts alerts by direct message or in a channel and a digest's stories in threads; the
console (`layoffbot run`'s terminal, and `layoffbot ask`, which shares its channel)
prints both in the terminal. The commands' logic is the same on every surface: only
these words differ (`Command.platform` says which surface the command came from)."""

from __future__ import annotations

from bot.hints import DISCORD, typed_or_options
from bot.models import Command
from bot.tenancy import REMOVED_REASON

CONSOLE = "console"
AT_THE_CONSOLE = "printed at the console (the terminal running `layoffbot run`)"


def at_console(command: Command) -> bool:
    return command.platform == CONSOLE


def alerts_go(command: Command, *, here: bool) -> str:
    """How a subscription's alerts reach their reader: "posted by direct message"."""
    if at_console(command):
        return AT_THE_CONSOLE
    return "posted in this channel" if here else "posted by direct message"


def list_headings(command: Command) -> tuple[str, str]:
    """The subscriptions list's headings: the user's own, then the channel's."""
    if at_console(command):
        return "Yours", "The console channel's (`here`)"
    return "By direct message", "In this channel"


def whose(command: Command, *, here: bool) -> str:
    """Which of the two subscriptions (the user's own or the channel's) a reply means, as
    a phrase after a company: " by direct message". At the console both print in the
    terminal: the channel's is named as such, the user's needs no words."""
    if at_console(command):
        return " for the console channel (`here`)" if here else ""
    return " in this channel" if here else " by direct message"


def digest_posting(command: Command) -> str:
    """What `digest now` does with the digest it planned."""
    if at_console(command):
        return "Printing the digest here now."
    return f"Posting {this_place(command)}'s digest now (each story gets its own thread)."


def named_options(command: Command) -> bool:
    """The command came as named options (Discord's `/layoffs digest action:quiet
    quiet:on`), not typed words, or from Discord, where only options can be given: a
    reply telling what to type says it that way."""
    return command.name is not None or command.platform == DISCORD


def how_to(command: Command | None, name: str, **options: str) -> str:
    """A command to give next, as the user gives commands (see `typed_or_options`); typed
    words where no command asked (a company lookup made for another reply)."""
    return typed_or_options(command is not None and named_options(command), name, **options)


def this_place(command: Command) -> str:
    """The chat a command came from, in a reply about its digest: "this channel", or
    "this conversation" for a direct message (Slack's DM with the bot said a digest
    "is posted in this channel", trial 15)."""
    return "this conversation" if command.is_direct else "this channel"


def digest_place(command: Command) -> str:
    """Where the channel's digest appears: "in this channel". The console has no channel:
    its digest is printed in the terminal."""
    return "at the console" if at_console(command) else f"in {this_place(command)}"


def digest_appears(command: Command) -> str:
    """How the digest appears there, as a verb: "is posted in this channel"."""
    return (
        "is printed at the console" if at_console(command) else f"is posted {digest_place(command)}"
    )


def follower(command: Command) -> str:
    """Who follows a company with `here`, as a sentence's subject."""
    return "The console (`here`)" if at_console(command) else "This channel"


# What Slack calls a workspace, Discord calls a server; the console is neither: its
# feeds and digest are the console's (session 12: Discord's help said "workspace").
_PLACE = {
    "discord": {"This workspace": "This server", "this workspace": "this server"},
    CONSOLE: {
        "This workspace": "The console",
        "this workspace": "the console",
        # The help's words for a channel: the terminal has none (trial 13; its replies
        # were worded for the terminal in session 12, the help was not).
        "by direct message, or `here` in this channel (managers)": "printed at the console",
        "What you and this channel follow": "What the console follows",
        "This channel's daily digest (managers change it)": "The console's daily digest",
    },
}
_EVERY = {"discord": "every server", CONSOLE: "the bot always"}


def in_own_words(command: Command, text: str) -> str:
    """`text`, one of the commands' own sentences (never a feed's or a user's words), with
    "this workspace" and "every workspace" as the surface says them."""
    return in_words_of(command.platform, text)


def in_words_of(platform: str, text: str) -> str:
    """`in_own_words` for a platform's own rows (a digest, a subscription) shown where
    no command of theirs asked."""
    for slack, said in _PLACE.get(platform, {}).items():
        text = text.replace(slack, said)
    every = _EVERY.get(platform)
    return text.replace("every workspace", every) if every else text


def paused_because(platform: str, reason: str) -> str:
    """A stored pause reason as its platform says it: REMOVED_REASON, one of the bot's
    own sentences, is stored (and matched) in Slack's words, and a Discord member whose
    server removed the bot read "removed from this workspace". Other reasons (a
    platform's error) are shown as they are."""
    return in_words_of(platform, reason) if reason.startswith(REMOVED_REASON) else reason
