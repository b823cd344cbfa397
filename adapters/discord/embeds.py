"""Neutral `Message` -> Discord embeds, within Discord's limits.

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

import re
from collections.abc import Iterator

import discord
from discord.utils import escape_markdown

from bot.links import safe_link
from bot.models import Image, Kind, Message, Section
from bot.text import strip_invisible

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
_ID_MENTION = re.compile(r"<(?=[@#])")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def neutralize(text: str) -> str:
    """Make mentions inert: `@\u200beveryone`, `@\u200bhere`, `<\u200b@123>`, `<\u200b#1>`.

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
    the quoted text itself is escaped like the rest.
    """
    lines = []
    for line in text.strip().splitlines():
        if line.startswith("> "):
            lines.append("> " + escape_markdown(line[2:]))
        else:
            lines.append(escape_markdown(line))
    return neutralize("\n".join(lines))


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
        label = rich(link.title.replace("[", "(").replace("]", ")")) or "link"
        url = safe_url(link.url)
        line = f"• [{truncate(label, 200)}]({url})" if url else f"• {truncate(label, 200)}"
        if link.publisher:
            line += f" ({plain(link.publisher)})"
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
