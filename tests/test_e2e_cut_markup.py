"""`layoffbot tag` over a local feed whose descriptions real feeds cut short (session 19).

An archive of January 2026 feeds (rumca-js/RSS-Link-Database-2026, read for fresh-2026) held
32 descriptions in 68,316 that the text cleaner raised on: 29 cut inside a character
reference ('submitted by &#3', reddit), which lxml reads as a control character it then
refuses to hold, and 3 whole HTML pages (e-mails) that its fragment parser asserts on. Each
such item was 'judge_failed ... not stored' at every poll: a real cut lost. A real SQLite
file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Mon, 05 Jan 2026 10:00"


def test_an_item_whose_description_is_cut_inside_a_reference_or_is_a_whole_page_is_kept(
    tmp_path: Path,
) -> None:
    got = tag_items(
        tmp_path,
        [
            ("cut", WHEN, "Zentrix lays off 300 support workers, replacing them with AI",
             "<p>Zentrix cut 300 jobs on Monday.</p> <p>Chatbots answer the calls now.</p>"
             " &#32; submitted by &#32; <a href='https://reddit.example/u/x'>/u/x</a> &#3"),
            ("page", WHEN, "Corvo Labs cuts 40 jobs",
             "<!DOCTYPE html><html><head><title>Mail</title><style>p{color:red}</style>"
             "</head><body><p>Corvo Labs cuts 40 jobs in its Leeds office.</p></body></html>"),
        ],
    )  # fmt: skip
    assert set(got) == {"cut", "page"}, got
    assert got["cut"]["kind"] == "layoff" and got["cut"]["ai_cause"], got["cut"]
    assert got["cut"]["summary"].startswith("Zentrix cut 300 jobs"), got["cut"]
    assert "color" not in got["page"]["summary"], got["page"]
    assert got["page"]["headcount"] == 40, got["page"]
