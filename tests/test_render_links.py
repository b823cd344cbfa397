"""A link a reader cannot follow is never shown as one.

Found by a trial attacker: an item whose <link> was not http(s) kept its guid as its
link, and the terminal showed it: 'Headline <g0>'.
"""

from __future__ import annotations

from bot.models import Message, Section, StoryLink
from bot.render import to_text


def test_a_section_with_a_link_that_is_not_http_shows_no_link() -> None:
    links = (
        StoryLink(title="First", url="g0", publisher="Wire"),
        StoryLink(title="Second", url="https://news.example/a", publisher=None),
    )
    for url in ("g0", "javascript:alert(1)", "urn:uuid:1234", "ftp://files.example/x"):
        text = to_text(Message(title="T", sections=(Section(heading="Acme cuts", url=url),)))
        assert "Acme cuts" in text and url not in text and "<" not in text, text
    text = to_text(Message(title="T", sections=(Section(heading="H", links=links),)))
    assert "  - First (Wire)\n" in text and "g0" not in text, text
    assert "  - Second: https://news.example/a" in text, text
    shown = to_text(Message(title="T", sections=(Section(heading="H", url="https://a.example/"),)))
    assert "H <https://a.example/>" in shown
