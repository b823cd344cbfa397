"""Session 17 (platform trial): channels paused for `missing_scope` stayed paused after
the admin added the scope and reinstalled. At each (re)connect the adapter reads the
granted scopes (auth.test's x-oauth-scopes) and hands them to the core."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from adapters.slack import SlackAdapter
from adapters.slack.scopes import granted_scopes
from tests.slack.fake_slack import MANIFEST_SCOPES, FakeCore, FakeSlack
from tests.slack.test_adapter import _no_proxy, core, fake, socket_adapter

__all__ = ["_no_proxy", "core", "fake", "socket_adapter"]  # fixtures, used by name


def test_the_scopes_header_is_read_whatever_its_case() -> None:
    assert granted_scopes({"X-OAuth-Scopes": "chat:write, commands"}) == {"chat:write", "commands"}
    assert granted_scopes({"content-type": "application/json"}) is None


async def test_the_granted_scopes_reach_the_core_at_connect_and_at_each_reconnect(
    socket_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    await _until(lambda: core.granted)
    assert core.granted == [("slack", "T1", frozenset(MANIFEST_SCOPES))]
    fake.scopes = ["commands"]
    await fake.drop_connection()
    await _until(lambda: len(core.granted) == 2)
    assert core.granted[1] == ("slack", "T1", frozenset({"commands"}))
    assert [c.method for c in fake.calls].count("auth.test") == 2


async def _until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """The core is told after the fake's answer: poll it (the fake's wait_for wakes on
    the fake's own changes only)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)
