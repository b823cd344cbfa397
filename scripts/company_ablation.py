"""How the acting-employer rules do on employers the data files do not know (issue 16).

    .venv/bin/python scripts/company_ablation.py [SET ...] [--errors] [--jobs 2] [--keep-generated]

Earlier gains on `company_accuracy` came from facts about the very names the tune sets label
(bot/data/companies.json entries, brands.json rows): they do not carry over to news naming
other employers, which is what held-out news is. This script measures the rules without
them. It hides from the data files every employer the tune sets' labels name (`companies`
and every name in `aliases`), then scores each set twice with `layoffbot eval`: with the
data files as they are (`known`) and with those employers hidden (`unknown`), where the
tagger has only the structural cues (possessives, 'X to cut', 'X lays off', 'X-owned Y',
Title Case headlines, descriptors, units before parents) to find them.

What is hidden (folded: case, accents, punctuation and legal suffixes ignored):
- the labelled names, and every name listed in one entry with one of them (an entry of
  companies.json 'companies' or 'units', of employers.json, of brands.json 'owners'),
  until no entry adds another: hiding 'Instagram' hides 'Meta', 'Facebook' and 'WhatsApp';
- from companies.json: those entries, and the bosses ('people'), case-sensitive names,
  former names and owners naming a hidden employer;
- from employers.json: those employers and the one-word names of its `ambiguous` list
  (with `--keep-generated` the generated list is left whole: it is built from public
  lists, layoffs.fyi among them, not from the sets; see bot/data/sources/README.md);
- from brands.json: every brand a hidden employer owns or that is one, and the parents,
  spellings and owners naming one.

The code is not changed: a copy of the `bot` package with the filtered data files is put
first on the path of the `layoffbot eval` processes (and of the worker processes they
start). Only tune sets are read: files named *.untouched* or *.check* are held out and
never opened (tests/data/eval/README.md). SET is a file name without `.jsonl`; with none,
every tune set is scored. `--errors` lists, per set, the items whose employer the
rules get wrong, with the data files whole and with the ablation, among the items
company_accuracy scores (actions). `--keep DIR` also
writes the ablated copy to DIR/bot, to try items on: `PYTHONPATH=DIR python -m bot ...`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.eval import ACTION, Metrics, company_ok, load_labels, score

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "eval"
DATA_FILES = ("companies.json", "employers.json", "brands.json")
_LEGAL = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|llc|"
    r"se|ag|nv|sa|gmbh|pty|pte|holdings?|group)\.?)+$",
    re.IGNORECASE,
)


def fold(name: str) -> str:
    """Case-, accent-, punctuation- and legal-suffix-insensitive key ('Meta Platforms Inc.'
    and 'meta platforms' are one)."""
    text = unicodedata.normalize("NFKD", _LEGAL.sub("", name.strip()) or name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", text.replace("&", " and "))


def held_out(path: Path) -> bool:
    return ".untouched" in path.name or ".check" in path.name


def tune_sets() -> list[Path]:
    return sorted(p for p in EVAL.glob("*.jsonl") if not held_out(p))


def labelled_employers(paths: Iterable[Path]) -> set[str]:
    """Every name the labels give an acting employer: `companies` and their `aliases`."""
    names: set[str] = set()
    for path in paths:
        assert not held_out(path), path  # never read a held-out file
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            labels = json.loads(line)["labels"]
            names.update(labels.get("companies") or [])
            for aliases in (labels.get("aliases") or {}).values():
                names.update(aliases)
    return names


def _groups(
    hand: dict[str, Any], generated: dict[str, Any], brands: dict[str, Any]
) -> Iterator[list[str]]:
    """The names each data-file entry lists together (a name and its aliases)."""
    for table in (hand.get("companies", {}), hand.get("units", {}), generated.get("employers", {})):
        for name, aliases in table.items():
            yield [name, *aliases]
    for name, aliases in brands.get("owners", {}).items():
        yield [name, *aliases]


def hidden_keys(
    labelled: Iterable[str], hand: dict[str, Any], generated: dict[str, Any], brands: dict[str, Any]
) -> set[str]:
    """The folded labelled names and, until nothing changes, every name listed with one."""
    hidden = {fold(n) for n in labelled if fold(n)}
    groups = [[fold(n) for n in group] for group in _groups(hand, generated, brands)]
    changed = True
    while changed:
        changed = False
        for group in groups:
            if any(k in hidden for k in group) and not set(group) <= hidden:
                hidden.update(group)
                changed = True
    return hidden


def ablate_hand(hand: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    out = dict(hand)

    def keep(name: str) -> bool:
        return fold(name) not in hidden

    out["companies"] = {n: a for n, a in hand["companies"].items() if keep(n)}
    out["units"] = {n: a for n, a in hand.get("units", {}).items() if keep(n)}
    out["people"] = {p: c for p, c in hand.get("people", {}).items() if keep(c)}
    out["case_sensitive"] = [n for n in hand.get("case_sensitive", []) if keep(n)]
    out["former_names"] = {
        old: new for old, new in hand.get("former_names", {}).items() if keep(old) and keep(new)
    }
    out["owners"] = [n for n in hand.get("owners", []) if keep(n)]
    return out


def ablate_generated(generated: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    out = dict(generated)
    out["employers"] = {
        n: a
        for n, a in generated.get("employers", {}).items()
        if not any(fold(x) in hidden for x in (n, *a))
    }
    out["ambiguous"] = [n for n in generated.get("ambiguous", []) if fold(n) not in hidden]
    return out


def ablate_brands(brands: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    def keep(*names: str) -> bool:
        return not any(fold(n) in hidden for n in names)

    out = dict(brands)
    out["brands"] = {b: row for b, row in brands.get("brands", {}).items() if keep(b, row[0])}
    out["words"] = [w for w in brands.get("words", []) if w in out["brands"]]
    out["parents"] = {u: p for u, p in brands.get("parents", {}).items() if keep(u, p)}
    out["written"] = {n: w for n, w in brands.get("written", {}).items() if keep(n)}
    out["owners"] = {n: a for n, a in brands.get("owners", {}).items() if keep(n, *a)}
    return out


def ablated_copy(target: Path, labelled: set[str], *, keep_generated: bool) -> dict[str, int]:
    """Copy the `bot` package under `target` with the employers hidden; counts of what is
    left out, per file."""
    shutil.copytree(
        ROOT / "bot", target / "bot", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    data = target / "bot" / "data"
    hand, generated, brands = (
        json.loads((data / f).read_text(encoding="utf-8")) for f in DATA_FILES
    )
    hidden = hidden_keys(labelled, hand, generated, brands)
    new_hand = ablate_hand(hand, hidden)
    new_generated = generated if keep_generated else ablate_generated(generated, hidden)
    new_brands = ablate_brands(brands, hidden)
    for name, value in zip(DATA_FILES, (new_hand, new_generated, new_brands), strict=True):
        (data / name).write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "companies.json": len(hand["companies"]) - len(new_hand["companies"]),
        "employers.json": len(generated.get("employers", {}))
        - len(new_generated.get("employers", {})),
        "brands.json": len(brands.get("brands", {})) - len(new_brands["brands"]),
    }


def run_eval(labels: Path, *, path: Path | None) -> tuple[Metrics, list[str]]:
    """The set's metrics and the action items whose employer is wrong, from
    scripts/predict.py (the real ingest pipeline) run with `path` (an ablated copy of
    `bot`) first on the module path, scored here by bot.eval's scorer."""
    env = dict(os.environ, PYTHONPATH=str(path or ROOT))  # this checkout's code, not the venv's
    command = [sys.executable, str(ROOT / "scripts" / "predict.py"), str(labels)]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    predictions = [json.loads(line) for line in out.splitlines() if line.strip()]
    metrics, rows = score(load_labels(labels), predictions)
    wrong = [
        f"- {row.record['title'][:90]!r}: want {row.labels['companies']} "
        f"got {row.prediction.get('companies')}"
        for row in rows
        if row.labels["kind"] in ACTION and not company_ok(row.labels, row.prediction)
    ]
    return metrics, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="set names without .jsonl (default: all tune)")
    parser.add_argument("--errors", action="store_true", help="list the ablation's misses")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--keep-generated", action="store_true", help="hide nothing from employers.json"
    )
    parser.add_argument(
        "--keep", type=Path, help="also write the ablated copy of `bot` under this folder"
    )
    args = parser.parse_args(argv)
    sets = [EVAL / f"{s}.jsonl" for s in args.sets] if args.sets else tune_sets()
    if any(held_out(p) for p in sets):
        parser.error("held-out sets are scored by the lead only")
    labelled = labelled_employers(tune_sets())
    with tempfile.TemporaryDirectory(prefix="layoffbot-ablation-") as tmp:
        removed = ablated_copy(Path(tmp), labelled, keep_generated=args.keep_generated)
        if args.keep:
            shutil.copytree(Path(tmp) / "bot", args.keep / "bot", dirs_exist_ok=True)
        print(
            f"{len(labelled)} labelled employer names hidden: "
            + ", ".join(f"{n} entries from {f}" for f, n in removed.items())
        )
        jobs = [(s, mode) for s in sets for mode in (None, Path(tmp))]
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(
                pool.map(
                    lambda job: run_eval(job[0], path=job[1]),
                    jobs,
                )
            )
    print(f"{'set':28s} {'known':>7s} {'unknown':>8s}   company_accuracy")
    by_set = {(s, mode is None): r for (s, mode), r in zip(jobs, results, strict=True)}
    wrong = [0, 0]
    for s in sets:
        known_score = by_set[s, True][0]["company_accuracy"]
        unknown_score = by_set[s, False][0]["company_accuracy"]
        print(f"{s.stem:28s} {known_score:7.3f} {unknown_score:8.3f}")
        wrong[0] += len(by_set[s, True][1])
        wrong[1] += len(by_set[s, False][1])
    print(f"{'actions wrong (all sets)':28s} {wrong[0]:7d} {wrong[1]:8d}")
    if args.errors:
        for s in sets:
            print(f"\n{s.stem} (known):", *by_set[s, True][1], sep="\n")
            print(f"{s.stem} (unknown):", *by_set[s, False][1], sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
