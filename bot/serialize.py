"""Messages, targets and receipts to JSON and back, for the outbox table.

A planned delivery must survive a restart exactly as planned, chart and all, so the
whole neutral `Message` is stored (images base64) rather than re-rendered at send time.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from bot.models import (
    DeliveryReceipt,
    Field,
    Image,
    Kind,
    Message,
    Section,
    SectionRole,
    StoryLink,
    Target,
)


def _link(link: StoryLink) -> dict[str, Any]:
    return {"title": link.title, "url": link.url, "publisher": link.publisher}


def _section(section: Section) -> dict[str, Any]:
    return {
        "text": section.text,
        "heading": section.heading,
        "url": section.url,
        "fields": [{"name": f.name, "value": f.value, "inline": f.inline} for f in section.fields],
        "context": section.context,
        "kind": section.kind.value if section.kind else None,
        "links": [_link(link) for link in section.links],
        **({"role": section.role.value} if section.role else {}),
    }


def message_to_dict(message: Message) -> dict[str, Any]:
    image = message.image
    return {
        "title": message.title,
        "sections": [_section(s) for s in message.sections],
        "footer": message.footer,
        "image": None
        if image is None
        else {
            "data": base64.b64encode(image.data).decode("ascii"),
            "filename": image.filename,
            "alt_text": image.alt_text,
            "content_type": image.content_type,
        },
        "discussion": message.discussion,
        "ephemeral": message.ephemeral,
        "shareable": message.shareable,
        "is_error": message.is_error,
    }


def message_from_dict(data: dict[str, Any]) -> Message:
    image = data.get("image")
    return Message(
        title=data.get("title"),
        sections=tuple(
            Section(
                text=s.get("text", ""),
                heading=s.get("heading"),
                url=s.get("url"),
                fields=tuple(
                    Field(f["name"], f["value"], bool(f.get("inline", True)))
                    for f in s.get("fields", [])
                ),
                context=s.get("context"),
                kind=Kind(s["kind"]) if s.get("kind") else None,
                role=SectionRole(s["role"]) if s.get("role") else None,
                links=tuple(
                    StoryLink(lk["title"], lk["url"], lk.get("publisher"))
                    for lk in s.get("links", [])
                ),
            )
            for s in data.get("sections", [])
        ),
        footer=data.get("footer"),
        image=None
        if not image
        else Image(
            data=base64.b64decode(image["data"]),
            filename=image["filename"],
            alt_text=image["alt_text"],
            content_type=image.get("content_type", "image/png"),
        ),
        discussion=bool(data.get("discussion", False)),
        ephemeral=bool(data.get("ephemeral", True)),
        shareable=bool(data.get("shareable", False)),
        is_error=bool(data.get("is_error", False)),
    )


def message_to_json(message: Message) -> str:
    return json.dumps(message_to_dict(message), ensure_ascii=False, separators=(",", ":"))


def message_from_json(text: str) -> Message:
    return message_from_dict(json.loads(text))


def target_to_json(target: Target) -> str:
    return json.dumps(
        {
            "platform": target.platform,
            "channel_id": target.channel_id,
            "thread_id": target.thread_id,
            "user_id": target.user_id,
            "workspace_id": target.workspace_id,
        },
        separators=(",", ":"),
        sort_keys=True,
    )


def target_from_json(text: str) -> Target:
    data = json.loads(text)
    return Target(
        platform=data["platform"],
        channel_id=data.get("channel_id"),
        thread_id=data.get("thread_id"),
        user_id=data.get("user_id"),
        workspace_id=data.get("workspace_id"),
    )


def receipt_to_json(receipt: DeliveryReceipt) -> str:
    return json.dumps(
        {"message_id": receipt.message_id, "thread_ids": list(receipt.thread_ids)},
        separators=(",", ":"),
    )


def receipt_from_json(text: str) -> DeliveryReceipt:
    data = json.loads(text)
    return DeliveryReceipt(
        message_id=str(data["message_id"]),
        thread_ids=tuple(str(t) for t in data.get("thread_ids", [])),
    )
