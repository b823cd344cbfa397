"""`layoffbot tag` on a feed of employer actions that read like commentary (issue 16): offices
shut ahead of layoffs under a headline with a later 'might', and a bank's short name warning of
its own cuts, are layoffs with their employer; economists' warning is not. A real SQLite file;
no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_by_slug

ITEMS = [
    (
        "a",
        "Starbucks Shuts All U.S. Offices Ahead of Layoffs, And It Might Just Change Its Menu",
        "Starbucks has shut all of its offices in the United States so that layoff notices "
        "can be delivered to employees virtually.",
    ),
    ("b", "Goldman warns of more job cuts as dealmaking slows", "The bank will trim staff."),
    ("c", "Economists warn of new job cuts as rates rise", "Rates rose again this week."),
    # what the cuts did is the news (session 13; read whole, the lead tells the cut)
    (
        "d",
        "Warner Bros. Television's massive job cuts worsen WBD's diversity problem",
        "Warner Bros. Television is laying off 82 of its employees, about 19 percent.",
    ),
]


def _feed() -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>Tue, 07 Mar 2023 0{n}:00:00 GMT</pubDate><description>{text}</description>"
        "</item>"
        for n, (key, title, text) in enumerate(ITEMS)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Business</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def test_tag_reads_own_closures_and_warnings_as_layoffs_and_not_economists(
    tmp_path: Path,
) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert (got["a"]["kind"], got["a"]["companies"][:1]) == ("layoff", ["Starbucks"])
    assert (got["b"]["kind"], got["b"]["companies"][:1]) == ("layoff", ["Goldman Sachs"])
    assert got["c"]["kind"] not in ("layoff", "hiring_freeze")
    assert (got["d"]["kind"], got["d"]["headcount"]) == ("other", None)
