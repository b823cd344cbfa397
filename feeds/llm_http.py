"""The LLM endpoint's HTTP transport (bot.llm.ChatTransport), on the project's httpx.

It lives beside feeds/fetch.py because that is where the project's HTTP client lives
(bot/ imports none); the composition root (bot/cli.py) hands it to bot.llm.

Credentials stay with their origin: httpx is told not to follow redirects, and this
transport follows one itself only to the same scheme, host and port (a 307/308, which
keep the method and body). A redirect anywhere else is refused with a TransportError, so
an endpoint that redirects (or is made to redirect) never hands the API key to another
host. Unlike feed fetching, private addresses are allowed: a local model server
(Ollama, llama.cpp) on 127.0.0.1 is the common case, and the operator chose the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

import httpx

from bot.llm import TransportError, TransportResponse

MAX_REDIRECTS = 3
MAX_ANSWER_BYTES = 2_000_000


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class HttpxChatTransport:
    """POST JSON with httpx; same-origin 307/308 redirects only; answers size-capped."""

    def __init__(self, client: httpx.Client | None = None) -> None:
        self._client = client or httpx.Client(follow_redirects=False, trust_env=False)

    def close(self) -> None:
        self._client.close()

    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> TransportResponse:
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with self._client.stream(
                    "POST", target, content=body, headers=dict(headers), timeout=timeout
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
