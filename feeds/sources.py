"""The feeds a new install polls, and OPML import/export for moving feed lists around.

The defaults lean on Google News search RSS: one query per angle of the story (AI-driven
layoffs, jobs replaced by AI, automation, hiring freezes), which covers thousands of
publishers with a stable, documented URL shape. A few tech and labour-news feeds add
full-text reporting, and the wire services are reached through site-restricted Google
News searches because their own RSS endpoints change often and carry mostly unrelated
press releases.

OPML is user input: it is parsed with expat directly and any DTD is refused before it is
read, so entity tricks (billion laughs, external entities) never get a chance to expand.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from bot.errors import InvalidFeedURL
from feeds.fetch import validate_feed_url

__all__ = [
    "DEFAULT_FEEDS",
    "MAX_OPML_BYTES",
    "FeedSource",
    "from_opml",
    "google_news_search",
    "read_opml",
    "to_opml",
]

MAX_OPML_BYTES = 5 * 1024 * 1024
MAX_OPML_FEEDS = 5_000
MAX_OPML_DEPTH = 50


@dataclass(frozen=True)
class FeedSource:
    """A feed to poll. `category` is the OPML folder it came from or goes to."""

    name: str
    url: str
    category: str | None = None


def google_news_search(query: str) -> str:
    """The Google News RSS URL for a search, US English edition."""
    return f"https://news.google.com/rss/search?q={quote_plus(query)}&hl=en-US&gl=US&ceid=US:en"


_SEARCH = "Google News search"
_TECH = "Tech news"
_WIRES = "Business wires"

DEFAULT_FEEDS: list[FeedSource] = [
    FeedSource("Google News: AI layoffs", google_news_search("AI layoffs"), _SEARCH),
    FeedSource(
        "Google News: jobs replaced by AI", google_news_search("jobs replaced by AI"), _SEARCH
    ),
    FeedSource(
        "Google News: layoffs automation", google_news_search("layoffs automation"), _SEARCH
    ),
    FeedSource("Google News: hiring freeze AI", google_news_search("hiring freeze AI"), _SEARCH),
    FeedSource(
        "Google News: job cuts artificial intelligence",
        google_news_search('"job cuts" "artificial intelligence"'),
        _SEARCH,
    ),
    FeedSource(
        "Google News: workforce reduction AI",
        google_news_search('"workforce reduction" OR "reduction in force" AI'),
        _SEARCH,
    ),
    FeedSource("TechCrunch: layoffs", "https://techcrunch.com/tag/layoffs/feed/", _TECH),
    FeedSource(
        "The Verge: AI", "https://www.theverge.com/rss/ai-artificial-intelligence/index.xml", _TECH
    ),
    FeedSource("Ars Technica", "https://feeds.arstechnica.com/arstechnica/index", _TECH),
    FeedSource("Wired: AI", "https://www.wired.com/feed/tag/ai/latest/rss", _TECH),
    FeedSource("CNBC: Technology", "https://www.cnbc.com/id/19854910/device/rss/rss.html", _TECH),
    FeedSource("HR Dive", "https://www.hrdive.com/feeds/news/", _TECH),
    FeedSource("Hacker News: layoffs", "https://hnrss.org/newest?q=layoffs", _TECH),
    FeedSource(
        "Press releases: layoffs and restructuring",
        google_news_search(
            'layoffs OR restructuring OR "workforce reduction" '
            "site:prnewswire.com OR site:businesswire.com OR site:globenewswire.com"
        ),
        _WIRES,
    ),
    FeedSource(
        "Reuters: layoffs",
        google_news_search("layoffs AI site:reuters.com"),
        _WIRES,
    ),
]


def to_opml(sources: list[FeedSource], *, title: str = "layoffbot feeds") -> str:
    """An OPML 2.0 document, one folder per category, readable by any feed reader."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_escape_text(title)}</title></head>",
        "  <body>",
    ]
    groups: dict[str | None, list[FeedSource]] = {}
    for source in sources:
        groups.setdefault(source.category, []).append(source)
    for category, members in groups.items():
        indent = "    "
        if category is not None:
            label = quoteattr(category)
            lines.append(f"    <outline text={label} title={label}>")
            indent = "      "
        for source in members:
            name = quoteattr(source.name)
            lines.append(
                f'{indent}<outline type="rss" text={name} title={name} '
                f"xmlUrl={quoteattr(source.url)}/>"
            )
        if category is not None:
            lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Refused(Exception):
    """Raised from inside expat callbacks; turned into InvalidFeedURL outside."""


_FEED_SHAPED = frozenset({"xmlurl", "htmlurl"})  # attributes only a feed's outline has
_FEED_TYPES = frozenset({"rss", "atom", "feed"})


class _OpmlReader:
    """expat handlers collecting the feeds of an OPML document (see `from_opml`)."""

    def __init__(self) -> None:
        self.sources: list[FeedSource] = []
        self.skipped: list[str] = []  # an outline whose URL the bot will not fetch: why
        self.seen: set[str] = set()
        self.stack: list[str | None] = []  # each open element: its folder name (None: not one)
        self.root: str | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
            if name.lower() != "opml":
                raise _Refused(f"invalid OPML: the root element is <{name}>, not <opml>")
        if len(self.stack) > MAX_OPML_DEPTH:
            raise _Refused("invalid OPML: outlines nested too deeply")
        folder: str | None = None
        if name.lower() == "outline":
            fields = {k.lower(): v for k, v in attrs.items()}
            url = (fields.get("xmlurl") or "").strip()
            label = (fields.get("title") or fields.get("text") or "").strip()
            if url:
                self._add_feed(url, label)
            elif _FEED_SHAPED & fields.keys() or fields.get("type", "").lower() in _FEED_TYPES:
                # A reader's entry that lost its feed URL (only the site's htmlUrl, or
                # xmlUrl=""): said, not dropped unseen. Plain outlines are folders or notes.
                shown = f" {label[:200]!r}" if label else ""
                self.skipped.append(f"outline{shown}: it has no feed URL (xmlUrl)")
            else:
                folder = label or None
        self.stack.append(folder)

    def _add_feed(self, url: str, label: str) -> None:
        try:
            url = validate_feed_url(url)
        except InvalidFeedURL as exc:
            shown = f" {label!r}" if label else ""
            given = "" if url in str(exc) else f" ({url[:200]!r})"
            self.skipped.append(f"outline{shown}{given}: {exc}")
            return
        if url in self.seen:
            return
        if len(self.sources) >= MAX_OPML_FEEDS:
            raise _Refused(f"invalid OPML: more than {MAX_OPML_FEEDS} feeds")
        self.seen.add(url)
        category = next((c for c in reversed(self.stack) if c), None)
        self.sources.append(FeedSource(name=label or url, url=url, category=category))

    def end(self, _name: str) -> None:
        self.stack.pop()


def _refuse_dtd(*_args: object) -> None:
    raise _Refused("invalid OPML: DOCTYPE and entity declarations are not allowed")


def from_opml(data: bytes | str) -> list[FeedSource]:
    """The feeds in an OPML document, in document order, duplicates dropped; see
    `read_opml`. An outline with a URL the bot will not fetch is an error here too."""
    sources, skipped = read_opml(data)
    if skipped:
        raise InvalidFeedURL(f"invalid OPML: {skipped[0]}")
    return sources


def read_opml(data: bytes | str) -> tuple[list[FeedSource], list[str]]:
    """The feeds in an OPML document, in document order, duplicates dropped, and for each
    outline whose feed URL the bot will not fetch (missing, not http(s), malformed) why,
    naming it.

    Outlines with an `xmlUrl` are feeds (at any depth); a feed's outline without one
    (`type="rss"`, an `htmlUrl`, a blank `xmlUrl`) is reported; other outlines are folders
    and name the category of the feeds inside (or notes). Raises InvalidFeedURL (a ValueError) with
    a message for the user when the document itself cannot be read: not OPML, malformed
    XML, a DTD, too large or too many feeds.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_OPML_BYTES:
        raise InvalidFeedURL(f"invalid OPML: larger than {MAX_OPML_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise InvalidFeedURL("invalid OPML: the file is empty")
    reader = _OpmlReader()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd  # type: ignore[assignment]
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InvalidFeedURL(str(exc)) from None
    except expat.ExpatError as exc:
        raise InvalidFeedURL(f"invalid OPML: not well-formed XML ({exc})") from None
    if reader.root is None:
        raise InvalidFeedURL("invalid OPML: no elements found")
    return reader.sources, reader.skipped
