"""Hostile and broken feeds cost only themselves: the corpus in tests/data/hostile/.

Every case in tests/data/hostile/cases.json is served by a real HTTP server on 127.0.0.1
next to one good feed, and both are polled in the same cycle. For each case the test checks
that the poller survives, the good feed is ingested, the hostile feed ends with the
expected outcome and a clear reason in its stored status, nothing from a local file leaks
into stored items, the cycle costs seconds, and the memory it takes is capped.

Private-address cases run with the guard ON. The guard resolves names itself and refuses
non-public addresses, so to test "each redirect hop is checked" the first hop must be a
public host: the test stands in a tiny fake network below the guard, never inside it. Its
resolver gives made-up public names a public address (and `intranet.test` a private one),
and its connect routes that one public address to the local server. The guard code runs
unchanged on every hop.
"""

from __future__ import annotations

import gzip
import inspect
import json
import resource
import time
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpcore
import pytest
from sqlalchemy import select

from bot.models import Feed, Story
from bot.store import Store
from bot.store.tables import items as items_table
from feeds import guard as guard_module
from feeds import parse as parse_module
from feeds.fetch import Fetcher
from feeds.parse import shutdown_worker
from feeds.poller import FeedOutcome, Poller
from tests.e2e import quiet_for
from tests.feedserver import FeedServer
from tests.ingest import rule_pipeline

HOSTILE = Path(__file__).parent / "data" / "hostile"
MiB = 1024 * 1024

FETCH_TIMEOUT = 2.0
# The product's parse limit (feeds.parse.DEFAULT_TIMEOUT), of the parse worker's CPU time
# since session 20 (of the clock's before): what a hostile feed may hold the poll cycle. A case that must parse in full (ten_thousand_items: ~2 s on a
# quiet core, over 6 s at load average 6.5, past 10 s at load 8-10) sets its own, longer
# `parse_timeout` in cases.json: it tests the item cap, not the machine's load. The case
# that must hit the limit (author_slow_regex: its regex runs for minutes) sets a shorter
# one: cut off at 2 s it shows the same kill, restart and report as at 10 s, 8 s sooner.
PARSE_TIMEOUT = 10.0
SHORTER = {"author_slow_regex"}
# Peak traced memory of this process during one cycle: the body cap is 15 MiB and the
# fetcher holds at most the body plus one copy (30 MiB measured for the gzip bomb).
DEFAULT_MEM_CAP_MIB = 48
RSS_GROWTH_CAP_MIB = 256  # growth of this process's peak RSS during one poll cycle
WORKER_RSS_CAP_MIB = 512  # the parse worker's peak RSS (its hard limit is 1 GiB)
CYCLE_SECONDS_CAP = 19.0  # fetch timeout + parse timeout + a worker restart, with margin

# The fake network under the guard (see module docstring).
PUBLIC_HOST = "news.public.test"
PUBLIC_ADDRESS = "203.0.114.7"  # a global address; connections to it go to 127.0.0.1
PRIVATE_HOST = "intranet.test"
PRIVATE_ADDRESS = "10.1.2.3"

GOOD_TITLES = {
    "Acme cuts 300 support jobs as AI chatbot takes over",
    "Globex pauses hiring for roles AI could do",
}


# --- the corpus -----------------------------------------------------------------------


@dataclass(frozen=True)
class Poll:
    expect: dict[str, Any]
    serve: dict[str, Any] = field(default_factory=dict)
    file: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    what: str
    polls: list[Poll]
    file: str | None = None
    fill: dict[str, dict[str, Any]] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)
    url: str = "{server}/hostile"
    routes: dict[str, dict[str, str]] = field(default_factory=dict)
    guard: bool = False
    never_requested: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    mem_cap_mib: int = DEFAULT_MEM_CAP_MIB
    slow: bool = False
    parse_timeout: float = PARSE_TIMEOUT
    xfail: str | None = None  # a known bug: the reason
    xfail_run: bool = True  # False: too slow to run while the bug stands (--runxfail runs it)


def load_cases() -> list[Case]:
    raw = json.loads((HOSTILE / "cases.json").read_text(encoding="utf-8"))
    cases = []
    for entry in raw["cases"]:
        entry = dict(entry)
        entry["polls"] = [Poll(**poll) for poll in entry["polls"]]
        cases.append(Case(**entry))
    return cases


CASES = load_cases()


def case_params() -> list[Any]:
    params = []
    for case in CASES:
        marks: list[pytest.MarkDecorator] = []
        if case.slow:
            marks.append(pytest.mark.slow)
        if case.xfail:
            marks.append(pytest.mark.xfail(reason=case.xfail, strict=True, run=case.xfail_run))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def build_body(
    name: str, fill: dict[str, dict[str, Any]], *, secret_path: Path, poll: int
) -> bytes:
    """The bytes of a corpus file, its @@NAME@@ placeholders filled."""
    data = (HOSTILE / name).read_bytes()
    if not name.endswith(".tmpl"):
        return data
    text = data.decode("utf-8")
    for key, spec in fill.items():
        if "repeat" in spec:
            value = spec["repeat"] * spec["times"]
        elif "numbered" in spec:
            value = "".join(spec["numbered"].format(n=n) for n in range(spec["times"]))
        elif spec.get("secret_path"):
            value = str(secret_path)
        elif spec.get("poll"):
            value = str(poll)
        else:  # pragma: no cover - a typo in cases.json
            raise ValueError(f"unknown fill {spec!r}")
        text = text.replace(f"@@{key}@@", value)
    assert "@@" not in text, f"{name}: a placeholder was left unfilled"
    return text.encode("utf-8")


def test_the_corpus_has_at_least_25_cases_each_with_an_expected_outcome() -> None:
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)
    statuses = {"new", "error", "disabled", "skipped"}
    for case in CASES:
        assert case.polls and all(p.expect["status"] in statuses for p in case.polls), case.id
        for poll in case.polls:
            if poll.expect["status"] in ("error", "disabled"):
                assert poll.expect.get("reason"), f"{case.id}: a failure needs a reason"
        for name in [case.file, *(p.file for p in case.polls)]:
            assert name is None or (HOSTILE / name).is_file(), f"{case.id}: {name} missing"


def test_the_parse_limit_the_corpus_checks_is_the_products() -> None:
    """Every case runs at the product's parse limit (the poller's default) but two: one
    that parses in full gives itself longer, one that must hit the limit shorter."""
    assert PARSE_TIMEOUT == parse_module.DEFAULT_TIMEOUT
    default = inspect.signature(Poller).parameters["parse_timeout"].default
    assert default == parse_module.DEFAULT_TIMEOUT
    longer = {c.id for c in CASES if c.parse_timeout > PARSE_TIMEOUT}
    assert longer == {"ten_thousand_items"}
    assert all(p.expect["status"] == "new" for c in CASES if c.id in longer for p in c.polls)
    assert {c.id for c in CASES if c.parse_timeout < PARSE_TIMEOUT} == SHORTER
    for case in CASES:
        limit = f"parsing took longer than {case.parse_timeout:g} s"
        hits = [p for p in case.polls if p.expect.get("reason", "").startswith("parsing took")]
        assert (case.id in SHORTER) == bool(hits), case.id
        assert all(p.expect["reason"] == limit for p in hits), case.id


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _parse_worker() -> Iterator[None]:
    yield
    shutdown_worker()


@pytest.fixture
def secret_file(tmp_path: Path) -> tuple[Path, str]:
    """A local file an XXE payload would like to read: its marker must never be stored."""
    marker = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(marker, encoding="utf-8")
    return path, marker


@pytest.fixture
def fake_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS and routing for made-up hosts, below the guard: the guard itself is untouched."""
    real_resolve = guard_module._resolve

    async def resolve(host: str, port: int) -> list[str]:
        name = host.strip("[]").lower()
        if name == PUBLIC_HOST:
            return [PUBLIC_ADDRESS]
        if name == PRIVATE_HOST:
            return [PRIVATE_ADDRESS]
        return await real_resolve(host, port)

    real_connect = httpcore.AnyIOBackend.connect_tcp

    async def connect_tcp(self: httpcore.AnyIOBackend, host: str, port: int, **kwargs: Any) -> Any:
        if host == PUBLIC_ADDRESS:
            host = "127.0.0.1"
        elif host not in ("127.0.0.1", "::1"):  # never touch a real network from a test
            raise AssertionError(f"the guard let a connection to {host} through")
        return await real_connect(self, host, port, **kwargs)

    monkeypatch.setattr(guard_module, "_resolve", resolve)
    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)


class Recorder:
    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.stories: list[Story] = []

    def problem(self, feed: Feed, message: str) -> None:
        self.problems.append((feed.url, message))

    def new(self, stories: list[Story]) -> None:
        self.stories.extend(stories)


@pytest.fixture
async def fetchers() -> AsyncIterator[dict[bool, Fetcher]]:
    """Fetchers by guard setting: short timeouts so slow servers cost seconds."""
    async with (
        Fetcher(allow_private_addresses=True, timeout=FETCH_TIMEOUT) as local,
        Fetcher(allow_private_addresses=False, timeout=FETCH_TIMEOUT) as guarded,
    ):
        yield {False: local, True: guarded}


# --- helpers --------------------------------------------------------------------------


def stored_items(store: Store, feed_id: int | None = None) -> list[Any]:
    query = select(items_table)
    if feed_id is not None:
        query = query.where(items_table.c.feed_id == feed_id)
    with store.tx() as conn:
        return list(conn.execute(query))


def feed_by_url(store: Store, url: str) -> Feed:
    (feed,) = [f for f in store.list_feeds() if f.url == url]
    return feed


def worker_peak_rss_mib() -> float | None:
    worker = parse_module._default_worker
    pid = worker.pid if worker is not None else None
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def serve_poll(
    server: FeedServer, case: Case, poll: Poll, number: int, secret: Path, good_body: bytes
) -> None:
    server.route("/good", body=good_body)
    options = {**case.serve, **poll.serve}
    name = poll.file or case.file
    if name is not None:
        body = build_body(name, case.fill, secret_path=secret, poll=number)
        if options.pop("gzip_body", False):
            body = gzip.compress(body, compresslevel=9)
            options.setdefault("headers", {})["Content-Encoding"] = "gzip"
        server.route("/hostile", body=body, **options)
    for path, spec in case.routes.items():
        if "redirect" in spec:
            server.redirect(path, spec["redirect"].format(port=server.port))
        else:
            server.route(path, body=build_body(spec["file"], {}, secret_path=secret, poll=number))


# --- the test -------------------------------------------------------------------------


@pytest.mark.parametrize("case", case_params())
async def test_a_hostile_feed_costs_only_itself(
    case: Case,
    store: Store,
    server: FeedServer,
    fetchers: dict[bool, Fetcher],
    secret_file: tuple[Path, str],
    fake_network: None,
) -> None:
    secret, marker = secret_file
    recorder = Recorder()
    pipeline = rule_pipeline(store, recorder.new)
    poller = Poller(
        store,
        pipeline,
        fetchers[case.guard],
        parse_timeout=case.parse_timeout,
        on_problem=recorder.problem,
    )
    public = f"http://{PUBLIC_HOST}:{server.port}"
    good_url = f"{public if case.guard else server.base_url}/good"
    hostile_url = case.url.format(server=server.base_url, public=public, port=server.port)
    for url, name in ((good_url, "good"), (hostile_url, "hostile")):
        store.add_feed(url, name)
        store.mark_primed(url)
    good_body = (HOSTILE / "good.xml").read_bytes()
    hostile_id = feed_by_url(store, hostile_url).id

    cycle_seconds: list[float] = []
    for number, poll in enumerate(case.polls, start=1):
        serve_poll(server, case, poll, number, secret, good_body)
        store.force_all_due()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        started = time.monotonic()
        try:
            outcomes = await poller.poll_due()
        finally:
            elapsed = time.monotonic() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
        by_url: dict[str, FeedOutcome] = {o.url: o for o in outcomes}
        expect = poll.expect
        where = f"{case.id}, poll {number}"

        # The good feed in the same cycle was ingested.
        good = by_url[good_url]
        assert good.status == "new", f"{where}: good feed {good.describe()}"
        assert good.new_items == (2 if number == 1 else 0), where

        # The hostile feed ended as expected, with a clear reason in its stored status.
        if expect["status"] == "skipped":
            assert hostile_url not in by_url, f"{where}: a disabled feed was polled again"
        else:
            outcome = by_url[hostile_url]
            assert outcome.status == expect["status"], f"{where}: {outcome.describe()}"
            assert "unexpected error" not in (outcome.error or ""), f"{where}: {outcome.error}"
            feed = feed_by_url(store, hostile_url)
            if "new_items" in expect:
                assert outcome.new_items == expect["new_items"], where
            if expect["status"] == "new":
                assert feed.error_count == 0 and feed.last_error is None, where
            else:
                reason = expect["reason"].lower()
                assert reason in (outcome.error or "").lower(), f"{where}: {outcome.error}"
                status = f"{feed.last_error} | {feed.disabled_reason}"
                assert reason in status.lower(), f"{where}: {status}"
                reported = [m for u, m in recorder.problems if u == hostile_url]
                assert reported and reason in reported[-1].lower(), f"{where}: {reported}"
            if expect["status"] == "disabled":
                assert feed.disabled, where
                assert reason in (feed.disabled_reason or "").lower(), where
                assert reported[-1].startswith("disabled:"), where
            elif expect["status"] == "error":
                assert not feed.disabled, where

        # Bounded cost: capped memory in this process and in the worker (time: at the end).
        # Time is bounded where the hostile feed stored nothing: what a failing or empty feed
        # may cost is the fetch and parse limits. A feed whose (capped) items are stored
        # costs their judging and filing, which bench/ measures, not a timed test.
        hostile = by_url.get(hostile_url)
        if hostile is None or not hostile.new_items:
            cycle_seconds.append(elapsed)
        assert peak < case.mem_cap_mib * MiB, f"{where}: peak traced memory {peak / MiB:.1f} MiB"
        assert rss_growth < RSS_GROWTH_CAP_MIB, f"{where}: peak RSS grew {rss_growth:.0f} MiB"
        worker_rss = worker_peak_rss_mib()
        assert worker_rss is None or worker_rss < WORKER_RSS_CAP_MIB, f"{where}: {worker_rss}"

        hostile_items = stored_items(store, hostile_id)
        if "stored" in expect:
            assert len(hostile_items) == expect["stored"], where
        titles = {row.title for row in hostile_items}
        for title in expect.get("titles", []):
            assert title in titles, f"{where}: {sorted(titles)}"
        if "max_title" in expect:
            assert all(len(t) <= expect["max_title"] for t in titles), where

    # Nothing leaked, nothing the server must never see was requested.
    assert {row.title for row in stored_items(store) if row.feed_id != hostile_id} == GOOD_TITLES
    for row in stored_items(store):
        for value in (row.title, row.summary, row.link, row.guid, row.publisher or ""):
            assert marker not in value, f"{case.id}: the local file leaked into an item"
    for feed in store.list_feeds():
        assert marker not in f"{feed.name} {feed.last_error} {feed.disabled_reason}"
    for path in case.never_requested:
        assert server.requests_for(path) == [], f"{case.id}: {path} was requested"
    for path in case.requested:  # e.g. the public first hop of a redirect was fetched
        assert server.requests_for(path), f"{case.id}: {path} was never requested"
    # Last, so that a case failing only on time has had every other guarantee checked.
    # The parse limit is of the worker's CPU time (feeds/parse.py): on a busy machine the
    # clock runs ahead of it, by about the load per core.
    assert max(cycle_seconds, default=0.0) < quiet_for(CYCLE_SECONDS_CAP), (
        f"{case.id}: cycles took {cycle_seconds} s"
    )
