"""Settings: defaults, validation naming the variable, and the README table."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer

from bot.config import Settings, env_name, ignored_settings, load_settings
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
        # No limit: a hung endpoint held each item's ingest for ever.
        ("LAYOFFBOT_LLM_TIMEOUT_SECONDS", "inf"),
        ("LAYOFFBOT_LLM_TIMEOUT_SECONDS", "86400"),
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


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://postgres@127.0.0.1:5432", "postgresql://bob:pw@db.example/"],
)
def test_a_postgres_url_naming_no_database_is_refused_with_what_to_write(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """libpq opens the database named like the user then: the bot made its tables in the
    server's `postgres` database and ran."""
    monkeypatch.delenv("PGDATABASE", raising=False)
    monkeypatch.setenv("LAYOFFBOT_DATABASE_URL", url)
    with pytest.raises(ConfigError, match="LAYOFFBOT_DATABASE_URL.*names no database.*/name"):
        load_settings()


@pytest.mark.parametrize(
    ("url", "pgdatabase"),
    [
        ("postgresql+psycopg:///layoffbot", ""),
        ("postgresql+psycopg://u@h/?dbname=layoffbot", ""),
        ("postgresql+psycopg://u@h", "layoffbot"),
    ],
)
def test_a_postgres_database_named_by_a_socket_url_option_or_pgdatabase_is_accepted(
    monkeypatch: pytest.MonkeyPatch, url: str, pgdatabase: str
) -> None:
    monkeypatch.setenv("PGDATABASE", pgdatabase)
    monkeypatch.setenv("LAYOFFBOT_DATABASE_URL", url)
    assert load_settings().database_url.startswith("postgresql+psycopg://")


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [env_name(f.name) for f in fields(Settings) if f"`{env_name(f.name)}`" not in readme]
    assert missing == []


def _shown_default(value: object) -> str:
    if value is None or value == "":
        return ""
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def test_the_readme_gives_each_setting_its_default_and_doc_and_no_other_setting() -> None:
    """The table is what operators read: a default or meaning that drifted from the code
    (or a row for a setting that no longer exists) misleads them."""
    readme = README.read_text(encoding="utf-8")
    rows = {
        name: (default.strip(), doc.strip())
        for name, default, doc in re.findall(
            r"^\| `([A-Z][A-Z_]+)` \|([^|]*)\| (.*) \|$", readme, re.MULTILINE
        )
    }
    for f in fields(Settings):
        default, doc = rows.pop(env_name(f.name))
        assert (default, doc.replace("`", "")) == (_shown_default(f.default), f.metadata["doc"])
    assert set(rows) == {"LAYOFFBOT_ENV_FILE"}, rows


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
    from adapters.discord.adapter import DiscordAdapter
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5), (" 5 ", 5), ("+5", 5), ("1_0", 10), ("5.00", 5), ("05", 5)],
)
def test_whole_numbers_are_read_as_written_by_people(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int
) -> None:
    monkeypatch.setenv("LAYOFFBOT_POLL_INTERVAL_MINUTES", value)
    assert load_settings().poll_interval_minutes == expected


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LAYOFFBOT_POLL_INTERVAL_MINUTES", "5.5", "Input should be a valid integer"),
        ("LAYOFFBOT_POLL_INTERVAL_MINUTES", "1e1", "Input should be a valid integer"),
        ("LAYOFFBOT_POLL_INTERVAL_MINUTES", "\u0661\u0662", "Input should be a valid integer"),
        ("LAYOFFBOT_POLL_INTERVAL_MINUTES", "1441", "Input should be less than or equal to 1440"),
        ("LAYOFFBOT_FETCH_TIMEOUT_SECONDS", "0", "Input should be greater than 0"),
        ("LAYOFFBOT_FETCH_TIMEOUT_SECONDS", "nan", "Input should be less than or equal to 300"),
        ("LAYOFFBOT_FETCH_TIMEOUT_SECONDS", "soon", "Input should be a valid number"),
        ("LAYOFFBOT_DEFAULT_FEEDS", "maybe", "Input should be a valid boolean"),
        ("LAYOFFBOT_CONSOLE", "", "Input should be a valid boolean"),
        ("DISCORD_SHARD_COUNT", "0", "Input should be greater than or equal to 1"),
        ("LAYOFFBOT_LOG_LEVEL", "loud", "must be DEBUG, INFO, WARNING or ERROR"),
    ],
)
def test_a_bad_value_says_what_is_wrong_with_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=f"invalid setting: {variable}: {message}"):
        load_settings()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("Yes", True), ("on", True), ("1", True), ("F", False), ("off", False)],
)
def test_yes_and_no_are_read_in_the_usual_words(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("LAYOFFBOT_DEFAULT_FEEDS", value)
    assert load_settings().default_feeds is expected


def test_every_bad_value_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYOFFBOT_POLL_INTERVAL_MINUTES", "soon")
    monkeypatch.setenv("LAYOFFBOT_LOG_LEVEL", "loud")
    monkeypatch.setenv("DISCORD_SHARD_IDS", "a")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    named = [part.split(":")[0] for part in str(raised.value).split(": ", 1)[1].split("; ")]
    assert named == ["LAYOFFBOT_POLL_INTERVAL_MINUTES", "LAYOFFBOT_LOG_LEVEL", "DISCORD_SHARD_IDS"]


def test_variable_names_are_not_case_sensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("layoffbot_poll_interval_minutes", "7")
    monkeypatch.setenv("discord_token", "abc")
    settings = load_settings()
    assert settings.poll_interval_minutes == 7 and settings.discord_token == "abc"


def test_given_values_win_over_the_environment_which_wins_over_the_dotenv_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "LAYOFFBOT_POLL_INTERVAL_MINUTES=5\nLAYOFFBOT_POLL_CONCURRENCY=3\n"
        "LAYOFFBOT_MAX_SUBSCRIPTIONS=4\n"
    )
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", str(env))
    monkeypatch.setenv("LAYOFFBOT_POLL_INTERVAL_MINUTES", "6")
    monkeypatch.setenv("LAYOFFBOT_POLL_CONCURRENCY", "7")
    settings = load_settings(poll_concurrency=9)
    assert settings.poll_interval_minutes == 6
    assert settings.poll_concurrency == 9
    assert settings.max_subscriptions == 4


def test_a_dotenv_file_is_read_as_dotenv_files_are_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Quotes, `export`, comments, ${VAR} and other programs' variables, as python-dotenv
    (and so pydantic-settings before) reads them."""
    env = tmp_path / ".env"
    env.write_text(
        "# the bot\n"
        'export SLACK_BOT_TOKEN="xoxb-1 2"\n'
        "SLACK_APP_TOKEN=xapp-1  # socket mode\n"
        "layoffbot_log_level=debug\n"
        "LAYOFFBOT_MANAGERS=${TEAM_LEAD},U2\n"
        "OTHER_TOOL_SETTING=1\nLAYOFFBOT_NOT_A_SETTING=2\n"
    )
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", str(env))
    monkeypatch.setenv("TEAM_LEAD", "U1")
    settings = load_settings()
    assert (settings.slack_bot_token, settings.slack_app_token) == ("xoxb-1 2", "xapp-1")
    assert settings.log_level == "DEBUG"
    assert settings.manager_ids == {"U1", "U2"}


def test_secrets_stay_out_of_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret")
    monkeypatch.setenv("LAYOFFBOT_LLM_API_KEY", "sk-secret")
    assert "secret" not in repr(load_settings())


def test_secrets_stay_out_of_the_adapter_groups_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an adapter is given (settings.slack/.discord/.llm) is logged or shown in an
    error as easily as the settings themselves; its repr showed every token."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
        monkeypatch.setenv(name, f"{name}-secret")
    monkeypatch.setenv("LAYOFFBOT_LLM_API_KEY", "sk-secret")
    settings = load_settings()
    for group in (settings.slack, settings.discord, settings.llm):
        assert "secret" not in repr(group), repr(group)
    assert settings.slack.bot_token == "SLACK_BOT_TOKEN-secret"


def test_the_settings_repr_hides_the_database_password() -> None:
    """A Settings shown in a log line or a traceback's locals gave away the password."""
    settings = Settings(None, database_url="postgresql://bob:s3cret:pw@db.example:5432/bot")
    assert "s3cret" not in repr(settings)
    assert "database_url='postgresql+psycopg://bob:***@db.example:5432/bot'" in repr(settings)


def test_a_database_that_cannot_be_opened_is_reported_without_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli.terminal import open_store
    from bot.store import Store

    url = "postgresql+psycopg://bob:s3cr%40et@db.example/bot"

    def refuse(cls: type, given: str, **_: object) -> None:
        raise RuntimeError(f"cannot connect to {given} with password s3cr@et")

    monkeypatch.setattr(Store, "open", classmethod(refuse))
    with pytest.raises(typer.Exit):
        open_store(Settings(None, database_url=url))
    err = capsys.readouterr().err
    assert "cannot open the database" in err
    assert "s3cr" not in err, err


def test_the_dotenv_file_is_parsed_once_per_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """It was parsed twice: once to find a bad line, then again by dotenv_values."""
    import dotenv.main
    import dotenv.parser

    parses = []
    parse_stream = dotenv.parser.parse_stream

    def counted(stream: Any) -> Any:
        parses.append(1)
        return parse_stream(stream)

    monkeypatch.setattr(dotenv.parser, "parse_stream", counted)
    monkeypatch.setattr(dotenv.main, "parse_stream", counted)
    env = tmp_path / ".env"
    env.write_text(
        "export LAYOFFBOT_LOG_LEVEL=debug  # a comment\n"
        "MINUTES=5\nLAYOFFBOT_POLL_INTERVAL_MINUTES=${MINUTES}\n"
        "LAYOFFBOT_DIGEST_TIMEZONE='Europe/Paris'\nLAYOFFBOT_MANAGERS=\n"
    )
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", str(env))
    settings = load_settings()
    assert len(parses) == 1
    assert (settings.log_level, settings.poll_interval_minutes) == ("DEBUG", 5)
    assert (settings.digest_timezone, settings.managers) == ("Europe/Paris", "")


@pytest.mark.parametrize(
    ("time", "zone", "stored"),
    [
        ("8am", "PST", ("08:00", "America/Los_Angeles")),
        ("8:30pm", "london", ("20:30", "Europe/London")),
        ("9", "EST", ("09:00", "America/New_York")),
        ("07:15", "EST5EDT", ("07:15", "EST5EDT")),
    ],
)
def test_the_digest_defaults_are_read_as_the_digest_command_reads_them(
    time: str, zone: str, stored: tuple[str, str]
) -> None:
    settings = Settings(_env_file=None, digest_time=time, digest_timezone=zone)
    assert (settings.digest_time, settings.digest_timezone) == stored


@pytest.mark.parametrize(
    ("zone", "said"), [("UTC+2", "fixed offset"), ("Nowhere", "unknown time zone 'Nowhere'")]
)
def test_a_digest_zone_that_cannot_be_used_says_what_to_write(zone: str, said: str) -> None:
    with pytest.raises(ConfigError, match="LAYOFFBOT_DIGEST_TIMEZONE") as raised:
        Settings(_env_file=None, digest_timezone=zone)
    assert said in str(raised.value)


def test_a_misspelled_setting_is_named_with_the_one_it_likely_meant(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`LAYOFFBOT_POLL_INTERVAL_MINUTE=5` (or `LAYOFBOT_...` in .env) was ignored in
    silence: the bot polled every 15 minutes and the operator never learnt why."""
    from bot.config import ignored_settings

    env = tmp_path / ".env"
    env.write_text(
        "LAYOFBOT_POLL_INTERVAL_MINUTES=5\nSLACK_BOT_TOKN=xoxb-1\n"
        "OTHER_TOOL_SETTING=1\nSLACK_WEBHOOK_URL=https://hooks.example\n"
    )
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", str(env))
    monkeypatch.setenv("LAYOFFBOT_LOG_LEVL", "DEBUG")
    monkeypatch.setenv("LAYOFFBOT_TEST_PATIENCE", "3")  # the suite's own hooks are no typo
    notes = ignored_settings(load_settings())
    assert notes == [
        f"LAYOFBOT_POLL_INTERVAL_MINUTES, set in {env}, is not a setting: ignored"
        " (did you mean LAYOFFBOT_POLL_INTERVAL_MINUTES?)",
        "LAYOFFBOT_LOG_LEVL, set in the environment, is not a setting: ignored"
        " (did you mean LAYOFFBOT_LOG_LEVEL?)",
        f"SLACK_BOT_TOKN, set in {env}, is not a setting: ignored (did you mean SLACK_BOT_TOKEN?)",
    ]
    assert load_settings().poll_interval_minutes == 15  # a warning, not a stop
    monkeypatch.delenv("LAYOFFBOT_LOG_LEVL")
    env.write_text("LAYOFFBOT_POLL_INTERVAL_MINUTES=5\nOTHER_TOOL_SETTING=1\n")
    assert ignored_settings(load_settings()) == []


def test_discord_settings_without_its_token_are_a_half_configured_platform(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DISCORD_GUILD_IDS (or the shard settings) with the token under another name: the
    bot ran without Discord, like a Slack half set up, which stops the start."""
    assert load_settings().discord_problem is None
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "2")
    assert load_settings().discord_problem == (
        "DISCORD_SHARD_COUNT is set, but DISCORD_TOKEN (the bot token) is missing;"
        " see docs/discord.md"
    )
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    assert load_settings().discord_problem is None


def test_an_llm_key_without_its_url_is_said_not_ignored_in_silence() -> None:
    """LAYOFFBOT_LLM_API_KEY alone: no model judged the news, and nothing said so."""
    from bot.cli.terminal import unused_settings

    [note] = unused_settings(Settings(_env_file=None, llm_api_key="sk-1"))
    assert note.startswith("LAYOFFBOT_LLM_API_KEY is set, but LAYOFFBOT_LLM_URL is not")
    assert "sk-1" not in note
    both = Settings(_env_file=None, llm_api_key="k", llm_url="http://127.0.0.1:1/v1", llm_model="m")
    assert unused_settings(both) == unused_settings(Settings(_env_file=None)) == []


def test_a_start_reads_and_parses_the_settings_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings, then the check for misspelled names, each read and parsed the file:
    start-up time for every command."""
    import bot.config
    from bot.cli.terminal import settings_or_exit

    env = tmp_path / "team.env"
    env.write_text("LAYOFBOT_DIGEST_TIME=08:00\nLAYOFFBOT_POLL_INTERVAL_MINUTES=5\n")
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", str(env))
    reads: list[object] = []
    real = bot.config.read_env_file
    monkeypatch.setattr(bot.config, "read_env_file", lambda path: reads.append(path) or real(path))
    settings = settings_or_exit()
    assert reads == [str(env)] and settings.poll_interval_minutes == 5
    assert ignored_settings(settings) == [
        f"LAYOFBOT_DIGEST_TIME, set in {env}, is not a setting: ignored"
        " (did you mean LAYOFFBOT_DIGEST_TIME?)"
    ]
    assert len(reads) == 1
