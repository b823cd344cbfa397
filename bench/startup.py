"""Start-up of the everyday commands (issue 14: any command <= 0.3 s), each against
another checkout in the same minutes.

    python -m bench.startup [--against ../main] [--rounds 9] [--instructions]
                            [--only "ask latest,poll --once"]

Every command runs as a person runs it (`python -m bot ...`, bytecode compiled first) on
one migrated database with no feed and no story: every command of `layoffbot --help`
(`run`, `tag` and `eval` by their help, which is their start without their work), the
common `/layoffs` commands through `ask` (help, latest, a company, trends with its chart,
subscribe, digest settings, why, search), `poll --once` (nothing due), `feeds list`,
`db upgrade` (up to date) and `discord invite`; `--only` picks some. With `--against`
the two checkouts alternate (A B, then B A), so a host whose speed drifts under other
jobs weighs on both alike. Wall time and CPU time (user + system, the child's own) are
reported as best and median. `--instructions` also counts each command's instructions
once under `valgrind --tool=callgrind` (slow; repeatable to ~0.1% whatever the load).
A poll's threads make some of its callgrind runs ~0.9 G higher (the loop polling while
valgrind runs one thread at a time): its lower count is the one that compares.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.3  # seconds, issue 14
COMMANDS = (
    ("--help",),
    ("ask", "help"),
    ("ask", "latest"),
    ("ask", "tiktok"),
    ("ask", "trends"),
    ("ask", "subscribe tiktok"),
    ("ask", "digest settings"),
    ("ask", "why https://example.com/a-story"),
    ("ask", "search layoffs"),
    ("poll", "--once"),
    ("feeds", "list"),
    ("db", "upgrade"),
    ("discord", "invite", "--client-id", "123456789012345678"),
    ("run", "--help"),
    ("tag", "--help"),
    ("eval", "--help"),
)


def _env(db: Path, root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAYOFFBOT_")}
    return env | {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{db}",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
        "PYTHONPATH": str(root),
    }


def _python(root: Path) -> str:
    """The checkout's own interpreter (its venv), else this one."""
    venv = root / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _once(root: Path, args: tuple[str, ...], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [_python(root), "-m", "bot", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{root}: layoffbot {' '.join(args)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def _instructions(root: Path, args: tuple[str, ...], env: dict[str, str], cwd: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
            + [_python(root), "-m", "bot", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        found = (
            re.search(r"^summary: (\d+)", out.read_text(), re.MULTILINE) if out.exists() else None
        )
        if done.returncode != 0 or found is None:
            raise RuntimeError(f"callgrind: layoffbot {' '.join(args)}: {done.stderr[-500:]}")
        return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up of the everyday commands.")
    parser.add_argument("--against", type=Path, help="another checkout, e.g. main's")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--instructions", action="store_true", help="also count (valgrind)")
    parser.add_argument("--only", help="comma-separated commands, as printed (`ask latest`)")
    args = parser.parse_args(argv)
    commands = _chosen(args.only)
    roots = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    counts: dict[tuple[str, str], int] = {}
    with tempfile.TemporaryDirectory(prefix="layoffbot-startup-") as tmp:
        work = Path(tmp)
        for label, root in roots.items():
            for package in ("bot", "feeds", "adapters"):
                subprocess.run([_python(root), "-m", "compileall", "-q", package], cwd=root)
            db = work / f"{label}.db"
            _once(root, ("db", "upgrade"), _env(db, root), work)
        for i in range(args.rounds):
            order = list(roots.items()) if i % 2 == 0 else list(roots.items())[::-1]
            for command in commands:
                for label, root in order:
                    env = _env(work / f"{label}.db", root)
                    timing = _once(root, command, env, work)
                    results.setdefault((" ".join(command), label), []).append(timing)
        if args.instructions:
            for command in commands:
                for label, root in roots.items():
                    env = _env(work / f"{label}.db", root)
                    counts[(" ".join(command), label)] = _instructions(root, command, env, work)
    _report(results, counts, args.rounds)
    return 0


def _chosen(only: str | None) -> tuple[tuple[str, ...], ...]:
    if not only:
        return COMMANDS
    wanted = [w.strip() for w in only.split(",")]
    unknown = set(wanted) - {" ".join(c) for c in COMMANDS}
    if unknown:
        raise SystemExit(f"bench.startup: unknown command(s): {', '.join(sorted(unknown))}")
    return tuple(c for c in COMMANDS if " ".join(c) in wanted)


def _report(
    results: dict[tuple[str, str], list[tuple[float, float]]],
    counts: dict[tuple[str, str], int],
    rounds: int,
) -> None:
    print(f"load average {os.getloadavg()[0]:.1f}; {rounds} rounds; target <= {TARGET} s")
    for (name, label), runs in results.items():
        wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
        line = (
            f"{name:34s} {label:8s} wall {min(wall):.3f} (median {statistics.median(wall):.3f})"
            f"  CPU {min(cpu):.3f} ({statistics.median(cpu):.3f}) s"
        )
        if (name, label) in counts:
            line += f"  {counts[(name, label)] / 1e6:,.0f} M instructions"
        print(line)


if __name__ == "__main__":
    raise SystemExit(main())
