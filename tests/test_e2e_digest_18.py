"""`layoffbot tag` over a local feed (issue 16, session 18): the digest holds AI-driven job
actions and nothing else. An op-ed on one employer's AI cuts, a product's price cut, cuts
whose AI is an aside on the unit, cuts said not to be AI's doing, and AI
engineers lost to a rival are no digest items (on main 7f98f6e the first, third, fourth and
fifth were, the second a layoff); an employer replacing staff with AI is one, and cuts told
beside the employer's other news are a layoff with their figure (on main, other news with
none). A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Tue, 04 Mar 2025 09:00"
ITEMS = [
    ("op-ed", WHEN, "Lessons from Zentrix's plan to replace 7,800 jobs with AI",
     "What the company's decision tells the rest of the industry."),
    ("price", WHEN, "Corvo slashes GPT-4 prices by 50% for developers",
     "The cut applies to every plan from Monday."),
    ("aside", WHEN, "Quillon cuts jobs in its cloud unit, where it is building AI chips",
     "The cuts follow a weak quarter."),
    ("denied", WHEN, "Zentrix cuts 500 jobs, says AI not to blame",
     "The company blamed slowing demand."),
    ("poached", WHEN, "Corvo loses top AI engineers to Meta",
     "Three senior researchers left this week."),
    ("replaced", WHEN, "Quillon replaces 200 support staff with AI chatbots",
     "The company said the chatbots now answer most customer questions."),
    ("beside", WHEN, "Zentrix is getting rid of its streaming channel amid larger games layoffs",
     "Zentrix is cutting just over 180 jobs in its games division and making some changes "
     "to its games initiatives."),
]  # fmt: skip


def _in_digest(tags: dict[str, object]) -> bool:
    return tags["kind"] in ("layoff", "hiring_freeze") and bool(tags["ai_cause"])


def test_only_ai_driven_actions_are_digest_items(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Jobs")
    for key in ("op-ed", "price", "aside", "denied", "poached"):
        assert not _in_digest(got[key]), (key, got[key])
    assert got["op-ed"]["kind"] == "analysis", got["op-ed"]
    assert got["price"]["kind"] != "layoff", got["price"]
    assert got["aside"]["kind"] == got["denied"]["kind"] == "layoff", got
    assert _in_digest(got["replaced"]), got["replaced"]
    beside = got["beside"]
    assert (beside["kind"], beside["headcount"], beside["ai_cause"]) == ("layoff", 180, False)
