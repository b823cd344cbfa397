"""Pure translation between the core's types and Discord's: no network, tested alone.

Neutral `Message` -> Discord embeds, within Discord's limits; an outbox delivery's part ->
its nonce and visible marker; Discord's failures -> the outbox's retry decision and one
line for the log.

`render(message)` returns one inner list of embeds per Discord message to post, in order.
A message's title heads it as an embed of its own, or titles the first embed when that
section has no heading, or is the byline (embed author) of a single headed story. Each
section is an embed: heading as linked title, text and links as description, fields,
`context` as footer, a colour per Kind; the message footer goes last.
Feed text is untrusted: markdown is escaped where Discord renders it (descriptions, field
values), mentions are neutralized everywhere (a zero-width space after `@` in `@everyone` /
`@here`, after `<` in `<@id>` / `<@&id>`), and only http(s) URLs become links. The adapter
also sends every message with `AllowedMentions.none()`, so nothing can ping even if this
escaping missed something.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from typing import Literal

import aiohttp
import discord
from discord.utils import escape_markdown

from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.html_text import strip_invisible
from bot.links import safe_link
from bot.models import Image, Kind, Message, Section, Target

MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_TOTAL = 6000
MAX_EMBEDS = 10
MAX_URL = 2048

KIND_COLOURS: dict[Kind, discord.Colour] = {
    Kind.LAYOFF: discord.Colour(0xD64545),
    Kind.HIRING_FREEZE: discord.Colour(0xE8A33D),
    Kind.ANALYSIS: discord.Colour(0x3D7FE8),
    Kind.OTHER: discord.Colour(0x8A8F98),
}
ERROR_COLOUR = discord.Colour(0xB00020)
DEFAULT_COLOUR = discord.Colour(0x5865F2)

_ZWSP = "\u200b"
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
# What Discord turns `<...>` into besides mentions: a slash command chip (`</name:id>`),
# a custom emoji (`<:name:id>`, `<a:name:id>`), a timestamp in the reader's zone
# (`<t:0:R>`), a guild navigation link (`<id:customize>`).
_ID_MENTION = re.compile(r"<(?=[@#]|/[\w\\ -]+:\d+>|a?:[\w\\]+:\d+>|t:-?\d+(?::\w)?>|id:\w+>)")
_CODE_SPAN = re.compile(r"`[^`\n]+`")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def neutralize(text: str) -> str:
    """Make mentions inert: `@\u200beveryone`, `@\u200bhere`, `<\u200b@123>`, `<\u200b#1>`,
    and the other `<...>` markup (`<\u200b/cmd:1>`, `<\u200b:emoji:1>`, `<\u200bt:0:R>`).

    Bidi controls and invisible joiners are dropped first (stored feed text is already
    cleaned of them; this covers older rows and every other source)."""
    text = _MASS_MENTION.sub(lambda m: "@" + _ZWSP + m.group(1), strip_invisible(text))
    return _ID_MENTION.sub("<" + _ZWSP, text)


def plain(text: str) -> str:
    """For places Discord does not render markdown (titles, field names, footers)."""
    return neutralize(text.strip())


def rich(text: str) -> str:
    """For places Discord renders markdown (descriptions, field values): escape it too.

    A line starting with "> " stays a block quote (the core quotes AI evidence that way);
    the quoted text itself is escaped like the rest. An inline code span (`here`, the
    core's way of naming what to type) stays code: escaped, its backticks showed on
    Discord (help: "or \\`here\\`", trial 12), where Slack shows code. Nothing
    renders inside a code span, so it needs no escaping (mentions are still neutralized).
    """
    lines = []
    for line in text.strip().splitlines():
        if line.startswith("> "):
            lines.append("> " + _escape_outside_code(line[2:]))
        else:
            lines.append(_escape_outside_code(line))
    return neutralize("\n".join(lines))


def _escape_outside_code(line: str) -> str:
    pieces, start = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces += [escape_markdown(line[start : span.start()]), span.group(0)]
        start = span.end()
    return "".join([*pieces, escape_markdown(line[start:])])


def _inline(text: str) -> str:
    """Feed text inside one line of a description (a link's label, its publisher):
    markdown escaped and no brackets left to open or close a masked link `[label](url)`."""
    return rich(" ".join(text.split()).replace("[", "(").replace("]", ")"))


def safe_url(url: str | None) -> str | None:
    """An http(s) URL Discord will accept and that cannot break out of `[label](url)`, or
    None. A feed link such as `https://x/a)**[Verify your account](https://evil)**` used to
    end the link at its `)` and add a live link with chosen text: `( ) [ ] < > *` and the
    like are percent-encoded (bot.links.safe_link) before any markdown is built."""
    return safe_link(url, max_length=MAX_URL)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attachment_name(image: Image) -> str:
    """The file name the chart is uploaded under (ASCII, so `attachment://` can refer to it)."""
    name = _UNSAFE_FILENAME.sub("_", image.filename).strip("._") or "chart.png"
    return name[:100]


def colour_for(message: Message, section: Section | None) -> discord.Colour:
    if message.is_error:
        return ERROR_COLOUR
    if section is not None and section.kind is not None:
        return KIND_COLOURS.get(section.kind, DEFAULT_COLOUR)
    return DEFAULT_COLOUR


def _chunks(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` characters, at line or word breaks."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _description(section: Section) -> str:
    lines = [rich(section.text)] if section.text.strip() else []
    for link in section.links:
        label = _inline(link.title) or "link"
        url = safe_url(link.url)
        line = f"• [{truncate(label, 200)}]({url})" if url else f"• {truncate(label, 200)}"
        if link.publisher:
            # A description renders markdown: a feed's <source> named
            # "[Verify your account](https://evil)" was a live masked link under its name.
            line += f" ({_inline(link.publisher)})"
        lines.append(line)
    return "\n".join(lines)


def _section_embeds(
    message: Message, section: Section, title: str | None, url: str | None
) -> list[discord.Embed]:
    colour = colour_for(message, section)
    pieces = _chunks(_description(section), MAX_DESCRIPTION) or [""]
    embeds: list[discord.Embed] = []
    for i, piece in enumerate(pieces):
        embed = discord.Embed(colour=colour, description=piece or None)
        if i == 0 and title:
            embed.title = truncate(plain(title), MAX_TITLE)
            embed.url = url
        embeds.append(embed)

    current = embeds[-1]
    for field in section.fields:
        name = truncate(plain(field.name), MAX_FIELD_NAME) or _ZWSP
        value = truncate(rich(field.value), MAX_FIELD_VALUE) or _ZWSP
        if len(current.fields) >= MAX_FIELDS or len(current) + len(name) + len(value) > MAX_TOTAL:
            current = discord.Embed(colour=colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=field.inline)

    if section.context:
        _add_footer(embeds, section.context, colour)
    return embeds


def _add_footer(embeds: list[discord.Embed], text: str, colour: discord.Colour) -> None:
    """Footer on the last embed (after any footer it has), or on a new one if it won't fit."""
    last = embeds[-1]
    existing = last.footer.text or ""
    footer = plain(f"{existing}\n{text}" if existing else text)
    if len(footer) > MAX_FOOTER or len(last) - len(existing) + len(footer) > MAX_TOTAL:
        last = discord.Embed(colour=colour)
        embeds.append(last)
        footer = plain(text)
    last.set_footer(text=truncate(footer, MAX_FOOTER))


def _embeds(message: Message) -> Iterator[discord.Embed]:
    sections = list(message.sections)
    embeds: list[discord.Embed] = []
    title = message.title
    author = None
    if title and len(sections) == 1 and sections[0].heading:
        author, title = title, None  # one story (an alert, a digest's child): a byline
    elif title and (not sections or sections[0].heading):
        embeds.append(
            discord.Embed(title=truncate(plain(title), MAX_TITLE), colour=colour_for(message, None))
        )
        title = None
    for section in sections:
        heading = section.heading or title
        url = safe_url(section.url) if section.heading else None
        title = None
        embeds.extend(_section_embeds(message, section, heading, url))
    if author:
        embeds[0].set_author(name=truncate(plain(author), MAX_AUTHOR))
    if not embeds:
        embeds.append(discord.Embed(description=_ZWSP, colour=colour_for(message, None)))
    if message.footer:
        _add_footer(embeds, message.footer, embeds[-1].colour or DEFAULT_COLOUR)
    if message.image is not None:
        embeds[0].set_image(url=f"attachment://{attachment_name(message.image)}")
    yield from embeds


def _pack(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    total = 0
    for embed in embeds:
        size = len(embed)
        if current and (len(current) >= MAX_EMBEDS or total + size > MAX_TOTAL):
            messages.append(current)
            current, total = [], 0
        current.append(embed)
        total += size
    if current:
        messages.append(current)
    return messages


def render(message: Message) -> list[list[discord.Embed]]:
    """One list of embeds per Discord message, in order; each within Discord's limits.

    The chart (if any) is shown by the first embed of the first message, which the caller
    must send with the image attached under `attachment_name(message.image)`.
    """
    return _pack(list(_embeds(message)))


def thread_name(message: Message) -> str:
    """The name for a story's discussion thread: its heading, at most 100 characters."""
    for section in message.sections:
        if section.heading and section.heading.strip():
            return truncate(plain(section.heading), 100)
    return truncate(plain(message.title or "Discussion"), 100) or "Discussion"


_MARKER = re.compile(r"\bref ([0-9a-f]{12}(?:-\d+)?)\b")


def marker(key: str, index: int) -> str:
    """The visible mark of a delivery's part: `ref <12 hex>` (then `-2`, `-3`... for the
    later parts of a split message). Support can find the delivery from it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"ref {digest}" if index == 0 else f"ref {digest}-{index + 1}"


def markers_in(posted: discord.Message) -> list[str]:
    texts = [posted.content or ""] + [e.footer.text or "" for e in posted.embeds]
    return ["ref " + m for text in texts for m in _MARKER.findall(text)]


def mark(embeds: list[discord.Embed], marker: str | None) -> str | None:
    """Put `marker` at the end of the page's last footer; the message content when the
    page has no room left (embed limits). Returns the content to send."""
    if marker is None:
        return None
    last = embeds[-1]
    existing = last.footer.text or ""
    footer = f"{existing}\n{marker}" if existing else marker
    total = sum(len(e) for e in embeds)
    if len(footer) <= MAX_FOOTER and total - len(existing) + len(footer) <= MAX_TOTAL:
        last.set_footer(text=footer, icon_url=last.footer.icon_url)
        return None
    return marker


def key_nonce(key: str, index: int) -> str:
    """An outbox delivery's part -> its nonce (at most 25 characters)."""
    return hashlib.sha256(f"{key}\x00{index}".encode()).hexdigest()[:25]


def content_nonce(target: Target, index: int, embeds: list[discord.Embed], message: Message) -> str:
    """Same target, part and content -> same nonce (at most 25 characters)."""
    payload = {
        "to": [target.channel_id, target.thread_id, target.user_id],
        "part": index,
        "embeds": [e.to_dict() for e in embeds],
        "image": hashlib.sha256(message.image.data).hexdigest() if message.image else None,
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:25]


def snowflake(value: str, what: str) -> int:
    if not value.isdigit():
        raise PermanentDeliveryError(f"{what} {value!r} is not a Discord id")
    return int(value)


def classify(exc: discord.HTTPException) -> TransientDeliveryError | PermanentDeliveryError:
    """Map Discord's answer to the outbox's retry decision.

    5xx, 429 (once discord.py gave up waiting) and 401 (token being rotated) are transient;
    403/404 (missing access 50001, missing permissions 50013, cannot DM 50007, unknown
    channel 10003) and other 4xx (a request Discord will never accept) are permanent.
    """
    detail = f"Discord {exc.status} (code {exc.code}): {exc.text or 'no detail'}"
    if exc.status == 429:
        retry = exc.response.headers.get("Retry-After") if exc.response is not None else None
        return TransientDeliveryError(detail, retry_after=_float(retry))
    if exc.status >= 500 or exc.status == 401:
        return TransientDeliveryError(detail)
    return PermanentDeliveryError(detail + _WHAT_TO_DO.get(exc.code, ""))


# What a manager does about the refusals that pause a channel's digest or alerts: shown
# in `digest settings` and `subscriptions` ("paused: Discord 403 (code 50001): Missing
# Access" said no more). Slack's twin: adapters.slack.translate._WHAT_TO_DO.
_WHAT_TO_DO = {
    50001: " (my role cannot see the channel: allow it View Channel and Send Messages there)",
    50013: " (my role lacks a permission in the channel: allow it Send Messages and Embed Links)",
}


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


REJECTED_TOKEN = (
    "DISCORD_TOKEN was rejected by Discord: it is wrong, incomplete or "
    "was reset. Copy a new one (Bot > Reset Token) from "
    "https://discord.com/developers/applications, set DISCORD_TOKEN and restart layoffbot. "
    "Discord stays off until then; everything else keeps running."
)
# Gateway close codes that no retry can fix (https://discord.com/developers/docs/topics/
# opcodes-and-status-codes#gateway-gateway-close-event-codes).
FATAL_CLOSE_CODES = {
    4004: REJECTED_TOKEN,
    4010: "Discord refused the shard settings (4010 invalid shard): check DISCORD_SHARD_COUNT "
    "and DISCORD_SHARD_IDS, then restart layoffbot. Discord stays off until then.",
    4011: "Discord requires more shards for this bot (4011 sharding required): unset "
    "DISCORD_SHARD_COUNT or raise it, then restart layoffbot. Discord stays off until then.",
    4013: "Discord refused the bot's gateway intents (4013): please report this.",
    4014: "Discord refused the bot's gateway intents (4014 disallowed intents): please report "
    "this.",
}


def rejection(error: BaseException) -> str | None:
    """The message for a failure that retrying cannot fix, or None."""
    if isinstance(error, discord.LoginFailure):
        return REJECTED_TOKEN
    if isinstance(error, discord.HTTPException) and error.status == 401:
        return REJECTED_TOKEN
    if isinstance(error, discord.ConnectionClosed):
        return FATAL_CLOSE_CODES.get(error.code)
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return FATAL_CLOSE_CODES[4014]
    return None


def describe_failure(error: BaseException) -> tuple[str, Literal["network", "discord", "other"]]:
    """What went wrong, in a few words, and whose side it is on (for the advice)."""
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return f"cannot resolve {error.host} (no DNS answer)", "network"
    if isinstance(error, aiohttp.ClientConnectorError):
        os_error = error.os_error
        reason = os.strerror(os_error.errno) if os_error.errno else str(os_error)
        return f"cannot reach {error.host}:{error.port} ({reason.lower()})", "network"
    if isinstance(error, discord.RateLimited):
        return f"Discord rate-limits this bot for {error.retry_after:.0f} s", "discord"
    if isinstance(error, discord.DiscordServerError):
        return f"Discord answered {error.status} {_reason(error)}", "discord"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}: {error.text or _reason(error)}", "other"
    if isinstance(error, discord.GatewayNotFound):
        cause = error.__cause__
        if isinstance(cause, discord.HTTPException):
            what = f"{cause.status} {_reason(cause)}".strip()
            return f"Discord's gateway lookup failed ({what})", "discord"
        return "Discord did not say where its gateway is", "discord"
    if isinstance(error, discord.ConnectionClosed):
        return f"the gateway closed the connection (code {error.code})", "discord"
    if isinstance(error, TimeoutError):
        return str(error) or "no answer in time", "network"
    if isinstance(error, aiohttp.WSServerHandshakeError):
        return f"the gateway refused the WebSocket ({error.status} {error.message})", "network"
    if isinstance(error, (aiohttp.ClientError, OSError, ConnectionError)):
        return str(error) or type(error).__name__, "network"
    return f"{type(error).__name__}: {error}", "other"


def _reason(error: discord.HTTPException) -> str:
    return str(getattr(error.response, "reason", "") or "")


def seconds(value: float) -> str:
    return f"{round(value, 2):g} s"
