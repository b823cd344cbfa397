"""`layoffbot tag` names a multi-word employer whole where its first word is an ordinary
word or a place (issue #16, session 12): 'Jaguar Land Rover' (was 'Rover'), 'Paramount
Skydance' (was 'Skydance'), 'Ford of Europe' is Ford (was 'Europe'), H&M by its brand (was
'Hennes & Mauritz'), and the unit an owner's cuts hit comes first ('Bandcamp'). A real
SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

ITEMS = [
    ("jlr", "Jaguar Land Rover To Cut 500 Jobs", ""),
    ("psky", "Job cuts", "Paramount Skydance will lay off 1,000 staff, the company said."),
    ("ford", "Ford of Europe to cut 4,000 jobs", ""),
    ("hm", "H&amp;M to cut 500 jobs in Sweden", ""),  # RSS escapes the &
    ("unit", "Epic Games layoffs hit Bandcamp", ""),
    # the splitter ended the lead at "Bros.": the employer was "Discovery" (session 13)
    ("wbd", "Studio job cuts", "Warner Bros. Discovery is laying off 1,000 employees."),
]


def test_tag_names_a_multi_word_employer_whole(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss(ITEMS, "Mon, 04 Nov 2024 08:00:00 GMT"))
    assert (got["jlr"]["kind"], got["jlr"]["companies"]) == ("layoff", ["Jaguar Land Rover"])
    assert got["psky"]["companies"] == ["Paramount Skydance"]
    assert got["ford"]["companies"] == ["Ford"]
    assert got["hm"]["companies"] == ["H&M"]
    assert got["unit"]["companies"] == ["Bandcamp", "Epic Games"]
    assert (got["wbd"]["companies"], got["wbd"]["headcount"]) == (["Warner Bros. Discovery"], 1000)
