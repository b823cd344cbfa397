"""The session-9 user trial's judgement misses, replayed through the real `layoffbot tag`:
a feed with the trial's layoff items (percent in the lead, a city before a site noun) and
two of the real captured feeds it ran on (tests/data/shared/feeds-real), where an office
holder, a lowercase word and a person losing their job were taken for employers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.e2e import cli, rss

REAL = Path(__file__).parent / "data" / "shared" / "feeds-real"
NOW = datetime.now(UTC)


def _tag(tmp_path: Path, feed: Path) -> dict[str, dict[str, Any]]:
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return {r["title"]: r for r in map(json.loads, proc.stdout.splitlines())}


def test_tag_gives_the_lead_percent_a_citys_country_and_no_junk_employers(tmp_path: Path) -> None:
    items = [
        {
            "title": "Brindle to close Dublin support centre, 250 jobs go to AI",
            "link": "https://news.example/dublin",
            "description": "The closure affects about 10% of its workforce.",
            "published": NOW - timedelta(hours=1),
        },
        {
            "title": "Zentrix to cut about 10 percent of its work force as AI takes over",
            "link": "https://news.example/zentrix",
            "description": "",
            "published": NOW - timedelta(hours=2),
        },
    ]
    feed = tmp_path / "trial.rss"
    feed.write_bytes(rss("Trial", items))
    got = _tag(tmp_path, feed)
    dublin = got["Brindle to close Dublin support centre, 250 jobs go to AI"]
    assert (dublin["kind"], dublin["headcount"], dublin["percent"]) == ("layoff", 250, 10.0)
    assert dublin["location"] == "Ireland"
    zentrix = got["Zentrix to cut about 10 percent of its work force as AI takes over"]
    assert (zentrix["kind"], zentrix["companies"], zentrix["percent"]) == (
        "layoff",
        ["Zentrix"],
        10.0,
    )

    mint = _tag(tmp_path, REAL / "RSParser__livemint.xml")
    summit = mint["PM Modi-Xi Jinping informal summit in Varanasi this October: Report"]
    assert summit["companies"] == []
    slovak = _tag(tmp_path, REAL / "RSParser__aktuality.rss")
    assert all(r["language"] != "en" for r in slovak.values()), "a Slovak item read as English"
    guardian = _tag(tmp_path, REAL / "rss-parser__guardian.rss")
    speech = guardian["Trump State of the Union address promised unity but emphasized discord"]
    assert speech["companies"] == []
    nassar = guardian[
        "2004 Larry Nassar investigation dropped after doctor's PowerPoint presentation"
    ]
    assert nassar["companies"] == []
    dj = guardian["DJ who groped Taylor Swift hired by Mississippi radio station"]
    assert (dj["kind"], dj["companies"]) == ("other", [])
