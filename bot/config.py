"""Settings from the environment (and a `.env` file), validated once at start.

Every setting is `LAYOFFBOT_*` except the platforms' own credentials, which keep the
names their docs use. A bad value stops the bot at start with a message naming the
variable, rather than failing later in the middle of a poll.

Read by every command, so kept light (pydantic-settings was ~40% of a start's imports).
Names are case-insensitive; `Settings(...)` wins over the environment, then `.env`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.database_url import known_backend, without_password
from bot.envfile import read_env_file
from bot.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///./data/layoffbot.db"
ENV_PREFIX = "LAYOFFBOT_"


@dataclass(frozen=True)
class SlackSettings:
    """What the Slack adapter is given: its credentials and endpoints, nothing else.

    A group of the flat `Settings` (the environment names stay the platforms' own), so
    an adapter cannot come to depend on an unrelated setting.
    """

    bot_token: str = field(repr=False)
    app_token: str | None = field(repr=False)
    signing_secret: str | None = field(repr=False)
    port: int
    api_url: str | None
    managers: frozenset[str]


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord adapter is given (see SlackSettings for why a group)."""

    token: str = field(repr=False)
    api_url: str | None
    guild_ids: tuple[int, ...]
    shard_count: int | None
    shard_ids: tuple[int, ...] | None


@dataclass(frozen=True)
class LLMSettings:
    """The OpenAI-compatible endpoint for summaries and tags (used with a URL and a model)."""

    url: str | None
    model: str | None
    api_key: str | None = field(repr=False)
    timeout_seconds: float


# ----------------------------------------------------------------- checks of one value
# Each takes the parsed value and returns it (perhaps normalised), or raises ValueError
# with the message shown after the variable's name.


def _hh_mm(value: str) -> str:
    """'08:30', or as `/layoffs digest on` takes it ('8am', '8:30pm'): stored as HH:MM."""
    from bot.typed_time import time_as_typed

    return time_as_typed(value)


def _zone(value: str) -> str:
    """An IANA name, or as `/layoffs digest on` takes it ('PST', 'London'): stored as the
    IANA name."""
    from bot.typed_time import AmbiguousZone, FixedOffset, zone_as_typed

    try:
        return zone_as_typed(value)  # first: 'EST' means New York there, not a fixed -5
    except (FixedOffset, AmbiguousZone):
        raise
    except ValueError:
        pass
    try:
        ZoneInfo(value)  # a name the command does not take ('EST5EDT') still works here
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {value!r}: write one like Europe/Berlin, London or PST"
        ) from None
    return value


def _level(value: str) -> str:
    if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
    return value.upper()


def _format(value: str) -> str:
    if value not in {"text", "json"}:
        raise ValueError("must be text or json")
    return value


def _http_url(value: str | None) -> str | None:
    if not value:
        return value
    shown = repr(without_password(value))
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"{shown} is not an http:// or https:// URL")
    if any(c.isspace() for c in value):
        raise ValueError(f"{shown} has a space in it")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise ValueError(f"{shown} has a port that is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise ValueError(f"{shown} names no host: http://HOST[:PORT]/...")
    return value


def _id_list(value: str) -> str:
    for part in _split(value):
        if not part.isdigit():
            raise ValueError(f"{part!r} is not a numeric id")
    return value


def setting(
    default: Any,
    doc: str,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    env: str | None = None,
    check: Callable[[Any], Any] | None = None,
    secret: bool = False,
) -> Any:
    """A field of `Settings`: its default, what it is for, its bounds, the variable that
    sets it when not `LAYOFFBOT_<NAME>` (`env`), a check of its value, and whether it is
    kept out of the settings' repr (`secret`)."""
    meta = {"doc": doc, "ge": ge, "gt": gt, "le": le, "env": env, "check": check}
    return field(default=default, repr=not secret, metadata=meta)


@dataclass(init=False)
class Settings:
    """All settings. Field docs are the README's settings table.

    `Settings(**values)` reads the environment and `_env_file` (".env"; None for none)
    too; `values` (by field name or variable name) win. Raises ConfigError naming every
    variable with a bad value."""

    database_url: str = setting(
        DEFAULT_DATABASE_URL,
        "SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
        check=known_backend,
    )
    poll_interval_minutes: int = setting(15, "How often feeds are polled", ge=1, le=1440)
    poll_concurrency: int = setting(10, "Feeds fetched at once", ge=1, le=200)
    default_feeds: bool = setting(
        True, "Add the default feed list to a new database on first start"
    )
    announce_max_age_days: int = setting(
        7,
        "News published more than this many days before it is first seen is stored but never announced",
        ge=1,
        le=3650,
    )
    allow_private_addresses: bool = setting(
        False, "Allow the operator's own feeds (not workspaces') on loopback/private networks"
    )
    fetch_timeout_seconds: float = setting(20.0, "Total time per fetch", gt=0, le=300)
    judge_timeout_seconds: float = setting(
        10.0,
        "Time limit for judging one feed item (a poll's batch of one feed: 3 times it); an "
        "item past it is judged on its title and the start of its text",
        gt=0,
        le=300,
    )
    leader_check_seconds: float = setting(
        15.0,
        "How often each process checks the schedule's leader lock (PostgreSQL with several "
        "processes: a standby takes over within about this long after the leader stops)",
        ge=1,
        le=300,
    )
    digest_time: str = setting(
        "09:00", "Default daily digest time (08:30, 8am, 8:30pm or noon)", check=_hh_mm
    )
    digest_timezone: str = setting(
        "UTC", "Default digest time zone (Europe/Berlin, London or PST)", check=_zone
    )
    managers: str = setting(
        "",
        "Comma-separated Slack or Discord user ids who are channel managers besides platform "
        "admins: they may change digests, feeds and a channel's alerts (subscribe ... here)",
    )
    max_subscriptions: int = setting(
        100,
        "Most companies one user (by direct message) or one channel may follow",
        ge=1,
        le=100_000,
    )
    max_feeds: int = setting(
        50,
        "Most feeds one workspace or server may add with /layoffs feeds add (the operator's list has no limit)",
        ge=1,
        le=10_000,
    )
    max_workspace_items_per_hour: int = setting(
        1000,
        "Most new items one workspace's or server's own feeds may store in an hour (each is judged on the cores every workspace shares); the rest wait for later polls. The operator's feeds have no limit",
        ge=1,
        le=1_000_000,
    )
    removed_workspace_retention_days: int = setting(
        30,
        "Days a workspace or server the bot was removed from keeps its subscriptions, digests and own feeds (paused; back in time, they resume); then they are deleted",
        ge=1,
        le=3650,
    )
    log_level: str = setting("INFO", "DEBUG, INFO, WARNING or ERROR", check=_level)
    log_format: str = setting("text", "text (key=value) or json", check=_format)
    console: bool | None = setting(
        None, "Run the console adapter (default: only when no platform is configured)"
    )
    chart_dir: str | None = setting(
        None,
        "Where trend charts are saved (default: a charts folder next to the SQLite database)",
    )
    llm_url: str | None = setting(
        None, "OpenAI-compatible endpoint for LLM summaries", check=_http_url
    )
    llm_model: str | None = setting(None, "Model name for the LLM endpoint")
    llm_api_key: str | None = setting(None, "API key for the LLM endpoint", secret=True)
    llm_timeout_seconds: float = setting(
        20.0, "Time limit per LLM call (at most 300)", gt=0, le=300
    )
    slack_port: int = setting(3000, "HTTP-mode port for Slack events", ge=1, le=65535)
    slack_api_url: str | None = setting(
        None, "Override the Slack Web API base URL", check=_http_url
    )
    discord_api_url: str | None = setting(
        None, "Override the Discord REST base URL", check=_http_url
    )

    slack_bot_token: str | None = setting(
        None, "Slack bot token (xoxb-)", env="SLACK_BOT_TOKEN", secret=True
    )
    slack_app_token: str | None = setting(
        None, "Slack app-level token (xapp-): Socket Mode", env="SLACK_APP_TOKEN", secret=True
    )
    slack_signing_secret: str | None = setting(
        None, "Slack signing secret: HTTP mode", env="SLACK_SIGNING_SECRET", secret=True
    )
    discord_token: str | None = setting(None, "Discord bot token", env="DISCORD_TOKEN", secret=True)
    discord_guild_ids: str = setting(
        "",
        "Comma-separated guild ids to sync commands to instantly",
        env="DISCORD_GUILD_IDS",
        check=_id_list,
    )
    discord_shard_count: int | None = setting(
        None,
        "Total Discord shards across all processes (default: Discord's recommendation)",
        ge=1,
        env="DISCORD_SHARD_COUNT",
    )
    discord_shard_ids: str = setting(
        "",
        "Comma-separated shard ids this process runs (with DISCORD_SHARD_COUNT)",
        env="DISCORD_SHARD_IDS",
        check=_id_list,
    )

    def __init__(self, _env_file: str | Path | None = ".env", **values: Any) -> None:
        environ = {k.lower(): v for k, v in os.environ.items()}
        dotenv = read_env_file(_env_file)
        # The file and the names it set, for `ignored_settings` (not read a second time).
        self.read_from: tuple[str, tuple[str, ...]] = (str(_env_file or ""), tuple(dotenv))
        problems = []
        for f in fields(self):
            raw = _given(f, values, environ, dotenv)
            try:
                value = f.default if raw is _UNSET else _value(f, raw)
            except ValueError as exc:
                problems.append(f"{env_name(f.name)}: {exc}")
                continue
            setattr(self, f.name, value)
        if problems:
            raise ConfigError("invalid setting: " + "; ".join(problems))

    def __repr__(self) -> str:
        """The dataclass repr without the secrets, and the database URL without its password."""
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.repr}
        shown["database_url"] = without_password(self.database_url)
        return f"Settings({', '.join(f'{name}={value!r}' for name, value in shown.items())})"

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
    def discord_problem(self) -> str | None:
        """Discord's other settings without DISCORD_TOKEN (misspelled `DISCORD_BOT_TOKEN`):
        the bot ran without Discord and said only that no credentials were set."""
        given = ("DISCORD_GUILD_IDS", "DISCORD_SHARD_COUNT", "DISCORD_SHARD_IDS")
        values = (self.discord_guild_ids, self.discord_shard_count, self.discord_shard_ids)
        named = [name for name, value in zip(given, values, strict=True) if value]
        if self.discord_token or not named:
            return None
        return (
            f"{named[0]} is set, but DISCORD_TOKEN (the bot token) is missing; see docs/discord.md"
        )

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
        path = self.database_url.split(":///", 1)[-1].partition("?")[0]
        return None if path in ("", ":memory:") else Path(path)


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


# ------------------------------------------------------- reading and parsing the values
_UNSET = object()
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def env_name(field_name: str) -> str:
    """The environment variable that sets a field."""
    meta = _FIELDS[field_name].metadata if field_name in _FIELDS else {}
    return meta.get("env") or ENV_PREFIX + field_name.upper()


def _given(
    f: Field[Any], values: Mapping[str, Any], environ: Mapping[str, str], dotenv: Mapping[str, str]
) -> Any:
    """A field's raw value: given by name (or variable name), else from the environment,
    else from the `.env` file (the platform's own name first), else _UNSET."""
    alias: str | None = f.metadata["env"]
    for name in (f.name, alias):
        if name is not None and name in values:
            return values[name]
    names = [n.lower() for n in (alias, ENV_PREFIX + f.name) if n is not None]
    for source in (environ, dotenv):
        for name in names:
            if name in source:
                return source[name]
    return _UNSET


def _value(f: Field[Any], raw: Any) -> Any:
    """Parse `raw` as the field's type, then check its bounds and its value. ValueError's
    message is the one shown to the user after the variable's name."""
    kind, _, none = str(f.type).partition(" | ")
    if raw is None and none == "None":
        return None
    value = _PARSERS[kind](raw)
    meta = f.metadata
    for bound, holds, words in _BOUNDS:
        limit = meta[bound]
        if limit is not None and not holds(value, limit):
            raise ValueError(f"Input should be {words} {limit}")
    check = meta["check"]
    if check is None:
        return value
    try:
        return check(value)
    except ValueError as exc:
        raise ValueError(str(exc)) from None  # no pydantic "Value error, " (session 18)


def _parse_str(raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError("Input should be a valid string")
    return raw


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    word = raw.lower() if isinstance(raw, str) else None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _parse_int(raw: Any) -> int:
    """Whole numbers: '15', ' 15 ', '+15', '1_000' and '15.0' (not '1e3', '0x10', '15.5')."""
    if isinstance(raw, int):
        return int(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError("Input should be a valid integer, got a number with a fractional part")
    if not isinstance(raw, str):
        raise ValueError("Input should be a valid integer")
    text = raw.strip()
    whole, dot, zeros = text.partition(".")
    if dot and zeros and not zeros.strip("0"):
        text = whole
    if text.isascii():
        try:
            return int(text)
        except ValueError:
            pass
    raise ValueError("Input should be a valid integer, unable to parse string as an integer")


def _parse_float(raw: Any) -> float:
    if isinstance(raw, int | float):
        return float(raw)
    if not isinstance(raw, str):
        raise ValueError("Input should be a valid number")
    text = raw.strip()
    if text.isascii():
        try:
            return float(text)
        except ValueError:
            pass
    raise ValueError("Input should be a valid number, unable to parse string as a number")


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "str": _parse_str,
    "bool": _parse_bool,
    "int": _parse_int,
    "float": _parse_float,
}
# Checked in this order; NaN fails every comparison, so it is reported as too large.
_BOUNDS: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
    ("le", lambda value, limit: value <= limit, "less than or equal to"),
    ("ge", lambda value, limit: value >= limit, "greater than or equal to"),
    ("gt", lambda value, limit: value > limit, "greater than"),
)
_FIELDS = {f.name: f for f in fields(Settings)}


def _env_file_named() -> str:
    """LAYOFFBOT_ENV_FILE, or ".env". The default .env may be absent (settings from the
    environment alone); a file the user names must be there, not read in silence."""
    named = os.environ.get("LAYOFFBOT_ENV_FILE")
    if named is None:
        return ".env"
    path = Path(named).expanduser()
    if named and (not path.exists() or path.is_dir()):
        raise ConfigError(f"invalid setting: LAYOFFBOT_ENV_FILE: no such file {named!r}")
    return named


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings; raise ConfigError naming the variable on a bad value."""
    settings = Settings(_env_file_named(), **overrides)
    # The model is used only with both; one without the other would run on the rules alone
    # while the user believes the model judges.
    if bool(settings.llm_url) != bool(settings.llm_model):
        given, missing = ("URL", "MODEL") if settings.llm_url else ("MODEL", "URL")
        raise ConfigError(
            f"invalid setting: LAYOFFBOT_LLM_{missing}: LAYOFFBOT_LLM_{given} is set, so the"
            f" LLM also needs LAYOFFBOT_LLM_{missing}; see docs/llm.md"
        )
    return settings


# Variables of this prefix that are no setting but are read elsewhere: the settings file's
# own name, and the test suite's and benchmarks' hooks.
_NOT_SETTINGS = ("LAYOFFBOT_ENV_FILE", "LAYOFFBOT_TEST_", "LAYOFFBOT_BENCH_")


def ignored_settings(settings: Settings) -> list[str]:
    """What to tell the operator about variables set for layoffbot that it does not read:
    a misspelled name (`LAYOFFBOT_POLL_INTERVAL_MINUTE=5`, or `LAYOFBOT_...` in `.env`)
    was ignored in silence, and the bot ran on the default. Each: the name as written, and
    the setting it most likely meant, if one is close. In the environment, names with the
    LAYOFFBOT_ prefix; in the settings file (ours), also names close to a setting's.
    `settings`: the ones read at this start (their file is not read and parsed again)."""
    known = {env_name(f.name) for f in fields(Settings)}
    named: dict[str, str] = {}  # upper-cased name -> where it was set
    for name in os.environ:
        upper = name.upper()
        if upper.startswith(ENV_PREFIX) and upper not in known:
            named.setdefault(upper, "in the environment")
    file, names = settings.read_from
    for name in names:
        upper = name.upper()
        if upper not in known:
            named.setdefault(upper, f"in {file}")
    notes = []
    for name, where in sorted(named.items()):
        if name.startswith(_NOT_SETTINGS):
            continue
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
        if not close and not name.startswith(ENV_PREFIX):
            continue  # another program's variable in a shared .env
        meant = f" (did you mean {close[0]}?)" if close else ""
        notes.append(f"{name}, set {where}, is not a setting: ignored{meant}")
    return notes
