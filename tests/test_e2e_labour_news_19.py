"""`layoffbot tag` over a local feed (issue 16, session 19): headlines about jobs that are no
employer's cut. A region's banks planning cuts for AI and a layoff rumour an executive
dismisses are no digest items (on main 9258fa8 both were: a layoff with AI cited, employer
'Nordic' and 'Zentrix Exec'); the month's jobs figures are analysis (on main, other); an
analyst's forecast and one person fired stay out of it; an employer's own AI cut stays a
digest item; a studio closed is a layoff with no job word (on main, other), an app shut down
is not. A real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Fri, 09 Jan 2026 09:00"
ITEMS = [
    ("sector", WHEN, "Nordic banks plan to cut 20,000 jobs as AI takes hold",
     "The bloodletting will hit hardest in back-office operations."),
    ("rumour", WHEN, 'Zentrix Exec Dismisses Mass Layoff Report: "100% Made Up"',
     "Reports said Zentrix is preparing to cut tens of thousands of jobs amid the rising "
     "costs of artificial intelligence."),
    ("forecast", WHEN, "20,000 Nordic banking jobs at risk, warns Quillon Capital",
     "Quillon Capital forecasts over 20,000 Nordic banking jobs could be lost in the next "
     "four years due to AI adoption."),
    ("figures", WHEN, "US added 50K jobs in December as hiring slowed",
     "The unemployment rate ticked down to 4.4 percent."),
    ("one", WHEN, "Corvo fire Jane Doe after missing playoffs",
     "The Corvo have fired head coach Jane Doe after two seasons."),
    ("studio", WHEN, "Zentrix is shutting down a studio 16 days after it unionized",
     "The company said the closure was part of company-wide actions to streamline operations."),
    ("app", WHEN, "Zentrix To Shut Down Its Orbit App Next Month",
     "Zentrix plans to shut down its standalone Orbit app in August."),
    ("own", WHEN, "Zentrix cuts 500 support jobs, replacing them with AI chatbots",
     "The company said the chatbots now answer most customer questions."),
]  # fmt: skip


def _in_digest(tags: dict[str, object]) -> bool:
    return tags["kind"] in ("layoff", "hiring_freeze") and bool(tags["ai_cause"])


def test_jobs_news_no_employer_cuts_stays_out_of_the_digest(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS, channel="Jobs")
    for key in ("sector", "rumour", "forecast", "figures", "one"):
        assert not _in_digest(got[key]), (key, got[key])
    assert got["sector"]["kind"] == got["forecast"]["kind"] == "analysis", got
    assert got["rumour"]["kind"] == got["one"]["kind"] == "other", got
    assert got["figures"]["kind"] == "analysis", got["figures"]
    assert _in_digest(got["own"]), got["own"]
    # a studio closed is a layoff with no job word (on main, other); an app shut down is not
    assert (got["studio"]["kind"], got["app"]["kind"]) == ("layoff", "other"), got
