"""At each (re)connect: the scopes the app holds, from `auth.test`'s `x-oauth-scopes`
header, handed to the core, which resumes what was paused only for a scope now granted
(bot.store.scope_pauses). Channels paused for `missing_scope` stayed paused after the
admin added the scope and reinstalled (platform trial, session 17)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import CoreApp

log = logging.getLogger(__name__)


def granted_scopes(headers: Any) -> frozenset[str] | None:
    """The scopes an answer's `x-oauth-scopes` header lists; None without the header."""
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "x-oauth-scopes":
            text = value[0] if isinstance(value, list) and value else value
            return frozenset(s.strip() for s in str(text).split(",") if s.strip())
    return None


async def resume_granted(web: AsyncWebClient, core: CoreApp) -> None:
    """Read the granted scopes and let the core resume what they allow. Never raises."""
    try:
        answer = await web.auth_test()
        team = str(answer.get("team_id") or "")
        scopes = granted_scopes(answer.headers)
        if not team or scopes is None:
            return
        await core.scopes_granted("slack", team, scopes)
    except Exception as exc:  # noqa: BLE001 - a failed check resumes nothing, next connect retries
        log.warning("slack: could not read the app's scopes (auth.test): %s", exc)
