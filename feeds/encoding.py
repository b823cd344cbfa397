"""Which encoding a feed's bytes are in, and whether they are a feed at all.

Servers often label feeds wrongly, and feedparser trusts the label: this module picks the
Content-Type to tell feedparser so the text comes out right, and recognises the HTML page
(a moved feed, a login or error page) that came where a feed was expected.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

__all__ = [
    "BOMS",
    "XML_ENCODING",
    "ascii_compatible",
    "charset_of",
    "content_type_for",
    "looks_like_html",
]

_HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_LEADING_JUNK = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)?", re.DOTALL)
XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def looks_like_html(body: bytes) -> bool:
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


def charset_of(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'")
    return None


def content_type_for(body: bytes, headers: Mapping[str, str]) -> str:
    """The Content-Type to tell feedparser, chosen to get the text right.

    Servers often label feeds wrongly (text/html; charset=utf-8 on a latin-1 feed,
    text/xml which by RFC 3023 means us-ascii). Bytes that are valid UTF-8 and not ASCII
    are UTF-8 for all practical purposes (latin-1 or windows-1251 text almost never is);
    otherwise the document's own XML declaration beats the HTTP header, which beats
    feedparser's fallbacks (utf-8, windows-1252).
    """
    if body.startswith(BOMS):
        return "application/xml"
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "application/xml; charset=utf-8"
    if XML_ENCODING.match(body[:512]):
        return "application/xml"
    charset = charset_of(headers.get("content-type", ""))
    if charset and re.fullmatch(r"[A-Za-z0-9._:-]{1,40}", charset):
        return f"application/xml; charset={charset}"
    return "application/xml"


# Encodings in which ASCII bytes mean ASCII text: a document declaring one of these reads
# the same whether or not the non-ASCII items were cut out of it.
_ASCII_COMPATIBLE = frozenset(
    {"ascii", "utf-8", "latin-1", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254"}
    | {"cp1255", "cp1256", "cp1257", "cp1258", "koi8-r", "koi8-u", "mac-roman"}
    | {f"iso8859-{n}" for n in range(2, 17)}
)


def ascii_compatible(name: str | None) -> bool:
    if name is None:
        return True
    try:
        return codecs.lookup(name).name in _ASCII_COMPATIBLE
    except LookupError:
        return False
