"""Rendering: neutral Message -> embeds within Discord's limits, nothing that can ping."""

from __future__ import annotations

import discord

from adapters.discord.translate import (
    ERROR_COLOUR,
    KIND_COLOURS,
    MAX_DESCRIPTION,
    MAX_EMBEDS,
    MAX_FIELDS,
    MAX_TOTAL,
    neutralize,
    render,
    thread_name,
)
from bot.models import Field, Image, Kind, Message, Section, StoryLink


def story(i: int = 1, **overrides: object) -> Section:
    values: dict[str, object] = {
        "heading": f"Acme cuts {i * 100} support jobs, citing AI",
        "url": f"https://news.example.com/acme-{i}",
        "text": "Acme said AI agents now handle most tickets.",
        "fields": (
            Field("Headcount", "1,000"),
            Field("Percent", "10%"),
            Field("AI cited", "yes"),
            Field("Functions", "customer support", inline=False),
        ),
        "context": "Reuters · 2025-05-01",
        "kind": Kind.LAYOFF,
    }
    values.update(overrides)
    return Section(**values)  # type: ignore[arg-type]


def check_limits(pages: list[list[discord.Embed]]) -> None:
    for embeds in pages:
        assert 1 <= len(embeds) <= MAX_EMBEDS
        assert sum(len(e) for e in embeds) <= MAX_TOTAL
        for embed in embeds:
            assert len(embed.title or "") <= 256
            assert len(embed.description or "") <= MAX_DESCRIPTION
            assert len(embed.fields) <= MAX_FIELDS
            for f in embed.fields:
                assert 1 <= len(f.name or "") <= 256 and 1 <= len(f.value or "") <= 1024
            assert len(embed.footer.text or "") <= 2048


def test_a_story_becomes_a_linked_embed_with_fields_footer_and_colour() -> None:
    pages = render(Message(sections=(story(),)))
    assert len(pages) == 1 and len(pages[0]) == 1
    embed = pages[0][0]
    assert embed.title == "Acme cuts 100 support jobs, citing AI"
    assert embed.url == "https://news.example.com/acme-1"
    assert embed.description == "Acme said AI agents now handle most tickets."
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Headcount", "1,000", True),
        ("Percent", "10%", True),
        ("AI cited", "yes", True),
        ("Functions", "customer support", False),
    ]
    assert embed.footer.text == "Reuters · 2025-05-01"
    assert embed.colour == KIND_COLOURS[Kind.LAYOFF]


def test_each_kind_has_its_colour_and_errors_are_red() -> None:
    colours = {kind: render(Message(sections=(story(kind=kind),)))[0][0].colour for kind in Kind}
    assert len(set(colours.values())) == len(Kind)
    error = render(Message(title="Usage", sections=(Section(text="x"),), is_error=True))
    assert error[0][0].colour == ERROR_COLOUR


def test_title_becomes_a_header_and_footer_goes_last() -> None:
    message = Message(title="Daily digest", sections=(story(1), story(2)), footer="2 stories")
    [embeds] = render(message)
    assert [e.title for e in embeds][0] == "Daily digest"
    assert len(embeds) == 3
    assert embeds[-1].footer.text == "Reuters · 2025-05-01\n2 stories"


def test_a_title_without_headed_sections_titles_the_first_embed() -> None:
    [[embed]] = render(Message(title="layoffbot help", sections=(Section(text="/layoffs ..."),)))
    assert embed.title == "layoffbot help" and embed.description == "/layoffs ..."


def test_mentions_are_neutralized_and_markdown_escaped() -> None:
    section = Section(
        heading="@everyone Acme layoffs @here",
        text="Ping @everyone and <@123> and <@&456>, [click](https://evil.example) **bold**",
        fields=(Field("@here", "@everyone"),),
        context="@everyone",
        links=(StoryLink("[fake](https://evil.example)", "https://ok.example/a", "@here"),),
    )
    [[embed]] = render(Message(sections=(section,)))
    texts = [embed.title, embed.description, embed.footer.text]
    texts += [f.name for f in embed.fields] + [f.value for f in embed.fields]
    for text in texts:
        assert text is not None
        assert "@everyone" not in text and "@here" not in text
        assert "<@" not in text
    description = embed.description or ""
    assert "\\[click]" in description and "\\*\\*bold" in description
    assert "[(fake)(https://evil.example)](https://ok.example/a)" in description.replace("\\", "")
    assert neutralize("@everyone") == "@\u200beveryone"


def test_a_publisher_named_like_a_masked_link_is_shown_as_text() -> None:
    # A feed's <source> named "[Verify your account](https://evil.example/login)" became a
    # live link with the text of its choice under every story that quoted it.
    publisher = "[Verify your account](https://evil.example/login) **now**"
    link = StoryLink("Acme cuts 500 jobs", "https://ok.example/a", publisher)
    [[embed]] = render(Message(sections=(Section(heading="Acme", links=(link,)),)))
    description = embed.description or ""
    assert "[Verify your account]" not in description.replace("\\", ""), description
    assert "(Verify your account)(https://evil.example/login) \\*\\*now" in description
    assert description.startswith("• [Acme cuts 500 jobs](https://ok.example/a) (")


def test_a_link_title_over_two_lines_stays_one_masked_link() -> None:
    # The label and the publisher are cleaned by one function (translate._inline): a line
    # break in the label left `[Acme cuts` and `500 jobs](url)` on two lines, shown raw.
    link = StoryLink("Acme cuts\n500 [jobs]", "https://ok.example/a", "Wire\nNews")
    [[embed]] = render(Message(sections=(Section(heading="Acme", links=(link,)),)))
    assert embed.description == "• [Acme cuts 500 (jobs)](https://ok.example/a) (Wire News)"


def test_only_http_urls_become_links() -> None:
    [[embed]] = render(Message(sections=(story(url="javascript:alert(1)"),)))
    assert embed.url is None
    [[embed]] = render(Message(sections=(story(url="https://x.example/a b"),)))
    assert embed.url is None


def test_limits_are_kept_and_long_text_is_split_in_order() -> None:
    words = " ".join(f"w{i}" for i in range(4000))  # ~ 23,000 characters
    section = Section(
        heading="H" * 400,
        text=words,
        fields=tuple(Field("N" * 300, "V" * 2000) for _ in range(30)),
        context="F" * 3000,
    )
    pages = render(Message(title="T" * 300, sections=(section,), footer="end"))
    check_limits(pages)
    assert len(pages) > 1
    embeds = [e for page in pages for e in page]
    assert embeds[0].author.name == "T" * 255 + "…"
    assert embeds[0].title == "H" * 255 + "…"
    rebuilt = " ".join((e.description or "") for e in embeds if e.description)
    assert rebuilt.split() == words.split()
    assert sum(len(e.fields) for e in embeds) == 30
    assert embeds[-1].footer.text is not None and embeds[-1].footer.text.endswith("end")


def test_many_stories_spill_into_several_messages_in_order() -> None:
    stories = tuple(story(i, text="x " * 900) for i in range(1, 26))
    pages = render(Message(title="Digest", sections=stories))
    check_limits(pages)
    assert len(pages) >= 3
    titles = [e.title for page in pages for e in page if e.title]
    assert titles == ["Digest"] + [s.heading for s in stories]


def test_the_chart_is_shown_by_the_first_embed() -> None:
    image = Image(b"\x89PNG", "trends 30d.png", "Layoffs per week")
    [[embed]] = render(Message(title="Trends", sections=(Section(text="up"),), image=image))
    assert embed.image.url == "attachment://trends_30d.png"


def test_an_empty_message_still_renders() -> None:
    pages = render(Message())
    check_limits(pages)
    assert len(pages) == 1


def test_thread_names_come_from_the_heading_within_100_characters() -> None:
    assert thread_name(Message(sections=(story(heading="A" * 150),))) == "A" * 99 + "…"
    assert thread_name(Message(title="Digest")) == "Digest"


def test_a_single_story_message_shows_its_title_as_a_byline() -> None:
    [[embed]] = render(Message(title="TikTok", sections=(story(),), discussion=True))
    assert embed.author.name == "TikTok"
    assert embed.title == "Acme cuts 100 support jobs, citing AI"


def test_quoted_evidence_stays_a_quote_with_its_text_escaped() -> None:
    section = Section(heading="Acme", text='Acme cut jobs.\n> "AI *now* does it" @everyone')
    [[embed]] = render(Message(sections=(section,)))
    assert embed.description == 'Acme cut jobs.\n> "AI \\*now\\* does it" @\u200beveryone'
