"""A new user's first session, scripted: the README's flow on a fresh database.

`layoffbot db upgrade`, then `layoffbot run` in a terminal; feeds served from 127.0.0.1
are added at the prompt (a Google News shaped feed, a long 300-item feed of old news, a
Portuguese feed, a small wire feed); news arrives through `layoffbot poll` from a second
terminal while the bot runs; then every `/layoffs` command is typed, and every hint a
reply gives is typed back. Every reply is checked for what a user must never see: an
apology, a traceback, a publisher's name glued to a summary, a one-letter or
common-word company, and old news announced as new.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.e2e import BotTerminal, bot_env, cli, rss
from tests.feedserver import FeedServer

DATA = Path(__file__).parent / "data" / "judgement"
NOW = datetime.now(UTC)
PROMPT_TIMEOUT = 60
# The alerts are planned when the poll returns; the running bot sweeps its outbox every
# 5 s (feeds.scheduler): a few sweeps, however loaded the machine.
SWEEP_TIMEOUT = 30

pytestmark = pytest.mark.slow


def _google_news(fresh: bool) -> tuple[bytes, list[str]]:
    """The real Google News items; with `fresh`, the first four (Block, Ocado...) are
    published in the last hours (the first five), the rest stay as first seen. Returns the document and
    the publishers it names."""
    doc = (DATA / "google-news-ai-layoffs.rss").read_text(encoding="utf-8")
    head, _, rest = doc.partition("<item>")
    items = ["<item>" + part for part in rest.split("<item>")]
    items[-1], tail = items[-1].split("</channel>", 1)
    publishers = re.findall(r"<source[^>]*>([^<]+)</source>", doc)
    dated = []
    for i, item in enumerate(items):
        when = NOW - timedelta(hours=1 + i) if i < 5 else NOW - timedelta(days=3, hours=i)
        dated.append(
            re.sub(r"<pubDate>[^<]*</pubDate>", f"<pubDate>{format_datetime(when)}</pubDate>", item)
        )
    chosen = dated if fresh else dated[5:]
    return (head + "".join(chosen) + "</channel>" + tail).encode("utf-8"), publishers


LONG_FEED = [
    {
        "title": f"Vendor{i} lays off {100 + i} workers as AI automates support",
        "link": f"https://old.example/vendor-{i}",
        "description": f"Vendor{i} said AI chatbots now answer customer questions.",
        "published": NOW - timedelta(days=30 + i),
    }
    for i in range(300)
]
WIRE = [
    {
        "title": "Klarna says its AI assistant does the work of 700 customer service agents",
        "link": "https://wire.example/klarna-700",
        "description": "Klarna cut customer service staff as its AI assistant took over chats.",
        "published": NOW - timedelta(days=2),
    },
    {
        "title": "Amazon to cut 14,000 corporate jobs as it leans on AI",
        "link": "https://wire.example/amazon-14000",
        "description": "Amazon said AI lets it run leaner and will cut 14,000 corporate jobs.",
        "published": NOW - timedelta(days=2),
    },
]
COMMON_WORDS = {"whose", "expands", "the", "this", "new", "how", "why", "what", "mãe", "não"}


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as s:
        s.route("/gnews.xml", body=_google_news(fresh=False)[0])
        s.route("/long.xml", body=rss("Long feed", LONG_FEED))
        s.route("/wire.xml", body=rss("Wire", WIRE))
        s.route("/pt.xml", body=(DATA / "jn-portuguese.rss").read_bytes())
        yield s


class Session:
    """The terminal plus the checks every reply must pass."""

    def __init__(self, term: BotTerminal, publishers: list[str]) -> None:
        self.term = term
        self.publishers = publishers
        self.replies: list[tuple[str, str]] = []

    def say(self, line: str, until: str | re.Pattern[str]) -> str:
        reply = self.term.command(line, until=until, timeout=PROMPT_TIMEOUT)
        self.check(line, reply)
        self.replies.append((line, reply))
        return reply

    def reply(self, line: str) -> str:
        reply = self.term.reply(line)
        self.check(line, reply)
        self.replies.append((line, reply))
        return reply

    def check(self, line: str, reply: str) -> None:
        assert "Sorry" not in reply, f"{line!r} apologized:\n{reply}"
        assert "Traceback" not in reply, f"{line!r} showed a traceback:\n{reply}"
        for text_line in reply.splitlines():
            stripped = text_line.strip()
            for publisher in self.publishers:
                # A summary line is indented text; link lines end with the URL.
                if stripped.endswith(f" {publisher}") and not stripped.startswith("- "):
                    raise AssertionError(f"publisher glued to a summary: {text_line!r}")


def test_a_new_user_session_through_every_command(tmp_path: Path, server: FeedServer) -> None:
    env = bot_env(tmp_path)
    upgraded = cli("db", "upgrade", tmp_path=tmp_path, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "created a new, empty database" in upgraded.stderr

    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    _, publishers = _google_news(fresh=True)
    you = Session(term, publishers)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        assert "no news yet" in term.output
        help_text = you.say("/layoffs help", until="so you can check.")
        examples = re.findall(r"e\.g\. (/layoffs [^\n]+)", help_text)
        assert len(examples) >= 10, help_text
        you.say("/layoff help", until="so you can check.")  # a typo of the command is still help
        for path in ("/gnews.xml", "/long.xml", "/wire.xml", "/pt.xml"):
            reply = you.say(f"/layoffs feeds add {server.url(path)}", until=re.compile(r"== .+ =="))
            assert "Feed added" in reply, reply

        # Alerts: a channel subscription and a direct one, the latter with a typo.
        you.say("/layoffs subscribe Block here", until="to stop.")
        typo = you.say("/layoffs subscribe amazn", until="to stop.")
        assert "Following Amazon" in typo and "Amazn" not in typo.replace("amazn", ""), typo
        you.say("/layoffs subscribe Ocado", until="to stop.")
        you.say("/layoffs subscribe Vendor250", until="to stop.")

        # News arrives: fresh Google News items; the long feed's old news stays old.
        server.route("/gnews.xml", body=_google_news(fresh=True)[0])
        # Marked before the poll: the bot prints an alert at its next outbox sweep after
        # the poll plans it, which may come while the poll still reads its other feeds
        # (loaded, 2 runs in 7 printed the alerts before a mark taken after the poll, and
        # the wait for them after it ran out).
        start = len(term.output)
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        assert polled.returncode == 0, polled.stdout + polled.stderr
        term.expect("New at Block", timeout=SWEEP_TIMEOUT, start=start)
        term.expect("New at Ocado", timeout=SWEEP_TIMEOUT, start=start)
        alerts = term.output[start:]
        assert "Vendor" not in alerts  # 30+ days old when first seen: never announced
        you.check("(alerts)", alerts)

        # Every hint in an alert works when typed as shown.
        hints = re.findall(r"(/layoffs unsubscribe [^\n]+?) to stop\.", alerts)
        assert any(h.endswith(" here") for h in hints), hints
        for hint in sorted(set(hints)):
            assert "Unsubscribed" in you.say(hint, until=re.compile(r"== .+ ==\n\n.+\n")), hint

        # The digest's own wait starts after the alerts, at its header: from the alerts'
        # mark, "New at Block" met it before the digest was printed.
        asked = len(term.output)
        you.say("/layoffs digest now", until="Digest on its way")
        header = term.expect("== AI layoffs digest", timeout=SWEEP_TIMEOUT, start=asked)
        term.expect(re.compile(r"== Block ==|Quiet day"), timeout=SWEEP_TIMEOUT, start=header)
        you.check("(digest)", term.output[header:])

        # The help's own examples return results on this kind of news.
        for example in examples:
            if example.split()[1] in ("feeds", "why", "help"):
                continue  # feeds add needs the internet; why takes a pasted link
            reply = you.reply(example)
            assert "Nothing found" not in reply and "No stories yet" not in reply, reply
            assert "Not subscribed" not in reply, reply

        latest = you.say("/layoffs latest 10", until=re.compile(r"== (Latest|No stories)"))
        for line, reply in (
            ("/layoffs latest", "Latest"),
            ("/layoffs Block", "recent job actions"),
            ("/layoffs amazn", "Amazon"),
            ("/layoffs search customer service", "=="),
            ("/layoffs search Block", "matching"),
            ("/layoffs trends 7d", "chart saved"),
            ("/layoffs trends 30d", "chart saved"),
            ("/layoffs trends 90d", "chart saved"),
            ("/layoffs trends 1y", "chart saved"),
            ("/layoffs subscriptions", "=="),
            ("/layoffs digest on 08:30 Europe/Berlin", "Next digest"),
            ("/layoffs digest settings", "Daily digest"),
            ("/layoffs digest quiet on", "Quiet days on"),
            ("/layoffs digest quiet off", "Quiet days off"),
            ("/layoffs digest off", "Daily digest off"),
            ("/layoffs feeds list", "The console's feeds"),
            (f"/layoffs why {LONG_FEED[250]['link']}", "Story:"),
            ("/layoffs why https://www.jn.pt/nao-existe", "I have not seen that link"),
            ("/layoffs unsubscribe Vendor250", "Unsubscribed"),
            ("/layoffs unsubscribe amazon", "Unsubscribed from Amazon"),
            (f"/layoffs feeds remove {server.url('/pt.xml')}", "Feed removed"),
        ):
            you.say(line, until=reply)
        assert "Vendor" not in latest or "Klarna" in latest  # old news is not the latest
        why_old = dict(you.replies)[f"/layoffs why {LONG_FEED[250]['link']}"]
        assert "never announced" in why_old, why_old

        term.ctrl_c()
        assert term.wait(5) == 0
    finally:
        term.close()

    # What the tagger made of it, read from the real database.
    db = sqlite3.connect(tmp_path / "bot.db")
    companies = {row[0] for row in db.execute("SELECT company FROM stories") if row[0]}
    assert not [c for c in companies if len(c) == 1], companies
    assert not [c for c in companies if c.lower() in COMMON_WORDS], companies
    rows = db.execute("SELECT headline, published, first_seen FROM stories WHERE announce")
    for headline, published, first_seen in rows:
        age = datetime.fromisoformat(first_seen) - datetime.fromisoformat(published)
        assert age <= timedelta(days=7), (
            f"announced {age.days} days after it was published: {headline}"
        )
    foreign = db.execute("SELECT kind, tags FROM stories WHERE headline LIKE '%Mãe%'").fetchall()
    assert foreign and all(kind == "other" and '"language": "pt"' in tags for kind, tags in foreign)
