"""Score the bot's judgement against a labelled set (shared/spec/tagging.md's records).

`layoffbot eval LABELS.jsonl` runs the real ingest pipeline (clean, tag, summarize,
cluster, store) on the labelled items and prints the metrics of the project's shared
scorer (shared/tools/score_tags.py), computed the same way, so a number quoted from one
is the number the other gives. The labels never reach the pipeline: items are built the
way a feed delivers them (headline, description, full text, date, `dc:creator` source).
"""

from __future__ import annotations

import collections
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import file_problem
from bot.models import Kind, RawItem
from bot.pipeline import Pipeline

KINDS = tuple(kind.value for kind in Kind)
ACTION = frozenset({Kind.LAYOFF.value, Kind.HIRING_FREEZE.value})
# The labels the scorer reads of every record, and of a layoff's or freeze's too: a record
# lacking one is refused as it is read, naming its line.
LABELS = ("kind", "ai_cause", "headcount", "functions", "story")
ACTION_LABELS = ("companies", "percent")
# The shared scorer's list: page furniture a summary of a long page must not carry.
BOILERPLATE = (
    "leave a reply", "subscribe", "sign in", "share post", "cookie", "newsletter",
    "more like this", "please enter your", "you may also like", "read more",
)  # fmt: skip
# The scorer's closing line, in its order.
HEADLINE = (
    "digest_f1", "kind_macro_f1", "company_accuracy", "headcount_accuracy",
    "headcount_invented", "story_pair_f1", "summary_clean",
)  # fmt: skip
# Metrics a floor or ceiling may name (`--min`, `--max`, tests/data/eval/floors.json).
METRICS = (
    "kind_macro_f1", "kind_accuracy", "digest_precision", "digest_recall", "digest_f1",
    "ai_cause_f1", "company_accuracy", "headcount_accuracy", "headcount_invented",
    "percent_accuracy", "functions_f1", "story_pair_precision", "story_pair_recall",
    "story_pair_f1", "summary_clean",
)  # fmt: skip

Record = dict[str, Any]
Prediction = dict[str, Any]
Metrics = dict[str, float | int]


class LabelsError(Exception):
    """A labelled file that cannot be read: the message names the file and the line."""


def load_labels(path: Path) -> list[Record]:
    """The labelled records, each with a title, a link and labels (or a clear error)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LabelsError(f"{path}: {file_problem(exc)}") from None
    return labels_in(data, str(path))


def labels_in(data: bytes, name: str) -> list[Record]:
    """The labelled records in `data`, read from `name` (a file, or standard input: the
    command line opens it, `layoffbot eval -` and named pipes as `tag` reads them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LabelsError(f"{name}: cannot read it (not UTF-8 text)") from None
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelsError(f"{name}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("labels"), dict):
            raise LabelsError(f"{name}:{number}: a record needs a 'labels' object")
        if not record.get("link") or "title" not in record:
            raise LabelsError(f"{name}:{number}: a record needs a 'title' and a 'link'")
        _check_labels(record["labels"], f"{name}:{number}")
        records.append(record)
    if not records:
        raise LabelsError(f"{name}: no labelled records")
    return records


def _check_labels(labels: Record, where: str) -> None:
    """A record the scorer can score: a label missing was a traceback after the whole run
    (session 18's trial)."""
    kind = labels.get("kind")
    if kind not in KINDS:
        raise LabelsError(f"{where}: 'kind' is one of {', '.join(KINDS)}")
    needed = LABELS + (ACTION_LABELS if kind in ACTION else ())
    lacking = [f"'{k}'" for k in needed if k not in labels]
    if lacking:
        raise LabelsError(
            f"{where}: its labels lack {', '.join(lacking)} "
            "(shared/spec/tagging.md; null or [] where there is none)"
        )


def raw_item(record: Record) -> RawItem:
    """The item as a feed of the labelled set delivers it (see shared/tools/jsonl_to_rss.py)."""
    published = record.get("published")
    when = (
        datetime.fromisoformat(str(published).replace("Z", "+00:00")).astimezone(UTC)
        if published
        else None
    )
    source = record.get("source")
    return RawItem(
        guid=str(record.get("id") or record["link"]),
        title=str(record.get("title") or ""),
        link=str(record["link"]),
        summary_html=str(record.get("summary") or ""),
        content_html=str(record.get("content") or ""),
        published=when,
        author=str(source) if source else None,
    )


def norm(name: object) -> str:
    return " ".join(str(name).lower().replace(".", "").replace(",", "").split())


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class Row:
    """One labelled record and what the bot said about it ({} when it said nothing)."""

    record: Record
    prediction: Prediction

    @property
    def labels(self) -> Record:
        labels: Record = self.record["labels"]
        return labels


def join(labelled: Sequence[Record], predictions: Iterable[Prediction]) -> list[Row]:
    by_link = {p.get("link"): p for p in predictions}
    return [Row(r, by_link.get(r["link"], {})) for r in labelled]


def _count(rows: Iterable[Row], test: Callable[[Record, Prediction], bool]) -> int:
    return sum(1 for row in rows if test(row.labels, row.prediction))


def _kind_metrics(rows: list[Row]) -> Metrics:
    f1s = []
    for k in KINDS:
        want = [r.labels["kind"] == k for r in rows]
        got = [r.prediction.get("kind") == k for r in rows]
        tp = sum(w and g for w, g in zip(want, got, strict=True))
        fp = sum(g and not w for w, g in zip(want, got, strict=True))
        fn = sum(w and not g for w, g in zip(want, got, strict=True))
        f1s.append(_f1(tp, fp, fn)[2])
    return {
        "kind_macro_f1": sum(f1s) / len(f1s),
        "kind_accuracy": _count(rows, lambda lab, p: lab["kind"] == p.get("kind")) / len(rows),
    }


def _in_digest(kind: object, ai: object) -> bool:
    return kind in ACTION and bool(ai)


def _cause_metrics(rows: list[Row]) -> Metrics:
    def want(lab: Record) -> bool:
        return _in_digest(lab["kind"], lab["ai_cause"])

    def got(p: Prediction) -> bool:
        return _in_digest(p.get("kind"), p.get("ai_cause"))

    tp = _count(rows, lambda lab, p: want(lab) and got(p))
    fp = _count(rows, lambda lab, p: not want(lab) and got(p))
    fn = _count(rows, lambda lab, p: want(lab) and not got(p))
    m: Metrics = dict(
        zip(("digest_precision", "digest_recall", "digest_f1"), _f1(tp, fp, fn), strict=True)
    )
    tp = _count(rows, lambda lab, p: bool(lab["ai_cause"] and p.get("ai_cause")))
    fp = _count(rows, lambda lab, p: bool(not lab["ai_cause"] and p.get("ai_cause")))
    fn = _count(rows, lambda lab, p: bool(lab["ai_cause"] and not p.get("ai_cause")))
    m["ai_cause_f1"] = _f1(tp, fp, fn)[2]
    return m


def company_ok(labels: Record, prediction: Prediction) -> bool:
    """The main employer named first (any alias of it counts); none when none is labelled."""
    want = labels["companies"][:1]
    if not want:
        return not prediction.get("companies")
    aliases = labels.get("aliases", {}).get(want[0], [])
    accept = {norm(want[0])} | {norm(a) for a in aliases}
    got = prediction.get("companies") or []
    return bool(got) and norm(got[0]) in accept


def _percent_equal(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(str(a)) - float(str(b))) < 0.06


def _action_metrics(rows: list[Row]) -> Metrics:
    action = [r for r in rows if r.labels["kind"] in ACTION]
    n = len(action)
    invented = _count(
        rows, lambda lab, p: lab["headcount"] is None and p.get("headcount") is not None
    )
    if not n:
        return dict.fromkeys(
            ("company_accuracy", "headcount_accuracy", "percent_accuracy"), 1.0
        ) | {"headcount_invented": invented}
    return {
        "company_accuracy": _count(action, company_ok) / n,
        "headcount_accuracy": _count(action, lambda lab, p: lab["headcount"] == p.get("headcount"))
        / n,
        "headcount_invented": invented,
        "percent_accuracy": _count(
            action, lambda lab, p: _percent_equal(lab["percent"], p.get("percent"))
        )
        / n,
    }


def _functions_f1(rows: list[Row]) -> float:
    tp = fp = fn = 0
    for row in rows:
        want, got = set(row.labels["functions"]), set(row.prediction.get("functions") or [])
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    return _f1(tp, fp, fn)[2]


def _story_metrics(rows: list[Row]) -> Metrics:
    tp = fp = fn = 0
    for a, b in itertools.combinations(rows, 2):
        same_label = a.labels["story"] == b.labels["story"]
        story = a.prediction.get("story")
        same_pred = story is not None and story == b.prediction.get("story")
        tp += same_label and same_pred
        fp += same_pred and not same_label
        fn += same_label and not same_pred
    names = ("story_pair_precision", "story_pair_recall", "story_pair_f1")
    return dict(zip(names, _f1(tp, fp, fn), strict=True))


def cases(rows: Sequence[Row]) -> list[str]:
    """How many labelled cases each metric rests on: a score over three cases says little."""
    action = sum(1 for r in rows if r.labels["kind"] in ACTION)
    digest = sum(1 for r in rows if _in_digest(r.labels["kind"], r.labels["ai_cause"]))
    said = sum(
        1 for r in rows if _in_digest(r.prediction.get("kind"), r.prediction.get("ai_cause"))
    )
    stories = collections.Counter(r.labels["story"] for r in rows)
    labelled = sum(n * (n - 1) // 2 for n in stories.values())
    predicted_stories = collections.Counter(
        r.prediction["story"] for r in rows if r.prediction.get("story") is not None
    )
    predicted = sum(n * (n - 1) // 2 for n in predicted_stories.values())
    return [
        _kind_cases(rows),
        f"cases: digest {digest} labelled, {said} said; actions (company, headcount, percent) "
        f"{action}; story pairs {labelled} labelled, {predicted} said",
    ]


def _kind_cases(rows: Sequence[Row]) -> str:
    """Each kind's labelled and said counts: kind macro-F1 averages the four kinds' F1, so one
    item of a kind labelled once (or said once and labelled never: F1 0) moves it by ~0.25."""
    want = collections.Counter(r.labels["kind"] for r in rows)
    got = collections.Counter(r.prediction.get("kind") for r in rows)
    return "cases: kinds labelled/said " + ", ".join(f"{k} {want[k]}/{got[k]}" for k in KINDS)


def _summary_clean(rows: list[Row]) -> float:
    """Summaries of long pages: short, free of page furniture, naming the acting employer."""
    long_items = [r for r in rows if len(r.record.get("content") or "") > 1000]
    clean = 0
    for row in long_items:
        s = str(row.prediction.get("summary") or "").strip()
        employer = row.labels["companies"][:1] if row.labels["kind"] in ACTION else []
        bad = (
            not s
            or len(s) > 400
            or any(b in s.lower() for b in BOILERPLATE)
            or bool(employer and norm(employer[0]) not in norm(s))
        )
        clean += not bad
    return clean / len(long_items) if long_items else 1.0


def score(
    labelled: Sequence[Record], predictions: Iterable[Prediction]
) -> tuple[Metrics, list[Row]]:
    """The shared scorer's metrics, in its order, and the joined rows (for `errors`)."""
    rows = join(labelled, predictions)
    m: Metrics = {"items": len(rows), "missing": sum(1 for r in rows if not r.prediction)}
    m |= _kind_metrics(rows)
    m |= _cause_metrics(rows)
    m |= _action_metrics(rows)
    m["functions_f1"] = _functions_f1(rows)
    m |= _story_metrics(rows)
    m["summary_clean"] = _summary_clean(rows)
    order = ("items", "missing", "kind_macro_f1", "kind_accuracy", *METRICS[2:])
    return {k: m[k] for k in order}, rows


def _value(v: float | int) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def report(metrics: Metrics) -> list[str]:
    """One line per metric, then `score: ...`, as shared/tools/score_tags.py prints them."""
    lines = [f"{k:22} {_value(v)}" for k, v in metrics.items()]
    return [*lines, "score: " + " ".join(f"{k}={_value(metrics[k])}" for k in HEADLINE)]


def errors(rows: Iterable[Row]) -> list[str]:
    """The items the bot got wrong, one line each, fields it missed with want/got."""
    out = []
    for row in rows:
        lab, p = row.labels, row.prediction
        diff = {
            k: (lab[k], p.get(k))
            for k in ("kind", "ai_cause", "headcount", "percent")
            if lab[k] != p.get(k)
        }
        if lab["companies"][:1] and norm((p.get("companies") or [""])[0]) != norm(
            lab["companies"][0]
        ):
            diff["companies"] = (lab["companies"], p.get("companies"))
        if diff:
            what = ", ".join(f"{k} want {w!r} got {g!r}" for k, (w, g) in diff.items())
            out.append(f"- {row.record['title'][:90]!r}: {what}")
    return out


def story_errors(rows: Sequence[Row]) -> list[str]:
    """Labelled stories the bot split (missed pairs) and stories it joined that the labels
    keep apart (wrong pairs), one block each, with every item's date, kind and headline."""

    def line(row: Row) -> str:
        p = row.prediction
        when = str(row.record.get("published", ""))[:10]
        return f"    {when} {p.get('kind', '?'):13} {row.record['title'][:80]!r}"

    def groups(key: Callable[[Row], object], inner: Callable[[Row], object]) -> list[str]:
        out: list[str] = []
        by: dict[object, list[Row]] = {}
        for row in rows:
            by.setdefault(key(row), []).append(row)
        for name, members in by.items():
            parts: dict[object, list[Row]] = {}
            for row in members:
                parts.setdefault(inner(row), []).append(row)
            if name is None or len(parts) < 2:
                continue
            out.append(f"  {name}:")
            for part, part_rows in parts.items():
                out += [f"   [{part}]", *map(line, part_rows)]
        return out

    def label(row: Row) -> object:
        return row.labels["story"]

    def predicted(row: Row) -> object:
        return row.prediction.get("story")

    missed = groups(label, predicted)
    wrong = groups(predicted, label)
    return [
        *(
            ["- story pairs missed (one labelled story, several predicted):", *missed]
            * bool(missed)
        ),
        *(["- story pairs wrong (one predicted story, several labelled):", *wrong] * bool(wrong)),
    ]


def check_bounds(
    metrics: Metrics, minimum: dict[str, float], maximum: dict[str, float]
) -> list[str]:
    """The floors and ceilings a run breaks, as 'name value < floor' phrases."""
    failed = [f"{k} {metrics[k]:.3f} < {v:g}" for k, v in minimum.items() if metrics[k] < v]
    failed += [f"{k} {metrics[k]} > {v:g}" for k, v in maximum.items() if metrics[k] > v]
    return failed


def parse_bounds(specs: Iterable[str]) -> dict[str, float]:
    """'digest_f1=0.9' options into a dict; a ValueError names what is wrong."""
    bounds: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not sep or name not in METRICS:
            raise ValueError(f"{spec!r}: expected NAME=VALUE with NAME one of {', '.join(METRICS)}")
        try:
            bounds[name] = float(value)
        except ValueError:
            raise ValueError(f"{spec!r}: {value!r} is not a number") from None
    return bounds


def predict(pipeline: Pipeline, records: Sequence[Record]) -> list[Prediction]:
    """What `layoffbot tag --format jsonl` prints for the records, from the same pipeline."""
    result = pipeline.ingest([raw_item(r) for r in records], announce=False, report_known=True)
    return [
        {
            "link": it.article.link,
            "title": it.article.title,
            "summary": it.summary,
            **it.tags.to_json(),
            "story": it.story_key,
        }
        for it in result.items
    ]
