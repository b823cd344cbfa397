"""Commands declared once, as a user meets them: the real `layoffbot` process on a real
SQLite database. Each test failed before the command table (bot/commands/table.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli, rss

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
    assert "“news” is not a number of stories." in asked.stdout, asked.stdout
    asked = cli("ask", "/layoffs company", tmp_path=tmp_path, env=env)
    assert "Usage: /layoffs <company>" in asked.stdout, asked.stdout
