"""Canonical links: the same article reached through different URLs is one item."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "fbclid", "gclid", "ocid", "cmpid", "smid", "ref", "src")


def feed_url_key(url: str) -> str:
    """A feed URL as the feed lists store it: stripped, scheme and host in lower case, no
    fragment ('HTTP://Example.com/rss#top' is http://example.com/rss). `feeds add` stores
    this form (feeds.fetch.validate_feed_url), so `remove` and `enable` look it up so too."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def canonical_link(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash.

    Query parameters that select content (Google News' article ids, `?p=123`) are kept.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() != "oc"
    ]
    path = parts.path.rstrip("/") or "/"
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, host, path, urlencode(query), ""))


# Characters left as they are in a link handed to a chat platform: letters, digits and the
# URL delimiters that mean nothing to Slack mrkdwn (`<url|label>`) or Discord markdown
# (`[label](url)`). Everything else, `( ) [ ] < > | * ' " \` and backticks and non-ASCII
# included, is percent-encoded, so a feed's link can never end the link syntax
# early and smuggle a second, live link with chosen text.
_LINK_SAFE = "/:?#@!$&+,;=%~-._"


def safe_link(url: str | None, *, max_length: int = 2048) -> str | None:
    """`url` as an http(s) link that is inert in any markup, or None when it is not one.

    Refused: other schemes (`javascript:`, `data:`), no host, credentials in the URL,
    control or whitespace characters, and links longer than `max_length` once encoded.
    A non-ASCII host is written in its IDNA (punycode) form.
    """
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 or ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = quote(host, safe="[]:.-") + (f":{port}" if port is not None else "")
    encoded = urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_LINK_SAFE),
            quote(parts.query, safe=_LINK_SAFE),
            quote(parts.fragment, safe=_LINK_SAFE),
        )
    )
    return encoded if len(encoded) <= max_length else None


# What a feed's title can hold that names nothing: an entity reference its XML left
# undefined ('&lol9;', kept as text by the parser), and one piece repeated over and over
# (an entity expanded: 'lollollol...').
_UNDEFINED_ENTITY = re.compile(r"&(?:#x?[0-9a-f]+|[a-z_][\w.:-]*);", re.IGNORECASE)
_REPEATED = re.compile(r"(.{1,8}?)\1{4,}", re.DOTALL)


# A feed with no title is named by its address: the operator's may carry a secret in its
# query string (?api_key=...), which `feeds list` hides from workspaces in the address
# and showed them in the name, as did `why` ("from the feed https://...?api_key=...").
_URL_NAME = re.compile(r"(?i)https?://\S+$")


def _without_query(url: str) -> str:
    """The address without its query string or fragment ('...?…' where it had a query)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("?", 1)[0].split("#", 1)[0]
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return bare + "?…" if parts.query else bare


def feed_name(name: str, url: str) -> str:
    """A feed's name as lists show it: undefined entity references dropped, and a name
    left with no letter or digit, or one piece repeated ('lollollol'), is the feed's host
    name ('news.example.com'). `feeds list` showed '&lol9;' as a feed's name (trial 16)."""
    cleaned = " ".join(_UNDEFINED_ENTITY.sub(" ", name).split())
    if _URL_NAME.match(cleaned):
        return _without_query(cleaned)
    if any(ch.isalnum() for ch in cleaned) and not _REPEATED.fullmatch(cleaned):
        return cleaned
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url
