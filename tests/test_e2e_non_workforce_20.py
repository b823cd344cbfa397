"""`layoffbot tag` over a local feed (issue 16, session 20): what a real stream read as
layoffs that are not. On main 8ffd678 a manager's sacking, a free agent lost to a rival, a
chief of staff replaced and a takeover 'buyout proposal' were each a layoff, and with an AI
word beside them (as here) all four were in the digest; now none is an action, while a
club's own job cuts, AI-driven, stay a digest layoff. A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Fri, 09 Jan 2026 09:00"
ITEMS = [
    ("sacked", WHEN, "Tom Vale sacked as Riverside United manager",
     "The club's AI analytics had flagged the results; Tom Vale has been sacked as manager."),
    ("free-agent", WHEN, "Harbor Hawks Lose Free Agent Infielder to Rivals",
     "The club's move is part of a shift to AI-driven scouting."),
    ("chief", WHEN, "Premier taps spy chief to replace powerful chief of staff as AI reshapes office",
     "The office is shifting to AI tools."),
    ("buyout", WHEN,
     "Harbor Bank shareholders approve Zentrix's $13.6 billion buyout proposal to focus on AI",
     "Zentrix is restructuring to focus on AI."),
    ("club-cuts", WHEN, "Riverside United to cut 250 jobs as AI replaces ticketing staff",
     "The club said AI systems now handle ticket sales."),
]  # fmt: skip


def test_sports_one_person_and_takeovers_stay_out_of_the_digest(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Sport")
    action = {k for k, t in got.items() if t["kind"] in ("layoff", "hiring_freeze")}
    in_digest = {k for k in action if got[k]["ai_cause"]}
    assert action == in_digest == {"club-cuts"}, got
    assert got["club-cuts"]["headcount"] == 250, got
