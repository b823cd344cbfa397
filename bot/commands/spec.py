"""The shape of a command declaration: `CommandSpec` and its `Arg`s.

Declared once in `bot.commands.table`; the text parser (console, Slack, `ask`), the help
text, the Discord app-command tree (adapters/discord/cog.py) and Slack's App Home actions
all read the same declarations, so a new option cannot reach one platform and not another.
An `Arg` also converts and checks a value however it came (typed text or a Discord option),
so handlers receive typed, validated arguments and never re-parse text.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeAlias

from bot.errors import CommandError
from bot.models import ArgValue, Command, Message
from bot.typed_time import SPOKEN_TIMES, time_as_typed, zone_as_typed

# What people type for a subcommand, in the bot's own words ("Following Klarna", "What you
# and this channel follow"): looked up as a company, `/layoffs follow TikTok` answered
# "No stories yet about follow TikTok" or TikTok's stories, and followed nothing.
SYNONYMS = {"follow": "subscribe", "unfollow": "unsubscribe", "following": "subscriptions"}

if TYPE_CHECKING:
    from bot.commands.context import Context

Args: TypeAlias = Mapping[str, ArgValue]
SyncHandler: TypeAlias = Callable[["Context", Command, Args], Message]
AsyncHandler: TypeAlias = Callable[["Context", Command, Args], Awaitable[Message]]
ArgKind = Literal["text", "int", "choice", "time", "zone", "link"]
Grammar = Literal["none", "rest", "word", "company_where", "digest", "feeds"]
MAX_ECHO = 80

# Control and invisible characters: out of every command, typed as text (bot.commands.parse)
# or as options (a Discord option, an App Home button). A Discord option's NUL reached
# PostgreSQL, which refused it: "something went wrong" (attack 19). Controls, line
# separators and the zero-width space are read as a space (each parts words)...
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029]")
# ... and the invisible formatting characters are dropped: what the user sees of the word
# is what the bot reads, and echoes ('Ac<U+2067>me' was echoed with its bidi isolate, which
# reorders what follows it on screen, and followed as a company so spelled; session 20).
# Soft hyphen, grapheme joiner, Arabic letter mark, the Hangul and Khmer fillers,
# Mongolian vowel separator, zero-width (non-)joiners, directional marks, embeddings,
# overrides and isolates, word joiner and invisible operators, the deprecated format
# characters, BOM, interlinear annotation, the tag characters (which can spell hidden
# ASCII) and the musical format controls.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200c-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f\U0001d173-\U0001d17a]"
)
# Half a UTF-16 pair, alone: `layoffbot ask` given bytes that are no UTF-8 (a Latin-1
# terminal's 'é') has them in its argv, and neither database stores one ("something
# went wrong", attack 19). Read as U+FFFD, as the console reads such bytes.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_chars(text: str) -> str:
    """A command's text (or option) with controls as spaces, invisible formatting
    characters dropped and lone surrogates as U+FFFD."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", _INVISIBLE.sub("", text)))


# What a guest may run besides lookups (a shareable spec): bot.commands.router._permit.
GUEST_COMMANDS = frozenset({"why", "help"})


def clip(text: str, limit: int = MAX_ECHO) -> str:
    """Text echoed back to a user: whitespace collapsed, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Usage(CommandError):
    """A command used wrongly. Raised by parsers, converters and handlers with only the
    problem; the router adds the command's own syntax and example from its spec."""

    def __init__(self, problem: str | None = None) -> None:
        super().__init__(problem or "")
        self.problem = problem


def unwrap_link(text: str) -> str:
    """Slack sends links as <url|label> or <url>; Discord users may paste <url>."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    return text.strip()


@dataclass(frozen=True)
class Arg:
    """One argument of a command.

    `invalid` is the problem said for a bad value (`{value}` is the text as typed);
    `missing` the one for a required argument left out. `low`/`high` bound an int (a
    Discord range; typed text may ask above `high`, the handler caps it); `clamp` makes
    values below `low` mean `low` instead of an error. `autocomplete` names what Discord
    offers while typing ("company" or "timezone").
    """

    name: str
    kind: ArgKind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    default: ArgValue | None = None
    low: int = 1
    high: int | None = None
    clamp: bool = False
    max_chars: int = 2000
    invalid: str = ""
    missing: str | None = None
    autocomplete: Literal["company", "followed", "timezone"] | None = None
    several: int = 1  # a link: up to this many, space-separated (`feeds add URL1 URL2`)

    def convert(self, value: ArgValue) -> ArgValue:
        """The typed, checked value; raises `Usage` with this argument's problem."""
        if isinstance(value, bool):
            raise Usage(self._bad(str(value)))
        if self.kind in _READ_FOLDED and isinstance(value, str):
            value = folded_width(value)
        if self.kind == "int":
            return self._int(value)
        text = " ".join(str(value).split())
        if self.kind == "choice":
            low = text.lower()
            low = self.aliases.get(low, low)
            if low not in self.choices:
                raise Usage(self._bad(text))
            return low
        if self.kind in ("time", "zone"):
            try:
                return time_as_typed(text) if self.kind == "time" else zone_as_typed(text)
            except ValueError as exc:
                raise Usage(str(exc)) from None
        if self.kind == "link" and self.several > 1 and " " in text:
            links = text.split(" ")
            if len(links) > self.several:
                raise Usage(f"At most {self.several} feeds at a time; got {len(links)}.")
            return " ".join(str(self.convert(link)) for link in links)
        if self.kind == "link":
            link = unwrap_link(text)
            # 'ｈｔｔｐｓ：／／…' (an East-Asian keyboard's) is the plain link, as `search`
            # reads its words; a link with other letters of its own is kept as pasted.
            plain = folded_width(link)
            link = plain if plain.isascii() else link
            if not link or " " in link or len(link) > self.max_chars:
                raise Usage(self.invalid or None)
            if "://" not in link and "." not in link:
                # 'not-a-link' was looked up and answered "I have not seen that link".
                # (`feeds add example` was told to paste "the article's" address.)
                whose = "the feed's" if self.name == "url" else "the article's"
                raise Usage(f"“{clip(link, 60)}” is not a link: paste {whose} address (https://…).")
            return link
        if not text:
            raise Usage(self.missing)
        return text

    def _int(self, value: ArgValue) -> int:
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit()):
                raise Usage(self._bad(text))
            number = int(text[:9])
        if number < self.low:
            if not self.clamp:
                raise Usage(self._bad(str(value)))
            number = self.low
        return number

    def _bad(self, value: str) -> str | None:
        return self.invalid.format(value=clip(value, 30)) if self.invalid else None


# The kinds read as numbers, times, zones or words from a list: read with full-width
# letters and digits as theirs ('latest ２５', typed on an East-Asian keyboard, was "not a
# number of stories": trial 17b). Text (a company, a search) is kept as typed: it is shown.
_READ_FOLDED = ("int", "choice", "time", "zone")


def folded_width(text: str) -> str:
    """'２５' -> '25', 'ｏｎ' -> 'on': full-width (and other compatibility) forms as
    their plain ones (NFKC)."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def looks_like_time(word: str) -> bool:
    """`digest on` takes a time and a zone in either order: '08:30', '8' or '8am' is the
    time, and so is a time said by name: 'noon', 'midnight' (trial 17b)."""
    return word[:1].isdigit() or folded_width(word).lower() in SPOKEN_TIMES


@dataclass(frozen=True)
class CommandSpec:
    """One `/layoffs` subcommand, declared once.

    `syntax`/`example`/`help` make the help text and usage errors; `grammar` names how
    typed text maps onto `args` (bot.commands.parse); `manager_only` is True, or the
    values of the `manager_arg` argument (`action` unless said) that need a channel
    manager (`manager_what` says what they do, for the refusal); `channel_only` refuses the command outside a channel. `shareable`: a
    lookup that changes nothing, so its answer may be re-run and posted for everyone
    (Slack's Share to channel); nothing else runs when shared.
    """

    name: str
    args: tuple[Arg, ...]
    syntax: str
    example: str
    help: str
    summary: str
    grammar: Grammar
    handler: SyncHandler | None = None
    async_handler: AsyncHandler | None = None
    manager_only: bool | tuple[str, ...] = False
    manager_what: str = ""
    manager_arg: str = "action"
    channel_only: str | None = None
    listed: bool = True
    shareable: bool = False

    def arg(self, name: str) -> Arg:
        return next(a for a in self.args if a.name == name)

    def usage(self, problem: str | None = None) -> CommandError:
        text = f"Usage: {self.syntax}\nExample: {self.example}"
        return CommandError(f"{problem}\n{text}" if problem else text)

    def bind(self, raw: Mapping[str, ArgValue | None]) -> dict[str, ArgValue]:
        """Converted arguments, defaults filled in; raises `Usage` for a bad or
        missing one, or an argument this command does not take."""
        unknown = [k for k, v in raw.items() if v is not None and k not in self.names()]
        if unknown:
            raise Usage()
        bound: dict[str, ArgValue] = {}
        for arg in self.args:
            value = raw.get(arg.name)
            if isinstance(value, str):
                value = clean_chars(value)
            if value is None or (isinstance(value, str) and not value.strip()):
                if arg.required:
                    raise Usage(arg.missing)
                if arg.default is not None:
                    bound[arg.name] = arg.default
                continue
            bound[arg.name] = arg.convert(value)
        return bound

    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.args)

    def needs_manager(self, args: Args) -> bool:
        if isinstance(self.manager_only, bool):
            return self.manager_only
        return args.get(self.manager_arg) in self.manager_only

    def text(self, args: Args) -> str:
        """The typed-text form of these arguments (logs, Slack's Share button): parsing
        it gives the same command back."""
        words: list[str] = [self.name]
        for arg in self.args:
            value = args.get(arg.name)
            if value is None:
                continue
            if self.grammar == "company_where" and arg.name == "where":
                value = "here" if value == "here" else None  # a trailing `here`, or nothing
            if value is not None:
                words.append(str(value))
        return " ".join(w for w in words if w.strip())
