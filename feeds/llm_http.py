"""The LLM endpoint's HTTP transport (bot.llm.ChatTransport), on the project's httpx.

It lives beside feeds/fetch.py because that is where the project's HTTP client lives
(bot/ imports none); the composition root (bot/cli.py) hands it to bot.llm.

Credentials stay with their origin: httpx is told not to follow redirects, and this
transport follows one itself only to the same scheme, host and port (a 307/308, which
keep the method and body). A redirect anywhere else is refused with a TransportError, so
an endpoint that redirects (or is made to redirect) never hands the API key to another
host. Unlike feed fetching, private addresses are allowed: a local model server
(Ollama, llama.cpp) on 127.0.0.1 is the common case, and the operator chose the URL.

The timeout is the whole call's: httpx's are per read, so an endpoint sending a byte a
second (slow headers, or a body up to the 2 MB cap) held a call, and every poll judging
with it, for hours. At the deadline `_Deadline` shuts the call's socket down, which ends
the blocked read; connections are not kept alive, so every call has a socket of its own.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from bot.llm import TransportError, TransportResponse

MAX_REDIRECTS = 3
MAX_ANSWER_BYTES = 2_000_000


class _Deadline:
    """Shut down the sockets a call connects once `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: note each new connection's socket."""
        if event != "connection.connect_tcp.complete" or info.get("return_value") is None:
            return
        sock = info["return_value"].get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class HttpxChatTransport:
    """POST JSON with httpx; same-origin 307/308 redirects only; answers size-capped."""

    def __init__(self, client: httpx.Client | None = None) -> None:
        self._client = client or httpx.Client(
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        self._client.close()

    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> TransportResponse:
        deadline = _Deadline(timeout)
        try:
            return self._post(url, body, headers, timeout, deadline)
        except TransportError:
            if deadline.expired:
                raise TransportError(f"timed out after {timeout:g} s") from None
            raise
        finally:
            deadline.cancel()

    def _post(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        timeout: float,
        deadline: _Deadline,
    ) -> TransportResponse:
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with self._client.stream(
                    "POST",
                    target,
                    content=body,
                    headers=dict(headers),
                    timeout=timeout,
                    extensions={"trace": deadline.trace},
                ) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        nxt = urljoin(target, location)
                        if response.status_code not in (307, 308):
                            raise TransportError(
                                f"endpoint redirected with {response.status_code}; "
                                "set LAYOFFBOT_LLM_URL to the final address"
                            )
                        if _origin(nxt) != _origin(target):
                            raise TransportError(
                                "endpoint redirected to another origin; not following "
                                "with credentials (set LAYOFFBOT_LLM_URL to the final address)"
                            )
                        target = nxt
                        continue
                    data = bytearray()
                    for chunk in response.iter_bytes():
                        data += chunk
                        if len(data) > MAX_ANSWER_BYTES:
                            raise TransportError("answer too large")
                    return TransportResponse(
                        status=response.status_code,
                        headers={k.lower(): v for k, v in response.headers.items()},
                        body=bytes(data),
                    )
            except httpx.TimeoutException as exc:
                raise TransportError(f"timed out after {timeout:g} s") from exc
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        raise TransportError("too many redirects")
