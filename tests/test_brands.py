"""The brand-to-owner table (bot/data/brands.json, built by scripts/build_brands.py from
bot/data/sources/brand_owners.csv and brand_owner_names.csv; issue #16, session 16)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.companies import display_name, known

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bot" / "data" / "brands.json"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_brands", ROOT / "scripts" / "build_brands.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _builder()


def test_the_committed_table_is_what_the_sources_give() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_brands.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_table_is_small_facts_with_provenance() -> None:
    assert OUTPUT.stat().st_size < 300_000
    data = json.loads(OUTPUT.read_text(encoding="utf-8"))
    assert 250 < len(data["brands"]) < 5000
    assert data["brands"]["ChatGPT"] == ["OpenAI", "app"]
    assert data["brands"]["Bud Light"] == ["Anheuser-Busch", "drink"]
    assert data["brands"]["Call of Duty"] == ["Activision Blizzard", "game"]
    assert data["parents"]["King"] == "Activision Blizzard"
    assert "Mirror" in data["words"] and "ChatGPT" not in data["words"]
    assert data["written"]["Reach"] == "ReachPlc"
    readme = (ROOT / "bot" / "data" / "sources" / "README.md").read_text(encoding="utf-8")
    assert "`brand_owners.csv`" in readme and "`brand_owner_names.csv`" in readme


def test_owners_and_short_forms_are_known_names_but_word_owners_are_not() -> None:
    assert known("CDPR") == "CD Projekt Red" and known("Arena Group") == "Arena Group"
    assert known("P&G") == "Procter & Gamble" and known("AB InBev") == "Anheuser-Busch InBev"
    assert known("ReachPlc") == "Reach" and display_name("ReachPlc") == "Reach"
    assert known("Reach") is None and known("Gap") is None  # words stay words


def _sources(tmp_path: Path, owners: str, names: str = "owner,aliases\n") -> Path:
    (tmp_path / "brand_owners.csv").write_text("brand,owner,kind\n" + owners, encoding="utf-8")
    (tmp_path / "brand_owner_names.csv").write_text(names, encoding="utf-8")
    return tmp_path


def test_owners_are_canonical_and_units_walk_up(
    builder: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = (
        "Fortnite,Epic Games,game\n"
        "Facebook app,Facebook,app\n"  # an alias: the hand list's canonical name (Meta)
        "Candy Crush,King,game\n"
        "King,Activision Blizzard,unit\n"
        "Activision Blizzard,Microsoft,unit\n"
        "Mirror,Reach,publication\n"
    )
    names = "owner,aliases\nKing,King Digital Entertainment\nReach,Reach plc\n"
    monkeypatch.setattr(builder, "SOURCES", _sources(tmp_path, rows, names))
    data = builder.build()
    assert data["brands"]["Fortnite"] == ["Epic Games", "game"]
    assert data["brands"]["Facebook app"] == ["Meta", "app"]
    assert data["parents"] == {"Activision Blizzard": "Microsoft", "King": "Activision Blizzard"}
    assert data["words"] == ["King", "Mirror"]
    assert data["written"] == {"King": "KingDigitalEntertainment", "Reach": "ReachPlc"}
    assert "Reach" not in data["owners"]["Reach"]  # a word is never a known name


@pytest.mark.parametrize(
    ("rows", "names", "error"),
    [
        ("Fortnite,Acme Unheard Of,game\n", "owner,aliases\n", "listed nowhere"),
        ("Fortnite,Epic Games,game\nFORTNITE,Microsoft,game\n", "owner,aliases\n", "two owners"),
        ("Fortnite,Epic Games,toy\n", "owner,aliases\n", "unknown kind"),
        ("Mirror,Reach,publication\n", "owner,aliases\nReach,\n", "is a word"),
    ],
)
def test_contradictions_and_unknown_owners_fail_the_build(
    builder: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: str,
    names: str,
    error: str,
) -> None:
    monkeypatch.setattr(builder, "SOURCES", _sources(tmp_path, rows, names))
    with pytest.raises(builder.BrandError, match=error):
        builder.build()


def test_an_alias_of_another_employer_is_never_taken_over(
    builder: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = "owner,aliases\nAcme Widgets,Microsoft;AcmeW\n"
    monkeypatch.setattr(
        builder, "SOURCES", _sources(tmp_path, "Widget,Acme Widgets,product\n", names)
    )
    data = builder.build()
    assert data["owners"]["Acme Widgets"] == ["Acme Widgets", "AcmeW"]
