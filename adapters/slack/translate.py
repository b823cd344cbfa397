"""Pure translation between the core's types and Slack's payloads: no network, tested alone.

Outbound, a neutral `Message` becomes Block Kit within Slack's limits (below). Inbound,
Slack's payloads (slash command bodies, button actions, direct messages, signature
headers) become the core's values, and Slack's failures become the outbox's retry
decision.

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

import errno
import hashlib
import re
from contextlib import suppress
from typing import Any

from bot.errors import PermanentDeliveryError, TransientDeliveryError, missing_scope_reason
from bot.html_text import strip_invisible
from bot.links import safe_link
from bot.models import Kind, Message, Section, SectionRole

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
        # Shown already when a field or the context names it: every story's "Kind" field
        # was followed by its kind again in the context line ("Layoff · 1 source").
        shown = " ".join([section.context or "", *(f.value for f in section.fields)])
        if label.lower() not in shown.lower():
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
    """A subscription (its heading is the company) gets an Unsubscribe button."""
    return section.role is SectionRole.SUBSCRIPTION and bool(section.heading)


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


# --- delivery: what marks a post as an outbox delivery's part ---------------------------

# Message metadata marking a post as (part of) an outbox delivery; see SlackAdapter.send_once.
DELIVERY_EVENT = "layoffbot_delivery"


def delivery_metadata(key: str, part: int, parts: int) -> dict[str, Any]:
    return {
        "event_type": DELIVERY_EVENT,
        "event_payload": {"key": key, "part": part, "parts": parts},
    }


def parts_posted(
    messages: list[dict[str, Any]], key: str, filename: str | None
) -> tuple[dict[int, str], bool]:
    """In a page of conversations.history: the delivery's parts (part -> ts), and whether
    a file named `filename` (its chart) is among them."""
    found: dict[int, str] = {}
    image_found = False
    for item in messages:
        meta = item.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == DELIVERY_EVENT and payload.get("key") == key:
            with suppress(TypeError, ValueError, KeyError):
                found.setdefault(int(payload.get("part", 0)), str(item["ts"]))
        if filename and any(
            f.get("name") == filename for f in item.get("files") or [] if isinstance(f, dict)
        ):
            image_found = True
    return found, image_found


def keyed_filename(filename: str, key: str) -> str:
    """`chart.png` -> `chart-<8 hex of the key>.png`: finds a delivery's chart again."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    tag = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{stem}-{tag}.{ext}" if ext else f"{stem}-{tag}"


# --- Slack's failures -> retry or give up -------------------------------------------------

# Slack error codes after which a retry can never succeed.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "user_not_found",
        "users_not_found",
        "cannot_dm_bot",
        "user_disabled",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "ekm_access_denied",
        "missing_scope",
        "no_permission",
        "team_access_not_granted",
        "channel_is_archived",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "message_limit_exceeded",
        "thread_not_found",
        "invalid_arguments",
        "app_uninstalled",
        "org_login_required",
        "enterprise_is_restricted",
        "two_factor_setup_required",
    }
)
# Slack error codes (with HTTP 200) that are worth retrying.
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "service_unavailable",
        "fatal_error",
        "internal_error",
        "request_timeout",
        "team_added_to_org",
    }
)


def retry_after(headers: Any) -> float:
    """Retry-After from any header mapping (slack_sdk gives lists or multidicts)."""
    value: Any = None
    try:
        for key in headers:
            if str(key).lower() == "retry-after":
                value = headers[key]
                break
    except TypeError:
        return 1.0
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0


# What a manager does about the errors that pause a channel's digest or alerts: shown in
# `digest settings` and `subscriptions` ("paused: slack: not_in_channel" said no more).
_WHAT_TO_DO = {
    "not_in_channel": " (the bot is not in the channel: /invite @layoffbot)",
    "channel_not_found": " (the channel is gone, or private without the bot)",
    "is_archived": " (the channel is archived)",
    "channel_is_archived": " (the channel is archived)",
}


def delivery_error(
    status: int, data: Any, headers: Any
) -> PermanentDeliveryError | TransientDeliveryError:
    """A failed Web API answer (HTTP status, body, headers) as the outbox's decision."""
    error = str(data.get("error") or "") if isinstance(data, dict) else ""
    if status == 429 or error in ("ratelimited", "rate_limited"):
        return TransientDeliveryError(
            f"slack: rate limited ({error or status})", retry_after=retry_after(headers or {})
        )
    if status >= 500 or error in TRANSIENT_ERRORS:
        return TransientDeliveryError(f"slack: {error or 'server error'} (HTTP {status})")
    if error == "missing_scope" and isinstance(data, dict) and data.get("needed"):
        # An app set up by hand, not from the manifest: name the scope Slack says it needs.
        return PermanentDeliveryError(
            missing_scope_reason(
                "slack",
                str(data["needed"]),
                "add it under OAuth & Permissions and reinstall the app",
            )
        )
    if error in PERMANENT_ERRORS:
        return PermanentDeliveryError(f"slack: {error}{_WHAT_TO_DO.get(error, '')}")
    # Unknown errors are deterministic in practice (bad arguments): retrying cannot help.
    return PermanentDeliveryError(f"slack: {error or f'HTTP {status}'}")


# --- inbound: Slack's payloads -> the core's values --------------------------------------

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def malformed_signature_headers(headers: Any) -> str | None:
    """What is wrong with a request's Slack signature headers by their shape alone, or
    None when they could be Slack's (bolt then checks the signature itself)."""
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    if timestamp is None or signature is None:
        return "no signature headers"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "a malformed X-Slack-Request-Timestamp"
    if not _SIGNATURE.fullmatch(signature):
        return "a malformed X-Slack-Signature"
    return None


_SLACK_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def bot_user_of(body: dict[str, Any]) -> str | None:
    """The bot's own user id for the installation an event came to (`authorizations`)."""
    for grant in body.get("authorizations") or []:
        if isinstance(grant, dict) and grant.get("is_bot") and grant.get("user_id"):
            return str(grant["user_id"])
    return None


def dm_text(text: str, bot_user: str | None = None) -> str:
    """A direct message's or a slash command's text as the user typed it.

    Slack sends `<https://x|x>` for links, `<@U1>` for mentions and escapes &, < and >
    (in a slash command too: `AT&T` arrives as `AT&amp;T`); commands like `why <link>`
    need the plain URL back, `subscribe AT&T` the company's name. A mention (`<@U1>`,
    `<#C1|general>`, `<!here>`) stays as sent, so the core can tell it from a name:
    `subscribe <@U123>` followed a company named "@U123".
    """

    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("http://", "https://")):
            return target
        if target.startswith(("@", "#", "!")):
            return match.group(0)
        return label or target.removeprefix("mailto:")

    if bot_user:  # "@layoffbot latest", the bot named as in a channel: "latest"
        text = re.sub(rf"^\s*<@{re.escape(bot_user)}(?:\|[^<>]*)?>[\s,:]*", "", text)
    text = _SLACK_MARKUP.sub(plain, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def channel_of(body: dict[str, Any]) -> str | None:
    """The channel an interaction (a button) happened in, if any."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return str(channel) if channel else None


def team_of(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    if not team:
        team = (body.get("user") or {}).get("team_id")
    return str(team) if team else None


def is_direct(channel_id: str | None, channel_name: Any) -> bool:
    """A direct message (Slack's DM channel ids start with D)."""
    return channel_name == "directmessage" or (channel_id or "").startswith("D")


def share_key(body: dict[str, Any], channel: str) -> str | None:
    """The outbox key of a Share click: the reply clicked (its message_ts), so it is
    planned once however often its button is clicked before the reply is gone (a fast
    double-click is two clicks with two action_ts: it posted twice, trial 16), and a
    retried click event with it. Else the click's action_ts; None when the payload has
    no id."""
    action = (body.get("actions") or [{}])[0]
    reply = (body.get("container") or {}).get("message_ts")
    click = reply or action.get("action_ts") or body.get("trigger_id")
    return f"share:{channel}:{click}" if click else None


def first_action_value(body: dict[str, Any]) -> str:
    return str(((body.get("actions") or [{}])[0]).get("value") or "")


def listen_error(host: str, port: int, exc: OSError) -> str:
    """One line for a Slack HTTP-mode port that cannot be listened on."""
    if exc.errno == errno.EADDRINUSE:
        return (
            f"cannot listen for Slack events on {host}:{port}: the port is already in use"
            " (another layoffbot?). Stop the program using it, or set LAYOFFBOT_SLACK_PORT"
            " to a free port"
        )
    if exc.errno == errno.EACCES:
        return (
            f"cannot listen for Slack events on {host}:{port}: permission denied (ports below"
            " 1024 need privileges). Set LAYOFFBOT_SLACK_PORT to a port above 1024"
        )
    reason = (exc.strerror or str(exc)).lower()
    return f"cannot listen for Slack events on {host}:{port} ({reason}). Check LAYOFFBOT_SLACK_PORT"


def part_text(text: str, index: int, parts: int) -> str:
    """The fallback text of a long message's part `index` of `parts`."""
    return text if index == 0 else f"{text} (part {index + 1}/{parts})"
