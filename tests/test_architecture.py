"""The rules of docs/architecture.md, checked on the source (each rule there names its test)."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPOSITION_ROOT = {"bot/__main__.py"}
COMPOSITION_PACKAGE = "bot/cli/"  # the composition root: it alone wires feeds/ and adapters/


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_core_never_imports_platforms_feeds_or_their_libraries() -> None:
    forbidden = {
        "adapters",
        "feeds",
        "slack_bolt",
        "slack_sdk",
        "discord",
        "feedparser",
        "apscheduler",
        "httpx",
    }
    offenders = {
        rel(p): sorted(imports_of(p) & forbidden)
        for p in sources("bot")
        if rel(p) not in COMPOSITION_ROOT
        and not rel(p).startswith(COMPOSITION_PACKAGE)
        and imports_of(p) & forbidden
    }
    assert offenders == {}


def test_feeds_never_import_adapters() -> None:
    offenders = [rel(p) for p in sources("feeds") if "adapters" in imports_of(p)]
    assert offenders == []


def test_each_third_party_library_is_imported_in_one_place() -> None:
    homes = {
        "feedparser": ("feeds/document.py",),
        "httpx": ("feeds/fetch.py", "feeds/llm_http.py"),
        "apscheduler": ("feeds/scheduler.py",),
        "slack_bolt": ("adapters/slack/",),
        "slack_sdk": ("adapters/slack/",),
        "discord": ("adapters/discord/",),
    }
    offenders = []
    for package in ("bot", "feeds", "adapters"):
        for path in sources(package):
            for lib in imports_of(path) & homes.keys():
                if not rel(path).startswith(homes[lib]):
                    offenders.append(f"{rel(path)} imports {lib}")
    assert offenders == []


MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60


def _function_lengths(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_source_file_over_600_lines_and_no_function_over_60() -> None:
    """Issue 15's size rule, over every module outside tests/ (bot/, feeds/, adapters/ with
    the migrations, bench/, scripts/): a file a reader can hold, a function that fits on a
    screen."""
    packages = ("bot", "feeds", "adapters", "bench", "scripts")
    paths = [p for package in packages for p in sources(package)]
    long_files = [
        f"{rel(p)} ({n} lines)"
        for p in paths
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    long_functions = [
        f"{rel(p)}:{name} ({n} lines)"
        for p in paths
        for name, n in _function_lengths(p)
        if n > MAX_FUNCTION_LINES
    ]
    assert long_files == [] and long_functions == []


def test_command_handlers_never_import_the_router_or_the_parser() -> None:
    """Handlers are leaves: spec <- handlers <- table <- parse <- router (no cycles)."""
    leaves = ("lookup", "trends", "subscriptions", "digests", "feeds", "why", "help")
    offenders = []
    for name in leaves:
        tree = ast.parse((ROOT / "bot/commands" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "bot.commands.table",
                "bot.commands.parse",
                "bot.commands.router",
                "bot.commands",
            ):
                offenders.append(f"{name}.py imports {node.module}")
    assert offenders == []


def test_only_the_store_touches_the_database() -> None:
    """Outside bot/store/ the database is reached through the storage Protocols of
    bot/ports.py: no SQLAlchemy, no `store.tx()` Connection, no `store.engine`."""
    offenders = []
    for package in ("bot", "feeds", "adapters"):
        for path in sources(package):
            if rel(path).startswith("bot/store/"):
                continue
            if "sqlalchemy" in imports_of(path):
                offenders.append(f"{rel(path)} imports sqlalchemy")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("tx", "engine"):
                    offenders.append(f"{rel(path)}:{node.lineno} uses .{node.attr}")
    assert offenders == []


# Modules that take the storage ports of bot/ports.py; the rest of the core still takes
# the concrete Store (docs/architecture.md, Storage), and joins this list when moved.
PORT_USERS = ("bot/digests.py", "feeds/scheduler.py", "bot/outbox.py")


def test_planning_scheduling_and_delivery_see_storage_through_the_ports() -> None:
    """These modules name no concrete `Store` (type-checking imports included), so they
    can be read, and faked, against the contracts alone."""
    offenders = []
    for name in PORT_USERS:
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "bot.store":
                offenders += [f"{name} imports bot.store.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{name} imports {a.name}" for a in node.names if a.name == "bot.store"
                ]
    assert offenders == []


# A repository path as docs/architecture.md writes it: folders ending in "/", or a file
# with its extension; `{a,b}` stands for each of a and b.
_DOC_PATH = re.compile(
    r"(?<![\w/.{-])((?:[\w.-]+/)+(?:[\w{},.-]+\.(?:py|md|toml|yml|opml|mako)\b|(?![\w{])))"
)


def _expand(path: str) -> list[str]:
    parts = re.split(r"\{([^}]*)\}", path)
    choices = [p.split(",") if i % 2 else [p] for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*choices)]


def doc_paths(text: str) -> list[str]:
    return sorted({p for found in _DOC_PATH.findall(text) for p in _expand(found)})


def test_the_doc_path_pattern_finds_files_folders_and_alternatives() -> None:
    text = "`bot/ports.py`, bot/store/ and `bot/commands/{lookup,help}.py`; not Slack/Discord."
    assert doc_paths(text) == [
        "bot/commands/help.py",
        "bot/commands/lookup.py",
        "bot/ports.py",
        "bot/store/",
    ]


def test_every_path_in_the_architecture_doc_exists() -> None:
    """The map stays true: a moved or deleted module fails here until the doc follows."""
    paths = doc_paths((ROOT / "docs/architecture.md").read_text(encoding="utf-8"))
    assert len(paths) > 40  # the pattern still finds the doc's paths
    assert [p for p in paths if not (ROOT / p).exists()] == []


def test_every_test_the_architecture_doc_names_exists() -> None:
    """Each rule names the test that keeps it true; a renamed test must rename it there."""
    text = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", text))
    defined = {
        node.name
        for path in (ROOT / "tests").rglob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert len(named) >= 10 and sorted(named - defined) == []
