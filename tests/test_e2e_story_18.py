"""`layoffbot tag` on a feed of two employers' coverage worded each outlet's way (issue 16,
session 18): an unlisted employer named in full by one outlet and by its initials by
another, and a further round announced and then reported under other round words, are one
story each; the same employer's round months later is a story of its own. The real
process, a real SQLite file, no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

ITEMS = [
    ("cbc-full", "Mon, 04 Dec 2023 13:20", "Canadian Broadcasting Corporation to cut 600 jobs",
     "The Canadian Broadcasting Corporation will cut 600 jobs as it slashes its budget."),
    ("cbc-short", "Tue, 05 Dec 2023 09:10", "CBC slashes 10% of its workforce",
     "Canada's public broadcaster CBC is cutting about 10% of its workforce."),
    ("meta-plan", "Mon, 06 Mar 2023 08:00", "Meta reportedly plans more job cuts",
     "Meta is preparing further layoffs, according to a report."),
    ("meta-round", "Tue, 14 Mar 2023 15:00",
     "Meta starts cutting 10,000 workers in second round of layoffs",
     "Meta said it would cut 10,000 jobs in its second round of layoffs."),
    ("cbc-later", "Thu, 09 May 2024 11:00", "CBC to cut another 200 jobs in new round",
     "The Canadian broadcaster CBC announced another round of cuts, of 200 jobs."),
]  # fmt: skip


def test_one_action_told_in_other_words_is_one_story_and_a_round_months_later_another(
    tmp_path: Path,
) -> None:
    got = tag_items(tmp_path, ITEMS)
    story = {key: got[key]["story"] for key in got}
    assert story["cbc-full"] == story["cbc-short"]
    assert story["meta-plan"] == story["meta-round"]
    assert story["cbc-later"] not in {story["cbc-full"], story["meta-plan"]}
    assert story["cbc-full"] != story["meta-plan"]
