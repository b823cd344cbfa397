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
