"""What a platform scope granted after a pause resumes, and the one message saying so
(bot.store.scope_pauses)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING

from bot.models import Message, Section, Target

if TYPE_CHECKING:
    from bot.store.scope_pauses import ScopeResumed


def resumed_messages(
    platform: str, workspace_id: str, resumed: list[ScopeResumed], when: str
) -> list[tuple[Target, Message, str]]:
    """One message per channel (or user, for alerts by direct message) whose digest or
    alerts resumed: (target, message, outbox key). The key names the resumption, so the
    message goes out once however often the adapter reconnects."""
    by_place: dict[tuple[str, str], list[ScopeResumed]] = defaultdict(list)
    for one in resumed:
        by_place[(one.channel_id, "" if one.channel_id else one.user_id)].append(one)
    out: list[tuple[Target, Message, str]] = []
    for (channel, user), items in by_place.items():
        scopes = sorted({i.scope for i in items})
        what = ", ".join(i.what for i in items)
        text = (
            f"The app now has the {' and '.join(scopes)} scope"
            f"{'s' if len(scopes) > 1 else ''} it lacked: {what} resumed"
            f"{' in this channel' if channel else ' by direct message'}."
        )
        target = Target(
            platform, channel_id=channel or None, user_id=user or None, workspace_id=workspace_id
        )
        digest = hashlib.sha256(f"{channel}|{user}|{what}|{when}".encode()).hexdigest()[:16]
        out.append((target, Message(title="Resumed", sections=(Section(text=text),)), digest))
    return out
