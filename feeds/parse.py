"""Feed bytes to RawItems: the only module that imports feedparser.

feedparser runs in a separate, long-lived worker process with a hard time limit, because a
hostile or broken feed (entity expansion, a regex that backtracks for minutes on a crafted
author field, a parser bug that loops) must cost one feed, not the bot. On timeout the
worker is killed (SIGKILL, not a polite request it could ignore) and a fresh one is
started for the next feed. The worker also runs under an address-space limit where the OS
supports it, so a memory blow-up ends in a ParseError instead of the OOM killer choosing.

feedparser only ever sees bytes and response headers, never a URL or a path: given a
string that looks like one, it would go and fetch or open it itself.

Everything here is lenient by design: a feed that is "bozo" (wrong declared encoding,
stray bytes, a blank line before the XML declaration) but still yields entries is parsed;
only a body that yields nothing is an error.
"""

from __future__ import annotations

import asyncio
import atexit
import calendar
import codecs
import concurrent.futures
import contextlib
import hashlib
import html
import io
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import feedparser

from bot.errors import ParseError
from bot.models import RawItem
from bot.text import strip_invisible
from feeds import incremental

__all__ = [
    "MAX_ITEMS",
    "ParseWorker",
    "ParsedFeed",
    "close",
    "parse_changes",
    "parse_document",
    "parse_feed",
    "parse_feed_bytes",
    "shutdown_worker",
]

# Caps: what one feed may cost in memory, whatever it contains.
MAX_ITEMS = 5_000
MAX_TITLE = 1_000
MAX_HTML = 200_000
MAX_SHORT = 500  # author, source name
MAX_URL = 4_096
MAX_GUID = 1_000
MAX_TOTAL_CHARS = 32_000_000  # all item text of one feed together

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the worker
_STARTUP_TIMEOUT = 60.0  # spawning a fresh interpreter and importing feedparser

feedparser.SANITIZE_HTML = False  # the core cleans HTML itself, and better
feedparser.RESOLVE_RELATIVE_URIS = False


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its own title and link, and its entries (at most MAX_ITEMS).

    `version` is feedparser's name for the format ("rss20", "atom10", "rss10", ...);
    `truncated` says items were dropped because of the caps.

    From `parse_changes` only: `fingerprint` digests the document's items (None when it
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


# --- in the worker process -------------------------------------------------------------


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain_text(value: str, *, is_html: bool) -> str:
    """Titles are plain text for every consumer: drop markup, decode entities, one line."""
    if is_html and ("<" in value or "&" in value):
        extractor = _TextExtractor()
        extractor.feed(value)
        extractor.close()
        value = "".join(extractor.parts)
    return " ".join(strip_invisible(value).split())


_HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_LEADING_JUNK = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)?", re.DOTALL)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def _looks_like_html(body: bytes) -> bool:
    """An HTML page where a feed was expected (a moved feed, a login or error page)."""
    head = body[:4096]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    position = 0
    for _ in range(20):  # skip the XML declaration, processing instructions, comments
        match = _LEADING_JUNK.match(head, position)
        if match is None or match.end() == position:
            break
        position = match.end()
    return _HTML_START.match(head, position) is not None


def _charset_of(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'")
    return None


def _content_type_for(body: bytes, headers: Mapping[str, str]) -> str:
    """The Content-Type to tell feedparser, chosen to get the text right.

    Servers often label feeds wrongly (text/html; charset=utf-8 on a latin-1 feed,
    text/xml which by RFC 3023 means us-ascii). Bytes that are valid UTF-8 and not ASCII
    are UTF-8 for all practical purposes (latin-1 or windows-1251 text almost never is);
    otherwise the document's own XML declaration beats the HTTP header, which beats
    feedparser's fallbacks (utf-8, windows-1252).
    """
    if body.startswith(_BOMS):
        return "application/xml"
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "application/xml; charset=utf-8"
    if _XML_ENCODING.match(body[:512]):
        return "application/xml"
    charset = _charset_of(headers.get("content-type", ""))
    if charset and re.fullmatch(r"[A-Za-z0-9._:-]{1,40}", charset):
        return f"application/xml; charset={charset}"
    return "application/xml"


def _lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _safe_link(value: object, base: str) -> str | None:
    """An absolute http(s) link or None: no javascript:, data: or relative leftovers."""
    if not isinstance(value, str) or not value.strip():
        return None
    link = value.strip()[:MAX_URL]
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


def _to_item(entry: Mapping[str, Any], base: str) -> RawItem:
    title_detail = entry.get("title_detail") or {}
    title_value = entry.get("title")
    title = ""
    if isinstance(title_value, str):
        is_html = title_detail.get("type", "text/plain") != "text/plain"
        title = _plain_text(title_value[: MAX_TITLE * 20], is_html=is_html)[:MAX_TITLE]
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
    if len(guid) > MAX_GUID:
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
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return not isinstance(parsed.get("bozo_exception"), harmless)


def _bozo_reason(parsed: Mapping[str, Any]) -> str:
    """feedparser's complaint without its "<unknown>:2:35:" prefix (the line is shifted)."""
    reason = str(parsed.get("bozo_exception") or "") or "malformed document"
    return re.sub(r"^<unknown>:\d+:\d+:\s*", "", reason)[:200]


def parse_document(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse in this process, with no time limit: the worker's job; tests may call it.

    Raises ParseError when the body yields no feed.
    """
    headers = _lower_headers(headers)
    if not body.strip():
        raise ParseError("not a feed: the response body is empty")
    if _looks_like_html(body):
        raise ParseError("not a feed: looks like an HTML page")
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]  # the charset is settled by _content_type_for
    if not body.startswith(_BOMS):
        # A blank line before <?xml ...?> makes the strict XML parser give up.
        body = body.lstrip(b" \t\r\n")
    base = url
    location = headers.get("content-location")
    if location:
        base = _safe_link(location, url) or url
    # No Content-Location for feedparser: it would resolve <guid>s against it too, making
    # ids depend on where the feed was fetched from. Links are resolved in _safe_link.
    response_headers = {"content-type": _content_type_for(body, headers)}
    if "content-language" in headers:
        response_headers["content-language"] = headers["content-language"]
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    broken = _is_broken(parsed)
    if not entries:
        if broken:
            raise ParseError(f"not a feed: invalid XML ({_bozo_reason(parsed)})")
        if not version:
            raise ParseError("not a feed: no RSS, Atom or RDF document found")
    channel = parsed.get("feed") or {}
    title_detail = channel.get("title_detail") or {}
    feed_title = channel.get("title")
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
    if entries and not items and broken:
        raise ParseError(f"not a feed: invalid XML ({_bozo_reason(parsed)})")
    return ParsedFeed(
        title=_plain_text(
            feed_title[: MAX_TITLE * 20], is_html=title_detail.get("type") != "text/plain"
        )[:MAX_TITLE]
        if isinstance(feed_title, str)
        else "",
        link=_safe_link(channel.get("link"), base),
        items=items,
        version=version,
        truncated=truncated,
    )


# Encodings in which ASCII bytes mean ASCII text: a document declaring one of these reads
# the same whether or not the non-ASCII items were cut out of it.
_ASCII_COMPATIBLE = frozenset(
    {"ascii", "utf-8", "latin-1", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254"}
    | {"cp1255", "cp1256", "cp1257", "cp1258", "koi8-r", "koi8-u", "mac-roman"}
    | {f"iso8859-{n}" for n in range(2, 17)}
)


def _ascii_compatible(name: str | None) -> bool:
    if name is None:
        return True
    try:
        return codecs.lookup(name).name in _ASCII_COMPATIBLE
    except LookupError:
        return False


def _reducible(body: bytes, headers: dict[str, str], url: str) -> tuple[bytes, str] | None:
    """The bytes parse_document hands feedparser and the Content-Type it tells it, when
    the document may be cut at its items; None when only a whole parse will do.

    The encoding is settled on the whole document and passed on, so cutting items out
    cannot change how the rest is decoded: the document must be UTF-8 (ASCII included),
    and any charset it or the server declares must read ASCII as ASCII.
    """
    if not body.strip() or _looks_like_html(body):
        return None
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    if body.startswith(_BOMS):
        return None  # UTF-16 or UTF-32
    body = body.lstrip(b" \t\r\n")
    if len(body) * 2 > MAX_TOTAL_CHARS:
        return None  # the whole parse might stop at the cap before some new item
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    declared = _XML_ENCODING.match(body[:512])
    if declared and not _ascii_compatible(declared.group(1).decode("ascii")):
        return None
    content_type = _content_type_for(body, headers)
    if not _ascii_compatible(_charset_of(content_type)):
        return None
    return body, content_type


def parse_changes(
    body: bytes,
    headers: Mapping[str, str],
    url: str,
    known: bytes | None = None,
    parse: ParseFunc = parse_document,
) -> ParsedFeed:
    """`parse` (parse_document) on only the items that changed since `known`.

    The result's `fingerprint` is what to pass as `known` next time (None when the
    document cannot be cut at its items; see feeds.incremental). With a `known` from the
    same feed, URL and headers, `items` holds only the entries whose bytes are new
    (`partial`); without one, or whenever anything is unusual, the whole document is
    parsed. Raises ParseError like parse_document.
    """
    lowered = _lower_headers(headers)
    fingerprint: bytes | None = None
    try:
        usable = _reducible(body, lowered, url)
        if usable is not None:
            document, content_type = usable
            context = "\0".join(
                (
                    url,
                    content_type,
                    lowered.get("content-location", ""),
                    lowered.get("content-language", ""),
                )
            )
            parts = incremental.split(
                document, context=context.encode("utf-8", "surrogatepass"), max_items=MAX_ITEMS
            )
            if parts is not None:
                fingerprint = parts.fingerprint
                reduced = incremental.reduce(document, parts, known) if known else None
                if reduced is not None:
                    reduced_headers = dict(lowered, **{"content-type": content_type})
                    result = parse(reduced[0], reduced_headers, url)
                    return replace(result, fingerprint=fingerprint, partial=True)
    except Exception:  # anything odd: the whole document, the way it always was parsed
        pass
    result = parse(body, headers, url)
    return replace(result, fingerprint=fingerprint) if fingerprint is not None else result


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this OS
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_entry() -> None:
    """Entry point of the worker process (`python -c ...`, see ParseWorker._ensure_started).

    argv holds the two pipe descriptors. The first message is the parent's sys.path (so
    a test's parse function can be imported), the second the parse function and limits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    incoming = Connection(int(sys.argv[1]), writable=False)
    outgoing = Connection(int(sys.argv[2]), readable=False)
    try:
        for entry in incoming.recv():
            if entry not in sys.path:
                sys.path.append(entry)
        parse, memory_limit = incoming.recv()
    except (EOFError, OSError):
        return
    _limit_memory(memory_limit)
    outgoing.send(("ready", os.getpid()))
    _serve(incoming, outgoing, parse)


def _serve(incoming: Connection, outgoing: Connection, parse: ParseFunc) -> None:
    """The worker's loop: one request in, one answer out, until told to stop."""
    while True:
        try:
            request = incoming.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        body, headers, url, changes, known = request
        answer: tuple[str, Any]
        try:
            if changes:
                answer = ("ok", parse_changes(body, headers, url, known, parse))
            else:
                answer = ("ok", parse(body, headers, url))
        except ParseError as exc:
            answer = ("error", str(exc))
        except MemoryError:
            answer = ("error", "not a feed: parsing it needs too much memory")
        except RecursionError:
            answer = ("error", "not a feed: nested too deeply to parse")
        except Exception as exc:  # a feedparser bug must not end the worker
            answer = ("error", f"parser failed: {type(exc).__name__}: {str(exc)[:200]}")
        del request, body
        try:
            outgoing.send(answer)
        except MemoryError:
            outgoing.send(("error", "not a feed: parsing it needs too much memory"))
        except (BrokenPipeError, OSError):
            return


# --- in the bot's process --------------------------------------------------------------

_WORKER_CODE = "from feeds.parse import _worker_entry; _worker_entry()"


class ParseWorker:
    """One killable parser process, used one feed at a time.

    Thread-safe; `parse` blocks, `parse_async` runs it on this worker's own thread so
    waiting feeds queue here instead of filling the event loop's default executor.
    The process starts on first use (or `start()`), is replaced after a timeout or crash,
    and stops on `close()`.

    The worker is a plain `python -c` subprocess talking over two pipes rather than a
    multiprocessing child: multiprocessing's spawn re-imports the parent's `__main__`
    (the whole CLI, or nothing at all from a REPL), and fork is unsafe in a threaded,
    asyncio process. POSIX only (pipe descriptors are passed by number).
    `parse_func` must be importable by name (a module-level function): tests use it to
    stand in a parser that hangs.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
        parse_func: ParseFunc = parse_document,
    ) -> None:
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._parse_func = parse_func
        self._lock = threading.Lock()  # held for a whole parse: never on the event loop
        self._state_lock = threading.Lock()  # _closed and _executor
        self._process: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._closed = False
        self.restarts = 0  # how many workers were killed or died: for logs and tests

    @property
    def pid(self) -> int | None:
        """The current worker process id, None when none is running."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def start(self) -> None:
        """Start the worker now rather than on the first feed (start-up takes ~0.3 s)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> tuple[Connection, Connection]:
        if self._closed:
            raise RuntimeError("ParseWorker is closed")
        if (
            self._process is not None
            and self._process.poll() is None
            and self._send is not None
            and self._recv is not None
        ):
            return self._send, self._recv
        self._kill()
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as exc:
            for fd in (to_child_r, to_child_w, from_child_r, from_child_w):
                os.close(fd)
            raise ParseError(f"could not start the feed parser process: {exc}") from None
        os.close(to_child_r)
        os.close(from_child_w)
        self._process = process
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        try:
            self._send.send(list(sys.path))
            self._send.send((self._parse_func, self.memory_limit))
            if not self._recv.poll(_STARTUP_TIMEOUT):
                raise EOFError
            self._recv.recv()
        except (EOFError, OSError):
            self._kill()
            raise ParseError("the feed parser process did not start") from None
        return self._send, self._recv

    def _kill(self) -> None:
        process, send, recv = self._process, self._send, self._recv
        self._process = self._send = self._recv = None
        for conn in (send, recv):
            if conn is not None:
                conn.close()
        if process is not None:
            if process.poll() is None:
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)

    def parse(
        self,
        body: bytes,
        headers: Mapping[str, str],
        url: str,
        *,
        timeout: float | None = None,
        changes: bool = False,
        known: bytes | None = None,
    ) -> ParsedFeed:
        """Parse in the worker; raise ParseError on a non-feed, a timeout or a crash.

        With `changes`, the worker runs `parse_changes` with `known`.
        """
        limit = self.timeout if timeout is None else timeout
        request = (bytes(body), _lower_headers(headers), str(url), changes, known)
        with self._lock:
            send, recv = self._ensure_started()
            try:
                send.send(request)
            except (OSError, ValueError):
                # The worker died between two feeds: start a fresh one and try once more.
                self.restarts += 1
                self._kill()
                send, recv = self._ensure_started()
                send.send(request)
            if not recv.poll(limit):
                self.restarts += 1
                self._kill()
                raise ParseError(f"parsing took longer than {limit:g} s")
            try:
                status, payload = recv.recv()
            except (EOFError, OSError):
                self.restarts += 1
                self._kill()
                raise ParseError("not a feed: the parser crashed on it") from None
        if status == "ok" and isinstance(payload, ParsedFeed):
            return payload
        raise ParseError(str(payload))

    async def parse_async(
        self,
        body: bytes,
        headers: Mapping[str, str],
        url: str,
        *,
        timeout: float | None = None,
        changes: bool = False,
        known: bytes | None = None,
    ) -> ParsedFeed:
        """`parse` without blocking the event loop; feeds wait their turn in a queue."""
        with self._state_lock:
            if self._closed:
                raise RuntimeError("ParseWorker is closed")
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="feed-parser"
                )
            executor = self._executor
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            executor,
            lambda: self.parse(body, headers, url, timeout=timeout, changes=changes, known=known),
        )

    def close(self) -> None:
        """Stop the worker process (politely, then by force). Idempotent."""
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
            executor, self._executor = self._executor, None
        with self._lock:  # after the parse in progress, if any
            process, send = self._process, self._send
            if send is not None and process is not None and process.poll() is None:
                try:
                    send.send(None)
                    process.wait(timeout=2)
                except (OSError, ValueError, subprocess.TimeoutExpired):
                    pass
            self._kill()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default_worker: ParseWorker | None = None
_default_lock = threading.Lock()
_atexit_registered = False


def _worker() -> ParseWorker:
    global _default_worker, _atexit_registered
    with _default_lock:
        if _default_worker is None:
            _default_worker = ParseWorker()
            if not _atexit_registered:
                _atexit_registered = True
                atexit.register(close)
        return _default_worker


def shutdown_worker() -> None:
    """Alias of `close`, the name the CLI and poller use."""
    close()


def close() -> None:
    """Stop the shared parser process (call on shutdown; also runs at exit). Idempotent.

    A later parse starts a new one.
    """
    global _default_worker
    with _default_lock:
        worker, _default_worker = _default_worker, None
    if worker is not None:
        worker.close()


async def parse_feed(
    body: bytes,
    headers: Mapping[str, str],
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    changes: bool = False,
    known: bytes | None = None,
) -> ParsedFeed:
    """Parse a fetched feed in the shared worker process, at most `timeout` seconds.

    `headers` are the response headers (Content-Type gives the charset, Content-Location
    the base for relative links); `url` is the final URL, the fallback base.
    With `changes`, only the items that changed since `known` (see `parse_changes`).
    Raises ParseError: not a feed (HTML page, invalid XML without entries), or too slow.
    """
    return await _worker().parse_async(
        body, headers, url, timeout=timeout, changes=changes, known=known
    )


def parse_feed_bytes(
    body: bytes,
    headers: Mapping[str, str] | None = None,
    url: str = "",
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> ParsedFeed:
    """`parse_feed` for synchronous callers (the CLI reading a file), same limits."""
    return _worker().parse(body, headers or {}, url, timeout=timeout)
