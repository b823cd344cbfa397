"""Session 17 (platform trial): a member who is no manager was offered commands the
router refuses them (`digest on`, `feeds add`, alerts `here`) in the help and in "did you
mean" fixes. Driven through a real `layoffbot` process and the fake Slack: a member's
replies offer no manager-only command, an admin's still do."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e import BotProcess, assert_no_traceback, bots
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot, slash

__all__ = ["bots"]  # a fixture, used by name

MANAGER_ONLY = ("/layoffs digest on", "/layoffs feeds add", "/layoffs feeds list | add", "[here]")


def test_slack_a_members_help_and_fixes_offer_no_manager_only_command(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    asked = [("U2", "help"), ("U2", "digets on"), ("U2", "https://example.com/feed.xml")]
    asked += [("UADM", "help")]
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.users["UADM"] = {"is_admin": True}
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for user, text in asked:
            slash(slack, text, user=user, timeout=20)
        bot.stop()
    assert_no_traceback(bot.output)
    help_, typo, link, admin = (json.dumps(r) for r in fake.responses[: len(asked)])
    for said in (help_, typo, link):
        assert not [c for c in MANAGER_ONLY if c in said], said
    assert "/layoffs digest settings" in help_ and "/layoffs feeds list" in help_, help_
    assert "Only channel managers can" in help_, help_
    assert "/layoffs why" in link and "a manager can add it" in link, link
    assert "/layoffs digest on" in admin and "/layoffs feeds list | add" in admin, admin
