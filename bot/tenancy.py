"""Who sees what: the operator's feeds reach every workspace, a workspace's own feeds
reach that workspace only.

A *tenant* is '' for the operator (the default feed list, `layoffbot feeds add`) and
'platform:workspace_id' for a Slack workspace or Discord server (a direct message outside
any server counts as the user's own: 'platform:user_id'). Feeds, items and stories carry
one; every read path asks the store for what the asking tenant may see.

A guest (`Command.guest`: a member of another organisation in a Slack Connect channel)
acts for no workspace: they see the operator's feeds only, never the workspace's own.
"""

from __future__ import annotations

from bot.models import Command

GLOBAL = ""
# Why a removed workspace's digests, subscriptions and feeds are paused (bot.store.tenants).
REMOVED_REASON = "the bot was removed from this workspace"


def tenant_key(platform: str, workspace_id: str | None, user_id: str | None = None) -> str:
    """The tenant of a workspace (or, outside any, of a user's direct messages)."""
    owner = workspace_id or user_id or ""
    return f"{platform}:{owner}" if owner else GLOBAL


def tenant_of(command: Command) -> str:
    if command.guest:
        return GLOBAL
    return tenant_key(command.platform, command.workspace_id, command.user_id)
