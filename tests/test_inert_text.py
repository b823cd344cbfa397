"""Feed text stays inert: bidi controls and invisible joiners are dropped when feed text
is cleaned, and links are validated and percent-encoded before any markup is built
(issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.html_text import strip_invisible
from bot.links import safe_link
from bot.models import RawItem
from bot.text import prepare_article
from feeds.parse import parse_document

CONTROLS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200e\u200f\u061c\u200c\u200d\u2060\ufeff"
)


def test_strip_invisible_drops_every_bidi_control_and_joiner_and_keeps_the_text() -> None:
    assert strip_invisible(f"Ac{CONTROLS}me cuts 30\u202e0 jobs") == "Acme cuts 300 jobs"
    assert strip_invisible("Zürich, 東京, عربي") == "Zürich, 東京, عربي"


def test_prepare_article_cleans_title_text_and_publisher() -> None:
    raw = RawItem(
        guid="g",
        title="Initech cuts 300 jobs \u202egnp.exe - Wire\u2067 News",
        summary_html="<p>Initech said its AI\u200d chatbot does the work &#8238;now.</p>",
        source="Wire\u2067 News",
    )
    article = prepare_article(raw, fetched_at=datetime.now(UTC))
    for text in (article.title, article.text, article.publisher or ""):
        assert not set(text) & set(CONTROLS), repr(text)
    assert article.publisher == "Wire News"
    assert article.title == "Initech cuts 300 jobs gnp.exe"


def test_the_parser_cleans_feed_name_titles_sources_and_authors() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<channel><title>Desk&#x202E;</title><link>https://d.example/</link><item>"
        b"<title>Acme&#x2066; cuts</title><link>https://d.example/1</link>"
        b"<dc:creator>Ann&#x200F; Lee</dc:creator>"
        b"<source url='https://s.example'>Wire&#xFEFF; News</source></item></channel></rss>"
    )
    parsed = parse_document(body, {}, "https://d.example/feed")
    [item] = parsed.items
    assert (parsed.title, item.title, item.author, item.source) == (
        "Desk",
        "Acme cuts",
        "Ann Lee",
        "Wire News",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://x.example/a)**[Verify](https://evil.example)**",
            "https://x.example/a%29%2A%2A%5BVerify%5D%28https://evil.example%29%2A%2A",
        ),
        ("https://x.example/a|b>c<d", "https://x.example/a%7Cb%3Ec%3Cd"),
        ("https://x.example/`code`\\", "https://x.example/%60code%60%5C"),
        ("https://x.example/p?q=1&r=%20#f", "https://x.example/p?q=1&r=%20#f"),
        ("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
        ("https://x.example/\u202eexe", "https://x.example/%E2%80%AEexe"),
        ("javascript:alert(1)//https://x.example", None),
        ("data:text/html,hi", None),
        ("https://user:pw@x.example/", None),
        ("https://x.example/a b", None),
        ("https:///nohost", None),
        ("", None),
    ],
)
def test_safe_link_accepts_only_http_and_cannot_break_out_of_markup(
    url: str, expected: str | None
) -> None:
    assert safe_link(url) == expected


def test_a_feed_named_by_junk_is_named_by_its_host() -> None:
    """`feeds list` showed '&lol9;' (an entity the feed's XML never defined) as a name."""
    from bot.links import feed_name

    url = "https://www.news.example.com/rss"
    for junk in ("&lol9;", "&lol9;&#0;", "lollollollollol", "!!!", " ", "&amp;"):
        assert feed_name(junk, url) == "news.example.com", junk
    assert feed_name("Tech &lol9; Jobs", url) == "Tech Jobs"
    for kept in ("AT&T Newsroom", "Yahoo! Finance", "3M", "H&M press", "Reuters: Tech"):
        assert feed_name(kept, url) == kept
    assert feed_name("&lol9;", "not a link") == "not a link"
