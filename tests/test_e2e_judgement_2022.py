"""`layoffbot tag` on a feed shaped like 2022's coverage of a takeover's cuts (issue #16,
fresh-2022): the employer is named when a person orders the cuts across it or its new boss
speaks, and a freeze with a warning of possible
layoffs stays a freeze. Invented employers; a real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_by_slug

ITEMS = [
    ("a", "Jane Holloway Is Said to Have Ordered Job Cuts Across Quillon"),
    ("b", "Quillon's new boss Mark Ferris says mass layoffs are 'part of his strategy'"),
    ("d", "Quillon reportedly suspends all hiring, warns staff of possible layoffs"),
]


def _feed() -> str:
    items = "".join(
        f"<item><title>{title.replace('&', '&amp;')}</title>"
        f"<link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>Fri, 04 Nov 2022 0{n}:00:00 GMT</pubDate><description>{title}"
        "</description></item>"
        for n, (key, title) in enumerate(ITEMS)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Tech</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def test_tag_names_the_employer_and_keeps_a_freeze_with_a_warning_a_freeze(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert (got["a"]["kind"], got["a"]["companies"][:1]) == ("layoff", ["Quillon"])
    assert (got["b"]["kind"], got["b"]["companies"][:1]) == ("layoff", ["Quillon"])
    assert got["d"]["kind"] == "hiring_freeze"
