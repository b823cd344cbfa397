"""`layoffbot tag` on coverage of reported plans (issue #16, v2 "Reported plans count"): an
employer preparing or bracing for layoffs is its layoff, told apart from a report a month
before; a report's author split off a longer name ('Forum') is no employer. A real SQLite
file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_by_slug

ITEMS = [
    ("a", "Intel reportedly laying off thousands of employees", "Tue, 04 Oct 2022 08:00:00 GMT"),
    ("b", "Intel Said to Be Preparing For Mass Layoffs", "Fri, 04 Nov 2022 08:00:00 GMT"),
    (
        "c",
        "Starbucks Closes Offices as Chain Prepares for Layoffs",
        "Fri, 04 Nov 2022 09:00:00 GMT",
    ),
    (
        "d",
        "World Economic Forum estimates 14 million job losses worldwide by 2030",
        "Fri, 04 Nov 2022 10:00:00 GMT",
    ),
]


def _feed() -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>{when}</pubDate><description>{title}</description></item>"
        for key, title, when in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Tech</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def test_tag_takes_an_employer_preparing_for_layoffs_as_its_reported_layoff(
    tmp_path: Path,
) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert (got["b"]["kind"], got["b"]["companies"][:1]) == ("layoff", ["Intel"])
    assert (got["c"]["kind"], got["c"]["companies"][:1]) == ("layoff", ["Starbucks"])
    # The November preparation does not 'confirm' October's report: two stories.
    assert got["a"]["story"] != got["b"]["story"]
    assert "Forum" not in got["d"]["companies"]
