"""Parse only what changed: split a feed document at its items, drop the items seen before.

A feed that changed between two polls usually has one or two new items among fifty it
already had, and feedparser costs about the same per item whatever is new. `split` finds
the byte span of every item (`<item>` of RSS 0.9x/2.0 and RDF, `<entry>` of Atom) with
expat, which checks that the document is well-formed on the way for a fraction of
feedparser's cost; `reduce` keeps the document's head and tail and only the items whose
bytes were not in the previous parse of the same feed. feedparser reads items one by one,
and outside the cases below nothing it keeps from one item changes how it reads the next,
so the items of the reduced document are the items the whole document gives for those
entries (tests/test_parse_incremental.py checks this on every feed of the test corpus).

Anything `split` cannot vouch for gives None, and the caller parses the whole document:
a DOCTYPE (entities), XML that is not well-formed (feedparser would switch to its loose
parser, whose result can depend on the rest of the document), items that are not all
siblings, nested items, an empty `<item/>`, text or elements between items, an item
element in a namespace feedparser would not read as an entry, an item that declares a
namespace other than a few well-known ones or sets a base URI (feedparser carries both
over to the items after it), no items. CDATA sections, comments and processing
instructions are expat's business: an `<item>` inside one is text, not a boundary.

`split` and `reduce` only see bytes; `parse_changes` settles the encoding on the whole
document first and adds what else an item's meaning depends on (the URL, the headers) to
the `context`.

Why keep it (it relies on how feedparser reads items, which feedparser does not document):
it is measured to matter for the poll cycle. `python -m bench.incremental`: the warm cycle
of bench/poll.py (200 feeds x 50 items, 140 of them with one new item), alternating rounds
with and without, on a shared 2-core machine, medians of three runs: the parse worker spends
0.25-0.28 s of CPU with it and 1.59-1.65 s without (~10 ms per changed feed), the bot
process 3.22-3.26 s and 3.40-3.42 s, the cycle 11.8-13.9 s and 13.9-20.7 s of wall time.
The worker parses one feed at a time, so its time is on the cycle's critical path. If
feedparser ever changes how it carries state from one item to the next,
tests/test_parse_incremental.py (reduced vs whole parse of every test feed) fails first.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from xml.parsers import expat

from feeds.document import (
    MAX_ITEMS,
    MAX_TOTAL_CHARS,
    ParsedFeed,
    ParseFunc,
    lower_headers,
    parse_document,
)
from feeds.encoding import (
    BOMS,
    XML_ENCODING,
    ascii_compatible,
    charset_of,
    content_type_for,
    looks_like_html,
)

__all__ = ["DIGEST_SIZE", "Split", "parse_changes", "reduce", "split"]

DIGEST_SIZE = 16

# Namespaces whose <item>/<entry> feedparser reads as an entry (it maps them to no prefix).
_ENTRY_NAMESPACES = frozenset(
    {
        "",
        "http://backend.userland.com/rss",
        "http://backend.userland.com/rss2",
        "http://blogs.law.harvard.edu/tech/rss",
        "http://purl.org/rss/1.0/",
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://purl.org/atom/ns#",
        "http://www.w3.org/2005/Atom",
    }
)
_ENTRY_NAMES = ("item", "entry")
# Namespaces an item may declare for itself (XHTML content in Atom, mostly), each with the
# prefix feedparser gives it. feedparser keeps namespace declarations for the rest of the
# document, so an item declaring anything else (another prefix for these, a namespace it
# does not know) could change how a later item is read; such a document is parsed whole.
_ITEM_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://search.yahoo.com/mrss/": "media",
    "http://search.yahoo.com/mrss": "media",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://wellformedweb.org/commentAPI/": "wfw",
    "http://www.georss.org/georss": "georss",
}
_SEPARATOR = "\x1f"  # between namespace and local name in expat's element names
# feedparser takes either as the base URI of an element, and when the element ends it does
# not restore an empty base: a base set inside one item stays for the items after it.
_BASE_ATTRIBUTES = frozenset({"base", f"http://www.w3.org/XML/1998/namespace{_SEPARATOR}base"})


class _Unsplittable(Exception):
    """Raised in an expat handler to stop at the first thing `split` cannot vouch for."""


@dataclass(frozen=True)
class Split:
    """Where the items of a document are and what they hash to.

    `context` digests what every item's meaning depends on besides its own bytes (the
    prolog, the start tags of the items' ancestors with their namespaces and xml:base, and
    whatever the caller adds); `digests` has one digest per item, in document order.
    """

    spans: tuple[tuple[int, int], ...]
    context: bytes
    digests: tuple[bytes, ...]

    @property
    def fingerprint(self) -> bytes:
        """What to keep for the next poll: the context digest, then the item digests."""
        return self.context + b"".join(self.digests)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()


def _check_item_namespace(prefix: str | None, uri: str) -> None:
    if uri not in _ITEM_NAMESPACES or prefix not in (None, _ITEM_NAMESPACES[uri]):
        raise _Unsplittable(f"an item declares namespace {uri!r} as {prefix!r}")


class _ItemScanner:
    """expat handlers that note where each item starts and ends, and stop (by raising
    _Unsplittable) at the first thing `split` cannot vouch for (see the module docstring)."""

    def __init__(self, body: bytes, parser: expat.XMLParserType) -> None:
        self.body = body
        self.parser = parser
        self.starts: list[int] = []
        self.ends: list[int] = []
        # The open elements: (serial number, namespace declarations, name, attributes).
        self.stack: list[tuple[int, tuple[tuple[str | None, str], ...], str, list[str]]] = []
        self.pending_ns: list[tuple[str | None, str]] = []
        self.ancestors: list[object] = []  # the start tags above the first item
        self.parent = -1  # serial number of the items' parent element
        self.serial = 0
        self.root_start = -1
        self.inside = False  # within an item

    def start_ns(self, prefix: str | None, uri: str) -> None:
        if self.inside:
            _check_item_namespace(prefix, uri)
        self.pending_ns.append((prefix, uri))

    def start_element(self, name: str, attributes: list[str]) -> None:
        declared: tuple[tuple[str | None, str], ...] = ()
        if self.pending_ns:
            declared = tuple(self.pending_ns)
            self.pending_ns.clear()
        self.serial += 1
        if self.root_start < 0:
            self.root_start = self.parser.CurrentByteIndex
        if name.endswith(_ENTRY_NAMES):
            namespace, _, local = name.rpartition(_SEPARATOR)
            if local in _ENTRY_NAMES:
                self._start_item(namespace, local, declared)
        if self.inside and attributes and not _BASE_ATTRIBUTES.isdisjoint(attributes[::2]):
            raise _Unsplittable("a base URI set inside an item")
        self.stack.append((self.serial, declared, name, attributes))

    def _start_item(
        self, namespace: str, local: str, declared: tuple[tuple[str | None, str], ...]
    ) -> None:
        if namespace not in _ENTRY_NAMESPACES:
            raise _Unsplittable(f"an <{local}> in namespace {namespace!r}")
        if self.inside or not self.stack:
            raise _Unsplittable("an item inside an item, or as the root")
        for prefix, uri in declared:
            _check_item_namespace(prefix, uri)
        if self.parent < 0:
            self.parent = self.stack[-1][0]
            self.ancestors.extend(entry[1:] for entry in self.stack)
        elif self.stack[-1][0] != self.parent:
            raise _Unsplittable("items that are not siblings")
        self.inside = True
        self.starts.append(self.parser.CurrentByteIndex)

    def end_element(self, _name: str) -> None:
        self.stack.pop()
        if self.inside and self.stack and self.stack[-1][0] == self.parent:
            index = self.parser.CurrentByteIndex
            if self.body[index : index + 2] != b"</":
                raise _Unsplittable("an empty item element")
            close = self.body.find(b">", index)
            if close < 0:  # pragma: no cover - expat has read it
                raise _Unsplittable("no end of the item's end tag")
            self.ends.append(close + 1)
            self.inside = False


def _refuse_doctype(*_args: object) -> None:
    raise _Unsplittable("a DOCTYPE")


def split(body: bytes, *, context: bytes = b"", max_items: int | None = None) -> Split | None:
    """The items of a well-formed UTF-8 feed document, or None when it cannot be split.

    `body` must already be the bytes feedparser will see, valid UTF-8 (expat is told so,
    whatever the XML declaration says). `context` is mixed into the context digest.
    """
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return None
    if max_items is not None and body.count(b"<item") + body.count(b"entry") > max_items:
        # Too many items to keep (an over-count only means a whole parse): don't pay
        # expat's pass on top of feedparser's for a flood.
        return None
    parser = expat.ParserCreate("utf-8", _SEPARATOR)
    parser.ordered_attributes = True
    parser.buffer_text = True
    scan = _ItemScanner(body, parser)
    parser.StartNamespaceDeclHandler = scan.start_ns
    parser.StartElementHandler = scan.start_element
    parser.EndElementHandler = scan.end_element
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        parser.Parse(body, True)
    except (_Unsplittable, expat.ExpatError):
        return None
    starts, ends = scan.starts, scan.ends
    if not starts or len(starts) != len(ends) or scan.root_start < 0:
        return None
    if max_items is not None and len(starts) > max_items:
        return None
    spans = tuple(zip(starts, ends, strict=True))
    for (_, previous_end), (next_start, _) in zip(spans, spans[1:], strict=False):
        if body[previous_end:next_start].strip():
            return None  # text or elements between items: keep it simple
    head = repr((body[: scan.root_start], scan.ancestors)).encode("utf-8", "surrogatepass")
    return Split(
        spans=spans,
        context=_digest(context + b"\0" + head),
        digests=tuple(_digest(body[start:end]) for start, end in spans),
    )


def reduce(body: bytes, parts: Split, known: bytes) -> tuple[bytes, int] | None:
    """`body` without the items whose digests `known` (a previous fingerprint) holds.

    Returns the reduced document and how many items it kept, or None when `known` was
    taken in another context (then every item is new: parse the whole document).
    """
    if len(known) < DIGEST_SIZE or known[:DIGEST_SIZE] != parts.context:
        return None
    seen = {known[i : i + DIGEST_SIZE] for i in range(DIGEST_SIZE, len(known), DIGEST_SIZE)}
    kept = [
        span for span, digest in zip(parts.spans, parts.digests, strict=True) if digest not in seen
    ]
    pieces = [body[: parts.spans[0][0]]]
    for start, end in kept:
        pieces.append(body[start:end])
        pieces.append(b"\n")
    pieces.append(body[parts.spans[-1][1] :])
    return b"".join(pieces), len(kept)


def _reducible(body: bytes, headers: dict[str, str], url: str) -> tuple[bytes, str] | None:
    """The bytes parse_document hands feedparser and the Content-Type it tells it, when
    the document may be cut at its items; None when only a whole parse will do.

    The encoding is settled on the whole document and passed on, so cutting items out
    cannot change how the rest is decoded: the document must be UTF-8 (ASCII included),
    and any charset it or the server declares must read ASCII as ASCII.
    """
    if not body.strip() or looks_like_html(body):
        return None
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    if body.startswith(BOMS):
        return None  # UTF-16 or UTF-32
    body = body.lstrip(b" \t\r\n")
    if len(body) * 2 > MAX_TOTAL_CHARS:
        return None  # the whole parse might stop at the cap before some new item
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    declared = XML_ENCODING.match(body[:512])
    if declared and not ascii_compatible(declared.group(1).decode("ascii")):
        return None
    content_type = content_type_for(body, headers)
    if not ascii_compatible(charset_of(content_type)):
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
    document cannot be cut at its items; see `split`). With a `known` from the
    same feed, URL and headers, `items` holds only the entries whose bytes are new
    (`partial`); without one, or whenever anything is unusual, the whole document is
    parsed. Raises ParseError like parse_document.
    """
    lowered = lower_headers(headers)
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
            parts = split(
                document, context=context.encode("utf-8", "surrogatepass"), max_items=MAX_ITEMS
            )
            if parts is not None:
                fingerprint = parts.fingerprint
                reduced = reduce(document, parts, known) if known else None
                if reduced is not None:
                    reduced_headers = dict(lowered, **{"content-type": content_type})
                    result = parse(reduced[0], reduced_headers, url)
                    return replace(result, fingerprint=fingerprint, partial=True)
    except Exception:  # anything odd: the whole document, the way it always was parsed
        pass
    result = parse(body, headers, url)
    return replace(result, fingerprint=fingerprint) if fingerprint is not None else result
