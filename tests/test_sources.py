"""The default feed list and OPML import/export."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.errors import InvalidFeedURL
from feeds.fetch import validate_feed_url
from feeds.sources import DEFAULT_FEEDS, FeedSource, from_opml, google_news_search, to_opml


def test_default_feeds_are_valid_named_and_unique() -> None:
    assert len(DEFAULT_FEEDS) >= 8
    for source in DEFAULT_FEEDS:
        assert source.name.strip()
        assert validate_feed_url(source.url) == source.url
        assert source.url.startswith("https://")
    assert len({s.url for s in DEFAULT_FEEDS}) == len(DEFAULT_FEEDS)
    assert len({s.name for s in DEFAULT_FEEDS}) == len(DEFAULT_FEEDS)


def test_default_feeds_cover_the_asked_google_news_queries() -> None:
    queries = set()
    for source in DEFAULT_FEEDS:
        parts = urlsplit(source.url)
        if parts.netloc == "news.google.com":
            assert parts.path == "/rss/search"
            params = parse_qs(parts.query)
            assert params["hl"] == ["en-US"] and params["gl"] == ["US"]
            assert params["ceid"] == ["US:en"]
            queries.add(params["q"][0])
    assert {
        "AI layoffs",
        "jobs replaced by AI",
        "layoffs automation",
        "hiring freeze AI",
    } <= queries


def test_shipped_opml_matches_the_default_list() -> None:
    """feeds/default_feeds.opml is for people importing the list into their own reader."""
    import feeds

    shipped = Path(feeds.__file__).with_name("default_feeds.opml").read_bytes()
    assert from_opml(shipped) == DEFAULT_FEEDS, (
        "regenerate: python -c 'from feeds.sources import *; "
        'open("feeds/default_feeds.opml", "w").write(to_opml(DEFAULT_FEEDS, '
        'title="layoffbot default feeds"))\''
    )


def test_google_news_search_url_shape() -> None:
    assert google_news_search('"AI" layoffs') == (
        "https://news.google.com/rss/search?q=%22AI%22+layoffs&hl=en-US&gl=US&ceid=US:en"
    )


def test_opml_round_trip_keeps_names_urls_and_categories() -> None:
    text = to_opml(DEFAULT_FEEDS)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert from_opml(text.encode()) == DEFAULT_FEEDS


def test_opml_escapes_awkward_names() -> None:
    sources = [FeedSource('Tom & Jerry\'s "<feed>"', "https://a.example/rss?x=1&y=2")]
    assert from_opml(to_opml(sources).encode("utf-8")) == sources


def test_nested_outlines_and_folders() -> None:
    opml = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
    <opml version="1.0">
      <head><title>Export from a reader</title></head>
      <body>
        <outline text="Tech">
          <outline text="Nouvelles \xe9conomie">
            <outline type="rss" text="Deep" xmlUrl="https://deep.example/feed"/>
          </outline>
          <outline type="rss" title="Shallow" text="ignored" xmlUrl="https://shallow.example/rss"/>
        </outline>
        <outline type="rss" text="Top" xmlURL="http://top.example/atom.xml" htmlUrl="http://top.example/"/>
        <outline type="rss" text="Duplicate" xmlUrl="https://deep.example/feed"/>
        <outline text="Just a note, no feed"/>
      </body>
    </opml>"""
    assert from_opml(opml) == [
        FeedSource("Deep", "https://deep.example/feed", "Nouvelles \xe9conomie"),
        FeedSource("Shallow", "https://shallow.example/rss", "Tech"),
        FeedSource("Top", "http://top.example/atom.xml", None),
    ]


def test_outline_without_name_is_named_by_its_url() -> None:
    opml = b'<opml version="2.0"><body><outline xmlUrl="https://x.example/f"/></body></opml>'
    assert from_opml(opml) == [FeedSource("https://x.example/f", "https://x.example/f")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b'<opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>',
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://evil.example/x.dtd">'
            b"<opml><body/></opml>",
            "DOCTYPE",
        ),
        (
            b'<opml><body><outline text="Local" xmlUrl="file:///etc/passwd"/></body></opml>',
            "outline 'Local'.*only http:// and https://",
        ),
        (b"<opml><body><outline></body></opml>", "not well-formed"),
        (b"<rss version='2.0'><channel/></rss>", "root element is <rss>"),
        (b"", "empty"),
        (b"just text", "not well-formed"),
    ],
)
def test_bad_opml_is_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(InvalidFeedURL, match=message) as caught:
        from_opml(data)
    assert str(caught.value).startswith("invalid OPML")
    assert isinstance(caught.value, ValueError)
