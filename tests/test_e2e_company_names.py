"""Company names as users type them: the real `layoffbot` process on a real SQLite
database. A headline's typographic apostrophe ('Levi’s') is stored as the keyboard's one,
so every spelling a user types finds the same company."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli, rss

NOW = datetime.now(UTC)
LEVIS = {
    "title": "Levi’s to cut 700 corporate jobs as it leans on AI tools",
    "link": "https://wire.example/levis",
    "description": "The jeans maker said it will cut 700 corporate jobs, as AI tools take "
    "over some of the work.",
    "published": NOW - timedelta(days=1),
}


def test_a_brand_with_a_typographic_apostrophe_is_found_however_it_is_typed(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    (tmp_path / "wire.xml").write_bytes(rss("Wire", [LEVIS]))
    tagged = cli("tag", str(tmp_path / "wire.xml"), "--format", "jsonl", tmp_path=tmp_path, env=env)
    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
    assert '"companies": ["Levi\'s"]' in tagged.stdout, tagged.stdout
    for text in ("/layoffs levi's", "/layoffs Levi’s", "/layoffs levis", "/layoffs Levi Strauss"):
        asked = cli("ask", text, tmp_path=tmp_path, env=env)
        assert asked.returncode == 0, asked.stderr
        assert "Levi's: recent job actions" in asked.stdout or "Levi's (for" in asked.stdout, (
            text,
            asked.stdout,
        )
