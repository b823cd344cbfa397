"""Block Kit rendering: escaping, URL safety, Slack's limits, splitting, App Home."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from adapters.slack.translate import (
    MAX_BLOCKS,
    escape,
    fallback_text,
    is_subscription,
    render,
    render_home,
    render_messages,
    safe_url,
    share_button,
)
from bot.models import Field, Kind, Message, Section, SectionRole, StoryLink
from tests.slack.fake_slack import texts_in

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yml"


def test_escape_neutralises_mentions_and_links() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert escape("<http://evil|x>") == "&lt;http://evil|x&gt;"
    assert "@here" not in escape("hi @here and @channel, @Everyone")
    assert escape("mail me@hereford.example") == "mail me@hereford.example"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x?a=1&b=2", "https://a.example/x?a=1&amp;b=2"),
        ("http://a.example/a|b>c<d", "http://a.example/a%7Cb%3Ec%3Cd"),
        ("javascript:alert(1)", None),
        ("ftp://a.example/f", None),
        ("https:///nohost", None),
        ("https://a.example/with space", None),
        ("https://a.example/\nnewline", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_story_rendering() -> None:
    message = Message(
        title="Acme",
        sections=(
            Section(
                heading="Acme cuts 100",
                url="https://e.example/a",
                text="Because AI.",
                fields=(Field("Headcount", "100"), Field("Percent", "5%")),
                context="2025-05-01 · Example News · AI cited",
                kind=Kind.LAYOFF,
                links=(StoryLink("Other take", "https://o.example/b", "Other"),),
            ),
        ),
        footer="via layoffbot",
    )
    blocks = render(message)
    assert [b["type"] for b in blocks] == ["header", "section", "context", "context", "context"]
    assert blocks[1]["text"]["text"] == "*<https://e.example/a|Acme cuts 100>*\nBecause AI."
    assert blocks[1]["fields"][0]["text"] == "*Headcount*\n100"
    assert [e["text"] for e in blocks[2]["elements"]] == [
        "Layoff",
        "2025-05-01 · Example News · AI cited",
    ]
    assert blocks[3]["elements"][0]["text"] == "<https://o.example/b|Other take> (Other)"
    assert fallback_text(message) == "Acme\n• Acme cuts 100"


def test_limits_header_section_fields() -> None:
    message = Message(
        title="T" * 400,
        sections=(
            Section(
                heading="H & " * 300,
                text="<" * 5000,
                fields=tuple(Field(f"f{i}", "v" * 3000) for i in range(23)),
            ),
        ),
    )
    blocks = render(message)
    assert len(blocks[0]["text"]["text"]) <= 150
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) == 3  # 23 fields: 10 + 10 + 3
    assert all(len(b.get("fields", [])) <= 10 for b in sections)
    assert all(len(f["text"]) <= 2000 for b in sections for f in b.get("fields", []))
    assert len(sections[0]["text"]["text"]) <= 3000
    # Clipping never leaves half an entity behind.
    assert not re.search(r"&[a-z]{0,3}…", sections[0]["text"]["text"])


def test_render_messages_split_in_order_without_leading_dividers() -> None:
    sections = tuple(Section(heading=f"S{i}", text="t", context="c") for i in range(40))
    chunks = render_messages(Message(title="Digest", sections=sections))
    assert len(chunks) > 1
    assert all(len(c) <= MAX_BLOCKS for c in chunks)
    assert chunks[0][0]["type"] == "header"
    assert all(c[0]["type"] != "divider" for c in chunks)
    headings = [
        line for c in chunks for t in texts_in(c) for line in t.splitlines() if line[:2] == "*S"
    ]
    assert headings == [f"*S{i}*" for i in range(40)]


def test_render_messages_respects_total_text_size() -> None:
    sections = tuple(Section(heading=f"S{i}", text="x" * 2900) for i in range(10))
    chunks = render_messages(Message(sections=sections))
    assert len(chunks) >= 3
    assert all(sum(len(t) for t in texts_in(c)) < 12000 for c in chunks)


def test_render_keeps_one_message_within_limits() -> None:
    sections = tuple(Section(heading=f"S{i}", context="c") for i in range(60))
    blocks = render(Message(title="Big", sections=sections))
    assert len(blocks) <= MAX_BLOCKS
    assert "more blocks not shown" in blocks[-1]["elements"][0]["text"]


def test_empty_message_still_renders_something() -> None:
    assert render_messages(Message()) == [render(Message())]
    assert len(render(Message())) == 1


def test_share_button() -> None:
    button = share_button("trends 90d")
    assert button is not None
    assert button["elements"][0]["value"] == "trends 90d"
    assert share_button("x" * 3000) is None


def test_only_sections_typed_as_subscriptions_get_an_unsubscribe_button() -> None:
    sub = SectionRole.SUBSCRIPTION
    home = Message(
        title="Your alerts",
        sections=(
            Section(heading="Acme <!here>", context="DM", role=sub),
            Section(heading="Digest", text="Daily 09:00", context="subscription settings"),
            Section(text="no heading", role=sub),
        ),
    )
    assert [is_subscription(s) for s in home.sections] == [True, False, False]
    blocks = render_home(home, notice=Message(title="Unsubscribed from Foo"))
    assert "Unsubscribed from Foo" in blocks[0]["elements"][0]["text"]
    accessories = [b["accessory"] for b in blocks if "accessory" in b]
    assert len(accessories) == 1
    assert accessories[0]["value"] == "Acme <!here>"  # raw: it goes back to the core
    assert "<!here>" not in json.dumps(texts_in(blocks))


def test_home_is_capped_at_100_blocks() -> None:
    home = Message(
        sections=tuple(Section(heading=f"C{i}", role=SectionRole.SUBSCRIPTION) for i in range(150))
    )
    blocks = render_home(home)
    assert len(blocks) <= 100


def test_manifest_declares_what_the_adapter_uses() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    for needle in (
        "command: /layoffs",
        "socket_mode_enabled: true",
        "app_home_opened",
        "home_tab_enabled: true",
        "messages_tab_enabled: true",
        "is_enabled: true",
        "- message.im",  # the Messages tab is open, so the bot must hear DMs...
        "messages_tab_read_only_enabled: false",
    ):
        assert needle in text
    scopes = ("commands", "chat:write", "im:write", "im:history", "files:write", "users:read")
    for scope in scopes:  # ...which needs im:history
        assert re.search(rf"^\s*- {re.escape(scope)}\s*$", text, re.MULTILINE), scope
    assert "\t" not in text


def test_the_manifest_subscribes_to_every_event_the_adapter_listens_to() -> None:
    """An event missing from the manifest never arrives: app_uninstalled / tokens_revoked
    are what pause a removed workspace."""
    text = MANIFEST.read_text(encoding="utf-8")
    events = text.split("bot_events:", 1)[1].split("interactivity:", 1)[0]
    subscribed = set(re.findall(r"^\s*- ([a-z_.]+)\s*$", events, re.MULTILINE))
    source = (MANIFEST.parent / "adapter.py").read_text(encoding="utf-8")
    heard = set(re.findall(r'bolt\.event\("([a-z_]+)"\)', source))
    # A bot hears `message` events only of the conversation types it subscribes to.
    wanted = {"message.im" if e == "message" else e for e in heard}
    assert {"app_uninstalled", "tokens_revoked", "message.im"} <= wanted
    assert wanted == subscribed


def test_a_storys_kind_shown_in_its_fields_is_not_repeated_in_its_context() -> None:
    """Every story on Slack read "Kind: Layoff" in its fields, then "Layoff · 1 source"
    under them (session 17)."""
    story = Section(
        heading="Acme cuts 100",
        fields=(Field("Kind", "Layoff"), Field("Jobs", "100 jobs")),
        context="1 source",
        kind=Kind.LAYOFF,
    )
    blocks = render(Message(sections=(story,)))
    contexts = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    assert contexts == ["1 source"]
