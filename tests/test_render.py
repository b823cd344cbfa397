"""Plain-text rendering for the console and `layoffbot ask`."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Field, Image, Kind, Message, Section, Story, StoryLink, Tags
from bot.render import size_text, story_section, to_text


def _story(**tags: object) -> Story:
    when = datetime(2025, 1, 10, tzinfo=UTC)
    return Story(
        id=1,
        key="k",
        headline="Klarna stops hiring, citing AI",
        summary="Klarna says its AI assistant does the work of 700 agents.",
        tags=Tags(**tags),  # type: ignore[arg-type]
        published=when,
        first_seen=when,
        updated=when,
        links=tuple(StoryLink(f"t{i}", f"https://n.example/{i}", "Pub") for i in range(5)),
        item_count=5,
    )


def test_story_section_quotes_evidence_and_sizes() -> None:
    story = _story(
        kind=Kind.HIRING_FREEZE,
        ai_cause=True,
        ai_evidence="our AI assistant does the work of 700 agents",
        companies=("Klarna",),
        percent=12.5,
        functions=("customer_support", "recruiting_hr"),
    )
    out = to_text(Message(title="t", sections=(story_section(story),)))
    assert '> "our AI assistant does the work of 700 agents"' in out
    assert "Kind: Hiring freeze" in out and "Jobs: 12.5% of staff" in out and "AI cited: yes" in out
    assert "customer support, recruiting/HR" in out
    assert "2 more links not shown" in out
    assert out.count("https://n.example/") == 4  # heading link + three listed


def test_size_text() -> None:
    assert size_text(Tags(headcount=1200)) == "1,200 jobs"
    assert size_text(Tags(headcount_text="hundreds")) == "hundreds"
    assert size_text(Tags()) == "not stated"


def test_to_text_strips_control_characters_and_marks_errors() -> None:
    message = Message(
        title="bad\x1b[2J",
        sections=(Section(text="a\x00b\x07c", fields=(Field("k", "v"),)),),
        footer="foot",
        image=Image(b"x", "c.png", "a chart"),
        is_error=True,
    )
    out = to_text(message)
    assert out.startswith("== Error: bad[2J ==")
    assert "abc" in out and "k: v" in out and "[chart: a chart]" in out and out.endswith("foot")
    assert "\x1b" not in out and "\x00" not in out


def test_a_summary_that_only_repeats_the_headline_is_not_shown_twice() -> None:
    # Google News items have no text but their title: the headline was shown, then again
    # as the summary, then again as the quoted evidence.
    from dataclasses import replace

    story = replace(
        _story(kind=Kind.LAYOFF, ai_cause=True, ai_evidence="Klarna stops hiring, citing AI"),
        summary="Klarna stops hiring, citing AI.",
    )
    section = story_section(story)
    assert section.heading == "Klarna stops hiring, citing AI"
    assert section.text == '> "Klarna stops hiring, citing AI"'
    longer = replace(story, summary="Klarna stops hiring, citing AI, its chief executive said.")
    assert story_section(longer).text.startswith("Klarna stops hiring, citing AI, its chief")
