"""`layoffbot tag` over a local feed (issue 16, session 20): 'UK civil service to cut ...
as AI takes over admin work' is a digest item at the Civil Service; a lower-case run that
is no listed body stays other news. A real process; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

WHEN = "Tue, 06 Jan 2026 10:00"


def test_a_country_s_civil_service_in_lower_case_is_the_employer(tmp_path: Path) -> None:
    got = tag_items(
        tmp_path,
        [
            (
                "cs",
                WHEN,
                "UK civil service to cut 10,000 jobs as AI takes over admin work",
                "Ministers said AI tools would take over routine administrative work.",
            ),
            ("tech", WHEN, "UK tech jobs fall 5% in March", "Vacancies fell again."),
        ],  # fmt: skip
    )
    cs = got["cs"]
    assert (cs["kind"], cs["ai_cause"], cs["companies"], cs["headcount"]) == (
        "layoff", True, ["Civil Service"], 10000,
    ), cs  # fmt: skip
    assert got["tech"]["kind"] != "layoff" and got["tech"]["companies"] == [], got["tech"]
