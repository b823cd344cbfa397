"""`layoffbot tag` on a feed whose numbers head other news (issue 16, session 14): a site's
staff ('where 1,300 people work'), people moved to another team, a share of staff working
remotely and a fall in the share price give no headcount or percent, while the lead's count
of the cut still does. A real SQLite file; no network."""

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
    ("counted", "Orvane to cut jobs", "Orvane said 450 roles will be eliminated this spring."),
]


def test_tag_gives_no_figure_to_a_number_that_heads_other_news(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss(ITEMS, "Tue, 07 Mar 2023 08:00:00 GMT"))
    for slug in ("site", "moved", "remote", "shares"):
        assert got[slug]["kind"] == "layoff", slug
        assert (got[slug]["headcount"], got[slug]["percent"]) == (None, None), slug
    assert got["counted"]["headcount"] == 450
