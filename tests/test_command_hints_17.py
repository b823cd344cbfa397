"""Session 17 (platform trial): replies offered members who are no managers commands the
router refuses them (`digest on`, `feeds add`, a channel's `here` alerts), in the help,
greetings, "did you mean" fixes and next steps. Each place, per role: a manager is offered
them, a member is not (only who may), a guest only lookups."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.models import Command
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app

MANAGER_ONLY = (
    "digest on",
    "digest off",
    "digest now",
    "feeds add",
    "feeds remove",
    "feeds enable",
    " here",
)


def _as(role: str, text: str, **kw: Any) -> Command:
    if role == "guest":
        return replace(cmd(text, manager=False, **kw), guest=True)
    return cmd(text, manager=role == "manager", **kw)


async def _said(store: Store, role: str, text: str, **kw: Any) -> str:
    return to_text(await make_app(store).handle(_as(role, text, **kw)))


async def test_help_lists_per_role(store: Store) -> None:
    manager = await _said(store, "manager", "help")
    assert "/layoffs digest on" in manager and "/layoffs feeds list | add" in manager, manager
    assert "Only channel managers" not in manager, manager
    member = await _said(store, "member", "help")
    assert "/layoffs digest settings" in member and "/layoffs feeds list" in member, member
    assert "/layoffs subscribe <company>" in member and "/layoffs why" in member, member
    assert "digest on" not in member and "feeds list | add" not in member, member
    assert "[here]" not in member, member
    assert "Only channel managers can" in member and "digest" in member.split("Only")[-1], member
    guest = await _said(store, "guest", "help")
    assert "/layoffs latest" in guest and "/layoffs why" in guest, guest
    assert "subscribe" not in guest and "/layoffs digest" not in guest, guest
    assert "/layoffs feeds" not in guest and "belong to the workspace" in guest, guest


async def test_help_on_discord_names_manage_server_and_options(store: Store) -> None:
    member = await _said(store, "member", "help", platform="discord", workspace="G1")
    assert "/layoffs digest action:settings" in member, member
    assert "Only members with Manage Server can" in member, member


@pytest.mark.parametrize("role", ["manager", "member", "guest"])
async def test_did_you_mean_offers_only_what_the_asker_may_run(store: Store, role: str) -> None:
    said = await _said(store, role, "digets on")
    if role == "manager":
        assert "/layoffs digest on" in said, said
    else:
        assert "digest on" not in said and "subscribe Digets" not in said, said


async def test_a_mistyped_managers_command_is_refused_to_a_member_not_fixed(store: Store) -> None:
    manager = await _said(store, "manager", "digest on 8 zzz qqq")
    member = await _said(store, "member", "digest on 8 zzz qqq")
    assert "Only channel managers can change this channel's digest" in member, member
    assert "Did you mean" not in member, member
    assert "Only channel managers" not in manager, manager


@pytest.mark.parametrize("role", ["manager", "member"])
async def test_a_pasted_link_offers_feeds_add_to_managers_only(store: Store, role: str) -> None:
    said = await _said(store, role, "https://example.com/feed.xml")
    assert "/layoffs why" in said, said
    assert ("/layoffs feeds add" in said) == (role == "manager"), said
    if role == "member":
        assert "a manager can add it" in said, said


@pytest.mark.parametrize("role", ["manager", "member"])
async def test_latest_with_no_feeds_offers_feeds_add_to_managers_only(
    store: Store, role: str
) -> None:
    for feed in store.list_feeds(""):
        store.remove_feed(feed.url, "")
    said = await _said(store, role, "latest")
    assert ("/layoffs feeds add" in said) == (role == "manager"), said


@pytest.mark.parametrize("role", ["manager", "member"])
async def test_digest_settings_offers_digest_on_to_managers_only(store: Store, role: str) -> None:
    said = await _said(store, role, "digest settings")
    assert "Daily digest: off" in said, said
    assert ("/layoffs digest on" in said) == (role == "manager"), said
    assert "A manager can turn it on" in said or role == "manager", said


@pytest.mark.parametrize("role", ["manager", "member"])
async def test_subscribing_to_a_topic_offers_digest_on_to_managers_only(
    store: Store, role: str
) -> None:
    said = await _said(store, role, "subscribe ai")
    assert "is a topic" in said, said
    assert ("/layoffs digest on" in said) == (role == "manager"), said


async def test_a_channels_follow_hint_offers_unsubscribe_here_to_managers_only(
    store: Store, make_story: Any
) -> None:
    make_story("Klarna")
    await make_app(store).handle(cmd("subscribe Klarna here"))
    manager = await _said(store, "manager", "Klarna")
    assert "/layoffs unsubscribe Klarna here" in manager, manager
    member = await _said(store, "member", "Klarna")
    assert "This channel follows Klarna." in member and "unsubscribe" not in member, member


@pytest.mark.parametrize("role", ["manager", "member", "guest"])
async def test_greeting_per_role(store: Store, role: str) -> None:
    said = await _said(store, role, "hi")
    assert ("/layoffs subscribe Amazon" in said) == (role != "guest"), said
    assert "/layoffs help" in said, said


@pytest.mark.parametrize("role", ["manager", "member"])
async def test_no_subscriptions_offers_here_to_managers_only(store: Store, role: str) -> None:
    said = await _said(store, role, "subscriptions")
    assert "/layoffs subscribe <company>" in said, said
    assert ("[here]" in said) == (role == "manager"), said


async def test_a_members_digest_settings_name_no_digest_command(store: Store) -> None:
    await make_app(store).handle(cmd("digest on 08:30 UTC"))
    said = await _said(store, "member", "digest settings")
    assert "08:30" in said and "/layoffs digest" not in said, said


@pytest.mark.parametrize("role", ["manager", "member", "guest"])
async def test_a_usage_error_names_the_forms_the_asker_may_run(store: Store, role: str) -> None:
    said = await _said(store, role, "digest sometimes")
    if role == "manager":
        assert "/layoffs digest on [time] [timezone]" in said, said
    elif role == "member":
        assert "Usage: /layoffs digest settings" in said and "digest on" not in said, said
        assert "Only channel managers can change this channel's digest." in said, said
    else:
        assert "another organisation" in said and "Usage" not in said, said


async def test_a_usage_error_by_discord_options_names_the_members_forms(store: Store) -> None:
    member = replace(
        cmd("", manager=False, platform="discord", workspace="G1"),
        name="feeds",
        args={"action": "ad"},
    )
    said = to_text(await make_app(store).handle(member))
    assert "Usage: /layoffs feeds action:list\n" in said and "action:add" not in said, said
    assert "Only members with Manage Server can add, remove or enable feeds." in said, said


@pytest.mark.parametrize("role", ["manager", "member"])
async def test_unsubscribing_names_the_channels_stop_to_managers_only(
    store: Store, make_story: Any, role: str
) -> None:
    make_story("Klarna")
    await make_app(store).handle(cmd("subscribe Klarna here"))
    await make_app(store).handle(cmd("subscribe Klarna", manager=role == "manager"))
    said = await _said(store, role, "unsubscribe Klarna")
    assert "This channel still follows Klarna" in said, said
    assert ("/layoffs unsubscribe Klarna here" in said) == (role == "manager"), said


async def test_help_in_a_discord_dm_says_where_managers_change_things(store: Store) -> None:
    dm = replace(cmd("help", platform="discord", workspace="", channel="D1"), is_direct=True)
    said = to_text(await make_app(store).handle(dm))
    assert "set in a server's channel, by its managers" in said and "digest on" not in said, said
