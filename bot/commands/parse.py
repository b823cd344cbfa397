"""Typed text (console, Slack, `layoffbot ask`) -> a command spec and its raw arguments.

Each spec names a grammar: how the words after the subcommand map onto its arguments.
The values stay text here; `CommandSpec.bind` converts and checks them, the same way as
for Discord's typed options. Text whose first word is no subcommand is a company lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.commands.feeds import MAX_FEEDS_AT_ONCE
from bot.commands.spec import (
    SYNONYMS,
    CommandSpec,
    Usage,
    clean_chars,
    clip,
    folded_width,
    looks_like_time,
)
from bot.commands.table import BY_NAME
from bot.errors import CommandError
from bot.models import ArgValue

MAX_COMMAND_CHARS = 1000
HELP_WORDS = ("?", "-h", "--help", "commands")
# '/layoffs/ibm' (a space typed as a slash, as in a URL's path) is '/layoffs ibm' (trial 15).
_COMMAND_NAME = re.compile(r"(?:/lay[ -]?of+s?|layoffs)(?:\s+|/\s*|$)", re.IGNORECASE)

Raw = dict[str, ArgValue | None]


def clean_input(text: str) -> str:
    """Control and invisible characters out, whitespace collapsed, leading /layoffs off."""
    text = clean_chars(text)
    text = " ".join(text.split())
    typed = _COMMAND_NAME.match(text)  # '/layoffs', and its typos '/layoff', 'layofs'
    return text[typed.end() :].strip() if typed else text


@dataclass(frozen=True)
class Parsed:
    """A subcommand and the words after it; `text` is the whole cleaned command."""

    spec: CommandSpec
    words: tuple[str, ...]
    rest: str
    text: str

    def raw_args(self) -> Raw:
        """The words mapped onto the spec's arguments; raises `Usage` when they do not fit."""
        return GRAMMARS[self.spec.grammar](self.spec, self.words, self.rest)


def split(raw: str) -> Parsed:
    """Raises CommandError for text too long to be a command."""
    if len(raw) > MAX_COMMAND_CHARS:
        raise CommandError(
            f"That command is {len(raw):,} characters long; commands are at most "
            f"{MAX_COMMAND_CHARS:,}. Try `/layoffs help`."
        )
    text = clean_input(raw)
    if not text:
        return Parsed(BY_NAME["help"], (), "", text)
    words = text.split(" ")
    name = folded_width(words[0]).lower()  # 'ｌａｔｅｓｔ' is `latest` (trial 17b)
    if name in HELP_WORDS:
        name = "help"
    spec = BY_NAME.get(SYNONYMS.get(name, name))
    if spec is None:
        return Parsed(BY_NAME["company"], tuple(words), text, text)
    return Parsed(spec, tuple(words[1:]), text[len(words[0]) :].strip(), text)


def waiting_note(text: str) -> str | None:
    """What to show at once for typed text whose answer takes a while, where the platform
    shows nothing meanwhile (Slack, after the command's acknowledgement): `feeds add` and
    `feeds enable` fetch each feed first, up to the fetch timeout each. A user who saw
    nothing for ~10 s typed the command again (trial-chat 15). None for the rest."""
    try:
        parsed = split(text)
    except CommandError:
        return None
    if parsed.spec.name != "feeds" or len(parsed.words) < 2:
        return None
    if parsed.words[0].lower() not in ("add", "enable"):
        return None
    links = len(parsed.words) - 1
    feeds = "the feed" if links == 1 else f"the {links} feeds"
    return f"Checking {feeds} first: this can take a few seconds…"


def _none(spec: CommandSpec, words: tuple[str, ...], rest: str) -> Raw:
    if words:
        raise Usage()
    return {}


def _rest(spec: CommandSpec, words: tuple[str, ...], rest: str) -> Raw:
    """The one argument is all the words ('search customer service'). For a one-word
    argument ('latest 10') more words are handed on whole, to be refused by the argument
    with its own message ('“10 20” is not a number of stories')."""
    return {spec.args[0].name: rest or None}


def _company_where(spec: CommandSpec, words: tuple[str, ...], rest: str) -> Raw:
    """'subscribe Amazon here': a trailing `here` means this channel. Typed twice ('Amazon
    here here'), it is still this channel: the first was followed as "Amazon here" (trial 17)."""
    if not words or words[-1].lower() != "here":
        return {"company": rest or None}
    company = list(words[:-1])
    while len(company) > 1 and company[-1].lower() == "here":  # 'HERE here' follows HERE
        company.pop()
    return {"company": " ".join(company) or None, "where": "here"}


def _digest(spec: CommandSpec, words: tuple[str, ...], rest: str) -> Raw:
    """'digest on [HH:MM] [zone]' (either order), 'digest quiet on|off', 'digest off'."""
    if not words:
        raise Usage("What should the digest do? on, off, now, settings or quiet on|off.")
    action, extra = folded_width(words[0]).lower(), words[1:]
    if action == "on":
        return {"action": action, **_time_and_zone(extra)}
    if action == "quiet":
        if len(extra) != 1:
            raise Usage("Say `digest quiet on` or `digest quiet off`.")
        return {"action": action, "quiet": extra[0]}
    if extra and action in ("off", "now", "settings"):
        raise Usage()
    if action not in ("off", "now", "settings"):
        _meant_on(words)
    return {"action": words[0]}


# Words put where `on` goes by a user setting the digest's time: 'digest time 10:00'.
_TIME_WORDS = ("time", "at", "set", "change", "daily", "every", "schedule", "to")


def _meant_on(words: tuple[str, ...]) -> None:
    """'digest time 10:00', 'digest at 10:00', 'digest 10:00 Europe/Berlin': a time with
    no action meant `digest on` with it (trial 15: answered only with the usage). Raises
    `Usage` saying the command meant, as a slip in a command's name gets its hint; returns
    for words that hold no time."""
    from bot.typed_time import time_as_typed, zone_as_typed

    kept = tuple(w for w in words if w.lower() not in _TIME_WORDS)
    if not any(looks_like_time(w) for w in kept):
        return
    try:
        raw = _time_and_zone(kept)
    except Usage:
        return
    try:  # only a command that works is offered: not `digest on 25:00` (trial 16)
        time_as_typed(str(raw.get("time", "09:00")))
        if "timezone" in raw:
            zone_as_typed(str(raw["timezone"]))
    except ValueError as bad:
        raise Usage(str(bad)) from None
    raise Usage(f"Did you mean `/layoffs digest on {' '.join(kept)}`?")


# 'pm' after '8:30' (people type '8:30 pm' as often as '8:30pm'); 'at' and 'in' as in
# 'digest on at 8am in New York'.
_MERIDIEM = r"(?i)^[ap]\.?m\.?$"
_FILLER = ("at", "in")


def _said_after(word: str) -> bool:
    """'pm' in '8:30 pm', 'noon' in '12 noon': a word that finishes the time before it."""
    word = folded_width(word)
    return bool(re.match(_MERIDIEM, word)) or word.lower() in ("noon", "midday", "midnight")


def _time_and_zone(extra: tuple[str, ...]) -> Raw:
    """`digest on`'s words: a time and a zone in either order, as people type them:
    '8:30 pm', 'New York' (a city's name may be several words; an IANA name is one)."""
    words: list[str] = []
    for word in extra:
        if words and _said_after(word) and looks_like_time(words[-1]):
            words[-1] += " " + word  # read as one time ('8:30 pm', '12 noon'), as typed
        elif word.lower() not in _FILLER:
            words.append(word)
    times = [w for w in words if looks_like_time(w)]
    zone = [w for w in words if not looks_like_time(w)]
    if len(times) > 1 or (len(zone) > 1 and any("/" in w for w in zone)):
        raise Usage("Too many words after `digest on`.")
    raw: Raw = {}
    if times:
        raw["time"] = times[0]
    if zone:
        raw["timezone"] = " ".join(zone)
    return raw


_LINKISH = re.compile(r"<?(?:https?://|[\w-]+\.[\w.-]+/?)", re.IGNORECASE)


def _feeds(spec: CommandSpec, words: tuple[str, ...], rest: str) -> Raw:
    """'feeds', 'feeds list', 'feeds add|remove|enable <url>'."""
    if not words:
        return {}
    action = words[0].lower()
    if action == "list" and len(words) == 1:
        return {"action": action}
    if action in ("add", "remove", "enable") and len(words) == 2:
        return {"action": action, "url": words[1]}
    if action not in ("list", "add", "remove", "enable"):  # 'feeds ad <url>': named
        return {"action": words[0]}
    if action == "list":
        raise Usage("`feeds list` takes nothing after it.")
    if len(words) == 1:
        raise Usage(f"Which feed? Give its address: /layoffs feeds {action} https://…")
    if all(_LINKISH.match(w) for w in words[1:]):
        return {"action": action, "url": " ".join(words[1:])}  # each in turn
    # A URL holds no spaces: words that are no address were likely a note or a feed's
    # name. Named as such: "takes one feed address" was said of a command that takes up
    # to 5 (trial 17).
    others = [w for w in words[1:] if not _LINKISH.match(w)]
    named = ", ".join(f"“{clip(w, 40)}”" for w in others[:3]) + (", …" if len(others) > 3 else "")
    raise Usage(
        f"{named} {'is not a feed address' if len(others) == 1 else 'are not feed addresses'}: "
        f"`feeds {action}` takes feed addresses only (https://…, up to {MAX_FEEDS_AT_ONCE}, "
        "separated by spaces)."
    )


GRAMMARS: dict[str, Callable[[CommandSpec, tuple[str, ...], str], Raw]] = {
    "none": _none,
    "rest": _rest,
    "word": _rest,
    "company_where": _company_where,
    "digest": _digest,
    "feeds": _feeds,
}
