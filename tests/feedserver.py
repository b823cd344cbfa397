"""A real HTTP server on 127.0.0.1 (port 0) that misbehaves on request, for feed tests.

It runs in a background thread so it serves sync and async tests alike and its sleeps
never block the event loop under test. Routes are set per path and may be changed while
the server runs (a feed that updates, starts failing, moves):

    with FeedServer() as server:
        server.route("/feed.xml", body=RSS, etag='"v1"')
        server.redirect("/old", "/feed.xml", status=301)
        server.route("/slow", body=RSS, trickle=0.5)          # slowloris: a byte each 0.5 s
        server.route("/bomb", body=gzip_bomb, headers={"Content-Encoding": "gzip"})
        server.route("/flaky", handler=lambda req: Route(status=500) if ... else Route(...))
        url = server.url("/feed.xml")
        ...
        assert server.requests_for("/feed.xml")[-1].headers["if-none-match"] == '"v1"'

Use `Fetcher(allow_private_addresses=True)` against it: the address guard refuses
127.0.0.1 otherwise.
"""

from __future__ import annotations

import gzip as gzip_module
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["FeedServer", "RecordedRequest", "Route", "gzip_bomb"]

FILLER = b"<!-- endless -->" * 4096  # 64 KiB


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # with the query string
    headers: dict[str, str]  # lower-case names
    at: float


@dataclass
class Route:
    """How one path answers.

    status/body/headers: the response. `content_type` is sent unless `headers` has one
    (None: no Content-Type at all).
    etag/last_modified: sent as validators; a matching If-None-Match / If-Modified-Since
    gets 304 with no body.
    location: sent as Location (see FeedServer.redirect).
    delay: seconds before the status line (a server slow to answer).
    until: an event the answer waits for, after `delay` (a server that answers when the test
        has done what it must do meanwhile, however long that takes on a busy machine).
    gzip: compress `body` on the fly and send Content-Encoding: gzip.
    chunked: send the body with Transfer-Encoding: chunked instead of Content-Length.
    trickle: seconds between body bytes, one byte at a time (slowloris).
    endless: after `body`, keep sending chunks (of `FILLER`) until the client hangs up.
    content_length: announce this Content-Length instead of the real one.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    delay: float = 0.0
    until: threading.Event | None = None
    gzip: bool = False
    chunked: bool = False
    trickle: float = 0.0
    endless: bool = False
    content_length: int | None = None


Handler = Callable[[RecordedRequest], Route]


def gzip_bomb(decompressed_size: int) -> bytes:
    """A gzip body of `decompressed_size` zero bytes: about 1/1000 of that on the wire."""
    obj = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    parts = []
    remaining = decompressed_size
    while remaining > 0:
        n = min(remaining, len(block))
        parts.append(obj.compress(block[:n]))
        remaining -= n
    parts.append(obj.flush())
    return b"".join(parts)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: FeedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response is the point of several tests: stay quiet."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError | ValueError):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 10  # idle keep-alive connections go away on their own

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        return

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        owner = self.server.owner
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            at=time.monotonic(),
        )
        owner._record(request)
        route = owner._lookup(request)
        if route is None:
            route = Route(status=404, body=b"not found", content_type="text/plain")
        if route.delay and owner._stopping.wait(route.delay):
            self.close_connection = True
            return
        while route.until is not None and not route.until.wait(0.05):
            if owner._stopping.is_set():
                self.close_connection = True
                return
        if _not_modified(route, request.headers):
            self.send_response(304)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return

        body = gzip_module.compress(route.body) if route.gzip else route.body
        chunked = route.chunked or route.endless
        self.send_response(route.status)
        header_names = {k.lower() for k in route.headers}
        if route.content_type is not None and "content-type" not in header_names:
            self.send_header("Content-Type", route.content_type)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        if route.location:
            self.send_header("Location", route.location)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            length = len(body) if route.content_length is None else route.content_length
            self.send_header("Content-Length", str(length))
        if route.endless or route.trickle:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not send_body:
            return
        try:
            self._send_body(route, body, chunked)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            self.close_connection = True

    def _send_body(self, route: Route, body: bytes, chunked: bool) -> None:
        stopping = self.server.owner._stopping

        def write(data: bytes) -> None:
            if not data:
                return
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self.wfile.write(data)
            self.wfile.flush()

        if route.trickle:
            while True:
                for i in range(len(body)):
                    write(body[i : i + 1])
                    if stopping.wait(route.trickle):
                        return
                if not route.endless:
                    break
                body = FILLER
        else:
            write(body)
            while route.endless and not stopping.is_set():
                write(FILLER)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    if route.status != 200:
        return False
    if route.etag and "if-none-match" in headers:
        wanted = {tag.strip() for tag in headers["if-none-match"].split(",")}
        return "*" in wanted or route.etag in wanted or f"W/{route.etag}" in wanted
    if route.last_modified and "if-modified-since" in headers:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
            modified = parsedate_to_datetime(route.last_modified)
        except (TypeError, ValueError):
            return False
        return modified <= since
    return False


class FeedServer:
    """The server; a context manager that starts and stops it."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._host = host
        self._routes: dict[str, Route | Handler] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> FeedServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        server = _Server((self._host, 0), _RequestHandler)
        server.owner = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving; trickling and endless responses end within one trickle step."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, handler: Handler | None = None, **kwargs: Any) -> None:
        """Answer `path` (with or without its query string) with a Route or a handler."""
        with self._lock:
            self._routes[path] = handler if handler is not None else Route(**kwargs)

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        """Redirect `path` to `to` (a path here or an absolute URL)."""
        self.route(path, status=status, location=to, content_type=None)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path or urlsplit(r.path).path == path]

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _lookup(self, request: RecordedRequest) -> Route | None:
        with self._lock:
            entry = self._routes.get(request.path)
            if entry is None:
                entry = self._routes.get(urlsplit(request.path).path)
        if entry is None or isinstance(entry, Route):
            return entry
        return entry(request)
