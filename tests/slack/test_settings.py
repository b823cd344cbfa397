"""Slack settings: complete, absent, or half set (which `layoffbot run` refuses)."""

from __future__ import annotations

import pytest

from bot.config import Settings


@pytest.fixture(autouse=True)
def _no_slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("values", "enabled"),
    [
        ({}, False),
        ({"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"}, True),
        ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"}, True),
    ],
    ids=["none", "socket-mode", "http-mode"],
)
def test_complete_or_absent_slack_settings_have_no_problem(
    values: dict[str, str], enabled: bool
) -> None:
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    assert settings.slack_problem is None
    assert settings.slack_enabled is enabled


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"slack_bot_token": "xoxb-1"}, ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")),
        ({"slack_app_token": "xapp-1"}, ("SLACK_BOT_TOKEN",)),
        ({"slack_signing_secret": "s"}, ("SLACK_BOT_TOKEN",)),
    ],
    ids=["bot-token-only", "app-token-only", "signing-secret-only"],
)
def test_half_set_slack_settings_name_what_is_missing(
    values: dict[str, str], named: tuple[str, ...]
) -> None:
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    problem = settings.slack_problem
    assert problem is not None
    for name in named:
        assert name in problem
    assert "docs/slack.md" in problem
    assert "\n" not in problem
