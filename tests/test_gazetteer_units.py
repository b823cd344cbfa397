"""Units of listed employers from bot/data/sources/company_units.csv (built into
employers.json by scripts/build_gazetteer.py): a unit is tagged as itself and filed under
its parent's key, so coverage naming the unit and coverage naming the parent of one round
cluster (issue #16); relations that changed hands inside the news window are left out."""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.companies import company_key, display_name, known
from bot.company_units import alert_heading, unit_name
from bot.models import Article
from bot.story_employers import employer_relation
from bot.story_units import main_unit
from bot.tagging import RuleTagger

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from gazetteer_units import NEWS_START, UnitError, read_units  # noqa: E402

JOINS = [
    ("Twitch", "Amazon"),
    ("Audible", "Amazon"),
    ("Zappos", "Amazon"),
    ("PlayStation Studios", "Sony"),
    ("Naughty Dog", "Sony"),
    ("Waymo", "Google"),
    ("Reality Labs", "Meta"),
    ("Tableau", "Salesforce"),
    ("ESPN", "Disney"),
    ("Pixar", "Disney"),
    ("NBCUniversal", "Comcast"),
    ("CBS News", "Paramount"),
    ("Red Hat", "IBM"),
    ("Merrill Lynch", "Bank of America"),
    ("Cruise", "General Motors"),
]


@pytest.mark.parametrize(("unit", "parent"), JOINS)
def test_a_unit_is_filed_under_its_parent_and_named_as_itself(unit: str, parent: str) -> None:
    assert company_key(unit) == company_key(parent)
    assert display_name(unit) == unit
    assert unit_name(unit) == unit
    relation = employer_relation((unit,), f"{unit} lays off 100", (parent,), (f"{parent} cuts",))
    assert relation == "same"


def _tag(title: str) -> tuple[str, ...]:
    when = datetime(2024, 1, 10, tzinfo=UTC)
    article = Article(title=title, text="", link="https://x.example/a", published=when)
    return RuleTagger().tag(article).companies


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Twitch lays off 500 employees", ("Twitch",)),
        ("Audible lays off over 100 employees", ("Audible",)),
        ("Amazon's Zappos lays off 300", ("Zappos", "Amazon")),
        ("Alphabet's Waymo lays off 100", ("Waymo", "Google")),
        ("Meta's Reality Labs hit by layoffs", ("Reality Labs", "Meta")),
        ("PlayStation Studios lays off 900", ("PlayStation Studios",)),
        ("Layoffs hit Minecraft maker", ("Mojang",)),
        ("CBS News lays off 20", ("CBS News",)),
    ],
)
def test_the_unit_stays_the_employer(title: str, want: tuple[str, ...]) -> None:
    assert _tag(title) == want


def test_the_parent_cutting_in_several_parts_is_the_employer() -> None:
    assert _tag("Disney to Cut Employees From ESPN, Parks in Second Round of Layoffs") == (
        "Disney",
    )


def test_a_word_named_unit_is_never_recognised_by_that_word() -> None:
    # 'Twitch', 'Audible', 'Cruise': the unit only where the rules took a name
    assert known("twitch") is None and known("audible") is None and known("cruise") is None
    assert company_key("Twitch") == "amazon"
    assert _tag("Markets twitch as stocks cut losses") == ()


def test_a_unit_tagged_beside_its_parent_is_a_part_of_it() -> None:
    assert main_unit(("Cruise", "General Motors"), ("General Motors",)) == {"crui"}
    assert main_unit(("Cruise",), ("General Motors",)) == frozenset()  # no parent beside it
    assert main_unit(("General Motors",), ("Cruise", "General Motors")) == frozenset()


def test_a_parents_follower_hears_of_a_new_unit_and_the_heading_says_so() -> None:
    assert alert_heading("Amazon", ["Twitch"], "") == "Twitch, part of Amazon"
    named = "Amazon cuts hundreds of jobs at Studios and Twitch"
    assert alert_heading("Twitch", ["Amazon"], named) == "Amazon, naming Twitch"


def test_units_bought_or_sold_inside_the_news_window_are_left_out() -> None:
    # A key has no date: Bungie (Sony's since 2022) and CNN (WBD's since 2022) keep their own.
    assert company_key("Bungie") == "bungie"
    assert company_key("CNN") != company_key("Warner Bros. Discovery")
    assert company_key("Fitbit") != company_key("Google")
    with (ROOT / "bot/data/sources/company_units.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["source"].strip() for r in rows)  # every fact names its public record
    built = {r["unit"] for r in rows if r["since"] <= NEWS_START and not r["until"]}
    assert "Bungie" not in built and "CNBC" not in built and "Twitch" in built


def test_a_unit_the_hand_list_has_or_listed_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    head = "unit,parent,aliases,since,until,source\n"
    path.write_text(head + "Twitch,Amazon,,2014-09,,x\nTwitch,Amazon,,2014-09,,x\n")
    with pytest.raises(UnitError, match="twice"):
        read_units(path, str.lower, {})
    path.write_text(head + "LinkedIn,Microsoft,,2016-12,,x\n")
    with pytest.raises(UnitError, match="companies.json"):
        read_units(path, str.lower, {"linkedin": "Microsoft"})
