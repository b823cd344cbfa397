"""The misses left by the session-9 trial fixes, through the real `layoffbot tag`: a new
round's share after an earlier round's, half the company let go, and a lone 'X' that is a
label, not the platform (hand-made headlines in the trial's shapes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.e2e import cli, rss

NOW = datetime.now(UTC)


def _items(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "title": title,
            "link": f"https://news.example/{i}",
            "description": lead,
            "published": NOW - timedelta(hours=i + 1),
        }
        for i, (title, lead) in enumerate(pairs)
    ]


def test_tag_reads_the_new_rounds_share_half_the_company_and_x_only_as_a_company(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "misses.rss"
    lead = "Zentrix, which cut 5% of staff last year, will now cut about 10%, the company said."
    feed.write_bytes(
        rss(
            "Misses",
            _items(
                ("Zentrix cuts jobs in AI push", lead),
                (
                    "Startup Quillo lays off staff after AI rollout",
                    "At least half the company has been let go, the chief executive said.",
                ),
                ("Game studio cuts 40 jobs, citing AI", "Its Series X port was cancelled."),
                ("X lays off 200 engineers as Musk bets on AI", ""),
            ),
        )
    )
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    got = {r["title"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert got["Zentrix cuts jobs in AI push"]["percent"] == 10.0
    quillo = got["Startup Quillo lays off staff after AI rollout"]
    assert (quillo["kind"], quillo["percent"]) == ("layoff", 50.0)
    assert got["Game studio cuts 40 jobs, citing AI"]["companies"] == []
    assert got["X lays off 200 engineers as Musk bets on AI"]["companies"] == ["X"]
