"""`layoffbot tag` on a feed of layoff items whose numbers are not the cut's (issue 16,
session 12): a plan's total told beside one round, the workforce left after the cut, a
sector's count and a petition's signers give no headcount, while a lead that counts the cut
still does; former staff slamming their old boss over a layoff is other news. A real SQLite
file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    (
        "plan",
        "Spotify eliminating its podcast unit as layoffs begin",
        "Spotify is eliminating its podcast unit as part of its plan to lay off 7,000 workers.",
    ),
    (
        "size",
        "Spotify cuts jobs",
        "Spotify is cutting jobs, reducing its workforce from 10,000 to 8,000 employees.",
    ),
    (
        "sector",
        "Spotify lays off workers",
        "Spotify laid off workers on Monday. More than 150,000 tech workers have lost their "
        "jobs this year.",
    ),
    (
        "petition",
        "Spotify lays off workers",
        "Spotify laid off workers on Monday. About 1,500 workers signed a petition against "
        "the layoffs.",
    ),
    ("counted", "Spotify lays off workers", "Spotify laid off about 300 employees on Monday."),
    (
        "slam",
        "Former Spotify employees slam CEO for his decision to lay off 11,000 via email",
        "Former employees slammed the chief executive after he laid off 11,000 people.",
    ),
]


def test_tag_gives_no_headcount_that_is_not_the_cuts(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss(ITEMS, "Tue, 07 Mar 2023 08:00:00 GMT"))
    for slug in ("plan", "size", "sector", "petition"):
        assert got[slug]["kind"] == "layoff", slug
        assert got[slug]["headcount"] is None, slug
    assert got["counted"]["headcount"] == 300
    assert (got["slam"]["kind"], got["slam"]["headcount"]) == ("other", None)
