"""Feed bytes to a ParsedFeed of RawItems: the only module that imports feedparser.

It runs in the parse worker process (feeds.parse), never in the bot's own: a hostile or
broken feed may make feedparser loop or eat memory, and that must cost one feed.

feedparser only ever sees bytes and response headers, never a URL or a path: given a
string that looks like one, it would go and fetch or open it itself.

Everything here is lenient by design: a feed that is "bozo" (wrong declared encoding,
stray bytes, a blank line before the XML declaration) but still yields entries is parsed;
only a body that yields nothing is an error.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import html
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from bot.errors import ParseError
from bot.html_text import plain_line, strip_invisible
from bot.models import RawItem
from feeds.encoding import BOMS, content_type_for, looks_like_html

__all__ = [
    "MAX_ITEMS",
    "MAX_TOTAL_CHARS",
    "ParseFunc",
    "ParsedFeed",
    "lower_headers",
    "parse_document",
]

# Caps: what one feed may cost in memory, whatever it contains.
MAX_ITEMS = 5_000
MAX_TITLE = 1_000
MAX_HTML = 200_000
MAX_SHORT = 500  # author, source name
MAX_URL = 4_096
MAX_GUID = 1_000
MAX_TOTAL_CHARS = 32_000_000  # all item text of one feed together


def load_parser() -> Any:
    """feedparser, imported at the first parse (the parse worker imports it at its start):
    the bot's process imports this module for its names but only sends the bytes to the
    parse worker, where feedparser runs (its import cost the process ~0.1 s a poll)."""
    import feedparser

    feedparser.SANITIZE_HTML = False  # the core cleans HTML itself, and better
    feedparser.RESOLVE_RELATIVE_URIS = False
    return feedparser


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its own title and link, and its entries (at most MAX_ITEMS).

    `version` is feedparser's name for the format ("rss20", "atom10", "rss10", ...);
    `truncated` says items were dropped because of the caps.

    From `feeds.incremental.parse_changes` only: `fingerprint` digests the document's items (None when it
    could not be split), to pass back as `known` on the next poll of the feed; `partial`
    says `items` holds only the entries that changed since that `known` fingerprint.
    """

    title: str
    link: str | None
    items: list[RawItem] = field(default_factory=list)
    version: str = ""
    truncated: bool = False
    fingerprint: bytes | None = None
    partial: bool = False


ParseFunc = Callable[[bytes, Mapping[str, str], str], ParsedFeed]


def lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


# C0 controls and DEL: no link holds one, and PostgreSQL stores no NUL ('&#0;' in an
# item's <link> or <guid> failed its whole feed at every poll there: attack session 19).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _safe_link(value: object, base: str) -> str | None:
    """An absolute http(s) link or None: no javascript:, data: or relative leftovers, nor
    one holding a control character."""
    if not isinstance(value, str) or not value.strip():
        return None
    # Tabs and line breaks inside are dropped, as browsers do (a link wrapped in the feed).
    link = value.strip().replace("\t", "").replace("\n", "").replace("\r", "")[:MAX_URL]
    if _CONTROL.search(link):
        return None
    try:
        link = urljoin(base, link) if base else link
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if parts.netloc.lower() in ("www.google.com", "google.com") and parts.path == "/url":
        # Google Alerts wraps every link in a redirect; the target is the article.
        target = parse_qs(parts.query).get("url") or parse_qs(parts.query).get("q")
        if target and target[0].startswith(("http://", "https://")):
            return target[0][:MAX_URL]
    return link


def _datetime(value: object) -> datetime | None:
    """feedparser's UTC struct_time to an aware datetime; None when absent or absurd."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _html_of(detail: Mapping[str, Any] | None, value: object) -> str:
    """Feed markup as HTML: plain-text values are escaped so the core can treat all alike."""
    if not isinstance(value, str):
        return ""
    kind = str((detail or {}).get("type") or "text/html")
    if kind == "text/plain":
        value = html.escape(value, quote=False)
    return value[:MAX_HTML]


def _content_of(entry: Mapping[str, Any]) -> str:
    best = ""
    for part in entry.get("content") or []:
        value = _html_of(part, part.get("value"))
        if len(value) > len(best):
            best = value
    return best


def _short(value: object, limit: int = MAX_SHORT) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(strip_invisible(value).split())[:limit]
    return text or None


def _author_of(entry: Mapping[str, Any]) -> str | None:
    """The author's name alone: feedparser appends "(email)" to `author` when it has one."""
    detail = entry.get("author_detail")
    if isinstance(detail, Mapping):
        name = _short(detail.get("name"))
        if name:
            return name
    return _short(entry.get("author"))


def _title_of(value: object, detail: object, default_type: str) -> str:
    """Titles are one line of plain text for every consumer: markup dropped (by the bot's
    one HTML-to-text), entities decoded, invisible controls removed."""
    if not isinstance(value, str):
        return ""
    kind = detail.get("type", default_type) if isinstance(detail, Mapping) else default_type
    value = value[: MAX_TITLE * 20]
    text = plain_line(value) if kind != "text/plain" else " ".join(strip_invisible(value).split())
    return text[:MAX_TITLE]


def _to_item(entry: Mapping[str, Any], base: str) -> RawItem:
    title = _title_of(entry.get("title"), entry.get("title_detail"), "text/plain")
    link = _safe_link(entry.get("link"), base)
    published = _datetime(entry.get("published_parsed")) or _datetime(entry.get("updated_parsed"))
    summary = _html_of(entry.get("summary_detail"), entry.get("summary"))
    content = _content_of(entry)
    if content == summary:
        content = ""  # feedparser copies a lone <content> into summary: don't count it twice
    source = entry.get("source") or {}
    source_name = _short(source.get("title")) if isinstance(source, Mapping) else None
    source_url = None
    if isinstance(source, Mapping):
        source_url = _safe_link(source.get("href") or source.get("link"), base)
    guid = entry.get("id")
    if not isinstance(guid, str) or not guid.strip():
        guid = link
    if not guid:
        stamp = published.isoformat() if published else ""
        guid = "sha256:" + hashlib.sha256(f"{title}\n{stamp}".encode()).hexdigest()
    guid = guid.strip()
    if len(guid) > MAX_GUID or "\x00" in guid:  # PostgreSQL stores no NUL
        guid = "sha256:" + hashlib.sha256(guid.encode("utf-8", "replace")).hexdigest()
    return RawItem(
        guid=guid,
        title=title,
        link=link,
        summary_html=summary,
        content_html=content,
        published=published,
        source=source_name,
        source_url=source_url,
        author=_author_of(entry),
    )


def _is_broken(parsed: Mapping[str, Any]) -> bool:
    """Bozo for a reason that matters: the XML is malformed, not merely mislabelled."""
    if not parsed.get("bozo"):
        return False
    feedparser = load_parser()
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return not isinstance(parsed.get("bozo_exception"), harmless)


def _bozo_reason(parsed: Mapping[str, Any]) -> str:
    """feedparser's complaint without its "<unknown>:2:35:" prefix (the line is shifted)."""
    reason = str(parsed.get("bozo_exception") or "") or "malformed document"
    return re.sub(r"^<unknown>:\d+:\d+:\s*", "", reason)[:200]


_LINK_TAG = re.compile(rb"<link\b([^<>]{0,2000})>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
PAGE_HEAD = 256 * 1024  # where a page names its feed: its <head>, near the top


def named_feed(page: bytes, url: str) -> str | None:
    """The feed an HTML page names in its head (`<link rel="alternate"
    type="application/rss+xml" href=...>`), as an absolute http(s) URL, or None. A new
    user pastes a site's address; the page says where its feed is."""
    for tag in _LINK_TAG.finditer(page[:PAGE_HEAD]):
        attrs: dict[str, str] = {}
        for m in _ATTRIBUTE.finditer(_tag_text(tag.group(1))):
            attrs.setdefault(
                m.group(1).lower(), html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            )
        rel = attrs.get("rel", "").lower().split()
        kind = attrs.get("type", "").lower().strip()
        if "alternate" in rel and kind in _FEED_TYPES:
            link = _safe_link(attrs.get("href"), url)
            if link is not None:
                return link
    return None


def _same_address(a: str, b: str) -> bool:
    """Whether two absolute links name one address (but for a fragment or a final slash)."""
    return a.partition("#")[0].rstrip("/") == b.partition("#")[0].rstrip("/")


def _tag_text(raw: bytes) -> str:
    """A tag's attributes as text: UTF-8, as most pages are (read as Latin-1, the address
    of a feed named `/kündigungen.xml` came out as `/kÃ¼ndigungen.xml`, which a user
    pasting it got a 404 for), else Latin-1, which reads any bytes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# A character reference feedparser's lenient parser cannot turn into a character: a UTF-16
# surrogate ('&#55357;&#56832;', an emoji as some sites write it), past U+10FFFF, or of
# more digits than a C int holds. It raised on it (UnicodeEncodeError, ValueError,
# OverflowError) and the whole feed failed at every poll, its other items lost with it
# (attack session 19). Only references from U+D800 (55296) up can be one: '&#8217;' and
# '&#x2019;' are not looked at.
_SUSPECT_REF = re.compile(
    rb"&#(?:[xX]0*([dD][89a-fA-F][0-9a-fA-F]{2}|[0-9a-fA-F]{5,})"
    rb"|0*(5[5-9][0-9]{3}|[6-9][0-9]{4}|[0-9]{6,}));"
)


def _code_of(ref: re.Match[bytes]) -> int:
    """The code point a suspect reference names; past Unicode when it has too many digits
    to read (int() refuses 4,300)."""
    hexa, decimal = ref.group(1), ref.group(2)
    digits = hexa or decimal
    if len(digits) > 8:
        return 0x110000
    return int(hexa, 16) if hexa else int(decimal)


# UTF-32's BOMs first: UTF-32-LE's starts with UTF-16-LE's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def valid_char_refs(body: bytes) -> bytes:
    """The body with every character reference a character: a surrogate pair's two
    references as the one character they spell, any other surrogate and anything past
    U+10FFFF as U+FFFD (the replacement character). A body in UTF-16 or UTF-32 (a BOM)
    is repaired as text and given back in its own encoding."""
    for bom, codec in _WIDE_BOMS:
        if body.startswith(bom):
            try:
                text = body[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                return body  # feedparser says what is wrong with it
            fixed = _valid_refs(text.encode("utf-8"))
            return body if fixed is None else bom + fixed.decode("utf-8").encode(codec)
    fixed = _valid_refs(body)
    return body if fixed is None else fixed


def _valid_refs(body: bytes) -> bytes | None:
    """`valid_char_refs` of an ASCII-compatible body; None when it needs no change."""
    if not _SUSPECT_REF.search(body):
        return None
    out: list[bytes] = []
    done = 0
    for ref in _SUSPECT_REF.finditer(body):
        if ref.start() < done:
            continue  # the low half of a pair, written with its high half
        code, end = _code_of(ref), ref.end()
        if 0xD800 <= code < 0xDC00:
            low = _SUSPECT_REF.match(body, end)
            if low is not None and 0xDC00 <= (second := _code_of(low)) <= 0xDFFF:
                code, end = 0x10000 + ((code - 0xD800) << 10) + (second - 0xDC00), low.end()
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            code = 0xFFFD
        elif end == ref.end():
            continue  # a character already: kept as written
        out += [body[done : ref.start()], b"&#x%X;" % code]
        done = end
    return b"".join([*out, body[done:]]) if out else None


def _run_feedparser(body: bytes, headers: dict[str, str], url: str) -> tuple[Any, str]:
    """feedparser's result for a body that may be a feed, and the base for relative links.

    Raises ParseError for what is plainly no feed (empty, an HTML page).
    """
    if not body.strip():
        raise ParseError("not a feed: the response body is empty")
    if looks_like_html(body):
        named = named_feed(body, url)
        # A page at the feed's own address naming that address (a site's bot check, an
        # error page with the site's usual head) has no other address to offer.
        if named is not None and _same_address(named, url):
            named = None
        hint = f"; the page names its feed, add that address instead: {named}" if named else ""
        raise ParseError("not a feed: looks like an HTML page" + hint)
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]  # the charset is settled by content_type_for
    if not body.startswith(BOMS):
        # A blank line before <?xml ...?> makes the strict XML parser give up.
        body = body.lstrip(b" \t\r\n")
    base = url
    location = headers.get("content-location")
    if location:
        base = _safe_link(location, url) or url
    # No Content-Location for feedparser: it would resolve <guid>s against it too, making
    # ids depend on where the feed was fetched from. Links are resolved in _safe_link.
    response_headers = {"content-type": content_type_for(body, headers)}
    if "content-language" in headers:
        response_headers["content-language"] = headers["content-language"]
    parsed = load_parser().parse(
        io.BytesIO(valid_char_refs(body)),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    return parsed, base


def _items_of(entries: list[Any], base: str) -> tuple[list[RawItem], bool]:
    """The entries as RawItems within the caps, and whether the caps dropped any."""
    items: list[RawItem] = []
    truncated = len(entries) > MAX_ITEMS
    total = 0
    for entry in entries[:MAX_ITEMS]:
        item = _to_item(entry, base)
        if not (item.title or item.link or item.summary_html or item.content_html):
            continue  # nothing to show or match: a fragment of a broken document
        total += len(item.title) + len(item.summary_html) + len(item.content_html)
        if total > MAX_TOTAL_CHARS:
            truncated = True
            break
        items.append(item)
    return items, truncated


def parse_document(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse in this process, with no time limit: the worker's job; tests may call it.

    Raises ParseError when the body yields no feed.
    """
    parsed, base = _run_feedparser(body, lower_headers(headers), url)
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    broken = _is_broken(parsed)
    if not entries:
        if broken:
            raise ParseError(f"not a feed: invalid XML ({_bozo_reason(parsed)})")
        if not version:
            raise ParseError("not a feed: no RSS, Atom or RDF document found")
    items, truncated = _items_of(entries, base)
    if entries and not items and broken:
        raise ParseError(f"not a feed: invalid XML ({_bozo_reason(parsed)})")
    channel = parsed.get("feed") or {}
    return ParsedFeed(
        title=_title_of(channel.get("title"), channel.get("title_detail"), "text/html"),
        link=_safe_link(channel.get("link"), base),
        items=items,
        version=version,
        truncated=truncated,
    )
