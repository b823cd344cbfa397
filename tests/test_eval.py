"""`layoffbot eval`: the shared scorer's metrics from the real pipeline, and floors on them.

The floors in tests/data/eval/floors.json are the scores measured when they were set,
rounded down a little: a change to the tagger, the summarizer or the clustering that makes
the judgement worse on any in-repo labelled corpus fails here, naming set and metric.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import eval as scoring
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "data" / "eval"
FLOORS = json.loads((CORPORA / "floors.json").read_text(encoding="utf-8"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        LAYOFFBOT_DATABASE_URL=f"sqlite:///{tmp_path}/unused.db",
        LAYOFFBOT_ENV_FILE=os.devnull,
        LAYOFFBOT_DEFAULT_FEEDS="false",
    )
    env.pop("LAYOFFBOT_LLM_URL", None)
    return env


def _eval(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "eval", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[Pipeline]:
    store = Store.open(f"sqlite:///{tmp_path}/eval.db")
    yield Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
    store.close()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_metric_drops_below_its_floor_on_the_labelled_corpora(
    name: str, pipeline: Pipeline
) -> None:
    records = scoring.load_labels(CORPORA / f"{name}.jsonl")
    metrics, _ = scoring.score(records, scoring.predict(pipeline, records))
    bounds = FLOORS[name]
    failed = scoring.check_bounds(metrics, bounds["min"], bounds["max"])
    assert failed == [], f"{name}: {'; '.join(failed)}"
    assert metrics["missing"] == 0


def test_eval_prints_the_shared_scorers_rows_and_score_line(tmp_path: Path) -> None:
    proc = _eval(tmp_path, str(CORPORA / "dev.jsonl"), "--min", "digest_f1=0.9")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    names = [line.split()[0] for line in lines[:-1]]
    assert names == ["items", "missing", "kind_macro_f1", "kind_accuracy", *scoring.METRICS[2:]]
    assert lines[0].split() == ["items", "130"]
    assert lines[-1].startswith("score: digest_f1=") and "FAILS" not in lines[-1]
    assert not (tmp_path / "unused.db").exists()  # a fresh temporary database, not the user's


def test_eval_cases_says_how_many_labelled_cases_each_metric_rests_on(tmp_path: Path) -> None:
    labelled = [
        {"link": "https://a.example/1", "title": "Acme lays off 200 workers, citing AI",
         "labels": {"kind": "layoff", "ai_cause": True, "companies": ["Acme"], "story": "s1"}},
        {"link": "https://b.example/2", "title": "Acme cuts 200 jobs as AI takes over support",
         "labels": {"kind": "layoff", "ai_cause": True, "companies": ["Acme"], "story": "s1"}},
        {"link": "https://c.example/3", "title": "Shop cuts prices for the holidays",
         "labels": {"kind": "other", "ai_cause": False, "companies": [], "story": "s2"}},
    ]  # fmt: skip
    rows = [scoring.Row(r, {}) for r in labelled]
    assert scoring.cases(rows) == [
        "cases: kinds labelled/said layoff 2/0, hiring_freeze 0/0, analysis 0/0, other 1/0",
        "cases: digest 2 labelled, 0 said; actions (company, headcount, percent) 2; "
        "story pairs 1 labelled, 0 said",
    ]
    proc = _eval(tmp_path, str(CORPORA / "dev.jsonl"), "--cases")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-2].startswith("cases: digest ") and lines[-1].startswith("score: ")
    # dev.jsonl: 62 layoffs, 9 hiring freezes, 18 commentaries and 41 other items, all right
    assert lines[-3] == (
        "cases: kinds labelled/said layoff 62/62, hiring_freeze 9/9, analysis 18/18, other 41/41"
    )


def test_eval_fails_with_exit_1_when_a_metric_is_below_the_floor_asked(tmp_path: Path) -> None:
    proc = _eval(tmp_path, str(CORPORA / "dev.jsonl"), "--min", "digest_f1=1.5", "--errors")
    assert proc.returncode == 1
    assert "FAILS digest_f1" in proc.stdout.splitlines()[-1]
    # --errors also lists the story pairs judged wrong, one block per predicted story.
    assert "- story pairs wrong (one predicted story, several labelled):" in proc.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, (), "no such file"),
        ("{not json\n", (), ":1: not JSON"),
        ('{"title": "x", "link": "https://x"}\n', (), "needs a 'labels' object"),
        ("", ("--min", "bogus=1"), "expected NAME=VALUE"),
    ],
)
def test_eval_refuses_bad_input_in_one_line_without_a_traceback(
    tmp_path: Path, content: str | None, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "labels.jsonl"
    if content is not None:
        path.write_text(content or json.dumps(_record()) + "\n", encoding="utf-8")
    proc = _eval(tmp_path, str(path), *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def _record(**labels: object) -> dict[str, object]:
    base = {
        "kind": "layoff",
        "ai_cause": True,
        "companies": ["Acme"],
        "aliases": {"Acme": ["Acme Corp"]},
        "headcount": 100,
        "headcount_text": None,
        "percent": None,
        "functions": ["sales"],
        "location": None,
        "story": "acme",
    }
    return {"id": "a", "title": "Acme cuts", "link": "https://x/a", "labels": base | labels}


def test_score_counts_aliases_invented_headcounts_and_missing_predictions() -> None:
    labelled = [
        _record(),
        {**_record(headcount=None), "link": "https://x/b"},
        {**_record(kind="other", ai_cause=False), "link": "https://x/c"},
    ]
    predictions = [
        {"link": "https://x/a", "kind": "layoff", "ai_cause": True, "companies": ["Acme Corp"],
         "headcount": 100, "functions": ["sales"], "story": "s1"},
        {"link": "https://x/b", "kind": "layoff", "ai_cause": True, "companies": ["Other"],
         "headcount": 7, "story": "s1"},
    ]  # fmt: skip
    m, rows = scoring.score(labelled, predictions)
    assert m["missing"] == 1
    assert m["digest_f1"] == 1.0
    assert m["company_accuracy"] == 0.5
    assert m["headcount_invented"] == 1
    assert m["story_pair_precision"] == 1.0 and m["story_pair_recall"] == pytest.approx(1 / 3)
    assert len(scoring.errors(rows)) == 3  # as the shared scorer, --errors ignores aliases
    story_lines = scoring.story_errors(rows)
    assert story_lines[0].startswith("- story pairs missed")
    assert not any("story pairs wrong" in line for line in story_lines)
