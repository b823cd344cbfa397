"""Render a neutral `Message` as Slack Block Kit, within Slack's limits.

Every piece of text in a `Message` came from a feed, a user or the core, so all of it is
escaped (`&`, `<`, `>`) before it reaches mrkdwn: no feed can mention `<!channel>`,
`<!here>` or `<@U123>`, nor forge a link such as `<http://evil|click>`. Bare `@here`,
`@channel` and `@everyone` get an invisible word joiner so that no client or `parse=full`
can ever turn them into mentions. URLs are only linked when they are http(s) and cannot
break out of the `<url|text>` syntax.

Limits (https://api.slack.com/reference/block-kit/blocks): 50 blocks a message, 3,000
characters a section text, 150 a header, 10 fields a section (2,000 characters each),
10 elements a context block.
"""

from __future__ import annotations

import re
from typing import Any

from bot.links import safe_link
from bot.models import Kind, Message, Section
from bot.text import strip_invisible

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_FALLBACK_TEXT = 3000
MAX_BUTTON_VALUE = 2000
# Slack refuses a message whose blocks carry much more than ~12k characters of text; stay
# well below so a split never fails with msg_too_long.
MAX_MESSAGE_CHARS = 11000

SHARE_ACTION_ID = "layoffs_share"
UNSUBSCRIBE_ACTION_ID = "layoffs_unsubscribe"

_KIND_LABELS: dict[Kind, str] = {
    Kind.LAYOFF: "Layoff",
    Kind.HIRING_FREEZE: "Hiring freeze",
    Kind.ANALYSIS: "Analysis",
    Kind.OTHER: "Other",
}
_BROADCAST = re.compile(r"@(?=(here|channel|everyone)\b)", re.IGNORECASE)
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")
_WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Escape untrusted text for Slack mrkdwn or plain_text: no mentions, no links.

    Bidi controls and invisible joiners are dropped first (feed text is cleaned of them
    when stored; this covers older rows and every other source), then the word joiner is
    added where it neutralizes a broadcast."""
    text = strip_invisible(text)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + _WORD_JOINER, escaped)


def clip(escaped: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters without cutting an entity."""
    if len(escaped) <= limit:
        return escaped
    cut = _PARTIAL_ENTITY.sub("", escaped[: limit - 1])
    return cut + "…"


def safe_url(url: str | None) -> str | None:
    """The URL ready for `<url|text>`, or None when it is not an http(s) URL we link to."""
    # `|` ends the URL part and `>` ends the link: bot.links.safe_link percent-encodes
    # them (and `<`, quotes, brackets) and refuses anything but http(s).
    encoded = safe_link(url, max_length=3000)
    if encoded is None:
        return None
    return encoded.replace("&", "&amp;")


def link(url: str | None, text: str) -> str:
    """An escaped mrkdwn link, or just the escaped text when the URL is not acceptable."""
    label = escape(text) or "link"
    target = safe_url(url)
    if target is None:
        return label
    return f"<{target}|{label}>"


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}


def header_block(title: str) -> Block:
    return {"type": "header", "text": _plain(clip(escape(title), MAX_HEADER_TEXT))}


def context_block(texts: list[str]) -> Block:
    """A context block from already-escaped mrkdwn texts."""
    elements = [_mrkdwn(clip(t, MAX_CONTEXT_TEXT)) for t in texts if t][:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "elements": elements}


def _section_text(section: Section) -> str:
    """Heading (linked, bold) and text; the heading is kept whole when the text must shrink."""
    heading = ""
    if section.heading:
        heading_text = clip(escape(section.heading), 500)
        target = safe_url(section.url)
        heading = f"*<{target}|{heading_text}>*" if target else f"*{heading_text}*"
    body = escape(section.text) if section.text else ""
    if not body:
        return clip(heading, MAX_SECTION_TEXT)
    if not heading:
        return clip(body, MAX_SECTION_TEXT)
    room = MAX_SECTION_TEXT - len(heading) - 1
    return f"{heading}\n{clip(body, room)}"


def _context_texts(section: Section) -> list[str]:
    texts: list[str] = []
    if section.kind is not None:
        label = _KIND_LABELS.get(section.kind, section.kind.value)
        if not section.context or label.lower() not in section.context.lower():
            texts.append(escape(label))
    if section.context:
        texts.append(escape(section.context))
    return texts


def section_blocks(section: Section, *, accessory: Block | None = None) -> list[Block]:
    """The blocks of one section: text, fields (10 a block), context, extra links."""
    blocks: list[Block] = []
    text = _section_text(section)
    fields = [
        _mrkdwn(clip(f"*{escape(f.name)}*\n{escape(f.value)}", MAX_FIELD_TEXT))
        for f in section.fields
    ]
    first: Block = {"type": "section"}
    if text:
        first["text"] = _mrkdwn(text)
    if fields:
        first["fields"] = fields[:MAX_FIELDS]
        fields = fields[MAX_FIELDS:]
    if accessory is not None:
        first["accessory"] = accessory
    if "text" in first or "fields" in first:
        blocks.append(first)
    while fields:
        blocks.append({"type": "section", "fields": fields[:MAX_FIELDS]})
        fields = fields[MAX_FIELDS:]
    context = _context_texts(section)
    if context:
        blocks.append(context_block(context))
    if section.links:
        links = []
        for story_link in section.links[:MAX_CONTEXT_ELEMENTS]:
            item = link(story_link.url, story_link.title)
            if story_link.publisher:
                item += f" ({escape(story_link.publisher)})"
            links.append(item)
        blocks.append(context_block(links))
    return blocks


def _block_chars(block: Block) -> int:
    total = 0
    text = block.get("text")
    if isinstance(text, dict):
        total += len(str(text.get("text", "")))
    for key in ("fields", "elements"):
        for element in block.get(key, []):
            if isinstance(element, dict):
                total += len(str(element.get("text", "")))
    return total


def _units(message: Message) -> list[list[Block]]:
    """Blocks grouped so that a split never separates a story from its context."""
    units: list[list[Block]] = []
    for index, section in enumerate(message.sections):
        unit = section_blocks(section)
        if not unit:
            continue
        if index > 0 and len(message.sections) > 1:
            unit = [{"type": "divider"}, *unit]
        units.append(unit)
    if message.footer:
        units.append([context_block([escape(message.footer)])])
    return units


def render_messages(message: Message, *, max_blocks: int = MAX_BLOCKS) -> list[list[Block]]:
    """The message as one or more Slack messages' blocks, in order, each within limits."""
    chunks: list[list[Block]] = []
    current: list[Block] = [header_block(message.title)] if message.title else []
    chars = sum(_block_chars(b) for b in current)
    has_content = False  # a header alone is never sent as a message of its own
    for unit in _units(message):
        unit_chars = sum(_block_chars(b) for b in unit)
        fits = len(current) + len(unit) <= max_blocks and chars + unit_chars <= MAX_MESSAGE_CHARS
        if has_content and not fits:
            chunks.append(current)
            current, chars = [], 0
            if unit and unit[0].get("type") == "divider":
                unit = unit[1:]
                unit_chars = sum(_block_chars(b) for b in unit)
        # A single unit always fits: a section gives at most a handful of blocks.
        current.extend(unit[: max_blocks - len(current)])
        chars += unit_chars
        has_content = True
    if current or not chunks:
        chunks.append(current or [context_block([escape(fallback_text(message)) or " "])])
    return chunks


def render(message: Message) -> list[Block]:
    """The message as the blocks of one Slack message; what does not fit is summarised.

    Use `render_messages` to send everything as several messages instead.
    """
    chunks = render_messages(message)
    if len(chunks) == 1:
        return chunks[0]
    blocks = list(chunks[0])
    rest = sum(len(c) for c in chunks[1:])
    note = context_block([f"…and {rest} more blocks not shown."])
    if len(blocks) >= MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1]
    return [*blocks, note]


def fallback_text(message: Message) -> str:
    """Plain text for notifications and clients without blocks (escaped too)."""
    lines: list[str] = []
    if message.title:
        lines.append(message.title)
    for section in message.sections:
        if section.heading:
            lines.append(f"• {section.heading}")
        elif section.text:
            lines.append(section.text)
    if not lines and message.footer:
        lines.append(message.footer)
    return clip(escape("\n".join(lines)), MAX_FALLBACK_TEXT)


def share_button(command_text: str) -> Block | None:
    """An actions block with the "Share to channel" button, or None if it cannot carry the text."""
    if not command_text or len(command_text) > MAX_BUTTON_VALUE:
        return None
    return {
        "type": "actions",
        "block_id": "layoffs_share_actions",
        "elements": [
            {
                "type": "button",
                "action_id": SHARE_ACTION_ID,
                "text": _plain("Share to channel"),
                "value": command_text,
            }
        ],
    }


def is_subscription(section: Section) -> bool:
    """The App Home convention: a subscription section has the company as heading and a
    context starting with "subscription"."""
    return bool(section.heading) and (section.context or "").lower().startswith("subscription")


def unsubscribe_button(company: str) -> Block:
    return {
        "type": "button",
        "action_id": UNSUBSCRIBE_ACTION_ID,
        "text": _plain("Unsubscribe"),
        "value": company[:MAX_BUTTON_VALUE],
        "confirm": {
            "title": _plain("Unsubscribe?"),
            "text": _plain(clip(f"Stop alerts about {escape(company)}?", 300)),
            "confirm": _plain("Unsubscribe"),
            "deny": _plain("Keep"),
        },
    }


def render_home(home: Message, *, notice: Message | None = None) -> list[Block]:
    """Blocks for the App Home tab (limit 100): an optional notice (the result of the last
    button), the title, then every section; subscriptions get an Unsubscribe button."""
    blocks: list[Block] = []
    if notice is not None:
        text = notice.title or ""
        if notice.sections and notice.sections[0].text:
            text = f"{text}: {notice.sections[0].text}" if text else notice.sections[0].text
        if text:
            prefix = ":warning: " if notice.is_error else ":white_check_mark: "
            blocks.append(context_block([prefix + escape(text)]))
    if home.title:
        blocks.append(header_block(home.title))
    for section in home.sections:
        accessory = unsubscribe_button(section.heading or "") if is_subscription(section) else None
        unit = section_blocks(section, accessory=accessory)
        if len(blocks) + len(unit) > MAX_HOME_BLOCKS - 1:
            blocks.append(context_block(["…more not shown."]))
            break
        blocks.extend(unit)
    if home.footer and len(blocks) < MAX_HOME_BLOCKS:
        blocks.append(context_block([escape(home.footer)]))
    if not blocks:
        blocks.append(context_block(["Nothing here yet. Try `/layoffs help`."]))
    return blocks
