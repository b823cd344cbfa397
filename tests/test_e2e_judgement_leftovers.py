"""`layoffbot tag` on leftovers from using the bot (issue #16): news with no job action names
no employer from its opening word or an abbreviation; the name before a headline colon is
the subject of the job action after it; an earlier round's share in the lead is not the new
cut's percent; the employer is read past products, common words opening a described name,
a brand's 's and a candidate's campaign. A real SQLite file; no network; the employers are
invented."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_by_slug

ITEMS = [
    ("orcas", "Orcas sink another yacht off Spain", "Orcas rammed a sailing yacht on Sunday."),
    ("gst", "GST collections rise 12% in October", "The tax take beat forecasts."),
    ("quillo", "Quillo: at least half the company has been let go", "Staff were told on Monday."),
    (
        "zentrix",
        "Zentrix announces new round of layoffs",
        "Zentrix cut 5% of staff last year. The company said on Monday it will lay off 200 "
        "workers.",
    ),
]


EMPLOYERS = [
    ("product", "Zentrix plans Glimmer division layoffs, a memo reveals", "", "Zentrix"),
    (
        "described",
        "Shooter developer New World Order Games lays off employees",
        "",
        "New World Order Games",
    ),
    ("brand", "McDonald’s to add restaurants while eyeing corporate job cuts", "", "McDonald's"),
    (
        "campaign",
        "Quillan cuts a third of campaign staff amid reset",
        "Gov. Pat Quillan's presidential campaign laid off 38 staff members.",
        "Quillan campaign",
    ),
]


def _feed(items_: list[tuple[str, str, str]] = ITEMS) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>Mon, 04 Nov 2024 08:00:00 GMT</pubDate><description>{text}</description></item>"
        for key, title, text in items_
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>News</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def test_tag_names_employers_only_where_the_item_gives_one_and_dates_earlier_shares(
    tmp_path: Path,
) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert (got["orcas"]["kind"], got["orcas"]["companies"]) == ("other", [])
    assert got["gst"]["companies"] == []
    assert (got["quillo"]["kind"], got["quillo"]["companies"][:1]) == ("layoff", ["Quillo"])
    zentrix = got["zentrix"]
    assert (zentrix["headcount"], zentrix["percent"]) == (200, None)


def test_tag_names_the_employer_acting_past_products_brands_and_campaigns(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, _feed([(k, title, text) for k, title, text, _ in EMPLOYERS]))
    for key, _, _, employer in EMPLOYERS:
        assert (got[key]["kind"], got[key]["companies"][:1]) == ("layoff", [employer]), key
