"""Deterministic synthetic news: feeds (RSS bytes) and stored-story rows.

Everything is derived from a seed, so two runs measure the same bytes. Items look like
the real thing: layoff and hiring-freeze headlines about many companies ("Acme to cut
1,200 jobs as AI ..."), mixed with analysis and unrelated news; descriptions of 1-3
sentences, some with a few paragraphs of content:encoded. Several outlets report the same
event, so clustering has real work to do.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache
from xml.sax.saxutils import escape

# The corpus is anchored to a fixed "now" so reruns are byte-identical.
EPOCH_END = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)

_PREFIX = [
    "Acme",
    "Adler",
    "Apex",
    "Arbor",
    "Atlas",
    "Aurora",
    "Beacon",
    "Birch",
    "Blue",
    "Bolt",
    "Bright",
    "Cedar",
    "Clear",
    "Cobalt",
    "Copper",
    "Crest",
    "Delta",
    "Ember",
    "Evergreen",
    "Falcon",
    "Fern",
    "Flint",
    "Forge",
    "Granite",
    "Harbor",
    "Helix",
    "Iron",
    "Juniper",
    "Keystone",
    "Lark",
    "Lumen",
    "Maple",
    "Meridian",
    "Nimbus",
    "North",
    "Nova",
    "Oak",
    "Onyx",
    "Orbit",
    "Pine",
    "Pioneer",
    "Quartz",
    "Raven",
    "Ridge",
    "River",
    "Sable",
    "Sage",
    "Silver",
    "Slate",
    "Solstice",
    "Spruce",
    "Stellar",
    "Summit",
    "Tidal",
    "Timber",
    "Union",
    "Vector",
    "Vertex",
    "Willow",
    "Zenith",
]
_SUFFIX = [
    "Systems",
    "Labs",
    "Software",
    "Analytics",
    "Networks",
    "Logistics",
    "Health",
    "Bank",
    "Insurance",
    "Media",
    "Retail",
    "Robotics",
    "Foods",
    "Energy",
    "Telecom",
    "Capital",
    "Cloud",
    "Payments",
    "Games",
    "Motors",
    "Pharma",
    "Airlines",
]
_REAL = [
    "Amazon",
    "Google",
    "Microsoft",
    "Meta",
    "Salesforce",
    "IBM",
    "Klarna",
    "Dropbox",
    "Intel",
    "Cisco",
    "Oracle",
    "SAP",
    "Spotify",
    "PayPal",
    "Duolingo",
    "Chegg",
    "Indeed",
    "Workday",
    "Unity",
    "Zoom",
    "Shopify",
    "TikTok",
    "Dell",
    "HP",
]
_FUNCTIONS = (
    "customer support",
    "recruiting",
    "marketing",
    "content moderation",
    "translation",
    "sales",
    "HR",
    "finance",
    "engineering",
    "back-office operations",
)
_PLACES = ("in the US", "in India", "in Ireland", "across Europe", "in Canada", "worldwide", "")
_PUBLISHERS = (
    "Reuters",
    "Bloomberg",
    "TechCrunch",
    "The Verge",
    "CNBC",
    "Business Insider",
    "Financial Times",
    "The Register",
    "Fortune",
    "Axios",
)
_ANALYSIS = (
    "How generative AI is reshaping {f} jobs",
    "Why companies blame AI for layoffs, and what the numbers say",
    "Economists split on whether AI is driving job cuts in {f}",
    "The {f} workers who trained the chatbots that replaced them",
    "Opinion: the AI layoff wave is a story about interest rates",
    "What the latest jobs report says about automation in {f}",
    "Inside the scramble to retrain {f} staff for an AI-first office",
)
_OTHER = (
    "{c} reports quarterly revenue ahead of estimates",
    "{c} unveils new {f} product at annual conference",
    "{c} shares rise after analyst upgrade",
    "{c} opens new office {p}",
    "Central bank holds rates steady as inflation cools",
    "{c} names new chief financial officer",
    "Storm disrupts flights across the northeast",
)


@lru_cache(maxsize=1)
def companies() -> tuple[str, ...]:
    """About 1,400 distinct employers: real names plus generated ones."""
    names = list(_REAL)
    names += [f"{p} {s}" for p in _PREFIX for s in _SUFFIX]
    return tuple(names)


@dataclass(frozen=True)
class Event:
    company: str
    kind: str  # layoff | freeze
    headcount: int
    function: str
    place: str
    when: datetime


def _headcount(rng: random.Random) -> int:
    n = int(rng.lognormvariate(6.3, 1.2))
    return max(20, min(n, 30000)) // 10 * 10


def _event(rng: random.Random, when: datetime) -> Event:
    return Event(
        company=rng.choice(companies()),
        kind="freeze" if rng.random() < 0.15 else "layoff",
        headcount=_headcount(rng),
        function=rng.choice(_FUNCTIONS),
        place=rng.choice(_PLACES),
        when=when,
    )


def _action_title(rng: random.Random, e: Event) -> str:
    n = f"{e.headcount:,}"
    if e.kind == "freeze":
        return rng.choice(
            (
                f"{e.company} freezes hiring for {e.function} roles as AI tools take over",
                f"{e.company} pauses hiring in {e.function}, citing artificial intelligence",
                f"{e.company} halts {e.function} hiring amid AI push",
            )
        )
    return rng.choice(
        (
            f"{e.company} to cut {n} jobs as AI takes over {e.function}",
            f"{e.company} lays off {n} workers, citing AI automation",
            f"{e.company} slashes {n} {e.function} roles in AI overhaul",
            f"{e.company} will eliminate {n} positions {e.place} as it leans on AI".replace(
                "  ", " "
            ),
            f"{e.company} layoffs: {n} jobs go as chatbots handle {e.function}",
        )
    )


def _action_description(rng: random.Random, e: Event) -> str:
    n = f"{e.headcount:,}"
    sentences = [
        f"{e.company} said on {e.when:%A} it would cut about {n} jobs {e.place}, mostly in "
        f"{e.function}, as it shifts the work to artificial intelligence tools.".replace(
            " ,", ","
        ).replace("  ", " ")
        if e.kind == "layoff"
        else f"{e.company} has frozen hiring for {e.function} roles and expects AI "
        f"assistants to absorb the work, a spokesperson said.",
        "The company said affected employees would receive severance and help finding new roles.",
        f"It is the latest in a series of cuts at {e.company} this year.",
    ]
    return " ".join(sentences[: rng.randint(1, 3)])


def _paragraphs(rng: random.Random, e: Event) -> str:
    n = f"{e.headcount:,}"
    paras = [
        f"{e.company} will reduce its workforce by roughly {n} people, according to an "
        f"internal memo seen by reporters. The cuts fall mostly on {e.function} teams.",
        f"Executives told staff that generative AI systems now handle a large share of "
        f"{e.function} requests, and that the company would not backfill many roles.",
        "Analysts said the move reflects pressure to show returns on heavy spending on "
        "AI infrastructure, while unions criticised the lack of consultation.",
        f"Shares of {e.company} were little changed in early trading. The company "
        "employs tens of thousands of people worldwide.",
    ]
    chosen = paras[: rng.randint(2, 4)]
    return "".join(f"<p>{p}</p>\n" for p in chosen)


def _analysis(rng: random.Random) -> tuple[str, str]:
    f = rng.choice(_FUNCTIONS)
    title = rng.choice(_ANALYSIS).format(f=f)
    desc = (
        f"Employers from banks to retailers say AI tools are changing {f} work. "
        "Economists caution that the evidence so far is mixed."
    )
    return title, desc


def _other(rng: random.Random) -> tuple[str, str]:
    c = rng.choice(companies())
    title = rng.choice(_OTHER).format(c=c, f=rng.choice(_FUNCTIONS), p=rng.choice(_PLACES[:5]))
    desc = f"{c} and its peers are in the news this week. Markets were mixed on the day."
    return title, desc


# ------------------------------------------------------------------------ feeds


def event_pool(seed: int, n: int, *, end: datetime = EPOCH_END, days: int = 30) -> list[Event]:
    rng = random.Random(seed)
    return [_event(rng, end - timedelta(seconds=rng.randrange(days * 86400))) for _ in range(n)]


def feed_items(feed_no: int, n_items: int, events: list[Event], *, seed: int = 1) -> list[dict]:
    """The items of feed `feed_no`: ~55% action stories (shared events), the rest mixed."""
    rng = random.Random(seed * 1_000_003 + feed_no)
    publisher = _PUBLISHERS[feed_no % len(_PUBLISHERS)]
    out = []
    for i in range(n_items):
        r = rng.random()
        content = ""
        if r < 0.55:
            e = rng.choice(events)
            title = _action_title(rng, e)
            desc = _action_description(rng, e)
            when = e.when + timedelta(minutes=rng.randrange(0, 600))
            if rng.random() < 0.3:
                content = _paragraphs(rng, e)
        elif r < 0.75:
            title, desc = _analysis(rng)
            when = EPOCH_END - timedelta(seconds=rng.randrange(30 * 86400))
        else:
            title, desc = _other(rng)
            when = EPOCH_END - timedelta(seconds=rng.randrange(30 * 86400))
        slug = "-".join(title.lower().split()[:6]).replace(",", "").replace(":", "")
        out.append(
            {
                "guid": f"https://news{feed_no}.example/{i}-{slug}",
                "link": f"https://news{feed_no}.example/{when:%Y/%m/%d}/{i}-{slug}?utm_source=rss",
                "title": title,
                "description": f"<p>{escape(desc)}</p>",
                "content": content,
                "published": when,
                "publisher": publisher,
            }
        )
    return out


def rss_bytes(feed_no: int, items: list[dict]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>Newsroom {feed_no}</title>\n<link>https://news{feed_no}.example/</link>\n"
        f"<description>Business news from outlet {feed_no}</description>\n"
    ]
    for it in items:
        parts.append(
            "<item>\n"
            f"<title>{escape(it['title'])}</title>\n"
            f"<link>{escape(it['link'])}</link>\n"
            f'<guid isPermaLink="false">{escape(it["guid"])}</guid>\n'
            f"<pubDate>{format_datetime(it['published'])}</pubDate>\n"
            f"<dc:creator>{it['publisher']} staff</dc:creator>\n"
            f"<description>{escape(it['description'])}</description>\n"
            + (
                f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>\n"
                if it["content"]
                else ""
            )
            + "</item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")


def feed_corpus(
    n_feeds: int, n_items: int, *, seed: int = 1, n_events: int | None = None
) -> list[bytes]:
    """`n_feeds` RSS documents of `n_items` items each, deterministic for a seed."""
    events = event_pool(seed, n_events or max(50, n_feeds * n_items // 8))
    return [rss_bytes(f, feed_items(f, n_items, events, seed=seed)) for f in range(n_feeds)]


# ------------------------------------------------------------------ story rows


def story_rows(n: int, *, seed: int = 7, years: float = 3.0) -> list[dict]:
    """`n` stored stories, spread over `years` up to EPOCH_END, as plain dicts.

    Each has its items (1-3) and its index keys, in the shape bot/store/ingest.py writes.
    """
    rng = random.Random(seed)
    span = int(years * 365 * 86400)
    out = []
    for i in range(n):
        when = EPOCH_END - timedelta(seconds=rng.randrange(span))
        r = rng.random()
        if r < 0.6:
            e = _event(rng, when)
            title = _action_title(rng, e)
            summary = _action_description(rng, e)
            kind = "layoff" if e.kind == "layoff" else "hiring_freeze"
            companies_ = [e.company]
            headcount = e.headcount if e.kind == "layoff" else None
            ai = rng.random() < 0.8
            fn = [e.function]
        else:
            title, summary = _analysis(rng) if r < 0.8 else _other(rng)
            kind = "analysis" if r < 0.8 else "other"
            companies_ = [] if r < 0.8 else [title.split(" reports")[0].split(" unveils")[0]]
            companies_ = [c for c in companies_ if c in _company_set()]
            headcount = None
            ai = r < 0.8
            fn = []
        tags = {
            "kind": kind,
            "ai_cause": ai,
            "ai_evidence": "as AI takes over" if ai else None,
            "companies": companies_,
            "headcount": headcount,
            "headcount_text": f"{headcount:,} jobs" if headcount else None,
            "percent": None,
            "functions": fn,
            "location": None,
        }
        n_items = rng.choice((1, 1, 1, 2, 2, 3))
        out.append(
            {
                "i": i,
                "when": when,
                "title": title,
                "summary": summary,
                "tags": tags,
                "tags_json": json.dumps(tags),
                "n_items": n_items,
                "publishers": [rng.choice(_PUBLISHERS) for _ in range(n_items)],
            }
        )
    return out


@lru_cache(maxsize=1)
def _company_set() -> frozenset[str]:
    return frozenset(companies())
