"""`layoffbot tag`: the digest is the rules' call, with no learned veto over it (issue 16,
session 14). The veto (bot/tagging/judge.py, removed) read unfamiliar wording as doubt: it
cleared the AI cause of a layoff 'to refocus on AI' (spec: 'Restructuring to focus on AI
counts'), and left out of its training sets it never removed a wrong digest item. A real
process; no network; the item is worded anew after a fresh-stories-2.tune one."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import dated_rss, tag_by_slug

REFOCUS = (
    "refocus",
    "Quillo lays off 16% of staff to refocus on AI, as sales growth slows",
    "Facing a slowdown in revenue growth, file-sharing company Quillo announced today that it "
    "is laying off 500 employees, or 16% of its workforce, mainly in order to be able to hire "
    "staff with AI expertise. Revenue for the last quarter was up 5.8% year over year, but "
    "sales have slowed recently.",
)


def test_a_layoff_to_refocus_on_ai_keeps_its_ai_cause(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, dated_rss([REFOCUS], "Thu, 27 Apr 2023 08:00:00 GMT"))["refocus"]
    assert (got["kind"], got["ai_cause"], got["companies"]) == ("layoff", True, ["Quillo"])
    assert got["ai_evidence"]
