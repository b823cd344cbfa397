"""`layoffbot tag` on a feed whose numbers head other news or need reading in context (issue
16, session 14): a site's staff ('where 1,300 people work'), people moved to another team, a
share of staff working remotely, a fall in the share price, a rival's cut and a plan's total
beside one of its waves give no headcount or percent, and a CEO defending cuts made before is
other news; while the lead's count of the cut still counts, also when it restates the share
('That number translates to around 100 people'), follows a photo credit or an outlet cited
as the source, or is written '600+'. A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    (
        "site",
        "Orvane cuts jobs in Leeds",
        "Orvane is cutting jobs at its Leeds site, where 1,300 people work.",
    ),
    ("moved", "Orvane to cut jobs; 250 engineers will move to a new AI team", ""),
    (
        "remote",
        "Orvane to cut jobs",
        "Orvane will cut jobs. About 40% of its staff already work remotely.",
    ),
    ("shares", "Orvane shares fall 12% after the company announced job cuts", ""),
    (
        "rival",
        "Orvane layoffs",
        "Orvane is laying off workers. Brindle, its largest rival, said last week it would cut "
        "1,000 jobs.",
    ),
    ("wave", "Orvane begins first round of layoffs in plan to cut 7,000 employees", ""),
    ("counted", "Orvane to cut jobs", "Orvane said 450 roles will be eliminated this spring."),
    (
        "restated",
        "Orvane is laying off about 9 percent of its staff",
        "Orvane is laying off roughly 9 percent of its staff, it said in a blog post. "
        "That number translates to around 100 people.",
    ),
    (
        "credit",
        "Orvane is laying off 18 percent of its workers",
        "Photo by Ann Poe for The Verge Orvane, the startup behind a sedan that competes with "
        "the Tesla Model S, said it is laying off around 1,300 employees this month.",
    ),
    (
        "source",
        "Orvane studio has laid off almost half its staff",
        "The news comes via Kotaku, who reports that around 40 people have been laid off from "
        "the studio.",
    ),
    ("plus", "Orvane lays off 600+ workers in second round of cuts this year", ""),
]


def test_tag_reads_each_number_for_what_it_counts(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss(ITEMS, "Tue, 07 Mar 2023 08:00:00 GMT"))
    for slug in ("site", "moved", "remote", "shares", "rival", "wave"):
        assert got[slug]["kind"] == "layoff", slug
        assert (got[slug]["headcount"], got[slug]["percent"]) == (None, None), slug
    counts = {"counted": 450, "restated": 100, "credit": 1300, "source": 40, "plus": 600}
    for slug, n in counts.items():
        assert got[slug]["headcount"] == n, slug


def test_tag_calls_a_ceo_defending_earlier_cuts_other_news(tmp_path: Path) -> None:
    items = [("defends", "Orvane CEO defends 2,000 layoffs in tense town hall", "")]
    got = tag_by_slug(tmp_path, dated_rss(items, "Tue, 07 Mar 2023 08:00:00 GMT"))
    assert (got["defends"]["kind"], got["defends"]["headcount"]) == ("other", None)
