"""Parsing only what changed gives exactly the items a whole parse gives for those entries.

`parse_changes` cuts a feed at its items and hands feedparser only the items whose bytes
it has not seen (feeds/incremental.py). For every document of the test corpus
(tests/data/feeds, the hostile cases, tests/data/shared/feeds-real) and a set of tricky
synthetic ones, these tests check that:

- a document that can be cut yields, for each single new item, the item the whole parse
  yields for that entry (the per-item results, in order, are the whole parse's items), and
  any set of new items yields exactly those items;
- a document that cannot be cut (DOCTYPE, not well-formed, not UTF-8, nested items, ...)
  has no fingerprint and is always parsed whole, whatever the caller remembers;
- a remembered fingerprint from another URL, other headers or another document head is
  not used.

The poll-sequence tests run the real Poller twice side by side, remembering and not,
through items added at the top, dropped at the bottom and edited in place.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

import pytest

from bot.errors import ParseError
from bot.models import RawItem, Story
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds import incremental
from feeds import parse as parse_module
from feeds import poller as poller_module
from feeds.document import lower_headers
from feeds.fetch import Fetcher
from feeds.parse import ParsedFeed, parse_changes, parse_document, shutdown_worker
from feeds.parse import parse_feed as real_parse_feed
from feeds.poller import Poller
from tests.feedserver import FeedServer
from tests.test_hostile_feeds import CASES, build_body

DATA = Path(__file__).parent / "data"
REAL = Path(__file__).parent / "data" / "shared" / "feeds-real"
URL = "https://news.example/feed"
MAX_CORPUS_BODY = 2 * 1024 * 1024  # the 15 MiB bodies only test the fetcher's cap
TOO_SLOW = {"author_slow_regex"}  # takes feedparser minutes: the worker's timeout case


@dataclass(frozen=True)
class Doc:
    name: str
    body: bytes
    headers: dict[str, str]


# --- synthetic documents ---------------------------------------------------------------

RSS_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">'
    "\n<channel><title>Desk</title><link>https://desk.example/</link>\n"
)
RSS_TAIL = "</channel></rss>\n"


def rss_doc(*items: str, head: str = RSS_HEAD, tail: str = RSS_TAIL) -> bytes:
    return (head + "\n".join(items) + "\n" + tail).encode("utf-8")


def item(n: int, extra: str = "", title: str | None = None) -> str:
    title = title if title is not None else f"Company {n} cuts {n * 10} jobs as AI arrives"
    return (
        f"<item><title>{title}</title><link>https://desk.example/{n}</link>"
        f"<guid>desk-{n}</guid><pubDate>Mon, 13 Jan 2025 0{n % 10}:00:00 GMT</pubDate>"
        f"<description>Story {n} &amp; more.</description>{extra}</item>"
    )


ATOM_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://wire.example/a/">'
    "<title>Wire</title><id>urn:wire</id><updated>2025-01-15T10:00:00Z</updated>\n"
)


def entry(n: int, extra: str = "") -> str:
    return (
        f"<entry><title type='html'>Firm {n} &lt;em&gt;trims&lt;/em&gt; staff</title>"
        f"<link href='story/{n}'/><id>urn:wire:{n}</id><updated>2025-01-15T1{n % 10}:00:00Z</updated>"
        f"<summary>Summary {n}</summary>{extra}</entry>"
    )


def atom_doc(*entries: str, head: str = ATOM_HEAD) -> bytes:
    return (head + "\n".join(entries) + "\n</feed>\n").encode("utf-8")


RDF_HEAD = (
    '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
    '<channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link>'
    "<description>d</description></channel>\n"
)


def rdf_item(n: int) -> str:
    return (
        f'<item rdf:about="https://rdf.example/{n}"><title>RDF story {n}</title>'
        f"<link>https://rdf.example/{n}</link><dc:date>2025-01-16T10:0{n % 10}:00Z</dc:date>"
        f"<description>RDF description {n}</description></item>"
    )


# Documents that can be cut at their items, each with something a naive cut could get wrong.
SPLITTABLE = {
    "cdata_and_comments_hold_item_tags": rss_doc(
        item(
            1,
            "<content:encoded><![CDATA[<p>an <item> and </item> in CDATA</p>]]></content:encoded>",
        ),
        "<!-- </item><item> -->",
        item(2, "<?pi </item> ?>"),
        item(3, "<!-- a comment <item> inside -->"),
    ).replace(b"\n<!-- </item><item> -->\n", b"\n"),
    "items_with_media_and_html": rss_doc(
        item(1, '<media:content url="https://img.example/1.jpg"/><dc:creator>Ann</dc:creator>'),
        item(
            2, "<content:encoded>&lt;p&gt;Full &lt;b&gt;story&lt;/b&gt;&lt;/p&gt;</content:encoded>"
        ),
        item(3, '<source url="https://wire.example/">Wire</source>'),
        item(4, "<dc:language>fr</dc:language>"),
        item(5),
    ),
    "identical_items_twice": rss_doc(item(1), item(1), item(2)),
    "items_without_titles_or_links": rss_doc(
        "<item><description>only a description</description></item>",
        "<item><title>only a title</title></item>",
        "<item><guid isPermaLink='true'>https://desk.example/permalink</guid></item>",
        "<item></item>",
        item(9),
    ),
    "non_ascii_items_among_ascii_ones": rss_doc(
        item(1, title="Zoë’s café closes as robots take orders"),
        item(2),
        item(3, title="Яндекс сокращает 100 сотрудников"),
    ).replace(b'encoding="utf-8"', b'encoding="iso-8859-1"'),
    "channel_elements_after_the_items": rss_doc(
        item(1), item(2), tail="<image><url>https://desk.example/i.png</url></image>" + RSS_TAIL
    ),
    "relative_links_and_google_alerts": rss_doc(
        item(1).replace("https://desk.example/1", "/relative/1"),
        item(2).replace(
            "https://desk.example/2",
            "https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://target.example/2&amp;ct=ga",
        ),
    ),
    "atom_with_xml_base_on_the_root_and_xhtml": atom_doc(
        entry(1),
        entry(
            2,
            '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Cut '
            "<em>400</em> jobs</p></div></content>",
        ),
        entry(3, "<author><name>Bo</name><email>bo@wire.example</email></author>"),
        entry(4, '<content type="text">plain &lt;b&gt; text</content>'),
    ),
    "atom_with_prefixed_entries": (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>P</atom:title>'
        "<atom:id>urn:p</atom:id>\n"
        + "\n".join(
            f"<atom:entry><atom:title>Prefixed {n}</atom:title><atom:id>urn:p:{n}</atom:id>"
            f"<atom:link href='https://p.example/{n}'/></atom:entry>"
            for n in range(3)
        )
        + "\n</atom:feed>"
    ).encode(),
    "rdf": (RDF_HEAD + "\n".join(rdf_item(n) for n in range(4)) + "\n</rdf:RDF>").encode(),
}

# Documents that must be parsed whole, with why.
UNSPLITTABLE = {
    "doctype": rss_doc(item(1), item(2)).replace(
        b"<rss", b'<!DOCTYPE rss [<!ENTITY e "x">]>\n<rss', 1
    ),
    "not_well_formed": rss_doc(item(1), item(2).replace("</title>", "")),
    "undefined_entity": rss_doc(item(1), item(2).replace("&amp;", "&nbsp;")),
    "latin1_bytes": rss_doc(item(1, title="Société Générale supprime 900 postes"), item(2))
    .decode()
    .replace('encoding="utf-8"', 'encoding="iso-8859-1"')
    .encode("latin-1"),
    "utf16": rss_doc(item(1), item(2)).decode().replace("utf-8", "utf-16").encode("utf-16"),
    "declared_utf16_but_ascii": rss_doc(item(1), item(2)).replace(b"utf-8", b"utf-16"),
    "nested_items": rss_doc(item(1, "<item><title>inner</title></item>"), item(2)),
    "text_between_items": rss_doc(item(1), "stray text", item(2)),
    "element_between_items": rss_doc(item(1), "<ttl>60</ttl>", item(2)),
    "empty_item_element": rss_doc(item(1), "<item/>", item(2)),
    "items_in_two_channels": (
        RSS_HEAD + item(1) + "</channel><channel><title>Two</title>" + item(2) + RSS_TAIL
    ).encode(),
    "item_in_a_foreign_namespace": rss_doc(
        item(1, '<x:item xmlns:x="https://x.example/">x</x:item>'), item(2)
    ),
    "item_declares_an_unknown_namespace": rss_doc(
        item(1, '<x:note xmlns:x="https://x.example/">x</x:note>'), item(2)
    ),
    "item_declares_a_known_namespace_under_another_prefix": rss_doc(
        item(1, '<d:creator xmlns:d="http://purl.org/dc/elements/1.1/">Ann</d:creator>'), item(2)
    ),
    # feedparser keeps an entry's base for the entries after it when the feed sets none:
    # cut out entry 1 and entry 2's relative link would resolve differently.
    "xml_base_inside_an_item": atom_doc(
        entry(1).replace("<entry>", "<entry xml:base='https://elsewhere.example/b/'>"),
        entry(2),
        head=ATOM_HEAD.replace(' xml:base="https://wire.example/a/"', ""),
    ),
    "no_items": rss_doc(),
    "html_page": b"<!doctype html><html><head><title>Hi</title></head><body>x</body></html>",
    "empty": b"",
    "item_as_the_root": b"<item><title>alone</title></item>",
}


# --- the corpus ------------------------------------------------------------------------


def _headers_of(serve: dict[str, Any]) -> dict[str, str]:
    headers = {
        k: v for k, v in (serve.get("headers") or {}).items() if k.lower() != "content-encoding"
    }
    if serve.get("content_type"):
        headers["Content-Type"] = serve["content_type"]
    return headers


def corpus(tmp: Path) -> list[Doc]:
    docs: list[Doc] = []
    for path in sorted((DATA / "feeds").iterdir()):
        docs.append(Doc(f"feeds/{path.name}", path.read_bytes(), {}))
    secret = tmp / "secret.txt"
    secret.write_text("SECRET-MARKER")
    seen: set[tuple[str, int]] = set()
    for case in CASES:
        if case.id in TOO_SLOW:
            continue
        for number, poll in enumerate(case.polls, 1):
            name = poll.file or case.file
            if name is None or (name, number if "POLL" in case.fill else 0) in seen:
                continue
            seen.add((name, number if "POLL" in case.fill else 0))
            if "PAD" in case.fill:
                continue  # the 50 MB bodies
            body = build_body(name, case.fill, secret_path=secret, poll=number)
            if len(body) <= MAX_CORPUS_BODY:
                headers = _headers_of({**case.serve, **poll.serve})
                docs.append(Doc(f"hostile/{case.id}/{number}", body, headers))
    if REAL.is_dir():
        for path in sorted(REAL.iterdir()):
            if path.is_file():
                docs.append(Doc(f"real/{path.name}", path.read_bytes(), {}))
    for name, body in SPLITTABLE.items():
        docs.append(Doc(f"synthetic/{name}", body, {}))
    for name, body in UNSPLITTABLE.items():
        docs.append(Doc(f"unsplittable/{name}", body, {}))
    # The same documents under the Content-Types servers send.
    for name in ("non_ascii_items_among_ascii_ones", "items_with_media_and_html"):
        for content_type in ("text/xml", "application/rss+xml; charset=windows-1251"):
            headers = {"Content-Type": content_type}
            docs.append(Doc(f"synthetic/{name}[{content_type}]", SPLITTABLE[name], headers))
    return docs


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Doc]:
    return corpus(tmp_path_factory.mktemp("corpus"))


def outcome(parse: Any) -> tuple[str, Any]:
    """A parse's result for comparison: the feed, or the error it raised."""
    try:
        result: ParsedFeed = parse()
    except ParseError as exc:
        return ("error", str(exc))
    return ("ok", (result.title, result.link, result.version, result.items))


def digests_of(fingerprint: bytes) -> list[bytes]:
    size = incremental.DIGEST_SIZE
    return [fingerprint[i : i + size] for i in range(size, len(fingerprint), size)]


def without(fingerprint: bytes, indexes: set[int]) -> bytes:
    """The fingerprint as if the items at `indexes` had never been seen.

    Items with the same bytes have the same digest: they are new or seen together.
    """
    digests = digests_of(fingerprint)
    new = {digests[n] for n in indexes}
    return fingerprint[: incremental.DIGEST_SIZE] + b"".join(d for d in digests if d not in new)


def changed(doc: Doc, known: bytes) -> ParsedFeed:
    return parse_changes(doc.body, doc.headers, URL, known)


def test_the_corpus_is_what_the_tests_claim(docs: list[Doc]) -> None:
    names = {d.name for d in docs}
    assert sum(n.startswith("feeds/") for n in names) >= 7
    assert sum(n.startswith("hostile/") for n in names) >= 20
    if REAL.is_dir():
        assert sum(n.startswith("real/") for n in names) >= 10
    splittable = [d for d in docs if fingerprint_of(d) is not None]
    assert len(splittable) >= 30


def fingerprint_of(doc: Doc) -> bytes | None:
    try:
        return parse_changes(doc.body, doc.headers, URL).fingerprint
    except ParseError:
        return None


def test_every_new_item_parses_to_what_the_whole_document_gives(docs: list[Doc]) -> None:
    rng = random.Random(8)
    checked = 0
    for doc in docs:
        expected = outcome(lambda d=doc: parse_document(d.body, d.headers, URL))
        assert outcome(lambda d=doc: parse_changes(d.body, d.headers, URL)) == expected, doc.name
        if expected[0] == "error":
            continue
        whole = parse_changes(doc.body, doc.headers, URL)
        assert not whole.partial
        fingerprint = whole.fingerprint
        if fingerprint is None:
            continue
        digests = digests_of(fingerprint)
        count = len(digests)
        # One new item at a time (with its identical twins, if any): the results, in
        # order, are the whole parse's items.
        singles: list[list[RawItem]] = []
        for index in range(count):
            result = changed(doc, without(fingerprint, {index}))
            assert result.partial and result.fingerprint == fingerprint, doc.name
            twins = digests.count(digests[index])
            own = result.items[: len(result.items) // twins]
            assert len(own) <= 1 and result.items == own * twins, doc.name
            singles.append(own)
        assert [i for items in singles for i in items] == whole.items, doc.name
        # Any set of new items: exactly those items, in document order.
        subsets = [set(), set(range(count)), {0}, {count - 1}, set(range(0, count, 2))]
        subsets += [{i for i in range(count) if rng.random() < 0.3} for _ in range(3)]
        for new in subsets:
            result = changed(doc, without(fingerprint, new))
            fresh = {digests[n] for n in new}
            wanted = [i for n in range(count) if digests[n] in fresh for i in singles[n]]
            assert result.partial and result.items == wanted, (doc.name, sorted(new))
            assert (result.title, result.link, result.version) == (
                whole.title,
                whole.link,
                whole.version,
            ), doc.name
        checked += 1
    assert checked >= 30


def test_the_documents_cut_for_feedparser_are_well_formed(docs: list[Doc]) -> None:
    for doc in docs:
        usable = incremental._reducible(doc.body, lower_headers(doc.headers), URL)
        parts = incremental.split(usable[0]) if usable else None
        if usable is None or parts is None:
            continue
        reduced = incremental.reduce(usable[0], parts, parts.context + parts.digests[0])
        twins = parts.digests.count(parts.digests[0])
        assert reduced is not None and reduced[1] == len(parts.spans) - twins
        expat.ParserCreate("utf-8", " ").Parse(reduced[0], True)  # raises if not


@pytest.mark.parametrize("name", sorted(UNSPLITTABLE))
def test_unusual_documents_are_parsed_whole_whatever_is_remembered(name: str) -> None:
    doc = Doc(name, UNSPLITTABLE[name], {})
    assert fingerprint_of(doc) is None
    # A fingerprint of a similar document that can be cut, as if remembered.
    remembered = parse_changes(rss_doc(item(1), item(2)), {}, URL).fingerprint
    assert remembered is not None
    expected = outcome(lambda: parse_document(doc.body, doc.headers, URL))
    again = outcome(lambda: changed(doc, remembered))
    assert again == expected
    if expected[0] == "ok":
        assert not changed(doc, remembered).partial


def test_hostile_and_mislabelled_documents_that_must_be_parsed_whole(docs: list[Doc]) -> None:
    whole = {
        "hostile/billion_laughs/1",  # DOCTYPE
        "hostile/xxe_local_file/1",
        "hostile/xxe_parameter_entity/1",
        "hostile/quadratic_entity_blowup/1",
        "hostile/broken_but_salvageable/1",  # not well-formed
        "hostile/invalid_xml/1",
        "hostile/latin1/1",  # not UTF-8
        "hostile/windows_1251/1",
        "hostile/wrong_declared_encoding/1",
        "hostile/ten_thousand_items/1",  # more items than the parse keeps
        "hostile/html_page/1",
    }
    by_name = {d.name: d for d in docs}
    assert whole <= set(by_name)
    for name in sorted(whole):
        assert fingerprint_of(by_name[name]) is None, name


def test_a_fingerprint_from_another_context_is_not_used() -> None:
    body = atom_doc(entry(1), entry(2))
    fingerprint = parse_changes(body, {}, URL).fingerprint
    assert fingerprint is not None
    assert changed(Doc("same", body, {}), fingerprint).partial
    rebased = atom_doc(
        entry(1), entry(2), head=ATOM_HEAD.replace("https://wire.example/a/", "https://b.example/")
    )
    for result in (
        parse_changes(body, {}, "https://other.example/feed", fingerprint),
        parse_changes(body, {"Content-Location": "https://cdn.example/feed"}, URL, fingerprint),
        parse_changes(body, {"Content-Language": "fr"}, URL, fingerprint),
        parse_changes(rebased, {}, URL, fingerprint),
        parse_changes(body, {}, URL, b"short"),
    ):
        assert not result.partial and len(result.items) == 2


def test_a_changed_charset_is_another_context() -> None:
    body = atom_doc(entry(1), entry(2)).split(b"\n", 1)[1]  # no XML declaration
    fingerprint = parse_changes(body, {"Content-Type": "text/xml; charset=utf-8"}, URL).fingerprint
    assert fingerprint is not None
    latin = {"Content-Type": "text/xml; charset=iso-8859-1"}
    assert not parse_changes(body, latin, URL, fingerprint).partial
    # The declaration, when there is one, decides: the header's charset does not matter.
    declared = atom_doc(entry(1), entry(2))
    known = parse_changes(declared, {"Content-Type": "text/xml; charset=utf-8"}, URL).fingerprint
    assert known is not None and parse_changes(declared, latin, URL, known).partial


def test_a_changed_channel_head_keeps_the_items_known() -> None:
    before = rss_doc(item(1), item(2))
    after = rss_doc(item(3), item(1), item(2)).replace(b"<title>Desk", b"<title>Desk (updated)")
    known = parse_changes(before, {}, URL).fingerprint
    result = parse_changes(after, {}, URL, known)
    assert result.partial and result.title == "Desk (updated)"
    assert result.items == parse_document(after, {}, URL).items[:1]


def test_the_worker_parses_changes_and_its_answers_match() -> None:
    first, second = rss_doc(item(1), item(2)), rss_doc(item(3), item(1), item(2))
    with parse_module.ParseWorker() as worker:
        known = worker.parse(first, {}, URL, changes=True).fingerprint
        assert known is not None
        result = worker.parse(second, {}, URL, changes=True, known=known)
        plain = worker.parse(second, {}, URL)
    assert result.partial and result.items == plain.items[:1]
    assert plain.fingerprint is None and not plain.partial


def slow_parse(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """A parse function for the worker that takes its time (imported there by name)."""
    time.sleep(0.6)
    return parse_document(body, headers, url)


async def test_a_parse_in_progress_does_not_block_the_event_loop() -> None:
    """Feeds queue for the worker on its own thread, never on the event loop."""
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.perf_counter()
        for _ in range(100):
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    with parse_module.ParseWorker(parse_func=slow_parse) as worker:
        await asyncio.to_thread(worker.start)
        body = rss_doc(item(1))
        tick = asyncio.create_task(ticker())
        first = asyncio.create_task(worker.parse_async(body, {}, URL))
        await asyncio.sleep(0.1)  # the first parse is under way in the worker
        results = await asyncio.gather(first, worker.parse_async(body, {}, URL))
        await tick
    assert [len(r.items) for r in results] == [1, 1]
    assert max(gaps) < 0.3


# --- the poller ----------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _parse_worker() -> Iterator[None]:
    yield
    shutdown_worker()


@dataclass
class Twin:
    """One bot: a store, a pipeline and a poller, remembering feeds or not."""

    store: Store
    poller: Poller
    announced: list[str]


@pytest.fixture
async def twins(tmp_path: Path) -> AsyncIterator[tuple[Twin, Twin]]:
    pair = []
    async with Fetcher(allow_private_addresses=True, timeout=3.0) as fetcher:
        for name, remember in (("remembering", True), ("whole", False)):
            store = Store.open(f"sqlite:///{tmp_path}/{name}.db")
            announced: list[str] = []

            def announce(stories: list[Story], into: list[str] = announced) -> None:
                into.extend(s.headline for s in stories)

            pipeline = Pipeline(
                store,
                ExtractiveSummarizer(),
                RuleTagger(),
                on_new_stories=announce,
                announce_max_age=None,
            )
            poller = Poller(store, pipeline, fetcher, parse_timeout=5.0, incremental=remember)
            pair.append(Twin(store, poller, announced))
        yield pair[0], pair[1]
    for twin in pair:
        twin.store.close()


def stored(store: Store) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from bot.store.tables import items

    with store.tx() as conn:
        rows = conn.execute(select(items.c.guid, items.c.title).order_by(items.c.guid))
        return [(r.guid, r.title) for r in rows]


async def poll_both(twins: tuple[Twin, Twin]) -> list[tuple[str, int]]:
    results = []
    for twin in twins:
        twin.store.force_all_due()
        results.append([(o.status, o.new_items) for o in await twin.poller.poll_due()])
    assert results[0] == results[1]
    assert stored(twins[0].store) == stored(twins[1].store)
    assert twins[0].announced == twins[1].announced
    return results[0]


class Spy:
    """Records what the poller asked the parser and what it got."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[bool, ParsedFeed]] = []

        async def parse_feed(*args: Any, **kwargs: Any) -> ParsedFeed:
            result = await real_parse_feed(*args, **kwargs)
            if kwargs.get("changes"):
                self.calls.append((kwargs.get("known") is not None, result))
            return result

        monkeypatch.setattr(poller_module, "parse_feed", parse_feed)

    def last(self) -> tuple[bool, bool, int]:
        had_known, result = self.calls[-1]
        return had_known, result.partial, len(result.items)


async def test_a_poll_sequence_stores_what_whole_parses_store(
    server: FeedServer, twins: tuple[Twin, Twin], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    for twin in twins:
        twin.store.add_feed(server.url("/desk"), "desk")
        twin.store.mark_primed(server.url("/desk"))
    primed_asked: list[int] = []
    real_is_primed = twins[0].store.feed_is_primed

    def feed_is_primed(feed_id: int) -> bool:
        primed_asked.append(feed_id)
        return real_is_primed(feed_id)

    monkeypatch.setattr(twins[0].store, "feed_is_primed", feed_is_primed)
    server.route("/desk", body=rss_doc(item(3), item(2), item(1)))
    assert await poll_both(twins) == [("new", 3)]
    assert spy.last() == (False, False, 3)  # first poll: no memory, a whole parse
    assert len(primed_asked) == 1
    # Added at the top.
    server.route("/desk", body=rss_doc(item(4), item(3), item(2), item(1)))
    assert await poll_both(twins) == [("new", 1)]
    assert spy.last() == (True, True, 1)
    # Dropped at the bottom.
    server.route("/desk", body=rss_doc(item(4), item(3), item(2)))
    assert await poll_both(twins) == [("new", 0)]
    assert spy.last() == (True, True, 0)
    # Edited in place (same guid): re-parsed, and the pipeline keeps the stored one.
    edited = item(3, title="Company 3 cuts 30 jobs as AI arrives (updated)")
    server.route("/desk", body=rss_doc(item(4), edited, item(2)))
    assert await poll_both(twins) == [("new", 0)]
    assert spy.last() == (True, True, 1)
    assert spy.calls[-1][1].items[0].title.endswith("(updated)")
    # Two new at the top, one dropped at the bottom.
    server.route("/desk", body=rss_doc(item(6), item(5), item(4), edited))
    assert await poll_both(twins) == [("new", 2)]
    assert spy.last() == (True, True, 2)
    # The channel head changes (a build date), the items do not.
    server.route(
        "/desk",
        body=rss_doc(item(6), item(5), item(4), edited).replace(
            b"<title>Desk</title>", b"<title>Desk</title><lastBuildDate>now</lastBuildDate>"
        ),
    )
    assert await poll_both(twins) == [("new", 0)]
    assert spy.last() == (True, True, 0)
    assert len(primed_asked) == 1  # a remembered feed is known to be primed
    # The feed breaks, then comes back: parsed whole again.
    server.route("/desk", body=b"<rss><channel><item><title>unclosed")
    assert [s for s, _ in await poll_both(twins)] == ["error"]
    server.route("/desk", body=rss_doc(item(7), item(6), item(5)))
    assert await poll_both(twins) == [("new", 1)]
    assert spy.last() == (False, False, 3)
    assert len(stored(twins[0].store)) == 7


async def test_items_left_over_by_the_per_poll_limit_are_not_forgotten(
    server: FeedServer, twins: tuple[Twin, Twin], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    monkeypatch.setattr(poller_module, "MAX_NEW_ITEMS_PER_POLL", 2)
    for twin in twins:
        twin.store.add_feed(server.url("/flood"), "flood")
        twin.store.mark_primed(server.url("/flood"))
    server.route("/flood", body=rss_doc(item(1)))
    assert await poll_both(twins) == [("new", 1)]
    server.route("/flood", body=rss_doc(*(item(n) for n in range(9, 0, -1))))
    assert await poll_both(twins) == [("new", 2)]
    assert spy.last() == (True, True, 8)  # 8 new, 2 stored, 6 left for later
    assert await poll_both(twins) == [("new", 2)]
    assert spy.last() == (False, False, 9)  # nothing remembered: the whole document
    assert await poll_both(twins) == [("new", 2)]
    assert await poll_both(twins) == [("new", 2)]
    assert await poll_both(twins) == [("new", 0)]
    assert spy.last() == (True, True, 0)
    assert len(stored(twins[0].store)) == 9


async def test_a_failed_ingest_forgets_the_feed(
    server: FeedServer, twins: tuple[Twin, Twin], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    for twin in twins:
        twin.store.add_feed(server.url("/desk"), "desk")
        twin.store.mark_primed(server.url("/desk"))
    server.route("/desk", body=rss_doc(item(1)))
    assert await poll_both(twins) == [("new", 1)]
    server.route("/desk", body=rss_doc(item(2), item(1)))
    real_ingest = Pipeline.ingest

    def failing(self: Pipeline, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(Pipeline, "ingest", failing)
    assert [s for s, _ in await poll_both(twins)] == ["error"]
    monkeypatch.setattr(Pipeline, "ingest", real_ingest)
    assert await poll_both(twins) == [("new", 1)]
    assert spy.last() == (False, False, 2)


async def test_an_item_the_pipeline_could_not_judge_is_tried_again(
    server: FeedServer, twins: tuple[Twin, Twin], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    for twin in twins:
        twin.store.add_feed(server.url("/desk"), "desk")
        twin.store.mark_primed(server.url("/desk"))
    server.route("/desk", body=rss_doc(item(1)))
    assert await poll_both(twins) == [("new", 1)]
    real_judge = Pipeline.judge

    def judge(self: Pipeline, raw: RawItem, **kwargs: Any) -> Any:
        if raw.guid == "desk-2":
            raise ValueError("a summarizer bug")
        return real_judge(self, raw, **kwargs)

    monkeypatch.setattr(Pipeline, "judge", judge)
    server.route("/desk", body=rss_doc(item(3), item(2), item(1)))
    assert await poll_both(twins) == [("new", 1)]
    assert spy.last() == (True, True, 2)
    monkeypatch.setattr(Pipeline, "judge", real_judge)
    assert await poll_both(twins) == [("new", 1)]  # item 2, parsed again with the rest
    assert spy.last() == (False, False, 3)
    assert await poll_both(twins) == [("new", 0)]
    assert spy.last() == (True, True, 0)


async def test_a_feed_re_added_under_the_same_id_is_read_whole(
    server: FeedServer, twins: tuple[Twin, Twin], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    remembering = twins[0]
    remembering.store.add_feed(server.url("/desk"), "desk")
    remembering.store.mark_primed(server.url("/desk"))
    server.route("/desk", body=rss_doc(item(1)))
    await remembering.poller.poll_due()
    feed = remembering.store.list_feeds()[0]
    # The row created again, as a remove and re-add reusing the id would: not primed,
    # never polled.
    from sqlalchemy import update

    from bot.store.tables import feeds

    with remembering.store.tx() as conn:
        conn.execute(
            update(feeds)
            .where(feeds.c.id == feed.id)
            .values(primed=False, last_success=None, last_polled=None)
        )
    server.route("/desk", body=rss_doc(item(2), item(1)))
    remembering.store.force_all_due()
    await remembering.poller.poll_due()
    assert spy.last() == (True, True, 1)
    remembering.store.force_all_due()
    await remembering.poller.poll_due()
    assert spy.last() == (False, False, 2)  # read whole, stored silently
    assert len(stored(remembering.store)) == 2
    assert not any("Company 2" in headline for headline in remembering.announced)
