"""The dependency rule of shared/design/architecture.md, checked on the source."""

from __future__ import annotations

import ast
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


def _function_lengths(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_command_modules_stay_small() -> None:
    """bot/commands/ (docs/architecture.md): no file over 600 lines, no function over 60."""
    long_files = [rel(p) for p in sources("bot/commands") if len(p.read_text().splitlines()) > 600]
    long_functions = [
        f"{rel(p)}:{name} ({n} lines)"
        for p in sources("bot/commands")
        for name, n in _function_lengths(p)
        if n > 60
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


def test_store_modules_stay_small() -> None:
    """The modules of the storage contract (docs/architecture.md): no file over 600
    lines, no function over 60."""
    contract = [ROOT / "bot/ports.py", ROOT / "bot/digests.py", ROOT / "bot/outbox.py"] + [
        p
        for p in sources("bot/store")
        if "migrations" not in p.parts and p.name not in ("ingest.py", "news.py")
    ]
    long_files = [rel(p) for p in contract if len(p.read_text().splitlines()) > 600]
    long_functions = [
        f"{rel(p)}:{name} ({n} lines)"
        for p in contract
        for name, n in _function_lengths(p)
        if n > 60
    ]
    assert long_files == [] and long_functions == []
