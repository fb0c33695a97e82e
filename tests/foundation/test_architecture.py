"""ARCHITECTURE.md stays true: the import rules between rooms hold, and the page names every
package (and only packages that exist)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "ARCHITECTURE.md"
OWN = ("op_platform", "mec_mocks", "perimeter")

# room -> the modules (prefixes) it may import, itself included; the rest of the project is off
ALLOWED: dict[str, tuple[str, ...]] = {
    "op_platform.services": (
        "op_platform.services",
        "op_platform.db",
        "op_platform.models",
        "op_platform.clients",
        "op_platform.outbox",
        "op_platform.security",
        "op_platform.errors",
        "op_platform.settings",
        "op_platform.roots",
        "op_platform.perimeter_settings",
        "perimeter",
    ),
    "op_platform.clients": (
        "op_platform.clients",
        "op_platform.models",
        "op_platform.errors",
        "op_platform.settings",
        "op_platform.perimeter_settings",
        "op_platform.roots",
        "perimeter",
    ),
    "op_platform.outbox": (
        "op_platform.outbox",
        "op_platform.db",
        "op_platform.clients",
        "op_platform.metrics",
        "op_platform.errors",
        "op_platform.settings",
        "perimeter",
    ),
    "op_platform.workers": (
        "op_platform.workers",
        "op_platform.services",
        "op_platform.db",
        "op_platform.errors",
        "op_platform.roots",
    ),
    "op_platform.security": (
        "op_platform.security",
        "op_platform.db",
        "op_platform.errors",
        "op_platform.settings",
        "op_platform.perimeter_settings",
        "perimeter",
    ),
    "op_platform.db": ("op_platform.db", "op_platform.migrations"),
    "op_platform.models": ("op_platform.models", "op_platform.roots"),
    "op_platform.conformance": (
        "op_platform.conformance",
        "op_platform.clients",
        "op_platform.models",
        "op_platform.errors",
        "op_platform.spec_files",
    ),
    "mec_mocks": ("mec_mocks", "perimeter"),
    "perimeter": ("perimeter",),
}
NO_AIOHTTP = (
    "op_platform.services",
    "op_platform.outbox",
    "op_platform.workers",
    "op_platform.db",
    "op_platform.models",
    "op_platform.security",
    "op_platform.clients",
)
AIOHTTP_CLIENTS = ("op_platform.clients.redfish",)  # DMTF's library runs on aiohttp


def modules() -> dict[str, Path]:
    found = {}
    for top in OWN:
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The modules a file imports (``from a import b`` is ``a.b`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
    return found


def room_of(module: str) -> str | None:
    rooms = [room for room in ALLOWED if module == room or module.startswith(room + ".")]
    return max(rooms, key=len) if rooms else None


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_rooms_import_only_what_the_page_allows() -> None:
    known = modules()
    broken = []
    for module, path in sorted(known.items()):
        room = room_of(module)
        if room is None:
            continue
        for name in imports(path, known):
            if name.split(".")[0] in OWN and not within(name, ALLOWED[room]):
                broken.append(f"{module} imports {name}")
            framework = name.split(".")[0] == "aiohttp"
            if framework and within(module, NO_AIOHTTP) and not within(module, AIOHTTP_CLIENTS):
                broken.append(f"{module} imports aiohttp")
    assert not broken, "\n".join(broken)


def packages() -> set[str]:
    """Every package as the page writes it: ``op_platform/api/``, ``services/federation/``..."""
    found = set()
    for top in OWN:
        for init in (ROOT / top).rglob("__init__.py"):
            found.add(init.parent.relative_to(ROOT).as_posix() + "/")
    return found


def test_the_page_names_every_package_and_no_other() -> None:
    """Each package is named by its path, from the repository (``op_platform/api/``) or from
    its top package (``api/admin/``, ``services/federation/``, ``nef/wire/``)."""
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+(?:/[a-z_]+)*/)`", text))
    every = packages()
    short = {package: package.split("/", 1)[1] for package in every if package.count("/") > 1}
    missing = sorted(p for p in every if p not in named and short.get(p) not in named)
    assert not missing, f"ARCHITECTURE.md does not name: {missing}"
    unknown = sorted(
        name
        for name in named
        if name not in every
        and name not in short.values()
        and not any((base / name).is_dir() for base in (ROOT, ROOT / "op_platform"))
    )
    assert not unknown, f"ARCHITECTURE.md names packages that do not exist: {unknown}"
