"""The tagger as a package: failures are reported, summaries follow the tags, code stays small."""

from __future__ import annotations

import ast
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot.tagging.tagger as tagger_module
from bot.models import Article, Kind, RawItem, Tags
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger, acting_employers, employers, language_of
from bot.tagging.vocabulary import AUXILIARIES, FUNCTION_TERMS, GENERIC_SUBJECTS

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 3, 1, tzinfo=UTC)
ACME = Article(
    title="Acme to cut 500 jobs in Germany as it shifts to AI",
    text="Acme will cut 500 customer service jobs at its plant in Germany, it said.",
    link="https://x.example/acme",
    published=NOW,
)


def _boom(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError("extractor bug")


def test_a_failing_extractor_is_logged_with_its_traceback_and_the_other_fields_kept(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tagger_module, "_location", _boom)
    with caplog.at_level(logging.ERROR, logger="bot.tagging.tagger"):
        tags = RuleTagger().tag(ACME)
    assert tags.kind == Kind.LAYOFF and tags.companies[:1] == ("Acme",) and tags.ai_cause
    assert tags.headcount == 500 and tags.location is None
    [record] = caplog.records
    assert "event=tag_failed step=location" in record.getMessage()
    assert record.exc_info is not None and "extractor bug" in caplog.text


def test_a_failing_kind_decision_is_logged_not_passed_off_silently_as_other(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tagger_module, "decide", _boom)
    with caplog.at_level(logging.ERROR, logger="bot.tagging.tagger"):
        tags = RuleTagger().tag(ACME)
    assert tags == Tags()
    assert "event=tag_failed step=kind" in caplog.text and "Traceback" in caplog.text


def test_the_public_names_other_code_imports_still_work() -> None:
    assert employers(ACME)[:1] == ("Acme",)
    assert acting_employers(ACME)[:1] == ("Acme",)
    assert language_of(ACME) == "en"


def test_vocabularies_are_read_from_the_data_file() -> None:
    assert "companies" in GENERIC_SUBJECTS and "reportedly" in AUXILIARIES
    assert {name for _, name in FUNCTION_TERMS} >= {"customer_support", "editorial"}


def test_the_summary_names_the_employer_it_is_given_and_judges_none_itself() -> None:
    art = Article(
        title="Cuts announced",
        text="The company will cut 100 jobs in its support team later this year.",
        link="https://x.example/c",
        published=NOW,
    )
    tags = Tags(kind=Kind.LAYOFF, companies=("Zeta",))
    assert ExtractiveSummarizer().summarize(art, tags).startswith("Zeta: ")
    assert not ExtractiveSummarizer().summarize(art, Tags(kind=Kind.ANALYSIS)).startswith("Zeta")


class _NamesZeta:
    """A tagger whose employer no rule would find: the summary can only get it from here."""

    def tag(self, article: Article) -> Tags:
        return Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Zeta",))


def test_the_pipeline_summarizes_after_tagging_with_the_tags(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/db.sqlite")
    pipeline = Pipeline(store, ExtractiveSummarizer(), _NamesZeta(), announce_max_age=None)
    raw = RawItem(
        guid="g1",
        title="Cuts announced",
        link="https://x.example/z",
        summary_html="The company will cut 100 jobs in its support team later this year.",
        published=NOW,
    )
    [item] = pipeline.ingest([raw]).items
    assert item.summary.startswith("Zeta: ")


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > 60
    ]


def test_tagging_sources_stay_small_no_file_over_600_lines_no_function_over_60() -> None:
    paths = [
        *sorted((ROOT / "bot" / "tagging").glob("*.py")),
        ROOT / "bot" / "summarize.py",
        *[p for p in [ROOT / "bot" / "eval.py"] if p.exists()],
    ]
    assert [p.name for p in paths if len(p.read_text(encoding="utf-8").splitlines()) > 600] == []
    assert [f for p in paths for f in _long_functions(p)] == []
