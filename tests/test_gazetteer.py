"""The generated gazetteer (bot/data/employers.json, built by scripts/build_gazetteer.py
from the public lists in bot/data/sources/): real employers are recognised where the rules
see a name, ordinary words never become employers, and the file matches its sources."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.companies import known, plausible_company, word_named_employers
from bot.models import Article
from bot.tagging import RuleTagger
from tests.e2e import cli, rss

ROOT = Path(__file__).resolve().parents[1]


def _tag(title: str, text: str = "") -> tuple[str, tuple[str, ...]]:
    tags = RuleTagger().tag(
        Article(title=title, text=text, link="https://x.example/a", published=datetime.now(UTC))
    )
    return tags.kind.value, tags.companies


def test_generated_gazetteer_matches_its_sources() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gazetteer_is_a_few_thousand_employers_with_provenance() -> None:
    data = json.loads((ROOT / "bot" / "data" / "employers.json").read_text(encoding="utf-8"))
    assert 5000 < len(data["employers"]) < 10000
    readme = (ROOT / "bot" / "data" / "sources" / "README.md").read_text(encoding="utf-8")
    assert "commit" in readme
    for source in (ROOT / "bot" / "data" / "sources").glob("*.csv"):
        assert f"`{source.name}`" in readme  # every list has its provenance


@pytest.mark.parametrize(
    ("name", "employer"),
    [
        ("Tokio Marine Holdings", "Tokio Marine"),  # Japan, Forbes Global 2000
        ("Rheinmetall", "Rheinmetall"),  # Germany
        ("Reliance Industries", "Reliance Industries"),  # India
        ("Commonwealth Bank", "Commonwealth Bank"),  # Australia
        ("Qualys", "Qualys"),  # NASDAQ
        ("Flagstar Bank", "Flagstar Bank"),  # NYSE, listed as 'Flagstar Bank, N.A.'
    ],
)
def test_employers_beyond_the_us_lists_are_known(name: str, employer: str) -> None:
    assert known(name) == employer


@pytest.mark.parametrize(
    "name",
    [
        "Pacer Barings CLO Market Flex ETF",  # an ETF
        "Artius II Acquisition",  # a blank-check company
        "Hennessy Capital Investment Corp. VIII",
        "Energy Recovery",  # listed, but two dictionary words: a phrase more often
    ],
)
def test_exchange_listings_give_no_funds_shells_or_phrases(name: str) -> None:
    assert known(name) is None


def test_listed_names_are_known_by_their_plain_short_name() -> None:
    """The spec's canonical name is the plain brand, the one headlines and labels use."""
    assert known("Regeneron Pharmaceuticals") == known("Regeneron") == "Regeneron"
    assert known("Nissan Motor") == known("Nissan") == "Nissan"
    assert known("Agilent Technologies") == "Agilent"


def test_a_group_name_shared_by_several_employers_is_no_one_employer() -> None:
    """'Tata' is Tata Motors, Tata Steel and Tata Power: a bare 'Tata' must not be taken
    for the carmaker when the item is about steelworkers."""
    assert known("Tata") is None
    assert known("Tata Steel") == "Tata Steel"
    assert known("Toyota Motor") == "Toyota Motor"  # 'Toyota' is also Toyota Industries


def test_numbered_names_that_read_as_quantities_are_not_searched_for() -> None:
    # Names that start with a digit are searched for in text; these would match
    # 'temperatures near 60 degrees' and 'closing 77 bank branches'.
    assert known("60 Degrees Pharmaceuticals") is None
    assert known("77 Bank") is None
    assert _tag("Heatwave: plant shuts as temperatures near 60 degrees, 300 jobs cut")[1] == ()
    assert known("3D Systems") == "3D Systems"  # fused: no quantity


def test_short_names_that_are_surnames_or_phrases_are_not_derived() -> None:
    assert known("Mueller") is None  # 'Mueller Industries': Mueller is a person
    assert known("Clean Energy") is None  # 'Clean Energy Technologies'


def test_full_listed_names_reach_the_canonical_brand() -> None:
    assert known("HSBC Holdings") == "HSBC"  # the hand list's form, a listing's alias
    assert known("Nomura Holdings") == "Nomura"
    assert known("PSBC") == known("Postal Savings Bank of China")
    assert known("Em") is None  # 'EMS-Chemie' is one name, not 'EMS' - 'Chemie'

    assert known("Deere & Company") == "Deere"  # was 'Deere &'
    assert known("Deere and Company") == "Deere"  # '&' and 'and' fold alike


def test_headlines_name_international_employers_by_their_brand() -> None:
    # 'Reliance Industries' was cut off as a Title Case verb phrase; 'Holdings' split
    # one employer's stories from its plain name's.
    assert _tag("Reliance Industries Lays Off 500 At Retail Arm") == (
        "layoff",
        ("Reliance Industries",),
    )
    assert _tag("Nomura Holdings Cuts 150 Jobs In Europe") == ("layoff", ("Nomura",))
    assert _tag("Tokio Marine Holdings Lays Off 300 Staff") == ("layoff", ("Tokio Marine",))
    assert _tag("Akili Lays Off 40% Of Staff") == ("layoff", ("Akili",))


def test_new_sources_add_no_word_named_employers() -> None:
    # 'Phoenix' (Forbes) is a city, 'Vision' could be any micro-cap: a Title Case
    # headline's acting subject must not become an employer by their say-so.
    assert {"Phoenix", "Metro", "Popular"}.isdisjoint(word_named_employers())


def test_listed_employers_are_known_under_their_aliases() -> None:
    assert known("Applied Materials") == "Applied Materials"
    assert known("AMAT") == "Applied Materials"  # a ticker of four letters, not a word
    assert known("Arctic Wolf") == "Arctic Wolf"
    assert known("Alphabet") == "Google"  # the hand list keeps its canonical brand


@pytest.mark.parametrize("word", ["Air", "Article", "Amount", "Ahead", "Chime", "Bolt"])
def test_employers_named_by_one_ordinary_word_are_not_known_by_themselves(word: str) -> None:
    assert known(word) is None


def test_title_case_headline_keeps_a_listed_employers_full_name() -> None:
    # 'Materials' looked like the verb of a Title Case headline and was cut off.
    assert _tag("Applied Materials Cuts 1,400 Jobs") == ("layoff", ("Applied Materials",))
    assert _tag("Akili Interactive Lays Off 46") == ("layoff", ("Akili Interactive",))


def test_word_named_employer_acting_in_a_title_case_headline_is_named() -> None:
    assert _tag("Chime Lays Off 12% Of Staff") == ("layoff", ("Chime",))
    assert _tag("Affirm Cuts 19% Of Workforce")[1] == ("Affirm",)


def test_common_words_still_need_structural_cues() -> None:
    kind, companies = _tag("Chief Cuts Jobs")
    assert "Chief" not in companies
    assert not plausible_company("The")
    _, companies = _tag("Bird flu cuts egg supply as farms cull flocks")
    assert "Bird" not in companies


def test_layoffbot_tag_names_listed_employers_in_title_case_feeds(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        rss(
            "Tech",
            [
                {
                    "title": "Applied Materials Cuts 1,400 Jobs",
                    "link": "https://news.example/amat",
                    "published": datetime(2025, 10, 23, 8, tzinfo=UTC),
                },
                {
                    "title": "Chime Lays Off 12% Of Staff",
                    "link": "https://news.example/chime",
                    "published": datetime(2025, 10, 24, 8, tzinfo=UTC),
                },
            ],
        )
    )
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [r["companies"] for r in rows] == [["Applied Materials"], ["Chime"]]
