"""Settings: defaults, validation naming the variable, and the README table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, env_name, load_settings
from bot.errors import ConfigError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults_need_no_configuration() -> None:
    settings = load_settings()
    assert settings.poll_interval_minutes == 15
    assert settings.database_url.startswith("sqlite")
    assert not settings.slack_enabled and not settings.discord_enabled


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LAYOFFBOT_POLL_INTERVAL_MINUTES", "soon"),
        ("LAYOFFBOT_POLL_INTERVAL_MINUTES", "0"),
        ("LAYOFFBOT_DATABASE_URL", "mysql://x"),
        ("LAYOFFBOT_DIGEST_TIME", "25:00"),
        ("LAYOFFBOT_DIGEST_TIMEZONE", "Mars/Olympus"),
        ("DISCORD_GUILD_IDS", "123,abc"),
    ],
)
def test_a_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=variable):
        load_settings()


def test_platform_credentials_use_the_platforms_own_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    settings = load_settings()
    assert settings.slack_enabled and settings.discord_enabled


def test_a_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("LAYOFFBOT_POLL_INTERVAL_MINUTES=5\n")
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", str(env))
    assert load_settings().poll_interval_minutes == 5


def test_postgres_urls_get_the_psycopg_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYOFFBOT_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    assert load_settings().database_url == "postgresql+psycopg://postgres@127.0.0.1/test"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [env_name(n) for n in Settings.model_fields if f"`{env_name(n)}`" not in readme]
    assert missing == []


def test_each_adapter_gets_its_own_settings_group_from_the_same_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("LAYOFFBOT_SLACK_PORT", "3100")
    monkeypatch.setenv("LAYOFFBOT_MANAGERS", "U1, U2")
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "4")
    monkeypatch.setenv("DISCORD_SHARD_IDS", "0,2")
    monkeypatch.setenv("LAYOFFBOT_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("LAYOFFBOT_LLM_MODEL", "m")
    settings = load_settings()
    slack, discord, llm = settings.slack, settings.discord, settings.llm
    assert (slack.bot_token, slack.signing_secret, slack.app_token) == ("xoxb-1", "secret", None)
    assert slack.port == 3100 and slack.managers == frozenset({"U1", "U2"})
    assert (discord.token, discord.shard_count, discord.shard_ids) == ("abc", 4, (0, 2))
    assert discord.guild_ids == ()
    assert llm.url == "http://127.0.0.1:9/v1" and llm.model == "m"


def test_adapters_are_built_from_their_settings_group_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from adapters.discord import DiscordAdapter
    from adapters.slack import SlackAdapter

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("DISCORD_GUILD_IDS", "42")
    settings = load_settings()
    slack = SlackAdapter.from_settings(settings.slack)
    assert slack.app_token == "xapp-1" and slack.signing_secret is None
    discord = DiscordAdapter.from_settings(settings.discord)
    assert discord.owns_guild(42)
