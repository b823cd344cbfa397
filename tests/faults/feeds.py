"""Feeds of AI-layoff stories whose items change over time, for the crash and scale-out tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

COMPANIES = (
    "Klarna",
    "IBM",
    "Salesforce",
    "Duolingo",
    "Dropbox",
    "Chegg",
    "Intel",
    "Cisco",
    "Atlassian",
    "PayPal",
    "Autodesk",
    "Workday",
)
FUNCTIONS = ("customer support", "content moderation", "translation", "recruiting", "marketing")


def headline(feed: int, n: int) -> str:
    company = COMPANIES[(feed * 7 + n) % len(COMPANIES)]
    function = FUNCTIONS[n % len(FUNCTIONS)]
    return (
        f"{company} cuts {100 + 37 * n + feed} {function} jobs as it replaces staff with AI "
        f"(report {feed}-{n})"
    )


def item_guid(feed: int, n: int) -> str:
    return f"urn:faults:{feed}:{n}"


def item_link(feed: int, n: int) -> str:
    return f"https://news{feed}.example/{n}/ai-layoffs"


def rss(feed: int, count: int, *, base: datetime | None = None) -> bytes:
    """Feed `feed` with items 0..count-1, newest first (item n published n hours after
    `base`, so each is a separate event)."""
    base = base or datetime.now(UTC) - timedelta(days=3)
    entries = []
    for n in reversed(range(count)):
        title = headline(feed, n)
        entries.append(
            f"<item><title>{escape(title)}</title><link>{item_link(feed, n)}</link>"
            f'<guid isPermaLink="false">{item_guid(feed, n)}</guid>'
            f"<pubDate>{format_datetime(base + timedelta(hours=n * 3))}</pubDate>"
            f"<description>{escape(title)}. The company said artificial intelligence now "
            f"handles the work; {100 + n} roles are affected.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Faults feed {feed}</title><link>https://news{feed}.example/</link>"
        f"<description>test</description>{''.join(entries)}</channel></rss>"
    ).encode()
