"""Settings from the environment (and a `.env` file), validated once at start.

Every setting is `LAYOFFBOT_*` except the platforms' own credentials, which keep the
names their docs use. A bad value stops the bot at start with a message naming the
variable, rather than failing later in the middle of a poll.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///./data/layoffbot.db"


@dataclass(frozen=True)
class SlackSettings:
    """What the Slack adapter is given: its credentials and endpoints, nothing else.

    A group of the flat `Settings` (the environment names stay the platforms' own), so
    an adapter cannot come to depend on an unrelated setting.
    """

    bot_token: str
    app_token: str | None
    signing_secret: str | None
    port: int
    api_url: str | None
    managers: frozenset[str]


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord adapter is given (see SlackSettings for why a group)."""

    token: str
    api_url: str | None
    guild_ids: tuple[int, ...]
    shard_count: int | None
    shard_ids: tuple[int, ...] | None


@dataclass(frozen=True)
class LLMSettings:
    """The OpenAI-compatible endpoint for summaries and tags (used with a URL and a model)."""

    url: str | None
    model: str | None
    api_key: str | None
    timeout_seconds: float


class Settings(BaseSettings):
    """All settings. Field docs are the README's settings table."""

    model_config = SettingsConfigDict(
        env_prefix="LAYOFFBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    poll_interval_minutes: int = Field(15, ge=1, le=1440, description="How often feeds are polled")
    poll_concurrency: int = Field(10, ge=1, le=200, description="Feeds fetched at once")
    default_feeds: bool = Field(
        True, description="Add the default feed list to a new database on first start"
    )
    announce_max_age_days: int = Field(
        7,
        ge=1,
        le=3650,
        description="News published more than this many days before it is first seen is stored but never announced",
    )
    allow_private_addresses: bool = Field(
        False,
        description="Allow feed URLs on loopback/private networks (for local testing only)",
    )
    fetch_timeout_seconds: float = Field(20.0, gt=0, le=300, description="Total time per fetch")
    digest_time: str = Field("09:00", description="Default daily digest time (HH:MM)")
    digest_timezone: str = Field("UTC", description="Default digest time zone (IANA name)")
    managers: str = Field(
        "",
        description="Comma-separated user ids allowed to change digests and feeds, besides platform admins",
    )
    max_subscriptions: int = Field(
        100,
        ge=1,
        le=100_000,
        description="Most companies one user (by direct message) or one channel may follow",
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_format: str = Field("text", description="text (key=value) or json")
    console: bool | None = Field(
        None, description="Run the console adapter (default: only when no platform is configured)"
    )
    chart_dir: str | None = Field(
        None,
        description="Where trend charts are saved (default: a charts folder next to the SQLite database)",
    )
    llm_url: str | None = Field(None, description="OpenAI-compatible endpoint for LLM summaries")
    llm_model: str | None = Field(None, description="Model name for the LLM endpoint")
    llm_api_key: str | None = Field(None, description="API key for the LLM endpoint")
    llm_timeout_seconds: float = Field(20.0, gt=0, description="Time limit per LLM call")
    slack_port: int = Field(3000, ge=1, le=65535, description="HTTP-mode port for Slack events")
    slack_api_url: str | None = Field(None, description="Override the Slack Web API base URL")
    discord_api_url: str | None = Field(None, description="Override the Discord REST base URL")

    slack_bot_token: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_BOT_TOKEN"),
        description="Slack bot token (xoxb-)",
    )
    slack_app_token: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_APP_TOKEN"),
        description="Slack app-level token (xapp-): Socket Mode",
    )
    slack_signing_secret: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET"),
        description="Slack signing secret: HTTP mode",
    )
    discord_token: str | None = Field(
        None, validation_alias=AliasChoices("DISCORD_TOKEN"), description="Discord bot token"
    )
    discord_guild_ids: str = Field(
        "",
        validation_alias=AliasChoices("DISCORD_GUILD_IDS"),
        description="Comma-separated guild ids to sync commands to instantly",
    )
    discord_shard_count: int | None = Field(
        None,
        ge=1,
        validation_alias=AliasChoices("DISCORD_SHARD_COUNT"),
        description="Total Discord shards across all processes (default: Discord's recommendation)",
    )
    discord_shard_ids: str = Field(
        "",
        validation_alias=AliasChoices("DISCORD_SHARD_IDS"),
        description="Comma-separated shard ids this process runs (with DISCORD_SHARD_COUNT)",
    )

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql+psycopg://")
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        # Each connection to an in-memory SQLite database gets its own empty one.
        if value.startswith("sqlite") and value.split("://", 1)[-1] in ("", "/", "/:memory:"):
            raise ValueError(
                "an in-memory SQLite database is not supported (each connection would get"
                " its own, empty); give a file, e.g. sqlite:///./data/layoffbot.db"
            )
        return value

    @field_validator("digest_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        from bot.timeutil import parse_hhmm

        parse_hhmm(value)
        return value

    @field_validator("digest_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("log_format")
    @classmethod
    def _format(cls, value: str) -> str:
        if value not in {"text", "json"}:
            raise ValueError("must be text or json")
        return value

    @field_validator("llm_url", "slack_api_url", "discord_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http:// or https:// URL")
        return value

    @field_validator("discord_guild_ids", "discord_shard_ids")
    @classmethod
    def _id_list(cls, value: str) -> str:
        for part in _split(value):
            if not part.isdigit():
                raise ValueError(f"{part!r} is not a numeric id")
        return value

    @property
    def manager_ids(self) -> frozenset[str]:
        return frozenset(_split(self.managers))

    @property
    def guild_ids(self) -> list[int]:
        return [int(p) for p in _split(self.discord_guild_ids)]

    @property
    def shard_ids(self) -> list[int] | None:
        parts = _split(self.discord_shard_ids)
        return [int(p) for p in parts] if parts else None

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_app_token or self.slack_signing_secret))

    @property
    def slack_problem(self) -> str | None:
        """Why the Slack settings are incomplete (some set, not enough to connect), or None.

        A half-configured Slack is a mistake to report at start, never a reason to run
        without Slack (or with only the console) in silence.
        """
        app_or_secret = self.slack_app_token or self.slack_signing_secret
        if self.slack_bot_token and not app_or_secret:
            return (
                "SLACK_BOT_TOKEN is set, but Slack also needs SLACK_APP_TOKEN (Socket Mode,"
                " an xapp- app-level token) or SLACK_SIGNING_SECRET (HTTP mode);"
                " see docs/slack.md"
            )
        if app_or_secret and not self.slack_bot_token:
            given = "SLACK_APP_TOKEN" if self.slack_app_token else "SLACK_SIGNING_SECRET"
            return (
                f"{given} is set, but SLACK_BOT_TOKEN (the xoxb- bot token) is missing;"
                " see docs/slack.md"
            )
        return None

    @property
    def slack(self) -> SlackSettings:
        return SlackSettings(
            bot_token=self.slack_bot_token or "",
            app_token=self.slack_app_token or None,
            signing_secret=self.slack_signing_secret or None,
            port=self.slack_port,
            api_url=self.slack_api_url,
            managers=self.manager_ids,
        )

    @property
    def discord(self) -> DiscordSettings:
        shard_ids = self.shard_ids
        return DiscordSettings(
            token=self.discord_token or "",
            api_url=self.discord_api_url,
            guild_ids=tuple(self.guild_ids),
            shard_count=self.discord_shard_count,
            shard_ids=tuple(shard_ids) if shard_ids is not None else None,
        )

    @property
    def llm(self) -> LLMSettings:
        return LLMSettings(
            url=self.llm_url,
            model=self.llm_model,
            api_key=self.llm_api_key,
            timeout_seconds=self.llm_timeout_seconds,
        )

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    @property
    def console_by_default(self) -> bool:
        """LAYOFFBOT_CONSOLE when set; otherwise the terminal runs when no platform does."""
        if self.console is not None:
            return self.console
        return not (self.slack_enabled or self.discord_enabled)

    @property
    def chart_directory(self) -> Path:
        """Charts belong with the bot's data, not wherever the command was started."""
        if self.chart_dir:
            return Path(self.chart_dir).expanduser()
        db = self.sqlite_path
        return (db.parent if db is not None else Path("data")) / "charts"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.database_url.startswith("sqlite"):
            return None
        path = self.database_url.split(":///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


_ALIASES = {
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "discord_token": "DISCORD_TOKEN",
    "discord_guild_ids": "DISCORD_GUILD_IDS",
    "discord_shard_count": "DISCORD_SHARD_COUNT",
    "discord_shard_ids": "DISCORD_SHARD_IDS",
}


def env_name(field_name: str) -> str:
    """The environment variable that sets a field."""
    return _ALIASES.get(field_name, "LAYOFFBOT_" + field_name.upper())


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings; raise ConfigError naming the variable on a bad value."""
    env_file = os.environ.get("LAYOFFBOT_ENV_FILE", ".env")
    try:
        settings = Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = str(err["loc"][0]) if err["loc"] else "?"
            name = env_name(loc) if loc in Settings.model_fields else loc
            problems.append(f"{name}: {err['msg']}")
        raise ConfigError("invalid setting: " + "; ".join(problems)) from exc
    # The model is used only with both; one without the other would run on the rules alone
    # while the user believes the model judges.
    if bool(settings.llm_url) != bool(settings.llm_model):
        given, missing = ("URL", "MODEL") if settings.llm_url else ("MODEL", "URL")
        raise ConfigError(
            f"invalid setting: LAYOFFBOT_LLM_{missing}: LAYOFFBOT_LLM_{given} is set, so the"
            f" LLM also needs LAYOFFBOT_LLM_{missing}; see docs/llm.md"
        )
    return settings
