"""The command table (bot/commands/table.py) is the one declaration: text and typed
options reach the same checked arguments, help is made from it, and a company named like
a subcommand stays reachable."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.commands import BY_NAME, SPECS
from bot.commands.parse import split
from bot.commands.spec import Usage
from bot.models import ArgValue
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app

TYPED: list[tuple[str, dict[str, ArgValue]]] = [
    ("company", {"company": "Help Scout"}),
    ("latest", {"n": 10}),
    ("search", {"words": "customer service"}),
    ("trends", {"period": "90d"}),
    ("subscribe", {"company": "Amazon", "where": "here"}),
    ("unsubscribe", {"company": "Amazon"}),
    ("subscriptions", {"page": 2}),
    ("digest", {"action": "on", "time": "08:30", "timezone": "Europe/Berlin"}),
    ("digest", {"action": "on", "time": "8:30pm", "timezone": "London"}),
    ("digest", {"action": "quiet", "quiet": "on"}),
    ("feeds", {"action": "add", "url": "https://example.com/rss"}),
    ("why", {"link": "https://news.example/a"}),
    ("help", {}),
]


@pytest.mark.parametrize(("name", "typed"), TYPED)
def test_typed_options_and_their_text_bind_to_the_same_arguments(
    name: str, typed: dict[str, ArgValue]
) -> None:
    spec = BY_NAME[name]
    parsed = split(spec.text(typed))
    assert parsed.spec is spec
    assert parsed.spec.bind(parsed.raw_args()) == spec.bind(typed)


def test_every_help_example_parses_as_its_own_command() -> None:
    for spec in SPECS:
        if spec.name == "why":  # its example is a placeholder, not a link
            continue
        parsed = split(spec.example)
        assert parsed.spec is spec, spec.example
        parsed.spec.bind(parsed.raw_args())


def test_every_declared_argument_is_documented_and_named_like_an_option() -> None:
    for spec in SPECS:
        assert spec.help and spec.summary and len(spec.summary) <= 100
        for arg in spec.args:
            assert arg.help and len(arg.help) <= 100, (spec.name, arg.name)
            assert arg.name.isidentifier() and arg.name == arg.name.lower()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("latest 10 20", "“10 20” is not a number of stories: give one from 1 to 25."),
        (
            "trends 5y",
            "“5y” is not a period trends shows: 7d (a week), 30d (a month), 90d (3 months) or 1y (a year).",
        ),
        ("digest on 08:30 Europe/Berlin extra", "Too many words after `digest on`."),
        ("digest quiet maybe", "Say `digest quiet on` or `digest quiet off`."),
        ("digest sometimes", "Unknown digest option “sometimes”."),
        ("why <https://a.example/x|a link> and more", "Give me one link."),
    ],
)
def test_text_that_does_not_fit_says_why(text: str, problem: str) -> None:
    parsed = split(text)
    with pytest.raises(Usage) as raised:
        parsed.spec.bind(parsed.raw_args())
    assert raised.value.problem == problem


def test_links_in_slack_form_and_a_trailing_here_are_understood() -> None:
    parsed = split("/layoffs why <https://news.example/a|Klarna cuts>")
    assert parsed.spec.bind(parsed.raw_args()) == {"link": "https://news.example/a"}
    parsed = split("subscribe Help Scout HERE")
    assert parsed.spec.bind(parsed.raw_args()) == {"company": "Help Scout", "where": "here"}


async def test_a_known_company_named_like_a_subcommand_is_looked_up(
    store: Store, make_story: Any
) -> None:
    make_story("Help Scout", headcount=40)
    app = make_app(store)
    for text in ("Help Scout", "help scout", "company Help Scout"):
        reply = await app.handle(cmd(text))
        assert reply.title and reply.title.startswith("Help Scout"), (text, to_text(reply))
    assert (await app.handle(cmd("help me"))).title == "/layoffs: AI-driven layoffs, as reported"


async def test_typed_commands_are_checked_like_text(store: Store) -> None:
    app = make_app(store)
    typed = replace(cmd("digest"), name="digest", args={"action": "on", "time": "25:00"})
    reply = await app.handle(typed)
    assert reply.is_error and "Usage: /layoffs digest" in to_text(reply)
    quiet = replace(cmd("digest"), name="digest", args={"action": "quiet", "quiet": "off"})
    reply = await app.handle(replace(quiet, is_manager=True))
    assert not reply.is_error and reply.title == "Quiet days off"
    unknown = replace(cmd("x"), name="nonsense", args={})
    assert (await app.handle(unknown)).is_error


async def test_every_command_is_in_the_readme_and_in_help(store: Store) -> None:
    """A command missing from the README's table or from `/layoffs help` is one a new
    user never finds."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What users can do", 1)[1].split("\n\n", 2)[1].replace("\\|", "|")
    help_text = to_text(await make_app(store).handle(cmd("help")))
    for spec in SPECS:
        assert f"`{spec.syntax}`" in table, spec.syntax
        assert not spec.listed or spec.syntax in help_text, spec.syntax
