"""`layoffbot tag` on two outlets' reports of one employer's coming cuts, the tagger taking
another name for the employer in one of them (issue #16, story pair recall on real
coverage): 'Crisis At Cruise: Robotaxi CEO Confirms Coming Layoffs ...' (tagged 'Robotaxi')
and, two hours later, 'Cruise is reportedly planning to lay off employees ...' shared no
index key (their employers differ, their headlines share no rare word), so the rules never
compared them. Every item is now also filed under the rarest word of its opening text ('the
all-hands meeting' both report), as items naming no employer already were. Headlines and
openings from real 2023 coverage (tests/data/eval/fresh-stories-2.tune.jsonl); a real
SQLite file; no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import news_item, rss, tag_by_slug

T0 = datetime(2023, 11, 8, 17, 49, tzinfo=UTC)


def test_two_reports_of_one_all_hands_meeting_are_one_story(tmp_path: Path) -> None:
    items = [
        news_item(
            "Crisis At Cruise: Robotaxi CEO Confirms Coming Layoffs Amid Scramble To Rebuild "
            "Public Trust",
            "forbes",
            "During a somber all-hands meeting, Cruise executives discussed new damage control "
            "measures in the aftermath of accidents and a voluntary shutdown of its driverless "
            "fleet.",
            T0,
        ),
        news_item(
            "Cruise is reportedly planning to lay off employees after weeks of crises",
            "engadget",
            "Cruise, General Motors' driverless car subsidiary, will soon lay off employees. "
            "According to Forbes, the company's CEO Kyle Vogt told staff of the decision in an "
            "all-hands meeting earlier this week.",
            T0 + timedelta(hours=2),
        ),
        # Another employer's cuts the same day stay a story of their own.
        news_item(
            "Wayfair Is Laying Off 1,750 Workers",
            "wayfair",
            "The online furniture retailer said in an all-hands meeting it would cut 1,750 jobs.",
            T0 + timedelta(hours=1),
        ),
    ]
    got = tag_by_slug(tmp_path, rss("Tech", items).decode())
    assert got["forbes"]["story"] == got["engadget"]["story"]
    assert got["wayfair"]["story"] != got["engadget"]["story"]
