"""`layoffbot tag` on an employer's cuts and, days later, an outlet's item on them that the
tagger read as an action with no employer, though its headline names the one acting
(issue #16, story recall on held-out coverage; session 19's gate measures,
scripts/story_gates.py): until session 19 such an item joined the employer's story only
within a week, where one tagged with the employer follows up for three weeks (the spec's
'same employer, same action, same period'). Headline of real 2022 coverage
(tests/data/eval/fresh-stories-2.tune.jsonl, tagged with no employer); a real SQLite file;
no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import news_item, rss, tag_by_slug

T0 = datetime(2023, 1, 9, 9, tzinfo=UTC)
LATER = "Crypto Lender Genesis Considers Bankruptcy, Lays Off Staff"


def _tagged(tmp_path: Path, days: int) -> dict[str, dict[str, object]]:
    items = [
        news_item("Genesis lays off 30% of its staff", "first", "The crypto lender cut jobs.", T0),
        news_item(LATER, "later", "The firm suffered steep losses.", T0 + timedelta(days=days)),
    ]
    return tag_by_slug(tmp_path, rss("Business", items).decode())


def test_an_untagged_action_naming_the_employer_follows_up_for_three_weeks(
    tmp_path: Path,
) -> None:
    got = _tagged(tmp_path, 10)
    assert got["first"]["companies"] == ["Genesis"]
    assert got["later"]["companies"] == [] and got["later"]["kind"] == "layoff"
    assert got["later"]["story"] == got["first"]["story"]


def test_beyond_three_weeks_it_is_a_story_of_its_own(tmp_path: Path) -> None:
    got = _tagged(tmp_path, 23)
    assert got["later"]["companies"] == []
    assert got["later"]["story"] != got["first"]["story"]
