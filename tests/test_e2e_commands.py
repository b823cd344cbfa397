"""Commands declared once, as a user meets them: the real `layoffbot` process on a real
SQLite database. Each test failed before the command table (bot/commands/table.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import ROOT, bot_env, bot_process, cli, rss

NOW = datetime.now(UTC)
HELP_SCOUT = {
    "title": "Support software firm Help Scout cuts 40 jobs, citing AI",
    "link": "https://wire.example/help-scout",
    "description": "The company said its AI assistant now answers most customer emails, "
    "so it cut 40 support jobs.",
    "published": NOW - timedelta(days=1),
}


def _stored(tmp_path: Path) -> dict[str, str]:
    env = bot_env(tmp_path)
    (tmp_path / "wire.xml").write_bytes(rss("Wire", [HELP_SCOUT]))
    tagged = cli("tag", str(tmp_path / "wire.xml"), tmp_path=tmp_path, env=env)
    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
    return env


def test_a_company_named_like_a_subcommand_is_looked_up(tmp_path: Path) -> None:
    env = _stored(tmp_path)
    for text in ("/layoffs Help Scout", "/layoffs help scout", "/layoffs company Help Scout"):
        asked = cli("ask", text, tmp_path=tmp_path, env=env)
        assert asked.returncode == 0, asked.stderr
        assert "Help Scout: recent job actions" in asked.stdout or (
            "Help Scout (for" in asked.stdout
        ), (text, asked.stdout)
        assert "AI-driven layoffs, as reported" not in asked.stdout, (text, asked.stdout)
    # Help itself still works, with or without stray words.
    for text in ("/layoffs help", "/layoffs help me"):
        asked = cli("ask", text, tmp_path=tmp_path, env=env)
        assert "/layoffs: AI-driven layoffs, as reported" in asked.stdout, (text, asked.stdout)
    # An unknown company named like a subcommand: the subcommand's own usage, not a guess.
    asked = cli("ask", "/layoffs latest news", tmp_path=tmp_path, env=env)
    assert "“news” is not a number of stories: give one from 1 to 25." in asked.stdout, asked.stdout
    asked = cli("ask", "/layoffs company", tmp_path=tmp_path, env=env)
    assert "Usage: /layoffs <company>" in asked.stdout, asked.stdout


def test_a_mistyped_command_with_a_company_also_names_the_command_meant(
    tmp_path: Path,
) -> None:
    """'/layoffs subscrbe help scout' showed Help Scout's stories with no word about the
    subscription the user asked for."""
    env = _stored(tmp_path)
    asked = cli("ask", "/layoffs subscrbe help scout", tmp_path=tmp_path, env=env)
    assert asked.returncode == 0, asked.stderr
    assert "Help Scout (for" in asked.stdout, asked.stdout
    assert "Did you mean the command /layoffs subscribe help scout?" in asked.stdout
    exact = cli("ask", "/layoffs help scout", tmp_path=tmp_path, env=env)
    assert "Did you mean" not in exact.stdout, exact.stdout


def test_an_unknown_company_is_not_offered_short_names_that_share_a_few_letters(
    tmp_path: Path,
) -> None:
    """'/layoffs subscribe OpenAI' offered 'NBA' and 'NIA' (stored from other news):
    names that only share three letters with it."""
    env = bot_env(tmp_path)
    items = [
        {**HELP_SCOUT, "title": f"{name} {what}", "link": f"https://wire.example/{name}"}
        for name, what in (("NBA", "cuts 40 jobs, citing AI"), ("NIA", "cuts 30 jobs, citing AI"))
    ]
    (tmp_path / "wire.xml").write_bytes(rss("Wire", items))
    assert cli("tag", str(tmp_path / "wire.xml"), tmp_path=tmp_path, env=env).returncode == 0
    assert "NBA" in cli("ask", "/layoffs nba", tmp_path=tmp_path, env=env).stdout
    for text in ("/layoffs subscribe OpenAI", "/layoffs openai"):
        asked = cli("ask", text, tmp_path=tmp_path, env=env)
        assert asked.returncode == 0, asked.stderr
        assert "NBA" not in asked.stdout and "NIA" not in asked.stdout, (text, asked.stdout)
    assert (
        "NBA (for" in cli("ask", "/layoffs nbaa", tmp_path=tmp_path, env=env).stdout
    )  # typos still


def test_a_mistyped_feeds_option_is_named(tmp_path: Path) -> None:
    """'/layoffs feeds ad <url>' answered with the usage alone, not what was wrong."""
    env = bot_env(tmp_path)
    asked = cli("ask", "/layoffs feeds ad https://feed.example/rss", tmp_path=tmp_path, env=env)
    assert asked.returncode == 1, asked.stdout + asked.stderr
    assert "Unknown feeds option “ad”: list, add, remove or enable." in asked.stdout
    assert "Usage: /layoffs feeds list | add <url>" in asked.stdout, asked.stdout
    listed = cli("ask", "/layoffs feeds", tmp_path=tmp_path, env=env)
    assert listed.returncode == 0 and "Global feeds (0)" in listed.stdout, listed.stdout


def test_discord_offers_digest_quiet_days_and_the_core_applies_it(tmp_path: Path) -> None:
    """Discord's /layoffs digest lacked `quiet` (its options were written by hand)."""
    import signal

    from tests.discord.fake_discord import MANAGE_GUILD
    from tests.test_e2e_discord import FakeDiscordThread

    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = bot_env(
            tmp_path,
            DISCORD_TOKEN="fake-token",
            LAYOFFBOT_DISCORD_API_URL=fake.api_url,
            PYTHONPATH=str(ROOT),  # this checkout, whichever is installed
        )
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            [put] = fake.calls_to("PUT", r"/applications/\d+/commands")
            digest = next(o for o in put.json[0]["options"] if o["name"] == "digest")
            assert "quiet" in {o["name"] for o in digest["options"]}
            replies = []
            for options in ({"action": "quiet", "quiet": "on"}, {"action": "settings"}):
                payload = fake.command_interaction("digest", options, permissions=MANAGE_GUILD)
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
                replies.append(str(fake.followups_for(payload)[0].json))
            bot.stop(signal.SIGTERM)
    assert "Quiet days on" in replies[0], replies[0]
    assert "Quiet days" in replies[1] and "posted" in replies[1], replies[1]
    assert "Traceback" not in bot.stderr
