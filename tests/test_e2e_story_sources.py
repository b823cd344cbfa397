"""`layoffbot tag` on commentary on one study worded apart days apart (issue #16, story
pair recall with no acting employer): 'Generative A.I. Can Add $4.4 Trillion in Value to
Global Economy, Study Says' and, eight days later, 'Generative AI Could Add $4.4T a Year
to the Global Economy, McKinsey Finds' were two stories, their headlines sharing no key the
store files them under. Another study on the same subject in the same days, another
author and figure, stays apart. Headlines from real 2023 coverage (tests/data/eval/fresh-commentary
.jsonl); a real SQLite file; no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import news_item, rss, tag_by_slug

T0 = datetime(2023, 6, 14, 12, tzinfo=UTC)


def test_one_studys_figure_retold_days_apart_is_one_story_another_study_apart(
    tmp_path: Path,
) -> None:
    items = [
        news_item(
            "Generative A.I. Can Add $4.4 Trillion in Value to Global Economy, Study Says",
            "study-says",
            "The report from McKinsey comes as a debate rages over the potential economic "
            "effects of A.I.-powered chatbots on labor and the economy.",
            T0,
        ),
        news_item(
            "Generative AI Could Add $4.4T a Year to the Global Economy, McKinsey Finds",
            "mckinsey-finds",
            "Article URL: https://singularityhub.com/2023/06/22/generative-ai-could-add "
            "Comments URL: https://news.ycombinator.com/item?id=36434185 Points: 17",
            T0 + timedelta(days=8),
        ),
        news_item(
            "Generative AI could raise global GDP by 7%, Goldman Sachs says",
            "seven-percent",
            "Breakthroughs in generative AI could drive a 7% increase in global GDP over a "
            "10-year period, according to Goldman Sachs economists.",
            T0 + timedelta(days=3),
        ),
    ]
    got = tag_by_slug(tmp_path, rss("Business", items).decode())
    assert got["study-says"]["story"] == got["mckinsey-finds"]["story"]
    assert got["seven-percent"]["story"] != got["study-says"]["story"]
