"""`layoffbot tag` over a local feed (issue 16, session 17): the digest holds AI-driven job
actions and nothing else. Cuts made 'even as' the employer spends on AI, or with AI said not
to be 'the main factor', are layoffs outside the digest; cuts behind an 'amid the AI boom'
headline whose lead shifts the employer's focus to AI are in it; news dated by the day's
cuts ('... The Same Day It Does Mass Layoffs') is other news, in no digest and in a story of
its own. On main the first, second and fourth were digest items and the third was not.
A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

ITEMS = [
    ("even-as", "Mon, 14 Jul 2025 10:00", "Zentrix Cuts Hundreds of Jobs After Firing 6,000 in May",
     "Zentrix cut hundreds more jobs just weeks after its largest layoff in years, underscoring "
     "its efforts to trim costs even as it plows billions of dollars into artificial intelligence."),
    ("denied", "Thu, 17 Jul 2025 11:00",
     "Corvo cuts hundreds of cloud jobs after strategic review, says AI wasn’t the main factor",
     "Corvo confirmed Thursday that it is cutting jobs within its cloud division."),
    ("shift", "Tue, 04 Mar 2025 09:00", "Quillon to Cut Thousands of Workers Amid A.I. Boom",
     "The technology supplier said it was shifting its focus to higher-growth businesses, "
     "including A.I. consulting and software."),
    ("same-day", "Thu, 03 Jul 2025 17:45",
     "Zentrix Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs",
     "Thousands at the company either saw colleagues laid off or were laid off themselves."),
]  # fmt: skip


def _in_digest(tags: dict[str, object]) -> bool:
    return tags["kind"] in ("layoff", "hiring_freeze") and bool(tags["ai_cause"])


def test_only_ai_driven_actions_are_digest_items(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Jobs")
    assert (got["even-as"]["kind"], _in_digest(got["even-as"])) == ("layoff", False), got
    assert (got["denied"]["kind"], _in_digest(got["denied"])) == ("layoff", False), got
    assert (got["shift"]["kind"], _in_digest(got["shift"])) == ("layoff", True), got
    assert "A.I. consulting" in got["shift"]["ai_evidence"], got
    assert (got["same-day"]["kind"], _in_digest(got["same-day"])) == ("other", False), got
    assert got["same-day"]["story"] != got["even-as"]["story"], got
