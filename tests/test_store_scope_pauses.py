"""What a missing scope paused resumes once the scope is granted (bot.store.scope_pauses),
and nothing else: another pause, another scope, another workspace stay paused."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from bot.store import Store
from bot.store.tables import digests, subscriptions

NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
LACKS = (
    "slack: missing_scope (the app lacks the {} scope: add it under OAuth & Permissions "
    "and reinstall the app) (2026-12-06 04:00 UTC)"
)


def _digest(store: Store, channel: str, reason: str, workspace: str = "T1") -> None:
    store.set_digest(
        platform="slack",
        workspace_id=workspace,
        channel_id=channel,
        updated_by="U1",
        now=NOW,
        enabled=True,
    )
    with store.tx() as conn:
        conn.execute(
            update(digests)
            .where(digests.c.channel_id == channel)
            .values(enabled=False, disabled_reason=reason)
        )


def test_only_what_a_granted_scope_paused_resumes(store: Store) -> None:
    _digest(store, "C1", LACKS.format("chat:write"))
    _digest(store, "C2", LACKS.format("files:write"))
    _digest(store, "C3", "slack: not_in_channel (2026-12-06 04:00 UTC)")
    _digest(store, "C4", LACKS.format("chat:write"), workspace="T2")
    store.subscribe(
        platform="slack",
        workspace_id="T1",
        user_id="U1",
        channel_id="",
        company="Acme",
        company_key="acme",
        now=NOW,
    )
    with store.tx() as conn:
        conn.execute(
            update(subscriptions).values(disabled=True, disabled_reason=LACKS.format("im:write"))
        )
    resumed = store.resume_scope_paused("slack", "T1", frozenset({"chat:write", "im:write"}))
    assert sorted((r.what, r.channel_id, r.user_id, r.scope) for r in resumed) == [
        ("alerts about Acme", "", "U1", "im:write"),
        ("digest", "C1", "", "chat:write"),
    ]
    with store.tx() as conn:
        rows = conn.execute(
            digests.select().with_only_columns(digests.c.channel_id, digests.c.enabled)
        ).all()
        subs = conn.execute(subscriptions.select()).all()
    assert {c: bool(e) for c, e in rows} == {"C1": True, "C2": False, "C3": False, "C4": False}
    assert [bool(s.disabled) for s in subs] == [False]
    assert store.resume_scope_paused("slack", "T1", frozenset({"chat:write"})) == []
